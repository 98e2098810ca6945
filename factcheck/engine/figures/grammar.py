"""The small grammar sets several readers of the package share (sentence stops, clause
breaks, auxiliaries, transitive event verbs, nouns of foreigners), defined once here, and
`first_of`, the first token of a mention."""

from __future__ import annotations

from ..numbers import NumberMention

_STOP = {";", ".", "?", "!"}
_CLAUSE_BREAK = {";", "while", "whereas", "but"}
_AUX = {"were", "was", "have", "has", "had", "been", "be", "are", "is", "reportedly", "also"}
_TRANSITIVE = {
    "killed", "kill", "kills", "killing", "executed", "executing", "injuring", "wounding",
    "wounded", "injured", "displaced", "displacing", "arrested", "detained", "kidnapped",
    "abducted", "rescued", "evacuated", "affected", "destroyed", "damaged", "claimed", "buried",
}  # fmt: skip
_FOREIGN_NOUNS = {"foreigners", "expatriates", "foreign"}


def first_of(m: NumberMention) -> int:
    return m.q_i if m.q_i is not None else m.i
