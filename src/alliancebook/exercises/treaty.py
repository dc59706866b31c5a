"""Checkers for the exercises in the treaty chapter. Expected answers come from data/ at check time."""

from __future__ import annotations

import pandas as pd

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


# The chapter's scale for the strength of a mutual-assistance clause (see "How strong is the promise?").
OBLIGATION_SCORE = {"consultation_only": 0, "no_military_clause": 0, "action_deemed_necessary": 1,
                    "military_and_other_assistance": 2, "all_means_including_military": 2}
AUTOMATICITY_SCORE = {"none": 0, "deemed_necessary": 1, "per_constitutional_process": 1, "immediate": 2}


def weighted_scores(automaticity_weight: float = 2):
    """Obligation score plus weighted automaticity score for every coded clause, indexed by treaty_id."""
    clauses = load("alliance_clauses").set_index("treaty_id")
    return (clauses["obligation"].map(OBLIGATION_SCORE)
            + automaticity_weight * clauses["automaticity"].map(AUTOMATICITY_SCORE)).astype(float)


@checks.friendly
def check_weighted_scores(answer) -> checks.Feedback:
    """Check scores recomputed with automaticity counted twice, one per treaty_id."""
    if isinstance(answer, dict):
        answer = pd.Series(answer, dtype="object")
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if not isinstance(answer, pd.Series):
        return checks.Feedback(False, "Give the scores as a pandas Series (or a dictionary) with one value per "
                                      "treaty_id, e.g. weighted.index = clauses['treaty_id'].")
    expected = weighted_scores()
    labels = [str(label) for label in answer.index]
    missing = [t for t in expected.index if t not in labels]
    if len(answer) and missing and len(missing) == len(expected):
        return checks.Feedback(False, "The Series is not indexed by treaty_id (its labels are, for example, "
                                      f"{labels[0]!r}). Set weighted.index = clauses['treaty_id'].")
    if missing:
        return checks.Feedback(False, f"Scores are missing for: {', '.join(missing)}.")
    values = pd.to_numeric(pd.Series(answer.values, index=labels), errors="coerce")
    if values.isna().any():
        bad = values[values.isna()].index[0]
        return checks.Feedback(False, f"The score for {bad} is missing or not a number: a code may not be in "
                                      "the scale dictionaries. Check for typos with .map() and .isna().")
    wrong = [t for t in expected.index if abs(values[t] - expected[t]) > 1e-9]
    if wrong:
        t = wrong[0]
        return checks.Feedback(False, f"{len(expected) - len(wrong)} of {len(expected)} scores are right; {t} "
                                      f"should not be {values[t]:g}. Count automaticity twice: obligation + "
                                      "2 × automaticity.")
    return checks.Feedback(True, f"All {len(expected)} weighted scores are right.")
