"""Load the module's data tables as typed pandas frames, validated against data/datapackage.json.

Every problem is reported as a DataError that names the file, the row and the field, in words a
maintainer can act on. Rows are counted as in a spreadsheet: the header is row 1, the first record
is row 2. Cells follow Table Schema's lexical rules (cells.py); keys and row rules are in rules.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import rules
from .cells import check_characters, check_constraints, parse_cell
from .errors import DataError, grouped

__all__ = ["DataError", "data_dir", "field", "format_date", "grouped", "load", "table_names",
           "package", "resource", "resource_path", "table_problems"]


def data_dir() -> Path:
    """The folder holding datapackage.json (env ALLIANCEBOOK_DATA, then the repository)."""
    env = os.environ.get("ALLIANCEBOOK_DATA")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "datapackage.json").is_file():
            return folder / "data"
    return Path(__file__).resolve().parents[2] / "data"


def package(folder: Path | None = None) -> dict:
    """The parsed datapackage.json descriptor (read again only when the file changes; do not
    modify the returned dict)."""
    folder = Path(folder) if folder else data_dir()
    path = folder / "datapackage.json"
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DataError(str(path), "the data package descriptor is missing") from None
    return _package_at(str(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def _package_at(path: str, mtime_ns: int, size: int) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(path, f"not valid JSON (line {exc.lineno}, column {exc.colno}): "
                              f"{exc.msg}") from None


def table_names(folder: Path | None = None) -> list[str]:
    """Names of the tables described in the package, in descriptor order."""
    return [res["name"] for res in package(folder)["resources"]]


def resource(name: str, folder: Path | None = None) -> dict:
    """The descriptor of one table."""
    folder = Path(folder) if folder else data_dir()
    return _resource(package(folder), name, folder)


def field(table: str, name: str, folder: Path | None = None) -> dict:
    """The descriptor of one field of one table (type, constraints, description)."""
    for candidate in resource(table, folder)["schema"]["fields"]:
        if candidate["name"] == name:
            return candidate
    raise DataError(f"data/{table}.csv", f"the descriptor has no field '{name}'")


def _resource(desc: dict, name: str, folder: Path) -> dict:
    for res in desc["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in desc["resources"])
    raise DataError(str(folder / "datapackage.json"),
                    f"no table called '{name}'; the tables are: {known}")


def format_date(value, precision: str | None = "day") -> str:
    """A date no more precise than it is known: '5 Dec 2024', 'Dec 2024', '2024'."""
    if value is None or value != value:  # None or NaT
        return "n.d."
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return value.strftime("%b %Y")
    return value.strftime("%-d %b %Y")


# ---------------------------------------------------------------- reading one file

@dataclass(frozen=True)
class _Raw:
    header: list[str]
    records: list[dict]  # parsed values keyed by field name, plus "_row" (and "_bad")
    rel: str
    problems: tuple = ()  # every DataError found in the file, in reading order


def resource_path(folder: Path, res: dict) -> Path:
    """The file of a table, refused before it is opened unless its path is safe: relative,
    inside the data folder, without '..', '~', a drive, a scheme or a variable."""
    path = res.get("path")
    parts = path.split("/") if isinstance(path, str) else []
    unsafe = (not parts or path.startswith(("/", "~")) or any(c in path for c in "\\:$%\0")
              or any(part in ("", "..") for part in parts))
    target = Path(folder, *parts).resolve() if not unsafe else None
    if unsafe or not target.is_relative_to(Path(folder).resolve()):
        raise DataError("data/datapackage.json", f"the table '{res.get('name')}' has the path "
                                                 f"'{path}', which is not safe: give a file "
                                                 "inside data/ (relative, without '..')")
    return target


def _read_text(path: Path, rel: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(rel, "the file is missing") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(rel, f"the file is not UTF-8 text (byte {exc.start} cannot be read); "
                             "save it with UTF-8 encoding", row=line) from None
    if not text.strip():
        raise DataError(rel, "the file is empty; it needs at least a header row")
    return text


def _check_header(header: list[str], names: list[str], rel: str) -> None:
    missing = [n for n in names if n not in header]
    if missing:
        raise DataError(rel, f"missing column(s) {', '.join(missing)}; expected: "
                             f"{', '.join(names)}", row=1, field=missing[0])
    extra = [h for h in header if h not in names]
    if extra:
        raise DataError(rel, f"unexpected column(s) {', '.join(extra)}; add them to "
                             "datapackage.json or remove them", row=1, field=extra[0])
    if header != names:
        first = next(n for n, h in zip(names, header) if n != h)
        raise DataError(rel, f"the columns are not in the descriptor's order; expected: "
                             f"{', '.join(names)}; found: {', '.join(header)}",
                        row=1, field=first)


def _record(cells: list[str], header: list[str], fields: dict, rel: str,
            row: int) -> tuple[dict | None, list[DataError]]:
    """One row as a record, and a problem for each cell refused (such cells are "_bad")."""
    if len(cells) != len(header):
        return None, [DataError(rel, f"has {len(cells)} cells but the header has "
                                     f"{len(header)}; check for an unquoted comma", row=row)]
    record: dict = {"_row": row}
    problems, bad = [], []
    for name, raw in zip(header, cells):
        spec, record[name] = fields[name], None
        try:
            check_characters(raw, spec)
            if raw.strip() == "":
                if spec.get("constraints", {}).get("required", False):
                    raise ValueError("is empty but required")
                continue
            if raw != raw.strip():
                raise ValueError(f"'{raw}' has spaces at its start or end")
            value = parse_cell(raw, spec)
            check_constraints(value, raw, spec)
            record[name] = value
        except ValueError as exc:
            problems.append(DataError(rel, str(exc), row=row, field=name))
            bad.append(name)
    if bad:
        record["_bad"] = tuple(bad)
    return record, problems


def _read_raw(path: Path, res: dict) -> _Raw:
    rel = f"data/{res['path']}"
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    try:
        reader = csv.reader(io.StringIO(_read_text(path, rel), newline=""))
        try:
            header = next(reader)
        except csv.Error as exc:
            raise DataError(rel, f"the header row cannot be read as CSV: {exc}", row=1) from None
        _check_header(header, list(fields), rel)
    except DataError as exc:
        return _Raw([], [], rel, (exc,))
    records, problems, row = [], [], 1
    try:
        for cells in reader:
            row += 1
            if any(c.strip() for c in cells):
                record, found = _record(cells, header, fields, rel, row)
                problems += found
                if record is not None:
                    records.append(record)
    except csv.Error as exc:
        problems.append(DataError(rel, f"cannot be read as CSV: {exc}", row=row + 1))
    problems += rules.check_keys(records, res, rel) + rules.check_rules(records, res, rel)
    return _Raw(header, records, rel, tuple(problems))


@lru_cache(maxsize=64)
def _read_cached(path: str, mtime_ns: int, size: int, resource_json: str) -> _Raw:
    return _read_raw(Path(path), json.loads(resource_json))


def _raw(folder: Path, desc: dict, name: str) -> _Raw:
    res = _resource(desc, name, folder)
    path = resource_path(folder, res)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DataError(f"data/{res['path']}", "the file is missing") from None
    return _read_cached(str(path), st.st_mtime_ns, st.st_size, json.dumps(res, sort_keys=True))


_DTYPES = {"string": "string", "integer": "Int64", "year": "Int64", "number": "Float64",
           "boolean": "boolean"}


def _frame(raw: _Raw, res: dict) -> pd.DataFrame:
    columns = {}
    for spec in res["schema"]["fields"]:
        name = spec["name"]
        values = [rec[name] for rec in raw.records]
        kind = spec.get("type", "string")
        if kind == "date":
            columns[name] = pd.to_datetime(pd.Series(values, dtype="object"), errors="raise")
        else:
            columns[name] = pd.Series(values, dtype=_DTYPES.get(kind, "string"))
    frame = pd.DataFrame(columns)
    frame.attrs["source_file"] = raw.rel
    frame.attrs["table"] = res["name"]
    frame.attrs["title"] = res.get("title", res["name"])
    return frame


def _problems(folder: Path, desc: dict, name: str) -> tuple[_Raw, list[DataError]]:
    """A table as read, and every problem in it: its own cells and rows, then its foreign
    keys (checked against the rows of the other table that could be read)."""
    raw = _raw(folder, desc, name)

    def lookup(other: str):
        target = _raw(folder, desc, other)
        if not target.header:  # unreadable: its own problem, not one per key that cites it
            raise target.problems[0]
        return target.records, target.rel

    res = _resource(desc, name, folder)
    return raw, [*raw.problems, *rules.check_foreign_keys(res, raw.records, raw.rel, lookup)]


def load(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """Load one table by name as a typed DataFrame, after checking every rule in the descriptor.

    A broken table raises its first problem; ``validate.validate_package`` lists them all."""
    folder = Path(folder) if folder else data_dir()
    desc = package(folder)
    raw, problems = _problems(folder, desc, name)
    if problems:
        raise problems[0]
    return _frame(raw, _resource(desc, name, folder))


def table_problems(folder: str | Path | None = None) -> list[DataError]:
    """Every problem of every table against the package's schemas, ungrouped (an empty list
    means every table loads). ``validate.validate_package`` adds the codebook's rules."""
    folder = Path(folder) if folder else data_dir()
    try:
        desc = package(folder)
        names = table_names(folder)
    except DataError as exc:
        return [exc]
    problems: list[DataError] = []
    for name in names:
        try:
            problems += _problems(folder, desc, name)[1]
        except DataError as exc:
            problems.append(exc)
    return problems
