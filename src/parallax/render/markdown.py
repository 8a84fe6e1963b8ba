"""A ``Comparison`` as a Markdown report, with the same sections as the terminal report.

Article text is escaped, so a sentence with ``*``, ``|``, ``[`` or ``<script>`` in it is
shown as written instead of becoming emphasis, a broken table, a link or raw HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from parallax.comparison.records import Comparison, Conflict, Fact, outlet_name
from parallax.outlets.registry import OutletRegistry, bundled_registry
from parallax.render.comparison_text import (
    LOOSE_NOTE,
    MAYBE_CONFLICT_NOTE,
    MAYBE_NOTE,
    NEAR_UNIQUE_LIMIT,
    NEAR_UNIQUE_SHOWN,
    NO_CONFLICT,
    NO_OMISSION,
    PARTIAL_NOTE,
    coverage_lines,
    distinct_terms,
    fact_index,
    framing_note,
    has_partial,
    in_sentence,
    more_facts,
    most_loaded,
    near_unique_heading,
    no_most_loaded,
    no_shared,
    no_unique,
    outlet_of,
    outlet_order,
    passage,
    perhaps_also,
    plural,
    quote_cells,
    quote_columns,
    quote_marks,
    representative,
    scored_terms,
    side_by_side,
    sole_voices,
    speaker_title,
    term_text,
    times,
    trim,
    uncounted_line,
    when,
)

# Never at a line start (every line starts with our own markup), so "1." and "-" are safe.
_SIGNIFICANT = re.compile(r"([\\`*_\[\]<>#|~&])")


def md_escape(text: str) -> str:
    """``text`` on one line, with every Markdown-significant character backslash-escaped."""
    return _SIGNIFICANT.sub(r"\\\1", " ".join(text.split()))


def _inline(text: str) -> str:
    """Like :func:`md_escape`, keeping the spaces at either end (a piece of a sentence)."""
    return _SIGNIFICANT.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _q(text: str) -> str:
    left, right = quote_marks(text)
    return f"{left}{md_escape(text)}{right}"


def _header(comparison: Comparison) -> list[str]:
    lines = ["# Parallax comparison", ""]
    for article in comparison.articles:
        title = md_escape(article.title or "(untitled)")
        lines.append(
            f"- **{md_escape(outlet_name(article))}** ({md_escape(when(article.published))}): "
            f"{title}" + (f" — {md_escape(article.url)}" if article.url else "")
        )
    lines.append("")
    lines += [f"{md_escape(line)}  " for line in coverage_lines(comparison)]
    return lines


def _sides(comparison: Comparison, facts: Sequence[Fact]) -> list[str]:
    lines = []
    for fact in facts:
        lines.append(
            f"1. **{md_escape(fact.key)}** — {len(fact.outlets)} outlets: "
            f"{md_escape(', '.join(fact.outlets))}"
        )
        for outlet, pieces, framing in side_by_side(comparison, fact):
            words = "".join(f"**{md_escape(t)}**" if d else _inline(t) for t, d in pieces)
            words = " ".join(words.split())
            note = f" ({md_escape(framing)})" if framing else ""
            left, right = quote_marks("".join(t for t, _ in pieces))
            lines.append(f"   - *{md_escape(outlet)}*: {left}{words}{right}{note}")
        for outlet, text in perhaps_also(comparison, fact):
            left, right = quote_marks(text)
            lines.append(f"   - perhaps also *{md_escape(outlet)}*: {left}{_inline(text)}{right}")
    return lines


def _shared(comparison: Comparison) -> list[str]:
    shared = comparison.shared
    lines = ["", "## Shared core", "", f"{plural(len(shared), 'fact')} carried by 2+ outlets.", ""]
    if not shared:
        lines.append(no_shared(comparison))
    lines += _sides(comparison, shared)
    if shared:
        lines += ["", "In bold: words no other outlet uses for that fact."]
    maybe = comparison.perhaps_same
    if maybe:
        lines += ["", "### Perhaps the same fact", "", f"*{md_escape(MAYBE_NOTE)}*", ""]
        lines += _sides(comparison, maybe)
    loose = comparison.loosely_related
    if loose:
        lines += ["", "### Loosely related", "", f"*{md_escape(LOOSE_NOTE)}*", ""]
        lines += _sides(comparison, loose)
    return lines


def _unique(comparison: Comparison) -> list[str]:
    lines = ["", "## Unique", ""]
    found = False
    for outlet in outlet_order(comparison):
        facts = comparison.unique(outlet)
        if not facts:
            continue
        found = True
        lines += [f"### {md_escape(outlet)} — only it reports {plural(len(facts), 'fact')}", ""]
        for f in facts:
            framing = framing_note(comparison, f.evidence[0])
            note = f" ({md_escape(framing)})" if framing else ""
            lines.append(f"- **{md_escape(f.key)}** {_q(representative(comparison, f))}{note}")
        lines.append("")
    for outlet in outlet_order(comparison):
        maybe = comparison.near_unique(outlet)
        if maybe:
            lines += [f"*{md_escape(near_unique_heading(outlet, len(maybe)))}*", ""]
            for f in maybe[:NEAR_UNIQUE_SHOWN]:
                shown = trim(representative(comparison, f), NEAR_UNIQUE_LIMIT)
                lines.append(f"- {md_escape(f.key)} {_q(shown)}")
            if len(maybe) > NEAR_UNIQUE_SHOWN:
                lines.append(f"- {md_escape(more_facts(maybe[NEAR_UNIQUE_SHOWN:]))}")
            lines.append("")
    if not found:
        lines.append(no_unique(comparison))
    return lines


def _omissions(comparison: Comparison) -> list[str]:
    lines = ["", "## Omissions", ""]
    facts = fact_index(comparison)
    if not comparison.omissions:
        lines.append(NO_OMISSION)
    for outlet, keys in comparison.omissions:
        lines += [f"### {md_escape(outlet)} leaves out {plural(len(keys), 'fact')}", ""]
        for key in keys:
            fact = facts.get(key)
            if fact is None:
                lines.append(f"- **{md_escape(key)}**")
            else:
                lines.append(
                    f"- **{md_escape(key)}** {_q(representative(comparison, fact))} "
                    f"(carried by {md_escape(', '.join(fact.outlets))})"
                )
        lines.append("")
    for outlet, keys in comparison.not_found:
        lines += [
            f"*Not found in {md_escape(outlet)} (lower confidence: it may tell them in other "
            f"words): {md_escape(', '.join(keys))}*",
            "",
        ]
    return lines


def _conflicts(comparison: Comparison) -> list[str]:
    lines = ["", "## Conflicts", ""]
    if not comparison.conflicts:
        lines.append(NO_CONFLICT)
    for conflict in comparison.conflicts:
        lines += [
            f"### {md_escape(conflict.kind)}: {md_escape(conflict.what)}",
            "",
            f"Confidence {conflict.confidence:.2f}",
            "",
        ]
        lines += [*_conflict_rows(comparison, conflict), ""]
    if comparison.maybe_conflicts:
        lines += ["### Perhaps different figures", "", f"*{md_escape(MAYBE_CONFLICT_NOTE)}*", ""]
        for conflict in comparison.maybe_conflicts:
            rows = _conflict_rows(comparison, conflict)
            lines += [f"**{md_escape(conflict.what)}**", "", *rows, ""]
    return lines


def _conflict_rows(comparison: Comparison, conflict: Conflict) -> list[str]:
    """A conflict's sides as table rows: each outlet's value, marked in its sentence."""
    rows = ["| Outlet | Says | Sentence |", "| --- | --- | --- |"]
    for side in conflict.sides:
        found = in_sentence(comparison, side.evidence)
        shown = ""
        if found is not None:
            before, marked, after = found
            left, right = quote_marks(before + marked + after)
            shown = f"{left}{_inline(before)}**{md_escape(marked)}**{_inline(after)}{right}"
        rows.append(f"| {md_escape(side.outlet)} | **{md_escape(side.value)}** | {shown} |")
    return rows


def _quotes(comparison: Comparison) -> list[str]:
    lines = ["", "## Quotes", ""]
    if not comparison.quotes:
        lines.append("No quotation found.")
    for speaker in comparison.quotes:
        columns = quote_columns(speaker, comparison)
        lines += [
            f"### {md_escape(speaker_title(speaker.speaker))}",
            "",
            "| | " + " | ".join(md_escape(o) for o in columns) + " |",
            "| --- |" + " --- |" * len(columns),
        ]
        for group in speaker.groups:
            label = "shared" if len(group.outlets) > 1 else f"only {group.outlets[0]}"
            cells = quote_cells(comparison, group, columns, md_escape)
            shown = ["<br>".join(c) if c else "—" for c in cells]
            lines.append(f"| *{md_escape(label)}* | " + " | ".join(shown) + " |")
        lines.append("")
        if has_partial(speaker):
            lines += [f"*{PARTIAL_NOTE}*", ""]
    return lines


def _framing(comparison: Comparison) -> list[str]:
    lines = ["", "## Framing", "", "Subjectivity: loaded or subjective words per 100 words.", ""]
    if not comparison.framing:
        lines.append("No framing measured.")
        return lines
    top = most_loaded(comparison)
    for framing in sorted(comparison.framing, key=lambda f: -f.subjectivity):
        flag = " — **most loaded**" if framing is top else ""
        lines += [
            f"### {md_escape(framing.outlet)}: subjectivity {framing.subjectivity:.2f}{flag}",
            "",
        ]
        counted, other_terms = scored_terms(framing)
        for term, count in distinct_terms(comparison, counted):
            words = f"{_q(term_text(comparison, term))}{times(count)}"
            line = f"- {words} *{md_escape(term.category)}*"
            neutral = passage(comparison, term.neutral) if term.neutral else None
            if term.neutral and neutral:
                other = outlet_of(comparison, term.neutral.article_id)
                line += f" — neutral in {md_escape(other)}: {_q(trim(neutral, 110))}"
            lines.append(line)
        if other_terms:
            lines += ["", f"*{md_escape(uncounted_line(comparison, other_terms))}*"]
        lines.append("")
    if top is not None:
        lines.append(f"Most loaded: **{md_escape(top.outlet)}** ({top.subjectivity:.2f}).")
    else:
        lines.append(no_most_loaded(comparison))
    voices = sole_voices(comparison)
    if voices:
        lines += ["", "Quotes no other outlet carries:", ""]
        lines += [
            f"- **{md_escape(outlet)}** quotes {md_escape(', '.join(speakers))}"
            for outlet, speakers in voices.items()
        ]
    return lines


def comparison_markdown(comparison: Comparison, *, registry: OutletRegistry | None = None) -> str:
    """``comparison`` as a Markdown document: coverage, shared core, unique facts,
    omissions, conflicts, quotes side by side, framing, and the outlets (``registry``, else
    the bundled list) with blindspots and a timeline."""
    from parallax.render.outlets_report import outlets_markdown  # it imports render.html

    lines = [
        *_header(comparison),
        *_shared(comparison),
        *_unique(comparison),
        *_omissions(comparison),
        *_conflicts(comparison),
        *_quotes(comparison),
        *_framing(comparison),
        "",
        outlets_markdown(comparison, registry or bundled_registry()),
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip() + "\n"
