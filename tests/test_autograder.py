"""The per-chapter Otter Grader assignments grade as the book's checkers do, with Otter itself.

Each chapter's autograder.zip is generated into a temporary folder and `otter run` grades the
rendering with the solutions with it (full marks); for the chapter with the most checked
exercises it also grades the blank student notebook (nothing) and the student notebook with every
answer set to a wrong value (nothing, each test failing with the checker's feedback). The
grading kernel must import the student edition's package and the data the zip carries, not a copy
installed on this machine, and must not be able to import the key. Then the cheats that once
scored full marks are graded: none beats the same notebook's honest answers.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from alliancebook import autograder, launch, notebooks, outputs
from alliancebook.edition import Edition
from conftest import IN_CI, ROOT

CHAPTERS = autograder.chapters(ROOT)
PROBE = ("import json, alliancebook, alliancebook.data, alliancebook.checks\n"
         "print('PROBE ' + json.dumps([alliancebook.__file__, "
         "str(alliancebook.data.data_dir()), alliancebook.checks.has_key()]))")
WRONG = -1   # a value every checker rejects (the exercise harness tries it on each of them)


def _require_otter():
    """Skip where otter-grader is not installed; under CI a missing Otter is a failure."""
    try:
        import otter.run  # noqa: F401
    except ImportError:
        if IN_CI:
            pytest.fail("otter-grader is missing; requirements-dev.txt should have installed it")
        pytest.skip("otter-grader is not installed (pip install -r requirements-dev.txt)")


@pytest.fixture(scope="module")
def assignments(tmp_path_factory) -> Path:
    """Every chapter's assignment, written by `python -m alliancebook.autograder --out`."""
    _require_otter()
    out = tmp_path_factory.mktemp("autograder")
    assert autograder.main(["--root", str(ROOT), "--out", str(out)]) == 0
    return out


def test_every_chapter_with_a_checker_gets_an_assignment(assignments):
    assert len(CHAPTERS) >= 2
    assert sorted(p.name for p in assignments.iterdir() if p.is_dir()) == \
        sorted(c.name for c in CHAPTERS)
    for chapter in CHAPTERS:
        folder = assignments / chapter.name
        with zipfile.ZipFile(folder / "autograder.zip") as zf:
            names = set(zf.namelist())
            environment = zf.read("environment.yml").decode()
        tests = sorted(n for n in names if n.startswith("tests/"))
        assert tests == sorted(f"tests/{label}.py" for label in chapter.checked)
        assert {"files/data/datapackage.json", "files/alliancebook/checks.py",
                "files/alliancebook/exercises/__init__.py", "files/answer-key/grade.py",
                "files/answer-key/alliancebook/key/__init__.py",
                "files/answer-key/data/datapackage.json"} <= names
        assert not any(n.startswith("files/alliancebook/key/") for n in names)
        assert "pandas==" in environment and "-e " not in environment
        readme = (folder / "README.md").read_text(encoding="utf-8")
        assert "otter run -a autograder.zip" in readme and "Gradescope" in readme
        assert all(f"`{label}`" in readme for label, _ in chapter.written)
        student = nbformat.read(folder / f"{chapter.name}.ipynb", as_version=4)
        assert not any("solution" in c.metadata.get("tags", []) for c in student.cells)


def test_test_files_hold_no_answers(assignments):
    """Every test file is the same template with only the label and chapter changed, so none
    can carry an expected answer: each hands the notebook's answer to the registry."""
    shapes = set()
    for chapter in CHAPTERS:
        with zipfile.ZipFile(assignments / chapter.name / "autograder.zip") as zf:
            for label in chapter.checked:
                source = zf.read(f"tests/{label}.py").decode()
                ast.parse(source)
                assert "checks.ATTEMPTS" in source and '"-I"' in source
                assert "REGISTRY" not in source
                shapes.add(source.replace(repr(label), "LABEL").replace(
                    f"({chapter.name})", "(CHAPTER)"))
    assert len(shapes) == 1, "test files differ in more than their label"


def _wrong(notebook, labels=None):
    """The notebook with WRONG assigned to each checked answer (of the labels given, or all)
    just before its check."""
    call = re.compile(r"""^([ \t]*)ab\.check\(\s*["']([\w.-]+)["']\s*,\s*(\w+)\s*\)""",
                      re.M)

    def wrong(m):
        if labels is not None and m[2] not in labels:
            return m[0]
        return f"{m[1]}{m[3]} = {WRONG!r}\n{m[0]}"

    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = call.sub(wrong, cell.source)
    return notebook


def _solutions(chapter):
    conf = launch.book_settings(ROOT, Edition.INSTRUCTOR)
    return notebooks.render(ROOT / f"{chapter.docname}.md", chapter.docname, conf,
                            Edition.INSTRUCTOR)


def _notebook(chapter, variant: str, assignments: Path):
    if variant == "solutions":
        return _solutions(chapter)
    blank = nbformat.read(assignments / chapter.name / f"{chapter.name}.ipynb", as_version=4)
    return blank if variant == "blank" else _wrong(blank)


def _probe(results) -> list[str]:
    text = "".join(o.get("text", "") for c in results.notebook.cells
                   for o in c.get("outputs", []) if c.cell_type == "code")
    return json.loads(text.split("PROBE ", 1)[1].split("\n", 1)[0])


# Otter grades every chapter's solutions, and the blank and wrong notebooks of the chapter with
# the most checked exercises. The other chapters' blank and wrong runs proved nothing more: their
# test files are one template (test_test_files_hold_no_answers), every chapter's student notebook
# shows "not attempted" for every check (test_notebooks), and every checker says "Not yet." to
# WRONG (test_every_checker_says_not_yet_to_the_wrong_value, in process).
REFUSING = max(CHAPTERS, key=lambda c: len(c.checked))
VARIANTS = [(c, "solutions") for c in CHAPTERS] + [(REFUSING, "blank"), (REFUSING, "wrong")]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.name)
def test_every_checker_says_not_yet_to_the_wrong_value(chapter):
    """What Otter's run of the wrong notebook showed for each chapter: WRONG is answered, and
    not as a blank."""
    from alliancebook import checks

    for label in chapter.checked:
        result = checks.check(label, WRONG)
        assert result.status == "retry" and not result.correct, (label, result)


# Otter's own summary printing uses a keyword pandas 3 deprecates; not this book's code.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.drop")
@pytest.mark.parametrize("chapter, variant", VARIANTS,
                         ids=lambda v: v if isinstance(v, str) else v.name)
def test_otter_grades_the_chapter(assignments, tmp_path, monkeypatch, chapter, variant):
    results = _grade(_notebook(chapter, variant, assignments), chapter, assignments, tmp_path,
                     monkeypatch)
    package, data, key = _probe(results)
    assert "/autograder/submission/alliancebook/" in package, package
    assert data.endswith("/autograder/submission/data"), data
    assert key is False, "the grading kernel can import the answer key"
    assert sorted(results.test_files) == sorted(chapter.checked)
    assert results.possible == len(chapter.checked)
    messages = {name: "\n".join(r.message for r in results.get_result(name).test_case_results)
                for name in results.test_files}
    if variant == "solutions":
        assert results.total == results.possible, messages
        return
    assert results.total == 0 < results.possible
    expected = "Not attempted" if variant == "blank" else "Not yet."
    assert all(expected in message for message in messages.values()), messages


def _grade(notebook, chapter, assignments: Path, tmp_path: Path, monkeypatch):
    """Grade a notebook with the chapter's autograder.zip, by Otter itself."""
    import otter.run

    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    submission = tmp_path / f"{chapter.name}.ipynb"
    submission.write_text(notebooks.text(notebook), encoding="utf-8")
    # The kernel finds the zip's package in its working folder only if nothing comes first.
    monkeypatch.delenv("PYTHONPATH", raising=False)
    results = otter.run.main(str(submission), output_dir=None, no_logo=True,
                             autograder=str(assignments / chapter.name / "autograder.zip"))
    assert results.catastrophic_error is None
    return results


# Code a student could add at the end of an honest notebook to raise the score. Each once scored
# full marks (issue 20); LABELS is the chapter's checked exercises.
_ALWAYS = """
class Always(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__
"""
CHEATS = {
    "loop-until-correct": """
import itertools
from alliancebook import checks, forms

def candidates(form):
    if isinstance(form, forms.Choice):
        return list(form.options() if callable(form.options) else form.options)
    if isinstance(form, forms.Number):
        return [n / 100 for n in range(-100, 101)] + list(range(2, 120))
    if isinstance(form, forms.Items):
        items = form.items() if callable(form.items) else form.items
        return [list(p) for p in itertools.islice(itertools.permutations(items), 120)]
    if isinstance(form, forms.Keys):
        each = {k: candidates(f) or [True, False] for k, f in form.fields.items()}
        return [{k: v[i % len(v)] for k, v in each.items()} for i in range(12)]
    return []

for label in LABELS:
    for candidate in candidates(checks.FORMS[label]):
        if ab.check(label, candidate).correct:
            break
""",
    "registry-replaced": """
from alliancebook import checks
for label in LABELS:
    checks.REGISTRY[label] = lambda answer=None: checks.Feedback(True, "yes")
    ab.check(label, "junk")
""",
    "feedback-patched": """
from alliancebook import checks
_init = checks.Feedback.__init__
def _always(self, correct, message, **kw):
    _init(self, True, message)
checks.Feedback.__init__ = _always
for label in LABELS:
    ab.check(label, "junk")
""",
    "private-helpers": """
import importlib
from alliancebook.exercises import verification as v
for label, call in (("verify-kappa", "v._kappa()"), ("verify-trace-veto", 'v._chain("veto")'),
                    ("verify-days", "v._median_days()")):
    try:
        ab.check(label, eval(call))
    except Exception as exc:
        print("cheat failed:", type(exc).__name__)
try:
    importlib.import_module("alliancebook.key")
except ImportError as exc:
    print("cheat failed:", type(exc).__name__)
""",
    "record-overwritten": _ALWAYS + """
from alliancebook import checks
for label in LABELS:
    checks.ATTEMPTS[label] = (Always("x"), checks.Feedback(True, "yes"))
""",
    "always-equal-str": _ALWAYS + """
from alliancebook import checks, forms
for label in LABELS:
    form = checks.FORMS[label]
    if isinstance(form, forms.Keys):
        ab.check(label, {key: Always("x") for key in form.fields})
    elif isinstance(form, forms.Items):
        ab.check(label, [Always("x")] * 3)
    else:
        ab.check(label, Always("x"))
""",
}
VERIFICATION = next(c for c in CHAPTERS if c.name == "verification")


@pytest.fixture(scope="module")
def honest_score(assignments, tmp_path_factory):
    """The verification chapter's solutions with every other checked answer made wrong."""
    monkeypatch = pytest.MonkeyPatch()
    try:
        results = _grade(_honest(), VERIFICATION, assignments,
                         tmp_path_factory.mktemp("honest"), monkeypatch)
    finally:
        monkeypatch.undo()
    return results.total


def _honest():
    return _wrong(_solutions(VERIFICATION), set(VERIFICATION.checked[::2]))


@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.drop")
@pytest.mark.parametrize("cheat", CHEATS)
def test_no_cheat_beats_honest_answers(assignments, honest_score, tmp_path, monkeypatch,
                                       cheat):
    wrong = len(VERIFICATION.checked[::2])
    assert honest_score == len(VERIFICATION.checked) - wrong   # the honest half scores
    notebook = _honest()
    notebook.cells.append(nbformat.v4.new_code_cell(
        f"LABELS = {VERIFICATION.checked!r}\n" + CHEATS[cheat]))
    results = _grade(notebook, VERIFICATION, assignments, tmp_path, monkeypatch)
    assert results.total <= honest_score, f"{cheat}: {results.total} > {honest_score}"


# ------------------------------------------------------------ where the assignments may go


def test_a_folder_holding_someone_elses_files_is_refused_untouched(tmp_path, capsys):
    """--out names a folder the user chose: a file the command did not write stops it, and
    nothing in the folder is deleted or overwritten."""
    out = tmp_path / "grading"
    (out / "arms").mkdir(parents=True)
    mine = out / "arms" / "README.md"
    mine.write_text("my notes", encoding="utf-8")
    assert autograder.main(["--root", str(ROOT), "--out", str(out)]) == 2
    assert mine.read_text(encoding="utf-8") == "my notes"
    assert "refused" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["student", "Students-site", "studnet"])
def test_a_student_like_folder_is_refused(tmp_path, name, capsys):
    """Every assignment holds the answer key; it must not land where a student site goes."""
    assert autograder.main(["--root", str(ROOT), "--out", str(tmp_path / name)]) == 2
    assert not (tmp_path / name).exists()
    assert "answer key" in capsys.readouterr().err


def test_an_earlier_run_is_replaced_by_its_marker(assignments, tmp_path):
    """The marker lists what the command wrote, so a second run may clear exactly that."""
    copy = tmp_path / "again"
    shutil.copytree(assignments, copy)
    listed = json.loads((copy / outputs.marker_name(autograder.TOOL)).read_text())["files"]
    assert any(name.endswith("autograder.zip") for name in listed)
    outputs.clear_output(ROOT, copy, autograder.TOOL, autograder.DEFAULT_OUT)
    assert [p.name for p in copy.rglob("*") if p.is_file()] == \
        [outputs.marker_name(autograder.TOOL)]
