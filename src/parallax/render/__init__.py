"""Renderers: terminal tables and the JSON shapes of the CLI (reports follow with comparisons)."""

from parallax.render.console import (
    analyze_report_dict,
    article_summary,
    extraction_scores_dict,
    ingest_report_dict,
    print_analysis,
    print_analyze_report,
    print_article,
    print_articles,
    print_extraction_scores,
    print_hits,
    print_ingest_report,
    print_outlets,
)

__all__ = [
    "analyze_report_dict",
    "article_summary",
    "extraction_scores_dict",
    "ingest_report_dict",
    "print_analysis",
    "print_analyze_report",
    "print_article",
    "print_articles",
    "print_extraction_scores",
    "print_hits",
    "print_ingest_report",
    "print_outlets",
]
