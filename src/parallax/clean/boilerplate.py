"""Line-level boilerplate detection from the shape and vocabulary of a line.

No list of known strings: each rule is a feature of what page furniture looks like (short,
no sentence shape, addressed to the reader, made of interface words, a credit of slash-joined
names) so that it works on outlets it has never seen. :func:`boilerplate_reason` returns the
rule that fired, or ``None`` for a line of the article.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
_QUOTE = re.compile(r"[\"“”]")

# Words that make up sharing widgets, social links and page controls.
_UI_STRONG = {
    "share",
    "shares",
    "sharing",
    "tweet",
    "facebook",
    "twitter",
    "whatsapp",
    "pinterest",
    "linkedin",
    "reddit",
    "email",
    "e-mail",
    "print",
    "bookmark",
    "instagram",
    "youtube",
    "tiktok",
    "telegram",
    "messenger",
    "flipboard",
    "threads",
    "bluesky",
    "mastodon",
    "sms",
    "copy",
    "permalink",
    "rss",
    "tumblr",
    "skype",
    "pocket",
    "snapchat",
    "wechat",
    "weibo",
}
_UI_WEAK = {
    "button",
    "this",
    "article",
    "story",
    "page",
    "link",
    "on",
    "via",
    "to",
    "the",
    "click",
    "tap",
    "here",
    "opens",
    "open",
    "in",
    "new",
    "window",
    "tab",
    "more",
    "close",
    "menu",
    "follow",
    "us",
    "save",
    "gift",
    "and",
    "or",
    "x",
    "a",
    "with",
    "your",
    "friends",
    "options",
    "icon",
    "url",
    "post",
    "posts",
    "feed",
    "subscribe",
    "like",
    "comment",
    "comments",
    "listen",
    "audio",
    "it",
    "friend",
    "now",
    "advertisement",
    "advertisements",
}
_SOCIAL = re.compile(
    r"\b(facebook|twitter|instagram|linkedin|youtube|tiktok|whatsapp|telegram|threads|bluesky|"
    r"mastodon|pinterest|reddit)\b|(?<!\w)@\w{2,}",
    re.IGNORECASE,
)
_FOLLOW = re.compile(r"^follow\b|\bfollow (?:us|him|her|them|me)\b", re.IGNORECASE)
_DISCLOSURE = re.compile(
    r"\b(if you (?:buy|purchase|click)|we may (?:earn|receive|get)|affiliate (?:links?|"
    r"commissions?)|earns? (?:a|an affiliate) commission|share of the sale|"
    r"independently (?:selected|chosen))\b",
    re.IGNORECASE,
)
_TAGS = re.compile(
    r"^(?:filed under|tags?|tagged|topics?|categories|category|posted in|more about)\s*:",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[-–—•*·▪►»]+\s+")
_PROMO = re.compile(
    r"\b(sign(?:ing)?[ -]?up|(?:un)?subscri(?:be|bed|ber|bers|ption|ptions)|newsletters?|"
    r"unlimited (?:digital )?access|free trial|log ?in|sign ?in|regist(?:er|ered|ering|ration)|"
    r"inbox|download (?:our|the) app|support (?:our|independent) journalism|become a member|"
    r"donate|premium(?=\s*(?:content|access|subscription|membership|account|articles?|$))|"
    r"paywall|"
    r"promo code|special offer|free articles?|privacy policy|terms (?:&|and) conditions|"
    r"terms of (?:use|service))\b",
    re.IGNORECASE,
)
_READER = re.compile(r"\b(you|your|you're|yours|our|us|we)\b|!", re.IGNORECASE)
_COMMENT = re.compile(
    r"\b(commenting|commenters|comment (?:section|policy|guidelines|thread)|"
    r"(?:leave|add|post|view|show|hide|load|read|write|submit|see|join|sort) "
    r"(?:\w+ ){0,2}comments?|join the (?:conversation|discussion|debate))\b"
    r"|^\d*\s*comments?\s*(?:\(\d+\))?$|^comments? (?:are|is) (?:now )?(?:closed|disabled)\b",
    re.IGNORECASE,
)
_COMMENT_REAL = re.compile(
    r"\b(declin\w*|request(?:s|ed)? for comment|respond\w*|reached for comment|"
    r"immediately|no comment|refused)\b",
    re.IGNORECASE,
)
_AD = re.compile(
    r"^(?:advert(?:isement|ising)?|ad|ads|sponsored(?: content| post| by .*)?|"
    r"paid (?:post|content)|"
    r"(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?|"
    r"continue reading(?: (?:below|the main story|the story))?|scroll (?:down )?to continue.*|"
    r"skip (?:to|past) (?:main )?(?:content|navigation|ad)|back to top|"
    r"(?:most|recently) (?:read|popular|viewed|shared)(?: (?:in|on|from) .{1,30})?|"
    r"trending(?: now| stories)?|top stories)$",
    re.IGNORECASE,
)
_KICKER = re.compile(
    r"^(?:read more|related(?: (?:stories|articles|coverage|content|news|links|topics|video))?|"
    r"also read|see also|read next|read also|more (?:from|on|stories|news|coverage)\b[^:]{0,40}|"
    r"recommended(?: for you| stories)?|watch|listen|video|must read|don't miss|"
    r"editor['’]s picks?|you may also like|you might also like|further reading|"
    r"latest(?: news| stories)?|more)\s*(?:[:»›|–—-]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_CREDIT_PREFIX = re.compile(
    r"^[(\[]?(?:(?:file |lead |top |main )?(?:photo(?:graph)?s?|pictures?|pics?|images?|"
    r"videos?|illustrations?|graphics?|credits?|photo credits?|image credits?|footage|"
    r"source|courtesy)(?: (?:by|credit|courtesy of|from))?)\s*[:|/–—-]",
    re.IGNORECASE,
)
_CREDIT_PAREN = re.compile(
    r"^\((?:[^()]*\b(?:photo|image|picture|video|credit|courtesy|file)\b[^()]*)\)$",
    re.IGNORECASE,
)
_CREDIT_BY = re.compile(r"^(?:photo|image|picture|video)s? (?:by|courtesy of)\b", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b|^(?:this (?:material|article) may not be "
    r"(?:published|reproduced))",
    re.IGNORECASE,
)
_STAFF_CREDIT = re.compile(
    r"^\(?(?:(?:additional )?reporting|writing|editing|edited|compiled|produced|"
    r"contributing|research) by\b[^.]{0,160}$",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(
    r"^(?:published|updated|last updated|posted|first published|modified)\b[\s:]*"
    r".{0,60}\b(?:\d{1,2}[:.]\d{2}|\d{4}|ago|today|yesterday|(?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|oct|nov|dec)[a-z]*\.?)\b.{0,40}$",
    re.IGNORECASE,
)
_UPDATE_NOTE = re.compile(
    r"^(?:\(?this (?:story|article|post|report|page) (?:was|has been|is being|will be) "
    r"(?:updated|amended|refreshed|first published|originally published|republished)\b)",
    re.IGNORECASE,
)
# a wire copy's note on how it was published ("this story has not been edited by X staff and
# is auto-generated from a syndicated feed")
_SYNDICATION = re.compile(
    r"\bhas not been edited by [^.]{0,60}\bstaff\b|"
    r"\b(?:auto-generated|published|generated) from a syndicated (?:news )?feed\b",
    re.IGNORECASE,
)
# a writer's contact signature: an email address and another way to reach them (a phone
# number, a social handle)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_OTHER_CHANNEL = re.compile(
    r"\b\d{3}[-.\s]\d{3}[-.\s]\d{4}\b|\(\d{3}\)\s?\d{3}-\d{4}|(?<![\w.])@\w{2,}\b|\btwitter\b",
    re.IGNORECASE,
)
# "For all the latest technology news, download the Ledger app"
_LATEST = re.compile(
    r"^for (?:all )?(?:the )?latest [\w\s&-]{0,40}?\b(?:news|updates|headlines|stories)\b"
    r"[^.]{0,60}\b(?:download|follow|subscribe|visit|like|join)\b",
    re.IGNORECASE,
)
_READ_TIME = re.compile(r"^\d+\s*(?:min(?:ute)?s?|mins?)\s*(?:read|listen|watch)$", re.IGNORECASE)
_CRUMB_SEP = re.compile(r"\s(?:>|›|»|\||/|::|→)\s|^home\s*(?:>|›|»|\||/)", re.IGNORECASE)
_SYMBOLS_ONLY = re.compile(r"^[\W_]+$")


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _slash_credit(line: str, tokens: list[str]) -> bool:
    """``NAME SURNAME/AGENCY/Getty Images``: names joined by slashes, no sentence."""
    if "/" not in line or len(tokens) > 12 or _SENTENCE_END.search(line) or _QUOTE.search(line):
        return False
    if re.search(r"[,:;*=+|]", line):
        return False
    parts = [p.strip() for p in re.split(r"\s*/\s*", line.strip("()[] "))]
    if len(parts) < 2 or any(not p or len(words(p)) > 4 for p in parts):
        return False
    if any(re.search(r"https?:|www\.|\d{3,}", p) for p in parts):
        return False
    capitalised = sum(1 for w in tokens if _is_capitalised(w) or w.lower() in {"for", "via", "of"})
    return capitalised / max(1, len(tokens)) >= 0.85


def _ui_line(tokens: list[str]) -> bool:
    lowered = [t.lower().rstrip(".") for t in tokens]
    if not lowered or len(lowered) > 12:
        return False
    strong = sum(1 for t in lowered if t in _UI_STRONG)
    known = sum(1 for t in lowered if t in _UI_STRONG or t in _UI_WEAK)
    return strong >= 1 and known / len(lowered) >= 0.8


def _crumbs(line: str, tokens: list[str]) -> bool:
    if len(tokens) > 16 or _SENTENCE_END.search(line) or line.startswith("|"):
        return False
    seps = _CRUMB_SEP.findall(line)
    if not seps:
        return False
    segments = [s for s in re.split(r"\s*(?:>|›|»|\||::|→|\s/\s)\s*", line) if s.strip()]
    if len(segments) < 2 and not line.lower().startswith("home"):
        return False
    return all(len(words(s)) <= 4 for s in segments)


def boilerplate_reason(line: str) -> str | None:
    """Why ``line`` is page furniture rather than article text, or ``None``."""
    text = line.strip()
    if not text:
        return None
    if _SYMBOLS_ONLY.match(text):
        return "decoration"
    text = _BULLET.sub("", text)
    tokens = words(text)
    n = len(tokens)
    sentence = bool(_SENTENCE_END.search(text))
    quoted = bool(_QUOTE.search(text))
    if n <= 8 and _AD.match(text.rstrip(" .:")):
        return "advertisement"
    if _CREDIT_PAREN.match(text) or (
        n <= 20 and not quoted and (_CREDIT_PREFIX.match(text) or _CREDIT_BY.match(text))
    ):
        return "photo credit"
    if _slash_credit(text, tokens):
        return "photo credit"
    if (
        n <= 25
        and not quoted
        and _COMMENT.search(text)
        and not _COMMENT_REAL.search(text)
        and (n <= 8 or _READER.search(text))  # not "a club policy of not commenting on…"
    ):
        return "comment prompt"
    if _ui_line(tokens) or (
        n <= 30 and not quoted and _FOLLOW.search(text) and _SOCIAL.search(text)
    ):
        return "share prompt"
    if n <= 25 and not quoted and _PROMO.search(text) and (_READER.search(text) or n <= 6):
        return "newsletter prompt"
    if n <= 40 and not quoted and _DISCLOSURE.search(text):
        return "affiliate disclosure"
    if n <= 30 and _TAGS.match(text):
        return "tags"
    kicker = _KICKER.match(text.rstrip(" .…"))
    if kicker and (kicker.group("rest") is not None or n <= 4) and n <= 25:
        return "related link"
    if n <= 30 and _COPYRIGHT.search(text):
        return "copyright"
    if _STAFF_CREDIT.match(text):
        return "staff credit"
    if n <= 14 and (_TIMESTAMP.match(text) or _READ_TIME.match(text)):
        return "timestamp"
    if n <= 40 and _UPDATE_NOTE.match(text):
        return "update note"
    if n <= 40 and not quoted and _SYNDICATION.search(text):
        return "syndication note"
    if (
        n <= 20
        and not quoted
        and _EMAIL.search(text)
        and _OTHER_CHANNEL.search(_EMAIL.sub("", text))
    ):
        return "contact line"
    if n <= 30 and not quoted and _LATEST.match(text):
        return "call to action"
    if _crumbs(text, tokens):
        return "navigation"
    if n <= 16 and not quoted and re.search(r"\bclick(?:ing)? here\b|\btell us\b", text, re.I):
        return "call to action"
    if (
        n <= 10
        and not sentence
        and not quoted
        and _READER.search(text)
        and re.search(r"\b(follow|click|tap|download|get|join|like)\b", text, re.IGNORECASE)
    ):
        return "call to action"
    return None
