"""The checked exercises of the chapter on the troops in Kursk: public names and answer forms
(graders: key/troops.py)."""

from __future__ import annotations

from .. import checks, forms

# Steps on the claim that North Korean troops were in Russia's war, scrambled (ids in
# data/deployment_timeline.csv). Two statements of 23 Oct 2024 are left out so no two tie.
ORDER_STEPS = [
    "ts-2025-04-26-gerasimov-acknowledges",
    "ts-2024-10-18-nis-confirms",
    "ts-2024-10-24-putin-non-answer",
    "ts-2024-10-10-peskov-fake-news",
    "ts-2025-04-28-cmc-acknowledges",
    "ts-2024-10-28-nato-confirms",
    "ts-2024-10-21-dprk-un-denial",
]

DIVERGENCE_DATE = "2024-12-23"

# The chapter's scale of confirmation, weakest first, and what each phrase requires of the
# timeline up to a given date. It says how far a claim had been confirmed, not how probable it
# was: the words of likelihood (ICD 203) are another tool, taught in the methods chapter.
SCALE = {
    "unconfirmed": "only claimed (and perhaps denied): no other body has supported or "
                   "confirmed it",
    "supported": "another body has supported it without confirming it",
    "confirmed once": "exactly one body other than the claimant's has confirmed it",
    "widely confirmed": "two or more bodies other than the claimant's have confirmed it, or "
                        "Moscow or Pyongyang has acknowledged it",
}
# The claims students grade, each as of a date.
LANGUAGE_CASES = {
    "troops_in_war": "2024-10-20",
    "reinforcements": "2025-03-01",
    "withdrawn": "2025-02-10",
}


def allowed_phrases() -> list[str]:
    """The phrases of the chapter's scale of confirmation, weakest first."""
    return list(SCALE)


checks.exercise("troops-read-chart", forms.Number("people"))
checks.exercise("troops-divergence", forms.Number(low=0.01, high=1000))
checks.exercise("troops-later-sum", forms.Number("people", whole=True))
checks.exercise("troops-order", forms.Items(ORDER_STEPS, item="step", starter=ORDER_STEPS))
checks.exercise("troops-median-confirmation", forms.Number("days"))
checks.exercise("troops-confirmation-scale", forms.Keys(
    {claim: forms.Choice(allowed_phrases) for claim in LANGUAGE_CASES},
    example="{'troops_in_war': 'confirmed once', ...}"))
