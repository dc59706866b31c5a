"""The per-chapter Otter Grader assignments grade as the book's checkers do, with Otter itself.

Each chapter's autograder.zip is generated into a temporary folder and `otter run` grades three
notebooks with it: the rendering with the solutions (full marks), the blank student notebook
(nothing) and the student notebook with every answer set to a wrong value (nothing, each test
failing with the checker's feedback). The grading kernel must import the package and the data
the zip carries, not a copy installed on this machine.
"""

from __future__ import annotations

import ast
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from alliancebook import autograder, launch, notebooks
from alliancebook.edition import Edition
from conftest import IN_CI, ROOT

CHAPTERS = autograder.chapters(ROOT)
PROBE = ("import json, alliancebook, alliancebook.data\n"
         "print('PROBE ' + json.dumps([alliancebook.__file__, "
         "str(alliancebook.data.data_dir())]))")
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
    assert sorted(p.name for p in assignments.iterdir()) == sorted(c.name for c in CHAPTERS)
    for chapter in CHAPTERS:
        folder = assignments / chapter.name
        with zipfile.ZipFile(folder / "autograder.zip") as zf:
            names = set(zf.namelist())
            environment = zf.read("environment.yml").decode()
        tests = sorted(n for n in names if n.startswith("tests/"))
        assert tests == sorted(f"tests/{label}.py" for label in chapter.checked)
        assert {"files/data/datapackage.json", "files/alliancebook/checks.py",
                "files/alliancebook/exercises/__init__.py"} <= names
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
                assert "checks.REGISTRY[" in source and "checks.ATTEMPTS" in source
                shapes.add(source.replace(repr(label), "LABEL").replace(
                    f"({chapter.name})", "(CHAPTER)"))
    assert len(shapes) == 1, "test files differ in more than their label"


def _wrong(notebook):
    """The student notebook with WRONG assigned to each checked answer just before its check."""
    call = re.compile(r"""^([ \t]*)ab\.check\(\s*["'][\w.-]+["']\s*,\s*(\w+)\s*\)""", re.M)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = call.sub(lambda m: f"{m[1]}{m[2]} = {WRONG!r}\n{m[0]}", cell.source)
    return notebook


def _notebook(chapter, variant: str, assignments: Path):
    if variant == "solutions":
        conf = launch.book_settings(ROOT, Edition.INSTRUCTOR)
        return notebooks.render(ROOT / f"{chapter.docname}.md", chapter.docname, conf,
                                Edition.INSTRUCTOR)
    blank = nbformat.read(assignments / chapter.name / f"{chapter.name}.ipynb", as_version=4)
    return blank if variant == "blank" else _wrong(blank)


def _probe(results) -> list[str]:
    text = "".join(o.get("text", "") for c in results.notebook.cells
                   for o in c.get("outputs", []) if c.cell_type == "code")
    return json.loads(text.split("PROBE ", 1)[1].split("\n", 1)[0])


# Otter's own summary printing uses a keyword pandas 3 deprecates; not this book's code.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.drop")
@pytest.mark.parametrize("variant", ["solutions", "blank", "wrong"])
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.name)
def test_otter_grades_the_chapter(assignments, tmp_path, monkeypatch, chapter, variant):
    import otter.run

    notebook = _notebook(chapter, variant, assignments)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    submission = tmp_path / f"{chapter.name}.ipynb"
    submission.write_text(notebooks.text(notebook), encoding="utf-8")
    # The kernel finds the zip's package in its working folder only if nothing comes first.
    monkeypatch.delenv("PYTHONPATH", raising=False)
    results = otter.run.main(str(submission), output_dir=None, no_logo=True,
                             autograder=str(assignments / chapter.name / "autograder.zip"))

    assert results.catastrophic_error is None
    package, data = _probe(results)
    assert "/autograder/submission/alliancebook/" in package, package
    assert data.endswith("/autograder/submission/data"), data
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
