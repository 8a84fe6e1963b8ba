"""A small inline SVG chart of fact timelines: one row per fact, one dot per outlet at the
time it first carried the fact (the first report larger), on a shared time axis.

Self-contained markup: no script, no style sheet, no font or image to load (it fits the web
pages' Content-Security-Policy and an HTML report read offline); every dot has a ``<title>``
(outlet, time, delay) that browsers show on hover, and the chart has a text alternative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from html import escape

from parallax.comparison.coverage_outlets import FactTimeline, Sighting

SIDE_COLOURS = {"left": "#2b5fa8", "center": "#7a6a9a", "right": "#b23a3a"}
UNRATED = "#555a60"
ROW = 26
LABEL_WIDTH = 190
PAD = 12
AXIS = 30
FONT = "system-ui, Helvetica, Arial, sans-serif"
LEGEND = (
    "Filled dot: the first report; open dots: later pickups. Colour: the outlet's side "
    "(blue left, purple center, red right, grey unrated). Hover a dot for outlet and time."
)


def _e(text: str) -> str:
    return escape(text, quote=True)


def delay_text(after: timedelta | None) -> str:
    """``+45 min``, ``+3 h``, ``+2 d`` (rounded); ``at the same time`` for a pickup published
    with the first report."""
    if after is None:
        return "undated"
    seconds = int(after.total_seconds())
    if seconds <= 0:
        return "at the same time"
    if seconds < 3600:
        return f"+{max(1, round(seconds / 60))} min"
    if seconds < 2 * 86400:
        return f"+{round(seconds / 3600, 1):g} h"
    return f"+{round(seconds / 86400, 1):g} d"


def _stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M %z").strip()


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline_svg(
    timelines: Sequence[FactTimeline],
    *,
    labels: Mapping[str, str] | None = None,
    sides: Mapping[str, str] | None = None,
    width: int = 640,
    max_rows: int = 12,
) -> str:
    """The chart of ``timelines`` (those with at least one dated report, up to ``max_rows``);
    ``labels`` names each fact (fact key -> a few words; the key by default) and ``sides``
    colours each outlet by its side (outlet -> left | center | right). Empty when no fact has
    a dated report."""
    rows = [t for t in timelines if t.first is not None][:max_rows]
    if not rows:
        return ""
    times = [s.published for t in rows for s in t.sightings if s.published is not None]
    start, end = min(times), max(times)
    span = (end - start).total_seconds()
    left, right = LABEL_WIDTH + PAD, width - PAD
    height = PAD + ROW * len(rows) + AXIS

    def x(when: datetime | None) -> float:
        if when is None or span <= 0:
            return (left + right) / 2
        return left + (right - left) * (when - start).total_seconds() / span

    def dot(s: Sighting, y: float, first: bool) -> str:
        colour = SIDE_COLOURS.get((sides or {}).get(s.outlet, ""), UNRATED)
        when = _stamp(s.published) if s.published else "undated"
        tip = f"{s.outlet}: {when} ({'first report' if first else delay_text(s.after)})"
        radius = 6 if first else 4
        fill = colour if first else "#ffffff"
        return (
            f'<circle cx="{x(s.published):.1f}" cy="{y:.1f}" r="{radius}" fill="{fill}" '
            f'stroke="{colour}" stroke-width="2"><title>{_e(tip)}</title></circle>'
        )

    parts = []
    summary = []
    for n, timeline in enumerate(rows):
        y = PAD + ROW * n + ROW / 2
        name = (labels or {}).get(timeline.key, timeline.key)
        first = timeline.first
        assert first is not None
        last = timeline.pickups[-1] if timeline.pickups else first
        parts.append(
            f'<text x="{PAD}" y="{y + 4:.1f}" font-size="11" fill="#222" font-family="{FONT}">'
            f"<title>{_e(name)}</title>{_e(_short(name))}</text>"
            f'<line x1="{x(first.published):.1f}" y1="{y:.1f}" x2="{x(last.published):.1f}" '
            f'y2="{y:.1f}" stroke="#c8c8d0" stroke-width="2"/>'
        )
        parts.extend(dot(s, y, False) for s in reversed(timeline.pickups))
        parts.append(dot(first, y, True))
        later = ", ".join(f"{s.outlet} {delay_text(s.after)}" for s in timeline.pickups)
        summary.append(f"{name}: first {first.outlet}" + (f", then {later}" if later else ""))
    axis_y = PAD + ROW * len(rows) + 6
    parts.append(
        f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" stroke="#888"/>'
        f'<text x="{left}" y="{axis_y + 16}" font-size="10" fill="#444" font-family="{FONT}">'
        f"{_e(_stamp(start))}</text>"
    )
    if span > 0:
        parts.append(
            f'<text x="{right}" y="{axis_y + 16}" font-size="10" fill="#444" font-family="{FONT}" '
            f'text-anchor="end">{_e(_stamp(end))}</text>'
        )
    description = "; ".join(summary)
    return (
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="When each fact first appeared and who picked it up">'
        f"<desc>{_e(description)}</desc>{''.join(parts)}</svg>"
    )
