"""Grader for the page 'The partnership in key dates'."""

from __future__ import annotations

from .. import checks
from ..data import load


def _key_events():
    events = load("events")
    return events[events["key_event"]].sort_values("date")


def _busiest_year() -> int:
    """The year with the most key events (the earliest, if several tie)."""
    counts = _key_events()["date"].dt.year.value_counts()
    return int(min(year for year, n in counts.items() if n == counts.max()))


@checks.checker("key-dates-busiest-year")
def check_busiest_year(answer) -> checks.Feedback:
    """Check the year a student names as the one with the most key events."""
    return checks.check_number(
        answer, _busiest_year(),
        hint="Count the key events per year with .dt.year and value_counts().")
