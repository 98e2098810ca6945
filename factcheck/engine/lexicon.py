"""Word lists the engine reads English with, each defined once.

General language and world data only (calendar words, reporting verbs, function words,
countries and the adjectives and nouns of their people): nothing here names an event, a
place of one story, or an organisation. Modules build their patterns from these lists so
that two parts of the engine never disagree about what a month or a reporting verb is.

Countries: the names in common English use (ISO 3166 short names where they are the usual
ones, the usual short form otherwise: "Iran", "Syria", "South Korea", "Turkey"/"Turkiye").
A library (pycountry) was measured for this and left out: 0.2 s to load, ISO names such as
"Korea, Republic of" that news never writes, and no demonyms, so a hand alias table was
needed either way.
"""

from __future__ import annotations

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
# words that open a noun phrase which never names a speaker ("All 72 passengers", "Each")
DETERMINERS_NOT_SOURCES = frozenset(
    {
        "all", "each", "both", "every", "none", "most", "many", "several",
    }
)  # fmt: skip


def _words(text: str) -> list[str]:
    return text.split()


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
# nouns naming a document or statement: "in the agency's report", "in the OCHA update"
REPORT_NOUNS = frozenset(
    _words(
        """
    report reports update updates statement statements letter bulletin briefing data
    figures tally count assessment release communique dashboard
    """
    )
)


COUNTRY_NAMES = frozenset(
    _words(
        """
    afghanistan albania algeria andorra angola argentina armenia australia austria
    azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan
    bolivia bosnia botswana brazil brunei bulgaria burkina burundi cambodia cameroon canada
    chad chile china colombia comoros congo croatia cuba cyprus czechia denmark djibouti
    dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon
    gambia georgia germany ghana greece grenada guatemala guinea guyana haiti honduras
    hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan
    kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia
    libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta
    mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco
    mozambique myanmar namibia nauru nepal netherlands nicaragua niger nigeria norway oman
    pakistan palau palestine panama paraguay peru philippines poland portugal qatar
    romania russia rwanda samoa senegal serbia seychelles singapore slovakia slovenia
    somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania
    thailand togo tonga tunisia turkey turkiye turkmenistan tuvalu uganda ukraine uruguay
    uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe gaza
    """
    )
) | {
    "united states", "united kingdom", "south africa", "south sudan", "north korea",
    "south korea", "saudi arabia", "new zealand", "sri lanka", "central african republic",
    "democratic republic of congo", "ivory coast", "el salvador", "costa rica", "uk", "us",
    "usa", "west bank", "dominican republic", "papua new guinea", "east timor",
    "timor-leste", "north macedonia", "united arab emirates", "uae", "cape verde",
    "equatorial guinea", "sierra leone", "guinea-bissau", "marshall islands",
    "solomon islands", "trinidad and tobago", "sao tome and principe", "hong kong",
}  # fmt: skip

# adjectives and nouns for a country's people whose form is not the country's name plus a
# regular ending (those are derived in demonym_country)
DEMONYMS: dict[str, str] = {
    "american": "us", "british": "uk", "briton": "uk", "english": "uk", "scottish": "uk",
    "welsh": "uk", "french": "france", "frenchman": "france", "dutch": "netherlands",
    "german": "germany", "swiss": "switzerland", "swedish": "sweden", "swede": "sweden",
    "danish": "denmark", "dane": "denmark", "norwegian": "norway", "finnish": "finland",
    "finn": "finland", "polish": "poland", "pole": "poland", "czech": "czechia",
    "slovak": "slovakia", "spanish": "spain", "spaniard": "spain", "portuguese": "portugal",
    "greek": "greece", "turkish": "turkey", "turk": "turkey", "irish": "ireland",
    "icelandic": "iceland", "ukrainian": "ukraine", "russian": "russia",
    "chinese": "china", "japanese": "japan", "korean": "south korea", "vietnamese": "vietnam",
    "thai": "thailand", "filipino": "philippines", "filipina": "philippines",
    "burmese": "myanmar", "lao": "laos", "laotian": "laos", "cambodian": "cambodia",
    "malaysian": "malaysia", "indonesian": "indonesia", "singaporean": "singapore",
    "nepali": "nepal", "nepalese": "nepal", "sri lankan": "sri lanka", "bangladeshi": "bangladesh",
    "pakistani": "pakistan", "afghan": "afghanistan", "iranian": "iran", "iraqi": "iraq",
    "syrian": "syria", "lebanese": "lebanon", "israeli": "israel", "palestinian": "palestine",
    "gazan": "gaza", "jordanian": "jordan", "saudi": "saudi arabia", "emirati": "uae",
    "qatari": "qatar", "kuwaiti": "kuwait", "yemeni": "yemen", "omani": "oman",
    "bahraini": "bahrain", "egyptian": "egypt", "libyan": "libya", "tunisian": "tunisia",
    "algerian": "algeria", "moroccan": "morocco", "sudanese": "sudan", "somali": "somalia",
    "ethiopian": "ethiopia", "eritrean": "eritrea", "kenyan": "kenya", "ugandan": "uganda",
    "nigerian": "nigeria", "ghanaian": "ghana", "congolese": "congo", "malian": "mali",
    "senegalese": "senegal", "cameroonian": "cameroon", "south african": "south africa",
    "zimbabwean": "zimbabwe", "mexican": "mexico", "brazilian": "brazil",
    "argentine": "argentina", "argentinian": "argentina", "chilean": "chile",
    "peruvian": "peru", "colombian": "colombia", "venezuelan": "venezuela",
    "cuban": "cuba", "haitian": "haiti", "canadian": "canada", "australian": "australia",
    "new zealander": "new zealand", "kiwi": "new zealand", "indian": "india",
    "italian": "italy", "austrian": "austria", "belgian": "belgium", "hungarian": "hungary",
    "romanian": "romania", "bulgarian": "bulgaria", "serbian": "serbia", "serb": "serbia",
    "croatian": "croatia", "croat": "croatia", "bosnian": "bosnia", "albanian": "albania",
    "georgian": "georgia", "armenian": "armenia", "azerbaijani": "azerbaijan",
    "azeri": "azerbaijan", "kazakh": "kazakhstan", "uzbek": "uzbekistan",
    "tajik": "tajikistan", "kyrgyz": "kyrgyzstan", "turkmen": "turkmenistan",
    "mongolian": "mongolia", "taiwanese": "taiwan", "kurdish": "kurdistan",
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
