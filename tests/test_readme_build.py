"""The build commands the README gives a reader stop on a broken table of contents: without -W,
a misspelled file in _toc.yml gave one warning, exit 0 and a site with a chapter missing."""

from __future__ import annotations

import re
import shlex
import subprocess

import pytest

from conftest import ROOT, jupyter_book


def readme_builds() -> list[list[str]]:
    """Every distinct `jupyter-book build` command in the README's code blocks, as arguments."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```(?:bash|sh)?\n(.*?)^```", text, re.M | re.S)
    commands = []
    for line in "\n".join(blocks).replace("\\\n", " ").splitlines():
        for part in line.split("&&"):
            words = shlex.split(part.split(" #")[0].strip())
            while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):   # VAR=value prefixes
                words = words[1:]
            if words[:2] == ["jupyter-book", "build"]:
                commands.append(tuple(words))
    return [list(c) for c in dict.fromkeys(commands)]


def _project(root, toc_file: str) -> None:
    (root / "_config.yml").write_text("title: t\nonly_build_toc_files: true\n"
                                      "execute:\n  execute_notebooks: 'off'\n", encoding="utf-8")
    (root / "_toc.yml").write_text(f"format: jb-book\nroot: index\nchapters:\n"
                                   f"- file: {toc_file}\n", encoding="utf-8")
    (root / "index.md").write_text("# Home\n\nThe book.\n", encoding="utf-8")
    (root / "chapter-one.md").write_text("# One\n\nThe chapter.\n", encoding="utf-8")


def test_the_readme_gives_build_commands_that_stop_on_warnings():
    commands = readme_builds()
    assert len(commands) >= 2, commands
    for command in commands:
        assert "-W" in command and "--keep-going" in command, shlex.join(command)


@pytest.mark.parametrize("command", readme_builds(), ids=shlex.join)
@pytest.mark.parametrize("toc_file", ["chapter-one", "chaptr-one"], ids=["clean", "misspelled"])
def test_the_readme_build_fails_on_a_misspelled_toc_file(tmp_path, command, toc_file):
    _project(tmp_path, toc_file)
    result = subprocess.run([*jupyter_book(), *command[1:]], cwd=tmp_path, capture_output=True,
                            text=True, timeout=600)
    log = result.stdout + result.stderr
    if toc_file == "chapter-one":  # the control: a clean book builds with the same command
        assert result.returncode == 0, log[-3000:]
    else:
        assert result.returncode != 0, log[-3000:]
        assert "nonexisting document 'chaptr-one'" in log
