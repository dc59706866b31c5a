"""Checkers for the exercises on the page 'The partnership in key dates'."""

from __future__ import annotations

from .. import checks
from ..data import load


def _key_events():
    events = load("events")
    return events[events["key_event"]].sort_values("date")


def busiest_year() -> int:
    """The calendar year with the most key events (the earliest such year if there is a tie)."""
    counts = _key_events()["date"].dt.year.value_counts()
    top = counts.max()
    return int(min(year for year, n in counts.items() if n == top))


def check_busiest_year(answer) -> checks.Feedback:
    """Check the year a student names as the one with the most key events."""
    return checks.check_number(answer, busiest_year(), unit="",
                               hint="Count the key events per year with .dt.year and value_counts().")


def check_first_category(answer) -> checks.Feedback:
    """Check the category of the earliest key event."""
    events = _key_events()
    options = sorted(load("events")["category"].dropna().unique())
    expected = str(events.iloc[0]["category"])
    return checks.check_choice(answer, expected, options,
                               hint="Sort the key events by date and read the first row's category.")
