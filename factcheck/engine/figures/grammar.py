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
    "infected", "infecting", "vaccinated", "vaccinating",
}  # fmt: skip
_FOREIGN_NOUNS = {"foreigners", "expatriates", "foreign"}
# what may follow a bare count noun that restates the count before ("the figure is now 41",
# "the official tally, given by the ministry, stands at", "This number included"); another
# noun ("the total budget is", "the number of schools") makes it a count of something else
_COUNT_NOUN_FOLLOWERS = frozenset(
    {
        ",", ";", ":", "(", "is", "was", "has", "had", "have", "now", "currently", "stand",
        "stands", "stood", "rose", "risen", "reached", "remain", "remains", "remained",
        "include", "includes", "included", "including", "may", "could", "would", "will",
        "might", "also", "only", "given", "released", "provided", "cited", "quoted", "put",
        "climbed", "increased", "jumped", "grew", "went", "hit", "passed", "topped",
    }
)  # fmt: skip


def first_of(m: NumberMention) -> int:
    return m.q_i if m.q_i is not None else m.i
