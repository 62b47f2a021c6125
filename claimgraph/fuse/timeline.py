"""Timeline and spread of a claim: when each origin first said it, when each outlet repeated it, and
the series of its numbers by date and source."""
from __future__ import annotations

from claimgraph.fuse.facts import StatementFacts


def first_reported(members: list[StatementFacts]) -> str | None:
    dates = [s.date for s in members if s.date]
    return min(dates) if dates else None


def timeline(members: list[StatementFacts], names: dict[str, str]) -> dict:
    members = sorted(members, key=lambda s: (s.date or "9999", s.id))
    origins: dict[str, dict] = {}
    outlets: dict[str, dict] = {}
    series = []
    for s in members:
        for origin in sorted(s.origins):
            entry = origins.setdefault(origin, {"origin": origin, "name": names.get(origin, origin),
                                                "first_said": s.date, "statement_id": s.id, "statements": 0})
            entry["statements"] += 1
        outlet = s.publisher or s.root_document_id
        rep = outlets.setdefault(outlet, {"outlet": outlet, "first": (s.published or "")[:10] or None,
                                          "documents": set(), "statements": 0})
        rep["documents"].add(s.document_id)
        rep["statements"] += 1
        for q in s.quantities:
            series.append({"date": s.date, "value": q.get("value"), "low": q.get("low"), "high": q.get("high"),
                           "qualifier": q.get("qualifier"), "unit": q.get("unit"), "text": q.get("text"),
                           "source_id": s.source_id, "source": names.get(s.source_id or "", s.publisher),
                           "origins": sorted(s.origins), "statement_id": s.id})
    for rep in outlets.values():
        rep["documents"] = sorted(rep["documents"])
    return {"origins": list(origins.values()),
            "outlets": sorted(outlets.values(), key=lambda r: (r["first"] or "9999", r["outlet"])),
            "quantities": series}
