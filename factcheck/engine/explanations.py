"""Explanation wording: how a figure, a measure and a date are written in a finding."""

from __future__ import annotations

import datetime as dt

from .facts import ClaimRecord, Figure
from .measures import describe_counted
from .relations import _d

_QUAL_WORDS = {
    "lower": "at least",
    "upper": "up to",
    "near": "nearly",
    "approx": "about",
    "vague": "",
    "exact": "",
}


def _num(v: float) -> str:
    return f"{int(v):,}" if v == int(v) else f"{v:,.1f}"


def describe_figure(f: Figure) -> str:
    if f.qualifier == "range":
        n = f"{_num(f.lo)}-{_num(f.hi or f.lo)}"
    elif f.qualifier == "vague":
        n = f.text.lower()
    else:
        q = _QUAL_WORDS.get(f.qualifier, "")
        if f.text.lower().startswith(("more than", "over")) and f.qualifier == "lower":
            q = "more than"
        n = f"{q} {_num(f.value)}".strip()
    m = describe_counted(f.subject, f.event, f.group)
    parts = [n, m]
    if f.agent:
        parts.append(f"by {f.agent}")
    if f.place == "national":
        parts.append("nationwide")
    elif f.place:
        parts.append(_place_words(f.place))
    when = _describe_period(f)
    if when:
        parts.append(when)
    return " ".join(parts)


_SETTING_PLACES = {"there", "at the scene", "at sea", "on land", "on the ground", "aboard"}


def _place_words(place: str) -> str:
    return place if place in _SETTING_PLACES else f"in {place.title()}"


def _describe_period(f: Figure) -> str | None:
    start, end = _d(f.period_start), _d(f.period_end)
    if start is not None and f.period_open:
        return f"since {_fmt_date(start)}"
    if start is not None and (end is None or end == start):
        return f"on {_fmt_date(start)}"
    if start is not None and end is not None:
        if start.month == end.month:
            return f"{start.day}-{end.day} {end.strftime('%b')}"
        return f"{_fmt_date(start)} to {_fmt_date(end)}"
    if f.period_days:
        return f"over {f.period_days} days" if f.period_days > 1 else "in one day"
    return f.period_label


def _measure_words(f: Figure) -> str:
    """What a figure counts, with the narrowing that makes it a part."""
    words = describe_counted(f.subject, f.event, f.group)
    if f.agent:
        words += f" by {f.agent}"
    if f.place and f.place != "national":
        words += f" {_place_words(f.place)}"
    when = _describe_period(f)
    if when and (f.period_start and not f.period_open):
        words += f" {when}"
    return words


def _fmt_date(d: dt.date | None) -> str:
    return f"{d.day} {d.strftime('%b')}" if d else "undated"


def _src_label(f: Figure) -> str:
    return f.source_label or f.source or "unattributed"


def _fig_details(f: Figure, rec: ClaimRecord) -> dict:
    d = f.to_dict()
    d["claim_id"] = rec.id
    d["published"] = rec.published.isoformat() if rec.published else None
    d["document_id"] = rec.document_id
    return d


def _explain(
    kind: str, how: str, new: ClaimRecord, a: Figure, other: ClaimRecord, b: Figure
) -> str:
    r1, f1, r2, f2 = new, a, other, b  # already in canonical order
    d1, d2 = _fmt_date(r1.published), _fmt_date(r2.published)
    if kind in ("numeric", "revision"):
        head = f"{_src_label(f1)}: {describe_figure(f1)} ({d1}) vs {describe_figure(f2)} ({d2})"
        if kind == "revision":
            why = "same source, incompatible figures; the later report may be a revision"
        else:
            why = "same source, incompatible figures"
    else:
        head = (
            f"{_src_label(f1)}: {describe_figure(f1)} ({d1}) vs "
            f"{_src_label(f2)}: {describe_figure(f2)} ({d2})"
        )
        if not f1.source or not f2.source:
            why = "incompatible figures for the same measure (one side unattributed)"
        else:
            why = "different sources give incompatible figures for the same measure"
    if how in ("a", "b"):
        part, whole = (f1, f2) if how == "a" else (f2, f1)
        why += f"; the part ({_measure_words(part)}) exceeds the whole ({_measure_words(whole)})"
    elif how == "alternative":
        why += "; stated as competing counts"
    return f"{head}: {why}"
