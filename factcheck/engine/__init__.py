"""Claim extraction and contradiction detection (plain Python, no Django).

See README.md in this folder for the contract and the facts model.
"""

from .detection import detect, index_keys
from .extraction import analyze_claim, extract_claims
from .facts import ClaimFacts, ClaimRecord, ExtractedClaim, Figure, Finding, Person
from .stories import StoryMatch, StoryProfile, story_match
from .story_keys import document_keys

ENGINE_VERSION = "1.7"

__all__ = [
    "ENGINE_VERSION",
    "ClaimFacts",
    "ClaimRecord",
    "ExtractedClaim",
    "Figure",
    "Finding",
    "Person",
    "StoryMatch",
    "StoryProfile",
    "analyze_claim",
    "detect",
    "document_keys",
    "extract_claims",
    "index_keys",
    "story_match",
]
