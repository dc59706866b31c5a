"""Code shown to students fits the text column: a linter (ruff) checks every notebook page's code
for lines over 79 characters and for syntax errors. The package and the tests pass the same linter
under the project's own settings (``[tool.ruff]`` in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

from conftest import ROOT, notebook_pages

RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize("source", notebook_pages(), ids=lambda p: p.stem)
def test_code_fits_79_columns(tmp_path, source):
    cells = [c.source for c in jupytext.read(source).cells if c.cell_type == "code"]
    script = tmp_path / f"{source.stem}.py"
    script.write_text("\n\n\n# %% next cell\n".join(cells) + "\n", encoding="utf-8")
    result = subprocess.run(
        [str(RUFF), "check", "--isolated", "--no-cache", "--select", "E501,E9",
         "--line-length", "79", "--output-format", "concise", str(script)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linter_catches_a_long_line(tmp_path):
    """The check above can fail."""
    script = tmp_path / "long.py"
    script.write_text("x = '" + "a" * 90 + "'\n", encoding="utf-8")
    result = subprocess.run([str(RUFF), "check", "--isolated", "--no-cache", "--select", "E501",
                             "--line-length", "79", str(script)], capture_output=True, text=True)
    assert result.returncode == 1 and "E501" in result.stdout


def _lint(*paths: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """ruff check with the project's settings (pyproject.toml at the root)."""
    return subprocess.run([str(RUFF), "check", "--no-cache", "--config",
                           str(ROOT / "pyproject.toml"), "--output-format", "concise", *paths],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_package_and_the_tests_pass_the_linter():
    result = _lint("src", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_project_linter_settings_catch_a_long_line_and_an_unused_import(tmp_path):
    """The check above can fail: the project's settings flag a line over 100 columns and an
    unused import."""
    script = tmp_path / "bad.py"
    script.write_text("import os\n\nx = '" + "a" * 100 + "'\n", encoding="utf-8")
    result = _lint(str(script), cwd=tmp_path)
    assert result.returncode == 1 and "E501" in result.stdout and "F401" in result.stdout
