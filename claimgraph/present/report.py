"""Briefings from the store, in the manner of ISW's daily notes: key claims ordered by independent origins
and recency, each with its status in words, its numbers over time as a chart, the conflicts with both sides
and dates, a table of sources, and numbered endnotes. Every sentence that states something about the news
cites the statements it rests on; each endnote is one statement with its document, publisher, date and URL.

One model (``build``) is rendered three ways: Markdown (charts as SVG files in ``<name>_files/`` beside it),
self-contained HTML (CSS and SVG charts inline, nothing to fetch) and PDF (that HTML through WeasyPrint,
charts as PNG). Charts are vega-lite specs made with altair and rendered offline by vl-convert.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Optional

from claimgraph import __version__

TEMPLATES = Path(__file__).parent / "report_templates"
FORMATS = ("md", "html", "pdf")
DEFAULT_LIMIT = 12
MAX_QUOTED = 6  # statements quoted per origin in a claim's section; the rest are cited


class ReportError(Exception):
    """The report cannot be made as asked (no such claim, nothing matches, a bad date); says why."""


# -- words -------------------------------------------------------------------------------------------------
ADJECTIVE_OVERRIDES = {"US": "US", "GB": "British", "KR": "South Korean", "KP": "North Korean", "CD": "Congolese",
                       "CG": "Congolese", "NL": "Dutch"}


def country_adjective(code: str) -> Optional[str]:
    from claimgraph.extract.places import DEMONYMS

    if code in ADJECTIVE_OVERRIDES:
        return ADJECTIVE_OVERRIDES[code]
    return next((d for d, cc in DEMONYMS.items() if cc == code), None)


def join_words(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def human_date(value: Optional[str]) -> str:
    """'2025-03-03' -> '3 March 2025'; '2025-03' -> 'March 2025'; other values as they are."""
    if not value:
        return "an unknown date"
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
            d = date.fromisoformat(value[:10])
            return f"{d.day} {d:%B %Y}"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return f"{date.fromisoformat(value + '-01'):%B %Y}"
    except ValueError:
        pass
    return value


def plural(n: int, word: str, words: Optional[str] = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def headline(summary: str) -> str:
    """A claim's summary as a heading: one line, no enclosing quotation marks or trailing comma, capital first."""
    text = short(summary, 300)
    return text[:1].upper() + text[1:]


def short(text: str, n: int = 220) -> str:
    """One line, at most ``n`` characters, without the quotation marks and trailing comma of a quote."""
    text = " ".join(text.split()).strip()
    if len(text) > 1 and text[0] in "\"\u201c'\u2018" and text[-1] in "\"\u201d'\u2019":
        text = text[1:-1]
    text = text.rstrip(",;: ")
    if text.count("\u201c") != text.count("\u201d") or text.count('"') % 2:  # a quote cut by the span
        text = text.replace("\u201c", "").replace("\u201d", "").replace('"', "")
    if text[:5].lower() == "that " and len(text) > 5:  # 'said that X': the words said are X
        text = text[5:]
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "\u2026"


# -- the model ----------------------------------------------------------------------------------------------
@dataclass
class Sentence:
    text: str
    notes: list[int] = field(default_factory=list)


@dataclass
class Note:
    n: int
    statement_id: str
    document_id: str
    source: str  # canonical name, or the publisher for its own voice
    source_text: Optional[str]
    cue: Optional[str]
    content: str
    direct_quote: bool
    publisher: Optional[str]
    title: Optional[str]
    published: Optional[str]
    said_on: Optional[str]
    url: Optional[str]


@dataclass
class Chart:
    name: str  # file stem in Markdown's folder
    unit: str
    spec: dict
    statement_ids: list[str]
    svg: str = ""
    png: bytes = b""

    @property
    def png_data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass
class Briefing:
    title: str
    generated: str
    scope: list[Sentence]
    key_points: list[dict]
    claims: list[dict]
    conflicts: list[dict]
    sources: list[dict]
    notes: list[Note]
    charts: list[Chart]


class Notes:
    """Endnotes numbered in order of first citation; one per statement."""

    def __init__(self, statements: dict[str, dict], sources: dict, documents: dict):
        self.statements, self.sources, self.documents = statements, sources, documents
        self.number: dict[str, int] = {}
        self.notes: list[Note] = []

    def cite(self, statement_ids: Iterable[str]) -> list[int]:
        out = []
        for sid in statement_ids:
            if sid not in self.number:
                st = self.statements[sid]
                doc = self.documents.get(st["document_id"])
                src = self.sources.get(st.get("source_id") or "")
                self.number[sid] = len(self.notes) + 1
                self.notes.append(Note(
                    n=self.number[sid], statement_id=sid, document_id=st["document_id"],
                    source=src.name if src else (st.get("publisher") or "the publisher"),
                    source_text=st.get("source_text"), cue=st.get("cue"), content=st["content"],
                    direct_quote=bool(st.get("direct_quote")), publisher=doc.publisher if doc else st.get("publisher"),
                    title=doc.title if doc else None, published=doc.published if doc else st.get("published"),
                    said_on=st.get("date") if st.get("date") != ((doc.published or "")[:10] if doc else None) else None,
                    url=doc.url if doc else st.get("url")))
            n = self.number[sid]
            if n not in out:
                out.append(n)
        return sorted(out)


def _against(statements: list[dict]) -> frozenset[str]:
    """Ids of the statements that speak against their claim, by the fuse stage's rule (a claim made only
    of negated contents is a negative proposition, asserted, not denied)."""
    from types import SimpleNamespace

    from claimgraph.fuse.origins import opposing

    return opposing([SimpleNamespace(id=st["id"], stance=st["stance"], negated=bool(st["negated"]))
                     for st in statements])


class _Words:
    """Names of origins and sources as a reader wants them."""

    def __init__(self, sources: dict, documents: dict):
        self.sources, self.documents = sources, documents

    def origin(self, oid: str) -> str:
        if oid.startswith("doc:"):
            doc = self.documents.get(oid[4:])
            return f"{(doc.publisher if doc else None) or oid[4:]} (its own reporting)"
        src = self.sources.get(oid)
        return src.name if src else oid

    def origins(self, oids: Iterable[str]) -> str:
        """'the US, South Korean and Ukrainian governments' or 'the Lithuanian government and ISW'."""
        govs, others = [], []
        for oid in sorted(set(oids), key=self.origin):
            src = self.sources.get(oid)
            adjective = country_adjective(src.country) if src and src.kind == "government" and src.country else None
            (govs.append(adjective) if adjective else others.append(self.origin(oid)))
        parts = []
        if govs:
            parts.append("the " + join_words(govs) + (" governments" if len(govs) > 1 else " government"))
        return join_words(parts + others)

    def speaker(self, st: dict) -> str:
        src = self.sources.get(st.get("source_id") or "")
        if src:
            return src.name
        return st.get("publisher") or "the publisher"


def status_sentence(claim: dict, words: _Words) -> tuple[str, list[str]]:
    """The claim's status in words, and the statements it rests on (the first of each origin)."""
    statements = claim["statements"]
    first_of: dict[str, dict] = {}
    for st in statements:  # sorted by date
        for o in st["origins"]:
            first_of.setdefault(o, st)
    against = _against(statements)
    asserting = sorted({o for st in statements if st["id"] not in against for o in st["origins"]})
    opposing = sorted({o for st in statements if st["id"] in against for o in st["origins"]})
    n = claim["independent_origins"]
    status = claim["status"]
    cites = [first_of[o]["id"] for o in sorted(first_of, key=lambda o: (first_of[o]["date"] or "9999", o))]
    if status == "corroborated":
        text = f"Corroborated by {plural(n, 'independent origin')}: {words.origins(asserting)}."
    elif status == "single-source":
        outlets = sorted({st["publisher"] for st in statements if st["publisher"]})
        text = f"Single source: only {words.origins(asserting or claim['origin_source_ids'])} stands behind it"
        text += f", reported by {plural(len(outlets), 'outlet')}." if len(outlets) > 1 else "."
    elif status == "contested":
        text = (f"Contested: asserted by {words.origins(asserting)}, "
                f"{'denied' if any(st['stance'] == 'denies' for st in statements) else 'contradicted'} by "
                f"{words.origins(opposing)} ({plural(n, 'independent origin')}).")
    elif status == "denied":
        text = f"Denied by {words.origins(opposing)}; no origin in the reports asserts it."
    else:
        outlets = sorted({st["publisher"] for st in statements if st["publisher"]})
        text = "Unattributed: no source is named" + (f"; reported by {join_words(outlets)}." if outlets else ".")
    return text, cites


def _dated_figures(claim: dict) -> dict[str, list[dict]]:
    """The claim's figures with a date and a value, by unit (as conflicts compare them)."""
    from claimgraph.fuse.conflicts import unit_key

    by_unit: dict[str, list[dict]] = {}
    for q in claim["timeline"]["quantities"]:
        value = q.get("value") if q.get("value") is not None else q.get("low")
        if q.get("date") and value is not None and q.get("unit") and re.match(r"\d{4}", q["date"]):
            by_unit.setdefault(unit_key(q["unit"]), []).append({**q, "plotted": value})
    return by_unit


def figures_chart(claim_no: int, unit: str, figures: list[dict], notes: Notes, words: _Words) -> Chart:
    """Points over time, one mark per dated figure, coloured by origin, shaped by qualifier."""
    import altair as alt

    rows = []
    for q in figures:
        n = notes.cite([q["statement_id"]])[0]
        rows.append({"date": q["date"][:10], "value": q["plotted"], "figure": q["text"], "note": f"[{n}]",
                     "origin": words.origins(q["origins"]) or "unknown", "source": q.get("source") or "",
                     "qualifier": q.get("qualifier") or "exact"})
    label = figures[0]["unit"]
    chart = (alt.Chart(alt.Data(values=rows))
             .mark_point(filled=True, size=90, opacity=0.9)
             .encode(x=alt.X("date:T", title="said on", axis=alt.Axis(format="%d %b %Y", labelAngle=0)),
                     y=alt.Y("value:Q", title=label, scale=alt.Scale(zero=True)),
                     color=alt.Color("origin:N", title="origin", legend=alt.Legend(orient="bottom", columns=1)),
                     shape=alt.Shape("qualifier:N", title="figure given as",
                                     legend=alt.Legend(orient="bottom", columns=1)),
                     tooltip=["note:N", "figure:N", "source:N", "date:T"])
             .properties(width=460, height=200))
    spec = chart.to_dict()
    return Chart(name=f"claim-{claim_no}-{re.sub(r'[^a-z0-9]+', '-', unit.lower()).strip('-') or 'figures'}",
                 unit=label, spec=spec, statement_ids=[q["statement_id"] for q in figures])


def render_chart(chart: Chart, *, svg: bool = True, png: bool = False) -> None:
    import vl_convert as vlc

    if svg and not chart.svg:
        chart.svg = vlc.vegalite_to_svg(chart.spec)
    if png and not chart.png:
        chart.png = vlc.vegalite_to_png(chart.spec, scale=2)


def _statement_date(row) -> str:
    """When a statement was made as far as known (as the fuse stage dates it): said_on, else publication."""
    said = (row.said_on or {}).get("value") or ""
    return said if said[:4].isdigit() else (row.published or "")[:10]


def select_claims(cg, *, about: Optional[str], claim_ids: Optional[list[str]], since: Optional[str],
                  limit: Optional[int]) -> tuple[list[dict], str]:
    """The claims to report, ordered by independent origins and then recency (latest statement), and a
    phrase for the scope. Claims are ranked from their records and one pass over the statements' dates;
    only the ones reported are read in full."""
    from claimgraph.present.export import claim_records

    if claim_ids:
        records = claim_records(cg.store, ids=list(dict.fromkeys(claim_ids)))
        missing = [c for c in claim_ids if c not in {r["id"] for r in records}]
        if missing:
            raise ReportError(f"no claim {missing[0]!r} (see claimgraph claims)")
        scope = f"the {plural(len(records), 'claim')} asked for"
    else:
        records = cg.claims(about=about)
        if not records:
            raise ReportError(f"no claims about {about!r} (see claimgraph claims)" if about else
                              "the store has no claims yet: ingest articles first")
        scope = f"claims about \u201c{about}\u201d" if about else "all claims"
    latest: dict[str, str] = {}
    for row in cg.store.fact_rows(claim_ids=[r["id"] for r in records]):
        if row.claim_id:
            latest[row.claim_id] = max(latest.get(row.claim_id, ""), _statement_date(row))
    if since:
        records = [r for r in records if latest.get(r["id"], "") >= since]
        scope += f" reported on or after {human_date(since)}"
        if not records:
            raise ReportError(f"no {scope}")
    records.sort(key=lambda r: r["id"])
    records.sort(key=lambda r: (latest.get(r["id"], ""), len(r["statement_ids"])), reverse=True)  # recency, weight
    records.sort(key=lambda r: -r["independent_origins"])  # stable: origins first
    if limit and not claim_ids:
        records = records[:limit]
    return [cg.claim(r["id"]) for r in records], scope


def build(cg, *, about: Optional[str] = None, claim_ids: Optional[list[str]] = None, since: Optional[str] = None,
          limit: Optional[int] = DEFAULT_LIMIT, title: Optional[str] = None,
          on_claim: Optional[Callable[[str], None]] = None, now: Optional[datetime] = None) -> Briefing:
    """The briefing's content, from the store behind ``cg`` (a claimgraph.open object)."""
    claims, scope = select_claims(cg, about=about, claim_ids=claim_ids, since=since, limit=limit)
    sources = {r.id: r for r in cg.store.source_rows()}
    documents = {r.id: r for r in cg.store.document_rows()}
    words = _Words(sources, documents)
    statements: dict[str, dict] = {}
    for c in claims:
        for st in c["statements"]:
            statements[st["id"]] = st
    direct = {r.id: bool(r.direct_quote) for r in cg.store.statement_rows(statement_ids=list(statements))}
    for sid, st in statements.items():
        st["direct_quote"] = direct.get(sid, False)
    notes = Notes(statements, sources, documents)
    key_points, sections, conflicts, charts = [], [], [], []
    for no, c in enumerate(claims, 1):
        text, cites = status_sentence(c, words)
        key_points.append({"no": no, "id": c["id"], "summary": headline(c["summary"]), "status": c["status"],
                           "sentence": Sentence(text, notes.cite(cites))})
    for no, c in enumerate(claims, 1):
        sts = c["statements"]
        text, cites = status_sentence(c, words)
        body = [Sentence(text, notes.cite(cites))]
        first = sts[0]
        in_outlet = first["publisher"] and first["publisher"] != words.speaker(first)
        body.append(Sentence(f"First reported on {human_date(first['date'])} by {words.speaker(first)}"
                             + (f" ({first['publisher']})." if in_outlet else "."), notes.cite([first["id"]])))
        outlets = sorted({st["publisher"] for st in sts if st["publisher"]})
        if len(sts) > 1:
            body.append(Sentence(f"{plural(len(sts), 'statement')} in {plural(len({s['document_id'] for s in sts}), 'document')}"
                                 + (f" by {join_words(outlets)}." if outlets else "."), notes.cite(s["id"] for s in sts)))
        by_origin: dict[str, list[dict]] = {}
        against = _against(sts)
        for st in sts:
            for o in st["origins"]:
                by_origin.setdefault(o, []).append(st)
        origins = []
        for o in sorted(by_origin, key=lambda o: (by_origin[o][0]["date"] or "9999", o)):
            group = by_origin[o]
            speakers = sorted({words.speaker(st) for st in group})
            via = [sp for sp in speakers if sp != words.origin(o)]
            verb = "denied it" if all(st["id"] in against for st in group) else "said it"
            lead = (f"{words.origin(o)}{' through ' + join_words(via) if via else ''} {verb} "
                    f"{'first ' if len(group) > 1 else ''}on {human_date(group[0]['date'])}"
                    + (f", {plural(len(group), 'statement')} in all." if len(group) > 1 else "."))
            quotes = []
            seen_content: set[str] = set()
            for st in group:
                key = " ".join(st["content"].lower().split())
                if key in seen_content or len(quotes) >= MAX_QUOTED:
                    continue
                seen_content.add(key)
                same = [x["id"] for x in group if " ".join(x["content"].lower().split()) == key]
                quotes.append(Sentence(f"{words.speaker(st)}, {human_date(st['date'])}"
                                       + (" (denial)" if st["stance"] == "denies" else "")
                                       + f": \u201c{short(st['content'])}\u201d", notes.cite(same)))
            origins.append({"lead": Sentence(lead, notes.cite(st["id"] for st in group)), "quotes": quotes})
        figures = []
        for unit, found in _dated_figures(c).items():
            if len(found) < 2 or len({q["plotted"] for q in found}) < 2:
                continue
            chart = figures_chart(no, unit, found, notes, words)
            charts.append(chart)
            a, b = found[0], found[-1]
            trend = "rose" if b["plotted"] > a["plotted"] else "fell" if b["plotted"] < a["plotted"] else "held"
            rows = [{"date": human_date(q["date"]), "figure": q["text"], "source": q.get("source") or "",
                     "notes": notes.cite([q["statement_id"]])} for q in found]
            figures.append({"chart": chart, "rows": rows, "sentence": Sentence(
                f"The figure for {a['unit']} {trend} from {a['text']} ({a.get('source') or 'unnamed'}, "
                f"{human_date(a['date'])}) to {b['text']} ({b.get('source') or 'unnamed'}, {human_date(b['date'])}), "
                f"{plural(len(found), 'dated figure')} in all.", notes.cite(q["statement_id"] for q in found))})
        by_id = {st["id"]: st for st in sts}
        for cf in c["conflicts"]:
            sides = []
            for label, sid in zip(("Earlier", "Later"), cf["statement_ids"][:2]):
                st = by_id.get(sid)
                if st is None:
                    continue
                sides.append(Sentence(f"{label}: {words.speaker(st)} ({human_date(st['date'])}"
                                      + (f", {st['publisher']}" if st["publisher"] else "")
                                      + f"): \u201c{short(st['content'])}\u201d", notes.cite([sid])))
            conflicts.append({"kind": cf["kind"], "claim_no": no, "summary": headline(c["summary"]),
                              "sentence": Sentence(cf["explanation"].rstrip(".") + ".", notes.cite(cf["statement_ids"])),
                              "sides": sides})
        sections.append({"no": no, "id": c["id"], "summary": headline(c["summary"]), "status": c["status"],
                         "body": body, "origins": origins, "figures": figures,
                         "conflicts": sum(1 for x in conflicts if x["claim_no"] == no)})
        if on_claim:
            on_claim(c["id"])
    source_rows = []
    used: dict[str, list[str]] = {}
    for sid in notes.number:
        st = statements[sid]
        if st.get("source_id"):
            used.setdefault(st["source_id"], []).append(sid)
    for src_id, sids in used.items():
        src = sources.get(src_id)
        if src is None:
            continue
        dates = sorted(statements[s]["date"] for s in sids if statements[s]["date"])
        aff = sources.get(src.affiliation) if src.affiliation else None
        source_rows.append({"name": src.name, "kind": src.kind, "speaks_for": aff.name if aff else "",
                            "country": src.country or "", "statements": len(sids),
                            "documents": len({statements[s]["document_id"] for s in sids}),
                            "dates": (dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}") if dates else "",
                            "notes": sorted(notes.number[s] for s in sids)[:1]})
    source_rows.sort(key=lambda r: (-r["statements"], r["name"].lower()))
    all_docs = {statements[s]["document_id"] for s in notes.number}
    pubs = sorted({documents[d].publisher for d in all_docs if d in documents and documents[d].publisher})
    dates = sorted((documents[d].published or "")[:10] for d in all_docs if d in documents and documents[d].published)
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    scope_sentences = [Sentence(
        f"This briefing covers {scope}: {plural(len(claims), 'claim')}, resting on {plural(len(notes.number), 'statement')} "
        f"in {plural(len(all_docs), 'document')}" + (f" from {plural(len(pubs), 'publisher')}" if pubs else "")
        + ("." if not dates else f", published on {human_date(dates[0])}." if dates[0] == dates[-1]
           else f", published from {human_date(dates[0])} to {human_date(dates[-1])}."))]
    scope_sentences.append(Sentence(
        "Claims are ordered by their number of independent origins, then by their latest statement; "
        "outlets repeating one briefing, sources citing another and officials speaking for their government "
        "count as one origin."))
    heading = title or ("Briefing: " + (about if about else "selected claims" if claim_ids else "key claims"))
    return Briefing(title=heading, generated=f"claimgraph {__version__}, {stamp}", scope=scope_sentences,
                    key_points=key_points, claims=sections, conflicts=conflicts, sources=source_rows,
                    notes=notes.notes, charts=charts)


# -- rendering -------------------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md_escape(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", str(text))
    return re.sub(r"^([#+\-]|\d+\.)(\s)", r"\\\1\2", text)


def _env(autoescape: bool):
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=autoescape,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["md"] = md_escape
    env.filters["date"] = human_date
    return env


def render_markdown(b: Briefing, chart_folder: str) -> str:
    return _env(False).get_template("briefing.md.j2").render(b=b, chart_folder=chart_folder)


def render_html(b: Briefing, *, for_print: bool = False) -> str:
    from markupsafe import Markup

    css = (TEMPLATES / "briefing.css").read_text(encoding="utf-8")
    images = {}
    for chart in b.charts:
        if for_print:
            images[chart.name] = Markup(f'<img class="chart" alt="{_attr(chart.unit)} over time" '
                                        f'src="{chart.png_data_uri}">')
        else:
            svg = re.sub(r"^<\?xml[^>]*>\s*", "", chart.svg)
            images[chart.name] = Markup(svg.replace("<svg ", '<svg class="chart" role="img" ', 1))
    return _env(True).get_template("briefing.html.j2").render(b=b, css=Markup(css), images=images,
                                                              for_print=for_print)


def _attr(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def _fetcher():
    """WeasyPrint's fetcher for the report: inline data only; nothing is downloaded."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def write(b: Briefing, fmt: str, output: str | Path) -> list[Path]:
    """Write the briefing; returns the files written (Markdown: the file and its charts)."""
    from claimgraph.present.formats import _atomic_write, write_text

    out = Path(output)
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}: choose md, html or pdf")
    if out.is_dir():
        raise ReportError(f"{out} is a directory: give a file name")
    if not out.parent.is_dir():
        raise ReportError(f"cannot write {out}: folder {out.parent} does not exist")
    if fmt == "md":
        folder = out.parent / f"{out.stem}_files"
        written = []
        if b.charts:
            folder.mkdir(exist_ok=True)
            for chart in b.charts:
                render_chart(chart)
                write_text(folder / f"{chart.name}.svg", chart.svg)
                written.append(folder / f"{chart.name}.svg")
        write_text(out, render_markdown(b, folder.name))
        return [out] + written
    if fmt == "html":
        for chart in b.charts:
            render_chart(chart)
        write_text(out, render_html(b))
        return [out]
    import weasyprint

    for chart in b.charts:
        render_chart(chart, svg=False, png=True)
    html = render_html(b, for_print=True)
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher()).render()
    _atomic_write(out, lambda tmp: document.write_pdf(str(tmp)))
    return [out]
