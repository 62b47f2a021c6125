"""The store: migrations, WAL, full-text search, export against the schema, PostgreSQL round trip."""
from __future__ import annotations

import json
import sqlite3

import jsonschema
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import claimgraph
from claimgraph.store import db as store_db
from claimgraph.store.tables import metadata


def ingest_fixtures(cg, fixtures):
    return cg.ingest([fixtures / "port_strike.txt", fixtures / "port_strike_syndicated.txt",
                      fixtures / "regional_news.rss", fixtures / "science_desk.atom", fixtures / "mixed.jsonl",
                      fixtures / "ministry_page.html", fixtures / "articles"])


def test_sqlite_store_uses_wal_and_is_migrated(cg, db_path):
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == store_db.head_revision()
    assert con.execute("SELECT name FROM sqlite_master WHERE name='documents_fts'").fetchone()


def test_tables_module_matches_migrations(cg):
    with cg.store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": store_db.include_name})
        diffs = compare_metadata(context, metadata)
    assert diffs == [], "claimgraph/store/tables.py and the migrations disagree; add a migration"


def test_reopening_keeps_data(db_path, fixtures):
    with claimgraph.open(db_path) as cg:
        cg.ingest([fixtures / "port_strike.txt"])
    with claimgraph.open(db_path) as cg:
        assert [d["id"] for d in cg.documents()] == ["port_strike"]


def test_db_from_environment(monkeypatch, tmp_path, fixtures):
    monkeypatch.setenv("CLAIMGRAPH_DB", str(tmp_path / "env.db"))
    with claimgraph.open() as cg:
        cg.ingest([fixtures / "port_strike.txt"])
    assert (tmp_path / "env.db").exists()


def test_bad_store_location_is_a_clear_error(tmp_path):
    with pytest.raises(store_db.StoreError, match="does not exist"):
        claimgraph.open(str(tmp_path / "missing" / "x.db"))
    with pytest.raises(store_db.StoreError, match="cannot open the store"):
        claimgraph.open("postgresql://nobody@127.0.0.1:1/none")


def test_search_ranks_and_snippets(cg, fixtures):
    ingest_fixtures(cg, fixtures)
    hits = cg.search("ferry ramp")
    assert hits[0]["title"] == "Ferry service suspended after storm damage"
    assert "«ramp»" in hits[0]["snippet"] or "«ferry»" in hits[0]["snippet"].lower()
    assert cg.search("strike union")[0]["id"] in ("port_strike", "port_strike_syndicated")
    assert cg.search("xylophone") == []
    assert cg.search('"; DROP TABLE documents; --') == []
    assert len(cg.documents()) > 0


def test_export_validates_against_schema(cg, fixtures, shared, tmp_path):
    ingest_fixtures(cg, fixtures)
    out = tmp_path / "export.json"
    data = cg.export(out)
    schema = json.loads((shared / "schema" / "export.schema.json").read_text())
    jsonschema.validate(json.loads(out.read_text()), schema)
    assert data["schema"] == "claimgraph-export/1"
    assert len(data["documents"]) == len(cg.documents())
    in_claims = sorted(sid for c in data["claims"] for sid in c["statement_ids"])
    assert in_claims == sorted(st["id"] for st in data["statements"]), "every statement is in one claim"
    assert all(st["claim_id"] for st in data["statements"])
    syndicated = next(d for d in data["documents"] if d["id"] == "port_strike_syndicated")
    assert syndicated["duplicate_of"] == "port_strike"


def test_postgresql_round_trip(pg_url, fixtures, db_path):
    with claimgraph.open(pg_url) as pg:
        assert pg.store.dialect == "postgresql"
        report = ingest_fixtures(pg, fixtures)
        again = ingest_fixtures(pg, fixtures)
        pg_export = pg.export()
        pg_hits = pg.search("ferry ramp")
    with claimgraph.open(db_path) as lite:
        ingest_fixtures(lite, fixtures)
        lite_export = lite.export()
    assert again.accepted == 0 and again.duplicates == report.accepted
    assert pg_export == lite_export
    assert pg_hits[0]["title"] == "Ferry service suspended after storm damage"
    assert "«ramp»" in pg_hits[0]["snippet"]


def test_shared_seed_and_polnear_dev(tmp_path, shared):
    """The issue's acceptance run: 85 documents with their given ids; a second run adds nothing."""
    inputs = [shared / "seed" / "seed.jsonl", shared / "data" / "polnear" / "dev.jsonl"]
    given = [json.loads(line)["id"] for p in inputs for line in p.read_text().splitlines() if line.strip()]
    with claimgraph.open(str(tmp_path / "s.db")) as cg:
        first = cg.ingest(inputs, extract=False)  # extraction is measured by eval/, not here
        export = cg.export()
        second = cg.ingest(inputs, extract=False)
        assert cg.export() == export
    assert first.accepted == 85 and [d["id"] for d in export["documents"]] == given
    assert second.duplicates == 85 and second.accepted == 0
    jsonschema.validate(export, json.loads((shared / "schema" / "export.schema.json").read_text()))
