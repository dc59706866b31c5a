"""Answer keys that the fact-checks of December 2026 found wrong, each pinned by a test.

A student who answers as the sources say must be told so. Each test below failed on the key as
it stood before the correction.
"""

from __future__ import annotations

import pytest

import alliancebook as ab
from alliancebook import checks
from alliancebook.exercises import verification


@pytest.fixture(autouse=True)
def _loaded():
    checks._load()


def _grades(forum: str) -> dict:
    un_veto, tass, post = verification.GRADED_SOURCES
    papers, openly = verification.GRADED_CLAIMS
    return {un_veto: "B", tass: "C", post: forum, papers: 2, openly: 4}


def test_an_anonymous_forum_post_is_f_as_the_doctrine_says():
    """FM 2-22.3: E is a source with a history of invalid information, F one with no basis to
    judge it. Anonymous forum posters have no record either way."""
    assert checks.check("verify-grade", _grades("F")).correct
    result = checks.check("verify-grade", _grades("E"))
    assert not result.correct and "no basis" in result.message


def test_f_is_refused_for_a_source_with_a_record():
    answer = _grades("F")
    answer[verification.GRADED_SOURCES[0]] = "F"
    result = checks.check("verify-grade", answer)
    assert not result.correct and "has a record" in result.message


# ----------------------------------------------------------------- arms-grade (NIS, 10 million)


def _nis_grade(reliability: str, credibility: int):
    return checks.check("arms-grade", {"reliability": reliability, "credibility": credibility})


def test_the_c_cap_is_named_as_the_books_house_rule_not_doctrine():
    """FM 2-22.3 does not grade a source by who runs it; capping governments at C is the
    codebook's own rule, and the feedback must say so."""
    accepted = _nis_grade("C", 3)
    assert accepted.correct and "house rule" in accepted.message
    assert "FM 2-22.3" in accepted.message
    refused = _nis_grade("B", 3)
    assert not refused.correct and "house rule" in refused.message


def test_credibility_5_is_refused_on_the_doctrines_own_definition():
    """FM 2-22.3: 5 is information not logical in itself and contradicted by other
    information. The NIS figure fits the container counts and the MSMT's ceiling, so 5 is
    refused, with the doctrine's reason rather than the codebook's wording for 4."""
    result = _nis_grade("C", 5)
    assert not result.correct
    assert "FM 2-22.3" in result.message and "not logical" in result.message
    assert all(_nis_grade("C", grade).correct for grade in (2, 3, 4))


# --- Attributions graded on the words, their substance on the evidence (audit V69-V75) ------


# attribution -> (verdict, credibility): "X said Y" is confirmed when the words are on record
# (the speaker's own record, or first-hand reports from two perspectives), corroborated when
# they rest on one outlet's account, a paraphrase or a closed briefing relayed by others.
# cl-042: Yonhap and AFP both quote the UN delegate first-hand (audit V71), so confirmed.
ATTRIBUTIONS = {
    "cl-039": ("confirmed", 1), "cl-040": ("corroborated", 2), "cl-042": ("confirmed", 1),
    "cl-043": ("confirmed", 1), "cl-044": ("corroborated", 2), "cl-045": ("corroborated", 2),
    "cl-050": ("confirmed", 1),
}
# attribution -> the substance row that holds what was said, with its verdict on the evidence
SUBSTANCE = {
    "cl-039": ("cl-071", "unverified", 3), "cl-040": ("cl-070", "refuted", 5),
    "cl-042": ("cl-070", "refuted", 5), "cl-043": ("cl-072", "refuted", 5),
    "cl-044": ("cl-073", "unverified", 3), "cl-045": ("cl-074", "unverified", 3),
    "cl-050": ("cl-075", "refuted", 5),
}


def _claims():
    return ab.load("claims").set_index("claim_id")


@pytest.mark.parametrize("claim_id", sorted(ATTRIBUTIONS))
def test_an_attribution_is_graded_on_whether_the_words_were_said(claim_id):
    row = _claims().loc[claim_id]
    assert row["level"] == "attribution"
    assert (row["verdict"], int(row["credibility"])) == ATTRIBUTIONS[claim_id]


@pytest.mark.parametrize("claim_id", sorted(SUBSTANCE))
def test_what_was_said_has_its_own_substance_row_graded_on_the_evidence(claim_id):
    claims = _claims()
    substance, verdict, credibility = SUBSTANCE[claim_id]
    row = claims.loc[substance]
    assert row["level"] == "substance" and row["kind"] == "fact"
    assert (row["verdict"], int(row["credibility"])) == (verdict, credibility)
    # split off one of the attributions it serves, and cited
    assert row["split_from"] in {a for a, (s, _, _) in SUBSTANCE.items() if s == substance}
    links = ab.load("claim_sources")
    assert (links["claim_id"] == substance).sum() >= 2
    # the substance rows come after the ledger's old last row
    assert substance > "cl-069"


def test_zelenskys_4000_is_dated_to_ramstein_not_to_a_later_summary():
    row = _claims().loc["cl-045"]
    assert str(row["claim_date"].date()) == "2025-01-09"
    cited = set(ab.load("claim_sources").query("claim_id == 'cl-045'")["source_id"])
    assert "pravda-ua-2025-01-09-zelensky-4000" in cited
    assert "politico-2025-04-28-nk-confirms-troops" not in cited


def test_the_un_missions_denial_cites_the_report_of_that_denial():
    links = ab.load("claim_sources").query("claim_id == 'cl-042'")
    origin = set(links.loc[links["attests"] == "origin", "source_id"])
    assert origin == {"kbs-2024-10-22-dprk-un-groundless"}
    assert "kbs-2024-10-25-putin-images-our-business" not in set(links["source_id"])


# --- Forecasts: an outcome, not a truth grade (audit V76, V77) ------------------------------

@pytest.mark.parametrize("claim_id, outcome", [("cl-006", "did_not_come_true"),
                                               ("cl-038", "came_true")])
def test_a_forecast_records_its_outcome_and_cannot_be_judged_true_or_false(claim_id, outcome):
    row = _claims().loc[claim_id]
    assert row["kind"] == "forecast"
    assert (row["verdict"], int(row["credibility"])) == (outcome, 6)


def test_the_median_wait_leaves_out_forecasts():
    """cl-038's outcome (new sanctions) is not a confirmation of a claim; without it the median
    over the student data is 48 days, not 46.5."""
    assert checks.check("verify-days", 48).correct
    assert not checks.check("verify-days", 46.5).correct


# --- The veto chain is a hypothesis (audit V29, V30) -----------------------------------------

def test_a_veto_chain_without_the_syndicated_copy_is_accepted_with_a_note():
    """Nothing shows that the page copied MENAFN (item B): its text is accurate and the page's
    wording echoes the Western framing AP reported. Record, wire, page is defensible."""
    result = checks.check("verify-trace-veto", ["D", "C", "A"])
    assert result.correct and "hypothesis" in result.message
    assert checks.check("verify-trace-veto", ["D", "C", "B", "A"]).correct


@pytest.mark.parametrize("chain", [["D"], ["C", "A"], ["D", "C"], ["D", "C", "B"],
                                   ["A", "C", "D"], ["D", "B", "C", "A"], ["C", "D", "A"]])
def test_veto_chain_feedback_never_tells_how_many_items_the_chain_has(chain):
    result = checks.check("verify-trace-veto", chain)
    assert not result.correct
    assert not any(ch.isdigit() for ch in result.message), result.message


# --- cl-022 traced to the original (audit V67) -------------------------------------------------

def test_ryders_words_are_confirmed_from_the_pentagons_own_transcript():
    row = _claims().loc["cl-022"]
    assert (row["verdict"], int(row["credibility"])) == ("confirmed", 1)
    sources = ab.load("sources").set_index("source_id")
    links = ab.load("claim_sources").query("claim_id == 'cl-022'").set_index("source_id")
    originals = [s for s in links.index if sources.loc[s, "url"].startswith(
        "https://www.defense.gov/News/Transcripts/")]
    assert len(originals) == 1 and links.loc[originals[0], "attests"] == "statement"
    # the forum post that quoted the transcript now points to it as its original
    assert sources.loc["maanpuolustus-2024-06-ryder-transcript", "original_id"] == originals[0]


# --- cl-055: the page's sentence is NK News's, with its context dropped (audit V45) ----------

def test_the_speculation_sentence_is_nk_news_s_and_mischaracterised_not_refuted():
    row = _claims().loc["cl-055"]
    assert (row["verdict"], int(row["credibility"])) == ("mischaracterised", 4)
    assert "NK News" in row["claimant"]
    cited = set(ab.load("claim_sources").query("claim_id == 'cl-055'")["source_id"])
    assert "nknews-2024-06-fact-check-no-troops-yet" in cited


# --- Kappa for ordered grades, with its uncertainty (audit V63) -------------------------------

def _page() -> str:
    from pathlib import Path

    return (Path(__file__).resolve().parents[1] / "book" / "verification.md").read_text(
        encoding="utf-8")


def _page_function(name: str) -> str:
    """The source of a function that a code cell of the verification page defines."""
    lines = _page().split("\n")
    start = lines.index(next(line for line in lines if line.startswith(f"def {name}(")))
    end = next(i for i in range(start + 1, len(lines))
               if lines[i] and not lines[i].startswith((" ", "\t")))
    return "\n".join(lines[start:end])


def test_the_page_teaches_weighted_kappa_with_the_right_values():
    """On the lab's twelve pairs: linear 0.75, quadratic 0.88 (unweighted 0.57 stays the
    exercise's answer); the interval is seeded; the page says the second coder is simulated."""
    import numpy as np

    namespace = {"np": np}
    exec(_page_function("weighted_kappa"), namespace)  # noqa: S102 - the book's own code
    ledger = _claims().loc[list(verification.PARTNER_CREDIBILITY), "credibility"]
    partner = list(verification.PARTNER_CREDIBILITY.values())
    kappa = namespace["weighted_kappa"]
    assert round(kappa(ledger, partner, 1), 2) == 0.75
    assert round(kappa(ledger, partner, 2), 2) == 0.88
    assert "second coder is simulated" in _page() and "default_rng(" in _page()


# --- Ledger rows the audit found wrong or imprecise on the record of the words ----------------

def test_no_kwang_chols_top_priority_is_in_the_readout_relay():
    """Lao Dong, the row's own source, relays RT's readout with No calling ties between the
    militaries a top priority (audit V78): the words are recorded, from one side."""
    row = _claims().loc["cl-004"]
    assert (row["verdict"], int(row["credibility"])) == ("corroborated", 2)


def test_kirbys_likely_is_confirmed_from_the_white_house_transcript():
    """The gaggle transcript of 25 Oct 2024 is the original (audit V10, V80)."""
    row = _claims().loc["cl-067"]
    assert (row["verdict"], int(row["credibility"])) == ("confirmed", 1)
    cited = set(ab.load("claim_sources").query("claim_id == 'cl-067'")["source_id"])
    urls = set(ab.load("sources").set_index("source_id").loc[sorted(cited), "url"])
    assert any("whitehouse.gov/briefing-room/press-briefings/2024/10/25/" in u for u in urls)


# ----------------------------------------------- sanctions-vintage and sanctions-segmented


def test_the_vintage_mean_uses_the_2010_revisions_of_2006_to_2008():
    """The BOK's 2009 estimate (June 2010) revised 2006 to -1.0, 2007 to -1.2 and 2008 to 3.1;
    with them the latest-vintage mean is +0.30, not the -0.10 of a table that lacked them."""
    assert checks.check("sanctions-vintage", 0.30).correct
    assert not checks.check("sanctions-vintage", -0.10).correct


def test_the_level_change_is_the_jump_in_the_break_year():
    """With years_after 0 in 2018, 'after' is 2018's distance from the 2009-2017 trend carried
    forward (-6.75); the old coding, with years_after 1 in 2018, gave a coefficient (-6.5) that
    was the gap at 2017, not the jump."""
    assert checks.check("sanctions-segmented", -6.75).correct
    assert not checks.check("sanctions-segmented", -6.5).correct


def test_constrain_is_a_defensible_coding_of_the_luxury_goods_ban():
    """The ban takes away gifts the leadership uses to keep officials loyal (Seoul's
    unification ministry, Oct 2023); reading it as constraint is defensible."""
    coding = {"condemnation_of_2012_launch": "signal", "luxury_goods_ban": "constrain",
              "refined_petroleum_cap": "constrain", "worker_repatriation": "constrain"}
    assert checks.check("sanctions-goals", coding).correct
# --- Single-source claims after the ledger gained sources (audit V56, V57, V79) ---------------

def test_the_single_source_count_follows_the_sources_found_for_putins_thanks():
    """Putin's thanks at the summit (cl-018) are now reported by ABC News as well as the Korea
    Herald and Sputnik, so only cl-004 and cl-023 rest on one evidence link: the key is 2."""
    assert checks.check("verify-single-source", 2).correct
    assert not checks.check("verify-single-source", 3).correct
    row = _claims().loc["cl-018"]
    assert (row["verdict"], int(row["credibility"])) == ("confirmed", 1)


def test_the_single_source_solution_names_what_the_claims_are():
    """Every single-source claim is an attribution; the solution says so and shows the level."""
    claims = _claims()
    links = ab.load("claim_sources")
    evidence = links[links["attests"] != "origin"].groupby("claim_id").size()
    page = claims[claims["in_case_article"] & ~claims["kind"].isin(["opinion", "framing"])]
    single = page[page.index.map(evidence).fillna(0) <= 1]
    assert sorted(single.index) == ["cl-004", "cl-023"]
    assert set(single["level"]) == {"attribution"}
    solution = _page().split("{solution-start} verify-single-source")[1].split("{solution-end}")[0]
    assert "attribution" in solution and "forecast" not in solution
    assert '"level"' in solution


# --- Dates and originals (audit V81, V09, V70, V75) -------------------------------------------

def test_the_nk_news_fact_check_is_dated_by_its_text_not_by_a_share_timestamp():
    row = _claims().loc["cl-023"]
    assert str(row["claim_date"].date()) == "2024-06-27"
    assert row["claim_date_precision"] == "week"
    assert "timestamp" in row["verdict_note"]


@pytest.mark.parametrize("claim_id", ["cl-040", "cl-042", "cl-050"])
def test_an_unreached_original_is_said_to_be_unreached(claim_id):
    assert "not reachable" in _claims().loc[claim_id, "verdict_note"]


def test_the_icd_203_copy_is_labelled_as_a_copy_in_the_page():
    page = " ".join(_page().split())
    assert "github-wesinator-icd203" in page
    assert "Federation of American Scientists" in page
    assert "nor the ODNI's own could be reached" in page


# --- Re-audit of arms and troops (R-troops-13/14, R-arms-1) -----------------------------------

def test_a_forecast_of_reinforcements_is_not_the_first_claim():
    """Zelensky's 1 Feb 2025 'could send 20,000 to 25,000 more' is a forecast, left out like
    Seoul's JCS forecasts; the government median is 24.5, not 29 (5 Feb) or 31 (1 Feb)."""
    assert checks.check("troops-median-confirmation", 24.5).correct
    for stale in (29, 31):
        assert not checks.check("troops-median-confirmation", stale).correct


def test_the_kbs_report_of_the_first_msmt_report_is_not_dated_before_it():
    """The report came out on Thursday 29 May 2025; KBS World's page cannot be of 23 May."""
    sources = ab.load("sources").set_index("source_id")
    assert "kbs-2025-05-23-msmt-first-report" not in sources.index
    row = sources.loc["kbs-2025-05-29-msmt-first-report"]
    assert str(row["date_published"].date()) == "2025-05-01"
    assert row["date_precision"] == "month"
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    for folder in ("book", "data", "src", "tests"):
        for path in (root / folder).rglob("*"):
            if path.is_file() and path.suffix in {".md", ".csv", ".py"} and \
                    path.name != "test_keys.py" and "audits" not in path.parts:
                text = path.read_text(encoding="utf-8")
                assert "kbs-2025-05-23-msmt-first-report" not in text, path
# --- Re-check of 2026-12-04 (R-ver-3, 10, 16, 17, 25, 32, 65) ----------------------------------

def test_a_veto_chain_straight_from_the_record_to_the_page_is_accepted():
    """The UN summary itself reports the Western charge the page echoes, so record -> page is a
    defensible hypothesis (R-ver-16); the feedback says AP's wording is the closer match."""
    result = checks.check("verify-trace-veto", ["D", "A"])
    assert result.correct
    assert "AP" in result.message and "closer match" in result.message
    assert not checks.check("verify-trace-veto", ["D", "B", "A"]).correct


def test_the_page_cites_an_ap_copy_that_carries_the_western_accusations():
    """AP's short first version (Local News 8) lacks the accusation; the updated story has it
    (R-ver-17), and the packet's wire item is that updated story."""
    sources = ab.load("sources").set_index("source_id")
    assert "wsbtv.com" in sources.loc["ap-wsbtv-2024-03-28-veto-western-accusations", "url"]
    assert "{src}`ap-wsbtv-2024-03-28-veto-western-accusations`" in _page()
    packets = ab.load("source_packets").set_index(["packet_id", "item"])
    wire = packets.loc[("veto", "C")]
    assert wire["source_id"] == "ap-wsbtv-2024-03-28-veto-western-accusations"
    assert "Western accusations" in wire["excerpt"]


def test_zakharovas_remark_names_both_relays_and_links_the_ria_one():
    """Not known only from ANSA: RIA Novosti's account, carried by ViewUS, has her answer
    Ukrainian and South Korean claims (R-ver-32)."""
    note = _claims().loc["cl-040", "verdict_note"]
    assert "Known only" not in note
    assert "RIA Novosti" in note and "ViewUS" in note and "ANSA" in note
    cited = set(ab.load("claim_sources").query("claim_id == 'cl-040'")["source_id"])
    assert "viewus-2024-10-23-zakharova-fake-news-ria" in cited
    row = _claims().loc["cl-040"]
    assert (row["verdict"], int(row["credibility"])) == ("corroborated", 2)


def _codebook() -> str:
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "book" / "appendix" / "codebook.md"
    return " ".join(path.read_text(encoding="utf-8").split())


def test_the_two_perspective_tests_are_labelled_house_rules_with_reasons():
    """Credibility 1's two perspectives, and one side of the war counting as one, are the
    book's rules, not FM 2-22.3's or STANAG 2511's (R-ver-10, R-ver-65)."""
    text = _codebook()
    assert "**Two perspectives for grade 1 (house rule).**" in text
    assert "**One side of the war counts as one perspective (house rule).**" in text
    assert "The reason: governments aligned in a war" in text
    assert "Anonymous publishers: D or F (house rule)." in text


_SIDES = [{"ukraine", "south_korea", "united_states", "japan", "united_kingdom", "eu", "nato"},
          {"russia", "dprk"}]


def test_no_confirmed_claim_rests_on_one_side_of_the_war_alone():
    """The codebook's house rule: perspectives on one side count as one, so a claim graded 1
    needs evidence from beyond that side."""
    from alliancebook.key import withheld

    claims = _claims()
    links = ab.load("claim_sources")
    links = links[links["attests"] != "origin"]
    side = ab.load("sources").set_index("source_id")["perspective"]

    def grade(claim_id):
        import pandas as pd

        value = claims.loc[claim_id, "credibility"]
        if pd.isna(value):
            try:
                value = withheld("claims", claim_id, "credibility")
            except KeyError:
                return None
        return int(value)

    one_sided = []
    for claim_id, rows in links.groupby("claim_id"):
        if claim_id in claims.index and grade(claim_id) == 1:
            seen = set(rows["source_id"].map(side))
            if any(seen <= members for members in _SIDES):
                one_sided.append(claim_id)
    assert one_sided == []
    assert grade("cl-060") == 2  # two governments on one side: stays at 2


def _page_cell(marker: str) -> str:
    """The code of the page's code cell that contains marker."""
    cells = _page().split("```{code-cell} ipython3\n")[1:]
    return next(cell.split("\n```")[0] for cell in cells if marker in cell)


def test_the_bootstrap_prose_gives_the_intervals_the_code_prints(capsys):
    """The page's own seeded bootstrap prints 0.50-0.93 (linear) and 0.71-0.97 (quadratic);
    the prose gives both and calls the lower ends moderate and substantial (R-ver-25)."""
    import numpy as np
    import pandas as pd

    ledger = _claims().loc[list(verification.PARTNER_CREDIBILITY), "credibility"]
    pair = pd.DataFrame({"ledger": ledger.astype(int),
                         "partner": pd.Series(verification.PARTNER_CREDIBILITY)})
    namespace = {"np": np, "pd": pd, "pair": pair}
    exec(_page_cell("def weighted_kappa("), namespace)  # noqa: S102 - the book's own code
    capsys.readouterr()
    exec(_page_cell("default_rng(2026)"), namespace)  # noqa: S102
    printed = capsys.readouterr().out
    assert "linear weights: 95% bootstrap interval 0.50 to 0.93" in printed
    assert "quadratic weights: 95% bootstrap interval 0.71 to 0.97" in printed
    prose = " ".join(_page().split())
    assert "0.50 to 0.93 with linear weights and 0.71 to 0.97 with quadratic" in prose
    assert "modest" not in prose.split("bootstrap interval")[-1].split("## Writing")[0]


def test_the_single_source_solution_says_what_cl_023s_one_link_is():
    """cl-023's only evidence link is a KBS report on later events; NK News's page is its
    origin (R-ver-3)."""
    solution = _page().split("{solution-start} verify-single-source")[1].split("{solution-end}")[0]
    assert "linked to one record of them" not in solution
    assert "`origin`" in solution
    links = ab.load("claim_sources").query("claim_id == 'cl-023'").set_index("source_id")
    assert links.loc["nknews-2024-06-fact-check-no-troops-yet", "attests"] == "origin"
    assert list(links[links["attests"] != "origin"].index) == [
        "kbs-2024-10-18-nis-1500-special-forces"]


# ----------------------------------------------- sanctions-monthly-break (issue 22)

def _monthly_break_from_csv() -> dict:
    """The March 2017 level change and its Newey-West interval, recomputed from the CSV alone
    with numpy least squares and a hand-written Bartlett-kernel covariance: a second code path
    beside the key's statsmodels fit."""
    import csv
    import math

    import numpy as np
    from scipy import stats

    from conftest import ROOT

    with (ROOT / "data" / "china_dprk_monthly_trade.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["flow"] == "imports_from_dprk"
                and r["value_usd_thousands"] and r["month"] <= "2019-12"]
    months = [(int(r["month"][:4]), int(r["month"][5:7])) for r in rows]
    y = np.log([float(r["value_usd_thousands"]) for r in rows])
    t = np.array([(year - 2014) * 12 + month - 1 for year, month in months], float)
    since = t - ((2017 - 2014) * 12 + 2)                       # March 2017
    quarters = [(month - 1) // 3 + 1 for _, month in months]
    x = np.column_stack([np.ones_like(y), t, since >= 0, np.clip(since, 0, None)]
                        + [[q == season for q in quarters] for season in (2, 3, 4)]).astype(float)
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    scores = x * (y - x @ beta)[:, None]
    n, k = x.shape
    lags = math.floor(4 * (n / 100) ** (2 / 9))
    meat = scores.T @ scores
    for lag in range(1, lags + 1):
        cross = scores[lag:].T @ scores[:-lag]
        meat += (1 - lag / (lags + 1)) * (cross + cross.T)
    bread = np.linalg.inv(x.T @ x)
    se = math.sqrt((bread @ meat @ bread)[2, 2] * n / (n - k))
    quantile = stats.t.ppf(0.975, n - k)
    pct = lambda v: (math.exp(v) - 1) * 100  # noqa: E731
    return {"change_pct": pct(beta[2]), "low_pct": pct(beta[2] - quantile * se),
            "high_pct": pct(beta[2] + quantile * se)}


def test_the_monthly_key_matches_an_independent_fit_from_the_csv():
    """The key (statsmodels, through the page's helpers) and a numpy fit from the CSV agree,
    and the checker accepts that answer and refuses one end converted the wrong way."""
    from alliancebook.key.sanctions import _monthly_break

    independent = _monthly_break_from_csv()
    key = _monthly_break()
    for name in key:
        assert abs(key[name] - independent[name]) < 0.05, (name, key, independent)
    # Pinned after the audit's data fixes (2014-05 and 2015-05 left empty) and the switch
    # from calendar-month to quarter effects: 38 months, -50.5% [-74.1, -5.6].
    assert {name: round(value, 1) for name, value in key.items()} == {
        "change_pct": -50.5, "low_pct": -74.1, "high_pct": -5.6}
    assert checks.check("sanctions-monthly-break", independent).correct
    symmetric = dict(independent, low_pct=2 * independent["change_pct"]
                     - independent["high_pct"])
    assert not checks.check("sanctions-monthly-break", symmetric).correct


def _icd_word_for(percent: float) -> str:
    """Recomputed here from the table: the ICD 203 band that holds a probability."""
    terms = ab.load("estimative_terms")
    icd = terms[terms["scale"] == "icd_203"]
    inside = icd[(icd["low"] < percent) & (percent < icd["high"])]
    assert len(inside) == 1, f"{percent}% is not strictly inside one ICD 203 band"
    return inside["term"].iloc[0]


def test_the_estimative_key_converts_odds_and_kents_words_into_icd_203():
    """Three to one on is 75%, one in forty 2.5%; Kent's 'almost certain' (87-99) shares 8
    points with 'very likely' (80-95) and 4 with 'almost certain' (95-99); his 'almost certainly
    not' (2-12) shares 7 with 'very unlikely' (5-20) and 3 with 'almost no chance' (1-5)."""
    terms = ab.load("estimative_terms").set_index(["scale", "term"])
    assert tuple(terms.loc[("kent_1964", "almost certain"), ["low", "high"]]) == (87, 99)
    assert tuple(terms.loc[("kent_1964", "almost certainly not"), ["low", "high"]]) == (2, 12)
    key = {"odds of three to one in favour": _icd_word_for(3 / 4 * 100),
           "a one-in-forty chance": _icd_word_for(1 / 40 * 100),
           "Kent: almost certain": "very likely",
           "Kent: almost certainly not": "very unlikely"}
    assert key["odds of three to one in favour"] == "likely"
    assert key["a one-in-forty chance"] == "almost no chance"
    assert checks.check("verify-estimative", key).correct
    other_names = {**key, "odds of three to one in favour": " Probable ",
                   "Kent: almost certain": "highly probable"}
    assert checks.check("verify-estimative", other_names).correct


def test_the_estimative_answer_is_not_the_methods_table_copied():
    """Copying Kent's word across as the same ICD 203 word is wrong, and the feedback says
    how many fit without naming the right word."""
    copied = {"odds of three to one in favour": "likely",
              "a one-in-forty chance": "almost no chance",
              "Kent: almost certain": "almost certain",
              "Kent: almost certainly not": "almost no chance"}
    result = checks.check("verify-estimative", copied)
    assert not result.correct and "2 of 4 fit" in result.message
    assert "very likely" not in result.message and "very unlikely" not in result.message


def _key_events():
    events = ab.load("events")
    return events, events[events["key_event"]]


def test_the_chart_key_wants_key_events_per_year_quarter_by_topic():
    import altair as alt

    from alliancebook.exercises import key_dates

    events, key = _key_events()
    right = alt.Chart(key).mark_bar().encode(x="yearquarter(date):O", y="count()",
                                             color="category:N")
    assert checks.check("key-dates-chart", key_dates.describe_chart(right)).correct
    sideways = alt.Chart(ab.relabel(key, headers=False)).mark_bar().encode(
        y=alt.Y("date:T", timeUnit="yearquarter"), x="count():Q", color="category")
    assert checks.check("key-dates-chart", key_dates.describe_chart(sideways)).correct
    wrong = {
        "every event": alt.Chart(events).mark_bar().encode(
            x="yearquarter(date):O", y="count()", color="category"),
        "quarters merged across years": right.encode(x="quarter(date):O"),
        "months": right.encode(x="yearmonth(date):O"),
        "points": right.mark_point(),
        "no colour": alt.Chart(key).mark_bar().encode(x="yearquarter(date):O", y="count()"),
        "sum of a field": right.encode(y="sum(key_event):Q"),
    }
    for name, chart in wrong.items():
        result = checks.check("key-dates-chart", key_dates.describe_chart(chart))
        assert not result.correct and result.attempted, name


def test_the_busiest_quarter_named_in_the_chart_solution_is_the_datas():
    """The solution names the last quarter of 2024 and its chapters in prose."""
    _, key = _key_events()
    quarters = key["date"].dt.to_period("Q").value_counts()
    assert list(quarters[quarters == quarters.max()].index.astype(str)) == ["2024Q4"]
    topics = set(key.loc[key["date"].dt.to_period("Q").astype(str) == "2024Q4", "category"])
    assert topics == {"sanctions", "troops", "treaty", "combat"}
