"""Shared code for the Russia–North Korea teaching module.

    import alliancebook as ab
    events = ab.load("events")          # a checked, typed table
    ab.show(events, ["date", "summary"])  # printed as a book table
    ab.check("treaty-order", answer)    # feedback on an exercise

Importing the package switches on the house chart theme and the offline chart renderer.
"""

from . import charts, codebook, maps
from .checks import check
from .data import DataError, data_dir, load, table_names
from .labels import relabel
from .tables import show
from .validate import validate_package

charts.enable()

__all__ = ["DataError", "charts", "check", "codebook", "maps", "data_dir", "load", "relabel",
           "show", "table_names", "validate_package"]
