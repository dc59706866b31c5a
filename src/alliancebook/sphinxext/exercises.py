"""Every exercise shows its label in its title, in both editions and in the handouts.

sphinx-exercise titles an exercise "Exercise 26" and keeps its label (``verify-rewrite``) as the
box's anchor only, so a student told to do ``verify-rewrite`` could not find it on the page. After
sphinx-exercise has numbered the exercises, this adds the label to each title, as code.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def _label_titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node

    for exercise in doctree.findall(lambda n: isinstance(n, (exercise_enumerable_node,
                                                             exercise_node))):
        label = exercise.get("label", "")
        first = exercise.children[0] if exercise.children else None
        title = first if isinstance(first, nodes.title) else None
        if not label or title is None or any("ab-exercise-label" in n.get("classes", [])
                                             for n in title.findall(nodes.inline)):
            continue
        title += nodes.inline("", " ", nodes.literal(label, label),
                              classes=["ab-exercise-label"])


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", _label_titles, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
