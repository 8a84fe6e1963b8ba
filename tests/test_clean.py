"""Cleaning: each rule on lines it must remove and on look-alike lines it must keep."""

from __future__ import annotations

import pytest

from parallax.clean import boilerplate_reason, clean_text, normalize_text
from parallax.clean.meta import looks_like_headline, parse_byline, split_dateline

from .conftest import SEEDS

FURNITURE = [
    ("ANDREI POLSKY/NORTHLIGHT/Getty Images", "photo credit"),
    ("Lena Varga/Meridian Wire", "photo credit"),
    ("Photo: Lena Varga for The Harbour Ledger", "photo credit"),
    ("Image credit: Brennick Fire Service", "photo credit"),
    ("(Photo by Tom Rook/Coastline Today)", "photo credit"),
    ("Share Button", "share prompt"),
    ("Share this article", "share prompt"),
    ("Click to share on Twitter (Opens in new window)", "share prompt"),
    ("Follow us on Facebook and Instagram", "share prompt"),
    ("COMMENTS", "comment prompt"),
    ("Please let us know if you're having issues with commenting.", "comment prompt"),
    ("Leave a comment", "comment prompt"),
    ("Join the conversation", "comment prompt"),
    ("Sign up for our newsletter", "newsletter prompt"),
    ("Subscribe now for unlimited access", "newsletter prompt"),
    ("Get the morning briefing in your inbox. Sign up here!", "newsletter prompt"),
    ("Once registered, you can:", "newsletter prompt"),
    ("- Read additional free articles each month", "newsletter prompt"),
    (
        "By registering you agree to our privacy policy, terms & conditions and to receive "
        "occasional emails from The Harbour Ledger. You may unsubscribe at any time.",
        "newsletter prompt",
    ),
    ("Comments are closed.", "comment prompt"),
    ("Advertisement", "advertisement"),
    ("ADVERTISEMENT", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Read more: Velmora port reopens after talks", "related link"),
    ("Related: How the Brennick plant was inspected", "related link"),
    ("Home > News > Politics", "navigation"),
    ("World | Business | Sport", "navigation"),
    ("Copyright 2026 The Harbour Ledger. All rights reserved.", "copyright"),
    ("© Meridian Wire 2026", "copyright"),
    ("Reporting by Mira Castell; Editing by Tom Rook", "staff credit"),
    ("Updated 14:05 March 3, 2026", "timestamp"),
    ("4 min read", "timestamp"),
    ("If you buy something through our links, we may earn a commission.", "affiliate disclosure"),
    ("Filed under: Ports, Strikes", "tags"),
    ("* * *", "decoration"),
    ("This story was updated at 12:50 to add the time the strike ends.", "update note"),
    ("This article was originally published by The Harbour Ledger.", "update note"),
    (
        "(This story has not been edited by Harbour Ledger staff and is auto-generated from a "
        "syndicated feed.)",
        "syndication note",
    ),
    (
        "(Except for the headline, this story has not been edited by Meridian Wire staff and "
        "is published from a syndicated feed.)",
        "syndication note",
    ),
    ("Lena Varga: lvarga@harbourledger.com; 425-555-0137; Twitter @lenavarga.", "contact line"),
    ("For all the latest Business News, download the Harbour Ledger App", "call to action"),
    (
        "Advertisements Share this: Print LinkedIn Reddit Tumblr Pinterest Email Skype",
        "share prompt",
    ),
]

ARTICLE_LINES = [
    "Share prices fell 3 percent after the announcement.",
    "He declined to comment on the strike.",
    "The union did not respond to a request for comment.",
    "“Sign up for the night shift or lose your bonus,” the memo said.",
    "Reporters were told the port would reopen on Friday.",
    "Residents in Brennick/Northfield were told to keep windows closed.",
    "The governor said the photo showed the damaged tank.",
    "Path A: Velmora, Brennick/Northfield/Arvena",
    "Subscribers to the union's text alerts were told to stay home.",
    "The Strike Committee",
    "What happens next",
    "Our members will not back down, she said.",
    "| Berth | Ships | Delay |",
    "Follow the money, the auditor told the committee.",
    "Comments by the minister angered the dockworkers.",
    "The story was updated by the union on its website, the minister said.",
    "The port authority has a policy of not commenting on talks with the union.",
    "No member of the board would add comment yesterday on the new offer.",
    "That is why we place such a high premium on safety at the docks, the manager said.",
    "The report has not been edited by the ministry since March, its author said.",
    "Anyone with information can email tips@velmora.gov, police said.",
    "Residents can write to harbour@velmora.gov or call the council on Monday.",
    "For the latest figures, visit the port authority's website, the ministry said.",
]


@pytest.mark.parametrize(("line", "reason"), FURNITURE)
def test_furniture_lines_are_recognised(line: str, reason: str) -> None:
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize("line", ARTICLE_LINES)
def test_article_lines_that_look_alike_are_kept(line: str) -> None:
    assert boilerplate_reason(line) is None


def test_normalisation_keeps_quotation_marks_and_folds_compatibility_characters() -> None:
    raw = "“Very\u00a0significant progress,” he said.\r\n\r\n\r\nIt’s ﬁne\u200b —  really."
    assert normalize_text(raw) == "“Very significant progress,” he said.\n\nIt’s fine — really."


def test_repeated_lines_and_credits_are_dropped_but_list_items_repeat() -> None:
    raw = (
        "Dock Strike Enters Second Day\n\n"
        "ANDREI POLSKY/NORTHLIGHT/Getty Images\nANDREI POLSKY/NORTHLIGHT/Getty Images\n\n"
        "The strike entered its second day on Wednesday.\n"
        "The strike entered its second day on Wednesday.\n\n"
        "Demands:\n- Pay\n- Safety\n\nLater demands:\n- Pay\n"
    )
    result = clean_text(raw)
    assert result.title == "Dock Strike Enters Second Day"
    assert "Getty" not in result.text
    assert result.text.count("The strike entered its second day") == 1
    assert result.text.count("- Pay") == 2  # a repeat that is not adjacent is the article's own
    reasons = [r.reason for r in result.removed]
    assert reasons == ["photo credit", "repeated line", "repeated line"]


def test_bylines_and_datelines_become_metadata() -> None:
    raw = (
        "Port Talks Collapse\n\nBy Mira Castell and Tom Rook\n\n"
        "VELMORA, March 3 (Meridian Wire) - Talks between the port authority and the union "
        "collapsed on Tuesday.\n\nThe union said it would strike."
    )
    result = clean_text(raw)
    assert result.authors == ("Mira Castell", "Tom Rook")
    assert result.dateline == "VELMORA, March 3 (Meridian Wire)"
    assert "By Mira Castell" not in result.text
    assert result.text.startswith("VELMORA, March 3 (Meridian Wire) - Talks")  # text is kept


@pytest.mark.parametrize(
    ("paragraph", "dateline"),
    [
        ("PARIS (Reuters) - The minister said.", "PARIS (Reuters)"),
        ("BRENNICK — Firefighters worked overnight.", "BRENNICK"),
        ("BRENNICK ― Firefighters worked overnight.", "BRENNICK"),  # a horizontal bar
        ("(Meridian Wire) — The bank raised rates.", "(Meridian Wire)"),
        ("NEW YORK, NY, Jan. 5, 2026 -- Stocks fell.", "NEW YORK, NY, Jan. 5, 2026"),
        ("The port - closed since Monday - reopened.", None),
        ("NATO - the alliance said nothing.", None),
    ],
)
def test_datelines(paragraph: str, dateline: str | None) -> None:
    assert split_dateline(paragraph)[0] == dateline


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Mira Castell", ("Mira Castell",)),
        ("BY MIRA CASTELL, STAFF WRITER", ("Mira Castell",)),
        ("By Dana Okafor & Lio Brand | Meridian Wire", ("Dana Okafor", "Lio Brand")),
        ("By the end of the week the port was empty.", None),
        ("By Tuesday, talks had failed and the union walked out of the room.", None),
    ],
)
def test_bylines(line: str, authors: tuple[str, ...] | None) -> None:
    assert parse_byline(line) == authors


def test_headline_detection() -> None:
    assert looks_like_headline("Velmora Dockworkers Begin 48-Hour Strike")
    assert looks_like_headline("Is the port strike over?")
    assert not looks_like_headline("The union said the strike would last two days.")
    assert not looks_like_headline("Strike")


def test_hard_wrapped_lines_are_joined_into_paragraphs() -> None:
    raw = (
        "Headline Here\n\nThe union said on Tuesday that the strike would go on until the\n"
        "port authority returned to the table with a new offer.\n\nSecond paragraph."
    )
    result = clean_text(raw)
    assert result.text.split("\n\n")[0].endswith(
        "until the port authority returned to the table with a new offer."
    )
    assert result.text.endswith("Second paragraph.")


SEED_FURNITURE = [
    "CHARLY TRIBALLEAU/AFP/Getty Images",
    "COMMENTS",
    "Please let us know if you're having issues with commenting.",
    "Share Button",
]


@pytest.mark.parametrize("name", ["000_fff5383f43926097.txt", "001_0acf16bbf812fd5f.txt"])
def test_seed_articles_lose_their_furniture_and_keep_every_sentence(name: str) -> None:
    raw = (SEEDS / name).read_text(encoding="utf-8")
    result = clean_text(raw)
    for line in SEED_FURNITURE:
        assert line not in result.text
    body_lines = [
        normalize_text(line)
        for line in raw.splitlines()
        if line.strip() and line.strip() not in SEED_FURNITURE and line.strip() != result.title
    ]
    assert body_lines, "the seed has reporting lines"
    for line in body_lines:
        assert line in result.text, f"lost: {line[:60]}"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("as part of theU.S.-led coalition", "as part of the U.S.-led coalition"),
        ("the leader ofNATO spoke", "the leader of NATO spoke"),
        ("a rally inTexas andOhio", "a rally in Texas and Ohio"),
        # never split: a word that does not open with a glued function word
        ("the iPhone, McCain and eBay", "the iPhone, McCain and eBay"),
        ("theater Then bathe The onto Mars", "theater Then bathe The onto Mars"),
    ],
)
def test_a_function_word_glued_to_a_name_by_scraping_is_split(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


def test_the_list_a_prompt_opens_goes_with_it_and_the_articles_own_lists_stay() -> None:
    raw = (
        "Harbour board approves new shifts\n\n"
        "The harbour board approved new shift patterns on Monday.\n\n"
        "Once registered, you can:\n\n"
        "- Comment on articles and featured creative work\n\n"
        "- Get our curated newsletters delivered to your inbox\n\n"
        "The union listed its demands:\n\n"
        "- A 7 percent pay rise\n\n"
        "- No automation without talks\n\n"
        "Talks resume on Friday."
    )
    text = clean_text(raw).text
    assert "registered" not in text and "featured creative work" not in text
    assert "- A 7 percent pay rise\n\n- No automation without talks" in text
    assert text.endswith("Talks resume on Friday.")
