"""One notebook rendering per page, for Binder, JupyterHub, downloads and the student edition.

A page is MyST Markdown that JupyterLab would show raw. Its rendering is plain notebook Markdown:
admonitions as quotes or folded boxes, citations numbered as on the site (publisher and date
on hover, a Notes cell at the end, each note linked to the published source list), exercises
as marked quotes, solutions folded (`<details>` and hidden code cells) or, in the student
edition, left out, and code the site folds (``hide-input``) folded too. The first cell says
where the reader is, how to run it and what it needs.
``python -m alliancebook.notebooks`` writes them all.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import NamedTuple

import jupytext
import nbformat

from . import colab
from .answer_cells import with_answer_cells
from .citing import cite_markdown, notes_markdown, registry
from .edition import Edition, edition_text, expect
from .launch import Settings, book_settings, clone_command, notebook_path
from .myst_blocks import blocks
from .pages import notebook_pages
from .rubrics import written_solutions

SOURCE_LIST = "book/appendix/sources"   # the page holding the {source-list}
ADMONITIONS = {"admonition", "note", "tip", "hint", "important", "warning", "caution",
               "attention", "danger", "error", "seealso", "dropdown"}


# --- Markdown ------------------------------------------------------------------------------

_ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<body>[^`]*)`")
_LINK = re.compile(r"\]\((?!\w+:|#|/)(?P<path>[^)\s#]+?)\.(?:md|ipynb)(?P<anchor>#[^)\s]*)?\)")
_TARGET = re.compile(r"^\([\w.:-]+\)=\s*$")


class _Page(NamedTuple):
    docname: str
    conf: Settings
    edition: Edition
    sources: dict
    numbers: dict   # source id -> its note's number, in the order the page first cites it


def _site(page: _Page, docname: str, anchor: str = "") -> str:
    return f"{page.conf.site}{docname}.html{anchor}"


def _resolve(page: _Page, target: str) -> str:
    """A page-relative (or /-rooted) document name to a docname."""
    if target.startswith("/"):
        return target.strip("/")
    parts = page.docname.split("/")[:-1]
    for piece in target.split("/"):
        parts = parts[:-1] if piece == ".." else parts + ([piece] if piece != "." else [])
    return "/".join(parts)


def _source_url(page: _Page, sid: str) -> str:
    return _site(page, SOURCE_LIST, "#src-" + sid) if page.conf.site else ""


def _role(page: _Page, match: re.Match) -> str:
    name, body = match.group("name"), match.group("body")
    explicit = re.fullmatch(r"(?s)(?P<text>.+?)\s*<(?P<target>[^<>]+)>", body)
    text, target = (explicit["text"], explicit["target"]) if explicit else (body, body)
    if name == "src":
        return cite_markdown(body, page.sources, page.numbers,
                             lambda sid: _source_url(page, sid))
    if name == "doc":
        url = _site(page, _resolve(page, target.removesuffix(".md")))
        return f"[{text}]({url})" if page.conf.site else text
    if name == "math":
        return f"${body}$"
    return text


def _inline(page: _Page, line: str) -> str:
    """Roles and page links in one line of text."""
    line = _ROLE.sub(lambda m: _role(page, m), line)
    if page.conf.site:
        line = _LINK.sub(lambda m: "](" + _site(page, _resolve(page, m["path"]),
                                                m["anchor"] or "") + ")", line)
    return line


def _quote(lines: list[str]) -> list[str]:
    return [f"> {line}".rstrip() for line in lines]


def _fold(summary: str, lines: list[str]) -> list[str]:
    return [f"<details><summary>{summary}</summary>", "", *lines, "", "</details>"]


def _directive(page: _Page, name: str, args: str, options: dict, body: list[str]) -> list[str]:
    """A directive block as notebook Markdown."""
    inner = markdown(page, "\n".join(body)).split("\n")
    label = options.get("label", "")
    if name == "exercise":
        head = f"**Exercise `{label}`**" if label else "**Exercise**"
        return _quote([head + (f": {args}" if args else ""), "", *inner])
    if name == "solution":
        return _fold(f"Solution to exercise <code>{args}</code>", inner) \
            if page.edition.solutions else []
    if name in {"code-block", "code", "sourcecode"}:
        return [f"```{args}", *body, "```"]
    if name == "math":
        return ["$$", *body, "$$"]
    title = args or name.replace("-", " ").capitalize()
    if name in ADMONITIONS and (name == "dropdown" or "dropdown" in options.get("class", "")):
        return _fold(title, inner)
    return _quote([f"**{title}**", "", *inner])


def markdown(page: _Page, text: str) -> str:
    """MyST Markdown to plain notebook Markdown (code fences are left as they are)."""
    lines, out, i = text.split("\n"), [], 0
    starts = {block.start: block for block in blocks(text)}
    while i < len(lines):
        line = lines[i]
        block = starts.get(i)
        if block:
            i = block.end
            if block.name is None:   # a code fence, as written
                inside = lines[block.start + 1:block.end - (1 if block.closed else 0)]
                out += [line, *inside, line.strip()[:len(block.markup)]]
                continue
            out += _directive(page, block.name, block.argument, block.options,
                              block.body_lines)
        elif _TARGET.match(line) or re.match(r"^%( |$)", line):
            i += 1
        elif line.strip() and i + 1 < len(lines) and lines[i + 1].startswith(": "):
            out.append(f"**{_inline(page, line.strip())}**: "
                       + _inline(page, lines[i + 1][2:].strip()))
            i += 2
        else:
            out.append(_inline(page, line))
            i += 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def raw_myst(notebook) -> list[str]:
    """Lines of markdown cells that a notebook tool would show as raw MyST syntax."""
    pattern = re.compile(r"\{[\w:-]+\}`|^\s*(`{3,}|:{3,})\s*\{[\w:-]+\}|^\s*:[\w-]+:(\s|$)"
                         r"|^\s*\([\w.:-]+\)=\s*$|^: |\{\{[^}]*\}\}|\[\^\w+\]")
    return [f"cell {n}: {line.strip()}" for n, cell in enumerate(notebook.cells)
            if cell.cell_type == "markdown"
            for line in cell.source.split("\n") if pattern.search(line)]


def peeking_solutions(notebook) -> list[str]:
    """Folded solution code whose first line, which JupyterLab previews, is not a comment."""
    firsts = [c.source.split("\n")[0] for c in notebook.cells if c.cell_type == "code"
              and "solution" in c.metadata.get("tags", [])]
    return [line for line in firsts if line.strip() and not line.lstrip().startswith("#")]


# --- Cells ---------------------------------------------------------------------------------

def gated(cells: list) -> list[tuple]:
    """(cell, label of the gated solution it is in, or None), splitting markdown at the gates."""
    pieces, label = [], None
    for cell in cells:
        if cell.cell_type != "markdown":
            pieces.append((cell, label))
            continue
        lines, pos = cell.source.split("\n"), 0
        gates = [block for block in blocks(cell.source)
                 if block.name in {"solution-start", "solution-end"}]
        for gate in [*gates, None]:
            chunk = "\n".join(lines[pos:gate.start if gate else len(lines)]).strip("\n")
            if chunk.strip():
                pieces.append((nbformat.v4.new_markdown_cell(chunk, metadata=cell.metadata),
                               label))
            if gate:
                label = (gate.argument or "?") if gate.name == "solution-start" else None
                pos = gate.end
    if label is not None:
        raise ValueError("a {solution-start} is never closed by {solution-end}")
    return pieces


def _header(title: str, page: _Page) -> str:
    """The first cell: where the reader is, how to run the notebook, what it needs."""
    here = notebook_path(page.docname, page.edition)
    online = (f", which you can also [read online]({_site(page, page.docname)})"
              if page.conf.site else "")
    how = (f"[How to use this book]({_site(page, 'book/how-to-use')})" if page.conf.site
           else "*How to use this book*")
    folded = ("Solutions are folded under **Solution**: try first, then click to open one. "
              "*Run All Cells* runs them too, and JupyterLab then shows what they print: to "
              "try the exercises first, open the student edition, "
              f"`{notebook_path(page.docname, Edition.STUDENT)}` (what Binder opens)."
              ) if page.edition.solutions else "This student edition leaves the solutions out."
    return "\n".join([
        f"# {title}", "",
        f"**Where you are.** This notebook is a page of *{page.conf.title}*{online}.", "",
        "**How to run it.** Choose *Run → Run All Cells*, or run one cell at a time from the top "
        "with Shift+Enter. An **Exercise** with a checker comes with a code cell: put your "
        f"answer where it says, run it, and the checker answers. {folded}", "",
        "**What it needs.** The book's data tables (`data/`) and its helper package "
        "(`alliancebook`). In Binder, on a JupyterHub that pulled the repository and in a copy "
        "of the repository they are already there. If you downloaded this file on its own, get "
        f"both with one command (macOS or Linux; for Windows see {how}), which opens this "
        "notebook in the copy:", "", "```bash", clone_command(page.conf, here), "```"])


def render(path: Path, docname: str, conf: Settings, edition: Edition):
    """A notebook page as the edition's notebook: readable Markdown, solutions folded (the
    instructor edition) or left out (the student edition)."""
    page = _Page(docname, conf, expect(edition), registry(), {})
    notebook = jupytext.reads(edition_text(Path(path).read_text(encoding="utf-8"), edition),
                              fmt="md:myst")
    cells, title, folded = [], docname.rsplit("/", 1)[-1], None
    for cell, label in gated(notebook.cells):
        label = label or ("?" if "solution" in cell.metadata.get("tags", []) else None)
        if label and not edition.solutions:
            continue
        if cell.cell_type == "markdown":
            heading = re.match(r"# (.+)\n*", cell.source) if not cells else None
            if heading:
                title, cell.source = heading.group(1).strip(), cell.source[heading.end():]
            cell.source = markdown(page, cell.source)
            if label:
                more = ", continued" if label == folded else ""
                cell.source = "\n".join(_fold(f"Solution to exercise <code>{label}</code>"
                                              + more, cell.source.split("\n")))
                folded = label
        elif label:
            if label != folded:  # a solution that opens with code: announce it first
                cells.append(nbformat.v4.new_markdown_cell("\n".join(_fold(
                    f"Solution to exercise <code>{label}</code>",
                    ["The solution is the folded code cell below."]))))
                folded = label
            cell.metadata.setdefault("jupyter", {}).update(source_hidden=True,
                                                           outputs_hidden=True)
            cell.metadata["tags"] = [*cell.metadata.get("tags", []), "solution"]
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if set(cell.metadata.get("tags", [])) & {"hide-input", "hide-cell"}:
                cell.metadata.setdefault("jupyter", {}).update(source_hidden=True)
        if cell.source.strip() or cell.cell_type == "code":
            cells.append(cell)
    written = {label for label, _ in written_solutions(Path(path).read_text(encoding="utf-8"))}
    cells = with_answer_cells(cells, written, _site(page, "book/rubrics"))
    if page.numbers:
        cells.append(nbformat.v4.new_markdown_cell(
            notes_markdown(page.sources, page.numbers, lambda sid: _source_url(page, sid))))
    header = nbformat.v4.new_markdown_cell(_header(title, page))
    notebook.cells = [header, *colab.cells(conf), *cells]   # colab: the setup cell
    for n, cell in enumerate(notebook.cells):   # stable ids: the files are committed
        cell.id = f"{n:03d}-" + hashlib.sha1(cell.source.encode()).hexdigest()[:8]
    notebook.metadata = {"kernelspec": notebook.metadata.get("kernelspec", {}),
                         "language_info": {"name": "python"}}
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    return notebook


def text(notebook) -> str:
    return nbformat.writes(notebook) + "\n"   # a notebook as the text written to disk


def write_all(root: Path, conf: Settings | None = None, *, out: Path | None = None,
              editions: tuple[Edition, ...] = tuple(Edition)) -> list[Path]:
    """Write each notebook page's rendering per edition (default both) under <out or
    root>/notebooks/, with links as conf gives them (default: the instructor edition's)."""
    conf, written = conf or book_settings(root, Edition.INSTRUCTOR), []
    for docname, path in notebook_pages(root):
        for edition in map(expect, editions):
            target = Path(out or root) / notebook_path(docname, edition)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text(render(path, docname, conf, edition)), encoding="utf-8")
            written.append(target)
    return written


if __name__ == "__main__":
    for done in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()):
        print(f"wrote {done}")
