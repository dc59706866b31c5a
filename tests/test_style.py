"""Code shown to students fits the text column: a linter (ruff) checks every notebook page's code
for lines over 79 characters and for syntax errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

from conftest import notebook_pages

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
