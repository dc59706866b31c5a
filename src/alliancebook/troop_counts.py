"""Sums and comparisons of troop estimates that never count the same people twice.

``troop_estimates`` marks a row that is part of another row's figure (``part_of``) or repeats an
earlier figure (``restates``). Such rows add no people, so every sum here leaves them out, and
``check_links`` stops with a DataError when the marks are missing or inconsistent.
"""

from __future__ import annotations

import pandas as pd

from .data import load
from .errors import DataError

__all__ = ["independent", "check_links", "contingent_ranges", "later_contingents",
           "first_confirmations", "killed_and_wounded"]

SENT = ("deployed", "additional_deployed")
_FILE = "data/troop_estimates.csv"


def independent(estimates: pd.DataFrame) -> pd.DataFrame:
    """The rows that are neither part of another row nor a restatement of one."""
    return estimates[estimates["part_of"].isna() & estimates["restates"].isna()]


def _same(a, b) -> bool:
    """Equal, counting two empty values (no contingent, as for casualties) as equal."""
    return (pd.isna(a) and pd.isna(b)) or (not pd.isna(a) and not pd.isna(b) and a == b)


def _row(estimates: pd.DataFrame, estimate_id: str) -> int:
    """Spreadsheet row number of an estimate (the header is row 1)."""
    return int(list(estimates["estimate_id"]).index(estimate_id)) + 2


def check_links(estimates: pd.DataFrame | None = None) -> None:
    """Raise a DataError if parts and restatements are unmarked or marked inconsistently."""
    estimates = load("troop_estimates") if estimates is None else estimates
    by_id = estimates.set_index("estimate_id")
    for _, rec in estimates.iterrows():
        for link in ("part_of", "restates"):
            target = rec[link]
            if pd.isna(target):
                continue
            other = by_id.loc[target]
            if target == rec["estimate_id"] or not pd.isna(other["restates"]):
                raise DataError(_FILE, f"{link} must point to an original figure, not to "
                                       f"'{target}'", row=_row(estimates, rec["estimate_id"]),
                                field=link)
            if not _same(rec["wave"], other["wave"]):
                raise DataError(_FILE, f"is about contingent '{rec['wave']}' but {link} "
                                       f"'{target}' is about '{other['wave']}'",
                                row=_row(estimates, rec["estimate_id"]), field=link)
            if rec["metric"] != other["metric"]:
                raise DataError(_FILE, f"counts '{rec['metric']}' but {link} '{target}' "
                                       f"counts '{other['metric']}'",
                                row=_row(estimates, rec["estimate_id"]), field=link)
    parts = estimates.dropna(subset=["part_of"]).groupby("part_of")["high"].sum()
    for whole, total in parts.items():
        if total > by_id.loc[whole, "high"]:
            raise DataError(_FILE, f"its parts add up to {total:,}, more than its "
                                   f"{by_id.loc[whole, 'high']:,}",
                            row=_row(estimates, whole), field="high")
    sent = independent(estimates)
    sent = sent[sent["metric"] == "additional_deployed"]
    same = sent.duplicated(["estimator", "wave", "as_of"], keep=False)
    if same.any():
        ids = list(sent.loc[same, "estimate_id"])
        raise DataError(_FILE, f"'{ids[0]}' and '{ids[1]}' count one contingent from one "
                               "statement: mark one as part_of or restates the other",
                        row=_row(estimates, ids[1]), field="part_of")


def contingent_ranges(estimates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per later contingent, the lowest and highest independent estimate of its size."""
    estimates = load("troop_estimates") if estimates is None else estimates
    rows = independent(estimates)
    rows = rows[rows["metric"] == "additional_deployed"]
    return (rows.groupby("wave")
            .agg(low=("low", "min"), high=("high", "max"), estimates=("low", "size"))
            .reset_index())


def later_contingents(estimates: pd.DataFrame | None = None) -> tuple[int, int]:
    """Low and high total of the later contingents, each contingent counted once."""
    ranges = contingent_ranges(estimates)
    return int(ranges["low"].sum()), int(ranges["high"].sum())


def first_confirmations(timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per claim: the first claim, the first confirmation by another body, and the days between."""
    timeline = load("deployment_timeline") if timeline is None else timeline
    out = []
    for claim, steps in timeline.sort_values("date").groupby("claim", sort=False):
        first = steps[steps["stance"] == "claim"].iloc[0]
        confirmed = steps[(steps["stance"] == "confirmation")
                          & (steps["actor_group"] != first["actor_group"])
                          & (steps["date"] >= first["date"])]
        when = confirmed["date"].iloc[0] if len(confirmed) else pd.NaT
        out.append({"claim": claim, "claimed": first["date"],
                    "claimant": first["actor"], "claimant_type": first["actor_type"],
                    "confirmed": when,
                    "confirmed_by": confirmed["actor"].iloc[0] if len(confirmed) else None,
                    "days": (when - first["date"]).days if len(confirmed) else None})
    return pd.DataFrame(out)


def killed_and_wounded(estimates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per estimator and date with a count of dead: killed, wounded, total, and the killed's share.

    The total is the estimator's own where it gave one; otherwise killed plus wounded, which is
    the book's sum (``total_from`` says which). The share is the book's arithmetic.
    """
    estimates = load("troop_estimates") if estimates is None else estimates
    rows = independent(estimates[estimates["metric"].isin(["killed", "wounded", "casualties"])])
    wide = (rows.pivot_table(index=["as_of", "as_of_precision", "estimator"], columns="metric",
                             values="high", aggfunc="max")
            .reindex(columns=["killed", "wounded", "casualties"]))
    wide = wide[wide["killed"].notna()].reset_index()
    given = wide["casualties"].notna()
    summed = ~given & wide["wounded"].notna()
    wide["total"] = wide["casualties"].where(given, wide["killed"] + wide["wounded"])
    wide["total_from"] = None
    wide.loc[given, "total_from"] = "as given"
    wide.loc[summed, "total_from"] = "killed + wounded (the book's sum)"
    share = (100 * wide["killed"] / wide["total"]).round()
    wide["share_killed"] = share.map(lambda v: None if pd.isna(v) else f"{v:.0f}%")
    for column in ["killed", "wounded", "total"]:
        wide[column] = wide[column].astype("Int64")
    wide = wide.rename(columns={"as_of_precision": "date_precision"})
    wide.columns.name = None
    return wide[["as_of", "date_precision", "estimator", "killed", "wounded", "total",
                 "total_from", "share_killed"]]
