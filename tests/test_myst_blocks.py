"""The one reader of a page's fenced blocks (``alliancebook.myst_blocks``): fence lengths, colon
fences, fences indented in a list, nesting, options and an unclosed directive."""

from __future__ import annotations

import pytest

from alliancebook.myst_blocks import blocks, lines_inside, walk

PAGE = """# Title

`````{only} instructor
````{solution} ex-1
:class: dropdown

Model answer.
```python
x = 1
```
````
`````

::::{admonition} Plan
---
class: tip
---
:::{note}
Inner.
:::
::::

- A list item:
  ```{only} student
  Indented.
  ```

```{code-cell} ipython3
:tags: [hide-input]
# not a heading
```
"""


def test_blocks_nest_by_fence_length_and_kind():
    top = blocks(PAGE)
    assert [(b.name, b.argument, b.start, b.end) for b in top] == [
        ("only", "instructor", 2, 12), ("admonition", "Plan", 13, 21),
        ("only", "student", 23, 26), ("code-cell", "ipython3", 27, 31)]
    [solution] = top[0].children
    assert (solution.name, solution.label, solution.options) == ("solution", "ex-1",
                                                                 {"class": "dropdown"})
    assert (solution.start, solution.end, solution.depth) == (3, 11, 1)
    assert solution.body.startswith("\nModel answer.")
    [code] = solution.children
    assert (code.name, code.argument, code.start, code.end) == (None, "python", 7, 10)
    assert top[1].options == {"class": "tip"} and top[1].children[0].name == "note"
    assert top[2].body == "Indented." and top[3].children == []
    assert [b.name for b in walk(PAGE)] == ["only", "solution", None, "admonition", "note",
                                            "only", "code-cell"]


def test_depth_of_each_line():
    depths = lines_inside(PAGE)
    assert depths[0] == 0 and depths[2] == 0 and depths[3] == 1 and depths[8] == 3
    assert depths[29] == 1


@pytest.mark.parametrize("text", ["```{solution} x\nopen\n", "::::{only} student\n:::\n",
                                  "- item\n  ```{note}\n  text\n- next\n"])
def test_an_unclosed_directive_is_an_error(text):
    with pytest.raises(ValueError, match="never closed"):
        list(walk(text))


def test_an_unclosed_code_fence_runs_to_the_end():
    [fence] = blocks("```python\nx = 1\n")
    assert fence.name is None and not fence.closed and fence.end == 2
