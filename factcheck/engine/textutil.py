"""Small text helpers shared by the engine's modules."""

from __future__ import annotations

from functools import lru_cache

from unidecode import unidecode


@lru_cache(maxsize=4096)
def _fold_cached(text: str) -> str:
    return unidecode(text)


def fold(text: str) -> str:
    """ASCII transliteration (unidecode), skipped for text that is already ASCII."""
    if text.isascii():
        return text
    return _fold_cached(text)
