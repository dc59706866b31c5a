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


def _time_problem(channel: str) -> str | None:
    """What is wrong with the time axis, or None for the quarter of each date."""
    if channel == "yearquarter(date)":
        return None
    if channel == "quarter(date)":
        return ("'quarter' alone puts the first quarter of 2023 with that of 2024; use "
                "'yearquarter' to keep the years apart.")
    if channel.endswith("(date)"):
        return (f"Your time axis shows {channel}; the task asks for one bar per quarter "
                "(Altair's time unit 'yearquarter').")
    return ("Put the date, grouped by quarter, on one axis: Altair's time unit "
            "'yearquarter' on the field date.")


@checks.checker("key-dates-chart")
def check_chart(answer) -> checks.Feedback:
    """Check the description of a chart of key events per quarter, coloured by topic."""
    key = _key_events()
    if answer["rows"] != len(key):
        also = (" It draws every event; the task asks for the key events, the frame key."
                if answer["rows"] == len(load("events")) else "")
        return checks.Feedback(False, "Draw the chart from the frame key (the key events), "
                                      f"not from another table.{also}")
    if answer["mark"] != "bar":
        return checks.Feedback(False, f"Your chart uses the mark '{answer['mark'][:20]}'; "
                                      "the task asks for bars (mark_bar).")
    axes = [answer["x"], answer["y"]]
    timed = [a for a in axes if a == "yearquarter(date)"]
    if not timed:
        problems = [_time_problem(a) for a in axes if a.endswith("(date)")]
        return checks.Feedback(False, (problems or [_time_problem(axes[0])])[0])
    other = axes[1] if axes[0] == "yearquarter(date)" else axes[0]
    if not (other.startswith("count(") and other.endswith(")")):
        return checks.Feedback(False, "The other axis should count the events in each "
                                      "quarter: Altair's 'count()'.")
    if answer["color"] != "category":
        return checks.Feedback(False, "Colour the bars by topic: the field category.")
    return checks.Feedback(True, "Your chart counts the key events per quarter, by topic.")
