"""The notebooks' setup cell: in Colab only the notebook arrives, so it fetches the rest.

Every rendering (``alliancebook.notebooks``) opens with a short Markdown cell and this code cell.
Where ``alliancebook`` is importable (Binder, a JupyterHub that pulled the repository, a copy of
it, the tests) the cell does nothing and prints nothing. Elsewhere (Colab, a notebook downloaded
on its own) it copies the repository into a folder beside the notebook with
``git clone --depth 1``, trying the release's tag ``v<version>`` (the version in pyproject.toml)
and then the branch, in case the tag was not pushed yet; installs the copy with
``pip install -e '<copy>[colab]'`` (the ``colab`` extra pins what the chapters import to the
versions of requirements.txt); and puts its ``src/`` on ``sys.path``, since an editable install
is seen only by a new kernel. Both commands run quietly; if either fails the cell prints one
paragraph saying what to do, never a traceback.

The student bundle's notebooks fetch the student branch (``launch.student_settings``): it holds
no answer key and carries no tags, because the Pages workflow rewrites it as one commit.

The cell checks the package only: the data come with it (the editable install finds ``data/``
beside ``src/``). The cell cannot import this module (the package is what it fetches): it is
built here as text, from the standard library only, and the tests run it against a local clone.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import nbformat

from .release import version

if TYPE_CHECKING:   # launch is build-time code, left out of the student bundle
    from .launch import Settings

TAG = "colab-setup"   # the cell's tag: tests that compare a rendering's code with its page skip it
TITLE = "Fetch the book's helper package and data if they are missing"

CELL = '''\
# @title {title}
import importlib.util, pathlib, subprocess, sys
REPO = "{repo}"
REFS = {refs}  # {why}
HOME = pathlib.Path("{folder}").resolve()
GIT = ["git", "clone", "-q", "--depth=1", REPO, str(HOME), "--branch"]
PIP = [sys.executable, "-m", "pip", "install", "-q", "-e", f"{{HOME}}[colab]"]
def succeeds(command):
    try:
        return subprocess.run(command, capture_output=True).returncode == 0
    except OSError:  # no git here
        return False
if importlib.util.find_spec("alliancebook") is None:
    if (HOME.is_dir() or any(succeeds(GIT + [ref]) for ref in REFS)) and \\
            succeeds(PIP):
        sys.path.insert(0, str(HOME / "src"))
    else:
        print("This notebook needs the book's helper package and data and "
              f"could not fetch them from {{REPO}} ({what}). "
              "Check that this session is online and run this cell again. "
              "If it still fails, open the chapter in Binder or in a copy of "
              "the repository, as How to use this book explains.")'''


def refs(conf: Settings, number: str | None = None) -> list[str]:
    """The git refs the cell tries, in order: the release's tag, then the branch; the student
    bundle's branch alone (it carries no tags)."""
    if conf.student:
        return [conf.branch]
    return [f"v{number or version()}", conf.branch]


def source(conf: Settings, number: str | None = None) -> str:
    """The setup cell's code for the book at conf (a repository on GitHub, or any git URL)."""
    pin = refs(conf, number)
    release = f"release {number or version()}"
    why = "the student bundle's branch" if conf.student else f"{release}'s tag, else the branch"
    return CELL.format(title=TITLE, repo=conf.repo, refs=json.dumps(pin), why=why,
                       what=f"branch {pin[0]}" if conf.student else release,
                       folder=conf.repo.rstrip("/").rsplit("/", 1)[-1] or "book")


def cells(conf: Settings, number: str | None = None) -> list:
    """The Markdown cell that says what the setup cell does, and the setup cell: folded in
    JupyterLab (``source_hidden``); ``cellView: form`` with its ``# @title`` line is how Colab
    shows a cell by its title (Colab's convention; not tried here, there is no network)."""
    pin = refs(conf, number)
    which = f"the branch `{pin[0]}`" if conf.student else \
        f"release {number or version()} (its tag `{pin[0]}`, or the branch `{pin[1]}` if " \
        "the tag is missing)"
    intro = nbformat.v4.new_markdown_cell(
        "**In Colab, or with this file on its own,** run the next cell first: it copies "
        f"{which} of the book's repository into a folder beside this notebook and installs "
        "the helper package from it, which takes a minute or two, and prints a message if it "
        "cannot. Where the package is already installed (Binder, a JupyterHub, a copy of the "
        "repository) it does nothing.")
    code = nbformat.v4.new_code_cell(source(conf, number), metadata={
        "cellView": "form", "jupyter": {"source_hidden": True}, "tags": [TAG]})
    return [intro, code]
