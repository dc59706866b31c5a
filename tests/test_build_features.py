"""Each feature of the book's Sphinx glue (alliancebook.sphinxext) on a tiny sample project of its
own, without executing the whole book."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, edition_env, jupyter_book

HEADER = ("---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
          "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n")


def _build(tmp_path: Path, extensions: list[str], pages: dict[str, str]) -> tuple[Path, str]:
    """Build a tiny Sphinx project in a fresh process; return (output folder, warnings)."""
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(
        f"extensions = {extensions!r}\nnb_execution_mode = 'off'\n"
        "html_theme = 'basic'\nexclude_patterns = ['_build', 'data']\n"
        "alliancebook_edition = 'instructor'\n", encoding="utf-8")
    for name, text in pages.items():
        (src / name).write_text(text, encoding="utf-8")
    (src / "data").mkdir(exist_ok=True)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", str(src),
                             str(out)], capture_output=True, text=True, timeout=300,
                            cwd=Path(__file__).resolve().parents[1], env=edition_env())
    assert (out / "index.html").exists(), result.stderr[-3000:]
    return out, result.stderr


def test_citations_link_known_sources_and_flag_unknown_ones(tmp_path):
    page = ("# Page\n\nSigned {src}`kcna-2024-06-20-treaty-text`; also {src}`no-such-source`.\n\n"
            "```{source-list}\n```\n")
    out, warnings = _build(tmp_path, ["myst_parser", "alliancebook.sphinxext.citations"],
                           {"index.md": page})
    html = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="ab-cite[^"]*" href="#note-kcna-2024-06-20-treaty-text" '
                     r'title="KCNA \(via KCNA Watch\), 20 Jun 2024">'
                     r'<span class="ab-visually-hidden">source </span>1</a>', html)
    assert '<li id="note-kcna-2024-06-20-treaty-text">' in html
    assert 'href="#src-kcna-2024-06-20-treaty-text"' in html   # the note, on to the list
    assert 'id="src-kcna-2024-06-20-treaty-text"' in html
    assert "unknown source id 'no-such-source'" in warnings


def test_data_dictionary_describes_every_table(tmp_path):
    import alliancebook as ab

    (tmp_path / "src").mkdir()
    shutil.copytree(ROOT / "data", tmp_path / "src" / "data")
    out, warnings = _build(tmp_path, ["myst_parser", "alliancebook.sphinxext.datadict"],
                           {"index.md": "# Data\n\n```{data-dictionary}\n```\n"})
    html = (out / "index.html").read_text(encoding="utf-8")
    for name in ab.table_names():
        assert f'id="data-{name.replace("_", "-")}"' in html
    assert "shown as: dprk_to_russia = North Korea to Russia" in html
    assert "WARNING" not in warnings, warnings


def test_student_edition_drops_gated_solutions(tmp_path):
    page = (HEADER + "# Nb\n\n```{exercise}\n:label: ex-1\n\nDo it.\n```\n\n"
            "```{code-cell} ipython3\nx = None\n```\n\n"
            "```{solution-start} ex-1\n:class: dropdown\n```\n\nSECRET METHOD\n\n"
            "```{code-cell} ipython3\nx = 41 + 1  # SECRET CODE\n```\n\n"
            "```{solution-end}\n```\n\nAfter.\n\n```{student-edition}\n```\n")
    out, _ = _build(tmp_path, ["myst_nb", "sphinx_exercise", "alliancebook.sphinxext.student"],
                    {"index.md": page})
    student = (out / "student" / "index.ipynb").read_text(encoding="utf-8")
    assert "SECRET" not in student and "Do it." in student and "After." in student
    assert 'href="student/index.ipynb"' in (out / "index.html").read_text(encoding="utf-8")


def test_chart_assets_only_on_chart_pages(tmp_path):
    pages = {"index.md": "# Home\n\n```{toctree}\nchart\n```\n",
             "chart.md": '# Chart\n\n<figure class="ab-chart"></figure>\n'}
    out, _ = _build(tmp_path, ["myst_parser", "alliancebook.sphinxext.assets"], pages)
    assert (out / "_static" / "ab-vega.js").stat().st_size > 100_000
    assert "ab-charts.js" in (out / "chart.html").read_text(encoding="utf-8")
    assert "ab-charts.js" not in (out / "index.html").read_text(encoding="utf-8")
    for page in ("chart.html", "index.html"):
        assert "ab-vega.js" not in (out / page).read_text(encoding="utf-8"), \
            "the runtime must wait for a reader to touch a chart"


def _jupyter_book_project(root: Path, extensions: list[str]) -> None:
    (root / "book").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: t\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: force\n"
        f"sphinx:\n  extra_extensions: {json.dumps(extensions)}\n", encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/index\n", encoding="utf-8")
    (root / "book" / "index.md").write_text(HEADER + "# Home\n\n```{code-cell} ipython3\n"
                                            "1 + 1\n```\n", encoding="utf-8")
    # A virtual environment in a hidden folder, with a notebook that fails when executed.
    pkg = root / ".env" / "lib" / "python3.11" / "site-packages" / "somepkg"
    pkg.mkdir(parents=True)
    (root / ".env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    bad = {"cells": [{"cell_type": "code", "metadata": {}, "execution_count": None,
                      "outputs": [], "source": "raise RuntimeError('read by the build')"}],
           "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}},
           "nbformat": 4, "nbformat_minor": 5}
    (pkg / "template.ipynb").write_text(json.dumps(bad), encoding="utf-8")


@pytest.mark.parametrize("guarded", [True, False], ids=["with-toc-feature", "without"])
def test_a_venv_inside_the_repository_does_not_break_the_build(tmp_path, guarded):
    _jupyter_book_project(tmp_path, ["alliancebook.sphinxext.toc"] if guarded else [])
    result = subprocess.run([*jupyter_book(), "build", ".", "-W", "-n", "--keep-going"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600)
    log = result.stdout + result.stderr
    read = (tmp_path / "_build" / "html" / ".env").exists() or "read by the build" in log
    if guarded:
        assert result.returncode == 0 and not read, log[-3000:]
    else:  # the control: without the feature, the hidden venv is read (the reported bug)
        assert read or result.returncode != 0, "the control no longer shows the bug"


def test_every_module_of_the_glue_is_switched_on():
    """alliancebook.sphinxext sets up each module of its folder: a new feature is a new module,
    with no list to extend; a module there without a setup function would never run."""
    from alliancebook import sphinxext

    folder = Path(sphinxext.__file__).parent
    modules = sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))
    assert sphinxext.features() == modules
    assert {"toc", "student", "citations", "exercises"} <= set(modules)
