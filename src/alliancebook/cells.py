"""One CSV cell to a typed value, by the lexical rules of Frictionless Table Schema (v1).

The rules are the standard's defaults for the field types this package uses, so a file that
frictionless-py would reject is rejected here too, and a few things frictionless-py lets through
against the standard (``1_000``, ``2024-1-5``) are rejected as the standard says.

House rules, stricter than the standard (which lets a number be NaN, INF or -INF and a string
hold any character), each lifted only by a field that declares it:

- a number is finite (``"x-non-finite-ok": true`` lets NaN, INF and -INF in);
- no cell holds a control character (``"x-multiline": true`` lets a text field hold tab and
  line breaks);
- a text cell does not begin with ``=``, ``+``, ``-``, ``@``, tab or carriage return, which a
  spreadsheet runs as a formula (OWASP, "CSV injection"); ``"x-formula-prefix-ok": true``
  lets a field's cells begin so.
"""

from __future__ import annotations

import math
import re
from datetime import date

__all__ = ["parse_cell", "check_constraints", "check_characters", "shown"]

# Table Schema: booleans default to these lexical values (a field may set its own lists).
TRUE_VALUES = ["true", "True", "TRUE", "1"]
FALSE_VALUES = ["false", "False", "FALSE", "0"]
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_SPECIAL = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"[\t\n\r]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_INT64 = 2**63 - 1


def shown(raw: str, limit: int = 60) -> str:
    """A cell as a message shows it: control characters written as escapes, long text cut."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", raw)
    text = text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[:limit] + "…"


def check_characters(raw: str, field: dict) -> None:
    """Raise ValueError for a control character, or a text cell that a spreadsheet would run."""
    bad = _CONTROL.search(raw) or (None if field.get("x-multiline") else _BREAKS.search(raw))
    if bad:
        raise ValueError(f"'{shown(raw)}' holds a control character "
                         f"({shown(bad.group())}, at character {bad.start() + 1}); "
                         "remove it")
    if (field.get("type", "string") == "string" and raw.startswith(FORMULA_PREFIXES)
            and not field.get("x-formula-prefix-ok")):
        raise ValueError(f"'{shown(raw)}' begins with '{shown(raw[0])}', so a spreadsheet "
                         "would run it as a formula; reword it, or let the field allow it "
                         "(\"x-formula-prefix-ok\": true in datapackage.json)")


def parse_cell(raw: str, field: dict):
    """Convert one non-empty cell; raise ValueError with a plain-language reason."""
    kind = field.get("type", "string")
    if kind == "string":
        return raw
    if kind == "integer":
        if not _INTEGER.fullmatch(raw):
            raise ValueError(f"'{raw}' is not a whole number (digits only)")
        if len(raw.lstrip("+-").lstrip("0")) > 19 or abs(int(raw)) > _INT64:
            raise ValueError(f"'{shown(raw)}' is too large for a whole-number column")
        return int(raw)
    if kind == "number":
        if raw.casefold() in _SPECIAL:
            if field.get("x-non-finite-ok"):
                return _SPECIAL[raw.casefold()]
            raise ValueError(f"'{raw}' is not a finite number; write the value, or leave the "
                             "cell empty if it is unknown (a field that needs NaN or INF "
                             "declares \"x-non-finite-ok\": true)")
        if not _NUMBER.fullmatch(raw):
            raise ValueError(f"'{shown(raw)}' is not a number (digits, one '.', "
                             "optionally an exponent such as 1e6)")
        if not math.isfinite(float(raw)):
            raise ValueError(f"'{raw}' is too large to be a number")
        return float(raw)
    if kind == "boolean":
        true = field.get("trueValues", TRUE_VALUES)
        false = field.get("falseValues", FALSE_VALUES)
        if raw in true:
            return True
        if raw in false:
            return False
        raise ValueError(f"'{raw}' is not true or false (write one of: "
                         f"{', '.join(true + false)})")
    if kind == "date":
        if not _DATE.fullmatch(raw):
            raise ValueError(f"'{raw}' is not a date in the form YYYY-MM-DD")
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not a real calendar date") from None
    if kind == "year":
        if not _YEAR.fullmatch(raw):
            raise ValueError(f"'{raw}' is not a four-digit year")
        return int(raw)
    raise ValueError(f"the descriptor uses an unsupported type '{kind}'")


def _bound(bound, field: dict):
    return date.fromisoformat(bound) if field.get("type") == "date" else bound


def _outside(value, bound, above: bool) -> bool:
    """True if value breaks the bound; NaN satisfies no bound."""
    if isinstance(value, float) and math.isnan(value):
        return True
    return value > bound if above else value < bound


def check_constraints(value, raw: str, field: dict) -> None:
    """Raise ValueError if a parsed value breaks one of the field's constraints."""
    c = field.get("constraints", {})
    if "enum" in c and raw not in c["enum"]:
        raise ValueError(f"'{raw}' is not one of the allowed values: "
                         f"{', '.join(map(str, c['enum']))}")
    if "pattern" in c and not re.fullmatch(c["pattern"], raw):
        hint = field.get("x-pattern-hint") or f"the pattern {c['pattern']}"
        raise ValueError(f"'{raw}' does not match {hint}")
    if "minimum" in c and _outside(value, _bound(c["minimum"], field), False):
        raise ValueError(f"{raw} is below the minimum {c['minimum']}")
    if "maximum" in c and _outside(value, _bound(c["maximum"], field), True):
        raise ValueError(f"{raw} is above the maximum {c['maximum']}")
    if "minLength" in c and len(raw) < c["minLength"]:
        raise ValueError(f"is shorter than {c['minLength']} characters")
    if "maxLength" in c and len(raw) > c["maxLength"]:
        raise ValueError(f"is {len(raw)} characters long; "
                         f"the limit is {c['maxLength']}")
