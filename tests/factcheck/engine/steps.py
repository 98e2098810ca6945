"""Work counted in steps (Python and C function calls, seen by a profile hook) instead of
seconds: the count of a given input is the same on an idle machine and on a loaded one, so a
test can bound how the engine's work grows without asserting on the clock. Speed itself is
measured in bench/."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any


class StepBudgetExceeded(AssertionError):
    """The code under test made more calls than its budget: it runs away (a hang)."""


@contextlib.contextmanager
def counting_steps(budget: int | None = None) -> Iterator[list[int]]:
    """Count the calls made inside the block (`counted[0]`); with a budget, fail as soon as
    it is exceeded rather than hang."""
    counted = [0]

    def hook(frame, event: str, arg: Any) -> None:
        if event in ("call", "c_call"):
            counted[0] += 1
            if budget is not None and counted[0] > budget:
                sys.setprofile(None)
                raise StepBudgetExceeded(f"more than {budget} calls")

    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        yield counted
    finally:
        sys.setprofile(previous)


def steps(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> int:
    """How many calls `fn(*args, **kwargs)` makes, once its caches are warm (a first run
    fills them, so that the count is that of the work the input asks for)."""
    fn(*args, **kwargs)
    with counting_steps() as counted:
        fn(*args, **kwargs)
    return counted[0]
