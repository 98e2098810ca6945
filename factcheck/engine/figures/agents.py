"""Who or what caused the counted event: "killed by X", "at the hands of X", "X executed N",
"X accounted for N deaths", means folded to one key ("an air strike" -> "air strikes")."""

from __future__ import annotations

from ..lexicon import MINED_GOODS
from ..measures import ACTOR_WORDS, CAUSES
from ..numbers import NumberMention, Token
from ..textutil import fold
from .grammar import _AUX, _STOP, _TRANSITIVE, first_of

_PASSIVE_AUX = {"were", "was", "been", "be", "are", "is"}


def _noun_phrase_before(toks: list[Token], k: int) -> str | None:
    """The noun phrase right before token k (an active-voice subject)."""
    words: list[str] = []
    q = k - 1
    while q >= 0 and toks[q].low in _AUX:
        if toks[q].low in _PASSIVE_AUX:
            return None  # "only fighters were killed": who died, not who killed
        q -= 1
    while q >= 0 and len(words) < 6:
        t = toks[q]
        if (
            t.low in _STOP
            or t.text in (",", "\u201c", "\u201d", '"', "(", ")")
            or t.low in ("and", "that", "as")
        ):
            break
        words.insert(0, t.low)
        q -= 1
    return _agent_phrase(words)


def _agent_phrase(words: list[str]) -> str | None:
    """An agent or means that narrows a measure: forces ("pro-Assad forces") as written,
    means folded to one key ("an air strike" -> "air strikes"), else None."""
    if not words:
        return None
    if set(words) & ACTOR_WORDS:
        out = [fold(w) for w in words if w not in ("the", "a", "an")]
        return " ".join(out).replace(" - ", "-") or None
    for k, w in enumerate(words):
        if w in CAUSES and not _workplace_mine(words[k - 1] if k else "", w):
            return CAUSES[w]
    return None


def _workplace_mine(before: str, word: str) -> bool:
    """ "a coal mine", "the gold mines": where miners work, not a weapon."""
    return word in ("mine", "mines") and before in MINED_GOODS


def _cause_ahead(toks: list[Token], q: int) -> bool:
    ahead = toks[q + 1 : q + 4]
    return any(
        t.low in CAUSES and not _workplace_mine(ahead[i - 1].low if i else "", t.low)
        for i, t in enumerate(ahead)
    )


def _agent_after(toks: list[Token], k: int) -> str | None:
    """'by X' or 'at the hands of X' starting near token k."""
    n = len(toks)
    for q in range(k, min(n, k + 5)):
        lw = toks[q].low
        start = None
        if lw == "by" or (lw in ("in", "during", "from") and q > k - 1 and _cause_ahead(toks, q)):
            start = q + 1
        elif lw == "hands" and q + 1 < n and toks[q + 1].low == "of":
            start = q + 2
        if start is None:
            continue
        words: list[str] = []
        r = start
        while r < n and len(words) < 6:
            t = toks[r]
            if (
                t.low in _STOP
                or t.text in (",", ";")
                or t.low in ("in", "on", "since", "over", "during", "after", "and", "while", "at")
            ):
                break
            words.append(t.low)
            r += 1
        return _agent_phrase(words)
    return None


def _agent_of(
    toks: list[Token], m: NumberMention, after: int, ev_k: int | None, ev_before: bool
) -> str | None:
    agent = None
    if ev_k is not None:
        agent = _agent_after(toks, ev_k + 1)
        if agent is None and ev_before and toks[ev_k].low in _TRANSITIVE:
            agent = _noun_phrase_before(toks, ev_k)
    if agent is None:
        agent = _agent_after(toks, after)
    if agent is None:
        # "X accounted for N deaths", "X were responsible for N deaths"
        first = first_of(m)
        pre = [t.low for t in toks[max(0, first - 3) : first]]
        if pre[-2:] == ["accounted", "for"] or pre[-2:] == ["responsible", "for"]:
            agent = _noun_phrase_before(toks, first - 2 if pre[-2] == "accounted" else first - 3)
    return agent
