"""The command line: every command's --help, exit codes, JSON output, clear errors without tracebacks."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from claimgraph.present.cli import app

runner = CliRunner()
COMMANDS = ["ingest", "documents", "show", "search", "journal", "export"]


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_db_option(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "--db" in result.output


def test_console_script_runs():
    out = subprocess.run([sys.executable, "-m", "claimgraph", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("claimgraph ")


def test_ingest_summary_json_and_exit_codes(db_path, fixtures, tmp_path):
    result = run("ingest", "--db", db_path, "--json", fixtures / "mixed.jsonl", fixtures / "port_strike.txt")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["accepted"], report["duplicates"], report["rejected"]) == (4, 0, 4)
    assert {i["status"] for i in report["items"]} == {"accepted", "rejected"}

    again = run("ingest", "--db", db_path, fixtures / "port_strike.txt")
    assert again.exit_code == 0 and "1 duplicates" in again.stderr

    empty = tmp_path / "empty.txt"
    empty.write_text("")
    nothing = run("ingest", "--db", db_path, empty, "/no/such/path")
    assert nothing.exit_code == 1
    assert "empty text" in nothing.stderr and "no such file" in nothing.stderr
    assert "Traceback" not in nothing.output


def test_usage_errors_exit_2(db_path, fixtures):
    both = run("ingest", "--db", db_path, "--id", "x", fixtures / "port_strike.txt", fixtures / "mixed.jsonl")
    assert both.exit_code == 2 and "--id" in both.stderr
    bad_date = run("ingest", "--db", db_path, "--published", "not a date at all", fixtures / "port_strike.txt")
    assert bad_date.exit_code == 2 and "--published" in bad_date.stderr
    assert run("ingest", "--db", db_path).exit_code == 2
    assert run("journal", "--db", db_path, "--status", "maybe").exit_code == 2


def test_stdin_dash(db_path, fixtures):
    text = (fixtures / "port_strike.txt").read_text()
    result = run("ingest", "--db", db_path, "--id", "piped", "--publisher", "Harbour Times", "-", input=text)
    assert result.exit_code == 0, result.output
    shown = json.loads(run("show", "--db", db_path, "piped", "--json").stdout)
    assert shown["text"] == text and shown["publisher"] == "Harbour Times"


def test_documents_show_search_journal_export(db_path, fixtures, tmp_path):
    run("ingest", "--db", db_path, fixtures / "regional_news.rss", fixtures / "port_strike.txt")
    docs = json.loads(run("documents", "--db", db_path, "--json").stdout)
    assert len(docs) == 4 and docs[-1]["id"] == "port_strike"
    assert "port_strike" in run("documents", "--db", db_path).stdout

    shown = run("show", "--db", db_path, "port_strike")
    assert shown.exit_code == 0 and "Maria Lind" in shown.stdout
    missing = run("show", "--db", db_path, "nope")
    assert missing.exit_code == 3 and "no document" in missing.stderr

    hits = json.loads(run("search", "--db", db_path, "hospital beds", "--json").stdout)
    assert hits[0]["title"] == "Hospital opens new emergency wing"

    journal = json.loads(run("journal", "--db", db_path, "--json").stdout)
    assert [r["status"] for r in journal] == ["accepted"] * 4

    out = tmp_path / "export.json"
    exported = run("export", "--db", db_path, "--format", "json", "--output", out)
    assert exported.exit_code == 0
    assert len(json.loads(out.read_text())["documents"]) == 4
    assert json.loads(run("export", "--db", db_path).stdout)["schema"] == "claimgraph-export/1"


def test_unopenable_store_is_a_clear_error(tmp_path):
    result = run("documents", "--db", tmp_path / "no" / "such" / "dir.db")
    assert result.exit_code == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.output
