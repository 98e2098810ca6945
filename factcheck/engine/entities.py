"""People findings: different names given for one role (kind ``entity``).

Scores (documented choices): same surname with different given names 0.9 for the same
role, 0.75 when one side does not name the organisation, 0.7 for a near role (same title,
organisations of the same class, e.g. a defence ministry and a military operations room);
different surnames for a singular office of the same named organisation 0.6.
"""

from __future__ import annotations

from .explanations import _fmt_date
from .facts import ClaimRecord, Finding, Person
from .names import HONORIFICS, same_given, same_surname
from .relations import _canonical
from .roles import SINGULAR_TITLES
from .textutil import fold


def _role_rel(p: Person, q: Person) -> tuple[str, float] | None:
    if not p.title or not q.title or p.title != q.title:
        return None
    if p.org and q.org:
        if p.org == q.org:
            return "same role", 0.9
        if p.org_class and p.org_class == q.org_class:
            return "near role", 0.7
        return None
    if p.title not in ONE_HOLDER_TITLES:
        return None  # "minister", "spokesperson" without organisation: too many holders
    if p.org or q.org:
        return "role with one organisation unnamed", 0.75
    return "same title", 0.75


# Titles one person holds in a story even when the organisation is not named; other titles
# (minister, spokesperson, official, commander ...) need the organisation on both sides.
ONE_HOLDER_TITLES = {
    "president", "vice president", "prime minister", "king", "queen", "emir",
    "secretary-general", "chancellor", "pope", "governor", "mayor",
}  # fmt: skip


_ROLE_HOW = {
    "same role": "the same role",
    "near role": "a near role (same title, organisations of the same kind)",
    "role with one organisation unnamed": (
        "the same title (one report does not name the organisation)"
    ),
    "same title": "the same title",
}


def _given_as_written(name: str) -> str:
    words = [w for w in name.split() if w.lower().rstrip(".") not in HONORIFICS]
    return words[0] if words else name


def _role_label(p: Person) -> str:
    if p.org:
        return f"{p.title} ({p.org})"
    return p.title or "person"


def _middle_name(p: Person, q: Person) -> bool:
    """'Tayyip Erdogan' vs 'Recep Tayyip Erdogan': p's given name is q's middle name."""
    return p.given is not None and len(q.surname) > len(p.surname) and q.surname.startswith(p.given)


def _name_words(name: str) -> set[str]:
    words = fold(name).lower().replace("-", " ").replace(".", " ").split()
    return {w for w in words if w not in HONORIFICS and len(w) > 1}


def _name_within(p: Person, q: Person) -> bool:
    """Every word of one name appears in the other (a shortened form of the same name)."""
    a, b = _name_words(p.name), _name_words(q.name)
    return bool(a and b) and (a <= b or b <= a)


def _entity_findings(new: ClaimRecord, other: ClaimRecord) -> Finding | None:
    best: Finding | None = None
    r1, r2 = _canonical(new, other)
    for p in r1.facts.people:
        if not p.given_stated or not p.given:
            continue
        for q in r2.facts.people:
            if not q.given_stated or not q.given:
                continue
            rr = _role_rel(p, q)
            if rr is None:
                continue
            how, score = rr
            if _name_within(p, q):
                continue  # "López Obrador" in "Andrés Manuel López Obrador": one person
            if same_surname(p.surname, q.surname):
                if same_given(p.given, q.given) or _middle_name(p, q) or _middle_name(q, p):
                    continue
                what = "different given names"
            else:
                if how != "same role" or p.title not in SINGULAR_TITLES or not p.org:
                    continue
                what = "different people named"
                if same_given(p.given, q.given):
                    what = "different surnames"  # "President Michel Owen" vs "Michel Aoun"
                score = 0.6
            p1, p2 = p, q
            g1, g2 = _given_as_written(p1.name), _given_as_written(p2.name)
            if what == "different given names":
                what = f"different given names ({g1} vs {g2})"
            role1 = _role_label(p1)
            role2 = _role_label(p2)
            sides = (
                f'{role1}: "{p1.name}" ({_fmt_date(r1.published)}) vs "{p2.name}" '
                f"({_fmt_date(r2.published)})"
                if role1 == role2
                else f'{role1}: "{p1.name}" ({_fmt_date(r1.published)}) vs {role2}: '
                f'"{p2.name}" ({_fmt_date(r2.published)})'
            )
            expl = f"{sides}: {what} for {_ROLE_HOW[how]}"
            found = Finding(
                other.id,
                "entity",
                score,
                expl,
                {
                    "relation": how,
                    "a": {**p.to_dict(), "claim_id": r1.id},
                    "b": {**q.to_dict(), "claim_id": r2.id},
                },
            )
            if best is None or (found.score, found.explanation) > (best.score, best.explanation):
                best = found
    return best
