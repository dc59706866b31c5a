"""Graders for the treaty chapter's exercises. Expected answers come from data/ at check time."""

from __future__ import annotations

from .. import checks
from ..data import load
from ..exercises.treaty import (AUTOMATICITY_SCORE, DIMENSIONS, OBLIGATION_SCORE,
                                RATIFICATION_STEPS, TRIGGER_SCORE, allowed_topics,
                                allowed_values)
from . import in_date_order, withheld

# Other codings of US-ROK Article III that a careful reader can defend, and why the rest are not.
_DEFENSIBLE = {"automaticity": {"deemed_necessary": "each party also decides for itself what "
                                                    "to do, so discretion is a fair reading"}}
_WHY_NOT = {
    "armed_attack": "the article limits the attack to the Pacific area and to territory under a "
                    "party's administration",
    "state_of_war": "the article needs only an armed attack, not a state of war",
    "threat_consultation": "Article III is about an attack; consultation on threats is Article II",
    "military_and_other_assistance": "the article names no kind of aid: each party acts to meet "
                                     "the danger as it chooses",
    "all_means_including_military": "the article names no means at all",
    "consultation_only": "the article promises to act, not only to consult",
    "no_military_clause": "acting to meet an armed attack can include military action",
    "immediate": "nothing in the article says immediately or without delay",
    "none": "the article does commit each party to act",
}


@checks.checker("treaty-code-clause")
def check_clause_coding(answer) -> checks.Feedback:
    """Check a coding of US-ROK Article III on trigger, obligation and automaticity."""
    book = {d: withheld("alliance_clauses", "us-rok-1953", d) for d in DIMENSIONS}
    notes = []
    for dimension in DIMENSIONS:
        value = answer[dimension]
        options = allowed_values(dimension)
        if not isinstance(value, str) or value.strip() not in options:
            return checks.Feedback(False, f"{str(value)[:40]!r} is not a code for {dimension}; "
                                          f"use one of: {', '.join(options)}.")
        value = value.strip()
        if value == book[dimension]:
            continue
        reason = _DEFENSIBLE.get(dimension, {}).get(value)
        if reason is None:
            return checks.Feedback(False, f"{dimension} = '{value}' does not fit the text: "
                                          f"{_WHY_NOT.get(value, 'reread the article')}.")
        notes.append(f"for {dimension} the book has '{book[dimension]}', but '{value}' is "
                     f"defensible: {reason}")
    extra = (" Note: " + "; ".join(notes) + ".") if notes else ""
    return checks.Feedback(True, "Your coding fits the text." + extra)


@checks.checker("treaty-order")
def check_ratification_order(answer) -> checks.Feedback:
    """Check the order of the ratification steps."""
    expected = in_date_order(RATIFICATION_STEPS, "events", "event_id")
    return checks.check_order(answer, expected, item="step")


def _top_topics() -> set[str]:
    counts = load("treaty_articles")["topics"].str.split(";").explode().value_counts()
    return set(counts[counts == counts.max()].index)


@checks.checker("treaty-topics")
def check_top_topic(answer) -> checks.Feedback:
    """Check the topic tag that the most recorded articles carry."""
    return checks.check_choice(
        answer, _top_topics(), allowed_topics(),
        hint="Split the topics column on ';', explode it and count with value_counts().")


def _scores(trigger_weight: float, reading: str):
    clauses = load("alliance_clauses").set_index("treaty_id")
    return (clauses["obligation"].map(OBLIGATION_SCORE)
            + clauses["automaticity"].map(AUTOMATICITY_SCORE)
            + trigger_weight * clauses["trigger"].map(TRIGGER_SCORE[reading])).astype(float)


def _tipping_weight() -> int | None:
    for weight in range(0, 21):
        scores = _scores(weight, "narrow")
        if scores["nato-1949"] >= scores["russia-dprk-2024"]:
            return weight
    return None


@checks.checker("treaty-weights")
def check_tipping_weight(answer) -> checks.Feedback:
    """Check the smallest whole trigger weight at which NATO's clause catches up (narrow
    reading)."""
    expected = _tipping_weight()
    if expected is None:
        raise ValueError("no weight up to 20 changes the ranking: the exercise needs new codes")
    value = checks.as_number(answer)
    if value is not None and value != int(value):
        return checks.Feedback(False, "Give a whole number: the weights tried are 0, 1, 2, …")
    return checks.check_number(
        answer, expected,
        hint="Compute the scores for each whole weight from 0 upwards with the narrow "
             "reading, and stop at the first where NATO's score is at least Article 4's.")
