"""Graders for the lab 'Do sanctions work? North Korea as a test case'.

Expected answers are computed from data/ when a check runs, so a corrected row corrects the
grader too. The segmented regression is refitted here with statsmodels, exactly as the page
builds it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import checks
from ..data import load
from ..exercises.sanctions import GOALS

_DEFENSIBLE = {
    "condemnation_of_2012_launch": {"signal"},
    "luxury_goods_ban": {"signal", "coerce", "constrain"},
    "refined_petroleum_cap": {"constrain", "coerce"},
    "worker_repatriation": {"constrain", "coerce"},
}
_WHY = {
    ("condemnation_of_2012_launch", "coerce"): "a condemnation imposes no cost that could "
                                              "change a decision; it states disapproval",
    ("condemnation_of_2012_launch", "constrain"): "words take no resources away",
    ("refined_petroleum_cap", "signal"): "a cap with a number and monthly reporting does more "
                                         "than express disapproval: it limits fuel",
    ("worker_repatriation", "signal"): "sending workers home cuts a revenue stream, which is "
                                       "more than a statement",
}



# ---------------------------------------------------------------- trade

def _trade_value(year: int, measure: str, estimator: str) -> float:
    trade = load("dprk_trade")
    row = trade[(trade["year"] == year) & (trade["measure"] == measure)
                & (trade["estimator"] == estimator)]
    if len(row) != 1:
        raise ValueError(f"expected one {estimator} {measure} row for {year}")
    return float(row["value_usd_millions"].iloc[0])


def _change_pct(year: int, measure: str, estimator: str) -> float:
    now = _trade_value(year, measure, estimator)
    before = _trade_value(year - 1, measure, estimator)
    return (now / before - 1) * 100


@checks.checker("sanctions-trade-change")
def check_trade_change(answer) -> checks.Feedback:
    """Check the percentage change in KOTRA's total trade from 2017 to 2018."""
    expected = _change_pct(2018, "total_external_trade_excl_interkorean", "KOTRA")
    return checks.check_number(
        answer, expected, tolerance=0.1, unit="percent",
        hint="Take KOTRA's totals for 2017 and 2018 from dprk_trade and compute "
             "(2018 / 2017 - 1) * 100. A fall is a negative number.")


@checks.checker("sanctions-recompute")
def check_recomputed_change(answer) -> checks.Feedback:
    """Check the 2023 change in China-DPRK trade computed from the table's customs values."""
    expected = _change_pct(2023, "trade_with_china",
                           "China General Administration of Customs")
    return checks.check_number(
        answer, expected, tolerance=0.2, unit="percent",
        hint="Use the Chinese customs rows for 2022 and 2023 only, not the printed "
             "percentage, and give the change in percent.")


# ---------------------------------------------------------------- growth and vintages

def _bok_vintages() -> pd.DataFrame:
    growth = load("dprk_gdp_growth")
    return growth[growth["estimator"] == "Bank of Korea"].sort_values("vintage_date")


def _latest_growth() -> pd.Series:
    return _bok_vintages().groupby("year")["growth_pct"].last().astype(float)


@checks.checker("sanctions-vintage")
def check_vintage_mean(answer) -> checks.Feedback:
    """Check the mean growth of 2006-2008 computed from the latest vintage of each year."""
    expected = _latest_growth().loc[2006:2008].mean()
    return checks.check_number(
        answer, round(expected, 2), tolerance=0.02, unit="percent",
        hint="Keep only the Bank of Korea's own rows, take each year's most recent "
             "vintage, then average 2006, 2007 and 2008.")


def _segmented_fit(first: int = 2009, last: int = 2019, break_year: int = 2018):
    import statsmodels.formula.api as smf

    growth = _latest_growth().loc[first:last]
    level = 100 * np.log1p(growth / 100).cumsum()
    frame = pd.DataFrame({"year": growth.index, "level": level.to_numpy()})
    frame["time"] = frame["year"] - first
    frame["after"] = (frame["year"] >= break_year).astype(int)
    frame["years_after"] = (frame["year"] - break_year).clip(lower=0)
    return smf.ols("level ~ time + after + years_after", data=frame).fit()


@checks.checker("sanctions-segmented")
def check_segmented_level_change(answer) -> checks.Feedback:
    """Check the level-change coefficient of the 2009-2019 segmented regression."""
    expected = float(_segmented_fit().params["after"])
    return checks.check_number(
        answer, round(expected, 1), tolerance=0.15, unit="points",
        hint="Fit level ~ time + after + years_after on 2009-2019 with the break in "
             "2018, and read the coefficient of 'after' from fit.params.")


# ---------------------------------------------------------------- oil and units

@checks.checker("sanctions-oil-cap")
def check_oil_over_cap(answer) -> checks.Feedback:
    """Check by what percentage the lowest US estimate for January-May 2018 exceeds the cap."""
    oil = load("dprk_oil_deliveries").set_index("row_id")
    caps = load("sanctions_caps").set_index("cap_id")
    estimate = float(oil.loc["oil-01", "low"])
    cap = float(caps.loc["cap-2397-refined", "limit_value"])
    return checks.check_number(
        answer, (estimate / cap - 1) * 100, tolerance=0.1, unit="percent",
        hint="Divide the low figure of row oil-01 by the annual refined-petroleum cap "
             "of resolution 2397, subtract 1 and multiply by 100.")


@checks.checker("sanctions-unit-error")
def check_unit_factor(answer) -> checks.Feedback:
    """Check the factor between a misprinted cyber-theft figure and the monitors' figure."""
    figures = load("evasion_estimates").set_index("estimate_id")
    factor = float(figures.loc["ev-cyber-05", "low"] / figures.loc["ev-cyber-03", "low"])
    return checks.check_number(
        answer, factor, tolerance=0.5,
        hint="Divide the misprinted total (ev-cyber-05) by the same total as other outlets "
             "printed it (ev-cyber-03): both are in US$ million.")


# ---------------------------------------------------------------- goals

@checks.checker("sanctions-goals")
def check_goal_coding(answer) -> checks.Feedback:
    """Check a classification of four measures as coerce, constrain or signal."""
    notes = []
    for item, allowed in _DEFENSIBLE.items():
        value = answer[item]
        if not isinstance(value, str) or value.strip().lower() not in GOALS:
            return checks.Feedback(False, f"{str(value)[:40]!r} is not a goal; use one of: "
                                          f"{', '.join(GOALS)}.")
        value = value.strip().lower()
        if value not in allowed:
            reason = _WHY.get((item, value), "reread what the measure does")
            return checks.Feedback(False, f"{item} = '{value}' is hard to defend: {reason}.")
        if len(allowed) > 1:
            others = " or ".join(f"'{goal}'" for goal in sorted(allowed - {value}))
            notes.append(f"{item}: {others} would also be defensible")
    return checks.Feedback(True, "Every coding is defensible. " + "; ".join(notes) + ".")


# ---------------------------------------------------------------- the monthly series

def _monthly_break() -> dict:
    """The level change at the main break and its Newey-West interval, in percent."""
    from ..exercises import sanctions as monthly

    imports = monthly.monthly_series(load("china_dprk_monthly_trade"))
    fit = monthly.fit_monthly(imports, monthly.MAIN_BREAK)
    low, high = fit.conf_int().loc["after"]
    return {"change_pct": monthly.as_percent(fit.params["after"]),
            "low_pct": monthly.as_percent(low), "high_pct": monthly.as_percent(high)}


_MONTHLY_NAMES = {"change_pct": "the level change", "low_pct": "the interval's lower end",
                  "high_pct": "the interval's upper end"}


@checks.checker("sanctions-monthly-break")
def check_monthly_break(answer) -> checks.Feedback:
    """Check the March 2017 level change of the monthly model and its 95% interval."""
    if not answer["low_pct"] <= answer["change_pct"] <= answer["high_pct"]:
        return checks.Feedback(False, "An estimate lies inside its own interval: check that "
                                      "low_pct <= change_pct <= high_pct.")
    expected = _monthly_break()
    wrong = [name for key, name in _MONTHLY_NAMES.items()
             if abs(float(answer[key]) - expected[key]) > 1.0]
    if not wrong:
        return checks.Feedback(True, "All three are right (to within a percentage point).")
    if len(wrong) == 3:
        hint = ("Use sanctions.fit_monthly(imports, sanctions.MAIN_BREAK), read 'after' from "
                "fit.params and fit.conf_int(), and turn each into percent with "
                "sanctions.as_percent.")
    else:
        hint = ("Convert each end of the interval with sanctions.as_percent, as you did the "
                "estimate; do not add or subtract a margin in percent.")
    return checks.Feedback(False, f"Not yet right: {', '.join(wrong)}. {hint}")
