"""The answer key: one grader per checked exercise, one module per page (``exercises/`` holds
each exercise's public names and answer form).

A grader is registered with ``@checks.checker(label)`` and receives an answer that already has
its exercise's form. It works out the expected answer from data/ when it is called, so a
correction to the data corrects the grader too. This package is the instructor edition's only:
the student bundle and the grading kernel of the autograder do not carry it.
"""

from __future__ import annotations

import csv
import functools
import importlib
import json
import pkgutil
import shutil
from pathlib import Path

from ..data import load

__all__ = ["load_all", "in_date_order", "withheld", "restore"]

WITHHELD = Path(__file__).with_name("withheld.csv")


@functools.cache
def _withheld() -> dict:
    with WITHHELD.open(encoding="utf-8", newline="") as handle:
        return {(r["table"], r["row"], r["field"]): r["value"] for r in csv.DictReader(handle)}


def withheld(table: str, row: str, field: str) -> str:
    """The value of a cell that data/ leaves empty because it answers an exercise (see the
    ``withheld`` rules in data/datapackage.json); as text, as the CSV file would hold it."""
    return _withheld()[(table, row, field)]


def restore(source: Path, target: Path) -> Path:
    """A copy of the data package with the withheld cells filled in from the key and their
    rules turned back into plain requirements: the full ledger, which the tests check against
    the codebook."""
    shutil.copytree(source, target)
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        rules = [r for r in resource.get("x-rules", []) if r["type"] == "withheld"]
        if not rules:
            continue
        resource["x-rules"] = [r for r in resource["x-rules"] if r["type"] != "withheld"]
        path = target / resource["path"]
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header = rows[0]
        for rule in rules:
            keys = rule["key"] if isinstance(rule["key"], list) else [rule["key"]]
            for row in rows[1:]:
                row_id = "/".join(row[header.index(k)] for k in keys)
                if row_id in rule["rows"]:
                    for field in rule["fields"]:
                        row[header.index(field)] = _withheld().get(
                            (resource["name"], row_id, field), "")
            for field in resource["schema"]["fields"]:
                if field["name"] in rule["fields"] and rule.get("required_elsewhere"):
                    field.setdefault("constraints", {})["required"] = True
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    (target / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return target


def in_date_order(ids: list[str], table: str, key: str) -> list[str]:
    """The ids sorted by the date column of the table rows they name."""
    dates = load(table).set_index(key)["date"]
    return sorted(ids, key=lambda row_id: dates.loc[row_id])


def load_all() -> None:
    """Import every grader module, so that every exercise has its grader."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
