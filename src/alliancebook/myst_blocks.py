"""The fenced blocks of a MyST page, read by one parser: the one the book itself is built with.

Several parts of the package ask the same question of a page's source: where are its directive
blocks (```` ```{solution} ````, ``:::{only} student``, ```` ```{code-cell} ````…), what are
their names, arguments and options, what do they hold, and which lines do they take. Each used
to answer it with a scanner of its own, each with a slightly different idea of how a fence opens
and closes. This module answers it once, with ``markdown-it-py`` and its colon-fence plugin (the
parser under MyST-Parser), so that fence lengths (a ```` ```` ```` block holding a ```` ``` ````
one), colon fences, fences indented inside a list item and a fence left open are read as the
site build reads them.

:func:`blocks` gives the blocks of a text that no other block holds, each a :class:`Block` with
its line range in the text; a directive's body is parsed again for the blocks inside it
(``Block.children``), except for the directives whose body is code or data (``LITERAL``).
:func:`walk` gives every block, nested ones included, in the order they open. A directive that
is never closed is an error, since everything after it would silently become its body.
It depends on nothing else in the package (no Sphinx), so the core and the tests can use it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from functools import cached_property

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin

# Directives whose body is code, math or data, never Markdown: not parsed again for blocks.
LITERAL = frozenset({"code-cell", "code-block", "code", "sourcecode", "math", "raw",
                     "eval-rst", "csv-table", "list-table", "toctree", "literalinclude"})

_PARSER = MarkdownIt("commonmark").use(colon_fence_plugin)
_NAME = re.compile(r"^\{(?P<name>[\w:-]+)\}[ \t]*(?P<argument>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")


@dataclass
class Block:
    """One fenced block: a directive (``name`` set) or a plain code fence (``name`` None)."""

    name: str | None      # the directive's name, None for a plain code fence
    argument: str         # the rest of the opening line (a plain fence: its info string)
    options: dict         # the directive's options (``:key: value`` lines, or a --- block)
    content: str          # everything between the fences, options included, as one text
    body: str             # the content after the options
    start: int            # the opening fence's line (0-based, in the text given)
    end: int              # the line after the closing fence (after the block, if unclosed)
    body_start: int       # the line where the body begins
    markup: str           # the opening fence: ``` or ::: and longer ones
    closed: bool          # False if the text ended (or its container did) before a fence
    depth: int = 0        # how many blocks hold this one

    @cached_property
    def children(self) -> list[Block]:
        """The blocks inside a directive's body (none for plain fences and ``LITERAL`` ones)."""
        if self.name is None or self.name in LITERAL:
            return []
        return blocks(self.body, offset=self.body_start, depth=self.depth + 1)

    @property
    def body_lines(self) -> list[str]:
        """The body as lines (no lines for an empty body)."""
        return self.body.split("\n") if self.body else []

    @property
    def label(self) -> str:
        """The first word of the argument (a solution's exercise label), or ''."""
        return self.argument.split()[0] if self.argument.split() else ""


@functools.lru_cache(maxsize=1024)
def tokens(text: str) -> tuple:
    """The markdown-it tokens of a text (CommonMark with colon fences). Kept for texts read
    again (a page is read by the notebooks, the editions, the rubrics and the checks, often
    several times in one process): treat them as read-only."""
    return tuple(_PARSER.parse(text))


def options_and_body(content: str) -> tuple[dict, list[str], int]:
    """A directive's options, the lines of its body, and how many lines the options took."""
    lines = content.split("\n") if content else []
    options, taken = {}, 0
    if lines and lines[0].strip() == "---" and "---" in lines[1:]:
        end = lines.index("---", 1)
        options = dict(line.split(":", 1) for line in lines[1:end] if ":" in line)
        taken = end + 1
    while taken < len(lines) and _OPTION.match(lines[taken]):
        found = _OPTION.match(lines[taken])
        options[found["key"]] = found["value"]
        taken += 1
    return ({key.strip(): value.strip() for key, value in options.items()},
            lines[taken:], taken)


def block(token, offset: int = 0, depth: int = 0) -> Block:
    """The block of a ``fence`` or ``colon_fence`` token (its lines moved down by offset)."""
    first, after = token.map
    content = token.content[:-1] if token.content.endswith("\n") else token.content
    closed = token.content.count("\n") == after - first - 2
    found = _NAME.match(token.info.strip())
    if found is None:
        return Block(None, token.info.strip(), {}, content, content, offset + first,
                     offset + after, offset + first + 1, token.markup, closed, depth)
    options, body, taken = options_and_body(content)
    name = found["name"]
    if not closed:
        raise ValueError(f"line {offset + first + 1}: the {{{name}}} block opened there is "
                         f"never closed by a {token.markup} line")
    return Block(name, found["argument"].strip(), options, content, "\n".join(body),
                 offset + first, offset + after, offset + first + 1 + taken, token.markup,
                 closed, depth)


def blocks(text: str, *, offset: int = 0, depth: int = 0) -> list[Block]:
    """The fenced blocks of a text that no other block holds, in page order."""
    return [block(token, offset, depth) for token in tokens(text)
            if token.type in {"fence", "colon_fence"} and token.map]


def walk(text: str):
    """Every fenced block of a text, the ones inside directives too, in the order they open."""
    def down(found):
        for each in found:
            yield each
            yield from down(each.children)
    yield from down(blocks(text))


def lines_inside(text: str) -> list[int]:
    """For each line of the text, how many blocks hold it (a fence line: the blocks around
    its block, not counting the block itself)."""
    depths = [0] * len(text.split("\n"))
    for each in walk(text):
        for line in range(each.start + 1, each.end - (1 if each.closed else 0)):
            depths[line] = max(depths[line], each.depth + 1)
    return depths
