"""Read the table of contents' pages and nothing else.

Jupyter Book's ``only_build_toc_files`` excludes other files it finds, but Sphinx still walks
hidden folders: a virtual environment in ``.env/`` would have its notebooks read and executed.
Here Sphinx's ``include_patterns`` is set to exactly the files named in ``_toc.yml``.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from sphinx.application import Sphinx

SUFFIXES = (".md", ".ipynb", ".rst")


def toc_files(toc_path: Path) -> list[str]:
    """Every document named in a Jupyter Book _toc.yml (root, parts, chapters, sections)."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for key, value in node.items():
                if key != "root":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return [str(Path(name).with_suffix("")) if Path(name).suffix in SUFFIXES else name
            for name in found]


def _restrict(app: Sphinx, config) -> None:
    toc_name = getattr(config, "external_toc_path", None) or "_toc.yml"
    toc_path = Path(app.confdir) / toc_name
    if not toc_path.is_file():
        return
    config.include_patterns = [doc + suffix for doc in toc_files(toc_path)
                               for suffix in SUFFIXES]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _restrict, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
