"""Cleaning: normalisation, boilerplate lines, repeated lines, bylines and datelines."""

from parallax.clean.boilerplate import boilerplate_reason
from parallax.clean.normalize import normalize_text
from parallax.clean.pipeline import CleanText, RemovedLine, clean_text

__all__ = ["CleanText", "RemovedLine", "boilerplate_reason", "clean_text", "normalize_text"]
