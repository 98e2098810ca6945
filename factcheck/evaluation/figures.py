"""The figures CI holds the engine to, from the three scores (reading, stories, detection);
their targets, and the floor: which figures are worse than it, and the floor raised to the
figures that improved on it."""

from __future__ import annotations

from .pairs import Evaluation
from .reading import Reading
from .stories import StoryScore


def figures(result: Evaluation, reading: Reading, stories: StoryScore) -> dict[str, float]:
    """The figures CI holds the engine to. Shares of flags are over all flags (1.0 / 0.0
    when there is none)."""
    flags = len(result.flags)
    required = result.required
    found = sum(result.found(pair) for pair in required)
    false_alarm_flags = len(result.flags_matching({"compatible"}))
    useful_flags = len(result.flags_matching({"contradiction", "ambiguous"}))
    return {
        "reading": round(reading.share, 4),
        "stories_precision": round(stories.precision, 4),
        "stories_recall": round(stories.recall, 4),
        "recall": round(found / len(required), 4) if required else 1.0,
        "flags_matching_share": round(useful_flags / flags, 4) if flags else 1.0,
        "false_alarm_share": round(false_alarm_flags / flags, 4) if flags else 0.0,
        "false_alarm_flags": false_alarm_flags,
        "cross_event_flags": len(result.cross_event_flags),
    }


# Figures where lower is better; every other figure is better higher. The floor holds the
# number of false-alarm flags, not only their share: cutting noise flags raises the share of
# the same (or fewer) false alarms, so a share alone would refuse an engine that is better on
# both counts. The share is held to its target.
LOWER_IS_BETTER = frozenset({"false_alarm_share", "false_alarm_flags", "cross_event_flags"})


TARGETS = {
    "recall": 0.9,
    "false_alarm_share": 0.05,
    "flags_matching_share": 0.8,
    "cross_event_flags": 0,
    "stories_precision": 0.95,
    "stories_recall": 0.95,
}


def below(measured: dict[str, float], bounds: dict[str, float]) -> list[str]:
    """The figures worse than their bound, each as a readable line."""
    worse = []
    for name, bound in bounds.items():
        if name not in measured:
            worse.append(f"{name}: not measured (bound {bound})")
            continue
        value = measured[name]
        if (value > bound) if name in LOWER_IS_BETTER else (value < bound):
            direction = "above" if name in LOWER_IS_BETTER else "below"
            worse.append(f"{name} {value} is {direction} {bound}")
    return worse


# Held at the target, not ratcheted: the share of false alarms among flags rises when
# noise flags are cut (the count of false alarms, `false_alarm_flags`, is ratcheted instead).
HELD_AT_TARGET = frozenset({"false_alarm_share"})


def raised_floor(floor: dict[str, float], measured: dict[str, float]) -> dict[str, float]:
    """The floor raised to every figure that improved on it; never lowered."""
    raised = dict(floor)
    for name, value in measured.items():
        if name in HELD_AT_TARGET:
            raised[name] = TARGETS[name]
        elif name not in raised:
            raised[name] = value
        elif name in LOWER_IS_BETTER:
            raised[name] = min(raised[name], value)
        else:
            raised[name] = max(raised[name], value)
    return raised
