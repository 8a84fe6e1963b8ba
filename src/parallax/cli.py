"""The ``parallax`` command: a thin shell over the library (parse, call, render)."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, ParamSpec

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from parallax import render
from parallax.analysis.records import Analysis
from parallax.config import Settings, load_settings
from parallax.demo import corpus_dir
from parallax.errors import InputError, ParallaxError
from parallax.ingest.fields import parse_datetime
from parallax.ingest.registry import formats
from parallax.models import Article
from parallax.pipeline import ingest as ingest_inputs
from parallax.store import Store, open_store, shown

if TYPE_CHECKING:
    from parallax.analysis.run import AnalyzeReport

app = typer.Typer(
    name="parallax",
    help="Compare how news outlets cover the same event, fact by fact, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from parallax import __version__

        out.print(f"parallax {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Compare how news outlets cover the same event, fact by fact, with evidence."""


eval_app = typer.Typer(help="Score Parallax's stages on evaluation data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
stories_app = typer.Typer(
    help="Stories: the stored articles grouped by event (merge and split to correct them)."
)
app.add_typer(stories_app, name="stories")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The store: a SQLite file or a postgresql://user@host/db URL "
        "[env PARALLAX_DB; default: parallax.db in the user data dir]",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
P = ParamSpec("P")


def _guard(command: Callable[P, None]) -> Callable[P, None]:
    """Turn a ParallaxError into one clear line on stderr and exit code 1."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except ParallaxError as exc:
            err.print(f"[red]error:[/] {escape(str(exc))}")
            raise typer.Exit(1) from None

    return run


def _settings(**overrides: Any) -> Settings:
    return load_settings(overrides)


@contextmanager
def _store(db: str | Path | None) -> Iterator[Store]:
    store = open_store(_settings(db=db).db)
    try:
        yield store
    finally:
        store.close()


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[item]}", style="dim"),
        console=err,
        transient=True,
    )


def _echo_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _date(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise ParallaxError(f"{name} {value!r} is not a date", fix="write it like 2026-03-04")
    return parsed


@app.command()
@_guard
def ingest(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, directories, globs, URLs, or - for stdin.")
    ],
    db: DbOption = None,
    format: Annotated[
        str | None, typer.Option("--format", help="Skip sniffing and read every input as this.")
    ] = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="Largest input read (default 20 MB).")
    ] = None,
    fetch_links: Annotated[
        bool | None,
        typer.Option("--fetch-links", help="Fetch the pages that feed entries link to."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Processes reading many files (default: one per core)."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Read articles from files, directories, globs, URLs or stdin, clean them and store them."""
    settings = _settings(db=db, max_bytes=max_bytes, fetch_links=fetch_links)
    store = open_store(settings.db)
    try:
        with _progress() as progress:
            task = progress.add_task("Ingesting", total=None, item="")

            def advance(done: int, total: int, label: str) -> None:
                progress.update(task, completed=done, total=total, item=Path(label).name[:40])

            report = ingest_inputs(
                inputs,
                store,
                settings,
                format=format,
                on_source=advance,
                stdin=sys.stdin.buffer,
                workers=workers,
            )
    finally:
        store.close()
    if as_json:
        _echo_json(render.ingest_report_dict(report, settings.db))
    else:
        render.print_ingest_report(out, err, report, settings.db)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
@_guard
def articles(
    db: DbOption = None,
    outlet: Annotated[
        str | None, typer.Option(help="Only this outlet (any case, or a registry alias).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Published before this date.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many, newest first.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, newest first."""
    from parallax.outlets.describe import canonical_outlet, registry_for

    registry = registry_for(_settings())
    with _store(db) as store:
        found = store.articles(
            outlet=canonical_outlet(outlet, registry),
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            limit=limit,
        )
    if as_json:
        _echo_json([render.article_summary(a) for a in found])
    else:
        render.print_articles(out, found, registry)


@app.command()
@_guard
def show(
    article_id: Annotated[str, typer.Argument(help="Article id or a unique prefix of it.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one article: metadata, clean text and its analysis."""
    with _store(db) as store:
        article = store.get(article_id)
        analysis = store.analysis(article.id)
    if as_json:
        _echo_json({**article.to_dict(), "analysis": analysis.to_dict() if analysis else None})
    else:
        render.print_article(out, article)
        if analysis is None:
            out.print("[dim]Not analysed yet: run 'parallax analyze'.[/]")
        else:
            render.print_analysis(out, article, analysis)


class Scheduler(StrEnum):
    pool = "pool"
    dask = "dask"


def _analyze_dask(
    store: Store,
    *,
    address: str | None,
    workers: int | None,
    force: bool,
    on_progress: Callable[[int, int], None],
) -> AnalyzeReport:
    from parallax.batch.cluster import dask_client
    from parallax.batch.dask_analyze import analyze_store_dask

    with dask_client(address, workers=workers) as client:
        return analyze_store_dask(store, client=client, force=force, on_progress=on_progress)


@app.command()
@_guard
def analyze(
    db: DbOption = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Processes to use (default: up to 2, one per core)."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Analyse again articles already analysed.")] = False,
    as_json: JsonOption = False,
    scheduler: Annotated[
        Scheduler,
        typer.Option(
            help="'pool': processes on this machine; 'dask': Dask tasks over partitions of "
            "articles, which also embed each article for story grouping (needs Dask: the "
            "'scale' extra of parallax-news)."
        ),
    ] = Scheduler.pool,
    address: Annotated[
        str | None,
        typer.Option(
            help="With --scheduler dask: the Dask scheduler, e.g. tcp://10.0.0.5:8786 "
            "(default: a local cluster of --workers processes)."
        ),
    ] = None,
) -> None:
    """Analyse stored articles: sentences, entities, quotes and speakers, dates, quantities."""
    from parallax.analysis.run import analyze_store

    if address is not None and scheduler is not Scheduler.dask:
        raise ParallaxError("--address names a Dask scheduler", fix="add --scheduler dask")
    with _store(db) as store, _progress() as progress:
        task = progress.add_task("Analysing", total=None, item="")
        if scheduler is Scheduler.dask:
            report = _analyze_dask(
                store,
                address=address,
                workers=workers,
                force=force,
                on_progress=lambda d, t: progress.update(task, completed=d, total=t),
            )
        else:
            report = analyze_store(
                store,
                workers=workers,
                force=force,
                on_progress=lambda d, t: progress.update(task, completed=d, total=t),
            )
    if as_json:
        _echo_json(render.analyze_report_dict(report))
    else:
        render.print_analyze_report(out, err, report)
    if not report.ok:
        raise typer.Exit(1)


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


@app.command()
@_guard
def compare(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Articles to compare: files, folders, globs, URLs, or - for stdin."),
    ] = None,
    story_ref: Annotated[
        str | None,
        typer.Option("--story", help="Compare a stored story instead (see 'parallax stories')."),
    ] = None,
    report_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ReportFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Also store the articles there (SQLite file or postgresql:// URL) and reuse "
            "its analyses.",
        ),
    ] = None,
) -> None:
    """Compare articles about one event: shared and unique facts, conflicts, quotes, framing."""
    from parallax.comparison.build import compare as compare_articles
    from parallax.comparison.records import outlet_name
    from parallax.pipeline import load_articles
    from parallax.render.comparison_text import print_comparison
    from parallax.render.reports import render_comparison

    if output is not None and output.is_dir():
        raise ParallaxError(f"{output} is a folder", fix="give a file name for the report")
    settings = _settings(db=db) if db else _settings()
    if story_ref is not None:
        from parallax.stories.group import find_story

        if inputs:
            raise ParallaxError(
                "give either files or --story, not both", fix="drop the files or the option"
            )
        with _store(db) as store:
            chosen = find_story(store.stories(), story_ref)
            articles = [store.get(a) for a in chosen["article_ids"]]
            failed: list[InputError] = []
        db = db or str(settings.db)
    elif not inputs:
        raise ParallaxError("nothing to compare", fix="give article files, or --story ID")
    else:
        articles, failed = load_articles(inputs, settings, stdin=sys.stdin.buffer)
    for error in failed:
        err.print(f"[red]failed:[/] {escape(str(error))}")
    for article in articles:
        if article.language and article.language != "en":
            err.print(
                f"[yellow]note:[/] {escape(outlet_name(article))} is in '{article.language}'; "
                "Parallax analyses English, so it is shown without facts or quotes"
            )
    if len(articles) < 2:
        raise ParallaxError(
            f"{len(articles)} readable article(s) given, a comparison needs at least two",
            fix="give two or more article files, folders or URLs",
        )
    with _progress() as progress:
        progress.add_task(f"Comparing {len(articles)} articles", total=None, item="")
        if db:
            with _store(db) as store:
                store.add_many(articles)
                comparison = compare_articles(articles, store=store)
        else:
            comparison = compare_articles(articles)
    from parallax.outlets import registry_for

    registry = registry_for(settings)
    if output is not None:
        report = render_comparison(comparison, report_format.value, registry=registry)
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(report, encoding="utf-8")
        except OSError as exc:
            raise ParallaxError(
                f"cannot write the report to {output}: {exc.strerror}",
                fix="give a path in a folder you can write to",
            ) from exc
        err.print(f"Wrote the {report_format.value} report to {escape(str(output))}")
    elif report_format is ReportFormat.text:
        print_comparison(out, comparison, registry=registry)
    else:
        sys.stdout.write(render_comparison(comparison, report_format.value, registry=registry))
    if failed:
        raise typer.Exit(1)


@app.command()
@_guard
def similar(
    first: Annotated[str, typer.Argument(help="An article id (or unique prefix) or a file.")],
    second: Annotated[str, typer.Argument(help="An article id (or unique prefix) or a file.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """How surely two articles report the same story, and why."""
    from parallax.pipeline import load_articles
    from parallax.stories.features import features_of
    from parallax.stories.score import same_story

    chosen: list[Article] = []
    analyses: list[Analysis | None] = []
    with _store(db) as store:
        for ref in (first, second):
            if Path(ref).exists():
                found, failed = load_articles([ref])
                if failed or not found:
                    raise ParallaxError(
                        f"{ref} holds no readable article",
                        fix="give an article file or a stored article id",
                    )
                chosen.append(found[0])
                analyses.append(None)
            else:
                article = store.get(ref)
                chosen.append(article)
                analyses.append(store.analysis(article.id))
        a, b = features_of(chosen, analyses=analyses, cache=store)
    score = same_story(a, b)
    if as_json:
        _echo_json(
            {
                "articles": [x.id for x in chosen],
                "score": round(score.value, 4),
                "reasons": list(score.reasons),
            }
        )
        return
    out.print(f"Same-story score [bold]{score.value:.2f}[/] (0 = unrelated, 1 = the same story)")
    for reason in score.reasons:
        out.print(f"  - {escape(reason)}")


@stories_app.callback(invoke_without_command=True)
def stories(
    ctx: typer.Context,
    db: DbOption = None,
    as_json: JsonOption = False,
    scheduler: Annotated[
        Scheduler,
        typer.Option(
            help="'dask': group a large backlog by time window as Dask tasks, then reconcile "
            "the windows (needs Dask: the 'scale' extra of parallax-news)."
        ),
    ] = Scheduler.pool,
    address: Annotated[
        str | None,
        typer.Option(help="With --scheduler dask: the Dask scheduler (default: local cluster)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="With --scheduler dask: local worker processes (default 2)."),
    ] = None,
    window_days: Annotated[
        int, typer.Option(min=1, help="With --scheduler dask: days per time window.")
    ] = 7,
) -> None:
    """Group the stored articles into stories and list them, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    batch = _BatchOptions(scheduler, address, workers, window_days)
    _guard(_list_stories)(db, as_json, batch)


class _BatchOptions(NamedTuple):
    scheduler: Scheduler
    address: str | None
    workers: int | None
    days: int


def _group(store: Store, batch: _BatchOptions) -> list[dict[str, Any]]:
    if batch.address is not None and batch.scheduler is not Scheduler.dask:
        raise ParallaxError("--address names a Dask scheduler", fix="add --scheduler dask")
    if batch.scheduler is not Scheduler.dask:
        from parallax.stories.group import group_store

        return group_store(store)
    from datetime import timedelta

    from parallax.batch.batch_stories import group_store_batch
    from parallax.batch.cluster import dask_client

    with dask_client(batch.address, workers=batch.workers) as client:
        return group_store_batch(store, client=client, span=timedelta(days=batch.days))


def _list_stories(db: str | None, as_json: bool, batch: _BatchOptions) -> None:
    with _store(db) as store, _progress() as progress:
        progress.add_task("Grouping articles into stories", total=None, item="")
        found = _group(store, batch)
    if as_json:
        _echo_json(found)
    else:
        render.print_stories(out, found)


@stories_app.command("merge")
@_guard
def stories_merge(
    first: Annotated[str, typer.Argument(help="A story id (or an article id in it).")],
    second: Annotated[str, typer.Argument(help="The story to join with it.")],
    db: DbOption = None,
) -> None:
    """Join two stories for good (the correction holds when new articles arrive)."""
    from parallax.stories.group import merge_stories

    with _store(db) as store:
        found = merge_stories(store, first, second)
    render.print_stories(out, found)


@stories_app.command("split")
@_guard
def stories_split(
    story_ref: Annotated[str, typer.Argument(help="The story id.")],
    articles: Annotated[list[str], typer.Argument(help="Ids of the articles to move out.")],
    db: DbOption = None,
) -> None:
    """Move articles out of a story into one of their own, for good."""
    from parallax.stories.group import split_story

    with _store(db) as store:
        found = split_story(store, story_ref, articles)
    render.print_stories(out, found)


@app.command()
@_guard
def story(
    story_ref: Annotated[str, typer.Argument(help="A story id, or an article id in it.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One story: its articles, outlets, wire copies and confidence."""
    from parallax.stories.group import find_story

    with _store(db) as store:
        chosen = find_story(store.stories(), story_ref)
        members = [store.get(a) for a in chosen["article_ids"]]
    if as_json:
        _echo_json({**chosen, "articles": [render.article_summary(a) for a in members]})
    else:
        render.print_story(out, chosen, members)


@app.command()
@_guard
def search(
    query: Annotated[str, typer.Argument(help="Words to find (FTS5 syntax allowed).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles and texts."""
    with _store(db) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        _echo_json(
            [
                {**render.article_summary(h.article), "snippet": h.highlighted("[", "]")}
                for h in hits
            ]
        )
    else:
        render.print_hits(out, hits, query)


@app.command()
@_guard
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    max_body: Annotated[
        int, typer.Option("--max-body", min=1, help="Largest request body in bytes (5 MB).")
    ] = 5 * 1024 * 1024,
    watch_feeds: Annotated[
        list[str] | None,
        typer.Option(
            "--watch",
            help="Also watch these feeds (URL, OPML file or file of URLs; repeat for more), "
            "as 'parallax watch' does; pages show new stories as they come.",
        ),
    ] = None,
    interval: Annotated[
        float, typer.Option(min=0.1, help="With --watch: seconds between polls (900).")
    ] = 900.0,
    delay: Annotated[
        float, typer.Option(min=0, help="With --watch: seconds between requests to a site.")
    ] = 1.0,
) -> None:
    """Serve the web app and HTTP API over the store: stories, comparisons, articles, search.

    Answers at once: while the store is prepared and the models load (a few seconds), pages
    say so and the API answers 503 with Retry-After. Ctrl+C or SIGTERM stops it."""
    import uvicorn

    from parallax.web import create_app
    from parallax.web.watching import WatchOptions

    settings = _settings(db=db)
    watching = None
    if watch_feeds:
        from parallax.watch import feed_urls

        watching = WatchOptions(tuple(feed_urls(watch_feeds)), interval=interval, delay=delay)
    application = create_app(
        settings.db,
        max_body=max_body,
        settings=settings,
        watch=watching,
        warm_in_background=True,
    )
    address = f"[{host}]" if ":" in host else host
    err.print(
        f"Serving {escape(shown(settings.db))} at http://{address}:{port}/ (API docs at /docs); "
        "Ctrl+C stops"
    )
    # A request still running at Ctrl+C (a comparison: seconds) holds the exit 3 s at most.
    uvicorn.run(
        application,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=3,
    )


@app.command()
@_guard
def watch(
    feeds: Annotated[
        list[str],
        typer.Argument(help="RSS/Atom feed URLs, OPML files, or files of feed URLs (one a line)."),
    ],
    db: DbOption = None,
    interval: Annotated[
        float, typer.Option(min=0.1, help="Seconds between two polls of the feeds (900).")
    ] = 900.0,
    delay: Annotated[
        float, typer.Option(min=0, help="Seconds between two requests to one site (1).")
    ] = 1.0,
    once: Annotated[bool, typer.Option("--once", help="Poll once, then exit (for cron).")] = False,
) -> None:
    """Watch feeds: poll them on a schedule and store, analyse and group each new article
    into its story; Ctrl+C stops. Resumes where it stopped (state in the store)."""
    from parallax.watch import WatchThread, feed_urls
    from parallax.watch.status import WatchStatus, run_live

    settings = _settings(db=db)
    urls = feed_urls(feeds)
    status = WatchStatus(urls)
    runner = WatchThread(
        urls,
        settings,
        interval=interval,
        once=once,
        delay=delay,
        on_round=status.on_round,
        on_activity=status.on_activity,
    )
    err.print(f"Watching {len(urls)} feeds into {escape(shown(settings.db))}; Ctrl+C stops")
    interrupted = run_live(runner, status, err)
    out.print(status.table())
    for problem in status.problems():
        out.print(f"  - {escape(problem)}")
    out.print(("Stopped: " if interrupted else "") + status.summary())
    if runner.error is not None:
        raise runner.error
    if once and status.failed_feeds:
        raise typer.Exit(1)


@app.command("migrate")
@_guard
def migrate_store(
    source: Annotated[
        str,
        typer.Option("--from", help="The store to copy from: a SQLite file or a URL."),
    ],
    target: Annotated[
        str,
        typer.Option("--to", help="The store to copy into, e.g. postgresql://user@host/db."),
    ],
    as_json: JsonOption = False,
) -> None:
    """Copy a store into another (SQLite to PostgreSQL): articles, analyses, vectors,
    stories, corrections. Idempotent: a second run changes nothing."""
    from parallax.store import is_url
    from parallax.store.copy import copy_store

    if not is_url(source) and not Path(source).expanduser().is_file():
        raise ParallaxError(
            f"no database at {source}", fix="give the SQLite file (or URL) to copy from"
        )
    with _store(source) as origin, _store(target) as destination, _progress() as progress:
        tasks: dict[str, Any] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(f"Copying {stage}", total=total, item="")
            progress.update(tasks[stage], completed=done, total=total)

        report = copy_store(origin, destination, on_progress=advance)
    if as_json:
        _echo_json({"from": shown(source), "to": shown(target), **report.to_dict()})
        return
    render.print_copy_report(out, report, shown(source), shown(target))


@app.command("formats")
@_guard
def list_formats() -> None:
    """List the input formats Parallax reads."""
    for fmt in formats():
        out.print(f"[bold]{fmt.name:<6}[/] {', '.join(fmt.suffixes):<24} {fmt.description}")


@app.command("outlets")
@_guard
def list_outlets(
    db: DbOption = None,
    counts: Annotated[
        bool, typer.Option("--counts", help="Count each outlet's stored articles (reads --db).")
    ] = False,
    outlets_file: Annotated[
        str | None,
        typer.Option(
            "--outlets",
            help="A TOML or CSV file of outlets added to the bundled list (docs/outlets.md) "
            "[env PARALLAX_OUTLETS]",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the outlet registry: name, country, language, leaning, owner, domains."""
    from parallax.outlets import registry_for
    from parallax.outlets.listing import outlet_rows
    from parallax.render.outlets_console import print_outlet_rows

    settings = _settings(db=db, outlets=outlets_file)
    registry = registry_for(settings)
    stored: list[tuple[str, int]] = []
    if counts:
        with _store(settings.db) as store:
            stored = store.outlets()
    rows = outlet_rows(registry, stored)
    if as_json:
        shown_rows = [{k: v for k, v in r.items() if k != "links"} for r in rows]
        _echo_json({**registry.to_dict(), "outlets": shown_rows})
    else:
        print_outlet_rows(out, rows, registry, counts=counts)


@app.command()
@_guard
def demo(db: DbOption = None) -> None:
    """Ingest the bundled demo corpus (invented events and outlets) and show what was found."""
    settings = _settings(db=db)
    store = open_store(settings.db)
    try:
        with _progress() as progress:
            task = progress.add_task("Ingesting demo corpus", total=None, item="")

            def advance(done: int, total: int, label: str) -> None:
                progress.update(task, completed=done, total=total, item=Path(label).name[:40])

            report = ingest_inputs([str(corpus_dir())], store, settings, on_source=advance)
        render.print_ingest_report(out, err, report, settings.db)
        render.print_articles(out, store.articles())
        render.print_outlets(out, store.outlets())
        _demo_reports(store, _reports_folder(settings.db))
    finally:
        store.close()
    if not report.ok:
        raise typer.Exit(1)


def _reports_folder(db: Path | str) -> Path:
    """Where ``demo`` writes its HTML reports: beside a SQLite file, else in the data dir."""
    from parallax.config import default_db_path

    return (db.parent if isinstance(db, Path) else default_db_path().parent) / "reports"


def _demo_reports(store: Store, folder: Path) -> None:
    """Analyse the demo corpus, group it into stories and write each story's HTML report."""
    from parallax.analysis.run import analyze_store
    from parallax.comparison.build import compare as compare_articles
    from parallax.demo import story_events, truth
    from parallax.render.comparison_text import plural
    from parallax.render.reports import render_comparison
    from parallax.stories.group import group_store

    with _progress() as progress:
        task = progress.add_task("Analysing", total=None, item="")
        analysed = analyze_store(
            store, on_progress=lambda d, t: progress.update(task, completed=d, total=t)
        )
        progress.update(task, description="Grouping into stories")
        stories = group_store(store)
    render.print_analyze_report(out, err, analysed)
    by_id = {a.id: a for a in store.articles()}
    events = story_events(stories, by_id)
    folder.mkdir(parents=True, exist_ok=True)
    planted = len(truth()["events"])
    out.print(
        f"\n[bold]Stories[/]: {len(stories)} found; {len(events)} of the corpus' {planted} "
        "events found exactly"
    )
    with _progress() as progress:
        task = progress.add_task("Comparing", total=len(stories), item="")
        for story in stories:
            progress.update(task, item=story["story_id"])
            articles = [by_id[a] for a in story["article_ids"]]
            comparison = compare_articles(articles, store=store)
            path = folder / f"{story['story_id']}.html"
            path.write_text(render_comparison(comparison, "html"), encoding="utf-8")
            kinds = sorted({c.kind for c in comparison.conflicts})
            event = events.get(story["story_id"])
            out.print(
                f"  {escape(story['story_id'])} {escape(story['title'] or '')!r}"
                f" (demo event: {escape(event or 'none')}): {plural(len(articles), 'article')}, "
                f"{plural(comparison.coverage.independent, 'independent report')}, "
                f"{plural(len(comparison.shared), 'shared fact')}, "
                f"{plural(len(comparison.conflicts), 'conflict')} "
                f"({', '.join(kinds) or 'none'}), "
                f"{plural(len(comparison.maybe_conflicts), 'figure')} perhaps different"
                f" -> {escape(str(path))}"
            )
            progress.advance(task)


@eval_app.command("extraction")
@_guard
def eval_extraction(
    data: Annotated[
        Path, typer.Option(help="article-extraction-benchmark folder (ground truth + html/).")
    ] = Path("../shared/data/extraction"),
    as_json: JsonOption = False,
) -> None:
    """HTML main-text extraction F1: Parallax against plain trafilatura on the same pages."""
    from parallax.eval.extraction import evaluate
    from parallax.eval.lines import evaluate_lines

    with _progress() as progress:
        task = progress.add_task("Extracting", total=None, item="")
        scores = evaluate(
            data, on_page=lambda d, t: progress.update(task, completed=d, total=t, item="")
        )
        progress.update(task, description="Labelling lines", completed=0)
        lines = evaluate_lines(
            data, on_page=lambda d, t: progress.update(task, completed=d, total=t, item="")
        )
    if as_json:
        _echo_json(render.extraction_scores_dict(scores, lines))
    else:
        render.print_extraction_scores(out, scores, lines)


@eval_app.command("quotes")
@_guard
def eval_quotes(
    data: Annotated[
        Path,
        typer.Option(
            help="GenderGapTracker JSONL file (ggt.dev.jsonl) or PolNeAR folder (polnear/)."
        ),
    ] = Path("../shared/data/quotes/ggt.dev.jsonl"),
    split: Annotated[str, typer.Option(help="PolNeAR split to score (a folder data/SPLIT).")] = (
        "dev"
    ),
    as_json: JsonOption = False,
) -> None:
    """Quote precision/recall/F1 (overlap >= 0.3 of the longer) and speaker accuracy."""
    from parallax.eval.quotes import evaluate_ggt, evaluate_polnear

    with _progress() as progress:
        progress.add_task(f"Scoring quotes on {data.name}", total=None, item="")
        scores = evaluate_polnear(data, split) if data.is_dir() else evaluate_ggt(data)
    if as_json:
        _echo_json(render.quote_scores_dict(scores, str(data)))
    else:
        render.print_quote_scores(out, scores, str(data))


@eval_app.command("framing")
@_guard
def eval_framing(
    data: Annotated[
        Path, typer.Option(help="BABE JSONL file (sentences labelled biased / non-biased).")
    ] = Path("../shared/data/framing/babe_sg2.dev.jsonl"),
    basil: Annotated[
        Path | None,
        typer.Option(
            help="BASIL bias spans (framing/basil_spans.*.jsonl): score lexical and "
            "informational bias per sentence instead of BABE."
        ),
    ] = None,
    basil_articles: Annotated[
        Path, typer.Option(help="BASIL articles (stories/basil.*.jsonl) holding the texts.")
    ] = Path("../shared/data/stories/basil.dev.jsonl"),
    as_json: JsonOption = False,
) -> None:
    """Sentence-level macro-F1 of loaded-language detection, biased versus neutral (BABE);
    with --basil, P/R/F1 of lexical and informational bias sentences against BASIL."""
    from parallax.eval.framing import evaluate_babe

    if basil is not None:
        from parallax.eval.basil_framing import evaluate_basil

        with _progress() as progress:
            task = progress.add_task(f"Scoring framing on {basil.name}", total=None, item="")
            found = evaluate_basil(
                basil, basil_articles, progress=lambda s: progress.update(task, item=s[:8])
            )
        if as_json:
            _echo_json({"data": str(basil), **found.to_dict()})
        else:
            render.print_basil_framing(out, found, str(basil))
        return
    with _progress() as progress:
        progress.add_task(f"Scoring framing on {data.name}", total=None, item="")
        scores = evaluate_babe(data)
    if as_json:
        _echo_json(render.framing_scores_dict(scores, str(data)))
    else:
        render.print_framing_scores(out, scores, str(data))


@eval_app.command("pairs")
@_guard
def eval_pairs(
    data: Annotated[
        Path, typer.Option(help="SemEval-2022 Task 8 pairs (JSONL with an Overall rating).")
    ] = Path("../shared/data/pairs/semeval2022.dev.jsonl"),
    as_json: JsonOption = False,
) -> None:
    """Pearson correlation of the same-story score with the human Overall rating."""
    from parallax.eval.pairs import evaluate_pairs

    with _progress() as progress:
        progress.add_task(f"Scoring pairs in {data.name}", total=None, item="")
        scores = evaluate_pairs(data)
    result = {
        "data": str(data),
        "pearson": scores.pearson,
        "pearson_en_en": scores.pearson_en,
        "pairs": scores.pairs,
        "pairs_en_en": scores.pairs_en,
        "by_languages": scores.to_dict()["by_languages"],
    }
    if as_json:
        _echo_json(result)
        return
    out.print(
        f"Pearson r with the human rating (5 - Overall): [bold]{scores.pearson:.3f}[/] over "
        f"{scores.pairs} pairs, [bold]{scores.pearson_en:.3f}[/] over {scores.pairs_en} "
        "English-English pairs"
    )
    if len(scores.by_languages) > 1:
        out.print(
            "By languages: "
            + ", ".join(f"{key} {r:.3f} ({n})" for key, n, r in scores.by_languages)
        )
    out.print(
        "[dim]Anchor: best SemEval-2022 system 0.818 overall, 0.872 English-English. "
        "Plain MiniLM cosine: 0.375 / 0.845.[/]"
    )


@eval_app.command("clustering")
@_guard
def eval_clustering(
    data: Annotated[
        list[Path],
        typer.Option(help="Story files (JSONL with story_id): BASIL, ECB+, AllSides roundups."),
    ],
    as_json: JsonOption = False,
    batch_window: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Score the batch path instead: time windows of this many days clustered "
            "apart, then reconciled (as 'parallax stories --scheduler dask').",
        ),
    ] = None,
) -> None:
    """BCubed and pairwise F1 of online story clustering, articles taken in date order."""
    from parallax.eval.clustering import ClusteringScores, evaluate_clustering

    def evaluate(path: Path) -> ClusteringScores:
        if batch_window is None:
            return evaluate_clustering(path)
        from datetime import timedelta

        from parallax.batch.evaluate import evaluate_batch_clustering

        return evaluate_batch_clustering(path, span=timedelta(days=batch_window))

    results = []
    with _progress() as progress:
        task = progress.add_task("Clustering", total=len(data), item="")
        for path in data:
            progress.update(task, item=path.name)
            results.append(evaluate(path))
            progress.advance(task)
    if as_json:
        _echo_json([r.to_dict() for r in results])
        return
    for r in results:
        out.print(
            f"{escape(r.dataset)}: {r.items} items, {r.predicted_stories} stories "
            f"(gold {r.gold_stories}); BCubed P {r.bcubed_precision:.3f} R "
            f"{r.bcubed_recall:.3f} [bold]F1 {r.bcubed_f1:.3f}[/]; pairwise F1 "
            f"{r.pairwise_f1:.3f}"
        )


@eval_app.command("compare")
@_guard
def eval_compare(
    data: Annotated[
        Path,
        typer.Option(help="Gold file of labelled triplets (format: benchmarks/gold/README.md)."),
    ] = Path("benchmarks/gold/basil_compare.gold.jsonl"),
    articles: Annotated[
        Path, typer.Option(help="BASIL JSONL holding the gold's article texts.")
    ] = Path("../shared/data/stories/basil.dev.jsonl"),
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store (SQLite file or postgresql:// URL) to cache analyses and vectors in "
            "(none: memory).",
        ),
    ] = None,
    wrong: Annotated[
        bool, typer.Option("--wrong", help="Also list every claim the gold says is false.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Precision of every claim a comparison makes (shared, unique, omission, not found,
    conflict), alignment recall and fragments, against a labelled gold."""
    from parallax.comparison.build import compare as compare_articles
    from parallax.eval.compare import evaluate_compare, load_gold

    stories = load_gold(data, articles)
    store = open_store(db) if db is not None else None
    if store is not None:
        store.add_many([a for story in stories for a in story.articles])
    try:
        with _progress() as progress:
            task = progress.add_task("Comparing", total=len(stories), item="")

            def step(story_id: str) -> None:
                progress.update(task, item=story_id[:8])

            scores = evaluate_compare(
                stories,
                lambda arts: compare_articles(arts, store=store),
                progress=step,
                done=lambda: progress.advance(task),
            )
    finally:
        if store is not None:
            store.close()
    if as_json:
        _echo_json(scores.to_dict())
        return
    render.print_compare_scores(out, scores, str(data), wrong=wrong)


def main() -> None:
    """Entry point of the console script and of ``python -m parallax``."""
    app()


if __name__ == "__main__":
    main()
