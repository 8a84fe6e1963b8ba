#!/usr/bin/env python3
"""Check the bundled demo corpus against ``truth.json``.

Standalone, standard library only (Python 3.11+). Run it with::

    python3 src/parallax/demo/check_truth.py

It prints ``OK`` and exits 0 when every statement in ``truth.json`` holds for the files in
``corpus/``; otherwise it prints one problem per line and exits 1.

What is checked:

* the events: exactly 3, at least 14 articles in all, each event with 3 to 5 distinct
  outlets (a wire copy counts as the outlet that republished it), every listed file on disk
  and every corpus file listed;
* article metadata: outlet, headline, publication time (ISO 8601 with an offset) and authors
  agree with the file's front matter, its ``NAME.meta.json`` sidecar or its HTML meta tags;
* every verbatim string (noise lines, metadata lines, body sentences, evidence, quoted text,
  loaded and neutral phrases) occurs in its file: in a ``.txt`` file in the text after the
  front matter (noise and metadata lines as whole lines), in an ``.html`` file in the visible
  text of the ``<article>`` element, tags stripped, entities unescaped, whitespace collapsed;
* evidence never lies inside a noise line, so cleaning cannot remove a planted fact;
* the planted differences: per event at least 3 unique facts and at least one number, day,
  occasion and attribution conflict, one quote-wording difference and one loaded-wording
  pair; exactly one wire-copy group (one original and two near-identical copies);
* every direct quote in the corpus is listed in ``quotes`` (at least 30 in all);
* each body (without headline, noise and metadata lines) is 250 to 700 words long, and the
  files use ASCII plus curly quotes, curly apostrophes and em dashes only.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
TRUTH = HERE / "truth.json"

ALLOWED_NON_ASCII = set("\u201c\u201d\u2018\u2019\u2014")
CONFLICT_TYPES = ("number_conflict", "day_conflict", "occasion_conflict")
PER_EVENT_MINIMUM = {
    "unique_fact": 3,
    "number_conflict": 1,
    "day_conflict": 1,
    "occasion_conflict": 1,
    "attribution_conflict": 1,
    "quote_wording": 1,
    "loaded_wording": 1,
}
SIDECAR_SUFFIX = ".meta.json"
BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "figure",
    "figcaption",
    "header",
    "footer",
    "section",
    "aside",
    "blockquote",
    "time",
    "br",
    "span",
    "nav",
    "article",
}
SKIP_TAGS = {"script", "style", "noscript", "template"}


def collapse(text: str) -> str:
    return " ".join(text.split())


class Article:
    """The parts of one corpus file that the checks need."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.meta: dict[str, Any] = {}
        self.headline = ""
        self.lines: list[str] = []  # stripped, non-empty lines (txt) or text blocks (html)
        self.problems: list[str] = []
        raw = path.read_text(encoding="utf-8")
        self.raw = raw
        if path.suffix == ".html":
            self._load_html(raw)
        else:
            self._load_txt(raw)
        self.text = "\n".join(self.lines)
        self.flat = collapse(self.text)

    def _load_txt(self, raw: str) -> None:
        body = raw
        if raw.startswith("---\n"):
            end = raw.find("\n---\n", 4)
            if end < 0:
                self.problems.append(f"{self.path.name}: front matter is not closed")
                return
            for line in raw[4:end].splitlines():
                key, sep, value = line.partition(":")
                if not sep:
                    self.problems.append(f"{self.path.name}: bad front-matter line {line!r}")
                    continue
                self.meta[key.strip()] = value.strip()
            if "authors" in self.meta:
                self.meta["authors"] = [a.strip() for a in self.meta["authors"].split(";")]
            body = raw[end + len("\n---\n") :]
        else:
            sidecar = self.path.with_name(self.path.stem + SIDECAR_SUFFIX)
            if not sidecar.exists():
                self.problems.append(f"{self.path.name}: no front matter and no {sidecar.name}")
            else:
                self.meta = json.loads(sidecar.read_text(encoding="utf-8"))
        self.lines = [line.strip() for line in body.splitlines() if line.strip()]
        self.headline = self.lines[0] if self.lines else ""

    def _load_html(self, raw: str) -> None:
        parser = _PageParser()
        parser.feed(raw)
        parser.close()
        self.meta = {
            "outlet": parser.metas.get("og:site_name", ""),
            "published": parser.metas.get("article:published_time", ""),
            "authors": [a.strip() for a in parser.metas.get("author", "").split(";") if a.strip()],
            "url": parser.canonical,
        }
        self.lines = [collapse(b) for b in parser.blocks if collapse(b)]
        self.headline = collapse(parser.h1)
        if not parser.title:
            self.problems.append(f"{self.path.name}: no <title>")
        if not parser.nav_seen:
            self.problems.append(f"{self.path.name}: no <nav>")
        if not self.lines:
            self.problems.append(f"{self.path.name}: no <article> text")

    def has(self, needle: str) -> bool:
        if self.path.suffix == ".html":
            return collapse(needle) in self.flat
        return needle in self.text

    def has_line(self, line: str) -> bool:
        return collapse(line) in (collapse(x) for x in self.lines)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.metas: dict[str, str] = {}
        self.canonical = ""
        self.title = ""
        self.h1 = ""
        self.blocks: list[str] = []
        self.nav_seen = False
        self._in_title = False
        self._in_h1 = False
        self._article_depth = 0
        self._skip = 0
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.metas[key] = a.get("content", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href", "")
        elif tag == "title":
            self._in_title = True
        elif tag == "nav":
            self.nav_seen = True
        if tag in SKIP_TAGS:
            self._skip += 1
        if tag == "article":
            self._article_depth += 1
        if self._article_depth and tag in BLOCK_TAGS:
            self._flush()
        if self._article_depth and tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in SKIP_TAGS and self._skip:
            self._skip -= 1
        if self._article_depth and tag in BLOCK_TAGS:
            self._flush()
        if tag == "h1":
            self._in_h1 = False
        if tag == "article" and self._article_depth:
            self._article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._skip or not self._article_depth:
            return
        self._current.append(data)
        if self._in_h1:
            self.h1 += data

    def _flush(self) -> None:
        text = "".join(self._current)
        self._current = []
        if text.strip():
            self.blocks.append(text)


def quote_spans(block: str) -> list[str]:
    """Direct quotes in one paragraph: curly pairs, straight pairs, and a quote left open
    at the end of the paragraph (it continues in the next one)."""
    spans: list[str] = []
    for open_q, close_q in (("\u201c", "\u201d"), ('"', '"')):
        pos = 0
        while True:
            start = block.find(open_q, pos)
            if start < 0:
                break
            end = block.find(close_q, start + 1)
            if end < 0:
                spans.append(block[start + 1 :])
                break
            spans.append(block[start + 1 : end])
            pos = end + 1
    return [s.strip().rstrip(",").strip() for s in spans if s.strip()]


def body_words(article: Article, noise: set[str], metadata: set[str]) -> int:
    count = 0
    headline_seen = False
    for line in article.lines:
        if line == article.headline and not headline_seen:
            headline_seen = True
            continue
        if line in noise or line in metadata:
            continue
        count += len(line.split())
    return count


def check_iso(value: str) -> bool:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return parsed.tzinfo is not None


def main() -> int:
    problems: list[str] = []

    def need(condition: bool, message: str) -> None:
        if not condition:
            problems.append(message)

    try:
        truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"cannot load {TRUTH}: {exc}")
        return 1

    for key in ("events", "articles", "differences", "agreeing_facts", "quotes"):
        need(key in truth, f"truth.json: missing key {key!r}")
    events: list[dict[str, Any]] = truth.get("events", [])
    infos: dict[str, dict[str, Any]] = truth.get("articles", {})

    # --- files on disk -------------------------------------------------------------------
    loaded: dict[str, Article] = {}
    for name in infos:
        path = CORPUS / name
        if not path.is_file():
            problems.append(f"{name}: listed in articles but missing from {CORPUS}")
            continue
        loaded[name] = Article(path)
        problems.extend(loaded[name].problems)
    for path in sorted(CORPUS.iterdir()):
        if path.name.endswith(SIDECAR_SUFFIX):
            owner = path.name[: -len(SIDECAR_SUFFIX)] + ".txt"
            need(owner in infos, f"{path.name}: sidecar without a listed article {owner}")
        else:
            need(path.name in infos, f"{path.name}: file in corpus/ not listed in truth.json")
        raw = path.read_text(encoding="utf-8")
        odd = sorted({c for c in raw if ord(c) > 127 and c not in ALLOWED_NON_ASCII})
        need(not odd, f"{path.name}: unexpected non-ASCII characters {odd}")

    # --- events and outlets --------------------------------------------------------------
    need(len(events) == 3, f"expected 3 events, found {len(events)}")
    need(len(infos) >= 14, f"expected at least 14 articles, found {len(infos)}")
    seen: dict[str, str] = {}
    event_ids = {e.get("id") for e in events}
    for event in events:
        eid = event.get("id", "?")
        need(bool(event.get("title")), f"event {eid}: no title")
        outlets = set()
        for name in event.get("articles", []):
            need(name in infos, f"event {eid}: {name} not in articles")
            need(name not in seen, f"{name}: listed in two events")
            need(name.startswith(eid + "-"), f"{name}: file name does not start with {eid}-")
            seen[name] = eid
            if name in infos:
                need(infos[name].get("event") == eid, f"{name}: event field is not {eid}")
                outlets.add(infos[name].get("outlet"))
        need(3 <= len(outlets) <= 5, f"event {eid}: {len(outlets)} distinct outlets, want 3-5")
    for name in infos:
        need(name in seen, f"{name}: not listed under any event")

    # --- per-article metadata and verbatim strings ----------------------------------------
    formats = {"txt_front": 0, "txt_sidecar": 0, "html": 0}
    for name, info in infos.items():
        art = loaded.get(name)
        if art is None:
            continue
        if name.endswith(".html"):
            formats["html"] += 1
        elif art.raw.startswith("---\n"):
            formats["txt_front"] += 1
        else:
            formats["txt_sidecar"] += 1
        for key in ("outlet", "published"):
            need(
                art.meta.get(key) == info.get(key),
                f"{name}: {key} {info.get(key)!r} != file {art.meta.get(key)!r}",
            )
        need(
            list(art.meta.get("authors", [])) == list(info.get("authors", [])),
            f"{name}: authors {info.get('authors')} != file {art.meta.get('authors')}",
        )
        url = str(art.meta.get("url", ""))
        need(bool(re.match(r"^https://[a-z0-9.-]+\.example/", url)), f"{name}: url {url!r}")
        need(check_iso(str(info.get("published", ""))), f"{name}: published is not ISO 8601+tz")
        need(
            collapse(info.get("title", "")) == art.headline,
            f"{name}: title {info.get('title')!r} != headline {art.headline!r}",
        )
        dateline = info.get("dateline")
        if dateline:
            need(
                any(line.startswith(dateline + ",") for line in art.lines),
                f"{name}: no paragraph starts with dateline {dateline!r}",
            )
        noise = info.get("noise_lines", [])
        metadata = info.get("metadata_lines", [])
        for line in noise:
            need(art.has_line(line), f"{name}: noise line not found as a line: {line!r}")
        for line in metadata:  # bylines are whole lines, datelines open a paragraph
            need(
                art.has_line(line) or any(x.startswith(line) for x in art.lines),
                f"{name}: metadata line not found: {line!r}",
            )
        sentences = info.get("body_sentences", [])
        need(3 <= len(sentences) <= 6, f"{name}: {len(sentences)} body_sentences, want 3-6")
        for s in sentences:
            need(art.has(s), f"{name}: body sentence not found: {s!r}")
            need(not any(s in n for n in noise), f"{name}: body sentence inside noise: {s!r}")
        words = body_words(art, {collapse(n) for n in noise}, {collapse(m) for m in metadata})
        need(250 <= words <= 700, f"{name}: body has {words} words, want 250-700")
    need(formats["html"] == 2, f"expected exactly 2 .html articles, found {formats['html']}")
    need(
        formats["txt_sidecar"] == 1,
        f"expected exactly 1 .txt article with a sidecar, found {formats['txt_sidecar']}",
    )

    def evidence(name: str, text: str, where: str, event: str | None = None) -> None:
        art = loaded.get(name)
        if art is None:
            problems.append(f"{where}: unknown article {name!r}")
            return
        if event is not None:
            need(infos[name].get("event") == event, f"{where}: {name} is not in event {event}")
        if not text:
            problems.append(f"{where}: empty string for {name}")
            return
        need(art.has(text), f"{where}: not found in {name}: {text!r}")
        noise = infos[name].get("noise_lines", [])
        need(
            not any(collapse(text) in collapse(n) for n in noise),
            f"{where}: evidence lies inside a noise line of {name}: {text!r}",
        )

    # --- differences ----------------------------------------------------------------------
    counts: dict[tuple[str, str], int] = {}
    wire_groups = []
    for i, diff in enumerate(truth.get("differences", [])):
        dtype, eid = diff.get("type"), diff.get("event")
        where = f"differences[{i}] ({dtype}, {eid})"
        need(eid in event_ids, f"{where}: unknown event")
        counts[(eid, dtype)] = counts.get((eid, dtype), 0) + 1
        if dtype == "unique_fact":
            evidence(diff.get("article", ""), diff.get("evidence", ""), where, eid)
        elif dtype in CONFLICT_TYPES or dtype == "attribution_conflict":
            sides = diff.get("sides", [])
            need(len(sides) >= 2, f"{where}: fewer than 2 sides")
            need(
                len({s.get("article") for s in sides}) == len(sides),
                f"{where}: two sides from the same article",
            )
            for side in sides:
                evidence(side.get("article", ""), side.get("evidence", ""), where, eid)
            if dtype == "attribution_conflict":
                quote = diff.get("quote", "")
                for side in sides:
                    need(quote in side.get("evidence", ""), f"{where}: quote not in evidence")
                need(len({s.get("speaker") for s in sides}) >= 2, f"{where}: same speaker")
            else:
                need(bool(diff.get("what")), f"{where}: no 'what'")
                for side in sides:
                    need(
                        str(side.get("value", "")).lower() in side.get("evidence", "").lower(),
                        f"{where}: value {side.get('value')!r} not in its evidence",
                    )
                need(len({s.get("value") for s in sides}) >= 2, f"{where}: values agree")
        elif dtype == "quote_wording":
            sides = diff.get("sides", [])
            need(len(sides) >= 2, f"{where}: fewer than 2 sides")
            need(bool(diff.get("speaker")), f"{where}: no speaker")
            need(len({s.get("evidence") for s in sides}) == len(sides), f"{where}: same wording")
            for side in sides:
                evidence(side.get("article", ""), side.get("evidence", ""), where, eid)
        elif dtype == "loaded_wording":
            loaded_side, neutral_side = diff.get("loaded", {}), diff.get("neutral", {})
            need(
                loaded_side.get("article") != neutral_side.get("article"),
                f"{where}: loaded and neutral from the same article",
            )
            need(
                len(loaded_side.get("phrases", [])) == len(neutral_side.get("phrases", [])),
                f"{where}: loaded and neutral phrase lists differ in length",
            )
            need(bool(loaded_side.get("phrases")), f"{where}: no phrases")
            for side in (loaded_side, neutral_side):
                for phrase in side.get("phrases", []):
                    evidence(side.get("article", ""), phrase, where, eid)
        elif dtype == "wire_copy":
            wire_groups.append(diff)
            original, copies = diff.get("original", ""), diff.get("copies", [])
            need(len(copies) == 2, f"{where}: want 2 copies, found {len(copies)}")
            group = infos.get(original, {}).get("wire_group")
            need(bool(group), f"{where}: original has no wire_group")
            outlets = {infos.get(original, {}).get("outlet")}
            for copy in copies:
                need(copy in loaded, f"{where}: unknown copy {copy}")
                if copy not in loaded or original not in loaded:
                    continue
                need(infos[copy].get("wire_group") == group, f"{where}: {copy} wire_group")
                need(infos[copy].get("event") == eid, f"{where}: {copy} not in {eid}")
                outlets.add(infos[copy].get("outlet"))
                noise = set(infos[original].get("noise_lines", []))
                paras = [p for p in loaded[original].lines[1:] if p not in noise and len(p) > 80]
                shared = sum(1 for p in paras if loaded[copy].has_line(p))
                need(
                    paras and shared / len(paras) >= 0.75,
                    f"{where}: {copy} shares only {shared}/{len(paras)} paragraphs",
                )
            need(len(outlets) == 3, f"{where}: original and copies need 3 different outlets")
        else:
            problems.append(f"{where}: unknown difference type")
    need(len(wire_groups) == 1, f"expected exactly 1 wire_copy group, found {len(wire_groups)}")
    grouped = {n for n, info in infos.items() if info.get("wire_group")}
    if wire_groups:
        members = {wire_groups[0].get("original"), *wire_groups[0].get("copies", [])}
        need(grouped == members, f"wire_group set on {sorted(grouped)}, want {sorted(members)}")
    for eid in event_ids:
        for dtype, minimum in PER_EVENT_MINIMUM.items():
            found = counts.get((eid, dtype), 0)
            need(found >= minimum, f"event {eid}: {found} {dtype}, want at least {minimum}")

    # --- agreeing facts -------------------------------------------------------------------
    for i, fact in enumerate(truth.get("agreeing_facts", [])):
        where = f"agreeing_facts[{i}]"
        sides = fact.get("sides", [])
        need(len(sides) >= 2, f"{where}: fewer than 2 sides")
        need(len({s.get("article") for s in sides}) == len(sides), f"{where}: repeated article")
        for side in sides:
            evidence(side.get("article", ""), side.get("evidence", ""), where, fact.get("event"))
    need(len(truth.get("agreeing_facts", [])) >= 3, "expected at least 3 agreeing_facts")

    # --- quotes ---------------------------------------------------------------------------
    quotes = truth.get("quotes", [])
    need(len(quotes) >= 30, f"expected at least 30 quotes, found {len(quotes)}")
    listed: dict[str, set[str]] = {}
    for i, q in enumerate(quotes):
        where = f"quotes[{i}]"
        need(bool(q.get("speaker")), f"{where}: no speaker")
        evidence(q.get("article", ""), q.get("text", ""), where, q.get("event"))
        listed.setdefault(q.get("article", ""), set()).add(collapse(q.get("text", "")))
    for name, art in loaded.items():
        noise = {collapse(n) for n in infos[name].get("noise_lines", [])}
        for line in art.lines:
            if collapse(line) in noise:
                continue
            for span in quote_spans(line):
                need(
                    collapse(span) in listed.get(name, set()),
                    f"{name}: direct quote not listed in quotes: {span!r}",
                )

    if problems:
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
