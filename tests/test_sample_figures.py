"""The monthly estimate quoted in the sanctions page's graded samples is the one the data give.

The samples of ``sanctions-monthly-limits`` are typed text: they quote the level change of March
2017, its 95% Newey-West interval, the interval's top end without seasonal terms and the placebo
rank. This test recomputes each figure from ``china_dprk_monthly_trade`` with the package's own
functions (those the page's cells call), renders it as the samples round it, and requires that
exact phrase in the samples. Every percentage the samples quote must be claimed by one phrase, so
a new figure cannot slip in unchecked.
"""

from __future__ import annotations

import re

import pytest

import alliancebook as ab
from alliancebook.exercises import sanctions
from alliancebook.rubrics import written_solutions
from conftest import ROOT

PAGE = ROOT / "book" / "sanctions.md"
LABEL = "sanctions-monthly-limits"
PERCENT = re.compile(r"[−+]?\d+(?:\.\d+)?%")
NOT_ESTIMATES = {"95%"}     # the interval's level, not a figure computed from the data

# Each phrase as the samples write it, its fields recomputed: the fall to one decimal, as the
# page's solution cell prints it; the interval's ends and the rank to whole units.
PHRASES = [
    "imports from North Korea {fall}% below the pre-2017",   # Sample A: the level change
    "from about {low}% to {high}% of the monthly",  # Sample A: its 95% interval
    "its top end is about {unseasonal_high}%",   # Sample A: no seasonal terms
    "placebo rank, {rank} of {compared},",       # Sample A
    "Korea by {fall}% (95% interval {low}% to {high}% of",   # Sample B
]


def signed(value: float, plus: bool = False) -> str:
    """A whole number with the page's minus sign (and a plus sign if asked)."""
    whole = round(value)
    if whole < 0:
        return f"−{-whole}"
    return f"+{whole}" if plus and whole > 0 else f"{whole}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def recomputed() -> dict[str, str]:
    """The figures from the data, rendered as the samples print them."""
    imports = sanctions.monthly_series(ab.load("china_dprk_monthly_trade"))
    main = sanctions.level_row(imports, "Main model")
    unseasonal = sanctions.level_row(
        imports, "No seasonal terms",
        formula=sanctions.MONTHLY_MODEL.replace(" + C(quarter)", ""))
    rank, compared = sanctions.placebo_rank(imports)
    return {"fall": f"{abs(main['Change (%)']):.1f}", "low": signed(main["95% low (%)"]),
            "high": signed(main["95% high (%)"]),
            "unseasonal_high": signed(unseasonal["95% high (%)"], plus=True),
            "rank": ordinal(int(rank)), "compared": str(compared)}


def sample_text(page_text: str) -> str:
    """The graded samples of the monthly-limits solution, joined on single spaces."""
    body = dict(written_solutions(page_text))[LABEL]
    samples = body[body.index("*Sample A:"):]
    return " ".join(samples.split())


def figure_problems(text: str, figures: dict[str, str]) -> list[str]:
    """Phrases whose recomputed figures are not in the samples, and quoted percentages that
    no phrase accounts for (empty if the samples match the data)."""
    phrases = [phrase.format(**figures) for phrase in PHRASES]
    problems = [f"not in the samples: {phrase!r}" for phrase in phrases if phrase not in text]
    claimed = " ".join(phrases)
    for quoted in sorted(set(PERCENT.findall(text)) - NOT_ESTIMATES):
        if quoted not in claimed:
            problems.append(f"quoted but not recomputed: {quoted!r}")
    return problems


@pytest.fixture(scope="module")
def figures() -> dict[str, str]:
    return recomputed()


@pytest.fixture(scope="module")
def samples() -> str:
    return sample_text(PAGE.read_text(encoding="utf-8"))


def test_sample_figures_match_the_data(samples, figures):
    problems = figure_problems(samples, figures)
    assert not problems, problems


def test_a_planted_wrong_figure_fails(samples, figures):
    low = figures["low"]
    altered = samples.replace(f"about {low}%", f"about {signed(int(low.replace('−', '-')) + 1)}%")
    assert altered != samples
    assert figure_problems(altered, figures) == [
        f"not in the samples: 'from about {low}% to {figures['high']}% of the monthly'",
        f"quoted but not recomputed: '{signed(int(low.replace('−', '-')) + 1)}%'"]


def test_an_unclaimed_percentage_fails(samples, figures):
    extra = samples.replace("Breaks at", "A fall of 12% aside, breaks at")
    assert figure_problems(extra, figures) == ["quoted but not recomputed: '12%'"]
