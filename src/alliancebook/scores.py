"""What a class's pre/post assessment scores say: item difficulty and discrimination, gains.

    python -m alliancebook.scores SCORES.csv [--out DIR]

SCORES.csv holds one row per student per sitting, in this shape (the page *Analysing a class's
scores* in the instructor's guide shows an example):

=========  ======================================================================
column     what it holds
=========  ======================================================================
student    the code word the student wrote on both papers (any text, not a name)
sitting    ``pre`` or ``post``
form       ``A`` or ``B``: the form of the assessment the student sat
q1 … q12   the points the student earned on each question (0 up to the question's
           maximum in :data:`ITEM_MAX`); empty if the question was not marked
=========  ======================================================================

The report gives, for each sitting, each question's **difficulty** (the share of the possible
points the class earned: near 1, easy; near 0, hard) and its **discrimination** (the correlation
of the question's score with the rest of the paper: near 0 or below, the question does not tell
stronger from weaker students), and, for the students who sat both papers, each one's
**normalised gain** (the rise divided by the room there was to rise) and the class's
(computed from the class means, as Hake defined it). The command prints the tables and writes
them with a chart (an SVG picture) to DIR (default ``_build/scores``). DIR must be new, empty
or an earlier report's (its ``.alliancebook-scores.json`` lists the files it wrote): the
command never overwrites a file it did not write (``alliancebook.outputs``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from .outputs import UnsafeOutput, clear_output, record_output

# The most points each question of the assessment gives (book/instructors/assessment.md).
ITEM_MAX = {"q1": 1, "q2": 1, "q3": 3, "q4": 1, "q5": 2,
            "q6": 1, "q7": 2, "q8": 2, "q9": 1, "q10": 2, "q11": 3, "q12": 1}
SKILLS = {"verification": ["q1", "q2", "q3", "q4", "q5", "q12"],
          "sanctions": ["q6", "q7", "q8", "q9", "q10", "q11"]}
TOTAL = sum(ITEM_MAX.values())
SITTINGS = ("pre", "post")
TOOL = "alliancebook.scores"               # its marker file: .alliancebook-scores.json
DEFAULT_OUT = Path("_build") / "scores"
FORMS = ("A", "B")


class ScoresError(ValueError):
    """A scores file that does not have the documented shape; the message says what to fix."""


def check_scores(frame: pd.DataFrame) -> pd.DataFrame:
    """The scores as numbers, with sitting and form normalised; ScoresError if malformed."""
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise ScoresError("the scores table is empty: it needs one row per student per sitting")
    frame = frame.rename(columns=lambda c: str(c).strip().lower())
    missing = [c for c in ["student", "sitting", "form", *ITEM_MAX] if c not in frame.columns]
    if missing:
        raise ScoresError(f"the scores table lacks the column(s) {', '.join(missing)}")
    out = frame[["student", "sitting", "form", *ITEM_MAX]].copy()
    out["student"] = out["student"].astype(str).str.strip()
    out["sitting"] = out["sitting"].astype(str).str.strip().str.lower()
    out["form"] = out["form"].astype(str).str.strip().str.upper()
    for column, allowed in (("sitting", SITTINGS), ("form", FORMS)):
        wrong = out.index[~out[column].isin(allowed)]
        if len(wrong):
            raise ScoresError(f"row {wrong[0] + 2}: {column} must be one of {', '.join(allowed)}, "
                              f"not {frame.loc[wrong[0], column]!r}")
    for item, most in ITEM_MAX.items():
        values = pd.to_numeric(out[item], errors="coerce")
        bad = out.index[(values.isna() & out[item].notna() & (out[item].astype(str).str.strip()
                                                              != "")) |
                        (values < 0) | (values > most)]
        if len(bad):
            raise ScoresError(f"row {bad[0] + 2}: {item} must be a number from 0 to {most}, "
                              f"not {frame.loc[bad[0], item]!r}")
        out[item] = values
    twice = out.duplicated(["student", "sitting"])
    if twice.any():
        row = out.index[twice][0]
        raise ScoresError(f"row {row + 2}: student {out.loc[row, 'student']!r} has two "
                          f"{out.loc[row, 'sitting']} papers")
    return out


def read_scores(path: str | Path) -> pd.DataFrame:
    """Read and check a scores CSV in the documented shape."""
    return check_scores(pd.read_csv(path, dtype=str, keep_default_na=False,
                                    na_values=[""]))


def totals(scores: pd.DataFrame, items: list[str] | None = None) -> pd.Series:
    """Each paper's total over the items (an unmarked question counts 0)."""
    return scores[items or list(ITEM_MAX)].fillna(0).sum(axis=1)


def item_analysis(scores: pd.DataFrame, sitting: str = "post") -> pd.DataFrame:
    """Per question: its maximum, the papers marked, difficulty and discrimination."""
    papers = scores[scores["sitting"] == sitting]
    total = totals(papers)
    rows = []
    for item, most in ITEM_MAX.items():
        marked = papers[item].notna()
        points = papers.loc[marked, item]
        rest = (total - papers[item].fillna(0))[marked]
        discrimination = np.nan
        if len(points) >= 3 and points.std() > 0 and rest.std() > 0:
            discrimination = float(np.corrcoef(points, rest)[0, 1])
        rows.append({"question": item, "max points": most, "papers": int(marked.sum()),
                     "difficulty": float(points.mean() / most) if len(points) else np.nan,
                     "discrimination": discrimination})
    return pd.DataFrame(rows)


def gain(pre: float, post: float, most: float = TOTAL) -> float:
    """Normalised gain: the rise divided by the room there was to rise (NaN if none)."""
    room = most - pre
    return float((post - pre) / room) if room > 0 else float("nan")


def student_gains(scores: pd.DataFrame) -> pd.DataFrame:
    """Per student who sat both papers: pre, post, gain, and the gain on each skill."""
    table = {}
    for name, items in {"total": list(ITEM_MAX), **SKILLS}.items():
        wide = scores.assign(points=totals(scores, items)).pivot(
            index="student", columns="sitting", values="points")
        table[name] = wide
    both = table["total"].dropna(subset=[s for s in SITTINGS if s in table["total"]])
    if not set(SITTINGS) <= set(both.columns) or both.empty:
        return pd.DataFrame(columns=["student", "pre", "post", "gain",
                                     *(f"{skill} gain" for skill in SKILLS)])
    out = pd.DataFrame({"student": both.index, "pre": both["pre"].values,
                        "post": both["post"].values})
    out["gain"] = [gain(a, b) for a, b in zip(out["pre"], out["post"])]
    for skill, items in SKILLS.items():
        most = sum(ITEM_MAX[i] for i in items)
        wide = table[skill].loc[both.index]
        out[f"{skill} gain"] = [gain(a, b, most) for a, b in zip(wide["pre"], wide["post"])]
    return out.reset_index(drop=True)


def class_gain(scores: pd.DataFrame) -> dict:
    """The class's normalised gain from its mean scores (students who sat both papers only)."""
    per = student_gains(scores)
    if per.empty:
        return {"students": 0, "mean pre": np.nan, "mean post": np.nan, "gain": np.nan}
    pre, post = per["pre"].mean(), per["post"].mean()
    return {"students": len(per), "mean pre": float(pre), "mean post": float(post),
            "gain": gain(pre, post)}


def gain_chart(scores: pd.DataFrame):
    """Each student's pre and post totals, joined by a line: the class's rise at a glance."""
    import altair as alt

    from . import charts

    per = student_gains(scores)
    long = per.melt(id_vars="student", value_vars=["pre", "post"], var_name="Sitting",
                    value_name="Score")
    summary = class_gain(scores)
    chart = alt.Chart(long).mark_line(point=True, opacity=0.6).encode(
        x=alt.X("Sitting:N", sort=list(SITTINGS), title=None),
        y=alt.Y("Score:Q", scale=alt.Scale(domain=[0, TOTAL]), title=f"Score (of {TOTAL})"),
        detail="student:N", tooltip=["student:N", "Sitting:N", "Score:Q"],
    ).properties(width=260, height=300)
    finding = (f"The class's mean rose from {summary['mean pre']:.1f} to "
               f"{summary['mean post']:.1f} of {TOTAL}: a normalised gain of "
               f"{summary['gain']:.2f}")
    return charts.annotate(chart, finding=finding,
                           source="The class's pre and post assessment scores")


def form_means(scores: pd.DataFrame) -> pd.DataFrame:
    """Mean total per sitting and form: parallel forms should score alike in the same sitting."""
    table = scores.assign(total=totals(scores)).groupby(["sitting", "form"])["total"]
    return table.agg(papers="count", mean="mean").reset_index()


def report(scores: pd.DataFrame) -> str:
    """The analysis as plain text: items per sitting, students, the class."""
    parts = []
    for sitting in SITTINGS:
        if (scores["sitting"] == sitting).any():
            table = item_analysis(scores, sitting).round(2)
            parts.append(f"Questions, {sitting} ({int((scores['sitting'] == sitting).sum())} "
                         f"papers)\n{table.to_string(index=False)}")
    parts.append(f"Forms (mean total of {TOTAL})\n"
                 f"{form_means(scores).round(2).to_string(index=False)}")
    per = student_gains(scores)
    parts.append(f"Students who sat both papers\n{per.round(2).to_string(index=False)}")
    summary = class_gain(scores)
    parts.append(f"Class: {summary['students']} students, mean {summary['mean pre']:.1f} -> "
                 f"{summary['mean post']:.1f} of {TOTAL}, normalised gain "
                 f"{summary['gain']:.2f}")
    return "\n\n".join(parts)


def synthetic_class(students: int = 30, seed: int = 2026) -> pd.DataFrame:
    """An invented class in the documented shape, for trying the analysis and for the tests.

    Each student has an ability; each question a difficulty; teaching raises every ability.
    Half the class sits form A first, half form B."""
    rng = np.random.default_rng(seed)
    ability = rng.normal(0, 1, students)
    hardness = np.linspace(-1, 1, len(ITEM_MAX))
    rows = []
    for index in range(students):
        first = "A" if index % 2 == 0 else "B"
        for sitting, lift in (("pre", -0.8), ("post", 0.8)):
            row = {"student": f"s{index + 1:02d}", "sitting": sitting,
                   "form": first if sitting == "pre" else ("B" if first == "A" else "A")}
            for (item, most), hard in zip(ITEM_MAX.items(), hardness):
                chance = 1 / (1 + np.exp(-(ability[index] + lift - hard) * 1.7))
                row[item] = int(rng.binomial(most, chance))
            rows.append(row)
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m alliancebook.scores",
                                     description="Analyse a class's pre/post assessment scores.")
    parser.add_argument("scores", type=Path, help="the scores CSV (see the module's docstring)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="folder for the tables and the chart (default: _build/scores)")
    args = parser.parse_args(argv)
    try:
        scores = read_scores(args.scores)
    except (OSError, ScoresError, pd.errors.ParserError) as err:
        print(f"error: {args.scores}: {err}", file=sys.stderr)
        return 2
    out = args.out.resolve()
    try:
        clear_output(Path.cwd().resolve(), out, TOOL, DEFAULT_OUT)
    except UnsafeOutput as err:
        print(f"alliancebook.scores: refused: {err}", file=sys.stderr)
        return 2
    print(report(scores))
    out.mkdir(parents=True, exist_ok=True)
    for sitting in SITTINGS:
        item_analysis(scores, sitting).to_csv(out / f"questions-{sitting}.csv", index=False)
    gains = student_gains(scores)
    gains.to_csv(out / "students.csv", index=False)
    if not gains.empty:
        gain_chart(scores).save(str(out / "gains.svg"))
    record_output(out, TOOL)
    print(f"\nwrote {args.out}/questions-pre.csv, questions-post.csv, students.csv, gains.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
