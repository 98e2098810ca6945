"""CI's evaluation figures and floor, as `evaluate_contradictions --floor` reads them."""

from factcheck.evaluation.figures import below, raised_floor


def test_below_reads_direction_of_each_figure():
    measured = {"recall": 0.5, "false_alarm_share": 0.1, "cross_event_flags": 0}
    assert below(measured, {"recall": 0.5, "false_alarm_share": 0.1}) == []
    assert below(measured, {"recall": 0.6}) == ["recall 0.5 is below 0.6"]
    assert below(measured, {"false_alarm_share": 0.05}) == ["false_alarm_share 0.1 is above 0.05"]
    assert below(measured, {"reading": 0.5}) == ["reading: not measured (bound 0.5)"]


def test_floor_is_raised_never_lowered():
    floor = {"recall": 0.5, "false_alarm_flags": 7}
    raised = raised_floor(floor, {"recall": 0.4, "false_alarm_flags": 5, "reading": 0.7})
    assert raised == {"recall": 0.5, "false_alarm_flags": 5, "reading": 0.7}


def test_false_alarm_share_stays_at_its_target_in_the_floor():
    assert raised_floor({"false_alarm_share": 0.05}, {"false_alarm_share": 0.01}) == {
        "false_alarm_share": 0.05
    }


def test_fewer_false_alarms_hold_the_floor_even_when_their_share_of_fewer_flags_rises():
    floor = {"false_alarm_flags": 7, "false_alarm_share": 0.05}
    cut_noise = {"false_alarm_flags": 3, "false_alarm_share": 0.0294}
    assert below(cut_noise, floor) == []
    assert below({"false_alarm_flags": 8, "false_alarm_share": 0.02}, floor) == [
        "false_alarm_flags 8 is above 7"
    ]
    assert raised_floor(floor, cut_noise)["false_alarm_flags"] == 3
