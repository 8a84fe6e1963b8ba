"""Renderers: terminal tables, the JSON shapes of the CLI, and comparison reports."""

from parallax.render.comparison_text import print_comparison
from parallax.render.console import (
    analyze_report_dict,
    article_summary,
    extraction_scores_dict,
    framing_scores_dict,
    ingest_report_dict,
    print_analysis,
    print_analyze_report,
    print_article,
    print_articles,
    print_compare_scores,
    print_copy_report,
    print_extraction_scores,
    print_framing_scores,
    print_hits,
    print_ingest_report,
    print_outlets,
    print_quote_scores,
    print_stories,
    print_story,
    quote_scores_dict,
)
from parallax.render.html import comparison_html
from parallax.render.markdown import comparison_markdown

__all__ = [
    "analyze_report_dict",
    "article_summary",
    "comparison_html",
    "comparison_markdown",
    "extraction_scores_dict",
    "framing_scores_dict",
    "ingest_report_dict",
    "print_analysis",
    "print_analyze_report",
    "print_article",
    "print_articles",
    "print_compare_scores",
    "print_comparison",
    "print_copy_report",
    "print_extraction_scores",
    "print_framing_scores",
    "print_hits",
    "print_ingest_report",
    "print_outlets",
    "print_quote_scores",
    "print_stories",
    "print_story",
    "quote_scores_dict",
]
