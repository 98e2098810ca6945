"""Transliteration-aware personal-name comparison.

A name is reduced to skeletons before fuzzy comparison (rapidfuzz): ASCII lowercase
(unidecode), articles and honorifics dropped (al-, Al, El, Mr, Colonel), "Abdul / Abdel /
Abd al" folded to "abd" and joined to the next part ("Abdulghani" = "Abdul Ghani"), light
vowel folding (e->a, i->a, o->u, ou/oo->u, ee->i, ei/ai/ey->ay) and doubled letters collapsed.
Vowel folding stays light on purpose: Hussein (husayn) and Hassan (hasan) must stay
different names, while Ahmad/Ahmed and Mohammed/Muhammad become equal.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .textutil import fold

PARTICLES = {"al", "el", "ul", "as", "ash", "ad", "ar", "az", "an", "at", "es", "ed"}
HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sheikh", "shaikh", "imam", "sir",
    "dame", "lord", "lady", "father", "bishop", "rev", "reverend", "sayyid", "haji", "hajji",
    "colonel", "col", "general", "gen", "major", "maj", "captain", "capt", "lieutenant", "lt",
    "brigadier", "brig", "sergeant", "sgt", "admiral", "commander", "cmdr", "marshal",
    "president", "minister", "senator", "sen", "rep", "governor", "gov", "mayor", "judge",
    "ambassador", "prince", "princess", "king", "queen", "emir", "sultan",
}  # fmt: skip
_ABD = re.compile(r"^abd(?:ul|el|al|ol|u|i|e)?(?=[a-z]{3,})")
_ABD_ALONE = {"abdul", "abdel", "abdal", "abdol", "abd", "abdu", "abdi"}

GIVEN_THRESHOLD = 85.0
SURNAME_THRESHOLD = 88.0


def skeleton(token: str) -> str:
    """Fold one name part to a transliteration skeleton."""
    s = token
    s = s.replace("ph", "f").replace("q", "k").replace("ck", "k").replace("dj", "j")
    s = s.replace("ou", "u").replace("oo", "u").replace("ee", "i")
    s = re.sub(r"(ei|ai|ey|ay)", "ay", s)
    s = s.replace("e", "a").replace("i", "a").replace("o", "u")
    s = re.sub(r"(.)\1+", r"\1", s)
    if len(s) > 3 and s.endswith("ah"):
        s = s[:-1]
    if len(s) > 3 and s.endswith("y"):
        s = s[:-1] + "i"
    return s


def name_parts(name: str) -> list[str]:
    """Normalised parts of a personal name, honorifics and articles removed."""
    s = fold(name).lower()
    s = re.sub(r"[-'\u2019`.]", " ", s)
    raw = [w for w in s.split() if w.isalpha()]
    parts: list[str] = []
    i = 0
    while i < len(raw):
        w = raw[i]
        if not parts and w in HONORIFICS:
            i += 1
            continue
        if w in _ABD_ALONE:
            # "Abdul Ghani", "Abd al Rahman" -> one part "abdghani"
            j = i + 1
            while j < len(raw) and raw[j] in PARTICLES:
                j += 1
            if j < len(raw):
                parts.append("abd" + raw[j])
                i = j + 1
                continue
        if w in PARTICLES:
            i += 1
            continue
        m = _ABD.match(w)
        parts.append("abd" + w[m.end() :] if m else w)
        i += 1
    return parts


def split_name(name: str) -> tuple[str | None, str]:
    """(given-name skeleton or None, surname skeleton) of a personal name. Leading initials
    ("P K Rao", "PK Rao") give the first initial as the given name, the rest the surname."""
    words = name.split()
    lead = 0
    while lead < len(words) - 1 and words[lead].isalpha() and words[lead].isupper():
        if len(words[lead]) > 2:
            break
        lead += 1
    if lead:
        rest = [skeleton(p) for p in name_parts(" ".join(words[lead:]))]
        if rest:
            return words[0][0].lower(), "".join(rest)
    parts = [skeleton(p) for p in name_parts(name)]
    if not parts:
        return None, ""
    if len(parts) == 1:
        return None, parts[0]
    return parts[0], "".join(parts[1:])


def same_given(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # initials
        return a[0] == b[0]
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and long == short + "a":
        return False  # a name and its feminine form: Justin / Justine, Paul / Paula
    return fuzz.ratio(a, b) >= GIVEN_THRESHOLD


def same_surname(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) >= 4 and (a.endswith(b) or b.endswith(a)):
        return True
    return fuzz.ratio(a, b) >= SURNAME_THRESHOLD
