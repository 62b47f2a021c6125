"""Exports in other tools' formats (JSONL, CSV, Parquet, W3C PROV, GraphML/GEXF) and the import of a
claimgraph-export/1 file, on the hand-written corpus of tests/fixtures/briefing."""
from __future__ import annotations

import csv
import json
from collections import Counter

import pytest
from typer.testing import CliRunner

from briefing_store import briefing_db
from claimgraph.present.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def db() -> str:
    return briefing_db()


@pytest.fixture(scope="module")
def data(db, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("export") / "export.json"
    result = run("export", "--db", db, "--format", "json", "--output", out)
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_corpus_has_what_the_exports_must_show(data):
    docs = {d["id"]: d for d in data["documents"]}
    assert len(docs) == 8
    assert docs["regional-7"]["duplicate_of"] == "vilnius-2", "the syndicated copy is marked"
    assert any(s["based_on"] for s in data["statements"]), "the think tank cites intelligence"
    assert any(s["direct_quote"] for s in data["statements"])
    assert any(s["stance"] == "denies" for s in data["statements"])
    assert data["conflicts"]


# -- import ------------------------------------------------------------------------------------------------
def test_export_import_export_is_byte_identical(db, tmp_path, shared):
    import jsonschema

    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run("export", "--db", db, "-f", "json", "-o", first).exit_code == 0
    jsonschema.validate(json.loads(first.read_text()), json.loads((shared / "schema" / "export.schema.json").read_text()))
    result = run("import", first, "--db", tmp_path / "copy.db")
    assert result.exit_code == 0, result.output
    assert "8 documents" in result.output
    assert run("export", "--db", tmp_path / "copy.db", "-f", "json", "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    # the imported store answers like the original: claims with statements, sentences and timeline
    import claimgraph

    with claimgraph.open(str(tmp_path / "copy.db")) as cg:
        claim = cg.claim(cg.claims()[0]["id"])
        assert claim["statements"] and all(s["sentence"] for s in claim["statements"])
        journal = cg.journal()
        assert len(journal) == 8 and {r["kind"] for r in journal} == {"import"}


def test_round_trip_through_postgresql(db, tmp_path, pg_url):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run("export", "--db", db, "-o", first).exit_code == 0
    result = run("import", first, "--db", pg_url)
    assert result.exit_code == 0, result.output
    assert run("export", "--db", pg_url, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_import_refuses_a_store_that_is_not_empty(db, data, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", path, "--db", db)
    assert result.exit_code == 4
    assert "not empty" in result.output and "Traceback" not in result.output


def test_import_names_every_problem_of_a_damaged_file(data, tmp_path):
    damaged = json.loads(json.dumps(data))
    damaged["statements"][0]["source_id"] = "src:nobody"
    damaged["documents"][1]["text"] = "edited"
    del damaged["claims"][0]["summary"]
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(damaged), encoding="utf-8")
    result = run("import", path, "--db", tmp_path / "new.db")
    assert result.exit_code == 1
    assert "src:nobody" in result.output and "text_sha256 does not match" in result.output
    assert "'summary' is missing" in result.output and "Traceback" not in result.output
    import claimgraph

    with claimgraph.open(str(tmp_path / "new.db")) as cg:
        assert cg.store.is_empty(), "nothing of a refused file is written"
    (tmp_path / "text.txt").write_text("{not json", encoding="utf-8")
    result = run("import", tmp_path / "text.txt", "--db", tmp_path / "new.db")
    assert result.exit_code == 1 and "is not JSON" in result.output
    (tmp_path / "other.json").write_text('{"schema": "something-else"}', encoding="utf-8")
    result = run("import", tmp_path / "other.json", "--db", tmp_path / "new.db")
    assert result.exit_code == 1 and "not a claimgraph-export/1 file" in result.output


# -- tables --------------------------------------------------------------------------------------------------
def test_csv_tables_have_the_expected_rows(db, data, tmp_path):
    out = tmp_path / "tables"
    result = run("export", "--db", db, "-f", "csv", "-o", out)
    assert result.exit_code == 0, result.output

    def rows(name):
        with (out / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    for name in ("documents", "sources", "statements", "claims", "conflicts"):
        assert len(rows(name)) == len(data[name]), name
    docs = {r["id"]: r for r in rows("documents")}
    assert docs["regional-7"]["duplicate_of"] == "vilnius-2"
    assert docs["border-4"]["text"].startswith("Belarusian troops near Lithuania\n"), "texts keep their lines"
    statements = {r["id"]: r for r in rows("statements")}
    assert statements.keys() == {s["id"] for s in data["statements"]}
    quote = next(s for s in data["statements"] if s["direct_quote"])
    assert statements[quote["id"]]["direct_quote"] == "true"
    cited = next(s for s in data["statements"] if s["based_on"])
    assert json.loads(statements[cited["id"]]["based_on"]) == cited["based_on"]
    quantities = rows("quantities")
    assert len(quantities) == sum(len(s["quantities"]) for s in data["statements"])
    troops = sorted((q["said_on"], q["value"], q["qualifier"]) for q in quantities if "soldiers" in q["unit"])
    assert troops[:2] == [("2025-02-10", "2000", "approximately"), ("2025-03-05", "6000", "over")]
    claims = {r["id"]: r for r in rows("claims")}
    for c in data["claims"]:
        assert int(claims[c["id"]]["statement_count"]) == len(c["statement_ids"])
        assert json.loads(claims[c["id"]]["origin_source_ids"]) == c["origin_source_ids"]
    conflict = rows("conflicts")[0]
    assert [conflict["earlier_statement_id"], conflict["later_statement_id"]] == data["conflicts"][0]["statement_ids"]


def test_parquet_tables_match_csv(db, data, tmp_path):
    import pyarrow.parquet as pq

    assert run("export", "--db", db, "-f", "parquet", "-o", tmp_path / "pq").exit_code == 0
    statements = pq.read_table(tmp_path / "pq" / "statements.parquet")
    assert statements.num_rows == len(data["statements"])
    assert str(statements.schema.field("direct_quote").type) == "bool"
    assert str(statements.schema.field("based_on").type) == "list<element: string>"
    records = {r["id"]: r for r in statements.to_pylist()}
    for s in data["statements"]:
        assert records[s["id"]]["based_on"] == s["based_on"]
        assert records[s["id"]]["content_start"] == s["content_span"][0]
    quantities = pq.read_table(tmp_path / "pq" / "quantities.parquet").to_pylist()
    assert sorted(q["value"] for q in quantities) == sorted(q["value"] for s in data["statements"] for q in s["quantities"])
    assert pq.read_table(tmp_path / "pq" / "documents.parquet").num_rows == 8


def test_jsonl_as_one_file_and_as_a_directory(db, data, tmp_path):
    assert run("export", "--db", db, "-f", "jsonl", "-o", tmp_path / "all.jsonl").exit_code == 0
    lines = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    assert Counter(line["table"] for line in lines) == {k: len(data[k]) for k in
                                                       ("documents", "sources", "statements", "claims", "conflicts")}
    assert [line["record"] for line in lines if line["table"] == "statements"] == data["statements"]
    (tmp_path / "dir").mkdir()
    assert run("export", "--db", db, "-f", "jsonl", "-o", tmp_path / "dir").exit_code == 0
    claims = [json.loads(x) for x in (tmp_path / "dir" / "claims.jsonl").read_text(encoding="utf-8").splitlines()]
    assert claims == data["claims"]


def test_export_errors_are_one_clear_line(db, tmp_path):
    result = run("export", "--db", db, "-f", "csv")
    assert result.exit_code == 2 and "give --output PATH" in result.output
    (tmp_path / "file.txt").write_text("x")
    result = run("export", "--db", db, "-f", "parquet", "-o", tmp_path / "file.txt")
    assert result.exit_code == 1 and "is a file" in result.output and "Traceback" not in result.output
    result = run("export", "--db", db, "-f", "graphml", "-o", tmp_path / "missing" / "g.graphml")
    assert result.exit_code == 1 and "does not exist" in result.output


# -- W3C PROV --------------------------------------------------------------------------------------------------
def expected_prov_counts(data: dict) -> dict:
    statements = data["statements"]
    cited = sum(len(s["based_on"]) for s in statements)
    copies = sum(1 for d in data["documents"] if d["duplicate_of"])
    quotes = sum(1 for s in statements if s["direct_quote"])
    return {
        "ProvEntity": len(data["documents"]) + len(statements) + cited,
        "ProvAgent": len(data["sources"]) + len({d["publisher"] for d in data["documents"] if d["publisher"]}),
        "ProvAttribution": sum(1 for d in data["documents"] if d["publisher"])
        + sum(1 for s in statements if s["source_id"]) + cited,
        "ProvDerivation": copies + cited + quotes,
        "ProvMembership": len(statements),
        "ProvDelegation": sum(1 for s in data["sources"] if s["affiliation"]),
    }


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # prov uses a deprecated rdflib method
@pytest.mark.parametrize("fmt", ["prov-json", "prov-ttl"])
def test_prov_parses_back_with_the_expected_counts(db, data, tmp_path, fmt):
    from prov.constants import PROV
    from prov.model import ProvDocument

    out = tmp_path / f"graph.{fmt}"
    result = run("export", "--db", db, "-f", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    doc = (ProvDocument.deserialize(content=text, format="json") if fmt == "prov-json"
           else ProvDocument.deserialize(content=text, format="rdf", rdf_format="turtle"))
    records = list(doc.get_records())
    assert Counter(type(r).__name__ for r in records) == expected_prov_counts(data)
    expected = expected_prov_counts(data)
    assert expected["ProvDerivation"] >= 3 and expected["ProvDelegation"] >= 2  # copy, citation, quote

    def ids(rel):
        return [tuple(str(v) for _, v in r.formal_attributes[:2]) for r in records if type(r).__name__ == rel]

    derivations = [r for r in records if type(r).__name__ == "ProvDerivation"]
    quoted = [r for r in derivations if PROV["Quotation"] in r.get_asserted_types()]
    assert len(quoted) == sum(1 for s in data["statements"] if s["direct_quote"])
    assert ("doc:regional-7", "doc:vilnius-2") in ids("ProvDerivation"), "the copy derives from the first copy"
    cited = next(s for s in data["statements"] if s["based_on"])
    assert any(a.startswith(f"st:{cited['id']}") and b.startswith("cited:") for a, b in ids("ProvDerivation"))
    speaker = next(s for s in data["statements"] if s["source_id"])
    assert (f"st:{speaker['id']}", f"src:{speaker['source_id'].replace(':', '_3A')}") in ids("ProvAttribution")


# -- the source/claim graph ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_source_claim_graph_for_gephi(db, data, tmp_path, fmt):
    import networkx as nx

    out = tmp_path / f"graph.{fmt}"
    assert run("export", "--db", db, "-f", fmt, "-o", out).exit_code == 0
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    kinds = Counter(a["type"] for _, a in g.nodes(data=True))
    assert kinds["source"] == len(data["sources"]) and kinds["claim"] == len(data["claims"])
    relation = Counter(a["relation"] for _, _, a in g.edges(data=True))
    assert relation["speaks_for"] == sum(1 for s in data["sources"] if s["affiliation"])
    assert relation["conflicts_with"] == len(data["conflicts"])
    assert relation["based_on"] >= 1
    weights = sum(int(a["weight"]) for _, _, a in g.edges(data=True) if a["relation"] in ("asserts", "denies"))
    assert weights == sum(1 for s in data["statements"] if s["claim_id"]), "every statement in a claim is counted once"
    denial = next(s for s in data["statements"] if s["stance"] == "denies" and s["claim_id"])
    assert any(a["relation"] == "denies" and denial["id"] in a["statements"].split()
               for _, _, a in g.edges(data=True))
