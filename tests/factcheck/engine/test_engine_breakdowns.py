"""A slice of one report's toll ("N of the dead were ...") above another report's toll is not
a dispute: the slice's own whole is the figure to compare (engine 1.4). Subjects such as
civilians above a whole toll still are one.

Every sentence is invented.
"""

from __future__ import annotations

import datetime as dt

from tests.factcheck.engine.pipeline import findings_across

DAY = dt.date(2025, 3, 12)


run = findings_across


def test_a_slice_of_the_dead_is_not_held_against_another_toll():
    assert (
        run(
            ("The toll from the storm stood at 45, the civil protection office said.", DAY),
            ("Firefighters said 52 of the dead were found in the lower town.", DAY),
        )
        == []
    )


def test_the_slices_own_whole_is_still_compared():
    findings = run(
        ("The toll from the storm stood at 45, the civil protection office said.", DAY),
        ("The storm killed 60 people; 52 of the dead were found in the lower town.", DAY),
    )
    assert [f.kind for f in findings] == ["cross_source"]
    assert findings[0].details["relation"] == "same"


def test_civilians_above_the_whole_toll_are_still_a_dispute():
    findings = run(
        ("The monitor said 300 people were killed in the clashes.", DAY),
        ("The rights group said 520 civilians were killed in the clashes.", DAY),
    )
    assert [f.details["relation"] for f in findings] in (["a_part_of_b"], ["b_part_of_a"])
