"""Folders a command writes into: it never deletes or overwrites a file it did not write.

The course kit's commands (``bundle``, ``autograder``, ``scores``) write fixed-name files into
a folder the user may name. Each leaves a marker file there (``.alliancebook-<tool>.json``)
listing every file it wrote. A later run clears exactly those files; it refuses a folder that
holds anything else (a non-empty folder without its marker included), the repository itself,
a folder above it and the home folder.
"""

from __future__ import annotations

import json
from pathlib import Path


class UnsafeOutput(Exception):
    """The output folder is one the command must not write into; the message says why."""


def marker_name(tool: str) -> str:
    """The marker file a tool leaves in its output folder: .alliancebook-bundle.json, ..."""
    return "." + tool.replace(".", "-") + ".json"


def written_by(out: Path, tool: str) -> set[str]:
    """The files an earlier run of tool wrote into out, from its marker (empty if none)."""
    try:
        marker = json.loads((out / marker_name(tool)).read_text(encoding="utf-8"))
        return set(marker["files"]) if marker.get("tool") == tool else set()
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def clear_output(root: Path, out: Path, tool: str, default: Path,
                 companion: str | None = None) -> None:
    """Make out ready for tool's output, deleting only files an earlier run of tool wrote.

    root is the repository (never written into), default the folder to suggest instead, and
    companion the suffix of a file the tool writes beside out (the bundle's ``.zip``), refused
    if it exists without an earlier run's marker."""
    home = Path.home().resolve()
    if out == root or out in root.parents or out == home or out in home.parents or \
            (out / ".git").exists():
        raise UnsafeOutput(f"{out} is the repository, a folder above it, or a home folder; "
                           f"choose a new folder, for example {root / default}")
    if out.exists() and not out.is_dir():
        raise UnsafeOutput(f"{out} is a file, not a folder")
    ours, marker = written_by(out, tool), marker_name(tool)
    beside = out.with_suffix(companion) if companion else None
    if beside is not None and beside.exists() and not ours:
        raise UnsafeOutput(f"{beside} exists and was not written by this command")
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


def record_output(out: Path, tool: str) -> list[str]:
    """Leave tool's marker in out, listing every file now there; return the list."""
    marker = marker_name(tool)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
                   and p.name != marker)
    (out / marker).write_text(json.dumps({"tool": tool, "files": files}, indent=0),
                              encoding="utf-8")
    return files
