"""The checked exercises of the sanctions lab: public names and answer forms (graders:
key/sanctions.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import checks, forms

# Sanctions goals (the page's section "What would 'working' mean?").
GOALS = ("coerce", "constrain", "signal")

# The measures students classify, with the goals a careful reader can defend for each.
GOAL_ITEMS = {
    "condemnation_of_2012_launch": "Resolution 2087 condemns a satellite launch",
    "luxury_goods_ban": "Resolution 1718 bans luxury goods sales to the DPRK",
    "refined_petroleum_cap": "Resolution 2397 caps refined petroleum at 500,000 "
                             "barrels a year",
    "worker_repatriation": "Resolution 2397 orders DPRK workers abroad sent home "
                           "within 24 months",
}


def allowed_goals() -> list[str]:
    """The three goal codes the classification exercise accepts."""
    return list(GOALS)


for _label, _unit in (("sanctions-trade-change", "percent"), ("sanctions-recompute", "percent"),
                      ("sanctions-vintage", "percent"), ("sanctions-segmented", "points"),
                      ("sanctions-oil-cap", "percent"), ("sanctions-unit-error", "")):
    checks.exercise(_label, forms.Number(_unit))
checks.exercise("sanctions-goals", forms.Keys(
    {item: forms.Choice(GOALS) for item in GOAL_ITEMS},
    example="{'luxury_goods_ban': 'signal', ...}"))


# ---------------------------------------------------------------- the monthly series
# Helpers for the section "A monthly series: China's customs around the 2017 measures". They
# work on the table china_dprk_monthly_trade and never fill a missing month.

FIRST_MONTH = "2014-01"   # the table starts here
CLOSURE = "2020-01"       # North Korea closed its border with China (table dprk_shocks)

# Candidate breaks: the first month fully under each measure (the page cites the dates).
BREAKS = {
    "2016-04": "Resolution 2270 (2 March 2016)",
    "2016-12": "Resolution 2321 (30 November 2016)",
    "2017-03": "China suspends coal imports (from 19 February 2017)",
    "2017-09": "Resolution 2371 (5 August 2017)",
    "2017-10": "Resolution 2375 (11 September 2017)",
    "2018-02": "Resolution 2397 (22 December 2017; grace period to February 2018)",
}
MAIN_BREAK = "2017-03"
MONTHLY_MODEL = "log_value ~ time + after + months_after + C(quarter)"


def month_number(month) -> int:
    """Months since January 2014 (a 'YYYY-MM' text or a timestamp)."""
    stamp = pd.Period(str(month)[:7], freq="M")
    return (stamp - pd.Period(FIRST_MONTH, freq="M")).n


def monthly_series(trade: pd.DataFrame, flow: str = "imports_from_dprk",
                   last: str = "2019-12") -> pd.DataFrame:
    """The months with a published US$ figure for one flow, up to `last`, with log values.
    `itc_mirror` marks rows whose note says the figure is the International Trade Centre's
    mirror of China's returns rather than a customs release."""
    rows = trade[(trade["flow"] == flow) & trade["value_usd_thousands"].notna()
                 & (trade["month"] <= last)]
    out = pd.DataFrame({"month": rows["month"].astype(str),
                        "value": rows["value_usd_thousands"].astype(float),
                        # the row's own figure is ITC's ("ITC data"), not a rival it notes
                        "itc_mirror": rows["note"].fillna("").str.contains("ITC data")})
    out = out.sort_values("month").reset_index(drop=True)
    out["log_value"] = np.log(out["value"])
    out["time"] = out["month"].map(month_number)
    out["calendar_month"] = out["month"].str[5:7].astype(int)
    out["quarter"] = (out["calendar_month"] - 1) // 3 + 1
    return out


def segment_months(frame: pd.DataFrame, break_month: str) -> pd.DataFrame:
    """Add the after and months_after terms; months_after is 0 in the break month."""
    out = frame.copy()
    since = out["time"] - month_number(break_month)
    out["after"] = (since >= 0).astype(int)
    out["months_after"] = since.clip(lower=0)
    return out


def newey_west_lags(n: int) -> int:
    """The usual rule of thumb for the Newey-West lag: floor(4 (n/100)^(2/9))."""
    return int(np.floor(4 * (n / 100) ** (2 / 9)))


def fit_monthly(frame: pd.DataFrame, break_month: str, formula: str = MONTHLY_MODEL,
                lags: int | None = None):
    """OLS of the segmented model with Newey-West errors (lag by the rule of thumb unless
    given), scaled by n / (n - k) and read against Student's t, because the months are few."""
    import statsmodels.formula.api as smf

    data = segment_months(frame, break_month)
    lags = newey_west_lags(len(data)) if lags is None else lags
    return smf.ols(formula, data=data).fit(
        cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True)


def as_percent(log_change: float) -> float:
    """A change in log points as a percentage change."""
    return (float(np.exp(log_change)) - 1) * 100


def break_row(frame: pd.DataFrame, break_month: str) -> dict:
    """One break month: the level change in percent, its 95% interval, months each side."""
    fit = fit_monthly(frame, break_month)
    low, high = fit.conf_int().loc["after"]
    before = int((frame["month"] < break_month).sum())
    return {"Break month": break_month,
            "Measure": BREAKS.get(break_month, "none"),
            "Change (%)": as_percent(fit.params["after"]),
            "95% low (%)": as_percent(low), "95% high (%)": as_percent(high),
            "Months found before": before,
            "Months found after": len(frame) - before}


def level_row(frame: pd.DataFrame, choice: str, lags: int | None = None,
              formula: str = MONTHLY_MODEL) -> dict:
    """The March 2017 level change under one analytic choice, with its interval and size."""
    fit = fit_monthly(frame, MAIN_BREAK, formula, lags=lags)
    low, high = fit.conf_int().loc["after"]
    return {"Choice": choice, "Change (%)": as_percent(fit.params["after"]),
            "95% low (%)": as_percent(low), "95% high (%)": as_percent(high),
            "Months": len(frame), "Crosses zero": bool(low < 0 < high)}


def sensitivity(frame: pd.DataFrame) -> pd.DataFrame:
    """The main estimate beside four reasonable variations: no seasonal terms, a longer
    Newey-West lag, no ITC-mirror rows (no mirror figures, though compilers still mix), and no
    2014 months (a denser pre-break span)."""
    return pd.DataFrame([
        level_row(frame, "Main model"),
        level_row(frame, "No seasonal terms",
                  formula=MONTHLY_MODEL.replace(" + C(quarter)", "")),
        level_row(frame, "Newey-West lag 5", lags=5),
        level_row(frame[~frame["itc_mirror"]], "Without the ITC-mirror rows"),
        level_row(frame[frame["month"] >= "2015-01"], "Without the 2014 months"),
    ]).round(1)


def percent_table(fit, terms: dict) -> pd.DataFrame:
    """Level changes in percent with their 95% intervals, one row per named term."""
    ends = fit.conf_int()
    return pd.DataFrame([{"Break": name, "Change (%)": as_percent(fit.params[term]),
                          "95% low (%)": as_percent(ends.loc[term, 0]),
                          "95% high (%)": as_percent(ends.loc[term, 1])}
                         for term, name in terms.items()]).round(1)


def quiet_months(frame: pd.DataFrame, least: int = 6) -> list[str]:
    """Months with no new measure within two months either side, and `least` data months
    on each side: the in-time placebo dates."""
    measured = {month_number(m) + d for m in BREAKS for d in range(-2, 3)}
    months = pd.period_range(frame["month"].min(), frame["month"].max(), freq="M")
    quiet = []
    for period in months:
        text = str(period)
        before = int((frame["month"] < text).sum())
        if (month_number(text) not in measured and before >= least
                and len(frame) - before >= least):
            quiet.append(text)
    return quiet


def quiet_after(frame: pd.DataFrame, real: str = MAIN_BREAK) -> int:
    """How many placebo months fall after the real break, inside the period of later measures."""
    return sum(month >= real for month in quiet_months(frame))


def placebo_rank(frame: pd.DataFrame, real: str = MAIN_BREAK) -> tuple[int, int]:
    """Rank of the real break's level change (1 = the largest fall) among itself and every
    quiet month, and how many were compared."""
    real_change = fit_monthly(frame, real).params["after"]
    fake = [fit_monthly(frame, m).params["after"] for m in quiet_months(frame)]
    return 1 + sum(change <= real_change for change in fake), 1 + len(fake)


checks.exercise("sanctions-monthly-break", forms.Keys(
    {key: forms.Number("percent") for key in ("change_pct", "low_pct", "high_pct")},
    example="{'change_pct': -10.0, 'low_pct': -20.0, 'high_pct': 0.5}"))
