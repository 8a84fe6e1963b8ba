"""From a format reader's RawDocument to a clean Article."""

from __future__ import annotations

from parallax.clean import clean_text
from parallax.errors import NoArticleError
from parallax.lang import detect_language
from parallax.models import Article, RawDocument

MIN_HTML_WORDS = 15  # an extracted page with fewer words is navigation, not an article


def build_article(raw: RawDocument) -> Article:
    """Clean the text of ``raw`` and make the article record.

    Text from plain files may carry its headline on the first line; text that an HTML
    extractor returns has its title in the metadata, so a repeat of it is dropped instead.
    """
    body = raw.text or ""
    from_page = raw.extracted
    cleaned = clean_text(body, find_title=not from_page and raw.title is None, title=raw.title)
    text = cleaned.text
    if not text.strip():
        raise NoArticleError(
            raw.source,
            "no article text is left after removing page furniture"
            if cleaned.removed
            else "input has no article text",
            fix="check that the input is a news article",
        )
    if from_page and len(text.split()) < MIN_HTML_WORDS:
        raise NoArticleError(
            raw.source,
            f"page has only {len(text.split())} words of text, no article",
            fix="check that the page is an article, not an index or a login page",
        )
    return Article.create(
        text,
        title=cleaned.title or raw.title,
        outlet=raw.outlet,
        url=raw.url,
        authors=raw.authors or cleaned.authors,
        published=raw.published,
        language=detect_language(text) or _language_code(raw.language),
        dateline=cleaned.dateline,
        source=raw.source,
        format=raw.format,
        retrieved=raw.retrieved,
    )


def _language_code(declared: str | None) -> str | None:
    """``en-US`` -> ``en``; what a page or feed declares, used when detection cannot tell."""
    if not declared:
        return None
    code = declared.strip().lower().replace("_", "-").split("-")[0]
    return code if code.isalpha() and 2 <= len(code) <= 3 else None
