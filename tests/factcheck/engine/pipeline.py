"""The engine's whole pipeline over a few invented articles, as the service runs it: extract
each article's claims, then detect each claim against the earlier claims sharing an index key."""

from __future__ import annotations

import datetime as dt

from factcheck.engine import ClaimRecord, Finding, detect, extract_claims, index_keys


def findings_across(*articles: tuple[str, dt.date | None]) -> list[Finding]:
    records: list[ClaimRecord] = []
    for doc, (text, published) in enumerate(articles):
        for claim in extract_claims(text, published=published):
            records.append(ClaimRecord(len(records), claim.facts, published, doc))
    found = []
    for i, record in enumerate(records):
        keys = index_keys(record.facts)
        found.extend(detect(record, [r for r in records[:i] if index_keys(r.facts) & keys]))
    return found
