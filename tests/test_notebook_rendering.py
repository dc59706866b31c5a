"""The notebook rendering of each page (alliancebook.notebooks): what Binder, a JupyterHub, the
download button and the student edition open. No MyST left raw, citations readable and linked,
solutions folded or absent, a first cell that says where the reader is and what the notebook
needs; and the addresses it links to, derived from _config.yml."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import nbformat
import pandas as pd
import pytest

from alliancebook import colab, launch, notebooks
from alliancebook.edition import Edition
from conftest import ROOT, notebook_pages

CONF = launch.book_settings(ROOT, Edition.INSTRUCTOR)


def _docname(source) -> str:
    return source.relative_to(ROOT).with_suffix("").as_posix()


def _render(source, edition=Edition.INSTRUCTOR):
    return notebooks.render(source, _docname(source), CONF, edition)


def _page(text: str, edition: Edition = Edition.INSTRUCTOR) -> str:
    page = notebooks._Page("book/x", CONF, edition, {}, {})
    return notebooks.markdown(page, text)


def _markdown_cells(*sources: str):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(s) for s in sources])


def test_markup_check_catches_planted_myst():
    """The check every rendering must pass can fail: each kind of raw MyST is reported."""
    clean = _markdown_cells("Signed [[KCNA, 20 Jun 2024](https://x/y.html#src-a)].",
                            "```python\nx = 1\n```", "> **Exercise `ex`**")
    assert notebooks.raw_myst(clean) == []
    planted = {"role": "Signed {src}`kcna-2024-06-20-treaty-text`.",
               "fence": "```{admonition} In this chapter\nText.\n```",
               "colon fence": ":::{note}\nText.\n:::",
               "option": "> **Tip**\n:class: dropdown",
               "target": "(treaty-article-4)=",
               "cross-reference": "See {ref}`treaty-article-4`.",
               "definition": "Trigger\n: What sets a clause off."}
    for kind, text in planted.items():
        assert notebooks.raw_myst(_markdown_cells(text)), f"missed a planted {kind}"


@pytest.mark.parametrize("edition", list(Edition), ids=lambda e: e.value)
@pytest.mark.parametrize("source", notebook_pages(), ids=lambda p: p.stem)
def test_rendering_leaves_no_raw_myst(source, edition):
    rendering = _render(source, edition)
    nbformat.validate(rendering)
    assert notebooks.raw_myst(rendering) == []
    text = "\n".join(c.source for c in rendering.cells if c.cell_type == "markdown")
    assert "{code-cell}" not in text and "{solution" not in text
    assert all(not c.outputs for c in rendering.cells if c.cell_type == "code")


@pytest.mark.parametrize("source", notebook_pages(), ids=lambda p: p.stem)
def test_citations_are_numbered_notes_with_publisher_and_date_on_hover(source):
    """Each cited source has one number: its links show publisher and date on hover and go to
    its source-list entry, and the Notes cell at the end lists it once, in order."""
    from alliancebook.citing import registry, short_label

    page = source.read_text(encoding="utf-8")
    cited = [i.strip() for ids in re.findall(r"\{src\}`([^`]+)`", page) for i in ids.split(";")]
    rendering = _render(source)
    text = "\n".join(c.source for c in rendering.cells[:-1])
    base = f"{CONF.site}{notebooks.SOURCE_LIST}.html#src-"
    numbered = re.findall(r'\[(\d+)\]\((\S+?) "((?:[^"\\]|\\.)*)"\)', text)
    by_id = {url.rsplit("#src-", 1)[1]: (int(n), hover) for n, url, hover in numbered}
    assert set(cited) == set(by_id)
    assert all(url.startswith(base) for _, url, _ in numbered)
    assert sorted(n for n, _ in by_id.values()) == list(range(1, len(by_id) + 1))
    for sid, (n, hover) in by_id.items():
        assert hover.replace("\\", "") == short_label(registry()[sid]).replace("\\", "")
    notes = rendering.cells[-1].source
    assert notes.startswith("## Notes")
    listed = re.findall(r"^(\d+)\. .*\(" + re.escape(base) + r"([\w-]+)\)$", notes, re.M)
    assert [(int(n), sid) for n, sid in listed] == sorted((n, s) for s, (n, _) in by_id.items())
    assert not re.search(r"\]\((?!https?://|#)[^)]*\.md", text), "a link to a .md file is left"


@pytest.mark.parametrize("source", notebook_pages(), ids=lambda p: p.stem)
def test_solutions_folded_or_left_out(source):
    folded, student = _render(source), _render(source, Edition.STUDENT)
    code = lambda nb: [c.source for c in nb.cells if c.cell_type == "code"   # noqa: E731
                       and colab.TAG not in c.metadata.get("tags", [])]  # the setup cell
    import jupytext

    assert code(folded) == code(jupytext.read(source)), "the code differs from the page's"
    hidden = [c for c in folded.cells if "solution" in c.metadata.get("tags", [])]
    if "{solution-start}" in source.read_text(encoding="utf-8"):   # solutions with code
        assert hidden, "a page with exercises should have solution code"
    for cell in hidden:
        assert cell.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
        assert cell.source not in code(student)
    assert notebooks.peeking_solutions(folded) == []
    labels = re.findall(r"^:label: (\S+)", source.read_text(encoding="utf-8"), re.M)
    folded_text = "\n".join(c.source for c in folded.cells)
    student_text = "\n".join(c.source for c in student.cells)
    for label in labels:
        assert f"> **Exercise `{label}`**" in folded_text
        assert f"> **Exercise `{label}`**" in student_text
        assert f"<summary>Solution to exercise <code>{label}</code>" in folded_text
    assert "Solution to exercise" not in student_text
    assert not [c for c in student.cells if "solution" in c.metadata.get("tags", [])]


@pytest.mark.parametrize("edition", list(Edition), ids=lambda e: e.value)
@pytest.mark.parametrize("source", notebook_pages(), ids=lambda p: p.stem)
def test_first_cell_says_where_the_reader_is_and_what_it_needs(source, edition):
    first = _render(source, edition).cells[0]
    title = re.search(r"^# (.+)$", source.read_text(encoding="utf-8"), re.M).group(1)
    assert first.cell_type == "markdown" and first.source.startswith(f"# {title}\n")
    assert f"({CONF.site}{_docname(source)}.html)" in first.source
    assert "Run All Cells" in first.source
    if edition.solutions:  # where to go to try the exercises without the solutions running
        assert f"`{launch.notebook_path(_docname(source), Edition.STUDENT)}`" in first.source
    assert "`data/`" in first.source and "`alliancebook`" in first.source
    opens = launch.notebook_path(_docname(source), edition)
    assert f"git clone {CONF.repo}.git" in first.source
    assert "pip install -r requirements.txt" in first.source
    assert first.source.rstrip("`\n").endswith(f"jupyter lab {opens}")
    body = "\n".join(c.source for c in _render(source, edition).cells[1:]
                     if c.cell_type == "markdown")
    assert not re.search(r"^# ", body, re.M), "the title appears twice"


def test_folded_solution_code_must_start_with_a_comment():
    """JupyterLab previews the first line of a folded cell: a line of code would give it away."""
    cell = nbformat.v4.new_code_cell("answer = 2024\nab.check('ex', answer)",
                                     metadata={"tags": ["solution"]})
    notebook = nbformat.v4.new_notebook(cells=[cell])
    assert notebooks.peeking_solutions(notebook) == ["answer = 2024"]
    cell.source = "# One way to solve it\n" + cell.source
    assert notebooks.peeking_solutions(notebook) == []


def test_directives_become_quotes_and_folds():
    out = _page("```{admonition} In this notebook\n:class: tip\nLearn **this**.\n```\n\n"
                "````{admonition} Plan\n:class: dropdown\n\n```python\nx = 1\n```\n````\n\n"
                "```{exercise}\n:label: ex-1\n\nDo it.\n```\n\n"
                "```{solution} ex-1\n:class: dropdown\n\nThe answer.\n```\n\n"
                "Term\n: Its meaning.\n\n(a-target)=\n% a comment\n")
    assert "> **In this notebook**\n>\n> Learn **this**." in out
    assert "<details><summary>Plan</summary>\n\n```python\nx = 1\n```\n\n</details>" in out
    assert "> **Exercise `ex-1`**\n>\n> Do it." in out
    assert "<details><summary>Solution to exercise <code>ex-1</code></summary>" in out
    assert "**Term**: Its meaning." in out
    assert "a-target" not in out and "a comment" not in out
    student = _page("```{exercise}\n:label: ex-1\nDo it.\n```\n\n"
                    "```{solution} ex-1\n:class: dropdown\nThe answer.\n```\n", Edition.STUDENT)
    assert "Do it." in student and "The answer" not in student


def test_roles_and_page_links_become_links_to_the_site():
    page = notebooks._Page("book/x", CONF, Edition.INSTRUCTOR, {"s-1": {
        "publisher": "KCNA", "date_published": pd.Timestamp("2024-06-20"),
        "date_precision": "day"}}, {})
    out = notebooks.markdown(page, "See {doc}`the data <appendix/data>`, [dates](key-dates.md)"
                                   ", {ref}`the clause <art-4>` and {src}`s-1;s-2`.")
    assert f"[the data]({CONF.site}book/appendix/data.html)" in out
    assert f"[dates]({CONF.site}book/key-dates.html)" in out
    assert "the clause" in out and "art-4" not in out
    assert (f'[[1]({CONF.site}book/appendix/sources.html#src-s-1 "KCNA, 20 Jun 2024"), '
            "unknown source s-2]") in out


def test_site_address_follows_the_repository_unless_set():
    assert launch.site_url("https://github.com/Some-Org/teach-book") == \
        "https://some-org.github.io/teach-book/"
    assert launch.site_url("https://github.com/some-org/some-org.github.io") == \
        "https://some-org.github.io/"
    assert launch.site_url("https://github.com/o/r", "https://book.example.edu/nk") == \
        "https://book.example.edu/nk/"
    assert launch.site_url("https://gitlab.com/o/r") == ""
    assert CONF.site == launch.site_url(CONF.repo)


def test_hub_link_pulls_the_repository_and_opens_the_rendering():
    link = launch.hub_link(CONF, "book/treaty", Edition.STUDENT)
    url = urlparse(link)
    assert f"{url.scheme}://{url.netloc}" == launch.HUB_PLACEHOLDER
    assert url.path == "/hub/user-redirect/git-pull"
    query = parse_qs(url.query)
    name = CONF.repo.rsplit("/", 1)[1]
    assert query == {"repo": [CONF.repo], "branch": ["main"],
                     "urlpath": [f"lab/tree/{name}/notebooks/book/treaty.ipynb"]}
    hub = CONF._replace(hub="https://hub.example.edu")
    assert launch.hub_link(hub, "book/treaty", Edition.STUDENT).startswith(
        "https://hub.example.edu/hub/user-redirect/git-pull?")
    assert "notebooks/with-solutions/book/treaty.ipynb" in launch.hub_link(
        CONF, "book/treaty", Edition.INSTRUCTOR)


@pytest.mark.parametrize("edition", list(Edition), ids=lambda e: e.value)
@pytest.mark.parametrize("source", notebook_pages(), ids=lambda p: p.stem)
def test_repository_copy_is_current(source, edition):
    """notebooks/ (what nbgitpuller and a laptop open as cloned) is the page's rendering."""
    copy = ROOT / launch.notebook_path(_docname(source), edition)
    assert copy.is_file(), f"{copy.relative_to(ROOT)} is missing: run a build and commit it"
    assert copy.read_text(encoding="utf-8") == notebooks.text(_render(source, edition)), \
        f"{copy.relative_to(ROOT)} is out of date: run a build and commit it"
