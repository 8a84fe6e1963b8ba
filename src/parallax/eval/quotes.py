"""Quote extraction and speaker attribution quality on GenderGapTracker and PolNeAR data.

Matching follows the GenderGapTracker evaluation: a predicted quote matches a true one when
their characters overlap by at least ``MATCH_OVERLAP`` (0.3) of the longer of the two, and
each quote matches at most one other (best overlap first). Precision, recall and F1 count
matched quotes; speaker accuracy is the share of matched quotes whose predicted speaker agrees
with the annotated one. The tracker's own script (``evaluate_quotes.py``) is a little more
lenient: it divides the overlap by the length of the *true* quote (score above 0.3), matches
greedily in annotation order, and counts a speaker as right when the speaker spans overlap.
Dividing by the longer quote never accepts a pair the tracker's rule rejects, so these scores
are not inflated relative to its published ones.

Speakers agree when a predicted name (the resolved entity name or the speaker span's text)
and an annotated name share a content word, case- and accent-insensitively ("Jean-Yves Le
Drian" and "Le Drian" share "drian"; pronouns, articles, titles and reporting verbs are not
content words, so an unresolved "he" never agrees). GenderGapTracker gives both the speaker
as written and its resolved ``reference``; either may agree. A true quote with no speaker
agrees with nothing. PolNeAR gives only the source span: when it is a pronoun
there is no name to compare, so the speakers agree when the predicted speaker span overlaps
it (the same mention was found).

Unit of comparison: GenderGapTracker annotates a quote running over several paragraphs as one
quote per paragraph, so each of a prediction's ``parts`` is compared on its own; PolNeAR
annotates one content span (possibly discontinuous), so a prediction is its parts together.

GenderGapTracker offsets: some article bodies in ``ggt.dev.jsonl`` are the text the
annotators saw, others are the text before the tracker's preprocessing (``"\\n"`` became
``".\\n "``, double spaces were collapsed), sometimes with a constant shift. For each article
the reading that makes most annotated quotes line up is chosen, and annotation offsets are
mapped back onto the body text as given, which is what Parallax analyses. Articles where
fewer than half the annotated quotes line up (a body that is missing) are skipped and counted.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from parallax.analysis.entities import HONORIFICS
from parallax.analysis.records import Quote
from parallax.errors import InputError
from parallax.models import Span

MATCH_OVERLAP = 0.3
BATCH = 16
_WORD = re.compile(r"\w+")
NOT_CONTENT = frozenset(HONORIFICS) | frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "you",
        "him",
        "them",
        "us",
        "me",
        "who",
        "that",
        "this",
        "these",
        "those",
        "one",
        "some",
        "another",
        "hon",
        "s",
        "jr",
        "sr",
        "said",
        "says",
        "told",
    ]
)


@dataclass(frozen=True, slots=True)
class QuoteCounts:
    articles: int
    skipped: int
    true: int
    predicted: int
    matched: int
    speaker_agree: int


@dataclass(frozen=True, slots=True)
class QuoteScores:
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float
    counts: QuoteCounts

    def summary(self) -> str:
        c = self.counts
        return (
            f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"speaker {self.speaker_accuracy:.3f}  (articles {c.articles}, skipped {c.skipped}, "
            f"true {c.true}, predicted {c.predicted}, matched {c.matched})"
        )


@dataclass(frozen=True, slots=True)
class Item:
    """One quote to compare: its content ranges, speaker names and speaker span."""

    ranges: tuple[Span, ...]
    names: tuple[str, ...] = ()
    speaker: Span | None = None

    @property
    def length(self) -> int:
        return sum(r.end - r.start for r in self.ranges)


def overlap(a: Item, b: Item) -> int:
    return sum(
        max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a.ranges for y in b.ranges
    )


def match(true: Sequence[Item], pred: Sequence[Item]) -> list[tuple[int, int]]:
    """One-to-one (true index, predicted index) pairs overlapping by at least MATCH_OVERLAP of
    the longer quote, best overlap first."""
    pairs: list[tuple[float, int, int]] = []
    for i, t in enumerate(true):
        for j, p in enumerate(pred):
            longer = max(t.length, p.length)
            if longer and overlap(t, p) >= MATCH_OVERLAP * longer:
                pairs.append((overlap(t, p) / longer, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_t: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, i, j in pairs:
        if i not in used_t and j not in used_p:
            used_t.add(i)
            used_p.add(j)
            out.append((i, j))
    return sorted(out)


def content_words(text: str) -> set[str]:
    flat = unicodedata.normalize("NFKD", text.casefold())
    flat = "".join(ch for ch in flat if not unicodedata.combining(ch))
    return {w for w in _WORD.findall(flat) if w not in NOT_CONTENT and not w.isdigit()}


def speakers_agree(true: Item, pred: Item) -> bool:
    true_words = set().union(*(content_words(n) for n in true.names)) if true.names else set()
    pred_words = set().union(*(content_words(n) for n in pred.names)) if pred.names else set()
    if true_words:
        return bool(true_words & pred_words)
    if true.speaker is None or pred.speaker is None:
        return False
    return true.speaker.start < pred.speaker.end and pred.speaker.start < true.speaker.end


@dataclass
class _Tally:
    articles: int = 0
    skipped: int = 0
    true: int = 0
    predicted: int = 0
    matched: int = 0
    agree: int = 0

    def add(self, true: Sequence[Item], pred: Sequence[Item]) -> None:
        self.articles += 1
        self.true += len(true)
        self.predicted += len(pred)
        for i, j in match(true, pred):
            self.matched += 1
            self.agree += speakers_agree(true[i], pred[j])

    def scores(self) -> QuoteScores:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.true if self.true else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.agree / self.matched if self.matched else 0.0
        counts = QuoteCounts(
            self.articles, self.skipped, self.true, self.predicted, self.matched, self.agree
        )
        return QuoteScores(p, r, f1, acc, counts)


# ---------------------------------------------------------------- predictions


def predict(texts: list[str]) -> list[list[Quote]]:
    """Speaker-resolved quotes of each text, by the analysis pipeline when it is installed."""
    try:
        from parallax.analysis.pipeline import analyze_text
    except ImportError:
        return _predict_direct(texts)
    return [list(analyze_text(text).quotes) for text in texts]


def _predict_direct(texts: list[str]) -> list[list[Quote]]:
    from parallax.analysis.entities import find_entities
    from parallax.analysis.nlp import parse_many
    from parallax.analysis.quotes import find_quotes
    from parallax.analysis.speakers import resolve_speakers

    out: list[list[Quote]] = []
    for k in range(0, len(texts), BATCH):
        for doc in parse_many(texts[k : k + BATCH]):
            entities = find_entities(doc)
            out.append(resolve_speakers(find_quotes(doc), entities, doc))
    return out


def predicted_items(quote: Quote, text: str, *, split_parts: bool) -> list[Item]:
    names = tuple(
        n for n in (quote.speaker_name, quote.speaker.of(text) if quote.speaker else None) if n
    )
    ranges = quote.parts or (quote.content,)
    if split_parts:
        return [Item((r,), names, quote.speaker) for r in ranges]
    return [Item(tuple(ranges), names, quote.speaker)]


# ---------------------------------------------------------------- GenderGapTracker


def _index(value: object) -> tuple[int, int] | None:
    numbers = [int(n) for n in re.findall(r"\d+", str(value or ""))]
    return (numbers[0], numbers[1]) if len(numbers) == 2 and numbers[0] <= numbers[1] else None


def _replace(text: str, origin: list[int], old: str, new: str) -> tuple[str, list[int]]:
    """``text.replace(old, new)`` keeping, for each character, its offset in the body text."""
    out: list[str] = []
    org: list[int] = []
    i = 0
    while (j := text.find(old, i)) >= 0:
        out.append(text[i:j])
        org.extend(origin[i:j])
        out.append(new)
        org.extend([origin[j]] * len(new))
        i = j + len(old)
    out.append(text[i:])
    org.extend(origin[i:])  # includes the end sentinel
    return "".join(out), org


def _readings(body: str) -> list[tuple[str, list[int]]]:
    """The body as given and as the tracker's preprocessing left it, each with its offsets."""
    plain = (body, list(range(len(body) + 1)))
    text, origin = _replace(body, plain[1], "\xa0", " ")
    text, origin = _replace(text, origin, "\n", ".\n ")
    text, origin = _replace(text, origin, "..\n ", ".\n ")
    text, origin = _replace(text, origin, ". .\n ", ".\n ")
    newlines = (text, origin)
    text, origin = _replace(text, origin, "  ", " ")
    return [plain, newlines, (text, origin)]


def ggt_truth(row: dict[str, object]) -> list[Item] | None:
    """True quotes of one GenderGapTracker row on its body text, or None when they cannot be
    located there."""
    body = str(row.get("articleBodyText") or "")
    quotes = [q for q in row.get("quotations") or [] if isinstance(q, dict)]  # type: ignore[attr-defined]
    located = [(q, _index(q.get("quote_index"))) for q in quotes]
    best: tuple[int, int, tuple[str, list[int]]] | None = None
    for reading in _readings(body):
        text = reading[0]
        shifts: Counter[int] = Counter()
        for q, ix in located:
            if ix is not None and q.get("quote"):
                pos = text.find(str(q["quote"]))
                if pos >= 0:
                    shifts[pos - ix[0]] += 1
        for shift, _ in shifts.most_common(3):
            hits = sum(
                1
                for q, ix in located
                if ix is not None and text[ix[0] + shift : ix[1] + shift] == q.get("quote")
            )
            if best is None or hits > best[0]:
                best = (hits, shift, reading)
    if best is None or best[0] * 2 < len(quotes):
        return None if quotes else []
    _, shift, (text, origin) = best

    def to_body(ix: tuple[int, int] | None) -> Span | None:
        if ix is None:
            return None
        a = min(max(0, ix[0] + shift), len(text))
        b = min(max(a, ix[1] + shift), len(text))
        start, end = origin[a], origin[b]
        return Span(start, max(start, end))

    items: list[Item] = []
    for q, ix in located:
        span = to_body(ix)
        if span is None or span.end <= span.start:
            continue
        names = tuple(str(q.get(k) or "") for k in ("reference", "speaker") if q.get(k))
        items.append(Item((span,), names, to_body(_index(q.get("speaker_index")))))
    return items


def _ggt_rows(path: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "is not UTF-8 text", fix="give ggt.dev.jsonl") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                str(path), f"line {number} is not JSON ({exc.msg})", fix="give ggt.dev.jsonl"
            ) from exc
        if not isinstance(row, dict) or "articleBodyText" not in row:
            raise InputError(
                str(path),
                f"line {number} has no articleBodyText",
                fix="give a GenderGapTracker JSONL file (articleBodyText + quotations)",
            )
        rows.append(row)
    if not rows:
        raise InputError(str(path), "holds no articles", fix="give ggt.dev.jsonl")
    return rows


def evaluate_ggt(
    path: Path, *, predictor: Callable[[list[str]], list[list[Quote]]] = predict
) -> QuoteScores:
    """Scores on a GenderGapTracker JSONL file (``articleBodyText`` + ``quotations``)."""
    if not path.is_file():
        raise InputError(str(path), "is not a file", fix="give the path of ggt.dev.jsonl")
    rows = _ggt_rows(path)
    tally = _Tally()
    cases: list[tuple[str, list[Item]]] = []
    for row in rows:
        if "quotations" not in row:
            tally.skipped += 1
            continue
        truth = ggt_truth(row)
        if truth is None:
            tally.skipped += 1
            continue
        cases.append((str(row.get("articleBodyText") or ""), truth))
    predictions = predictor([text for text, _ in cases])
    for (text, truth), quotes in zip(cases, predictions, strict=True):
        pred = [i for q in quotes for i in predicted_items(q, text, split_parts=True)]
        tally.add(truth, pred)
    return tally.scores()


# ---------------------------------------------------------------- PolNeAR


def _brat_spans(field: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    for piece in field.split(";"):
        numbers = piece.split()[-2:]
        if len(numbers) == 2 and all(n.isdigit() for n in numbers):
            spans.append(Span(int(numbers[0]), int(numbers[1])))
    return tuple(spans)


def polnear_truth(ann: str, text: str) -> list[Item]:
    """Attributions of one brat ``.ann`` file as items (content ranges, source name/span)."""
    spans: dict[str, tuple[Span, ...]] = {}
    relations: list[dict[str, str]] = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            spans[cols[0]] = _brat_spans(cols[1].split(" ", 1)[1] if " " in cols[1] else "")
        elif line.startswith("E") and len(cols) >= 2:
            roles = dict(p.split(":", 1) for p in cols[1].split() if ":" in p)
            relations.append({k.rstrip("0123456789"): v for k, v in roles.items()})
    items: list[Item] = []
    for rel in relations:
        content = spans.get(rel.get("Content", ""), ())
        if not content:
            continue
        source = spans.get(rel.get("Source", ""), ())
        names: tuple[str, ...] = ()
        speaker = None
        if source:
            speaker = Span(source[0].start, source[-1].end)
            name = " ".join(s.of(text) for s in source)
            if content_words(name):
                names = (name,)
        items.append(Item(content, names, speaker))
    return items


def evaluate_polnear(
    folder: Path,
    split: str = "dev",
    *,
    predictor: Callable[[list[str]], list[list[Quote]]] = predict,
) -> QuoteScores:
    """Scores on PolNeAR's ``SPLIT/text/*.txt`` and ``SPLIT/attributions/*_ANNOTATOR.ann``.

    An article annotated by several annotators is scored against the first annotation (by
    file name)."""
    base = folder / split
    if not (base / "text").is_dir() or not (base / "attributions").is_dir():
        raise InputError(
            str(base),
            "has no text/ and attributions/ folders",
            fix="give the PolNeAR folder that holds dev/text and dev/attributions",
        )
    anns: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        anns.setdefault(stem, ann)
    tally = _Tally()
    cases: list[tuple[str, list[Item]]] = []
    for txt in sorted((base / "text").glob("*.txt")):
        annotation = anns.get(txt.stem)
        if annotation is None:
            tally.skipped += 1
            continue
        text = txt.read_text(encoding="utf-8")
        cases.append((text, polnear_truth(annotation.read_text(encoding="utf-8"), text)))
    predictions = predictor([text for text, _ in cases])
    for (text, truth), quotes in zip(cases, predictions, strict=True):
        pred = [i for q in quotes for i in predicted_items(q, text, split_parts=False)]
        tally.add(truth, pred)
    return tally.scores()
