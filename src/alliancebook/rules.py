"""Checks across rows and tables: keys, foreign keys and the descriptor's row rules ("x-rules").

Each check returns every problem it finds, as DataErrors naming the file, the row (spreadsheet
numbering: the header is row 1) and the field. A record whose own cells were refused carries
their names in "_bad"; checks that need those cells skip it, so one bad cell is reported once.
"""

from __future__ import annotations

from .errors import DataError

__all__ = ["check_keys", "check_rules", "check_foreign_keys", "rule_text"]


def _key(record: dict, fields: list[str]) -> tuple:
    return tuple(record[f] for f in fields)


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _usable(record: dict, fields) -> bool:
    """False if one of these fields of the record holds a refused cell."""
    return not set(record.get("_bad", ())) & set(fields)


def _repeats(records: list[dict], fields: list[str], rel: str, words,
             skip_empty: bool = False) -> list[DataError]:
    """A problem for each record whose values of these fields an earlier record already has."""
    seen: dict = {}
    problems = []
    for rec in records:
        key = _key(rec, fields)
        if not _usable(rec, fields) or (skip_empty and all(k is None for k in key)):
            continue
        if key in seen:
            problems.append(DataError(rel, words(", ".join(map(str, key)), seen[key]),
                                      row=rec["_row"], field=fields[0]))
        else:
            seen[key] = rec["_row"]
    return problems


def check_keys(records: list[dict], resource: dict, rel: str) -> list[DataError]:
    """Primary keys are unique, and so is every field marked unique."""
    schema = resource["schema"]
    pk = _as_list(schema.get("primaryKey", []))
    problems = _repeats(records, pk, rel, lambda key, first: f"duplicate key '{key}' (already "
                        f"used in row {first})") if pk else []
    for field in schema["fields"]:
        name = field["name"]
        if field.get("constraints", {}).get("unique") and pk != [name]:
            problems += _repeats(records, [name], rel, lambda value, first: (
                f"'{value}' is repeated (first in row {first}) but must be unique"),
                skip_empty=True)
    return problems


def check_foreign_keys(resource: dict, records: list[dict], rel: str, lookup) -> list[DataError]:
    """Every foreign key matches a row of the table it points to.

    ``lookup(name)`` returns (records, rel) of another table of the package."""
    problems = []
    for fk in resource["schema"].get("foreignKeys", []):
        fields = _as_list(fk["fields"])
        ref = fk["reference"]
        ref_fields = _as_list(ref["fields"])
        target = ref.get("resource") or resource["name"]
        target_records, target_rel = ((records, rel) if target == resource["name"]
                                      else lookup(target))
        valid = {_key(r, ref_fields) for r in target_records if _usable(r, ref_fields)}
        for rec in records:
            key = _key(rec, fields)
            if not _usable(rec, fields) or all(k is None for k in key) or key in valid:
                continue
            shown = ", ".join(map(str, key))
            problems.append(DataError(rel, f"'{shown}' does not match any "
                                           f"{'/'.join(ref_fields)} in {target_rel}",
                                      row=rec["_row"], field=fields[0]))
    return problems


def _ordered(rule, rec, rel):
    first, second = rule["fields"]
    a, b = rec[first], rec[second]
    if a is not None and b is not None and a > b:
        raise DataError(rel, f"{first} ({a}) is greater than {second} ({b})",
                        row=rec["_row"], field=first)


def _required_if(rule, rec, rel):
    (key, value), = rule["when"].items()
    if rec[key] == value and rec[rule["field"]] is None:
        raise DataError(rel, f"is required when {key} is '{value}'",
                        row=rec["_row"], field=rule["field"])


def _paired(rule, rec, rel):
    first, second = rule["fields"]
    if (rec[first] is None) != (rec[second] is None):
        empty, filled = (first, second) if rec[first] is None else (second, first)
        raise DataError(rel, f"is empty but {filled} is filled; give both or "
                             "neither", row=rec["_row"], field=empty)


def _precision(rule, rec, rel):
    """A month-precision date is the 1st of its month; a year one is 1 January."""
    name = rule["date"]
    value, precision = rec[name], rec[rule["precision"]]
    if value is None or precision is None:
        return
    if precision == "month" and value.day != 1:
        raise DataError(rel, f"{value} has month precision, so write it as the "
                             f"first of the month ({value.replace(day=1)})",
                        row=rec["_row"], field=name)
    if precision == "year" and (value.month, value.day) != (1, 1):
        raise DataError(rel, f"{value} has year precision, so write it as "
                             f"{value.year}-01-01", row=rec["_row"], field=name)


def _withheld(rule, rec, rel):
    """An exercise's answer: empty in the rows the exercise asks about (its value lives with
    the answer key), and, if the rule says so, given in every other row."""
    keys = rule["key"] if isinstance(rule["key"], list) else [rule["key"]]
    row_id = "/".join(str(rec[k]) for k in keys)
    held = row_id in rule["rows"]
    for name in rule["fields"]:
        held_elsewhere = row_id in rule.get("_held", {}).get(name, ())   # by another exercise
        if held and rec[name] is not None:
            raise DataError(rel, f"is the answer to exercise {rule['exercise']} for {row_id}, "
                                 "so it is left empty here (its value is in the answer key)",
                            row=rec["_row"], field=name)
        if not held and not held_elsewhere and rule.get("required_elsewhere") and \
                rec[name] is None:
            raise DataError(rel, "is empty but required", row=rec["_row"], field=name)


_RULES = {"ordered": _ordered, "required_if": _required_if, "paired": _paired,
          "precision": _precision, "withheld": _withheld}


def check_rules(records: list[dict], resource: dict, rel: str) -> list[DataError]:
    """Apply the row rules that Table Schema cannot state."""
    problems = []
    held: dict = {}   # field -> rows withheld by any exercise of this table
    for rule in resource.get("x-rules", []):
        if rule["type"] == "withheld":
            for name in rule["fields"]:
                held.setdefault(name, set()).update(rule["rows"])
    for rule in resource.get("x-rules", []):
        rule = {**rule, "_held": held} if rule["type"] == "withheld" else rule
        check = _RULES.get(rule["type"])
        if check is None:
            problems.append(DataError("data/datapackage.json",
                                      f"the table '{resource['name']}' has a row rule of "
                                      f"unknown type '{rule['type']}'"))
            continue
        for rec in records:
            if rec.get("_bad"):
                continue
            try:
                check(rule, rec, rel)
            except DataError as exc:
                problems.append(exc)
    return problems


def rule_text(rule: dict) -> str:
    """One row rule in words, for the data dictionary."""
    kind = rule["type"]
    if kind == "withheld":
        fields, rows = " and ".join(rule["fields"]), ", ".join(rule["rows"])
        return (f"{fields} {'is' if len(rule['fields']) == 1 else 'are'} left empty for "
                f"{rows}: the answer to exercise {rule['exercise']}, kept with the answer key."
                + (" Every other row gives them." if rule.get("required_elsewhere") else ""))
    if kind == "ordered":
        return f"{rule['fields'][0]} is not greater than {rule['fields'][1]}."
    if kind == "required_if":
        (key, value), = rule["when"].items()
        return f"{rule['field']} is required when {key} is {value}."
    if kind == "paired":
        first, second = rule["fields"]
        return f"{first} and {second} are both given or both empty."
    if kind == "precision":
        return (f"{rule['date']} is written as the 1st of the month when "
                f"{rule['precision']} is month, and as 1 January when it is "
                "year.")
    raise DataError("data/datapackage.json", f"unknown row rule type '{kind}'")
