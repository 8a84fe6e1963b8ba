"""The real ``parallax`` entry point, run as a user would, in a subprocess."""

from __future__ import annotations

import json
import re
from pathlib import Path

from parallax.cli import app

from .conftest import REPO, run_cli


def _article(tmp_path: Path, name: str, outlet: str, published: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(
        f"---\noutlet: {outlet}\npublished: {published}\n---\n"
        f"Harbour Cranes Stand Still\n\n{body}\n\nShare this article\n",
        encoding="utf-8",
    )
    return path


def test_demo_ingests_the_bundled_corpus_and_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    first = run_cli("demo", "--db", str(db))
    assert first.returncode == 0, first.stderr
    match = re.search(r"(\d+) added, (\d+) already known, (\d+) failed", first.stdout)
    assert match and int(match.group(1)) >= 12 and match.group(3) == "0"
    assert "Meridian Wire" in first.stdout
    second = run_cli("demo", "--db", str(db))
    assert f"0 added, {match.group(1)} already known, 0 failed" in second.stdout
    # the demo groups the articles into stories and writes one report per story
    found = re.search(r"(\d+) found; (\d+) of the corpus' 3 events found exactly", first.stdout)
    assert found and int(found.group(2)) >= 2, first.stdout
    reports = sorted((tmp_path / "reports").glob("s*.html"))
    assert len(reports) == int(found.group(1))
    assert all("Content-Security-Policy" in r.read_text(encoding="utf-8") for r in reports)


def test_ingest_list_show_search_round_trip(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    news = tmp_path / "news"
    news.mkdir()
    _article(
        news,
        "a.txt",
        "The Harbour Ledger",
        "2026-03-03T09:00:00+01:00",
        "Cranes at the Port of Velmora stood still on Tuesday as 1,200 dockworkers struck.",
    )
    _article(
        news,
        "b.txt",
        "Coastline Today",
        "2026-03-04T10:00:00+01:00",
        "The strike at Velmora entered its second day with no talks planned.",
    )
    done = run_cli("ingest", str(news), "--db", db, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(report["added"]) == 2 and report["failed"] == []

    listed = json.loads(run_cli("articles", "--db", db, "--json").stdout)
    assert [a["outlet"] for a in listed] == ["Coastline Today", "The Harbour Ledger"]
    only = json.loads(
        run_cli("articles", "--db", db, "--json", "--outlet", "the harbour ledger").stdout
    )
    assert [a["outlet"] for a in only] == ["The Harbour Ledger"]
    since = json.loads(run_cli("articles", "--db", db, "--json", "--since", "2026-03-04").stdout)
    assert [a["outlet"] for a in since] == ["Coastline Today"]

    shown = json.loads(run_cli("show", listed[1]["id"][:8], "--db", db, "--json").stdout)
    assert shown["title"] == "Harbour Cranes Stand Still"
    assert "Share this article" not in shown["text"]
    assert shown["published"] == "2026-03-03T09:00:00+01:00"

    text_view = run_cli("show", listed[1]["id"], "--db", db)
    assert "1,200 dockworkers" in text_view.stdout and "The Harbour Ledger" in text_view.stdout

    hits = json.loads(run_cli("search", "second day", "--db", db, "--json").stdout)
    assert [h["outlet"] for h in hits] == ["Coastline Today"]
    assert "[second]" in hits[0]["snippet"] or "[day]" in hits[0]["snippet"]


def test_errors_are_one_clear_line_and_exit_1(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    missing = run_cli("show", "abcdef0123", "--db", db)
    assert missing.returncode == 1
    assert "no article with id 'abcdef0123'" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad_date = run_cli("articles", "--db", db, "--since", "someday")
    assert bad_date.returncode == 1 and "is not a date" in bad_date.stderr
    not_db = tmp_path / "notes.txt"
    not_db.write_text("just notes " * 200)
    wrong = run_cli("articles", "--db", str(not_db))
    assert wrong.returncode == 1 and "cannot open the database" in wrong.stderr


def test_db_location_comes_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "from-env.db"
    _article(
        tmp_path,
        "a.txt",
        "The Harbour Ledger",
        "2026-03-03T09:00:00+01:00",
        "Cranes stood still on Tuesday.",
    )
    done = run_cli("ingest", str(tmp_path / "a.txt"), env={"PARALLAX_DB": str(db)})
    assert done.returncode == 0, done.stderr
    assert db.is_file()


def test_every_command_has_help_and_is_documented() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert {"ingest", "articles", "show", "search", "demo", "formats"} <= set(commands)
    for name in commands:
        done = run_cli(name, "--help")
        assert done.returncode == 0, name
        assert "Usage" in done.stdout
        assert f"parallax {name}" in readme, f"README does not show 'parallax {name}'"
    assert "parallax eval extraction" in readme
    assert "make demo" in readme and "make test" in readme


def test_python_dash_m_and_version() -> None:
    done = run_cli("--version")
    assert done.returncode == 0 and re.match(r"parallax \d+\.\d+\.\d+", done.stdout)
