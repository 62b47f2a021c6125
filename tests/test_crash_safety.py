"""Crash safety: `claimgraph ingest` (read -> store -> extract -> fuse), `fuse --rebuild` and `extract --all` are
killed with SIGKILL at moments spread over their run; every time the store must open, pass SQLite's
integrity check, hold no half-stored document or claim, and the same command run again must end in an
export identical to a clean run's.

What the code guarantees, checked after every kill (each a single transaction in store/repository.py):
  - a document is stored with its MinHash, its LSH bands and its `accepted` journal row, or not at all;
  - a document's statements are all there with its extraction record (whose count matches), or none are;
  - a claim is written with its conflicts and its statements' claim ids: every claim id a statement
    carries names a claim, and every claim's statement count is the number of statements carrying its id
    (except while `extract` re-extracts documents that had statements: their new statements replace the
    old at once and their claims are regrouped at the end, so a claim may count statements no longer
    there until then; a run stopped in between is repaired by the next extraction, which rebuilds fusion);
and once a command has exited 0: every document it read is extracted and every statement is fused (has
a claim and resolved sources). Fusion runs in several transactions, so a kill between them can leave
statements not yet fused; the next ingest of the same inputs finds them and rebuilds fusion.

The export (claimgraph-export/1) has no volatile fields (no timestamps, run ids or row numbers), so it is
compared whole; the journal, which keeps the killed run's rows with their times and run ids, is not part
of it. Trials run the CLI in children forked from one process that has loaded the model
(tests/crash_zygote.py), so that a trial costs the command's own work, not the model load; two trials kill
a freshly started `claimgraph` executable as well. A tenth of the ingest kills fall before the run's first
write (store opening, migrations, reading), the rest spread evenly from its first write to its end (both
measured on probe runs). Fusion is short, so two more tests stop a run exactly before fusion and between
its source and claim steps. $CLAIMGRAPH_CRASH_TRIALS sets the number of ingest trials (default 30).
Figures are written to out/test-output/crash_trials.json.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import claimgraph

HERE = Path(__file__).parent
CLAIMGRAPH = str(Path(sys.executable).with_name("claimgraph"))
OUTPUT = Path(os.environ.get("CLAIMGRAPH_TEST_OUTPUT", HERE.parent / "out" / "test-output"))

ARTICLES = {
    "a01_ministry.txt": "The defence ministry said on Monday that 3,000 troops had arrived in the border region.\n"
                        "Officials said the deployment would last until the end of March.\n",
    "a02_agency.txt": "The state news agency reported on Tuesday that about 3,000 soldiers were now near the border.\n"
                      "A government spokesman denied that the troops were preparing an offensive.\n",
    "a03_think_tank.txt": "Analysts at the Institute for Regional Studies said the force was closer to 5,000 troops.\n"
                          "The institute said its estimate was based on satellite images taken on Sunday.\n",
    "a04_mayor.txt": "The mayor of Lindenfeld said the town's water supply was safe to drink again.\n"
                     "She said engineers had repaired the main pipe on Friday night.\n",
    "a05_health.txt": "The health ministry said 120 people had been treated for smoke inhalation after the fire.\n"
                      "Doctors said most of them would be released within two days.\n",
    "a06_copy.txt": "The defence ministry said on Monday that 3,000 troops had arrived in the border region.\n"
                    "Officials said the deployment would last until the end of March, according to a statement.\n",
    "a07_same.txt": "The mayor of Lindenfeld said the town's water supply was safe to drink again.\n"
                    "She said engineers had repaired the main pipe on Friday night.\n",
}
JSONL = [
    {"id": "wire-1", "text": "Police said on Wednesday that 14 people had been arrested after the protest in the capital.",
     "publisher": "Wire One", "published": "2025-03-05"},
    {"id": "wire-2", "text": "The opposition said that more than 40 protesters had been detained, not 14 as police claimed.",
     "publisher": "Wire Two", "published": "2025-03-06"},
    {"id": "wire-3", "text": "The central bank said inflation had fallen to 4 percent in February.",
     "publisher": "Wire One", "published": "2025-03-07"},
]


def write_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "z_wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in JSONL), encoding="utf-8")
    return corpus


class Zygote:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, str(HERE / "crash_zygote.py")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)
        assert json.loads(self.proc.stdout.readline()) == {"ready": True}

    def start(self, args: list[str]) -> int:
        self.proc.stdin.write(json.dumps(args) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())["pid"]

    def wait(self) -> dict:
        return json.loads(self.proc.stdout.readline())

    def run(self, args: list[str]) -> dict:
        self.start(args)
        return self.wait()

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def check_store(db: str, *, complete: bool = False, reextracting: bool = False) -> dict:
    """Open the store, check SQLite's integrity and the invariants above; returns what it holds."""
    with claimgraph.open(db, max_seconds=0):
        pass  # opens (and migrates) without error
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []

        def count(sql: str) -> int:
            return con.execute(sql).fetchone()[0]

        assert count("SELECT count(*) FROM documents d WHERE NOT EXISTS "
                     "(SELECT 1 FROM document_minhash m WHERE m.document_id = d.id)") == 0
        assert count("SELECT count(*) FROM documents d WHERE NOT EXISTS "
                     "(SELECT 1 FROM document_lsh_bands b WHERE b.document_id = d.id)") == 0
        assert count("SELECT count(*) FROM documents d WHERE NOT EXISTS "
                     "(SELECT 1 FROM journal j WHERE j.document_id = d.id AND j.status = 'accepted')") == 0
        assert count("SELECT count(*) FROM statements s WHERE NOT EXISTS "
                     "(SELECT 1 FROM extractions e WHERE e.document_id = s.document_id)") == 0
        assert count("SELECT count(*) FROM extractions e WHERE e.statements != "
                     "(SELECT count(*) FROM statements s WHERE s.document_id = e.document_id)") == 0
        assert count("SELECT count(*) FROM statements s WHERE s.claim_id IS NOT NULL AND NOT EXISTS "
                     "(SELECT 1 FROM claims c WHERE c.id = s.claim_id)") == 0
        if not reextracting:  # re-extraction replaces statements first and regroups their claims at its end
            assert count("SELECT count(*) FROM claims c WHERE c.statement_count != "
                         "(SELECT count(*) FROM statements s WHERE s.claim_id = c.id)") == 0
        held = {
            "documents": count("SELECT count(*) FROM documents"),
            "extracted": count("SELECT count(*) FROM extractions"),
            "statements": count("SELECT count(*) FROM statements"),
            "unfused": count("SELECT count(*) FROM statements WHERE claim_id IS NULL OR source_records IS NULL"),
            "claims": count("SELECT count(*) FROM claims"),
        }
        if complete:
            assert held["extracted"] == held["documents"], held
            assert held["unfused"] == 0, held
        return held
    finally:
        con.close()


def phase(held: dict) -> str:
    if held["documents"] == 0:
        return "nothing stored"
    if held["extracted"] < held["documents"]:
        return "documents stored, extraction unfinished"
    if held["unfused"]:
        return "extracted, fusion unfinished"
    return "fused (or fusion being rewritten)"


def export_of(db: str) -> dict:
    with claimgraph.open(db, max_seconds=0) as cg:
        return cg.export()


def copy_store(src: str, dst: str) -> None:
    """A consistent copy of a SQLite store, WAL included (copying the main file alone can miss commits)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()


def kill_at(pid: int, seconds: float) -> None:
    time.sleep(seconds)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    corpus = write_corpus(root)
    zygote = Zygote()
    clean_db = str(root / "clean.db")
    timings = []
    for probe in ("probe-1.db", "probe-2.db", "clean.db"):  # the run's length and when it starts writing
        db = str(root / probe)
        started = time.monotonic()
        zygote.start(["ingest", str(corpus), "--db", db])
        first_write = watch_first_write(db, started)
        clean = zygote.wait()
        assert clean["status"] == 0
        timings.append((clean["seconds"], first_write))
    clean["seconds"], first_write = sorted(timings)[1]  # the median run
    check_store(clean_db, complete=True)
    expected = export_of(clean_db)
    assert len(expected["documents"]) == 9 and expected["statements"] and expected["claims"]
    figures = {"corpus_documents": len(expected["documents"]), "statements": len(expected["statements"]),
               "claims": len(expected["claims"]), "clean_ingest_seconds": round(clean["seconds"], 2),
               "clean_first_document_stored_at": round(first_write, 2)}
    yield {"root": root, "corpus": corpus, "zygote": zygote, "clean_db": clean_db, "expected": expected,
           "seconds": clean["seconds"], "first_write": min(first_write, clean["seconds"]), "figures": figures}
    zygote.close()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "crash_trials.json").write_text(json.dumps(figures, indent=1) + "\n")


def watch_first_write(db: str, started: float) -> float:
    """Seconds from the start of a run until its first document is committed (polling the store as a
    reader would), so that most kill times fall where the run writes rather than while it opens the store."""
    while time.monotonic() - started < 300:
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
            try:
                if con.execute("SELECT count(*) FROM documents").fetchone()[0]:
                    return time.monotonic() - started
            finally:
                con.close()
        except sqlite3.Error:
            pass  # not created or not migrated yet
        time.sleep(0.01)
    return 0.0


def trial_times(n: int, span: float, seed: int, start: float = 0.0) -> list[float]:
    """n kill times spread evenly over [0, span): one at a random point of each of n equal slices."""
    rng = random.Random(seed)
    times = [start + (span - start) * (i + rng.random()) / n for i in range(n)]
    rng.shuffle(times)
    return times


def test_sigkill_during_ingest_then_rerun(setup):
    zygote, corpus, root = setup["zygote"], str(setup["corpus"]), setup["root"]
    n = int(os.environ.get("CLAIMGRAPH_CRASH_TRIALS", "30"))
    phases, killed = Counter(), 0
    started = time.monotonic()
    # a tenth of the kills while the store is opened and the inputs read, the rest spread over the writing
    early = max(1, n // 10)
    times = trial_times(early, setup["first_write"], seed=1) + trial_times(
        n - early, setup["seconds"] * 0.95, seed=20261208, start=setup["first_write"] * 0.95)
    scale = 1.0  # the machine may be faster now than when the run was timed: kill times follow it
    for i, at in enumerate(times):
        db = str(root / f"ingest-{i}.db")
        args = ["ingest", corpus, "--db", db]
        pid = zygote.start(args)
        kill_at(pid, at * scale)
        ended = zygote.wait()
        killed += ended["status"] == -signal.SIGKILL
        if ended["status"] == 0 and ended.get("seconds"):
            scale = min(scale, ended["seconds"] / setup["seconds"])
        held = check_store(db)
        phases[phase(held) if ended["status"] == -signal.SIGKILL else "finished before the kill"] += 1
        again = zygote.run(args)
        assert again["status"] == 0, f"trial {i}: the rerun exited {again['status']}"
        check_store(db, complete=True)
        assert export_of(db) == setup["expected"], f"trial {i} (killed at {at:.2f} s) differs from the clean run"
    assert killed >= n * 0.5, f"only {killed} of {n} trials were killed before the command ended"
    assert len([p for p in phases if p != "finished before the kill"]) >= 2, phases
    setup["figures"]["ingest_trials"] = {"trials": n, "killed": killed, "phases_at_kill": dict(phases),
                                         "seconds": round(time.monotonic() - started, 1)}


@pytest.mark.parametrize("command", [["fuse", "--rebuild"], ["extract", "--all"]])
def test_sigkill_during_fuse_and_extract_then_rerun(setup, command):
    zygote, root = setup["zygote"], setup["root"]
    # how long the command takes on a complete store
    probe = str(root / f"probe-{command[0]}.db")
    copy_store(setup["clean_db"], probe)
    took = zygote.run([*command, "--db", probe])
    assert took["status"] == 0
    assert export_of(probe) == setup["expected"]
    n, killed = 5, 0
    for i, at in enumerate(trial_times(n, took["seconds"] * 1.05, seed=len(command[0]))):
        db = str(root / f"{command[0]}-{i}.db")
        copy_store(setup["clean_db"], db)
        pid = zygote.start([*command, "--db", db])
        kill_at(pid, at)
        killed += zygote.wait()["status"] == -signal.SIGKILL
        check_store(db, reextracting=command[0] == "extract")
        assert zygote.run([*command, "--db", db])["status"] == 0
        check_store(db, complete=True)
        assert export_of(db) == setup["expected"], f"{command} trial {i} (killed at {at:.2f} s) differs"
    setup["figures"][f"{command[0]}_trials"] = {"trials": n, "killed": killed,
                                                "command_seconds": round(took["seconds"], 2)}


def test_sigkill_of_the_claimgraph_executable(setup):
    """The real CLI, model load included: killed once early in its run and once late."""
    if not Path(CLAIMGRAPH).exists():
        pytest.skip(f"no claimgraph executable beside {sys.executable}")
    root, corpus = setup["root"], str(setup["corpus"])
    env = {**os.environ, "CLAIMGRAPH_MAX_SECONDS": "0"}
    timing_db = str(root / "exe-timing.db")
    started = time.monotonic()
    subprocess.run([CLAIMGRAPH, "ingest", corpus, "--db", timing_db], check=True, env=env, capture_output=True)
    full = time.monotonic() - started
    results = []
    for i, fraction in enumerate((0.6, 0.9)):
        db = str(root / f"exe-{i}.db")
        proc = subprocess.Popen([CLAIMGRAPH, "ingest", corpus, "--db", db], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kill_at(proc.pid, full * fraction)
        proc.wait()
        held = check_store(db) if Path(db).exists() else {"documents": 0}
        results.append({"killed_at": round(full * fraction, 2), "status": proc.returncode,
                        "documents_held": held["documents"]})
        subprocess.run([CLAIMGRAPH, "ingest", corpus, "--db", db], check=True, env=env, capture_output=True)
        check_store(db, complete=True)
        assert export_of(db) == setup["expected"]
    setup["figures"]["executable_trials"] = {"full_run_seconds": round(full, 2), "trials": results}


class Stop(BaseException):
    """Stands for the process dying at a chosen point (what was committed before it stays)."""


@pytest.mark.parametrize("where", ["before fusion", "between source fusion and claims"])
def test_stopped_at_a_chosen_point_of_fusion_then_rerun(setup, tmp_path, monkeypatch, where):
    """The random kills rarely land in fusion, which is short: stop a run exactly there, every time."""
    from claimgraph.fuse import engine
    from claimgraph.store.repository import Store

    def stop(*args, **kwargs):
        raise Stop()

    if where == "before fusion":
        monkeypatch.setattr(engine, "update_after_extraction", stop)
    else:
        monkeypatch.setattr(Store, "replace_claims", stop)
    db = str(tmp_path / "stopped.db")
    with claimgraph.open(db) as cg, pytest.raises(Stop):
        cg.ingest([setup["corpus"]])
    monkeypatch.undo()
    held = check_store(db)
    assert held["extracted"] == held["documents"] == 9 and held["unfused"] > 0, held
    with claimgraph.open(db) as cg:
        report = cg.ingest([setup["corpus"]])
        assert report.accepted == 0 and report.extraction.fusion["rebuilt"]
    check_store(db, complete=True)
    assert export_of(db) == setup["expected"]
