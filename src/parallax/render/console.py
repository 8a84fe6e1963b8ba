"""Terminal rendering (rich) and the JSON shapes the CLI prints."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from parallax.analysis.records import Analysis
from parallax.models import Article, Span
from parallax.outlets.describe import describe
from parallax.outlets.registry import OutletRegistry
from parallax.pipeline import IngestReport
from parallax.store.base import SearchHit
from parallax.store.copy import CopyReport
from parallax.store.location import shown

if TYPE_CHECKING:
    from parallax.analysis.run import AnalyzeReport
    from parallax.eval.compare import CompareScores
    from parallax.eval.extraction import Scores
    from parallax.eval.framing import FramingScores
    from parallax.eval.lines import LineScores
    from parallax.eval.quotes import QuoteScores


_IMPORTANCE = {1: "background (1)", 2: "main detail (2)", 3: "core (3)"}


def article_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "language": article.language,
        "words": len(article.text.split()),
    }


def ingest_report_dict(report: IngestReport, db: Path | str) -> dict[str, Any]:
    return {
        "database": shown(db),
        "added": [article_summary(a) for a in report.added],
        "already_known": [article_summary(a) for a in report.known],
        "failed": [{"input": e.source, "problem": e.message} for e in report.failed],
        "skipped": [{"input": e.source, "problem": e.message} for e in report.skipped],
    }


def print_ingest_report(out: Console, err: Console, report: IngestReport, db: Path | str) -> None:
    for error in report.failed:
        err.print(f"[red]failed[/] {escape(error.source)}: {escape(error.message)}")
    for error in report.skipped:
        err.print(f"[yellow]skipped[/] {escape(error.source)}: {escape(error.message)}")
    out.print(
        f"[bold]{len(report.added)}[/] added, [bold]{len(report.known)}[/] already known, "
        f"[bold]{len(report.failed)}[/] failed"
        + (f", {len(report.skipped)} skipped" if report.skipped else "")
        + f"  [dim]({escape(shown(db))})[/]"
    )


def _when(article: Article) -> str:
    return article.published.strftime("%Y-%m-%d %H:%M") if article.published else "-"


def print_articles(
    out: Console, articles: list[Article], registry: OutletRegistry | None = None
) -> None:
    """The articles as a table; with a ``registry``, each outlet's country and leaning where
    it knows them, and an outlet it does not know marked as such."""
    if not articles:
        out.print("No articles yet: add some with 'parallax ingest PATH'.")
        return
    table = Table(show_lines=False, header_style="bold")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("outlet", overflow="fold")
    if registry is not None:
        table.add_column("country", no_wrap=True)
        table.add_column("leaning", no_wrap=True)
    table.add_column("title", overflow="fold")
    table.add_column("words", justify="right")
    for a in articles:
        cells = [a.id[:10], _when(a)]
        if registry is None:
            cells.append(escape(a.outlet or "?"))
        else:
            info = describe(a, registry)
            unknown = "" if info.known else " [dim](unknown outlet)[/]"
            cells.append(escape(info.name) + unknown)
            cells += [escape(info.country or ""), escape(info.leaning or "")]
        cells += [escape(a.title or "(untitled)"), str(len(a.text.split()))]
        table.add_row(*cells)
    out.print(table)


def print_copy_report(out: Console, report: CopyReport, source: str, target: str) -> None:
    """What ``parallax migrate`` copied."""
    rows = (
        ("articles", report.articles, report.articles_known),
        ("analyses", report.analyses, report.analyses_known),
        ("vectors", report.vectors, report.vectors_known),
        ("corrections", report.corrections, report.corrections_known),
    )
    out.print(f"Copied {escape(source)} -> {escape(target)}")
    for name, added, known in rows:
        out.print(f"  {name:<12} [bold]{added}[/] added, {known} already there")
    out.print(
        f"  {'stories':<12} "
        + (f"[bold]{report.stories}[/] written" if report.stories else "unchanged")
    )
    if not report.changed:
        out.print("Nothing to do: the target already holds everything.")


def print_outlets(out: Console, outlets: list[tuple[str, int]]) -> None:
    out.print(
        f"{len(outlets)} outlets: "
        + ", ".join(f"{escape(name)} ({count})" for name, count in outlets)
    )


def print_article(out: Console, article: Article) -> None:
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column(overflow="fold")
    for label, value in (
        ("id", article.id),
        ("outlet", article.outlet),
        ("published", article.published.isoformat() if article.published else None),
        ("authors", ", ".join(article.authors) or None),
        ("url", article.url),
        ("language", article.language),
        ("dateline", article.dateline),
        ("source", f"{article.source} ({article.format})"),
    ):
        if value:
            meta.add_row(label, escape(str(value)))
    out.print(Panel(meta, title=escape(article.title or "(untitled)"), title_align="left"))
    for paragraph in article.paragraph_texts():
        out.print(escape(paragraph))
        out.print()


def print_hits(out: Console, hits: list[SearchHit], query: str) -> None:
    if not hits:
        out.print(f"No article matches {escape(query)!r}.")
        return
    for hit in hits:
        a = hit.article
        out.print(
            f"[cyan]{a.id[:10]}[/]  {_when(a)}  [bold]{escape(a.outlet or '?')}[/]  "
            f"{escape(a.title or '(untitled)')}"
        )
        out.print("    " + hit.highlighted("[bold yellow]", "[/]", escape=escape))


def extraction_scores_dict(
    scores: dict[str, dict[str, Scores]], lines: dict[str, LineScores]
) -> dict[str, Any]:
    return {
        "extraction": {
            name: {
                unit: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "pages": s.pages}
                for unit, s in by_unit.items()
            }
            for name, by_unit in scores.items()
        },
        "boilerplate_lines": {
            name: {
                "labelled": ls.lines,
                "furniture": ls.furniture,
                "precision": ls.precision,
                "recall": ls.recall,
                "article_lines_kept": ls.article_lines_kept,
            }
            for name, ls in lines.items()
        },
    }


def print_extraction_scores(
    out: Console, scores: dict[str, dict[str, Scores]], lines: dict[str, LineScores]
) -> None:
    table = Table(title="Main-text extraction (benchmark measure: 4-token shingles)")
    for column in ("extractor", "pages", "precision", "recall", "F1", "F1 (4-char shingles)"):
        table.add_column(column, justify="right" if column != "extractor" else "left")
    for name, by_unit in scores.items():
        s, c = by_unit["tokens"], by_unit["chars"]
        table.add_row(
            name,
            str(s.pages),
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
            f"{c.f1:.3f}",
        )
    out.print(table)
    lt = Table(title="Boilerplate line filter (positive = furniture line removed)")
    for column in (
        "lines from",
        "labelled",
        "furniture",
        "precision",
        "recall",
        "article lines kept",
    ):
        lt.add_column(column, justify="right" if column != "lines from" else "left")
    for name, ls in lines.items():
        lt.add_row(
            name,
            str(ls.lines),
            str(ls.furniture),
            f"{ls.precision:.3f}",
            f"{ls.recall:.3f}",
            f"{ls.article_lines_kept:.4f}",
        )
    out.print(lt)


def analyze_report_dict(report: AnalyzeReport) -> dict[str, Any]:
    return {
        "analysed": report.analysed,
        "already_analysed": report.already,
        "unsupported_language": report.unsupported,
        "failed": [{"article": f.article_id, "problem": f.problem} for f in report.failed],
    }


def print_analyze_report(out: Console, err: Console, report: AnalyzeReport) -> None:
    for failure in report.failed:
        err.print(f"[red]failed[/] {failure.article_id}: {escape(failure.problem)}")
    out.print(
        f"[bold]{report.analysed}[/] analysed ({report.unsupported} in unsupported languages), "
        f"[bold]{report.already}[/] already analysed, [bold]{len(report.failed)}[/] failed"
    )


def _snippet(text: str, span: Span | None, width: int = 90) -> str:
    if span is None:
        return "-"
    piece = " ".join(span.of(text).split())
    return piece if len(piece) <= width else piece[: width - 1] + "…"


def print_analysis(out: Console, article: Article, analysis: Analysis) -> None:
    text = article.text
    if not analysis.supported:
        out.print(f"[yellow]Analysis:[/] {escape(analysis.note or 'unsupported')}")
        return
    out.print(
        f"[bold]Analysis[/]: {len(analysis.sentences)} sentences, {len(analysis.entities)} "
        f"entities, {len(analysis.quotes)} quotes, {len(analysis.dates)} dates, "
        f"{len(analysis.quantities)} quantities"
    )
    if analysis.entities:
        table = Table(title="Entities", title_justify="left", header_style="bold")
        for column in ("name", "kind", "role", "aliases", "mentions"):
            table.add_column(column, overflow="fold")
        for e in sorted(analysis.entities, key=lambda e: -len(e.mentions)):
            table.add_row(
                escape(e.name),
                e.kind,
                escape(e.role or ""),
                escape(", ".join(e.aliases)),
                str(len(e.mentions)),
            )
        out.print(table)
    if analysis.quotes:
        table = Table(title="Quotes", title_justify="left", header_style="bold")
        for column in ("speaker", "as written", "verb", "kind", "occasion", "when", "quote"):
            table.add_column(column, overflow="fold")
        for q in analysis.quotes:
            table.add_row(
                escape(q.speaker_name or "?"),
                escape(_snippet(text, q.speaker, 30)),
                escape(q.cue_verb or ""),
                q.kind,
                escape(_snippet(text, q.occasion, 30)),
                escape(_snippet(text, q.time, 20)),
                escape(_snippet(text, q.content)),
            )
        out.print(table)
    if analysis.dates:
        table = Table(title="Dates", title_justify="left", header_style="bold")
        for column in ("expression", "resolved", "granularity"):
            table.add_column(column)
        for d in analysis.dates:
            resolved = "unresolved"
            if d.start:
                resolved = str(d.start) if d.start == d.end else f"{d.start} … {d.end}"
            table.add_row(escape(_snippet(text, d.span, 40)), resolved, d.granularity or "-")
        out.print(table)
    if analysis.quantities:
        table = Table(title="Quantities", title_justify="left", header_style="bold")
        for column in ("expression", "value", "unit", "counts"):
            table.add_column(column)
        for n in analysis.quantities:
            value = "-" if n.value is None else f"{n.value:,.10g}"
            table.add_row(
                escape(_snippet(text, n.span, 40)),
                value,
                escape(n.unit or "-"),
                escape(_snippet(text, n.counted, 40)),
            )
        out.print(table)


def quote_scores_dict(scores: QuoteScores, data: str) -> dict[str, Any]:
    c = scores.counts
    return {
        "data": data,
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
        "speaker_accuracy": scores.speaker_accuracy,
        "articles": c.articles,
        "skipped": c.skipped,
        "true_quotes": c.true,
        "predicted_quotes": c.predicted,
        "matched_quotes": c.matched,
    }


def print_quote_scores(out: Console, scores: QuoteScores, data: str) -> None:
    c = scores.counts
    table = Table(title=f"Quotes on {data} (match: overlap >= 0.3 of the longer)")
    for column in ("articles", "true", "predicted", "matched", "P", "R", "F1", "speaker acc."):
        table.add_column(column, justify="right")
    table.add_row(
        str(c.articles),
        str(c.true),
        str(c.predicted),
        str(c.matched),
        f"{scores.precision:.3f}",
        f"{scores.recall:.3f}",
        f"{scores.f1:.3f}",
        f"{scores.speaker_accuracy:.3f}",
    )
    out.print(table)
    if c.skipped:
        out.print(f"[dim]{c.skipped} article(s) skipped: annotations that do not fit the text.[/]")
    out.print("[dim]Anchor: GenderGapTracker's extractor F1 0.836, speaker accuracy 0.86.[/]")


def framing_scores_dict(scores: FramingScores, data: str) -> dict[str, Any]:
    return {
        "data": data,
        "sentences": scores.n,
        "skipped": scores.skipped,
        "macro_f1": scores.macro_f1,
        "accuracy": scores.accuracy,
        "classes": {
            name: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.support}
            for name, c in (("biased", scores.biased), ("neutral", scores.neutral))
        },
    }


def print_framing_scores(out: Console, scores: FramingScores, data: str) -> None:
    table = Table(title=f"Loaded language on {data}: sentences, biased versus neutral")
    for column in ("class", "sentences", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "class" else "right")
    for name, c in (("biased", scores.biased), ("neutral", scores.neutral)):
        table.add_row(name, str(c.support), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}")
    out.print(table)
    out.print(
        f"macro-F1 [bold]{scores.macro_f1:.3f}[/]  accuracy {scores.accuracy:.3f}  "
        f"({scores.n} sentences, {scores.skipped} without an agreed label skipped)"
    )
    out.print("[dim]Anchor: 0.804 macro-F1 with a fine-tuned transformer.[/]")


_CLAIMS = {
    "shared": "shared fact (two or more outlets carry it)",
    "maybe_shared": "perhaps one fact (close sentences, not claimed shared)",
    "loosely_related": "loosely related (sentences shown, not claimed one fact)",
    "perhaps_also": "perhaps also (a further outlet's sentence beside a shared fact)",
    "unique": "unique fact (only this outlet carries it)",
    "omission": "omission (this outlet leaves it out)",
    "not_found": "not found (no clear match in this outlet)",
    "conflict": "conflict (outlets disagree)",
    "maybe_conflict": "perhaps different figures (not claimed a conflict)",
}


def print_compare_scores(
    out: Console, scores: CompareScores, data: str, *, wrong: bool = False
) -> None:
    table = Table(title=f"Comparison claims on {data}: {len(scores.stories)} stories")
    for column in ("claim", "made", "right", "precision"):
        table.add_column(column, justify="left" if column == "claim" else "right")
    for kind, label in _CLAIMS.items():
        right, total = scores.count(kind)
        precision = f"{right / total:.3f}" if total else "-"
        table.add_row(label, str(total), str(right), precision)
    out.print(table)
    facts = sum(s.facts for s in scores.stories)
    out.print(
        f"alignment recall [bold]{scores.alignment_recall:.3f}[/] (pairs of outlets the gold "
        f"aligns), three-way {scores.three_way_recall:.3f}; fragments {scores.fragments} of "
        f"{facts} facts; key facts that are core facts {scores.key_fact_precision:.3f}"
    )
    by_importance = ", ".join(
        f"{_IMPORTANCE.get(k, k)} {v:.3f}" for k, v in scores.recall_by_importance().items()
    )
    out.print(f"alignment recall by the gold fact's importance: {by_importance}")
    if wrong:
        for s in scores.stories:
            for c in s.claims:
                if not c.correct:
                    out.print(f"[red]false {c.kind}[/] {s.story_id[:8]} {escape(c.text)}")


def _span_text(story: dict[str, Any]) -> str:
    first, last = str(story.get("first") or ""), str(story.get("last") or "")
    if not first:
        return "undated"
    return first[:16].replace("T", " ") if first == last else f"{first[:10]} .. {last[:10]}"


def print_stories(out: Console, stories: list[dict[str, Any]]) -> None:
    if not stories:
        out.print("No stories yet: ingest articles first ('parallax ingest').")
        return
    table = Table(title=f"{len(stories)} stories, newest first")
    for column in ("story", "articles", "outlets", "time span", "confidence", "title"):
        table.add_column(
            column, justify="right" if column in {"articles", "confidence"} else "left"
        )
    for s in stories:
        copies = len(s["article_ids"]) - s["independent_reports"]
        wire = f" ({copies} wire cop{'y' if copies == 1 else 'ies'})" if copies else ""
        count = str(len(s["article_ids"])) + wire
        flags = " (undated articles)" if s.get("undated") else ""
        table.add_row(
            s["story_id"],
            count,
            escape(", ".join(s["outlets"])),
            _span_text(s) + flags,
            f"{s['confidence']:.2f}",
            escape(s.get("title") or ""),
        )
    out.print(table)


def print_story(out: Console, story: dict[str, Any], articles: list[Article]) -> None:
    out.print(
        f"[bold]Story {escape(story['story_id'])}[/]: {len(articles)} articles, "
        f"{story['independent_reports']} independent reports, confidence "
        f"{story['confidence']:.2f}, {_span_text(story)}"
    )
    copies = {c: g[0] for g in story.get("wire_groups", []) for c in g[1:]}
    table = Table()
    for column in ("id", "outlet", "published", "title", "note"):
        table.add_column(column)
    for a in articles:
        note = f"wire copy of {copies[a.id][:10]}" if a.id in copies else ""
        table.add_row(
            a.id[:10],
            escape(a.outlet or ""),
            a.published.isoformat()[:16].replace("T", " ") if a.published else "undated",
            escape(a.title or ""),
            note,
        )
    out.print(table)
    out.print(f"[dim]Compare it: parallax compare --story {escape(story['story_id'])}[/]")


def print_basil_framing(console: Console, scores: Any, data: str) -> None:
    """Sentence-level lexical and informational bias against BASIL's human spans."""
    o = scores.overall
    console.print(
        f"Framing on {escape(data)}: {scores.articles} articles, {o.sentences} sentences "
        f"(spans lex {scores.spans.get('lex', 0)}, inf {scores.spans.get('inf', 0)}; "
        f"not in the text: lex {scores.not_found.get('lex', 0)}, "
        f"inf {scores.not_found.get('inf', 0)})"
    )
    table = Table()
    for column in ("bias", "detector", "P", "R", "F1", "gold", "flagged"):
        table.add_column(column)
    rows = (
        ("lexical", "Parallax (loaded or subjective wording)", o.lex),
        ("lexical", "baseline (BABE decision)", o.baseline_lex),
        ("informational", "Parallax model (shipped weights)", o.inf),
        ("informational", "Parallax model refitted per story fold", o.inf_cv),
        ("informational", "rule (evaluative or another voice)", o.inf_rule),
        ("informational", "baseline (every sentence)", o.baseline_inf),
    )
    for kind, name, k in rows:
        table.add_row(
            kind,
            name,
            f"{k.precision:.3f}",
            f"{k.recall:.3f}",
            f"[bold]{k.f1:.3f}[/]",
            str(k.support),
            str(k.predicted),
        )
    console.print(table)
    folds = ", ".join(
        f"lex {f.lex.f1:.3f} / inf {f.inf.f1:.3f} (refitted {f.inf_cv.f1:.3f})"
        for f in scores.folds
    )
    console.print(f"F1 on two folds of whole stories: {folds}")
    console.print(
        "[dim]The shipped weights were fitted on BASIL's development split: there they have "
        "seen every sentence, and the refitted row (5 folds of whole stories, each called by "
        "the model fitted on the others) is the figure for stories they did not see.[/]"
    )
