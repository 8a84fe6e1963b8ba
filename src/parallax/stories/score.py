"""How likely two articles tell the same story: one number in [0, 1] and its reasons.

The score is a weighted mean of four kinds of evidence, then discounted for time apart:

- **meaning**: the cosine of the two MiniLM vectors (negative cosines count as 0), weight
  :data:`MEANING`. MiniLM is an English model, so when the two articles are not both
  English its weight is multiplied by :data:`CROSS_LANGUAGE`, and the language-independent
  evidence below counts for more.
- **names**, **numbers**, **dates**: the overlap coefficient of the two sets,
  ``|A ∩ B| / (min(|A|, |B|) + SMOOTHING)``, weights :data:`NAMES`, :data:`NUMBERS` and
  :data:`DATES`. The overlap coefficient (not Jaccard) lets a short article that shares all
  its names with a long one score high; :data:`SMOOTHING` keeps one shared figure between two
  articles with one figure each from counting as full agreement.
- **time apart**: when both publication times are known and more than :data:`GRACE_DAYS`
  apart, the score is divided by ``1 + extra_days / TIME_SCALE_DAYS`` (a week apart past
  the grace halves it).

The weights were chosen on the SemEval-2022 Task 8 dev pairs (see
:mod:`parallax.eval.pairs`) with a coarse grid and kept round; dates and time apart are not
annotated there and keep hand-set values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parallax.stories.features import StoryFeatures

MEANING = 2.0
CROSS_LANGUAGE = 0.4
NAMES = 0.4
NUMBERS = 0.2
DATES = 0.1
SMOOTHING = 1.0
GRACE_DAYS = 1.0
TIME_SCALE_DAYS = 7.0
SHOWN = 5  # shared items named in a reason


@dataclass(frozen=True, slots=True)
class Score:
    """``value`` in [0, 1] (1: the same story) and the evidence, in words."""

    value: float
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "reasons": list(self.reasons)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Score:
        return cls(float(data["value"]), tuple(data.get("reasons") or ()))


def overlap(a: frozenset[Any], b: frozenset[Any]) -> float:
    """Smoothed overlap coefficient of two sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / (min(len(a), len(b)) + SMOOTHING)


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


def _shown(items: frozenset[Any], form: Any = str) -> str:
    return ", ".join(form(x) for x in sorted(items)[:SHOWN])


def both_english(a: StoryFeatures, b: StoryFeatures) -> bool:
    return a.language == "en" and b.language == "en"


def same_story(a: StoryFeatures, b: StoryFeatures) -> Score:
    """The same-story score of two articles' features (symmetric)."""
    meaning_weight = MEANING if both_english(a, b) else MEANING * CROSS_LANGUAGE
    meaning = max(0.0, min(1.0, float(a.vector @ b.vector)))
    names, numbers, dates = a.names & b.names, a.numbers & b.numbers, a.dates & b.dates
    total = (
        meaning_weight * meaning
        + NAMES * overlap(a.names, b.names)
        + NUMBERS * overlap(a.numbers, b.numbers)
        + DATES * overlap(a.dates, b.dates)
    )
    value = total / (meaning_weight + NAMES + NUMBERS + DATES)
    reasons = [f"meaning {meaning:.2f}"]
    if not both_english(a, b):
        reasons[0] += " (not both English: counts less)"
    if names:
        reasons.append(f"shared names: {_shown(names)}")
    if numbers:
        reasons.append(f"shared numbers: {_shown(numbers, _number)}")
    if dates:
        reasons.append(f"shared dates: {_shown(dates)}")
    if a.published is not None and b.published is not None:
        days = abs((a.published - b.published).total_seconds()) / 86400
        if days > GRACE_DAYS:
            value /= 1 + (days - GRACE_DAYS) / TIME_SCALE_DAYS
        reasons.append(
            f"{days:.0f} day{'' if round(days) == 1 else 's'} apart"
            if days >= 1
            else "published the same day"
        )
    return Score(value=max(0.0, min(1.0, value)), reasons=tuple(reasons))
