"""The student edition: every notebook page as a .ipynb without solutions and without outputs.

A solution is written either as a fenced `{solution}` directive (text only) or in the gated form,
`{solution-start}` … `{solution-end}` with code cells between them, which the build executes so
the page shows the checker accepting it. This module removes both forms: the gated markers and
everything between them, across cells, and any code cell tagged `solution`.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat

_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}")


def strip_solutions(markdown: str) -> str:
    """Remove every fenced {solution} block (its opening line to its matching closing fence)."""
    out: list[str] = []
    fence = None
    for line in markdown.splitlines(keepends=True):
        if fence is None:
            match = _OPEN.match(line)
            if match:
                fence = match.group("fence")
                continue
            out.append(line)
        elif line.strip().startswith(fence) and set(line.strip()) == {fence[0]} and len(line.strip()) >= len(fence):
            fence = None
    if fence is not None:
        raise ValueError(f"a {{solution}} block opened with {fence} is never closed")
    text = "".join(out)
    return re.sub(r"\n{3,}", "\n\n", text)


_DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z][\w-]*)\}[ \t]*(?P<args>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")


def directives_to_markdown(markdown: str) -> str:
    """Turn MyST directive blocks ({exercise}, {admonition}, …) into plain Markdown blockquotes,
    which any notebook tool displays; code fences are left as they are."""
    lines = markdown.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _DIRECTIVE.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        fence, name, args = match.group("fence"), match.group("name"), match.group("args").strip()
        options, body = {}, []
        i += 1
        while i < len(lines) and _OPTION.match(lines[i]):
            option = _OPTION.match(lines[i])
            options[option.group("key")] = option.group("value")
            i += 1
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i])
            i += 1
        i += 1  # the closing fence
        title = args or name.replace("-", " ").capitalize()
        if "label" in options:
            title = f"{title} `{options['label']}`" if args else f"{name.capitalize()} `{options['label']}`"
        out.append(f"> **{title}**")
        out.append(">")
        out.extend(f"> {line}".rstrip() for line in directives_to_markdown("\n".join(body)).splitlines())
    return "\n".join(out) + ("\n" if markdown.endswith("\n") else "")


def roles_to_markdown(markdown: str) -> str:
    """Write source citations ({src}`id`) as plain text a notebook tool can show."""
    return re.sub(r"\{src\}`([^`]+)`",
                  lambda m: "[source: " + "; ".join(p.strip() for p in m.group(1).split(";")) + "]", markdown)


def is_notebook_page(path: Path) -> bool:
    """True for a MyST Markdown page with a jupytext header (a notebook page)."""
    head = path.read_text(encoding="utf-8")[:400]
    return head.startswith("---") and "jupytext:" in head


_GATE = re.compile(r"^(`{3,}|:{3,})\{solution-(start|end)\}[^\n]*\n(?::[\w-]+:[^\n]*\n)*\1[ \t]*$",
                   re.M)


def split_gated(cells: list) -> list:
    """Drop the gated solutions: the markers and every cell or text between them."""
    kept, inside = [], False
    for cell in cells:
        if cell.cell_type != "markdown":
            if not inside:
                kept.append(cell)
            continue
        pieces, pos, text = [], 0, cell.source
        for match in _GATE.finditer(text):
            if not inside:
                pieces.append(text[pos:match.start()])
            inside = match.group(2) == "start"
            pos = match.end()
        if not inside:
            pieces.append(text[pos:])
        source = "".join(pieces).strip("\n")
        if source.strip():
            cell.source = source
            kept.append(cell)
    if inside:
        raise ValueError("a {solution-start} is never closed by {solution-end}")
    return kept


def student_notebook(path: Path) -> nbformat.NotebookNode:
    """The page as a notebook for students: no solutions, no outputs."""
    notebook = jupytext.read(path)
    cells = []
    for cell in split_gated(notebook.cells):
        if "solution" in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "markdown":
            cell.source = roles_to_markdown(directives_to_markdown(strip_solutions(cell.source)))
            if not cell.source.strip():
                continue
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    notebook.cells = cells
    notebook.metadata.pop("jupytext", None)
    return notebook
