"""How each edition reads a page's MyST source (``alliancebook.edition.edition_text``)."""

from __future__ import annotations

import pytest
from conftest import notebook_pages

from alliancebook.edition import Edition, edition_text, student_text
from alliancebook.pages import toc_files, toc_without

PAGE = """# A page

Text for everyone.

```{only} student
Only students read this.
```

````{only} instructor
Only instructors read this.
```{note}
A nested note.
```
````

```{exercise}
:label: ex-1
Do it.
```

````{solution} ex-1
:class: dropdown
A model answer, with code:
```python
x = 1
```
````

```{code-cell} ipython3
answer = None
ab.check("ex-2", answer)
```

```{solution-start} ex-2
:class: dropdown
```

```{code-cell} ipython3
# One way to solve it
answer = 42
```

The gated solution's text.

```{solution-end}
```

## For instructors: a lesson plan

```{code-cell} ipython3
# a comment, not a heading
```

Plan text.

### A sub-section of it

More plan.

## After

The end.
"""


def test_student_edition_leaves_out_solutions_and_instructors_sections():
    text = student_text(PAGE)
    for gone in ("Only instructors", "A nested note", "model answer", "x = 1", "answer = 42",
                 "gated solution", "solution-end", "lesson plan", "not a heading",
                 "Plan text", "More plan"):
        assert gone not in text, gone
    for kept in ("Text for everyone", "Only students read this.", "{exercise}", "Do it.",
                 "answer = None", "## After", "The end."):
        assert kept in text, kept
    assert "{only}" not in text


def test_instructor_edition_keeps_everything_but_the_students_blocks():
    text = edition_text(PAGE, Edition.INSTRUCTOR)
    assert "Only students" not in text and "{only}" not in text
    for kept in ("Only instructors read this.", "```{note}", "A model answer", "answer = 42",
                 "## For instructors: a lesson plan", "More plan"):
        assert kept in text, kept


@pytest.mark.parametrize("page", [
    ":::{solution} x\nSECRET\n:::\nAfter.\n",
    "`````{solution} x\n````{note}\nSECRET\n````\n```\nstill inside\n```\n`````\nAfter.\n",
    "- An item.\n  ```{solution} x\n  SECRET\n  ```\n- After.\n",
    "```{only} instructor\n::::{solution} x\nSECRET\n::::\n```\nAfter.\n",
])
def test_every_fence_form_of_a_solution_is_left_out(page):
    text = student_text(page)
    assert "SECRET" not in text and "still inside" not in text and "After." in text


@pytest.mark.parametrize("bad, message", [
    ("```{solution} x\nSECRET\n", "never closed"),
    ("- item\n  ````{only} student\n  ```\n  x\n", "never closed"),
    ("```{solution-start} x\n```\nopen\n", "never closed"),
    ("```{only} teachers\nx\n```\n", "takes 'student' or 'instructor'"),
])
def test_malformed_pages_are_refused_with_a_reason(bad, message):
    with pytest.raises(ValueError, match=message):
        student_text(bad)


def test_every_page_reads_in_both_editions():
    for path in notebook_pages():
        source = path.read_text(encoding="utf-8")
        student = student_text(source)
        assert edition_text(source, Edition.INSTRUCTOR).count("{exercise}") == \
            student.count("{exercise}") > 0, path.name
        assert "{solution" not in student, path.name


def test_the_student_toc_drops_the_instructors_pages():
    toc = {"format": "jb-book", "root": "book/index", "parts": [
        {"caption": "Chapters", "chapters": [{"file": "book/arms"}]},
        {"caption": "For instructors", "chapters": [{"file": "book/instructors/index"},
                                                    {"file": "book/instructors/plans"}]},
        {"caption": "Mixed", "chapters": [{"file": "book/appendix/data", "sections": [
            {"file": "book/instructors/key"}]}]}]}
    pruned = toc_without(toc, ["book/instructors/*"])
    assert toc_files(pruned) == ["book/index", "book/arms", "book/appendix/data"]
    assert [part["caption"] for part in pruned["parts"]] == ["Chapters", "Mixed"]
    assert "sections" not in pruned["parts"][1]["chapters"][0]
