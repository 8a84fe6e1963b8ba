"""A ``Comparison`` as one self-contained HTML report.

On top, a summary of the findings; below, the articles side by side with every finding
highlighted in the text. Each finding links to its evidence (``#ev-…``) and each highlight
links back to its finding (``#find-…``). Highlights are computed from character offsets;
spans that overlap are nested, and split where they cross, so the text is never altered.
Everything that comes from an article (text, title, outlet, url) is HTML-escaped; the page
loads nothing from anywhere (inline CSS, no script, a Content-Security-Policy that says so).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from parallax.comparison.framing import SUBJECTIVE_CATEGORIES
from parallax.comparison.records import Comparison, Conflict, Evidence, Fact, outlet_name
from parallax.models import Article, Span
from parallax.outlets.registry import OutletRegistry
from parallax.render.comparison_text import (
    LOOSE_NOTE,
    MAYBE_CONFLICT_NOTE,
    MAYBE_NOTE,
    NO_CONFLICT,
    NO_OMISSION,
    PARTIAL_NOTE,
    QUOTE_LIMIT,
    coverage_lines,
    fact_index,
    framing_note,
    has_partial,
    in_sentence,
    most_loaded,
    no_most_loaded,
    no_shared,
    no_unique,
    outlet_of,
    outlet_order,
    passage,
    perhaps_also,
    plural,
    quote_columns,
    quote_marks,
    representative,
    side_by_side,
    sole_voices,
    speaker_title,
    term_text,
    trim,
    use_marks,
    when,
)

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)

KINDS: dict[str, str] = {
    "shared": "shared fact",
    "unique": "unique fact",
    "neutral": "neutral wording",
    "conflict": "conflict side",
    "figure": "figure to check",
    "quote": "quote",
    "term": "loaded term",
}

CSS = """
:root{--shared:#cdeccd;--unique:#cfe3fb;--conflict:#fbd3cf;--conflict-line:#c0392b;
--quote:#e8defb;--term:#ffd58f;--neutral:#e6e6e6;--ink:#1f2328;--muted:#5f6368;
--line:#d8d8de;--paper:#fbfbf8}
*{box-sizing:border-box}
body{margin:0;padding:0 1.5rem 2rem;font:16px/1.6 Georgia,"Times New Roman",serif;
color:var(--ink);background:var(--paper)}
h1,h2,h3,h4,nav,table,.meta,.legend,.count,.badge,.ev-links,.key,.cat,.score{
font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
h1{font-size:1.7rem;margin:1.2rem 0 .3rem}
h2{font-size:1.35rem;border-bottom:2px solid var(--line);padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.1rem;margin:1.4rem 0 .4rem}
h4{font-size:1rem;margin:1rem 0 .3rem}
.summary{max-width:72rem}
.coverage{margin:.2rem 0;color:var(--muted)}
nav a{margin-right:1rem}
a{color:#1a56b0}
.count,.meta,.cat,.key,.ev-links,.note{color:var(--muted);font-size:.85rem}
.key{font-weight:600;margin-right:.4rem}
blockquote{margin:.2rem 0 .3rem 0;padding-left:.75rem;border-left:3px solid var(--line)}
ol.findings,ul.findings{padding-left:1.4rem}
table.sides{border-collapse:collapse;margin:.2rem 0}
table.sides th{text-align:left;padding-right:.6rem;vertical-align:top;white-space:nowrap}
table.sides caption{text-align:left;font-size:.8rem;color:#555}b.differs{background:#fff3b0}
table.sides tr.perhaps{color:#555;font-style:italic}
ol.findings>li,ul.findings>li{margin-bottom:.6rem}
.ev-links a{margin-right:.5rem}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.92rem;width:100%}
th,td{border:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:left}
td.label{white-space:nowrap;color:var(--muted)}
.badge{display:inline-block;font-size:.75rem;padding:0 .45rem;border-radius:1rem;
background:#eceff3;margin-left:.3rem}
.badge.loaded{background:var(--term)}
.bar{display:inline-block;height:.6rem;background:var(--term);vertical-align:middle;
margin-left:.5rem;border-radius:2px}
.legend{display:flex;flex-wrap:wrap;gap:.6rem;font-size:.85rem;margin:.6rem 0}
mark{color:inherit;border-radius:2px;padding:0 .04em}
mark mark{padding:0}
.k-shared{background:var(--shared)}
.k-unique{background:var(--unique)}
.k-conflict{background:var(--conflict);box-shadow:inset 0 -2px 0 var(--conflict-line)}
.k-figure{background:transparent;border-bottom:2px dashed var(--muted)}
.k-quote{background:var(--quote);font-style:italic}
.k-term{background:var(--term);font-weight:bold}
.k-neutral{background:var(--neutral)}
mark:target{outline:3px solid #1a73e8;outline-offset:1px}
li:target,tr:target,section:target>h3{background:#fff4b8}
a.back{text-decoration:none;font-size:.7em;vertical-align:super;color:var(--muted);
font-style:normal;font-weight:normal}
a.back::after{content:"\\21a9"}
.columns{display:flex;gap:1rem;overflow-x:auto;align-items:flex-start;padding-bottom:1rem}
.col{flex:1 0 22rem;max-width:40rem;background:#fff;border:1px solid var(--line);
border-radius:6px;padding:.8rem 1rem}
.col h3{margin:0}
.col .title{font-weight:bold;margin:.3rem 0}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
@media print{
body{background:#fff;padding:0;font-size:11pt}
nav,a.back{display:none}
.columns{display:block;overflow:visible}
.col{max-width:none;border:none;border-top:2px solid var(--line);border-radius:0;
padding:.5rem 0;break-before:page}
mark,.badge,.bar{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit}
}
"""


def e(text: str) -> str:
    """HTML-escape ``text`` for element content and quoted attributes."""
    return html.escape(text, quote=True)


def _q(text: str) -> str:
    left, right = quote_marks(text)
    return f"{left}{e(text)}{right}"


def safe_url(url: str | None) -> str | None:
    """``url`` when it is a plain http(s) address to link to; anything else is only shown."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in {"http", "https"} and parts.netloc:
        return url.strip()
    return None


# --- highlights ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlight: ``[start, end)`` of one article's text, for one finding."""

    start: int
    end: int
    mark_id: str
    kind: str
    finding: str  # id of the finding in the summary
    label: str  # tooltip


class _Marks:
    """The highlights of every article, registered before anything is rendered so that
    the summary only links to highlights that exist."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self._texts = {a.id: a.text for a in articles}
        self.by_article: dict[str, list[Mark]] = {a.id: [] for a in articles}
        self._at: dict[tuple[str, int, int], str] = {}

    def add(
        self, article_id: str, span: Span, *, mark_id: str, kind: str, finding: str, label: str
    ) -> str | None:
        """Register a highlight; ``None`` when the span cannot be shown (unknown article,
        empty span, or offsets beyond the text)."""
        text = self._texts.get(article_id)
        if text is None or span.start >= span.end or span.end > len(text):
            return None
        self.by_article[article_id].append(
            Mark(span.start, span.end, mark_id, kind, finding, label)
        )
        self._at.setdefault((article_id, span.start, span.end), mark_id)
        return mark_id

    def at(self, article_id: str, span: Span) -> str | None:
        return self._at.get((article_id, span.start, span.end))


_NESTING = {kind: rank for rank, kind in enumerate(KINDS)}  # facts outside, terms inside


def _rank(mark: Mark) -> tuple[int, str]:
    return (_NESTING.get(mark.kind, len(_NESTING)), mark.mark_id)


def highlight(text: str, marks: Sequence[Mark]) -> str:
    """``text`` escaped, with ``marks`` as ``<mark>`` elements.

    Marks are opened longest first, so a span inside another nests in it (for the same
    span, a fact outside, a loaded term innermost, in the order of ``KINDS``). A span that
    crosses the end of an enclosing one is closed there and reopened after it: its first
    piece carries the ``id``; every piece carries ``data-ev`` with that id.
    """
    valid = sorted(
        (m for m in marks if 0 <= m.start < m.end <= len(text)),
        key=lambda m: (m.start, -m.end, m.mark_id),
    )
    starting: dict[int, list[Mark]] = {}
    for m in valid:
        starting.setdefault(m.start, []).append(m)
    bounds = sorted({0, len(text)} | {m.start for m in valid} | {m.end for m in valid})
    out: list[str] = []
    stack: list[Mark] = []
    opened: set[str] = set()

    def open_mark(m: Mark) -> None:
        first = m.mark_id not in opened
        opened.add(m.mark_id)
        classes = f"k-{m.kind}" + ("" if first else " cont")
        ident = f' id="{e(m.mark_id)}"' if first else ""
        out.append(f'<mark{ident} class="{classes}" data-ev="{e(m.mark_id)}" title="{e(m.label)}">')
        stack.append(m)

    pos = 0
    for bound in bounds:
        if bound > pos:
            out.append(e(text[pos:bound]))
            pos = bound
        ending = [i for i, m in enumerate(stack) if m.end == bound]
        reopen: list[Mark] = []
        if ending:
            low = ending[0]
            while len(stack) > low:
                m = stack.pop()
                if m.end == bound:
                    out.append(
                        f'<a class="back" href="#{e(m.finding)}" title="back to finding"></a>'
                    )
                else:
                    reopen.append(m)
                out.append("</mark>")
        for m in sorted(reopen + starting.get(bound, []), key=lambda m: (-m.end, _rank(m))):
            open_mark(m)
    return "".join(out)


# --- the report ----------------------------------------------------------------------------


class _Report:
    def __init__(self, comparison: Comparison, registry: OutletRegistry | None = None) -> None:
        self.c = comparison
        self.registry = registry
        self.marks = _Marks(comparison.articles)
        self.links: dict[str, list[tuple[Evidence, str | None]]] = {}
        self.neutral: dict[str, str | None] = {}
        self._register()

    def _link(self, finding: str, kind: str, found: list[tuple[Evidence, str, str]]) -> None:
        """Mark each evidence of ``finding`` (evidence, mark id, label) in its article."""
        self.links[finding] = [
            (
                ev,
                self.marks.add(
                    ev.article_id, ev.span, mark_id=mark_id, kind=kind, finding=finding, label=label
                ),
            )
            for ev, mark_id, label in found
        ]

    def _register(self) -> None:
        c = self.c
        for i, fact in enumerate(c.facts):
            kind = "shared" if len(fact.outlets) > 1 else "unique"
            label = f"{KINDS[kind]} {fact.key}: {', '.join(fact.outlets)}"
            self._link(
                f"find-fact-{i}",
                kind,
                [(ev, f"ev-fact-{i}-{j}", label) for j, ev in enumerate(fact.evidence)],
            )
        for i, conflict in enumerate(c.conflicts):
            self._link(
                f"find-conflict-{i}",
                "conflict",
                [
                    (
                        side.evidence,
                        f"ev-conflict-{i}-{j}",
                        f"conflict ({conflict.kind}) on {conflict.what}: {side.value}",
                    )
                    for j, side in enumerate(conflict.sides)
                ],
            )
        for i, conflict in enumerate(c.maybe_conflicts):  # a hedged line, marked apart
            self._link(
                f"find-figure-{i}",
                "figure",
                [
                    (
                        side.evidence,
                        f"ev-figure-{i}-{j}",
                        f"perhaps a different figure for {conflict.what}: {side.value}",
                    )
                    for j, side in enumerate(conflict.sides)
                ],
            )
        for s, speaker in enumerate(c.quotes):
            for g, group in enumerate(speaker.groups):
                self._link(
                    f"find-quote-{s}-{g}",
                    "quote",
                    [
                        (
                            use.evidence,
                            f"ev-quote-{s}-{g}-{u}",
                            f"quote of {speaker_title(speaker.speaker)}",
                        )
                        for u, use in enumerate(group.uses)
                    ],
                )
        for f, framing in enumerate(c.framing):
            for t, term in enumerate(framing.terms):
                finding = f"find-term-{f}-{t}"
                ev = Evidence(term.article_id, term.span)
                label = f"{term.category} term in {framing.outlet}"
                self._link(finding, "term", [(ev, f"ev-term-{f}-{t}", label)])
                if term.neutral is not None:
                    n = term.neutral
                    self.neutral[finding] = self.marks.at(n.article_id, n.span) or self.marks.add(
                        n.article_id,
                        n.span,
                        mark_id=f"ev-neutral-{f}-{t}",
                        kind="neutral",
                        finding=finding,
                        label="neutral wording",
                    )

    # summary pieces

    def ev_links(self, finding: str) -> str:
        links = [
            f'<a href="#{e(mark)}">{e(outlet_of(self.c, ev.article_id))}</a>'
            for ev, mark in self.links.get(finding, [])
            if mark
        ]
        return f'<span class="ev-links">in the text: {" ".join(links)}</span>' if links else ""

    def header(self) -> str:
        c = self.c
        title = next((a.title for a in c.articles if a.title), None) or "Parallax comparison"
        lines = "".join(f'<p class="coverage">{e(line)}</p>' for line in coverage_lines(c))
        legend = "".join(
            f'<span><mark class="k-{kind}">{e(name)}</mark></span>' for kind, name in KINDS.items()
        )
        nav = "".join(
            f'<a href="#{anchor}">{name}</a>'
            for anchor, name in (
                ("shared-core", "Shared core"),
                ("unique", "Unique"),
                ("omissions", "Omissions"),
                ("conflicts", "Conflicts"),
                ("quotes", "Quotes"),
                ("framing", "Framing"),
                ("outlets", "Outlets"),
                ("articles", "Articles"),
            )
        )
        return (
            f"<header><h1>{e(title)}</h1>{lines}"
            f'<div class="legend" aria-label="legend">{legend}</div><nav>{nav}</nav></header>'
        )

    def sentences(self, fact: Fact) -> str:
        """One outlet's sentence for a one-outlet fact; every outlet's own sentence side by
        side, differing words marked, for a shared one."""
        if len(fact.outlets) < 2:
            framing = framing_note(self.c, fact.evidence[0]) if fact.evidence else ""
            note = f' <span class="count">{e(framing)}</span>' if framing else ""
            return f"<blockquote>{_q(representative(self.c, fact, 300))}{note}</blockquote>"
        rows = []
        for outlet, pieces, framing in side_by_side(self.c, fact):
            left, right = quote_marks("".join(t for t, _ in pieces))
            words = "".join(f'<b class="differs">{e(t)}</b>' if d else e(t) for t, d in pieces)
            note = f' <span class="count">{e(framing)}</span>' if framing else ""
            rows.append(
                f'<tr><th scope="row">{e(outlet)}</th><td>{left}{words}{right}{note}</td></tr>'
            )
        for outlet, text in perhaps_also(self.c, fact):
            left, right = quote_marks(text)
            rows.append(
                f'<tr class="perhaps"><th scope="row">perhaps also {e(outlet)}</th>'
                f"<td>{left}{e(text)}{right}</td></tr>"
            )
        caption = "each outlet's own words; bold: words no other outlet uses here"
        return f'<table class="sides"><caption>{e(caption)}</caption>{"".join(rows)}</table>'

    def fact_item(self, i: int) -> str:
        fact = self.c.facts[i]
        return (
            f'<li id="find-fact-{i}"><span class="key">{e(fact.key)}</span>'
            f'<span class="count">{e(plural(len(fact.outlets), "outlet"))}: '
            f"{e(', '.join(fact.outlets))}</span>"
            f"{self.sentences(fact)}"
            f"{self.ev_links(f'find-fact-{i}')}</li>"
        )

    def shared(self) -> str:
        several = [(i, f) for i, f in enumerate(self.c.facts) if len(f.outlets) > 1]
        items = [self.fact_item(i) for i, f in several if f.sure]
        at = {f.key: i for i, f in several}
        maybe = [self.fact_item(at[f.key]) for f in self.c.perhaps_same]
        loose = [self.fact_item(at[f.key]) for f in self.c.loosely_related]
        body = (
            f'<ol class="findings">{"".join(items)}</ol>'
            if items
            else f"<p>{e(no_shared(self.c))}</p>"
        )
        if maybe:
            body += (
                f"<details><summary>Perhaps the same fact: "
                f"{e(plural(len(maybe), 'group'))} of close sentences</summary>"
                f'<p class="note">{e(MAYBE_NOTE)}</p>'
                f'<ol class="findings">{"".join(maybe)}</ol></details>'
            )
        if loose:
            body += (
                f"<details><summary>Loosely related: "
                f"{e(plural(len(loose), 'group'))} of sentences</summary>"
                f'<p class="note">{e(LOOSE_NOTE)}</p>'
                f'<ol class="findings">{"".join(loose)}</ol></details>'
            )
        count = plural(len(items), "fact") + " carried by 2+ outlets, most widely carried first"
        return (
            f'<section id="shared-core"><h3>Shared core <span class="count">{e(count)}</span></h3>'
            f"{body}</section>"
        )

    def unique(self) -> str:
        parts = []
        for outlet in outlet_order(self.c):
            claimed = {f.key for f in self.c.unique(outlet)}
            maybe = {f.key for f in self.c.near_unique(outlet)}
            items = [self.fact_item(i) for i, f in enumerate(self.c.facts) if f.key in claimed]
            others = [self.fact_item(i) for i, f in enumerate(self.c.facts) if f.key in maybe]
            if items:
                parts.append(
                    f'<h4>{e(outlet)} <span class="count">only it reports '
                    f"{e(plural(len(items), 'fact'))}</span></h4>"
                    f'<ul class="findings">{"".join(items)}</ul>'
                )
            if others:
                parts.append(
                    f"<details><summary>{e(outlet)}: {e(plural(len(others), 'fact'))} only "
                    "here, but perhaps told elsewhere in other words (not claimed unique)"
                    f'</summary><ul class="findings">{"".join(others)}</ul></details>'
                )
        body = "".join(parts) or f"<p>{e(no_unique(self.c))}</p>"
        return f'<section id="unique"><h3>Unique</h3>{body}</section>'

    def omissions(self) -> str:
        facts = fact_index(self.c)
        index = {f.key: i for i, f in enumerate(self.c.facts)}
        parts = []
        for outlet, keys in self.c.omissions:
            items = []
            for key in keys:
                fact = facts.get(key)
                if fact is None or not fact.outlets:
                    items.append(f'<li><span class="key">{e(key)}</span></li>')
                    continue
                items.append(
                    f'<li><a class="key" href="#find-fact-{index[key]}">{e(key)}</a> '
                    f"{_q(representative(self.c, fact))} "
                    f'<span class="count">carried by {e(", ".join(fact.outlets))}</span></li>'
                )
            parts.append(
                f'<h4>{e(outlet)} <span class="count">leaves out '
                f"{e(plural(len(keys), 'fact'))}</span></h4>"
                f'<ul class="findings">{"".join(items)}</ul>'
            )
        body = "".join(parts) or f"<p>{e(NO_OMISSION)}</p>"
        for outlet, keys in self.c.not_found:
            links = " ".join(
                f'<a class="key" href="#find-fact-{index[k]}">{e(k)}</a>'
                for k in keys
                if k in index
            )
            body += (
                f'<p class="count">Not found in {e(outlet)} (lower confidence: it may tell '
                f"them in other words): {links}</p>"
            )
        return f'<section id="omissions"><h3>Omissions</h3>{body}</section>'

    def conflicts(self) -> str:
        items = [
            f'<li id="find-conflict-{i}"><span class="badge">{e(conflict.kind)}</span> '
            f"<strong>{e(conflict.what)}</strong> "
            f'<span class="count">confidence {conflict.confidence:.2f}</span>'
            + self._sides(conflict, self.links[f"find-conflict-{i}"])
            + "</li>"
            for i, conflict in enumerate(self.c.conflicts)
        ]
        body = (
            f'<ol class="findings">{"".join(items)}</ol>' if items else f"<p>{e(NO_CONFLICT)}</p>"
        )
        maybe = [
            f'<li id="find-figure-{i}"><strong>{e(conflict.what)}</strong>'
            + self._sides(conflict, self.links[f"find-figure-{i}"])
            + "</li>"
            for i, conflict in enumerate(self.c.maybe_conflicts)
        ]
        if maybe:
            body += (
                f"<details><summary>Perhaps different figures: "
                f"{e(plural(len(maybe), 'figure'))} to check</summary>"
                f'<p class="note">{e(MAYBE_CONFLICT_NOTE)}</p>'
                f'<ol class="findings">{"".join(maybe)}</ol></details>'
            )
        return f'<section id="conflicts"><h3>Conflicts</h3>{body}</section>'

    def _sides(self, conflict: Conflict, links: list[tuple[Evidence, str | None]]) -> str:
        """A conflict's sides as a table: each outlet's value, marked in its sentence (a link
        to the mark in the article when there is one)."""
        rows = []
        for (ev, mark), side in zip(links, conflict.sides, strict=True):
            found = in_sentence(self.c, ev, 300)
            quoted = ""
            if found is not None:
                before, marked, after = found
                left, right = quote_marks(before + marked + after)
                quoted = f"{left}{e(before)}<strong>{e(marked)}</strong>{e(after)}{right}"
                if mark:
                    quoted = f'<a href="#{e(mark)}">{quoted}</a>'
            rows.append(
                f"<tr><td>{e(side.outlet)}</td><td><strong>{e(side.value)}</strong></td>"
                f"<td>{quoted}</td></tr>"
            )
        return (
            "<table><thead><tr><th>Outlet</th><th>Says</th><th>Sentence</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def quotes(self) -> str:
        parts = []
        for s, speaker in enumerate(self.c.quotes):
            columns = quote_columns(speaker, self.c)
            head = "".join(f"<th>{e(o)}</th>" for o in columns)
            rows = []
            for g, group in enumerate(speaker.groups):
                finding = f"find-quote-{s}-{g}"
                label = "shared" if len(group.outlets) > 1 else f"only {group.outlets[0]}"
                cells = []
                for outlet in columns:
                    texts = []
                    for (ev, mark), use in zip(self.links[finding], group.uses, strict=True):
                        words = passage(self.c, ev) if use.outlet == outlet else None
                        if words is None:
                            continue
                        left, right = use_marks(words, use.partial)
                        quoted = f"{left}{e(trim(words, QUOTE_LIMIT * 2))}{right}"
                        texts.append(f'<a href="#{e(mark)}">{quoted}</a>' if mark else quoted)
                    cells.append(f"<td>{'<br>'.join(texts) if texts else '—'}</td>")
                rows.append(
                    f'<tr id="{finding}"><td class="label">{e(label)}</td>{"".join(cells)}</tr>'
                )
            note = f'<p class="note">{e(PARTIAL_NOTE)}</p>' if has_partial(speaker) else ""
            parts.append(
                f"<h4>{e(speaker_title(speaker.speaker))}</h4><table><thead><tr><th></th>{head}</tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>{note}"
            )
        body = "".join(parts) or "<p>No quotation found.</p>"
        return f'<section id="quotes"><h3>Quotes side by side</h3>{body}</section>'

    def framing(self) -> str:
        c = self.c
        top = most_loaded(c)
        parts = []
        highest = max((f.subjectivity for f in c.framing), default=0.0) or 1.0
        for f, framing in sorted(enumerate(c.framing), key=lambda p: -p[1].subjectivity):
            width = max(0.0, min(100.0, 100 * framing.subjectivity / highest)) * 0.08
            flag = '<span class="badge loaded">most loaded</span>' if framing is top else ""
            items: list[str] = []
            others: list[str] = []
            for t, term in enumerate(framing.terms):
                finding = f"find-term-{f}-{t}"
                mark = self.links[finding][0][1]
                word = _q(term_text(c, term))
                word = f'<a href="#{e(mark)}">{word}</a>' if mark else word
                item = f'<li id="{finding}">{word} <span class="cat">{e(term.category)}</span>'
                neutral = passage(c, term.neutral) if term.neutral else None
                if term.neutral and neutral:
                    other = e(outlet_of(c, term.neutral.article_id))
                    quoted = _q(trim(neutral, 200))
                    target = self.neutral.get(finding)
                    if target:
                        quoted = f'<a href="#{e(target)}">{quoted}</a>'
                    item += f" — neutral wording in {other}: {quoted}"
                (items if term.category in SUBJECTIVE_CATEGORIES else others).append(item + "</li>")
            terms = f'<ul class="findings">{"".join(items)}</ul>' if items else ""
            if others:
                terms += (
                    '<p class="note">Not in the score:</p>'
                    f'<ul class="findings uncounted">{"".join(others)}</ul>'
                )
            parts.append(
                f'<h4>{e(framing.outlet)} <span class="score">subjectivity '
                f'{framing.subjectivity:.2f}</span><span class="bar" style="width:{width:.2f}rem">'
                f"</span>{flag}</h4>{terms}"
            )
        if not c.framing:
            verdict = "<p>No framing measured.</p>"
        elif top is None:
            verdict = f"<p>{e(no_most_loaded(c))}</p>"
        else:
            verdict = (
                f"<p>Most loaded: <strong>{e(top.outlet)}</strong> "
                f"(subjectivity {top.subjectivity:.2f}, loaded or subjective words per 100).</p>"
            )
        voices = "".join(
            f"<li><strong>{e(outlet)}</strong> quotes {e(', '.join(speakers))}</li>"
            for outlet, speakers in sole_voices(c).items()
        )
        if voices:
            verdict += f'<p>Quotes no other outlet carries:</p><ul class="findings">{voices}</ul>'
        return f'<section id="framing"><h3>Framing</h3>{verdict}{"".join(parts)}</section>'

    def outlets(self) -> str:
        from parallax.outlets.registry import bundled_registry
        from parallax.render.outlets_report import outlets_section  # it uses this module

        return outlets_section(self.c, self.registry or bundled_registry())

    def column(self, i: int, article: Article) -> str:
        cov = self.c.coverage
        badges = []
        if cov.first == article.id:
            badges.append("first report")
        for group in cov.wire_groups:
            if article.id in group.copies:
                badges.append(f"wire copy of {outlet_of(self.c, group.original)}")
            if article.id == group.original:
                badges.append("original of a wire text")
        url = ""
        if article.url:
            link = safe_url(article.url)
            url = (
                f' · <a href="{e(link)}" rel="noopener noreferrer nofollow">{e(article.url)}</a>'
                if link
                else f" · <span>{e(article.url)}</span>"
            )
        meta = (
            f'<p class="meta">{e(when(article.published))}{url}'
            + "".join(f'<span class="badge">{e(b)}</span>' for b in badges)
            + "</p>"
        )
        text = highlight(article.text, self.marks.by_article.get(article.id, []))
        return (
            f'<article class="col" id="art-{i}"><header><h3>{e(outlet_name(article))}</h3>'
            f'<p class="title">{e(article.title or "(untitled)")}</p>{meta}</header>'
            f'<div class="text">{text}</div></article>'
        )

    def body(self) -> str:
        columns = "".join(self.column(i, a) for i, a in enumerate(self.c.articles))
        return (
            f"{self.header()}\n<main>"
            '<section class="summary" id="summary"><h2>Summary of findings</h2>'
            f"{self.shared()}\n{self.unique()}\n{self.omissions()}\n{self.conflicts()}\n"
            f"{self.quotes()}\n{self.framing()}\n{self.outlets()}</section>\n"
            f'<section id="articles"><h2>The articles side by side</h2>'
            f'<div class="columns">{columns}</div></section>'
            "</main>"
        )

    def document(self) -> str:
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">'
            '<meta name="referrer" content="no-referrer">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Parallax: {e(comparison_title(self.c))}</title><style>{CSS}</style></head>\n"
            f"<body>{self.body()}</body></html>\n"
        )


def comparison_title(comparison: Comparison) -> str:
    """The first article title of ``comparison``, or a generic name."""
    return next((a.title for a in comparison.articles if a.title), None) or "comparison"


def comparison_sections(comparison: Comparison, *, registry: OutletRegistry | None = None) -> str:
    """The report without the page around it: its header (title, coverage, legend, section
    links) and ``<main>`` (the findings, then the articles side by side, linked both ways).
    The web app embeds it in its own page, with :data:`CSS`."""
    return _Report(comparison, registry).body()


def comparison_html(comparison: Comparison, *, registry: OutletRegistry | None = None) -> str:
    """``comparison`` as one self-contained HTML page: a summary of findings on top, the
    articles side by side below with every finding highlighted and linked both ways; the
    outlets (``registry``, else the bundled list) with blindspots and a timeline."""
    return _Report(comparison, registry).document()
