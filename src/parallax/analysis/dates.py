"""Date and time expressions of an article, resolved against its publication date.

Patterns written here find the expressions; spaCy's DATE entities (unreliable) only fill the
gaps, unresolved. Resolution (``pub`` is the publication date in its own time zone; ranges
are inclusive):

* Weekdays ("Tuesday", "on Tuesday", "Monday night") are the most recent such day on or
  before ``pub`` (a Wednesday article's "Wednesday" is that day), or the first on or after
  ``pub`` when their verb speaks of the future ("will vote on Friday", "is due on Friday").
  "next/this coming Friday" is the first after ``pub``, "last Friday" the last before it.
* "yesterday", "today", "tonight", "this morning", "last night", "tomorrow": that day.
* "last/this/next week|month|year|quarter|decade" are calendar units (weeks run Monday to
  Sunday); "earlier this month" runs from its first day to ``pub``, "later this year" from
  ``pub`` to its end; "the past week", "the past two years" run back from ``pub``, "the
  coming week", "the next two months" forward; "three weeks ago" is the week (month, year)
  that many units back; "early/mid/late" keep a third of the range.
* A day or month without a year ("March 3", "in October") takes the year that puts it
  closest before ``pub``, at most ``SLACK`` days after it (the first on or after ``pub``
  when the verb speaks of the future).
* Absolute dates ("3 March 2026", "March 2026", "in 2013", "2011-13", "1990s", "Q1 2026")
  resolve with or without ``pub``; decades have granularity "year", quarters "month".
* Without ``pub``, relative expressions keep their granularity but ``start``/``end`` are
  None and ``relative`` is True: nothing is guessed. So do narrative ones ("the previous
  week"), whatever ``pub``.
* Vague periods ("the coming weeks", "recent months", "several weeks ago") and leftover
  spaCy entities have granularity None and no range. Durations ("two years", "48 hours",
  "for several months", "for years") are kept the same way with ``relative`` False: they
  are not on a calendar. Clock times ("6 a.m.") and ages ("45-year-old") are left out.

Spans leave out a leading preposition ("Tuesday" in "on Tuesday", "2013" in "in 2013");
durations keep their "for". Mentions never overlap: the longest wins.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from spacy.tokens import Doc, Token

from parallax.analysis.nlp import doc_text, lemma
from parallax.analysis.quantities import NUMBER_WORD_PATTERN, parse_number
from parallax.analysis.records import DateMention
from parallax.models import Span

SLACK = 7  # days a yearless date may lie after the publication date
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = {
    "the day before yesterday": -2, "yesterday": -1, "last night": -1, "today": 0,
    "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "tomorrow": 1,
    "the day after tomorrow": 2,
}  # fmt: skip
PARTS = {"early": 0, "start": 0, "beginning": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)(?![A-Za-z])"
)
_WD = r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY = r"(?<![\d,.])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:]|,\d)"
_YEAR = r"(?<![\w,.$£€/'’])(?:1[89]\d\d|20\d\d)(?![\d%]|,\d|\.\d)"
_NUM = rf"(?:\d[\d,]*(?:\.\d+)?|{NUMBER_WORD_PATTERN}(?:[- ]{NUMBER_WORD_PATTERN})?)"
_UNITS = r"(?:minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century)"
_PART = r"(?:early|mid-?|late|the\s+(?:end|start|beginning|middle)\s+of)"
_PREP_BEFORE = re.compile(
    r"(?i)\b(?:in|since|by|until|till|from|during|through|throughout|before|after|between"
    r"|and|to|of|around|circa|as\s+of|for|last|next|this)\s+$"
)
_DATEISH = re.compile(
    r"(?i)\d|\b(?:days?|weeks?|weekends?|months?|years?|decades?|centur(?:y|ies)|seasons?"
    r"|spring|summer|autumn|fall|winter|quarters?|mornings?|afternoons?|evenings?|nights?"
    r"|today|tomorrow|yesterday|christmas|easter|ramadan|eid|holidays?)\b"
)
_RELATIVE_CUE = re.compile(
    r"(?i)\b(?:last|next|this|ago|recent|coming|past|previous|earlier|later|following"
    r"|before|after|today|tonight|tomorrow|yesterday|current|weekend|night)\b"
)
_NOT_A_DATE = re.compile(  # a bare number ("the mayor, 45,"), an age, a frequency, an adjective
    r"(?i)^[\d,.]+$|\bold\b|-old|\b(?:every|each|per|annual|daily|weekly|monthly|yearly)\b"
    r"|\w[-‐](?:minute|hour|day|week|month|year|decade)\b"
)
_FREQUENCY_BEFORE = re.compile(r"(?i)\b(?:once|twice|times|per|every|each)\s+$")
_FUTURE_AUX = {"will", "'ll", "’ll", "shall", "wo"}
_FUTURE_LEMMAS = {"go", "due", "schedule", "set", "plan", "expect"}
_SCHEDULE_LEMMAS = {"schedule", "set", "plan", "slate", "reschedule", "postpone", "move"}

_PATTERNS: dict[str, re.Pattern[str]] = {
    "md": re.compile(
        rf"(?:(?P<wd>{_WD}),?\s+)?(?P<mon>{_MONTH})\s+(?P<day>{_DAY})(?:,?\s+(?P<year>{_YEAR}))?"
    ),
    "dm": re.compile(
        rf"(?:(?P<wd>{_WD}),?\s+)?(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?(?P<mon>{_MONTH})"
        rf"(?:,?\s+(?P<year>{_YEAR}))?"
    ),
    "iso": re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<mon>\d\d)-(?P<day>\d\d)(?![\d-])"),
    "month": re.compile(
        rf"(?:(?P<part>{_PART})\s*|(?P<mod>(?i:last|next|this))\s+)?(?P<mon>{_MONTH})"
        rf"(?:,?\s+(?:of\s+)?(?P<year>{_YEAR}))?"
    ),
    "year": re.compile(
        rf"(?:(?P<part>{_PART})\s*)?(?P<year>{_YEAR})(?:(?P<dec>s)\b|\s*[-–]\s*(?P<year2>"
        r"\d\d(?:\d\d)?)\b)?"
    ),
    "relday": re.compile(
        r"(?i)\b(?P<word>the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|yesterday|today"
        r"|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))"
        r"(?:\s+(?:morning|afternoon|evening|night))?\b"
    ),
    "weekday": re.compile(
        rf"(?i)\b(?:(?P<mod>last|next|this\s+coming|this|past|coming)\s+)?(?P<wd>{_WD})"
        r"(?:\s+(?:morning|afternoon|evening|night))?\b"
    ),
    "period": re.compile(
        rf"(?i)\b(?:(?P<part>earlier|later|{_PART})\s+)?(?P<the>the\s+|this\s+)?"
        r"(?P<mod>last|this|next|past|coming|previous|current|following)\s+"
        r"(?P<unit>week|weekend|month|year|decade|quarter)\b"
    ),
    "part": re.compile(
        r"(?i)\b(?:the\s+)?(?P<ord>first|second|third|fourth|last|final)\s+(?P<unit>quarter"
        rf"|half)\s+of\s+(?P<year>{_YEAR})|\bQ(?P<q>[1-4])\s+(?P<qyear>{_YEAR})"
    ),
    "span": re.compile(
        rf"(?i)\bthe\s+(?P<mod>past|last|previous|next|coming|following)\s+(?P<n>{_NUM}|few"
        r"|several|many)\s+(?P<unit>days|weeks|months|years|decades)\b"
    ),
    "ago": re.compile(
        rf"(?i)\b(?P<n>{_NUM}|an?|a\s+few|several|few|many|some)\s+(?P<unit>{_UNITS})\s+ago\b"
    ),
    "vague": re.compile(
        r"(?i)\b(?:the\s+)?(?:coming|next|following|past|last|recent)\s+(?:few\s+|several\s+)?"
        r"(?:days|weeks|months|years|decades)\b|\brecent\s+(?:days|weeks|months|years)\b"
    ),
    "duration": re.compile(
        rf"(?i)\b(?:for\s+)?(?:{_NUM}|several|many|a\s+few|a\s+couple\s+of|few|some)\s+"
        rf"(?:more\s+|long\s+)?{_UNITS}\b(?![-‐]|\s+old\b|\s+ago\b|\s+later\b|\s+earlier\b)"
        r"|\bfor\s+(?:minutes|hours|days|weeks|months|years|decades|centuries"
        r"|an?\s+(?:hour|day|week|month|year|decade|century))\b"
    ),
}


@dataclass(frozen=True, slots=True)
class _Context:
    doc: Doc
    pub: date | None

    def future(self, start: int, end: int) -> bool:
        """Whether the verb the expression attaches to speaks of the future."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        tok, path = span.root, list[Token]()
        while len(path) < 6:
            path.append(tok)
            if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
                break
            tok = tok.head
        for verb in [tok, tok.head] if tok.dep_ == "xcomp" else [tok]:
            helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
            if any(c.lower_ in _FUTURE_AUX for c in helpers):
                return True
            present = any(t.tag_ in ("VBZ", "VBP") for t in [verb, *helpers])
            if present and any(lemma(t) in _FUTURE_LEMMAS for t in [verb, *path]):
                return True
        return False

    def scheduled(self, start: int, end: int) -> bool:
        """Whether the expression is the time something was set for ("the judge set the
        sentencing for June 28", "was scheduled for March 3"): whatever the verb's tense,
        that may be before or after ``pub``."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        tok, steps = span.root, 0
        while steps < 6 and tok.head.i != tok.i and tok.pos_ not in ("VERB", "AUX"):
            if tok.dep_ == "pobj" and tok.head.lower_ == "for":
                return any(lemma(t) in _SCHEDULE_LEMMAS for t in tok.head.ancestors)
            tok, steps = tok.head, steps + 1
        return False


def _mention(
    m: re.Match[str], gran: str | None, rng: tuple[date, date] | None, relative: bool
) -> DateMention:
    lo, hi = rng if rng else (None, None)
    return DateMention(Span(*m.span()), gran, lo, hi, relative)


def _month_no(name: str) -> int:
    return int(name) if name.isdigit() else MONTHS[name.lower()[:3]]


def _month_range(year: int, month: int) -> tuple[date, date]:
    return _unit_range(date(year, month, 1), "month")


def _add_months(day: date, n: int) -> date:
    k = day.year * 12 + day.month - 1 + n
    year, month = divmod(k, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _back(pub: date, unit: str, n: float) -> date:
    """``pub`` moved ``n`` units (day, week, month, year, decade; negative is forward)."""
    unit = unit.lower().rstrip("s")
    if unit in ("day", "week"):
        return pub - timedelta(days=round(n * (7 if unit == "week" else 1)))
    months = {"month": 1, "year": 12, "decade": 120, "century": 1200}.get(unit, 0)
    return _add_months(pub, -round(n * months))


def _narrow(rng: tuple[date, date], part: str | None) -> tuple[date, date]:
    """The early, middle or late third of a range ("early March", "the end of 2025")."""
    key = re.sub(r"(?i)\b(?:the|of)\b|-", " ", part or "").split()
    third, (lo, hi) = PARTS.get(key[0].lower()) if key else None, rng
    size = ((hi - lo).days + 1) // 3
    if third is None or size < 1:
        return rng
    lo += timedelta(days=size * third)
    return lo, lo + timedelta(days=size - 1) if third < 2 else hi


def _unit_range(day: date, unit: str) -> tuple[date, date]:
    """The calendar week, month, quarter, year or decade containing ``day``."""
    if unit == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    size = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[unit]
    k = day.year * 12 + day.month - 1
    first = date((k - k % size) // 12, (k - k % size) % 12 + 1, 1)
    return first, _add_months(first, size) - timedelta(days=1)


def _pick(
    cands: list[tuple[date, date]], pub: date, future: bool, nearest: bool = False
) -> tuple[date, date] | None:
    """Of candidate ranges for a yearless date, the one the news most likely means: the
    nearest to ``pub`` on either side when ``nearest`` (a time something was set for)."""
    if nearest and cands:
        return min(cands, key=lambda c: (min(abs((c[0] - pub).days), abs((c[1] - pub).days)), c))
    if future:
        after = [c for c in cands if c[1] >= pub]
        return min(after) if after else None
    before = [c for c in cands if c[0] <= pub + timedelta(days=SLACK)]
    return max(before) if before else None


def _day_month(m: re.Match[str], ctx: _Context) -> DateMention | None:
    """ "March 3", "3rd of March 2026", "Tuesday, March 3", "2026-03-03"."""
    month, day = _month_no(m["mon"]), int(re.sub(r"\D", "", m["day"]))
    if not 1 <= month <= 12 or not 1 <= day <= monthrange(2024, month)[1]:
        return None
    if m["year"]:
        try:
            d = date(int(m["year"]), month, day)
        except ValueError:
            return None
        return _mention(m, "day", (d, d), False)
    if ctx.pub is None:
        return _mention(m, "day", None, True)
    years = range(ctx.pub.year - 4, ctx.pub.year + 5)
    cands = [(date(y, month, day),) * 2 for y in years if day <= monthrange(y, month)[1]]
    rng = _pick(cands, ctx.pub, ctx.future(*m.span()), ctx.scheduled(*m.span()))
    return _mention(m, "day", rng, True)


def _month(m: re.Match[str], ctx: _Context) -> DateMention | None:
    month = _month_no(m["mon"])
    if m["year"]:
        return _mention(m, "month", _narrow(_month_range(int(m["year"]), month), m["part"]), False)
    before = doc_text(ctx.doc)[max(0, m.start() - 20) : m.start()]
    if not (m["part"] or m["mod"] or _PREP_BEFORE.search(before)):
        return None
    if ctx.pub is None:
        return _mention(m, "month", None, True)
    pub, mod = ctx.pub, (m["mod"] or "").lower()
    cands = [_month_range(y, month) for y in range(pub.year - 1, pub.year + 2)]
    if mod == "this":
        rng: tuple[date, date] | None = _month_range(pub.year, month)
    elif mod == "last":
        rng = max(c for c in cands if c[1] < pub.replace(day=1))
    elif mod == "next":
        rng = min(c for c in cands if c[0] > _month_range(pub.year, pub.month)[1])
    else:
        rng = _pick(cands, pub, ctx.future(*m.span()), ctx.scheduled(*m.span()))
    return _mention(m, "month", _narrow(rng, m["part"]) if rng else None, True)


def _year(m: re.Match[str], ctx: _Context) -> DateMention | None:
    """A year ("in 2013", "early 2019"), a range of years ("2015-16") or a decade ("1990s")."""
    first = last = int(m["year"])
    if m["dec"]:
        if first % 10:
            return None
        last = first + 9
    elif m["year2"]:
        y2 = m["year2"]
        last = int(y2) if len(y2) == 4 else first - first % 100 + int(y2)
        if not first < last <= first + 100:
            return None
    before = doc_text(ctx.doc)[max(0, m.start() - 20) : m.start()]
    if re.search(r"(?i)(?:copyright|©)\s*$", before):
        return None
    if not (m["part"] or m["year2"] or m["dec"] or _PREP_BEFORE.search(before)):
        span = ctx.doc.char_span(*m.span("year"), alignment_mode="expand")
        if span is None or all(t.ent_type_ != "DATE" for t in span):
            return None
    rng = _narrow((date(first, 1, 1), date(last, 12, 31)), m["part"])
    return _mention(m, "year", rng, False)


def _relday(m: re.Match[str], ctx: _Context) -> DateMention:
    if ctx.pub is None:
        return _mention(m, "day", None, True)
    d = ctx.pub + timedelta(days=RELATIVE_DAYS[" ".join(m["word"].lower().split())])
    return _mention(m, "day", (d, d), True)


def _weekday(m: re.Match[str], ctx: _Context) -> DateMention:
    if ctx.pub is None:
        return _mention(m, "day", None, True)
    pub, wd = ctx.pub, WEEKDAYS.index(m["wd"].lower())
    mod = " ".join((m["mod"] or "").lower().split())
    back, ahead = (pub.weekday() - wd) % 7, (wd - pub.weekday()) % 7
    if mod in ("next", "coming", "this coming"):
        d = pub + timedelta(days=ahead or 7)
    elif mod in ("last", "past"):
        d = pub - timedelta(days=back or 7)
    elif ctx.future(*m.span("wd")):
        d = pub + timedelta(days=ahead)
    else:
        d = pub - timedelta(days=back)
    return _mention(m, "day", (d, d), True)


def _period(m: re.Match[str], ctx: _Context) -> DateMention:
    unit, mod = m["unit"].lower(), m["mod"].lower()
    the, part = (m["the"] or "").strip().lower(), (m["part"] or "").lower()
    gran = {"weekend": "day", "quarter": "month", "decade": "year"}.get(unit, unit)
    if ctx.pub is None or mod in ("previous", "following"):
        return _mention(m, gran, None, True)
    pub = ctx.pub
    if (mod in ("past", "last") and the) or mod == "past":
        rng = (_back(pub, unit, 1), pub)
    elif (mod in ("coming", "next") and the == "the") or mod == "coming":
        rng = (pub, _back(pub, unit, -1))
    elif unit == "weekend":
        saturday = _unit_range(pub, "week")[0] + timedelta(days=5)
        saturday += timedelta(days={"last": -7, "next": 7}.get(mod, 0))
        rng = (saturday, saturday + timedelta(days=1))
    else:
        offset = {"last": -1, "next": 1}.get(mod, 0)
        months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}.get(unit, 0)
        if unit == "week":
            rng = _unit_range(pub + timedelta(weeks=offset), unit)
        else:
            rng = _unit_range(_add_months(pub, months * offset), unit)
    if part == "earlier":
        rng = (rng[0], min(rng[1], pub))
    elif part == "later":
        rng = (max(rng[0], pub), rng[1])
    else:
        rng = _narrow(rng, part)
    return _mention(m, gran, rng, True)


def _part_of_year(m: re.Match[str], ctx: _Context) -> DateMention | None:
    """ "the first quarter of 2026", "Q3 2025", "the second half of 2024"."""
    size = 6 if (m["unit"] or "").lower() == "half" else 3
    order = {"first": 0, "second": 1, "third": 2, "fourth": 3}
    index = int(m["q"]) - 1 if m["q"] else order.get(m["ord"].lower(), 12 // size - 1)
    if index >= 12 // size:
        return None
    year, first = int(m["year"] or m["qyear"]), index * size + 1
    rng = (date(year, first, 1), _month_range(year, first + size - 1)[1])
    return _mention(m, "month", rng, False)


def _span(m: re.Match[str], ctx: _Context) -> DateMention:
    mod, unit = m["mod"].lower(), m["unit"].lower().rstrip("s")
    n = parse_number(m["n"])
    if n is None or mod in ("previous", "following"):
        return _mention(m, None, None, True)
    if ctx.pub is None:
        return _mention(m, unit, None, True)
    pub = ctx.pub
    rng = (_back(pub, unit, n), pub) if mod in ("past", "last") else (pub, _back(pub, unit, -n))
    return _mention(m, unit, rng, True)


def _ago(m: re.Match[str], ctx: _Context) -> DateMention:
    unit = m["unit"].lower().rstrip("s").replace("centurie", "century")
    text = m["n"].lower()
    n = 1.0 if text in ("a", "an") else parse_number(text)
    if n is None:
        return _mention(m, None, None, True)
    gran = {"decade": "year", "century": "year", "hour": "day", "minute": "day"}.get(unit, unit)
    if ctx.pub is None:
        return _mention(m, gran, None, True)
    if unit in ("hour", "minute"):
        return _mention(m, "day", (ctx.pub, ctx.pub), True)
    d = _back(ctx.pub, unit, n)
    return _mention(m, gran, (d, d) if gran == "day" else _unit_range(d, gran), True)


_RESOLVERS: dict[str, Callable[[re.Match[str], _Context], DateMention | None]] = {
    "md": _day_month, "dm": _day_month, "iso": _day_month, "month": _month, "year": _year,
    "relday": _relday, "weekday": _weekday, "period": _period, "part": _part_of_year,
    "span": _span, "ago": _ago,
    "vague": lambda m, ctx: _mention(m, None, None, True),  # "the coming weeks"
    "duration": lambda m, ctx: _mention(m, None, None, False),  # "for two years"
}  # fmt: skip


def _resolve(kind: str, m: re.Match[str], ctx: _Context) -> DateMention | None:
    try:
        return _RESOLVERS[kind](m, ctx)
    except (ValueError, OverflowError):  # beyond the calendar: "the past 90,000 years"
        return _mention(m, None, None, kind != "duration")


def _entity_mentions(doc: Doc) -> list[DateMention]:
    """spaCy DATE entities, unresolved; frequencies ("once a year") and ages left out."""
    found = []
    text = doc_text(doc)
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        words = ent.text.strip(" \t\n,.;:()\"'“”‘’")
        if not words or not _DATEISH.search(words) or _NOT_A_DATE.search(words):
            continue
        start = ent.start_char + ent.text.index(words)
        if _FREQUENCY_BEFORE.search(text[max(0, start - 10) : start]):
            continue
        relative = bool(_RELATIVE_CUE.search(words))
        found.append(DateMention(Span(start, start + len(words)), None, None, None, relative))
    return found


def find_dates(doc: Doc, published: datetime | None) -> list[DateMention]:
    """Every date or time expression of ``doc``, resolved against ``published``.

    Offsets are character offsets into ``doc_text(doc)``. The mentions are sorted and never
    overlap: the longest pattern match wins, and spaCy's entities only fill the gaps.
    """
    text = doc_text(doc)
    if not text.strip():
        return []
    ctx = _Context(doc, published.date() if published is not None else None)
    cands = [
        (0, mention)
        for kind, pattern in _PATTERNS.items()
        for m in pattern.finditer(text)
        if (mention := _resolve(kind, m, ctx)) is not None
    ]
    cands += [(1, mention) for mention in _entity_mentions(doc)]
    taken = bytearray(len(text))
    kept = []
    for _, c in sorted(cands, key=lambda p: (p[0], p[1].span.start - p[1].span.end)):
        start, end = c.span.start, c.span.end
        if end > start and not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            kept.append(c)
    return sorted(kept, key=lambda c: c.span.start)
