"""Graders for the chapter on the troops in Kursk. Expected answers come from data/ at check
time."""

from __future__ import annotations

import pandas as pd

from .. import checks, troop_counts
from ..data import load
from ..exercises.troops import DIVERGENCE_DATE, LANGUAGE_CASES, ORDER_STEPS, SCALE
from . import in_date_order


def _highest_casualty_figure() -> int:
    estimates = load("troop_estimates")
    return int(estimates.loc[estimates["metric"] == "casualties", "high"].max())


@checks.checker("troops-read-chart")
def check_highest_figure(answer) -> checks.Feedback:
    """Check the highest estimate of killed and wounded read off the chart."""
    return checks.check_number(
        answer, _highest_casualty_figure(), unit="people",
        hint="Hover over the tops of the bars, or read the highest end of any range.")


def _divergence() -> float:
    estimates = load("troop_estimates")
    day = estimates[(estimates["metric"] == "casualties")
                    & (estimates["as_of"] == pd.Timestamp(DIVERGENCE_DATE))]
    return float(day["high"].max() / day["low"].min())


@checks.checker("troops-divergence")
def check_divergence(answer) -> checks.Feedback:
    """Check the ratio of the highest to the lowest casualty estimate on one day."""
    value = checks.as_number(answer)
    if value is not None and value <= 0:
        return checks.Feedback(False, "A ratio of two head counts is a positive number.")
    return checks.check_number(
        answer, _divergence(), tolerance=0.01,
        hint="Keep the rows for killed and wounded to date on that day, then divide the "
             "largest high by the smallest low. Give two decimals.")


@checks.checker("troops-later-sum")
def check_later_sum(answer) -> checks.Feedback:
    """Check the high end of the later contingents, each counted once."""
    value = checks.as_number(answer)
    if value is not None and value != int(value):
        return checks.Feedback(False, "Give a whole number of people.")
    return checks.check_number(
        answer, troop_counts.later_contingents()[1], unit="people",
        hint="Leave out rows with part_of or restates, take the highest figure for each "
             "contingent, and add the contingents.")


@checks.checker("troops-order")
def check_order(answer) -> checks.Feedback:
    """Check the order of denials, confirmations and acknowledgments."""
    expected = in_date_order(ORDER_STEPS, "deployment_timeline", "step_id")
    return checks.check_order(answer, expected, item="step")


def _median_days(claimant_type: str) -> float:
    table = troop_counts.first_confirmations()
    days = table.loc[table["claimant_type"] == claimant_type, "days"].dropna()
    return float(days.median())


@checks.checker("troops-median-confirmation")
def check_median(answer) -> checks.Feedback:
    """Check the median days to confirmation of claims first made by governments."""
    return checks.check_number(
        answer, _median_days("government"), unit="days", tolerance=0.01,
        hint="Use troop_counts.first_confirmations(), keep the claims whose first claimant was a "
             "government, and take the median of their days.")


def _phrase(claim: str, as_of: str) -> str:
    steps = load("deployment_timeline")
    steps = steps[(steps["claim"] == claim) & (steps["date"] <= pd.Timestamp(as_of))]
    steps = steps.sort_values("date")
    claimant = steps.loc[steps["stance"] == "claim", "actor_group"].iloc[0]
    others = steps[steps["actor_group"] != claimant]
    confirmed = others.loc[others["stance"] == "confirmation", "actor_group"].nunique()
    if confirmed >= 2 or (steps["stance"] == "acknowledgment").any():
        return "widely confirmed"
    if confirmed == 1:
        return "confirmed once"
    if (others["stance"] == "supports").any():
        return "supported"
    return "unconfirmed"


@checks.checker("troops-confirmation-scale")
def check_language(answer) -> checks.Feedback:
    """Check the phrase chosen for each claim against the chapter's scale."""
    wrong = []
    for claim, as_of in LANGUAGE_CASES.items():
        value = answer[claim]
        if not isinstance(value, str) or value.strip().lower() not in SCALE:
            return checks.Feedback(False, f"{str(value)[:40]!r} is not on the scale; use one "
                                          f"of: {', '.join(SCALE)}.")
        if value.strip().lower() != _phrase(claim, as_of):
            wrong.append(claim)
    if wrong:
        return checks.Feedback(False, f"Look again at: {', '.join(wrong)}. Count only the "
                                      "statements dated on or before the date given, and "
                                      "only bodies other than the claimant's.")
    return checks.Feedback(True, "Each phrase matches what the record showed on that date.")
