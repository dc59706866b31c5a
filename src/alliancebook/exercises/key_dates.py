"""The checked exercise on the page 'The partnership in key dates'."""

from __future__ import annotations

from .. import checks, forms

checks.exercise("key-dates-busiest-year", forms.Number(whole=True))
