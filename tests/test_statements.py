"""Extraction inside the pipeline: statements stored with spans into the stored text, re-extraction,
listing, export. (What the extractor finds is tested in test_attribution.py.)"""
from __future__ import annotations

import json

import jsonschema
from typer.testing import CliRunner

import claimgraph
from claimgraph.extract import EXTRACTOR_VERSION
from claimgraph.present.cli import app

runner = CliRunner()


def test_ingest_extracts_statements_with_exact_spans(cg, fixtures):
    report = cg.ingest([fixtures / "port_strike.txt"])
    assert report.extraction.documents == 1 and report.extraction.statements >= 3
    text = cg.document("port_strike").text
    found = cg.statements("port_strike")
    assert len(found) == report.extraction.statements
    for st in found:
        assert text[slice(*st["content_span"])] == st["content"]
        if st["source_span"]:
            assert text[slice(*st["source_span"])] == st["source_text"]
        if st["cue_span"]:
            assert text[slice(*st["cue_span"])] == st["cue"]
        assert st["extractor"] == EXTRACTOR_VERSION
    lind = [s for s in found if s["source_text"] and "Maria Lind" in s["source_text"]]
    assert lind and lind[0]["cue"] == "told" and lind[0]["direct_quote"]
    assert "rota is fixed" in lind[0]["content"]


def test_no_extract_then_extract_command(db_path, fixtures):
    with claimgraph.open(db_path) as cg:
        report = cg.ingest([fixtures / "port_strike.txt", fixtures / "articles"], extract=False)
        assert report.extraction is None and cg.statements() == []
        assert len(cg.store.document_ids_to_extract(EXTRACTOR_VERSION)) == 3
    result = runner.invoke(app, ["extract", "--db", db_path, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"] == 3
    with claimgraph.open(db_path) as cg:
        first = cg.statements()
        assert first and cg.store.document_ids_to_extract(EXTRACTOR_VERSION) == []
    again = runner.invoke(app, ["extract", "--db", db_path, "--all", "--json"])
    assert json.loads(again.stdout)["documents"] == 3
    with claimgraph.open(db_path) as cg:
        assert cg.statements() == first, "re-extraction replaces statements with the same ones"
    missing = runner.invoke(app, ["extract", "--db", db_path, "nope"])
    assert missing.exit_code == 3


def test_non_english_documents_are_not_extracted(cg, tmp_path):
    de = tmp_path / "de.txt"
    de.write_text("Das Ministerium teilte am Dienstag mit, dass die Brücke bis Ende Mai gesperrt bleibt.")
    report = cg.ingest([de])
    assert report.extraction.skipped == {"de": "language 'de': the extractor reads English"}
    assert cg.statements() == []


def test_statements_command_and_source_filter(db_path, fixtures):
    runner.invoke(app, ["ingest", "--db", db_path, str(fixtures / "articles"), str(fixtures / "port_strike.txt")])
    all_rows = json.loads(runner.invoke(app, ["statements", "--db", db_path, "--json"]).stdout)
    karim = json.loads(runner.invoke(app, ["statements", "--db", db_path, "--source", "Aisha Karim", "--json"]).stdout)
    assert karim and len(karim) < len(all_rows)
    assert all(s["document_id"] == "council_budget" for s in karim)
    assert any("painful but unavoidable" in s["content"] for s in karim)
    listing = runner.invoke(app, ["statements", "--db", db_path, "council_budget"])
    assert listing.exit_code == 0 and "Aisha Karim" in listing.stdout
    shown = runner.invoke(app, ["show", "--db", db_path, "council_budget", "--json"])
    assert len(json.loads(shown.stdout)["statements"]) == len([s for s in all_rows if s["document_id"] == "council_budget"])


def test_export_with_statements_validates(cg, fixtures, shared):
    cg.ingest([fixtures / "port_strike.txt", fixtures / "articles", fixtures / "ministry_page.html"])
    data = cg.export()
    jsonschema.validate(data, json.loads((shared / "schema" / "export.schema.json").read_text()))
    source_ids = {s["id"] for s in data["sources"]}
    assert data["statements"]
    for st in data["statements"]:
        assert st["source_id"] is None or st["source_id"] in source_ids
        assert all(b in source_ids for b in st["based_on"])
    for src in data["sources"]:
        assert src["affiliation"] is None or src["affiliation"] in source_ids
