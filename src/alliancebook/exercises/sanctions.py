"""The checked exercises of the sanctions lab: public names and answer forms (graders:
key/sanctions.py)."""

from __future__ import annotations

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
