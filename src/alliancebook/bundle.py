"""The student bundle: the chapters as notebooks, the data and the helper package, no answer key.

    python -m alliancebook.bundle [ROOT] [--out DIR] [--zip]

writes a folder (default ``_build/student/bundle``) that a course hands to students: published
as a branch of its own (the Pages workflow pushes it to ``alliancebook_student_branch``,
``student`` by default), it is what the student edition's Binder buttons, hub links and clone
command open. It keeps the repository's paths, so the same links work:

- ``notebooks/book/<page>.ipynb``: every chapter's student rendering (no solutions, no outputs,
  no sections for instructors);
- ``data/``: the tables and their descriptor (not the maintainers' notes);
- ``src/alliancebook/``: the helper package without its answer key (the ``key`` folder), the
  Sphinx glue, the page list and the page renderers (they need the pages, which hold the
  solutions). Its ``ab.check`` still checks an answer's form, with the words the instructor
  edition uses, and records a well-formed answer without judging it;
- ``requirements.txt`` (the book's pinned requirements less the ones only the site build
  needs), ``pyproject.toml``, ``.binder/`` and a ``README.md``.

The command never deletes what it did not write. It writes into an empty or new folder, or into
a folder that holds an earlier bundle and nothing else (its ``.alliancebook-bundle.json`` lists
every file it wrote); it refuses any other folder, the repository itself, a folder above it and
the home folder.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

from . import launch, notebooks
from .edition import Edition

LEFT_OUT = {"sphinxext", "key", "templates", "notebooks.py", "edition.py", "launch.py",
            "pages.py", "bundle.py", "autograder.py", "handouts.py", "__pycache__"}
BUILD_ONLY = {"jupyter-book", "sphinx", "myst-nb", "myst-parser", "sphinx-book-theme",
              "pydata-sphinx-theme", "sphinx-exercise", "jupytext", "fonttools", "brotli"}
DEFAULT_OUT = Path("_build") / "student" / "bundle"
TOOL = "alliancebook.bundle"
MARKER = ".alliancebook-bundle.json"


def marker_name(tool: str) -> str:
    """The marker file a tool leaves in its output folder: .alliancebook-bundle.json, ..."""
    return "." + tool.replace(".", "-") + ".json"


class UnsafeOutput(Exception):
    """The output folder is one the bundle must not write into; the message says why."""


def _written(out: Path, tool: str = TOOL) -> set[str]:
    """The files an earlier run of tool wrote into out, from its marker (empty if none)."""
    try:
        marker = json.loads((out / marker_name(tool)).read_text(encoding="utf-8"))
        return set(marker["files"]) if marker.get("tool") == tool else set()
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def clear_output(root: Path, out: Path, tool: str = TOOL,
                 default: Path = DEFAULT_OUT) -> None:
    """Make out ready for tool's output, deleting only files an earlier run of tool wrote."""
    home = Path.home().resolve()
    if out == root or out in root.parents or out == home or out in home.parents or \
            (out / ".git").exists():
        raise UnsafeOutput(f"{out} is the repository, a folder above it, or a home folder; "
                           f"choose a new folder, for example {root / default}")
    if out.exists() and not out.is_dir():
        raise UnsafeOutput(f"{out} is a file, not a folder")
    ours, marker = _written(out, tool), marker_name(tool)
    zip_path = out.with_suffix(".zip")
    if tool == TOOL and zip_path.exists() and not ours:
        raise UnsafeOutput(f"{zip_path} exists and was not written by this command")
    if not out.exists() or not any(out.iterdir()):
        return
    theirs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                    if (p.is_file() or p.is_symlink()) and p.name != marker
                    and p.relative_to(out).as_posix() not in ours)
    if not ours or theirs:
        what = f"files this command did not write ({', '.join(theirs[:3])})" if ours else \
            "files, and no marker left by an earlier run of this command"
        raise UnsafeOutput(f"{out} holds {what}; nothing was deleted. Choose an empty or new "
                           "folder, or remove those files yourself.")
    for name in ours:
        (out / name).unlink(missing_ok=True)
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def record_output(out: Path, tool: str = TOOL) -> list[str]:
    """Leave tool's marker in out, listing every file now there; return the list."""
    marker = marker_name(tool)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
                   and p.name != marker)
    (out / marker).write_text(json.dumps({"tool": tool, "files": files}, indent=0),
                              encoding="utf-8")
    return files


def _requirements(root: Path) -> str:
    kept = ["# What the notebooks need (the book's pinned versions); `-e .` installs the helper",
            "# package from src/."]
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name = re.split(r"[=<>~! \[]", line.strip(), maxsplit=1)[0].lower()
        if line.startswith("#") or not name or name in BUILD_ONLY:
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def student_package(root: Path, target: Path) -> None:
    """Copy the helper package as students get it: no answer key, no site build."""
    package = root / "src" / "alliancebook"
    shutil.copytree(package, target, ignore=lambda folder, names: set(names) & LEFT_OUT
                    if Path(folder) == package else {"__pycache__"})


README = """# {title}: student edition

The chapters of *{title}* as notebooks, with the data and the book's helper package. This
edition leaves the solutions out and carries no answer key: a checker says whether an answer
is usable and records it, and your instructor grades the notebook you hand in. The book's pages
are at {site}.

- Start: open a notebook in `notebooks/book/` in JupyterLab and choose *Run → Run All Cells*.
- On a laptop (Python 3.11+): `python3 -m venv .venv && .venv/bin/pip install -r
  requirements.txt && .venv/bin/jupyter lab notebooks/book/key-dates.ipynb`.

Generated by `python -m alliancebook.bundle` from the book's repository ({repo}); do not edit
it here: changes belong in the book and reach this copy the next time it is generated.
"""


def write_bundle(root: Path, out: Path, *, make_zip: bool = False) -> Path:
    """Write the student bundle for the book at root into out (see the module docstring)."""
    root, out = Path(root).resolve(), Path(out).resolve()
    clear_output(root, out)
    conf = launch.book_settings(root, Edition.STUDENT)
    notebooks.write_all(root, conf, out=out, editions=(Edition.STUDENT,))
    shutil.copytree(root / "data", out / "data", ignore=shutil.ignore_patterns("notes"),
                    dirs_exist_ok=True)
    student_package(root, out / "src" / "alliancebook")
    shutil.copy2(root / "pyproject.toml", out / "pyproject.toml")
    (out / "requirements.txt").write_text(_requirements(root), encoding="utf-8")
    binder = out / ".binder"
    binder.mkdir(exist_ok=True)
    for name in ("requirements.txt", "runtime.txt"):
        shutil.copy2(root / ".binder" / name, binder / name)
    postbuild = (root / ".binder" / "postBuild").read_text(encoding="utf-8")
    (binder / "postBuild").write_text(postbuild.replace(
        "python -m alliancebook.notebooks .\n", ""), encoding="utf-8")
    (binder / "postBuild").chmod(0o755)
    (out / "README.md").write_text(README.format(title=conf.title, site=conf.site or "online",
                                                 repo=conf.repo), encoding="utf-8")
    files = record_output(out)
    if make_zip:
        with zipfile.ZipFile(out.with_suffix(".zip"), "w", zipfile.ZIP_DEFLATED) as bundle:
            for name in files:
                bundle.write(out / name, name)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m alliancebook.bundle",
                                     description="Write the student bundle (no answer key).")
    parser.add_argument("root", nargs="?", default=".", help="the book's repository")
    parser.add_argument("--out", default=None, help=f"the folder to write ({DEFAULT_OUT})")
    parser.add_argument("--zip", action="store_true", help="also write <out>.zip")
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        out = write_bundle(root, Path(args.out) if args.out else root / DEFAULT_OUT,
                           make_zip=args.zip)
    except UnsafeOutput as exc:
        print(f"alliancebook.bundle: refused: {exc}", file=sys.stderr)
        return 2
    print(f"wrote the student bundle to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
