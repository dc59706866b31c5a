"""Re-execute notebook pages when what they read changes, not only when their code does.

myst-nb's cache keys on a page's code. The notebooks also read data/ and this package, so a
digest of both is kept beside the site; when it changes, the cache is dropped and every page is
read again. The maintainers' working notes (data/notes/) are not inputs and are left out.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from .. import data

PACKAGE = Path(__file__).resolve().parents[1]
NOT_INPUTS = {"notes", "__pycache__"}


def inputs_digest() -> str:
    """Hash of what a notebook's output depends on besides its own code."""
    digest = hashlib.sha256()
    folder = data.data_dir()
    files = [p for p in sorted(folder.rglob("*"))
             if not NOT_INPUTS & set(p.relative_to(folder).parts)]
    files += [p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts]
    files += sorted((PACKAGE / "static" / "geo").glob("*.json"))  # the maps' outlines
    for path in files:
        if path.is_file():
            digest.update(str(path.name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp(app: Sphinx) -> Path:
    return Path(app.outdir).parent / ".ab-static" / "inputs.sha256"


def _refresh(app: Sphinx, config) -> None:
    app._ab_digest = inputs_digest()
    stamp = _stamp(app)
    app._ab_stale = not stamp.exists() or stamp.read_text() != app._ab_digest
    if app._ab_stale:
        shutil.rmtree(Path(app.outdir).parent / ".jupyter_cache", ignore_errors=True)


def _outdated(app: Sphinx, env, added, changed, removed):
    return sorted(env.found_docs) if getattr(app, "_ab_stale", False) else []


def _save(app: Sphinx, exc) -> None:
    if exc is None and hasattr(app, "_ab_digest"):
        _stamp(app).parent.mkdir(parents=True, exist_ok=True)
        _stamp(app).write_text(app._ab_digest)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _refresh)
    app.connect("env-get-outdated", _outdated)
    app.connect("build-finished", _save)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
