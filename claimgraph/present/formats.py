"""Exports in other tools' formats, all made from the claimgraph-export/1 data (present/export.py), so
every format says the same thing:

- ``jsonl``: the export's records one per line. To a file: every line is ``{"table": ..., "record": ...}``
  (tables: documents, sources, statements, claims, conflicts); to a directory: one ``<table>.jsonl`` per
  table holding the bare records.
- ``csv`` / ``parquet``: flat tables in a directory, one file per table: documents, sources, statements,
  claims, conflicts, and one row per item for the statements' lists of quantities, places and event
  times (so numbers over time are one table). Lists of ids are JSON arrays in CSV and lists in Parquet.
- ``prov-json`` / ``prov-ttl``: the provenance graph in W3C PROV (the ``prov`` package), see
  ``prov_document``.
- ``graphml`` / ``gexf``: the source/claim graph for Gephi and other graph tools (networkx), see
  ``source_claim_graph``.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable

TABLES = ("documents", "sources", "statements", "claims", "conflicts")

# column name -> type: str, int, float, bool or list (of strings)
DOCUMENT_COLUMNS = {"id": str, "url": str, "title": str, "publisher": str, "published": str, "language": str,
                    "text_sha256": str, "duplicate_of": str, "text": str}
SOURCE_COLUMNS = {"id": str, "name": str, "kind": str, "role": str, "affiliation": str, "country": str,
                  "aliases": list}
STATEMENT_COLUMNS = {
    "id": str, "document_id": str, "source_id": str, "source_text": str, "source_start": int, "source_end": int,
    "cue": str, "cue_start": int, "cue_end": int, "content": str, "content_start": int, "content_end": int,
    "direct_quote": bool, "stance": str, "negated": bool, "framing": str, "said_on": str,
    "said_on_granularity": str, "said_on_text": str, "based_on": list, "claim_id": str, "extractor": str}
CLAIM_COLUMNS = {"id": str, "summary": str, "status": str, "independent_origins": int, "origin_source_ids": list,
                 "first_reported": str, "statement_count": int}
CONFLICT_COLUMNS = {"id": str, "kind": str, "claim_id": str, "earlier_statement_id": str,
                    "later_statement_id": str, "statement_ids": list, "explanation": str}
QUANTITY_COLUMNS = {"statement_id": str, "n": int, "claim_id": str, "source_id": str, "said_on": str,
                    "text": str, "value": float, "low": float, "high": float, "qualifier": str, "unit": str,
                    "start": int, "end": int}
PLACE_COLUMNS = {"statement_id": str, "n": int, "text": str, "name": str, "code": str, "country": str,
                 "lat": float, "lon": float}
TIME_COLUMNS = {"statement_id": str, "n": int, "text": str, "value": str, "granularity": str}


class ExportError(Exception):
    """An export cannot be written where asked; the message names the path and the reason."""


def _span(span, i):
    return span[i] if span else None


def flat_tables(data: dict) -> dict[str, tuple[dict, list[dict]]]:
    """The export as flat tables: name -> (columns, rows)."""
    statements = data["statements"]
    st_rows, q_rows, p_rows, t_rows = [], [], [], []
    for s in statements:
        said = s.get("said_on") or {}
        st_rows.append({
            **{k: s.get(k) for k in ("id", "document_id", "source_id", "source_text", "cue", "content", "direct_quote",
                                     "stance", "negated", "framing", "based_on", "claim_id", "extractor")},
            "source_start": _span(s.get("source_span"), 0), "source_end": _span(s.get("source_span"), 1),
            "cue_start": _span(s.get("cue_span"), 0), "cue_end": _span(s.get("cue_span"), 1),
            "content_start": _span(s.get("content_span"), 0), "content_end": _span(s.get("content_span"), 1),
            "said_on": said.get("value"), "said_on_granularity": said.get("granularity"),
            "said_on_text": said.get("text")})
        for n, q in enumerate(s.get("quantities") or []):
            q_rows.append({"statement_id": s["id"], "n": n, "claim_id": s.get("claim_id"),
                           "source_id": s.get("source_id"), "said_on": said.get("value"),
                           **{k: q.get(k) for k in ("text", "value", "low", "high", "qualifier", "unit")},
                           "start": _span(q.get("span"), 0), "end": _span(q.get("span"), 1)})
        for n, p in enumerate(s.get("places") or []):
            p_rows.append({"statement_id": s["id"], "n": n,
                           **{k: p.get(k) for k in ("text", "name", "code", "country", "lat", "lon")}})
        for n, t in enumerate(s.get("event_times") or []):
            t_rows.append({"statement_id": s["id"], "n": n,
                           **{k: t.get(k) for k in ("text", "value", "granularity")}})
    conflicts = []
    for c in data["conflicts"]:
        ids = c.get("statement_ids") or []
        conflicts.append({"id": c["id"], "kind": c["kind"], "claim_id": (c.get("claim_ids") or [None])[0],
                          "earlier_statement_id": ids[0] if ids else None,
                          "later_statement_id": ids[-1] if len(ids) > 1 else None,
                          "statement_ids": ids, "explanation": c.get("explanation")})
    claims = [{**{k: c.get(k) for k in CLAIM_COLUMNS if k != "statement_count"},
               "statement_count": len(c.get("statement_ids") or [])} for c in data["claims"]]
    return {
        "documents": (DOCUMENT_COLUMNS, [{k: d.get(k) for k in DOCUMENT_COLUMNS} for d in data["documents"]]),
        "sources": (SOURCE_COLUMNS, [{k: s.get(k) for k in SOURCE_COLUMNS} for s in data["sources"]]),
        "statements": (STATEMENT_COLUMNS, st_rows),
        "claims": (CLAIM_COLUMNS, claims),
        "conflicts": (CONFLICT_COLUMNS, conflicts),
        "quantities": (QUANTITY_COLUMNS, q_rows),
        "places": (PLACE_COLUMNS, p_rows),
        "event_times": (TIME_COLUMNS, t_rows),
    }


# -- writing files ---------------------------------------------------------------------------------------
def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, so a failure never leaves half a file."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str) -> None:
    path = Path(path)
    _atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def output_directory(path: str | Path) -> Path:
    """A directory to write tables into: created when missing; an existing file is refused."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ExportError(f"{path} is a file: this format writes one file per table into a directory")
    if not path.parent.is_dir():
        raise ExportError(f"cannot create {path}: folder {path.parent} does not exist")
    path.mkdir(exist_ok=True)
    return path


def _csv_cell(value, kind):
    if value is None:
        return ""
    if kind is list:
        return json.dumps(value, ensure_ascii=False)
    if kind is bool:
        return "true" if value else "false"
    if kind is float and float(value).is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(float(value))
    return str(value)


def write_csv_tables(data: dict, directory: str | Path) -> list[Path]:
    directory = output_directory(directory)
    written = []
    for name, (columns, rows) in flat_tables(data).items():
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for row in rows:
            w.writerow([_csv_cell(row.get(c), t) for c, t in columns.items()])
        path = directory / f"{name}.csv"
        write_text(path, buf.getvalue())
        written.append(path)
    return written


def _arrow_type(kind):
    import pyarrow as pa

    return {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(),
            list: pa.list_(pa.string())}[kind]


def write_parquet_tables(data: dict, directory: str | Path) -> list[Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    directory = output_directory(directory)
    written = []
    for name, (columns, rows) in flat_tables(data).items():
        schema = pa.schema([(c, _arrow_type(t)) for c, t in columns.items()])
        table = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows], schema=schema)
        path = directory / f"{name}.parquet"
        _atomic_write(path, lambda tmp: pq.write_table(table, tmp))
        written.append(path)
    return written


def write_jsonl(data: dict, path: str | Path) -> list[Path]:
    """One file with a ``table`` field per line, or (``path`` an existing directory, or ending in a
    separator) one file per table with the bare records."""
    p = Path(path)
    as_directory = p.is_dir() or str(path).endswith(("/", os.sep))
    if as_directory:
        directory = output_directory(p)
        written = []
        for name in TABLES:
            lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data[name])
            write_text(directory / f"{name}.jsonl", lines)
            written.append(directory / f"{name}.jsonl")
        return written
    if not p.parent.is_dir():
        raise ExportError(f"cannot write {p}: folder {p.parent} does not exist")
    write_text(p, jsonl_text(data))
    return [p]


def jsonl_text(data: dict) -> str:
    return "".join(json.dumps({"table": name, "record": r}, ensure_ascii=False) + "\n"
                   for name in TABLES for r in data[name])


# -- W3C PROV ----------------------------------------------------------------------------------------------
NS = "urn:claimgraph:"


def _local(value: str) -> str:
    """An id as the local part of a qualified name, valid in PROV-N, PROV-JSON and Turtle and one-to-one:
    letters, digits, '-' and '.' stay, every other character becomes _XX (its UTF-8 bytes in hex)."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-.") else
                   "".join(f"_{b:02X}" for b in c.encode("utf-8")) for c in value)


def prov_document(data: dict):
    """The provenance graph of an export as a ``prov.model.ProvDocument``:

    - every document is an entity (``cg:Document``, also a ``prov:Collection``), attributed to its publisher
      (an agent, ``cg:Publisher``); a copy (``duplicate_of``) ``wasDerivedFrom`` the first copy
      (``prov:type cg:Copy``);
    - every statement is an entity (``cg:Statement``), member of its document (``hadMember``) and
      ``wasAttributedTo`` its source; where the document quotes the source word for word, the document
      ``wasQuotedFrom`` the statement;
    - every source is an agent (``prov:Person`` or ``prov:Organization`` and ``cg:<kind>``), which
      ``actedOnBehalfOf`` the body it speaks for;
    - a statement based on another source (``based_on``: citing, 'according to reports from') ``wasDerivedFrom``
      an entity ``cg:CitedReport`` that ``wasAttributedTo`` that source: what was cited, as far as the text tells.
    """
    from prov.constants import PROV
    from prov.model import ProvDocument

    doc = ProvDocument()
    cg = doc.add_namespace("cg", NS + "ns#")
    dns = doc.add_namespace("doc", NS + "document:")
    sns = doc.add_namespace("st", NS + "statement:")
    ans = doc.add_namespace("src", NS + "source:")
    pns = doc.add_namespace("pub", NS + "publisher:")
    cns = doc.add_namespace("cited", NS + "cited:")

    def attrs(pairs: Iterable[tuple]) -> list:
        return [(k, v) for k, v in pairs if v is not None and v != ""]

    publishers = {}
    for d in data["documents"]:
        e = doc.entity(dns[_local(d["id"])], attrs([
            ("prov:type", cg["Document"]), ("prov:type", PROV["Collection"]), ("prov:label", d.get("title")),
            ("cg:id", d["id"]), ("cg:url", d.get("url")), ("cg:published", d.get("published")),
            ("cg:publisher", d.get("publisher")), ("cg:language", d.get("language")),
            ("cg:text_sha256", d.get("text_sha256"))]))
        if d.get("publisher"):
            name = d["publisher"]
            if name not in publishers:
                publishers[name] = doc.agent(pns[_local(name)], attrs([
                    ("prov:type", PROV["Organization"]), ("prov:type", cg["Publisher"]), ("prov:label", name)]))
            doc.wasAttributedTo(e, publishers[name])
    for d in data["documents"]:
        if d.get("duplicate_of"):
            doc.wasDerivedFrom(dns[_local(d["id"])], dns[_local(d["duplicate_of"])],
                               other_attributes={"prov:type": cg["Copy"]})
    for s in data["sources"]:
        kind = s.get("kind") or "unknown"
        doc.agent(ans[_local(s["id"])], attrs([
            ("prov:type", PROV["Person"] if kind == "person" else PROV["Organization"]), ("prov:type", cg[kind]),
            ("prov:label", s["name"]), ("cg:id", s["id"]), ("cg:role", s.get("role")),
            ("cg:country", s.get("country"))]))
    for s in data["sources"]:
        if s.get("affiliation"):
            doc.actedOnBehalfOf(ans[_local(s["id"])], ans[_local(s["affiliation"])])
    for st in data["statements"]:
        said = st.get("said_on") or {}
        e = doc.entity(sns[_local(st["id"])], attrs([
            ("prov:type", cg["Statement"]), ("prov:value", st["content"]), ("cg:id", st["id"]),
            ("cg:cue", st.get("cue")), ("cg:stance", st.get("stance")),
            ("cg:negated", bool(st.get("negated"))), ("cg:source_text", st.get("source_text")),
            ("cg:said_on", said.get("value")), ("cg:claim", st.get("claim_id"))]))
        parent = dns[_local(st["document_id"])]
        doc.hadMember(parent, e)
        if st.get("source_id"):
            doc.wasAttributedTo(e, ans[_local(st["source_id"])])
        if st.get("direct_quote"):
            doc.wasQuotedFrom(parent, e)
        for n, b in enumerate(st.get("based_on") or []):
            cited = doc.entity(cns[_local(st["id"]) + f"_{n}"], attrs([
                ("prov:type", cg["CitedReport"]), ("cg:statement", st["id"])]))
            doc.wasAttributedTo(cited, ans[_local(b)])
            doc.wasDerivedFrom(e, cited)
    return doc


def prov_text(data: dict, fmt: str) -> str:
    """PROV-JSON (``fmt='json'``) or Turtle (``fmt='ttl'``)."""
    import warnings

    document = prov_document(data)
    if fmt == "json":
        return document.serialize(format="json", indent=1) + "\n"
    with warnings.catch_warnings():  # prov calls an rdflib method rdflib has deprecated; nothing to act on
        warnings.simplefilter("ignore", DeprecationWarning)
        return document.serialize(format="rdf", rdf_format="turtle")


# -- the source/claim graph ---------------------------------------------------------------------------------
def source_claim_graph(data: dict):
    """A directed multigraph for Gephi: nodes are sources (``type=source``), claims (``type=claim``) and,
    for statements that name no source, their publishers (``type=publisher``); edges are
    ``asserts``/``denies`` (source -> claim, weight = statements), ``speaks_for`` (source -> the body it
    speaks for), ``based_on`` (source -> source it relies on, weight = statements) and ``conflicts_with``
    (the later statement's source -> the earlier one's, with the kind of conflict and the claim)."""
    import networkx as nx

    g = nx.MultiDiGraph(name="claimgraph sources and claims")

    def node(nid: str, **attrs) -> None:
        g.add_node(nid, **{k: v for k, v in attrs.items() if v is not None})

    for s in data["sources"]:
        node(s["id"], type="source", label=s["name"], kind=s.get("kind"), role=s.get("role"),
             country=s.get("country"))
    for c in data["claims"]:
        node(c["id"], type="claim", label=c["summary"], status=c["status"],
             independent_origins=int(c["independent_origins"]), first_reported=c.get("first_reported"),
             statements=len(c.get("statement_ids") or []))
    docs = {d["id"]: d for d in data["documents"]}
    by_id = {s["id"]: s for s in data["statements"]}

    def speaker(st: dict) -> str:
        if st.get("source_id"):
            return st["source_id"]
        pub = docs.get(st["document_id"], {}).get("publisher") or st["document_id"]
        nid = "publisher:" + pub
        if nid not in g:
            node(nid, type="publisher", label=pub)
        return nid

    edges: dict[tuple, dict] = {}

    def edge(u: str, v: str, relation: str, statement_id: str | None = None, **attrs) -> None:
        e = edges.setdefault((u, v, relation, tuple(sorted(attrs.items()))),
                             {"relation": relation, "weight": 0, "statements": [], **attrs})
        e["weight"] += 1
        if statement_id:
            e["statements"].append(statement_id)

    for st in data["statements"]:
        who = speaker(st)
        if st.get("claim_id") and st["claim_id"] in g:
            against = st.get("stance") == "denies" or st.get("negated")
            edge(who, st["claim_id"], "denies" if against else "asserts", st["id"])
        for b in st.get("based_on") or []:
            edge(who, b, "based_on", st["id"])
    for s in data["sources"]:
        if s.get("affiliation"):
            edge(s["id"], s["affiliation"], "speaks_for")
    for c in data["conflicts"]:
        ids = c.get("statement_ids") or []
        if len(ids) >= 2 and ids[0] in by_id and ids[-1] in by_id:
            a, b = speaker(by_id[ids[0]]), speaker(by_id[ids[-1]])
            edge(b, a, "conflicts_with", None, kind=c["kind"], claim=(c.get("claim_ids") or [""])[0] or "")
    for (u, v, relation, _), attrs in edges.items():
        attrs["statements"] = " ".join(attrs["statements"])
        g.add_edge(u, v, key=f"{relation}:{len(g.edges)}", **attrs)
    return g


def write_graph(data: dict, path: str | Path, fmt: str) -> None:
    import networkx as nx

    graph = source_claim_graph(data)
    p = Path(path)
    if not p.parent.is_dir():
        raise ExportError(f"cannot write {p}: folder {p.parent} does not exist")
    if fmt == "graphml":
        _atomic_write(p, lambda tmp: nx.write_graphml(graph, tmp))
    else:
        _atomic_write(p, lambda tmp: nx.write_gexf(graph, tmp))


# -- one entry point for the command line and the Python API ---------------------------------------------
FORMATS = ("json", "jsonl", "csv", "parquet", "prov-json", "prov-ttl", "graphml", "gexf")
STREAMABLE = ("json", "jsonl", "prov-json", "prov-ttl")  # formats that can go to standard output
DIRECTORY_FORMATS = ("csv", "parquet")


def export_text(data: dict, fmt: str) -> str:
    """A streamable format as text."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return jsonl_text(data)
    if fmt in ("prov-json", "prov-ttl"):
        return prov_text(data, fmt[5:])
    raise ExportError(f"--format {fmt} writes files: give --output PATH")


def write_export(data: dict, fmt: str, output: str | Path) -> list[Path]:
    """Write ``data`` (claimgraph-export/1) as ``fmt`` to ``output``; returns the files written."""
    from claimgraph.present.export import write_json

    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    p = Path(output)
    if fmt not in DIRECTORY_FORMATS and fmt != "jsonl":
        if p.is_dir():
            raise ExportError(f"{p} is a directory: --format {fmt} writes one file")
        if not p.parent.is_dir():
            raise ExportError(f"cannot write {p}: folder {p.parent} does not exist")
    if fmt == "json":
        write_json(data, p)
        return [p]
    if fmt == "jsonl":
        return write_jsonl(data, output)
    if fmt == "csv":
        return write_csv_tables(data, p)
    if fmt == "parquet":
        return write_parquet_tables(data, p)
    if fmt in ("prov-json", "prov-ttl"):
        write_text(p, prov_text(data, fmt[5:]))
        return [p]
    write_graph(data, p, fmt)
    return [p]
