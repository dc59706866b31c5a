"""The score analysis (``alliancebook.scores``) reports what an instructor needs from a class's
pre/post papers, computed right, on an invented class; a malformed file gets a message."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from alliancebook import scores
from alliancebook.scores import ITEM_MAX, TOTAL, ScoresError
from conftest import ROOT


@pytest.fixture(scope="module")
def klass() -> pd.DataFrame:
    return scores.check_scores(scores.synthetic_class(30, seed=7))


def test_the_item_maxima_match_the_assessment_page():
    """The points per question are the answer key's (a changed key must change the module)."""
    page = (ROOT / "book" / "instructors" / "assessment.md").read_text(encoding="utf-8")
    assert f"Total: {TOTAL} points" in page
    for item, most in ITEM_MAX.items():
        number = item[1:]
        assert f"**{number}." in page and f"{most} point" in page


def test_difficulty_and_discrimination(klass):
    """Difficulty is the share of points earned; teaching makes items easier; on this class,
    where ability drives every answer, every item discriminates."""
    pre, post = scores.item_analysis(klass, "pre"), scores.item_analysis(klass, "post")
    q3 = klass[klass.sitting == "post"]["q3"]
    assert post.set_index("question").loc["q3", "difficulty"] == pytest.approx(q3.mean() / 3)
    assert (post["difficulty"].mean() > pre["difficulty"].mean())
    assert post["difficulty"].between(0, 1).all()
    assert (post["discrimination"] > 0).all()


def test_an_item_that_ignores_ability_does_not_discriminate(klass):
    """A question answered at random gets a discrimination near zero."""
    noisy = klass.copy()
    noisy["q4"] = np.random.default_rng(1).integers(0, 2, len(noisy))
    post = scores.item_analysis(noisy, "post").set_index("question")
    assert abs(post.loc["q4", "discrimination"]) < 0.4
    assert post.loc["q4", "discrimination"] < post["discrimination"].drop("q4").min()


def test_gains_are_hakes():
    """A student from 6 to 11 of the paper's total T has gained 5 of T - 6; the class's gain
    uses the means."""
    total = scores.TOTAL
    rows = []
    for student, pre, post in (("x", 6, 11), ("y", 10, total), ("z", total, total)):
        for sitting, points in (("pre", pre), ("post", post)):
            row = {"student": student, "sitting": sitting, "form": "A",
                   **{item: 0 for item in ITEM_MAX}}
            left = points
            for item, most in ITEM_MAX.items():
                row[item] = min(most, left)
                left -= row[item]
            rows.append(row)
    frame = scores.check_scores(pd.DataFrame(rows))
    per = scores.student_gains(frame).set_index("student")
    assert per.loc["x", "gain"] == pytest.approx(5 / (total - 6))
    assert per.loc["y", "gain"] == pytest.approx(1.0)
    assert np.isnan(per.loc["z", "gain"])          # no room to rise: no gain to report
    summary = scores.class_gain(frame)
    pre, post = (6 + 10 + total) / 3, (11 + 2 * total) / 3
    assert summary["gain"] == pytest.approx((post - pre) / (total - pre))


def test_only_students_who_sat_both_count(klass):
    absent = klass[~((klass.student == "s01") & (klass.sitting == "post"))]
    per = scores.student_gains(absent)
    assert "s01" not in set(per.student) and len(per) == 29
    assert scores.class_gain(absent)["students"] == 29


@pytest.mark.parametrize("change,message", [
    (lambda f: f.drop(columns="q5"), "lacks the column"),
    (lambda f: f.assign(sitting="middle"), "sitting must be one of"),
    (lambda f: f.assign(q3=4), "q3 must be a number from 0 to 3"),
    (lambda f: f.assign(q7="two"), "q7 must be a number"),
    (lambda f: pd.concat([f, f.head(1)]).reset_index(drop=True), "has two pre papers"),
    (lambda f: f.head(0), "empty"),
])
def test_a_malformed_file_gets_a_message(klass, change, message):
    with pytest.raises(ScoresError, match=message):
        scores.check_scores(change(scores.synthetic_class(4).astype(str)))


def test_the_command_reads_a_csv_and_writes_a_report(tmp_path):
    """The documented command on a CSV of the documented shape: tables and a chart."""
    path = tmp_path / "class.csv"
    scores.synthetic_class(30).to_csv(path, index=False)
    out = tmp_path / "report"
    result = subprocess.run([sys.executable, "-m", "alliancebook.scores", str(path), "--out",
                             str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "normalised gain" in result.stdout and "discrimination" in result.stdout
    assert {p.name for p in out.iterdir()} == {"questions-pre.csv", "questions-post.csv",
                                               "students.csv", "gains.svg",
                                               ".alliancebook-scores.json"}
    assert "<svg" in (out / "gains.svg").read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("student,sitting\nx,pre\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "alliancebook.scores", str(bad)],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 2 and "lacks the column" in result.stderr


def test_the_command_never_overwrites_a_file_it_did_not_write(tmp_path):
    """A folder of someone else's files is refused untouched; the command's own earlier
    report (its marker lists the files) is replaced."""
    path = tmp_path / "class.csv"
    scores.synthetic_class(30).to_csv(path, index=False)
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "students.csv").write_text("my own notes\n", encoding="utf-8")
    assert scores.main([str(path), "--out", str(theirs)]) == 2
    assert [p.name for p in theirs.iterdir()] == ["students.csv"]
    assert (theirs / "students.csv").read_text(encoding="utf-8") == "my own notes\n"
    ours = tmp_path / "ours"
    assert scores.main([str(path), "--out", str(ours)]) == 0
    (ours / "gains.svg").write_text("stale", encoding="utf-8")
    assert scores.main([str(path), "--out", str(ours)]) == 0
    assert "<svg" in (ours / "gains.svg").read_text(encoding="utf-8")
    (ours / "extra.txt").write_text("added by hand", encoding="utf-8")
    assert scores.main([str(path), "--out", str(ours)]) == 2
    assert (ours / "extra.txt").is_file() and (ours / "gains.svg").is_file()
