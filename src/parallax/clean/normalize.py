"""Character-level normalisation: small pure ``str -> str`` steps.

Quotation marks and apostrophes are kept as they are (curly or straight): quotes are evidence.
"""

from __future__ import annotations

import re
import unicodedata

# NFKC folds these to ASCII look-alikes we do not want to change, or to nothing useful.
_KEEP = {"\u2026": "\u2026"}  # ellipsis stays one character, as the outlet wrote it
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[^\S\n]+")
# control characters, lone surrogates (JSON may escape them: "\\ud800") and non-characters
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def unify_newlines(text: str) -> str:
    return (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n\n")
    )


def nfkc(text: str) -> str:
    """NFKC, except for the characters listed in ``_KEEP``; curly quotes are not touched."""
    if not any(ch in text for ch in _KEEP):
        return unicodedata.normalize("NFKC", text)
    parts = []
    for chunk in re.split("(\u2026)", text):
        parts.append(chunk if chunk in _KEEP else unicodedata.normalize("NFKC", chunk))
    return "".join(parts)


def drop_invisible(text: str) -> str:
    return _CONTROL.sub("", _ZERO_WIDTH.sub("", text))


def collapse_spaces(text: str) -> str:
    """One space between words, no trailing spaces, at most one blank line in a row."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


# A function word glued to the capitalised word after it, as scraping joins a link's text to
# the word before it ("part of theU.S.-led coalition", "leader ofNATO"): a word, an initialism
# or capitals must follow, so "theGrio"-like names of one capital and a short tail are rare
# enough to accept, and a word not starting lowercase ("McCain", "iPhone") is never touched.
_GLUED = re.compile(
    r"\b(the|of|and|to|in|on|at|for|with|from|by)(?=[A-Z](?:[a-z]{2,}|\.[A-Z]|[A-Z]))"
)


def unglue(text: str) -> str:
    """A space between a function word and the name a scraper glued to it."""
    return _GLUED.sub(r"\1 ", text)


def normalize_text(text: str) -> str:
    for step in (unify_newlines, drop_invisible, nfkc, unglue, collapse_spaces):
        text = step(text)
    return text
