"""Shared code for the Russia–North Korea teaching module.

    import alliancebook as ab
    events = ab.load("events")

Importing the package switches on the house chart theme and the offline chart renderer.
"""

from . import charts, checks
from .data import DataError, data_dir, load, table_names, validate_package

charts.enable()

__all__ = ["DataError", "charts", "checks", "data_dir", "load", "table_names", "validate_package"]
