"""Incremental source fusion (fuse.source_fusion) gives the registry a rebuild gives, whatever the order
documents arrive in: a bare surname before and after the full name, a second person of that surname,
an acronym used before it is defined and then defined a second, different way, and a re-extraction."""
from __future__ import annotations

import random

import claimgraph

DOCS = "tests/fixtures/registry/docs.jsonl"


def _registry(export: dict):
    sources = sorted((s["id"], s["name"], s["kind"], s["role"], s["affiliation"], s["country"], tuple(s["aliases"]))
                     for s in export["sources"])
    assigned = sorted((s["id"], s["source_id"], tuple(s["based_on"])) for s in export["statements"])
    return sources, assigned


def _one_at_a_time(tmp_path, name: str, lines: list[str]) -> tuple[dict, dict, dict]:
    with claimgraph.open(str(tmp_path / f"{name}.db")) as cg:
        for n, line in enumerate(lines):
            path = tmp_path / f"{name}-{n}.jsonl"
            path.write_text(line + "\n")
            cg.ingest([path])
        incremental = cg.export(include_text=False)
        cg.extract(everything=True)  # re-extraction replaces every statement: the removal path
        re_extracted = cg.export(include_text=False)
        cg.fuse(rebuild=True)
        return incremental, re_extracted, cg.export(include_text=False)


def test_incremental_registry_equals_rebuild_in_any_order(tmp_path, request):
    lines = (request.config.rootpath / DOCS).read_text().splitlines()
    results = []
    for trial in range(3):
        order = lines[:]
        random.Random(trial).shuffle(order)
        incremental, re_extracted, rebuilt = _one_at_a_time(tmp_path, f"order{trial}", order)
        assert _registry(incremental) == _registry(rebuilt), f"order {trial}: incremental differs from rebuild"
        assert _registry(re_extracted) == _registry(rebuilt), f"order {trial}: re-extraction differs from rebuild"
        results.append(_registry(rebuilt))
    assert results[0] == results[1] == results[2]
    sources, assigned = results[0]
    by_statement = {sid: src for sid, src, _ in assigned}
    # the bare surname joins the one Patel named in full
    assert by_statement["r1.s0"] == by_statement["r2.s0"] == "src:vedant-patel"
    # two people named Berg: the bare surname is left alone
    assert by_statement["r7.s0"] not in (by_statement["r6.s0"], by_statement["r8.s0"])
    # CMSA is defined two ways, so the bare acronym joins neither body
    assert by_statement["r4.s0"] not in (by_statement["r3.s0"], by_statement["r5.s0"])


def test_a_later_definition_moves_earlier_mentions(tmp_path, request):
    lines = (request.config.rootpath / DOCS).read_text().splitlines()
    by_id = {line.split('"id": "')[1].split('"')[0]: line for line in lines}
    incremental, _, _ = _one_at_a_time(tmp_path, "acronym", [by_id["r4"], by_id["r3"]])
    assigned = {s["id"]: s["source_id"] for s in incremental["statements"]}
    # 'CMSA' alone came first; once the full name is defined it joins that body
    assert assigned["r4.s0"] == assigned["r3.s0"]
    assert not any(s["id"] == "src:cmsa" for s in incremental["sources"]), "the old record must be gone"


ARTICLES = [
    "Rep. Anna Whitfield (R-Ohio) said the port deal was rushed. Lena Ortiz\u2019s campaign said the deal "
    "would create jobs. A spokesman for the Ortiz campaign, Ed Pruitt, said the mayor had read every page.",
    "Lena Ortiz said on Monday that the harbour would be dredged. Ortiz\u2019s chief of staff Ida Holm said "
    "the work would start in May, according to Estonian intelligence sources.",
    "Estonia\u2019s Foreign Intelligence Service (EFIS) said the ships were Russian. EFIS later said two of "
    "them had left. Whitfield said she would ask for a hearing.",
]


def test_every_affiliation_names_a_stored_source_whatever_the_order(tmp_path):
    for trial, order in enumerate(([0, 1, 2], [2, 1, 0], [1, 2, 0])):
        with claimgraph.open(str(tmp_path / f"t{trial}.db")) as cg:
            for n in order:
                path = tmp_path / f"a{trial}-{n}.txt"
                path.write_text(ARTICLES[n])
                cg.ingest([path])
            export = cg.export(include_text=False)
        ids = {s["id"] for s in export["sources"]}
        dangling = {s["id"]: s["affiliation"] for s in export["sources"] if s["affiliation"] and s["affiliation"] not in ids}
        assert not dangling, f"order {order}: {dangling}"
        by_name = {s["name"]: s for s in export["sources"]}
        assert by_name["Anna Whitfield"]["affiliation"] == "src:us-congress-republicans"
        assert by_name["Ed Pruitt"]["affiliation"] == "src:ortiz-campaign"
        assert by_name["Ortiz campaign"]["affiliation"] == "src:lena-ortiz"
