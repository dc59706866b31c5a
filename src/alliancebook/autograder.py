"""Otter Grader assignments, one per chapter, made from the book's own exercises and checkers.

    python -m alliancebook.autograder [--out DIR] [--root DIR]

writes, for every notebook chapter with auto-checked exercises, a folder ``DIR/<chapter>/``
(default ``_build/autograder/<chapter>/``) holding

- ``<chapter>.ipynb``: the chapter's student notebook (the rendering in ``notebooks/book/``),
- ``autograder.zip``: an Otter Grader configuration made by ``otter generate``. It holds one
  exception-format test per checked exercise (1 point each), the student edition's package
  (``alliancebook`` without its ``key``) and ``data/`` as support files, the answer key in a
  folder of its own (``answer-key/``: the full package, the data and ``grade.py``), and the
  book's requirements for Gradescope's image,
- ``README.md``: how to grade with it, and which written exercises are marked by hand.

The notebook under grading runs against the student edition's package, exactly as students ran
it: nothing it can call says whether an answer is right. A test holds no expected answer. It
takes the last answer the notebook recorded for its exercise, as a plain JSON value, and hands
it to a separate Python process (``python -I answer-key/grade.py LABEL``), which loads the key
from files the notebook never imported and reads nothing but that value. The test passes when
the key accepts the answer and otherwise fails with the key's feedback, or "not attempted".

Locally: ``otter run -a autograder.zip submission.ipynb`` (needs the book's environment plus
``otter-grader``). On Gradescope: a Programming Assignment whose autograder is the zip; students
upload their notebook. On a JupyterHub: hand out the notebook, collect the submissions, and
grade them with ``otter run`` (or ``otter grade``, which uses Docker).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import NamedTuple

from . import bundle, checks, launch, notebooks, outputs, pages
from .edition import Edition, student_named

__all__ = ["Chapter", "chapters", "otter_test", "requirements", "write_assignment", "write_all"]

DEFAULT_OUT = Path("_build") / "autograder"
POINTS = 1
_CHECK = re.compile(r"""\bab\.check\(\s*["']([\w.-]+)["']""")
_EXERCISE = re.compile(r"\*\*Exercise `([\w.-]+)`\*\*[^\n]*\n(?:>[ \t]*\n)*>[ \t]*(.*)")

TEST_TEMPLATE = '''"""Otter test for exercise {label!r} ({chapter}), by alliancebook.autograder.

It holds no answer: it sends the last answer the notebook recorded, as plain JSON, to the answer
key, which runs in a separate Python process.
"""

from otter.test_files import test_case

OK_FORMAT = False
name = {label!r}
points = {points}


@test_case(name={label!r})
def regrade():
    import json
    import os
    import subprocess
    import sys

    from alliancebook import checks, forms

    recorded = checks.ATTEMPTS.get({label!r})
    assert recorded and recorded[0] is not None, (
        "Not attempted: the notebook never recorded a usable answer with ab.check({label!r}, "
        "...). Put your answer in the exercise's code cell and run it.")
    answer = json.dumps(forms.plain(recorded[0]))
    key = os.path.abspath("answer-key")
    run = subprocess.run([sys.executable, "-I", os.path.join(key, "grade.py"), {label!r}],
                         input=answer, capture_output=True, text=True, timeout=300, cwd=key)
    assert run.returncode == 0, "The answer key could not run: " + run.stderr[-2000:]
    verdict = json.loads(run.stdout.strip().splitlines()[-1])
    assert verdict["correct"], verdict["feedback"]
'''

GRADE_SCRIPT = '''"""Judge one recorded answer with the key: python -I grade.py LABEL < answer.json

Written by alliancebook.autograder. It imports the full package beside it (with its key) and
the data beside it, reads one plain JSON value and prints one JSON line: the verdict.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ["ALLIANCEBOOK_DATA"] = os.path.join(HERE, "data")

from alliancebook import checks  # noqa: E402

if not checks.has_key():
    sys.exit("answer-key/alliancebook has no key package")
result = checks.check(sys.argv[1], json.loads(sys.stdin.read()))
print(json.dumps({{"correct": result.correct, "feedback": repr(result)}}))
'''


class Chapter(NamedTuple):
    """A notebook chapter: its name, page, student notebook and exercises."""

    name: str
    docname: str
    notebook: object
    checked: list[str]
    written: list[tuple[str, str]]   # (label, what it practises), marked by hand


def _checked_labels(notebook) -> list[str]:
    """Labels passed to ab.check in the notebook's code, in order, each once."""
    found = [m for c in notebook.cells if c.cell_type == "code" for m in _CHECK.findall(c.source)]
    labels = list(dict.fromkeys(found))
    unknown = [label for label in labels if label not in checks.FORMS]
    if unknown:
        raise LookupError(f"no checker is registered for {', '.join(unknown)}")
    return labels


def _written(notebook, checked: list[str]) -> list[tuple[str, str]]:
    """(label, first line of the task) of every exercise in the notebook without a checker."""
    text = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    found = [(label, re.sub(r"^.*?\*\*Practises:\*\*|\*\*Time:\*\*.*|\*\*", "", first).strip())
             for label, first in _EXERCISE.findall(text)]
    return [(label, first) for label, first in found if label not in checked]


def chapters(root: Path) -> list[Chapter]:
    """Every notebook chapter of the book that has an exercise with a checker."""
    checks._load()
    # The notebook students get is the student edition's: it links to the student site
    # and opens the student bundle.
    conf, found = launch.book_settings(root, Edition.STUDENT), []
    for docname, path in pages.notebook_pages(root):
        notebook = notebooks.render(path, docname, conf, Edition.STUDENT)
        checked = _checked_labels(notebook)
        if checked:
            found.append(Chapter(docname.rsplit("/", 1)[-1], docname, notebook, checked,
                                 _written(notebook, checked)))
    return found


def otter_test(chapter: str, label: str) -> str:
    """The Otter test file of one checked exercise."""
    return TEST_TEMPLATE.format(chapter=chapter, label=label, points=POINTS)


def requirements(root: Path) -> list[str]:
    """The book's requirements for the grading image: requirements.txt without the editable
    install of the package (the zip carries the package itself)."""
    lines = (root / "requirements.txt").read_text(encoding="utf-8").splitlines()
    kept = [line.split(" #")[0].strip() for line in lines]
    return [line for line in kept if line and not line.startswith(("#", "-e", "-r"))]


def _python_version(root: Path) -> str:
    """The oldest Python the package supports (pyproject's requires-python), for the image."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return re.search(r"\d+\.\d+", project["requires-python"]).group(0)


def _readme(chapter: Chapter, conf: launch.Settings) -> str:
    page = f"{conf.site}{chapter.docname}.html" if conf.site else f"{chapter.docname}.md"
    guide = (f"{conf.site}book/instructors/chapters.html" if conf.site
             else "book/instructors/chapters.md")
    checked = "\n".join(f"- `{label}`" for label in chapter.checked)
    written = "\n".join(f"- `{label}`: {what.rstrip('.')} (rubric: <{page}#{label}>)" if what else
                        f"- `{label}` (rubric: <{page}#{label}>)"
                        for label, what in chapter.written) or "- none in this chapter"
    return f"""# Autograder: {chapter.name}

Made by `python -m alliancebook.autograder` from the chapter's exercises and the book's own
checkers. Regenerate it after the book changes; do not edit these files by hand.

- `{chapter.name}.ipynb`: the student notebook to hand out (no solutions).
- `autograder.zip`: the Otter Grader configuration, one point per auto-checked exercise.

## Auto-checked exercises ({len(chapter.checked)} points)

{checked}

A test passes when the book's checker accepts the last answer the notebook checked for that
exercise; otherwise it fails with the checker's feedback, or "not attempted". The tests hold no
answers.

## Grading

On your machine, in an environment with the book's requirements and `otter-grader` installed:

```bash
otter run -a autograder.zip submission.ipynb
```

prints the score and writes `results.json`. Several notebooks: run it once per submission
(collected from a JupyterHub, for example), or use `otter grade`, which needs Docker.

On Gradescope: create a *Programming Assignment*, upload `autograder.zip` as its autograder
(Gradescope builds the image from it, which takes a few minutes), and have students submit
their `{chapter.name}.ipynb` (one `.ipynb` file per submission).

## Marked by hand

These written exercises have no checker. Mark them with the rubric in their solution box on
the chapter page; the instructor guide (<{guide}>) says what to look for.

{written}
"""


def _copy(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(
        "__pycache__", "*.pyc", ".ipynb_checkpoints"))


def write_assignment(chapter: Chapter, root: Path, folder: Path) -> Path:
    """Write one chapter's notebook, autograder.zip (by otter generate) and README.md."""
    from otter.generate import main as generate

    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{chapter.name}.ipynb").write_text(notebooks.text(chapter.notebook),
                                                  encoding="utf-8")
    zip_path = (folder / "autograder.zip").resolve()
    with tempfile.TemporaryDirectory(prefix="ab-otter-") as tmp:
        stage = Path(tmp)
        (stage / "tests").mkdir()
        for label in chapter.checked:
            (stage / "tests" / f"{label}.py").write_text(otter_test(chapter.name, label),
                                                         encoding="utf-8")
        # Support files land in the submission folder: `import alliancebook` and the data
        # lookup (data/ from the current folder upward) find them there. The notebook gets the
        # student edition's package; the key sits in answer-key/, used by grade.py only.
        bundle.student_package(root, stage / "alliancebook")
        _copy(root / "data", stage / "data")
        _copy(root / "src" / "alliancebook", stage / "answer-key" / "alliancebook")
        _copy(root / "data", stage / "answer-key" / "data")
        (stage / "answer-key" / "grade.py").write_text(GRADE_SCRIPT.format(),
                                                         encoding="utf-8")
        (stage / "requirements.txt").write_text("\n".join(requirements(root)) + "\n",
                                                encoding="utf-8")
        with contextlib.chdir(stage):   # otter generate takes files relative to the cwd
            generate(tests_dir="tests", output_path=str(zip_path),
                     files=["alliancebook", "data", "answer-key"], no_config=True,
                     requirements="requirements.txt", no_environment=True,
                     python_version=_python_version(root))
    (folder / "README.md").write_text(
        _readme(chapter, launch.book_settings(root, Edition.INSTRUCTOR)), encoding="utf-8")
    return folder


TOOL = "alliancebook.autograder"


def write_all(root: Path, out: Path | None = None) -> list[Path]:
    """Write every chapter's assignment under out (default root/_build/autograder).

    The assignments hold the answer key, so out may not be a student-like folder; and, as
    with the bundle, only files an earlier run wrote there (its marker lists them) are
    replaced: anything else in out stops the command before it deletes or overwrites a file.
    """
    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / DEFAULT_OUT
    if student_named(out, root):
        raise outputs.UnsafeOutput(f"{out} looks like a student folder, and every assignment "
                                  "holds the answer key; choose another folder, for example "
                                  f"{root / DEFAULT_OUT}")
    outputs.clear_output(root, out, TOOL, DEFAULT_OUT)
    folders = [write_assignment(chapter, root, out / chapter.name)
               for chapter in chapters(root)]
    outputs.record_output(out, TOOL)
    return folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m alliancebook.autograder",
                                     description="Write an Otter Grader assignment per chapter.")
    parser.add_argument("--out", type=Path, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--root", type=Path, default=Path("."), help="the book's folder")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        folders = write_all(root, args.out.resolve() if args.out else None)
    except outputs.UnsafeOutput as exc:
        print(f"alliancebook.autograder: refused: {exc}", file=sys.stderr)
        return 2
    for folder in folders:
        print(f"wrote {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
