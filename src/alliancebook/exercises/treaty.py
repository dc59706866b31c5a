"""Checkers for the exercises in the treaty chapter. Expected answers come from data/ at check time."""

from __future__ import annotations

from .. import checks
from ..data import field, load

DIMENSIONS = ("trigger", "obligation", "automaticity")

# The ratification steps students put in order (their dates are in data/events.csv).
RATIFICATION_STEPS = [
    "ev-2024-11-06-federation-council",
    "ev-2024-06-19-treaty-signed",
    "ev-2024-12-04-entry-into-force",
    "ev-2024-10-24-duma-ratifies",
    "ev-2024-11-11-kim-ratification-decree",
    "ev-2024-11-09-putin-signs-law",
]


def allowed_values(dimension: str) -> list[str]:
    """The codes the data package allows for one comparison dimension."""
    return list(field("alliance_clauses", dimension)["constraints"]["enum"])


@checks.friendly
def check_clause_coding(answer, treaty_id: str = "us-rok-1953") -> checks.Feedback:
    """Check a coding of one treaty clause on trigger, obligation and automaticity."""
    if not isinstance(answer, dict):
        return checks.Feedback(False, "Give your coding as a dictionary, e.g. "
                                      "{'trigger': '...', 'obligation': '...', 'automaticity': '...'}.")
    missing = [d for d in DIMENSIONS if d not in answer]
    if missing:
        return checks.Feedback(False, f"Your dictionary lacks: {', '.join(missing)}.")
    expected = load("alliance_clauses").set_index("treaty_id").loc[treaty_id]
    wrong = []
    for dimension in DIMENSIONS:
        value = answer[dimension]
        options = allowed_values(dimension)
        if not isinstance(value, str) or value.strip() not in options:
            return checks.Feedback(False, f"'{value}' is not a code for {dimension}; use one of: "
                                          f"{', '.join(options)}.")
        if value.strip() != expected[dimension]:
            wrong.append(dimension)
    if wrong:
        return checks.Feedback(False, f"{len(DIMENSIONS) - len(wrong)} of 3 dimensions match the book's coding; "
                                      f"look again at: {', '.join(wrong)}. Reread what sets the obligation off, "
                                      "what the other party must do, and who decides.")
    return checks.Feedback(True, "All three dimensions match the book's coding.")


def ratification_order() -> list[str]:
    """The ratification steps sorted by their dates in the events table."""
    events = load("events").set_index("event_id")
    return sorted(RATIFICATION_STEPS, key=lambda event_id: events.loc[event_id, "date"])


def check_ratification_order(answer) -> checks.Feedback:
    """Check the order of the ratification steps."""
    return checks.check_order(answer, ratification_order(), item="step")


def top_topics() -> set[str]:
    """The topic tag(s) carried by the largest number of recorded articles."""
    tags = load("treaty_articles")["topics"].str.split(";").explode()
    counts = tags.value_counts()
    return set(counts[counts == counts.max()].index)


@checks.friendly
def check_top_topic(answer) -> checks.Feedback:
    """Check the topic tag that the most recorded articles carry."""
    options = allowed_topics()
    if not isinstance(answer, str) or answer.strip() not in options:
        return checks.Feedback(False, "Answer with one topic tag, as text, exactly as it appears in the "
                                      "topics column (for example 'energy').")
    best = top_topics()
    if answer.strip() in best:
        return checks.Feedback(True, f"'{answer.strip()}' is the most frequent tag.")
    return checks.Feedback(False, "Not the most frequent tag. Split the topics column on ';', "
                                  "explode it and count with value_counts().")


def allowed_topics() -> list[str]:
    """Every topic tag the data package allows."""
    return list(field("treaty_articles", "topics")["x-tags"])
