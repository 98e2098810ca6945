"""Figures of one sentence: count mentions turned into measured, scoped intervals.

The reading is split by job: `sentence` (the pipeline), `mention` (one mention read whole),
`subject` (who is counted), `events` (what happened to them, running tolls), `agents` (who
caused it), `parts` (parts, wholes, breakdowns, restatements), `scoping` (place and period)
and `grammar` (the small word sets they share).
"""

from .sentence import sentence_figures

__all__ = ["sentence_figures"]
