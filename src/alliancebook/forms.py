"""What an answer must look like, apart from whether it is right: shipped in every edition.

Each exercise declares its answer's form in ``exercises/<page>.py`` (a number, one option of a
list, a list of items, a dictionary of such values). Before any answer is judged it goes through
two steps that hold no answer key, so the student edition runs them too and says the same words:

1. ``plain`` turns whatever a student passes into a plain value (text, a number, True/False,
   None, or lists and dictionaries of them), the only kind of value the book records and the
   grader reads. A NumPy array or a pandas Series becomes a list. Anything else (a generator, a
   table, an object of the student's own class) is refused with a message, without being
   iterated, and so is anything too large, too long or nested too deep: every answer gets a
   reply at once, with bounded memory.
2. the exercise's ``Form`` says whether the plain value has the expected shape (type, keys,
   length, allowed options) and, if not, what to change.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

MAX_ITEMS = 1_000        # items in all the lists and dictionaries of one answer
MAX_TEXT = 2_000         # characters in one text
MAX_DEPTH = 3            # lists or dictionaries inside one another
MAX_INT = 10**15         # larger whole numbers are no answer to any exercise here


class Refused(ValueError):
    """An answer the book cannot record; its message tells the student why."""


def _kind(value) -> str:
    name = type(value).__name__
    return {"DataFrame": "a table (DataFrame)", "generator": "a generator",
            "set": "a set", "frozenset": "a set", "bytes": "bytes"}.get(name, f"a {name}")


def _scalar(value):
    """A plain copy of a text, number or True/False (subclasses and NumPy scalars included)."""
    if value is None or type(value) is bool:
        return value
    if type(value).__module__ == "numpy" and hasattr(value, "item") and \
            getattr(value, "ndim", 1) == 0:
        value = value.item()
        if value is None or type(value) is bool:
            return value
    if isinstance(value, str):
        text = str.__getitem__(value, slice(None))   # a plain str, whatever the subclass says
        if type(text) is not str:
            text = "".join(chr(ord(c)) for c in text[:MAX_TEXT + 1])
        if len(text) > MAX_TEXT:
            raise Refused(f"That text is {len(text):,} characters long; an answer here is "
                          "a word, a code or a few sentences at most.")
        return text
    if isinstance(value, int):
        number = int.__int__(value)
        if abs(number) > MAX_INT:
            raise Refused("That number is far too large to be the answer to any exercise "
                          "here. Check the calculation (units, or a missing division).")
        return number
    if isinstance(value, float):
        return float.__float__(value)
    raise TypeError


def plain(answer, _depth: int = 0, _budget: list | None = None):
    """The answer as a plain value; raises Refused with a message for the student."""
    budget = [MAX_ITEMS] if _budget is None else _budget
    try:
        return _scalar(answer)
    except TypeError:
        pass
    kind = type(answer).__name__
    if kind in {"Series", "Index", "ndarray"} and type(answer).__module__.split(".")[0] in \
            {"pandas", "numpy"}:
        size = int(getattr(answer, "size", 0))
        if size > budget[0] or getattr(answer, "ndim", 1) > 1:
            raise Refused(f"That {kind} holds {size:,} values; give a list of the few "
                          "values the exercise asks for.")
        answer = answer.tolist()
    if isinstance(answer, (list, tuple, dict)):
        if _depth >= MAX_DEPTH:
            raise Refused("Your answer has lists or dictionaries nested too deep; give a "
                          "flat list or a dictionary of single values.")
        is_dict = isinstance(answer, dict)
        size = dict.__len__(answer) if is_dict else (
            list.__len__(answer) if isinstance(answer, list) else tuple.__len__(answer))
        budget[0] -= size
        if budget[0] < 0:
            raise Refused(f"Your answer holds more than {MAX_ITEMS:,} values; an answer here "
                          "is a short list or a small dictionary.")
        if not is_dict:
            items = list.__iter__(answer) if isinstance(answer, list) else \
                tuple.__iter__(answer)
            return [plain(item, _depth + 1, budget) for item in items]
        out = {}
        for key, value in dict.items(answer):
            key = _scalar(key) if isinstance(key, str) else key
            if type(key) is not str:
                raise Refused(f"The keys of your dictionary should be text in quotes; "
                              f"{_kind(key)} is not.")
            out[key] = plain(value, _depth + 1, budget)
        return out
    if kind == "DataFrame":
        raise Refused("Your answer is a whole table (DataFrame); the exercise asks for a "
                      "value, a list or a dictionary taken from it.")
    if isinstance(answer, (set, frozenset)):
        raise Refused("Your answer is a set, which has no order; put the items in a list "
                      "[...] instead.")
    if isinstance(answer, (bytes, bytearray)):
        raise Refused("Your answer is bytes (b'...'); write it as text in quotes instead.")
    if isinstance(answer, Iterable):
        raise Refused(f"Your answer is {_kind(answer)}, which the book does not read item "
                      "by item; put the items in a list first, for example list(...).")
    raise Refused(f"Your answer is {_kind(answer)}; the book records text, numbers, "
                  "True/False, and lists or dictionaries of them.")


def describe(value) -> str:
    """A few words on what a plain value is, for feedback messages."""
    if value is None:
        return "nothing (None)"
    if isinstance(value, str):
        return f"the text '{value[:40]}'" if value.strip() else "an empty text"
    if type(value) is bool:
        return f"the value {value}"
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, dict):
        return f"a dictionary of {len(value)} entries"
    return f"the number {value:g}" if isinstance(value, float) else f"the number {value}"


def as_number(value):
    """A plain value as a finite float, or None: numbers, numeric text, a one-item list."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", ""))
        except ValueError:
            return None
    if isinstance(value, (int, float)) and type(value) is not bool:
        number = float(value)
        return number if math.isfinite(number) else None
    return None


def _options(options) -> list:
    return list(options() if callable(options) else options)


class Form:
    """The shape an answer must have. ``problem`` returns what is wrong with it, or None."""

    starter = None   # a value the exercise hands out, which counts as not attempted

    def problem(self, value) -> str | None:
        raise NotImplementedError


class Number(Form):
    """A single finite number, optionally whole or within bounds."""

    def __init__(self, unit: str = "", *, whole: bool = False, low=None, high=None):
        self.unit, self.whole, self.low, self.high = unit, whole, low, high

    def problem(self, value):
        number = as_number(value)
        if number is None:
            if isinstance(value, float):
                return ("Your answer is NaN or infinite: a calculation produced no number. "
                        "Look for missing values before you compute.")
            in_unit = f" in {self.unit}" if self.unit else ""
            return f"Expected a single number{in_unit}, but got {describe(value)}."
        if self.whole and number != int(number):
            return "Give a whole number."
        if (self.low is not None and number < self.low) or \
                (self.high is not None and number > self.high):
            if self.high is None:
                return f"Give a number of at least {self.low}."
            if self.low is None:
                return f"Give a number of at most {self.high}."
            return f"Give a number from {self.low} to {self.high}."
        return None


class Choice(Form):
    """One option of a list, as text (case and outer spaces ignored)."""

    def __init__(self, options: Iterable | Callable, *, normal: Callable = str.strip):
        self.options, self.normal = options, normal

    def problem(self, value):
        options = [str(o) for o in _options(self.options)]
        if not isinstance(value, str) or not value.strip():
            return (f"Answer with one of these, as text in quotes: {', '.join(options)}. "
                    f"You gave {describe(value)}.")
        if self.normal(value).casefold() not in {o.casefold() for o in options}:
            return f"'{value.strip()[:40]}' is not one of the options: {', '.join(options)}."
        return None


class Text(Form):
    """A short text of any content (a chart's mark or a channel's field)."""

    def problem(self, value):
        if not isinstance(value, str) or not value.strip():
            return f"Expected a short text, but got {describe(value)}."
        return None


class Truth(Form):
    """True or False."""

    def problem(self, value):
        return None if type(value) is bool else f"Give True or False, not {describe(value)}."


class Items(Form):
    """A list of items from a fixed set, each once: all of them in some order (``every``), or
    a selection (optionally in increasing order)."""

    def __init__(self, items: Iterable | Callable, *, item: str = "item", every: bool = True,
                 increasing: bool = False, starter: list | None = None, upper: bool = False):
        self.items, self.item, self.every, self.increasing = items, item, every, increasing
        self.starter, self.upper = starter, upper

    def normal(self, value) -> list:
        """The items as compared: text stripped (upper-cased if the items are letters)."""
        return [(v.strip().upper() if self.upper else v.strip()) if isinstance(v, str) else v
                for v in value]

    def problem(self, value):
        items = _options(self.items)
        example = ", ".join(repr(i) for i in items[:2])
        if not isinstance(value, list):
            return (f"Expected a list of {self.item}s, like [{example}], but got "
                    f"{describe(value)}.")
        if not value:
            return (f"The list is empty: put all {len(items)} {self.item}s in order."
                    if self.every else f"The list is empty: put in the {self.item}s you "
                                       "choose.")
        value = self.normal(value)
        unknown = [v for v in value if v not in items or type(v) is bool]
        if unknown:
            return (f"{describe(unknown[0])} is not one of the {self.item}s in this "
                    f"exercise ({', '.join(str(i) for i in items)}).")
        if len(set(value)) != len(value):
            return f"Each {self.item} should appear once; some appear twice."
        if self.every and len(value) != len(items):
            return f"You placed {len(value)} of the {len(items)} {self.item}s."
        if self.increasing and value != sorted(value):
            return f"List the {self.item}s in increasing order."
        return None


class Keys(Form):
    """A dictionary with given keys, each value of its own form."""

    def __init__(self, fields: dict, *, example: str):
        self.fields, self.example = fields, example

    def problem(self, value):
        if not isinstance(value, dict):
            return f"Give your answer as a dictionary, e.g. {self.example}."
        missing = [str(k) for k in self.fields if k not in value]
        if missing:
            return f"Your dictionary lacks: {', '.join(missing)}."
        for key, form in self.fields.items():
            if value[key] is None:
                return f"Fill in the entry {key!r}: it is still None."
            problem = form.problem(value[key])
            if problem:
                return f"{key}: {problem}"
        return None
