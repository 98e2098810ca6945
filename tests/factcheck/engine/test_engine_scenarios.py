"""Detection scenarios written from common reporting patterns (all sentences are invented)."""

from __future__ import annotations

import datetime as dt

from factcheck.engine import ClaimRecord, detect, extract_claims, index_keys

D = dt.date


def run(*articles: tuple[str, dt.date | None]):
    """Extract each article, detect each claim against all earlier claims; return findings."""
    records: list[ClaimRecord] = []
    n = 0
    for doc, (text, published) in enumerate(articles):
        for c in extract_claims(text, published=published):
            records.append(ClaimRecord(n, c.facts, published, doc))
            n += 1
    out = []
    for i, rec in enumerate(records):
        keys = index_keys(rec.facts)
        cands = [r for r in records[:i] if index_keys(r.facts) & keys]
        out.extend(detect(rec, cands))
    return out


def kinds(findings) -> list[str]:
    return sorted(f.kind for f in findings)


# ---------------------------------------------------------------- revisions and same source


def test_earthquake_toll_revised_upward_by_same_ministry():
    f = run(
        ("The health ministry said 1,200 people were killed in the earthquake.", D(2023, 2, 6)),
        (
            "The death toll from the earthquake has risen to 2,800, the health ministry said.",
            D(2023, 2, 8),
        ),
    )
    assert kinds(f) == ["revision"]
    assert "1,200" in f[0].explanation
    assert "2,800" in f[0].explanation
    assert "revision" in f[0].explanation
    assert f[0].explanation.index("1,200") < f[0].explanation.index("2,800")


def test_same_source_same_day_is_numeric():
    f = run(
        ("At least 40 people died in the fire, the fire service said.", D(2024, 1, 3)),
        ("The fire service said 25 people died in the fire.", D(2024, 1, 3)),
    )
    assert kinds(f) == ["numeric"]


def test_same_figure_twice_is_agreement():
    f = run(
        ("Police said 17 people were killed in the attack.", D(2024, 5, 1)),
        ("Seventeen people were killed in the attack, police said.", D(2024, 5, 1)),
    )
    assert f == []


def test_lower_bounds_are_compatible():
    f = run(
        ("More than 300 people have died since Friday, the monitor reported.", D(2024, 4, 8)),
        ("Over 450 people have died since Friday, according to the monitor.", D(2024, 4, 9)),
    )
    assert f == []


def test_toll_revised_within_one_sentence_keeps_new_figure():
    f = run(
        (
            "Officials raised the toll from 12 to 19 dead after more bodies were found.",
            D(2024, 1, 1),
        ),
        ("Officials said 19 people were dead.", D(2024, 1, 1)),
    )
    assert f == []


# ---------------------------------------------------------------- cross source


def test_two_monitors_incompatible_totals():
    f = run(
        (
            "About 500 people were killed over three days, according to the Iraqi Human "
            "Rights Commission (IHRC).",
            D(2024, 3, 4),
        ),
        (
            "The Baghdad Centre for Documentation said at least 900 people were killed "
            "over three days.",
            D(2024, 3, 4),
        ),
    )
    assert kinds(f) == ["cross_source"]
    assert "IHRC" in f[0].explanation


def test_approximate_figures_within_tolerance_agree():
    f = run(
        ("About 500 people were killed, according to the Red Cross.", D(2024, 3, 4)),
        ("The Red Crescent said 515 people were killed.", D(2024, 3, 4)),
    )
    assert f == []


def test_unattributed_pair_is_weak():
    f = run(
        ("Forty people died in the collapse.", D(2024, 3, 4)),
        ("Twelve people died in the collapse.", D(2024, 3, 5)),
    )
    assert kinds(f) == ["cross_source"]
    assert f[0].score < 0.5


def test_a_later_higher_exact_toll_from_another_source_is_flagged_as_a_revision_to_check():
    # engine 1.3: a running toll revised upwards is a disagreement a reviewer wants to see
    # (two exact figures for the same measure); a lower bound it satisfies is not
    f = run(
        ("Officials said 912 people died in the quake.", D(2023, 2, 6)),
        ("In all, 2,530 people have died in the quake, the rescue service said.", D(2023, 2, 8)),
    )
    assert kinds(f) == ["cross_source"]
    bound = run(
        ("Officials said more than 900 people died in the quake.", D(2023, 2, 6)),
        ("In all, 2,530 people have died in the quake, the rescue service said.", D(2023, 2, 8)),
    )
    assert bound == []
    g = run(
        ("Officials said 2,530 people died in the quake.", D(2023, 2, 6)),
        ("Only 912 people have died in the quake, the rescue service said.", D(2023, 2, 8)),
    )
    assert kinds(g) == ["cross_source"]


def test_attributed_scores_higher_than_unattributed():
    strong = run(
        ("Twelve people died in the collapse, the mayor's office said.", D(2024, 3, 4)),
        ("Forty people died in the collapse, according to the fire brigade.", D(2024, 3, 4)),
    )
    weak = run(
        ("Twelve people died in the collapse.", D(2024, 3, 4)),
        ("Forty people died in the collapse.", D(2024, 3, 4)),
    )
    assert strong
    assert weak
    assert strong[0].score > weak[0].score


# ---------------------------------------------------------------- measures


def test_dead_versus_missing_not_compared():
    f = run(
        ("At least 30 people died in the landslide, officials said.", D(2024, 7, 1)),
        ("Officials said 120 people were missing after the landslide.", D(2024, 7, 1)),
    )
    assert f == []


def test_casualties_may_include_wounded():
    f = run(
        ("The clashes caused more than 1,000 casualties, according to the monitor.", D(2024, 7, 1)),
        ("About 700 people were killed in the clashes, the network said.", D(2024, 7, 1)),
    )
    assert f == []


def test_killed_exceeding_casualties_is_flagged():
    f = run(
        ("The ministry counted 200 casualties in the bombing.", D(2024, 7, 1)),
        ("At least 350 people were killed in the bombing, the rescue service said.", D(2024, 7, 1)),
    )
    assert kinds(f) == ["cross_source"]


def test_part_exceeding_whole_is_flagged():
    f = run(
        ("A total of 80 people were killed in the fighting, the UN said.", D(2024, 7, 1)),
        ("At least 120 civilians were killed in the fighting, a rights group said.", D(2024, 7, 1)),
    )
    assert kinds(f) == ["cross_source"]


def test_whole_exceeding_part_is_fine():
    f = run(
        ("A total of 800 people were killed in the fighting, the UN said.", D(2024, 7, 1)),
        ("At least 120 civilians were killed in the fighting, the UN said.", D(2024, 7, 1)),
    )
    assert f == []


def test_parts_listed_with_including_are_consistent():
    f = run(
        (
            "At least 60 people were killed, including 22 children and 38 adults, the agency said. "
            "The agency later said 22 children were among the dead.",
            D(2024, 7, 1),
        ),
    )
    assert f == []


def test_agent_narrowed_figure_is_not_the_total():
    f = run(
        (
            "At least 90 civilians were killed by government forces, the network said.",
            D(2024, 7, 1),
        ),
        ("The observatory said 400 civilians were killed.", D(2024, 7, 1)),
    )
    assert f == []


def test_children_are_part_of_people():
    f = run(
        ("Nine people died when the school roof collapsed, police said.", D(2024, 7, 1)),
        (
            "Fourteen children died when the school roof collapsed, the governor said.",
            D(2024, 7, 1),
        ),
    )
    assert kinds(f) == ["cross_source"]


# ---------------------------------------------------------------- scope


def test_city_versus_country():
    f = run(
        (
            "Nationwide, at least 95 people have died in the floods, the disaster agency said.",
            D(2024, 9, 2),
        ),
        ("In Valencia, 60 people died in the floods, the regional government said.", D(2024, 9, 2)),
    )
    assert f == []


def test_city_exceeding_country_is_flagged():
    f = run(
        ("Nationwide, 40 people have died in the floods, the disaster agency said.", D(2024, 9, 2)),
        ("In Valencia, 60 people died in the floods, the regional government said.", D(2024, 9, 2)),
    )
    assert kinds(f) == ["cross_source"]


def test_two_towns_not_compared():
    f = run(
        ("Floods killed 12 people in Derna, officials said.", D(2024, 9, 2)),
        ("Floods killed 30 people in Sousse, officials said.", D(2024, 9, 2)),
    )
    assert f == []


def test_two_separate_flood_events_on_different_days():
    f = run(
        (
            "Flash floods on Monday killed 8 people in the north, the civil defence said.",
            D(2024, 10, 2),
        ),
        ("Another flood on Saturday killed 21 people, the civil defence said.", D(2024, 10, 6)),
    )
    assert f == []


def test_weekend_subset_of_whole_offensive():
    f = run(
        ("The monitor said 900 civilians have been killed since Thursday.", D(2024, 3, 10)),
        ("Around 140 civilians were killed over the weekend, witnesses said.", D(2024, 3, 10)),
    )
    assert f == []


def test_different_periods_not_compared():
    f = run(
        (
            "At least 500 fighters were killed since the campaign began in late December, "
            "the group said.",
            D(2025, 3, 10),
        ),
        ("About 120 fighters were killed since Thursday, the group said.", D(2025, 3, 10)),
    )
    assert f == []


# ---------------------------------------------------------------- figures


def test_ranges_overlapping_agree():
    f = run(
        ("Between 100 and 300 people were killed, the agency said.", D(2024, 1, 1)),
        ("The agency said 250 people were killed.", D(2024, 1, 1)),
    )
    assert f == []


def test_range_versus_outside_figure():
    f = run(
        ("Between 100 and 300 people were killed, the agency said.", D(2024, 1, 1)),
        ("The agency said 500 people were killed.", D(2024, 1, 1)),
    )
    assert kinds(f) == ["numeric"]


def test_nearly_and_up_to():
    f = run(
        ("Nearly 200 people were killed, the ministry said.", D(2024, 1, 1)),
        ("The ministry said up to 250 people were killed.", D(2024, 1, 1)),
    )
    assert f == []
    g = run(
        ("Nearly 200 people were killed, the ministry said.", D(2024, 1, 1)),
        ("The ministry said 260 people were killed.", D(2024, 1, 1)),
    )
    assert kinds(g) == ["numeric"]


def test_number_words():
    f = run(
        ("Two dozen people died in the blaze, firefighters said.", D(2024, 1, 1)),
        ("Firefighters said 60 people died in the blaze.", D(2024, 1, 1)),
    )
    assert kinds(f) == ["numeric"]


def test_hundreds_is_only_a_lower_bound():
    f = run(
        ("The fighting left hundreds dead.", D(2024, 1, 1)),
        ("More than 1,400 people were killed, the monitor said.", D(2024, 1, 1)),
    )
    assert f == []


def test_years_durations_and_ages_are_not_counts():
    f = run(
        (
            "The 13-year war ended in 2024 after five decades of rule, when 12 children "
            "aged 5 died.",
            D(2024, 12, 20),
        ),
        (
            "The conflict began in 2011 and lasted over 50 years for some, and 300 children died.",
            D(2024, 12, 20),
        ),
    )
    for finding in f:
        assert "2011" not in finding.explanation
        assert "2024" not in finding.explanation


def test_denial_of_a_figure_attributed_to_a_source():
    f = run(
        ("At least 2,000 people died, according to the observatory.", D(2024, 2, 1)),
        ("The observatory denied that 2,000 people had died.", D(2024, 2, 1)),
    )
    assert f
    assert f[0].kind in ("numeric", "revision")
    assert "den" in f[0].explanation


def test_competing_count_in_same_article():
    f = run(
        (
            "A farmer said four people were shot dead in Kfar Tala on Sunday.\n"
            "Other sources put the death toll at 19 in Kfar Tala.",
            D(2024, 6, 3),
        ),
    )
    assert kinds(f) == ["cross_source"]


def test_means_of_killing_make_a_narrower_measure():
    f = run(
        ("At least 40 people were killed in the town, the monitor said.", D(2024, 1, 1)),
        ("The rescue service said 25 people died in air strikes on the town.", D(2024, 1, 1)),
    )
    assert f == []
    g = run(
        ("At least 40 people were killed in the town, the monitor said.", D(2024, 1, 1)),
        ("The rescue service said 25 people died in the town.", D(2024, 1, 1)),
    )
    assert [x.kind for x in g] == ["cross_source"]


def test_two_nationalities_are_not_compared():
    f = run(
        ("About 1,200 Israelis were killed in the attack, officials said.", D(2024, 1, 1)),
        (
            "More than 37,000 Palestinians have been killed, the health ministry said.",
            D(2024, 1, 1),
        ),
    )
    assert f == []


def test_nationality_alone_is_the_whole_population():
    f = run(
        (
            "More than 6,000 Syrians have fled to Lebanon, the UN refugee agency said.",
            D(2025, 3, 12),
        ),
        ("The UN refugee agency said 2,500 people had fled to Lebanon.", D(2025, 3, 12)),
    )
    assert [x.kind for x in f] == ["numeric"]
