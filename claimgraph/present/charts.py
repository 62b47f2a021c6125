"""Charts drawn on the server as SVG: no JavaScript, nothing fetched, every mark a link to its evidence.

Every piece of text that goes into the SVG passes through ``markupsafe.escape``.
"""
from __future__ import annotations

import math
from datetime import date
from typing import Optional
from urllib.parse import quote

from markupsafe import Markup, escape

N_COLOURS = 8  # CSS classes o0..o7 (static/style.css)
UP = ("over", "at least")
DOWN = ("under", "at most", "up to")


def evidence_url(document_id: str, statement_id: str) -> str:
    """The document page at a statement, with the statement highlighted."""
    return f"/documents/{quote(document_id, safe='')}?st={quote(statement_id, safe='')}#st-{quote(statement_id, safe='')}"


def parse_date(value: Optional[str]) -> Optional[date]:
    """2024-03-07, 2024-03 or 2024 (the first day of the period); None for anything else."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        if len(parts) >= 3 and len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
        if len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        if len(parts) == 1 and len(parts[0]) == 4 and parts[0].isdigit():
            return date(int(parts[0]), 1, 1)
    except ValueError:
        return None
    return None


def _nice_ticks(top: float, n: int = 5) -> list[float]:
    if top <= 0:
        return [0.0, 1.0]
    raw = top / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [i * step for i in range(int(math.ceil(top / step)) + 1)]


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 or v == int(v) else f"{v:,.2g}"


def quantity_series(claim: dict) -> list[dict]:
    """One point per statement that states a number: its first quantity with a value, the statement's date,
    its source, first origin (for the colour) and the link to its sentence."""
    origin_index = {o: i % N_COLOURS for i, o in enumerate(claim.get("origin_source_ids") or [])}
    names = {o["id"]: o["name"] for o in claim.get("origins") or []}
    out = []
    for st in claim["statements"]:
        q = next((q for q in st.get("quantities") or [] if q.get("value") is not None
                  or q.get("low") is not None or q.get("high") is not None), None)
        if q is None:
            continue
        origin = (st.get("origins") or [None])[0]
        value = q.get("value")
        if value is None:
            value = q.get("low") if q.get("low") is not None else q.get("high")
        out.append({"statement_id": st["id"], "document_id": st["document_id"], "date": st.get("date"),
                    "day": parse_date(st.get("date")), "value": float(value), "low": q.get("low"),
                    "high": q.get("high"), "qualifier": q.get("qualifier") or "exact", "text": q.get("text") or "",
                    "unit": q.get("unit"), "source": st.get("source") or st.get("source_text") or st.get("publisher"),
                    "origin": origin, "origin_name": names.get(origin, origin),
                    "colour": origin_index.get(origin, N_COLOURS - 1),
                    "href": evidence_url(st["document_id"], st["id"])})
    return out


def quantity_chart(series: list[dict], width: int = 720, height: int = 300) -> Markup:
    """Value by date, one mark per dated point, coloured by origin; the qualifier as an arrow (over, under),
    a range bar (between) or a tilde (approximately) and in the label."""
    points = [p for p in series if p["day"] is not None]
    if not points:
        return Markup("")
    left, right, top, bottom = 70, 24, 20, 44
    days = [p["day"].toordinal() for p in points]
    d0, d1 = min(days), max(days)
    if d0 == d1:
        d0, d1 = d0 - 1, d1 + 1
    ymax = max(max(p["value"], p["high"] or 0) for p in points) * 1.15 or 1.0
    ticks = _nice_ticks(ymax)
    ymax = ticks[-1]
    pw, ph = width - left - right, height - top - bottom

    def x(day: int) -> float:
        return left + (day - d0) / (d1 - d0) * pw

    def y(v: float) -> float:
        return top + ph - (v / ymax) * ph

    e = escape
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{e("Numbers stated over time, one mark per statement")}" xmlns="http://www.w3.org/2000/svg">']
    for t in ticks:
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}"/>'
                     f'<text class="tick" x="{left - 8}" y="{y(t) + 4:.1f}" text-anchor="end">{e(_fmt(t))}</text>')
    dticks = sorted({d0, d1, (d0 + d1) // 2}) if d1 - d0 > 2 else sorted(set(days))
    for d in dticks:
        anchor = "start" if d == d0 and len(dticks) > 1 else "end" if d == d1 and len(dticks) > 1 else "middle"
        parts.append(f'<text class="tick" x="{x(d):.1f}" y="{height - bottom + 18}" text-anchor="{anchor}">'
                     f'{e(date.fromordinal(d).isoformat())}</text>')
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + ph}" y2="{top + ph}"/>')
    for p in sorted(points, key=lambda p: (p["day"], p["statement_id"])):
        cx, cy = x(p["day"].toordinal()), y(p["value"])
        q = p["qualifier"]
        label = f'{p["text"]}' + (f" ({q})" if q not in ("exact",) else "")
        title = f'{p["text"]} {p["unit"] or ""} ({q}) — {p["source"] or "unknown source"}, {p["date"]}; origin: {p["origin_name"]}'
        parts.append(f'<a class="mark-link" href="{e(p["href"])}">')
        parts.append(f'<title>{e(title)}</title>')
        if q == "between" and p["low"] is not None and p["high"] is not None:
            parts.append(f'<line class="range o{p["colour"]}" x1="{cx:.1f}" x2="{cx:.1f}" '
                         f'y1="{y(p["low"]):.1f}" y2="{y(p["high"]):.1f}"/>')
        elif q in UP:
            parts.append(f'<path class="qual o{p["colour"]}" d="M{cx:.1f},{cy - 8:.1f} l0,-12 m-5,5 l5,-5 l5,5"/>')
        elif q in DOWN:
            parts.append(f'<path class="qual o{p["colour"]}" d="M{cx:.1f},{cy + 8:.1f} l0,12 m-5,-5 l5,5 l5,-5"/>')
        parts.append(f'<circle class="mark o{p["colour"]}" data-statement="{e(p["statement_id"])}" '
                     f'data-qualifier="{e(q)}" cx="{cx:.1f}" cy="{cy:.1f}" r="6"/>')
        anchor = "end" if cx > left + pw * 0.75 else "start"
        dx = -10 if anchor == "end" else 10
        parts.append(f'<text class="mark-label" x="{cx + dx:.1f}" y="{cy - 8:.1f}" text-anchor="{anchor}">'
                     f'{e(("~" if q == "approximately" else "") + label)}</text>')
        parts.append("</a>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _node(x: float, y: float, label: str, href: Optional[str], cls: str) -> str:
    e = escape
    text = label if len(label) <= 30 else label[:29] + "…"
    w = max(70, 7.2 * len(text) + 18)
    body = (f'<rect class="node {cls}" x="{x - w / 2:.1f}" y="{y - 15:.1f}" width="{w:.1f}" height="30" rx="6"/>'
            f'<text class="node-label" x="{x:.1f}" y="{y + 4.5:.1f}" text-anchor="middle">{e(text)}</text>'
            f'<title>{e(label)}</title>')
    return f'<a href="{e(href)}">{body}</a>' if href else f"<g>{body}</g>"


def source_graph(src: dict, width: int = 760) -> Markup:
    """The source in the middle; whom it speaks for above, who speaks for it below, who cites it on the left,
    whom it cites on the right. Every node links to its source page. As tall as its contents need."""
    side = max(len(src["cites"][:6]), len(src["cited_by"][:6]), 1)
    above, below_h = (112 if src["speaks_for"] else 0), (112 if src["spoken_for_by"] else 0)
    middle = side * 44 + 36
    height = int(above + middle + below_h)
    cx, cy = width / 2, above + middle / 2
    e = escape
    parts = [f'<svg class="graph" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{e("Who this source speaks for, who speaks for it, whom it cites and who cites it")}" '
             f'xmlns="http://www.w3.org/2000/svg">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path class="arrow" d="M0,0 L10,5 L0,10 z"/></marker></defs>']
    nodes = []

    def href(i: str) -> str:
        return "/sources/" + quote(i, safe="")

    def edge(x1, y1, x2, y2, label, cls):
        parts.append(f'<line class="edge {cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'marker-end="url(#arrow)"/>')
        parts.append(f'<text class="edge-label" x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 4:.1f}" '
                     f'text-anchor="middle">{e(label)}</text>')

    def column(items, x, kind):
        items = items[:6]
        for k, it in enumerate(items):
            yy = cy + (k - (len(items) - 1) / 2) * 44
            nodes.append(_node(x, yy, it["name"], href(it["id"]), kind))
            yield yy

    up = src["speaks_for"][:1]
    for it in up:
        edge(cx, cy - 16, cx, 56 + 16, "speaks for", "speaks")
        more = f" (→ {len(src['speaks_for']) - 1} more)" if len(src["speaks_for"]) > 1 else ""
        nodes.append(_node(cx, 56, it["name"] + more, href(it["id"]), "up"))
    below = src["spoken_for_by"][:5]
    for k, it in enumerate(below):
        xx = cx + (k - (len(below) - 1) / 2) * (width / 5.5)
        edge(xx, height - 56 - 16, cx, cy + 16, "speaks for" if k == 0 else "", "speaks")
        nodes.append(_node(xx, height - 56, it["name"], href(it["id"]), "down"))
    for yy in column(src["cited_by"], 110, "citer"):
        edge(110 + 60, yy, cx - 70, cy, "cites", "cites")
    for yy in column(src["cites"], width - 110, "cited"):
        edge(cx + 70, cy, width - 110 - 60, yy, "cites", "cites")
    nodes.append(_node(cx, cy, src["name"], None, "self"))
    parts.extend(nodes)
    parts.append("</svg>")
    return Markup("".join(parts))
