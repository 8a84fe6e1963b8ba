"""The outlet registry: the bundled list, user files (TOML, CSV), matching, and ingest naming
outlets through it (real files, a real SQLite store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parallax.config import load_settings
from parallax.errors import ConfigError
from parallax.models import Article
from parallax.outlets import LEANINGS, Outlet, bundled_registry, describe, load_registry, stem_words
from parallax.outlets.describe import describe_name, file_stem
from parallax.pipeline import ingest
from parallax.store import SQLiteStore
from tests.conftest import DATA

ALLSIDES = DATA / "stories" / "allsides_roundups.dev.jsonl"
BASIL = DATA / "stories" / "basil.dev.jsonl"

BODY = (
    "Dockworkers in the port of Velmora ended a nine-day strike on Sunday after the harbour "
    "board agreed to a new shift pattern.\n\nThe union said its members would return on Monday."
)


# --- the bundled list ----------------------------------------------------------------------


def test_bundled_list_names_the_outlets_of_the_shared_data_with_their_sources() -> None:
    registry = bundled_registry()
    for name in ("Fox News", "New York Times", "HuffPost", "Breitbart News", "Reuters"):
        outlet = registry.get(name)
        assert outlet is not None and outlet.name == name
        assert outlet.leaning and outlet.country and outlet.language == "en"
        source = registry.source(outlet.source)
        assert source is not None and "AllSides" in source.title
    assert registry.get("Fox News").side == "right"  # type: ignore[union-attr]
    assert registry.get("Reuters").side == "center"  # type: ignore[union-attr]
    assert registry.get("HuffPost").side == "left"  # type: ignore[union-attr]
    names = [o.name.casefold() for o in registry.outlets]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"outlet": "Fox_News"}, "Fox News"),
        ({"outlet": "fox news (online news)"}, "Fox News"),
        ({"outlet": "The Huffington Post"}, "HuffPost"),
        ({"outlet": "nytimes.com"}, "New York Times"),
        ({"url": "http://thecaucus.blogs.nytimes.com/2010/07/02/x/"}, "New York Times"),
        ({"url": "https://latino.foxnews.com/latino/politics/x"}, "Fox News"),
        ({"url": "https://abcnews.go.com/Politics/story?id=1"}, "ABC News"),
        ({"url": "https://www.dailymail.co.uk/news/article-1.html"}, "Daily Mail"),
        ({"stem": "fox_news"}, "Fox News"),
        ({"stem": "Fox_News"}, "Fox News"),
        ({"stem": "foxnews"}, "Fox News"),
        ({"stem": "nytimes_2016_03_02"}, "New York Times"),
        ({"stem": "2015-syria-reuters"}, "Reuters"),
        ({"stem": "new-york-post-strike"}, "New York Post"),
        ({"stem": "the_hill"}, "The Hill"),
    ],
)
def test_matches_by_name_alias_domain_and_stem(given: dict[str, str], expected: str) -> None:
    found = bundled_registry().match(**given)
    assert found is not None and found.name == expected


@pytest.mark.parametrize(
    "given",
    [
        {"stem": "hill_walk"},  # "The Hill" is one short word: never at the edge of a stem
        {"stem": "reason_for_it"},  # "reason" is a domain label, but too short a one
        {"stem": "000_fff5383f43926097"},
        {"url": "https://co.uk/"},
        {"url": "https://notfoxnews.com/x"},  # a domain that merely ends in the same letters
        {"outlet": "Meridian Wire"},
        {"url": "not a url"},
    ],
)
def test_does_not_match_what_it_does_not_know(given: dict[str, str]) -> None:
    assert bundled_registry().match(**given) is None


def test_stem_words_reads_an_unknown_stem_as_words() -> None:
    assert stem_words("harbour_ledger") == "Harbour Ledger"
    assert stem_words("Daily-Clarion.2026") == "Daily Clarion 2026"
    assert stem_words("BBC_world") == "BBC World"


def test_registry_leanings_agree_with_the_allsides_roundups() -> None:
    """Every roundup item carries the AllSides rating of its source: the registry's leaning
    for the outlets it knows agrees with it, apart from opinion sections that AllSides
    rates apart from the news (the registry holds the outlet's news rating)."""
    registry = bundled_registry()
    agree = disagree = 0
    for line in ALLSIDES.read_text(encoding="utf-8").splitlines():
        for item in json.loads(line)["news"].values():
            outlet = registry.match(outlet=item["newsSource"])
            if outlet is None:
                continue
            if outlet.leaning == item["stance_specific"]:
                agree += 1
            else:
                disagree += 1
                assert "(Opinion)" in item["newsSource"], item
    assert agree >= 900 and disagree <= 0.03 * (agree + disagree)


def test_basil_outlets_keep_their_names() -> None:
    registry = bundled_registry()
    for line in BASIL.read_text(encoding="utf-8").splitlines()[:60]:
        row = json.loads(line)
        found = registry.match(outlet=row["outlet"], url=row["url"])
        assert found is not None and found.name == row["outlet"]


# --- user files ----------------------------------------------------------------------------


def test_user_toml_adds_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "outlets.toml"
    path.write_text(
        '[sources.mine]\ntitle = "My own reading"\n\n'
        '[[outlet]]\nname = "Harbour Ledger"\ndomains = ["harbourledger.example"]\n'
        'country = "gb"\nlanguage = "EN"\nleaning = "Lean-Right"\nsource = "mine"\n'
        'aliases = ["The Ledger"]\n\n'
        '[[outlet]]\nname = "reuters"\ndomains = ["reuters.com"]\nleaning = "mixed"\n',
        encoding="utf-8",
    )
    registry = load_registry(path)
    ledger = registry.match(url="https://news.harbourledger.example/a")
    assert ledger is not None and ledger.name == "Harbour Ledger"
    assert (ledger.country, ledger.language, ledger.leaning, ledger.side) == (
        "GB",
        "en",
        "lean right",
        "right",
    )
    assert registry.get("the ledger") is ledger
    assert registry.source("mine") is not None and registry.source("allsides-2021") is not None
    reuters = registry.get("Reuters")
    assert reuters is not None and reuters.leaning == "mixed" and reuters.side is None
    assert len(registry.outlets) == len(bundled_registry().outlets) + 1
    assert registry.files == ("bundled", str(path.resolve()))


def test_user_csv(tmp_path: Path) -> None:
    path = tmp_path / "outlets.csv"
    path.write_text(
        "name,domains,country,language,leaning,owner,aliases\n"
        "Velmora Radio,velmoraradio.example;vr.example,VL,en,center,Velmora State,VR\n"
        "Daily Clarion,,,,,,\n",
        encoding="utf-8",
    )
    registry = load_registry(path)
    radio = registry.match(url="https://vr.example/x")
    assert radio is not None and radio.name == "Velmora Radio" and radio.owner == "Velmora State"
    assert radio.domains == ("velmoraradio.example", "vr.example")
    clarion = registry.match(stem="daily_clarion")
    assert clarion is not None and clarion.leaning is None


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("o.toml", '[[outlet]]\nname = "X"\nleaning = "far left"\n', "leaning 'far left'"),
        ("o.toml", '[[outlet]]\nname = "X"\ncolour = "red"\n', "unknown fields ['colour']"),
        ("o.toml", '[[outlet]]\ndomains = ["x.example"]\n', "needs a name"),
        ("o.toml", '[[outlet]]\nname = "X"\ndomains = ["localhost"]\n', "is not a domain"),
        ("o.toml", "[[outlet]\n", "not valid TOML"),
        ("o.toml", '[[outlet]]\nname = "X"\n[[outlet]]\nname = "x"\n', "listed twice"),
        ("o.toml", '[outlets]\nname = "X"\n', "unknown tables"),
        ("o.csv", "title,domains\nX,x.example\n", "no 'name' column"),
        ("o.csv", "name,domains\nX,x.example,extra\n", "more cells than columns"),
        ("o.json", "{}", "neither .toml nor .csv"),
    ],
)
def test_bad_user_files_say_what_is_wrong(tmp_path: Path, name: str, text: str, says: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_registry(path)
    assert says in str(caught.value)


def test_missing_user_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_registry(tmp_path / "nope.toml")


def test_the_outlets_setting_comes_from_the_environment(tmp_path: Path) -> None:
    settings = load_settings(environ={"PARALLAX_OUTLETS": str(tmp_path / "o.toml")})
    assert settings.outlets == str(tmp_path / "o.toml")
    assert load_settings(environ={}).outlets == ""


def test_an_edited_user_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "outlets.toml"
    path.write_text('[[outlet]]\nname = "First Name"\ndomains = ["a.example"]\n', "utf-8")
    assert load_registry(path).match(url="https://a.example/") is not None
    path.write_text('[[outlet]]\nname = "Second Name"\ndomains = ["a.example"]\n', "utf-8")
    import os

    os.utime(path, (1_900_000_000, 1_900_000_000))
    found = load_registry(path).match(url="https://a.example/")
    assert found is not None and found.name == "Second Name"


# --- ingest names outlets through the registry ----------------------------------------------


def test_ingest_stores_outlets_under_registry_names(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "Fox_News.txt").write_text("Strike Ends In Velmora\n\n" + BODY, encoding="utf-8")
    (news / "harbour_ledger.txt").write_text("Strike Over\n\n" + BODY, encoding="utf-8")
    lines = [
        {"text": BODY + " One.", "outlet": "Fox News (Online News)"},
        {"text": BODY + " Two.", "url": "https://www.nytimes.com/2026/03/01/x.html"},
        {"text": BODY + " Three.", "outlet": "NYT > World", "url": "https://nytimes.com/y"},
        {"text": BODY + " Four.", "outlet": "Meridian Wire"},
    ]
    (news / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    db = tmp_path / "p.db"
    settings = load_settings({"db": db}, environ={})
    with SQLiteStore(db) as store:
        report = ingest([str(news)], store, settings)
        assert report.ok, report.failed
        by_source = {Path(a.source or "").name: a for a in store.articles()}
    assert by_source["Fox_News.txt"].outlet == "Fox News"
    assert by_source["harbour_ledger.txt"].outlet is None  # an unknown stem is no outlet
    assert by_source["feed.jsonl:1"].outlet == "Fox News"
    assert by_source["feed.jsonl:2"].outlet == "New York Times"
    assert by_source["feed.jsonl:3"].outlet == "New York Times"
    assert by_source["feed.jsonl:4"].outlet == "Meridian Wire"
    registry = bundled_registry()
    ledger = describe(by_source["harbour_ledger.txt"], registry)
    assert ledger.name == "Harbour Ledger" and not ledger.known
    assert ledger.label() == "Harbour Ledger (unknown outlet)"
    fox = describe(by_source["Fox_News.txt"], registry)
    assert fox.label() == "Fox News (US, right)" and fox.to_dict()["side"] == "right"


def test_same_text_from_two_spellings_of_an_outlet_is_one_article(tmp_path: Path) -> None:
    (tmp_path / "fox_news.txt").write_text("Strike Ends\n\n" + BODY, encoding="utf-8")
    row = {"title": "Strike Ends", "text": BODY, "outlet": "FoxNews"}
    (tmp_path / "one.jsonl").write_text(json.dumps(row), encoding="utf-8")
    db = tmp_path / "p.db"
    settings = load_settings({"db": db}, environ={})
    with SQLiteStore(db) as store:
        report = ingest(
            [str(tmp_path / "fox_news.txt"), str(tmp_path / "one.jsonl")], store, settings
        )
        assert report.ok and store.count() == 1


def test_a_user_outlet_file_names_outlets_at_ingest(tmp_path: Path) -> None:
    outlets = tmp_path / "outlets.csv"
    outlets.write_text("name,domains,aliases\nHarbour Ledger,harbourledger.example,\n", "utf-8")
    (tmp_path / "harbour_ledger.txt").write_text("Strike Over\n\n" + BODY, encoding="utf-8")
    db = tmp_path / "p.db"
    settings = load_settings({"db": db, "outlets": str(outlets)}, environ={})
    with SQLiteStore(db) as store:
        assert ingest([str(tmp_path / "harbour_ledger.txt")], store, settings).ok
        assert [a.outlet for a in store.articles()] == ["Harbour Ledger"]


def test_describe_names_and_stems() -> None:
    registry = bundled_registry()
    assert describe_name("Fox_News", registry).name == "Fox News"
    assert describe_name("harbour_ledger", registry).name == "Harbour Ledger"
    assert describe_name("Meridian Wire", registry).label() == "Meridian Wire (unknown outlet)"
    assert describe_name(None, registry).name == "Unknown outlet"
    article = Article.create(BODY, source="<stdin>")
    assert describe(article, registry).name == "Unknown outlet"
    assert file_stem("news/a.jsonl:3") is None and file_stem("feed.xml#2") is None
    assert file_stem("https://x.example/a.html") is None
    assert file_stem("news/Fox_News.txt") == "Fox_News"


# --- parallax outlets ------------------------------------------------------------------------


def test_cli_lists_the_registry_with_a_user_file_and_counts(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    outlets = tmp_path / "outlets.toml"
    outlets.write_text('[[outlet]]\nname = "Harbour Ledger"\nleaning = "center"\n', "utf-8")
    (tmp_path / "harbour_ledger.txt").write_text("Strike Over\n\n" + BODY, encoding="utf-8")
    db = tmp_path / "p.db"
    env = {"PARALLAX_OUTLETS": str(outlets)}
    assert (
        run_cli("ingest", str(tmp_path / "harbour_ledger.txt"), "--db", str(db), env=env).returncode
        == 0
    )
    done = run_cli("outlets", "--json", "--counts", "--db", str(db), env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    rows = {row["name"]: row for row in data["outlets"]}
    assert rows["Harbour Ledger"]["articles"] == 1 and rows["Harbour Ledger"]["side"] == "center"
    assert rows["Fox News"]["leaning"] == "right" and rows["Fox News"]["articles"] == 0
    assert data["files"] == ["bundled", str(outlets.resolve())]
    table = run_cli("outlets")
    assert table.returncode == 0 and "Fox News" in table.stdout and "AllSides" in table.stdout
    bad = run_cli("outlets", "--outlets", str(tmp_path / "missing.csv"))
    assert bad.returncode == 1 and "does not exist" in bad.stderr


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Dockworkers End Strike</title>
<link rel="canonical" href="https://www.nytimes.com/2026/03/09/world/velmora-strike.html">
<meta property="og:url" content="https://www.nytimes.com/2026/03/09/world/velmora-strike.html">
</head><body><nav><a href="/">Home</a></nav><article><h1>Dockworkers End Strike</h1>
<p>Dockworkers in the port of Velmora ended a nine-day strike on Sunday after the harbour
board agreed to a new shift pattern that the union had asked for since the winter.</p>
<p>The union said its members would return on Monday morning and that the first ships
waiting offshore would be unloaded before the end of the week.</p></article></body></html>
"""


def test_an_html_page_is_named_by_the_domain_of_its_canonical_url(tmp_path: Path) -> None:
    (tmp_path / "saved-page.html").write_text(PAGE, encoding="utf-8")
    db = tmp_path / "p.db"
    settings = load_settings({"db": db}, environ={})
    with SQLiteStore(db) as store:
        report = ingest([str(tmp_path / "saved-page.html")], store, settings)
        assert report.ok, report.failed
        (article,) = store.articles()
    assert article.outlet == "New York Times"
    assert (article.url or "").startswith("https://www.nytimes.com/")


def test_cli_articles_filter_takes_an_alias(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    (tmp_path / "Fox_News.txt").write_text("Strike Ends In Velmora\n\n" + BODY, encoding="utf-8")
    db = str(tmp_path / "p.db")
    assert run_cli("ingest", str(tmp_path / "Fox_News.txt"), "--db", db).returncode == 0
    done = run_cli("articles", "--outlet", "foxnews", "--json", "--db", db)
    assert done.returncode == 0, done.stderr
    assert [a["outlet"] for a in json.loads(done.stdout)] == ["Fox News"]


_WORD = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
)
_NAME = _WORD.map(str.strip).filter(bool)
_DOMAIN = st.from_regex(r"[a-z][a-z0-9-]{0,10}\.(com|org|co\.uk|example)", fullmatch=True).filter(
    lambda d: not d.startswith("www.")  # the www. of a domain is dropped: www.x.com is x.com
)


@given(
    name=_NAME,
    domains=st.lists(_DOMAIN, max_size=3, unique=True),
    country=st.none() | st.from_regex(r"[A-Z]{2}", fullmatch=True),
    language=st.none() | st.from_regex(r"[a-z]{2}", fullmatch=True),
    leaning=st.none() | st.sampled_from(LEANINGS),
    owner=st.none() | _NAME,
    aliases=st.lists(_NAME, max_size=3),
)
def test_outlet_round_trips_through_its_dict(**fields: object) -> None:
    outlet = Outlet(
        name=str(fields["name"]),
        domains=tuple(fields["domains"]),  # type: ignore[arg-type]
        country=fields["country"],  # type: ignore[arg-type]
        language=fields["language"],  # type: ignore[arg-type]
        leaning=fields["leaning"],  # type: ignore[arg-type]
        owner=fields["owner"],  # type: ignore[arg-type]
        aliases=tuple(fields["aliases"]),  # type: ignore[arg-type]
    )
    assert Outlet.from_dict(json.loads(json.dumps(outlet.to_dict()))) == outlet


def test_cli_articles_show_country_and_leaning_and_mark_unknown_outlets(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    news = tmp_path / "news"
    news.mkdir()
    (news / "Fox_News.txt").write_text("Strike Ends In Velmora\n\n" + BODY, encoding="utf-8")
    (news / "harbour_ledger.txt").write_text(
        "Velmora Strike Over\n\n" + BODY.replace("Velmora", "the port of Velmora"), encoding="utf-8"
    )
    db = str(tmp_path / "p.db")
    assert run_cli("ingest", str(news), "--db", db).returncode == 0
    done = run_cli("articles", "--db", db)
    assert done.returncode == 0, done.stderr
    fox = next(line for line in done.stdout.splitlines() if "Fox News" in line)
    assert "US" in fox and "right" in fox
    assert "(unknown outlet)" in done.stdout
