"""The book's version: one number, kept in pyproject.toml, copied into the citation and data files.

``version()`` reads ``[project] version`` from pyproject.toml (the single source of truth); the
site footer shows it. ``python -m alliancebook.release`` writes that number, and today's date as
the release date, into CITATION.cff and data/datapackage.json, so the three never disagree
(tests/test_living.py fails if they do).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def version(root: Path = ROOT) -> str:
    """The version in pyproject.toml, or the installed package's when there is no such file."""
    path = root / "pyproject.toml"
    if path.is_file():
        return tomllib.loads(path.read_text(encoding="utf-8"))["project"]["version"]
    try:
        return metadata.version("alliancebook")
    except metadata.PackageNotFoundError:
        return "unknown"


def citation_version(root: Path = ROOT) -> str:
    """The version CITATION.cff states."""
    text = (root / "CITATION.cff").read_text(encoding="utf-8")
    return re.search(r"^version:\s*\"?([^\"\s]+)", text, re.M).group(1)


def package_version(root: Path = ROOT) -> str:
    """The version data/datapackage.json states."""
    return json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))["version"]


def stamp(root: Path = ROOT, today: dt.date | None = None) -> str:
    """Copy pyproject's version (and the release date) into CITATION.cff and the data package."""
    number = version(root)
    day = (today or dt.date.today()).isoformat()
    cff = root / "CITATION.cff"
    text = cff.read_text(encoding="utf-8")
    text = re.sub(r"^version:.*$", f"version: {number}", text, flags=re.M)
    text = re.sub(r"^date-released:.*$", f"date-released: {day}", text, flags=re.M)
    cff.write_text(text, encoding="utf-8")
    desc = root / "data" / "datapackage.json"
    raw = desc.read_text(encoding="utf-8")
    # Replace the one top-level "version" line in place, so the file's layout is kept.
    raw, count = re.subn(r'^(  "version": )"[^"]*"', rf'\g<1>"{number}"', raw, count=1,
                         flags=re.M)
    if count != 1:
        raise SystemExit("data/datapackage.json has no top-level \"version\" line")
    desc.write_text(raw, encoding="utf-8")
    return number


if __name__ == "__main__":
    print(f"CITATION.cff and data/datapackage.json now say {stamp()}", file=sys.stderr)
