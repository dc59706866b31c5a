"""Load the module's data tables as typed pandas frames, validated against data/datapackage.json.

Every problem is reported as a DataError that names the file, the row and the field, in words a
maintainer can act on. Rows are counted as in a spreadsheet: the header is row 1, the first record
is row 2.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = ["DataError", "data_dir", "field", "format_date", "load", "table_names", "package", "validate_package"]


class DataError(ValueError):
    """A data file broke a rule of the data package; the message names file, row and field."""

    def __init__(self, file: str, message: str, row: int | None = None, field: str | None = None):
        self.file, self.row, self.field, self.message = file, row, field, message
        where = file
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")


def data_dir() -> Path:
    """Return the folder holding datapackage.json (env ALLIANCEBOOK_DATA, then the repository)."""
    env = os.environ.get("ALLIANCEBOOK_DATA")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "datapackage.json").is_file():
            return folder / "data"
    return Path(__file__).resolve().parents[2] / "data"


def package(folder: Path | None = None) -> dict:
    """Return the parsed datapackage.json descriptor."""
    folder = Path(folder) if folder else data_dir()
    path = folder / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(str(path), "the data package descriptor is missing") from None
    except json.JSONDecodeError as exc:
        raise DataError(str(path), f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None


def table_names(folder: Path | None = None) -> list[str]:
    """Names of the tables described in the package, in descriptor order."""
    return [res["name"] for res in package(folder)["resources"]]


def field(table: str, name: str, folder: Path | None = None) -> dict:
    """The descriptor of one field of one table (type, constraints, description)."""
    folder = Path(folder) if folder else data_dir()
    for candidate in _resource(package(folder), table, folder)["schema"]["fields"]:
        if candidate["name"] == name:
            return candidate
    raise DataError(f"data/{table}.csv", f"the descriptor has no field '{name}'")


def _resource(desc: dict, name: str, folder: Path) -> dict:
    for res in desc["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in desc["resources"])
    raise DataError(str(folder / "datapackage.json"), f"no table called '{name}'; the tables are: {known}")


# ---------------------------------------------------------------- cell parsing

_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def _parse_cell(raw: str, field: dict):
    """Convert one CSV cell to a Python value, or raise ValueError with a plain-language reason."""
    kind = field.get("type", "string")
    if kind == "string":
        return raw
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            raise ValueError(f"'{raw}' is not a whole number")
        return int(raw)
    if kind == "number":
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not a number") from None
        if value != value:  # NaN
            raise ValueError("'NaN' is not allowed; leave the cell empty if the value is unknown")
        return value
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError(f"'{raw}' is not a date in the form YYYY-MM-DD")
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not a real calendar date") from None
    if kind == "year":
        if not re.fullmatch(r"\d{4}", raw):
            raise ValueError(f"'{raw}' is not a four-digit year")
        return int(raw)
    if kind == "boolean":
        low = raw.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(f"'{raw}' is not true or false")
    raise ValueError(f"the descriptor uses an unsupported type '{kind}'")


def _check_constraints(value, raw: str, field: dict) -> None:
    c = field.get("constraints", {})
    if "enum" in c and raw not in c["enum"]:
        raise ValueError(f"'{raw}' is not one of the allowed values: {', '.join(map(str, c['enum']))}")
    if "pattern" in c and not re.fullmatch(c["pattern"], raw):
        hint = field.get("x-pattern-hint") or f"the pattern {c['pattern']}"
        raise ValueError(f"'{raw}' does not match {hint}")
    if "minimum" in c and value < _bound(c["minimum"], field):
        raise ValueError(f"{raw} is below the minimum {c['minimum']}")
    if "maximum" in c and value > _bound(c["maximum"], field):
        raise ValueError(f"{raw} is above the maximum {c['maximum']}")
    if "minLength" in c and len(raw) < c["minLength"]:
        raise ValueError(f"is shorter than {c['minLength']} characters")
    if "maxLength" in c and len(raw) > c["maxLength"]:
        raise ValueError(f"is {len(raw)} characters long; the limit is {c['maxLength']}")


def _bound(bound, field):
    return date.fromisoformat(bound) if field.get("type") == "date" else bound


# ---------------------------------------------------------------- reading one file

@dataclass(frozen=True)
class _Raw:
    header: list[str]
    records: list[dict]  # parsed values keyed by field name
    rel: str


def _read_text(path: Path, rel: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(rel, "the file is missing") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            rel,
            f"the file is not UTF-8 text (byte {exc.start} cannot be read); save it with UTF-8 encoding",
            row=line,
        ) from None
    if not text.strip():
        raise DataError(rel, "the file is empty; it needs at least a header row")
    return text


def _read_raw(path: Path, resource: dict) -> _Raw:
    rel = f"data/{resource['path']}"
    text = _read_text(path, rel)
    fields = resource["schema"]["fields"]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise DataError(rel, f"the header row cannot be read as CSV: {exc}", row=1) from None
    names = [f["name"] for f in fields]
    missing = [n for n in names if n not in header]
    if missing:
        raise DataError(rel, f"missing column(s) {', '.join(missing)}; expected: {', '.join(names)}", row=1,
                        field=missing[0])
    extra = [h for h in header if h not in names]
    if extra:
        raise DataError(rel, f"unexpected column(s) {', '.join(extra)}; add them to datapackage.json or remove them",
                        row=1, field=extra[0])
    records = []
    row_no = 1
    try:
        for cells in reader:
            row_no += 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise DataError(rel, f"has {len(cells)} cells but the header has {len(header)}; "
                                     "check for an unquoted comma", row=row_no)
            record = {}
            for name, raw in zip(header, cells):
                field = fields[names.index(name)]
                required = field.get("constraints", {}).get("required", False)
                if raw.strip() == "":
                    if required:
                        raise DataError(rel, "is empty but required", row=row_no, field=name)
                    record[name] = None
                    continue
                if raw != raw.strip():
                    raise DataError(rel, f"'{raw}' has spaces at its start or end", row=row_no, field=name)
                try:
                    value = _parse_cell(raw, field)
                    _check_constraints(value, raw, field)
                except ValueError as exc:
                    raise DataError(rel, str(exc), row=row_no, field=name) from None
                record[name] = value
            record["_row"] = row_no
            records.append(record)
    except csv.Error as exc:
        raise DataError(rel, f"cannot be read as CSV: {exc}", row=row_no + 1) from None
    _check_keys(records, resource, rel)
    _check_rules(records, resource, rel)
    return _Raw(header, records, rel)


def _check_rules(records: list[dict], resource: dict, rel: str) -> None:
    """Row rules that Table Schema cannot state, kept in the descriptor under "x-rules"."""
    for rule in resource.get("x-rules", []):
        for rec in records:
            if rule["type"] == "ordered":
                first, second = rule["fields"]
                a, b = rec[first], rec[second]
                if a is not None and b is not None and a > b:
                    raise DataError(rel, f"{first} ({a}) is greater than {second} ({b})", row=rec["_row"], field=first)
            elif rule["type"] == "required_if":
                (key, value), = rule["when"].items()
                if rec[key] == value and rec[rule["field"]] is None:
                    raise DataError(rel, f"is required when {key} is '{value}'", row=rec["_row"], field=rule["field"])
            elif rule["type"] == "paired":
                first, second = rule["fields"]
                if (rec[first] is None) != (rec[second] is None):
                    empty, filled = (first, second) if rec[first] is None else (second, first)
                    raise DataError(rel, f"is empty but {filled} is filled; give both or neither",
                                    row=rec["_row"], field=empty)
            elif rule["type"] == "precision":
                _check_precision(rec, rule["date"], rule["precision"], rel)
            else:
                raise DataError("data/datapackage.json", f"the table '{resource['name']}' has a row rule of "
                                                         f"unknown type '{rule['type']}'")


def _check_precision(rec: dict, date_field: str, precision_field: str, rel: str) -> None:
    """A month-precision date is written as the 1st of its month, a year-precision one as 1 January."""
    value, precision = rec[date_field], rec[precision_field]
    if value is None or precision is None:
        return
    if precision == "month" and value.day != 1:
        raise DataError(rel, f"{value} has month precision, so write it as the first of the month "
                             f"({value.replace(day=1)})", row=rec["_row"], field=date_field)
    if precision == "year" and (value.month, value.day) != (1, 1):
        raise DataError(rel, f"{value} has year precision, so write it as {value.year}-01-01",
                        row=rec["_row"], field=date_field)


def format_date(value, precision: str | None = "day") -> str:
    """A date as a reader should see it, no more precise than it is known: '5 Dec 2024', 'Dec 2024', '2024'."""
    if value is None or value != value:  # None or NaT
        return "n.d."
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return value.strftime("%b %Y")
    return value.strftime("%-d %b %Y")


def _as_key(record: dict, fields: list[str]):
    return tuple(record[f] for f in fields)


def _check_keys(records: list[dict], resource: dict, rel: str) -> None:
    schema = resource["schema"]
    pk = schema.get("primaryKey")
    if pk:
        pk = [pk] if isinstance(pk, str) else pk
        seen: dict = {}
        for rec in records:
            key = _as_key(rec, pk)
            if key in seen:
                shown = ", ".join(map(str, key))
                raise DataError(rel, f"duplicate key '{shown}' (already used in row {seen[key]})",
                                row=rec["_row"], field=pk[0])
            seen[key] = rec["_row"]
    for field in schema["fields"]:
        if field.get("constraints", {}).get("unique") and (not pk or pk != [field["name"]]):
            seen = {}
            for rec in records:
                v = rec[field["name"]]
                if v is None:
                    continue
                if v in seen:
                    raise DataError(rel, f"'{v}' is repeated (first in row {seen[v]}) but must be unique",
                                    row=rec["_row"], field=field["name"])
                seen[v] = rec["_row"]


@lru_cache(maxsize=64)
def _read_cached(path: str, mtime_ns: int, size: int, resource_json: str) -> _Raw:
    return _read_raw(Path(path), json.loads(resource_json))


def _raw(folder: Path, desc: dict, name: str) -> _Raw:
    resource = _resource(desc, name, folder)
    path = folder / resource["path"]
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DataError(f"data/{resource['path']}", "the file is missing") from None
    return _read_cached(str(path), st.st_mtime_ns, st.st_size, json.dumps(resource, sort_keys=True))


def _check_foreign_keys(folder: Path, desc: dict, name: str, raw: _Raw) -> None:
    resource = _resource(desc, name, folder)
    for fk in resource["schema"].get("foreignKeys", []):
        fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        ref = fk["reference"]
        target = ref.get("resource") or name
        ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        target_raw = raw if target == name else _raw(folder, desc, target)
        valid = {_as_key(r, ref_fields) for r in target_raw.records}
        for rec in raw.records:
            key = _as_key(rec, fields)
            if all(k is None for k in key):
                continue
            if key not in valid:
                shown = ", ".join(map(str, key))
                raise DataError(raw.rel, f"'{shown}' does not match any {'/'.join(ref_fields)} in "
                                         f"{target_raw.rel}", row=rec["_row"], field=fields[0])


_DTYPES = {"string": "string", "integer": "Int64", "year": "Int64", "number": "Float64", "boolean": "boolean"}


def _frame(raw: _Raw, resource: dict) -> pd.DataFrame:
    fields = resource["schema"]["fields"]
    columns = {}
    for field in fields:
        name = field["name"]
        values = [rec[name] for rec in raw.records]
        kind = field.get("type", "string")
        if kind == "date":
            columns[name] = pd.to_datetime(pd.Series(values, dtype="object"), errors="raise")
        else:
            columns[name] = pd.Series(values, dtype=_DTYPES.get(kind, "string"))
    frame = pd.DataFrame(columns)
    frame.attrs["source_file"] = raw.rel
    frame.attrs["title"] = resource.get("title", resource["name"])
    return frame


def load(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """Load one table by name as a typed DataFrame, after checking every rule in the descriptor."""
    folder = Path(folder) if folder else data_dir()
    desc = package(folder)
    raw = _raw(folder, desc, name)
    _check_foreign_keys(folder, desc, name, raw)
    return _frame(raw, _resource(desc, name, folder))


def validate_package(folder: str | Path | None = None) -> list[DataError]:
    """Check every table; return the problems found (an empty list means the package is valid)."""
    folder = Path(folder) if folder else data_dir()
    problems: list[DataError] = []
    try:
        names = table_names(folder)
    except DataError as exc:
        return [exc]
    for name in names:
        try:
            load(name, folder)
        except DataError as exc:
            problems.append(exc)
    return problems
