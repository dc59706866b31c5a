"""The static chart pictures keep their text exactly and their geometry to a tenth of a pixel."""

from alliancebook.charts import _compact


def test_geometry_is_rounded_and_text_is_not():
    svg = ('<svg><path d="M1.23456,7.891011L2.5,3" transform="translate(10.0499,5)"/>'
           '<text x="12.3456" y="4.5678">fell 6.75 points, 95% CI -10.54 to -3.01</text></svg>')
    assert _compact(svg) == (
        '<svg><path d="M1.2,7.8L2.5,3" transform="translate(10.0,5)"/>'
        '<text x="12.3" y="4.5">fell 6.75 points, 95% CI -10.54 to -3.01</text></svg>')
