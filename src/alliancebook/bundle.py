"""The student bundle: the chapters as notebooks, the data and the helper package, no answer key.

    python -m alliancebook.bundle [ROOT] [--out DIR] [--zip]

writes a folder (default ``_build/student/bundle``) that a course hands to students: published
as a branch of its own (the Pages workflow pushes it to ``alliancebook_student_branch``,
``student`` by default), it is what the student edition's Binder buttons, hub links and clone
command open. It keeps the repository's paths, so the same links work:

- ``notebooks/book/<page>.ipynb``: every chapter's student rendering (no solutions, no outputs,
  no sections for instructors);
- ``data/``: the tables and their descriptor (not the maintainers' notes);
- ``src/alliancebook/``: the helper package without what computes or holds an answer. Each
  checker module of ``exercises/`` is replaced by its public names only (the row ids, statements
  and option lists that the pages use, and the helpers that list allowed values), and
  ``ab.check`` then says whether an answer is usable and records it, without grading it. The
  Sphinx glue and the page renderers are left out too; they need the pages, which hold the
  solutions;
- ``requirements.txt`` (the book's pinned requirements less the ones only the site build
  needs), ``pyproject.toml``, ``.binder/`` and a ``README.md``.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import importlib
import inspect
import pkgutil
import pprint
import re
import shutil
import sys
import zipfile
from pathlib import Path

from . import checks, exercises, launch, notebooks
from .edition import Edition

LEFT_OUT = {"build", "exercises", "templates", "notebooks.py", "edition.py", "launch.py", "bundle.py",
            "autograder.py", "handouts.py", "__pycache__"}
BUILD_ONLY = {"jupyter-book", "sphinx", "myst-nb", "myst-parser", "sphinx-book-theme",
              "pydata-sphinx-theme", "sphinx-exercise", "jupytext", "fonttools", "brotli"}
DEFAULT_OUT = Path("_build") / "student" / "bundle"


def public_module(name: str) -> str:
    """The source of one checker module as the bundle carries it: its public constants and its
    public helpers (functions that are not checkers), nothing that computes an answer."""
    module = importlib.import_module(f"{exercises.__name__}.{name}")
    parts = [f'"""The public names of the {name.replace("_", "-")} exercises: the student '
             'bundle carries no checkers and no answer key."""', "",
             "from __future__ import annotations", "",
             "from ..data import field, load  # noqa: F401", ""]
    defined = {"field", "load"}
    for key, value in vars(module).items():
        if key.startswith("_") or inspect.ismodule(value) or key == "annotations":
            continue
        if inspect.isfunction(value):
            if hasattr(value, "label") or value.__module__ != module.__name__:
                continue   # a checker, or a function imported from elsewhere
            parts += ["", inspect.getsource(value).rstrip(), ""]
        elif _plain(value):
            parts.append(f"{key} = {pprint.pformat(value, width=95, sort_dicts=False)}")
        else:
            continue
        defined.add(key)
    source = "\n".join(parts) + "\n"
    missing = _undefined(source, defined)
    if missing:
        raise ValueError(f"exercises/{name}.py: its public helpers use {sorted(missing)}, "
                         "which the bundle leaves out; make them public or inline them")
    return source


def _plain(value) -> bool:
    """A constant made of strings, numbers, booleans, None, lists, tuples, sets and dicts."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False


def _undefined(source: str, defined: set[str]) -> set[str]:
    """Global names a module's functions read that neither it nor Python defines."""
    tree = ast.parse(source)
    local = set(defined)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.arguments)):
            local |= {a.arg for a in getattr(node, "args", [])} if isinstance(
                node, ast.arguments) else {node.name}
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            local.add(node.id)
        elif isinstance(node, ast.comprehension):
            local |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            local |= {(a.asname or a.name).split(".")[0] for a in node.names}
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)}
    return used - local - set(dir(builtins))


def starters() -> dict:
    """label -> a public value that the exercise hands students to start from (a scrambled
    list to put in order), found by asking each checker which public constant of its module
    it takes for "not attempted"."""
    found = {}
    for label, check in checks.REGISTRY.items():
        module = sys.modules[check.__module__]
        for key, value in vars(module).items():
            if key.startswith("_") or not isinstance(value, (list, tuple)) or not _plain(value):
                continue
            if not check(list(value)).attempted:
                found[label] = list(value)
    checks.ATTEMPTS.clear()
    return found


def exercises_init(labels: list[str], starting: dict) -> str:
    """The bundle's exercises/__init__.py: the labels and starting values, no checkers."""
    return "\n".join([
        '"""The exercises\' labels, without their checkers: this is the student bundle."""', "",
        "ANSWER_KEY = False", f"LABELS = {pprint.pformat(sorted(labels), width=95)}",
        f"STARTERS = {pprint.pformat(starting, width=95)}", "", "",
        "def load_all() -> None:", '    """Nothing to load: the bundle has no checkers."""', ""])


def _requirements(root: Path) -> str:
    kept = ["# What the notebooks need (the book's pinned versions); `-e .` installs the helper",
            "# package from src/."]
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name = re.split(r"[=<>~! \[]", line.strip(), maxsplit=1)[0].lower()
        if line.startswith("#") or not name or name in BUILD_ONLY:
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


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
    """Write the student bundle for the book at root into out (emptied first)."""
    root, out = Path(root).resolve(), Path(out).resolve()
    conf = launch.book_settings(root, Edition.STUDENT)
    if out.exists():
        shutil.rmtree(out)
    notebooks.write_all(root, conf, out=out, editions=(Edition.STUDENT,))
    shutil.copytree(root / "data", out / "data", ignore=shutil.ignore_patterns("notes"))
    package = root / "src" / "alliancebook"
    shutil.copytree(package, out / "src" / "alliancebook",
                    ignore=lambda folder, names: set(names) & LEFT_OUT
                    if Path(folder) == package else {"__pycache__"})
    (out / "src" / "alliancebook" / "exercises").mkdir()
    exercises.load_all()
    modules = [m.name for m in pkgutil.iter_modules(exercises.__path__)
               if not m.name.startswith("_")]
    for name in modules:
        (out / "src" / "alliancebook" / "exercises" / f"{name}.py").write_text(
            public_module(name), encoding="utf-8")
    (out / "src" / "alliancebook" / "exercises" / "__init__.py").write_text(
        exercises_init(list(checks.REGISTRY), starters()), encoding="utf-8")
    shutil.copy2(root / "pyproject.toml", out / "pyproject.toml")
    (out / "requirements.txt").write_text(_requirements(root), encoding="utf-8")
    binder = out / ".binder"
    binder.mkdir()
    for name in ("requirements.txt", "runtime.txt"):
        shutil.copy2(root / ".binder" / name, binder / name)
    postbuild = (root / ".binder" / "postBuild").read_text(encoding="utf-8")
    (binder / "postBuild").write_text(postbuild.replace(
        "python -m alliancebook.notebooks .\n", ""), encoding="utf-8")
    (binder / "postBuild").chmod(0o755)
    (out / "README.md").write_text(README.format(title=conf.title, site=conf.site or "online",
                                                 repo=conf.repo), encoding="utf-8")
    if make_zip:
        target = out.with_suffix(".zip")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in sorted(out.rglob("*")):
                if path.is_file():
                    bundle.write(path, path.relative_to(out).as_posix())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m alliancebook.bundle",
                                     description="Write the student bundle (no answer key).")
    parser.add_argument("root", nargs="?", default=".", help="the book's repository")
    parser.add_argument("--out", default=None, help=f"the folder to write ({DEFAULT_OUT})")
    parser.add_argument("--zip", action="store_true", help="also write <out>.zip")
    args = parser.parse_args(argv)
    root = Path(args.root)
    out = write_bundle(root, Path(args.out) if args.out else root / DEFAULT_OUT,
                       make_zip=args.zip)
    print(f"wrote the student bundle to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
