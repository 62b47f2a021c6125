"""A helper process for tests/test_crash_safety.py: loads claimgraph and the spaCy model once, then runs each
`claimgraph` command it is given in a forked child (the same CLI code, without paying for the model load
again), so that many SIGKILL trials fit in a few minutes.

Protocol, one JSON line each way: it reads ``["ingest", "DIR", "--db", "PATH"]`` (the CLI's arguments) and
answers ``{"pid": N}`` as soon as the child runs, then ``{"pid": N, "status": S, "seconds": T}`` when it has
ended (S is the exit code, or minus the signal that killed it).
"""
from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    from claimgraph import limits
    from claimgraph.present.cli import app

    limits.warm_up()
    import tempfile

    import claimgraph

    with tempfile.TemporaryDirectory() as tmp:  # load everything a run loads (language model, migrations...)
        sample = os.path.join(tmp, "warm.txt")
        with open(sample, "w") as f:
            f.write("The ministry said on Monday that the bridge in Kyiv had reopened.\n")
        with claimgraph.open(os.path.join(tmp, "warm.db")) as cg:
            cg.ingest([sample])
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        args = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: run the command as `claimgraph ARGS...` would
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            code = 0
            try:
                app(args, prog_name="claimgraph", standalone_mode=True)
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else 1
            except BaseException as e:  # noqa: BLE001 - typer.Exit and anything else become the exit code
                code = getattr(e, "exit_code", 1)
            os._exit(code or 0)
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        print(json.dumps({"pid": pid, "status": code, "seconds": time.monotonic() - started}), flush=True)


if __name__ == "__main__":
    main()
