"""Measures: what a figure counts (subject) and what happened to them (event).

Both come with a small hierarchy used by detection to compare a part with its whole in the
right direction (a part may never exceed its whole; a whole may exceed a part):

subjects: people > civilians > {children, journalists, aid workers, medics}; people > combatants
> {fighters, soldiers, security}; people > {women, men, children}
events: casualties > killed > executed; casualties > wounded; displaced > fled; hospitalised >
intensive care

An epidemic's cases (infected), its suspected cases and the people vaccinated are measures of
their own: never compared with its deaths nor with one another (confirmed and suspected cases
are counted by different rules).

A figure narrowed by a group ("Alawite civilians"), an agent ("killed by pro-government
forces", "at the hands of X") or a place is a part of the figure without that narrowing.
"""

from __future__ import annotations

SUBJECT_PARENT: dict[str, str | None] = {
    "people": None,
    "civilians": "people",
    "combatants": "people",
    "fighters": "combatants",
    "soldiers": "combatants",
    "security": "combatants",
    "children": "people",
    "women": "people",
    "men": "people",
    "journalists": "civilians",
    "aid workers": "civilians",
    "medics": "civilians",
    "families": None,
    "buildings": None,
    # the countries the counted people came from ("31 foreigners from 12 countries")
    "countries": None,
}
EVENT_PARENT: dict[str, str | None] = {
    "casualties": None,
    "killed": "casualties",
    "executed": "killed",
    # bodies recovered and victims identified are counted among the dead, never beyond them
    "recovered": "killed",
    "identified": "killed",
    "unidentified": "killed",
    # body parts are counted apart: many may belong to one victim, so never to the dead
    "body parts": None,
    "hospitalised": None,
    # those in intensive care are some of the patients in hospital, never more
    "intensive care": "hospitalised",
    "discharged": None,
    # an outbreak's cases: confirmed (or unqualified) and suspected counts differ in kind
    "infected": None,
    "suspected": None,
    "vaccinated": None,
    "wounded": "casualties",
    "missing": None,
    "displaced": None,
    "fled": "displaced",
    "detained": None,
    "abducted": None,
    "rescued": None,
    # those aboard a craft (a group of them: "21 foreign nationals were on board"), never a toll
    "aboard": None,
    "affected": None,
    "destroyed": None,
    "damaged": None,
}

# words that name who is counted
SUBJECT_WORDS: dict[str, str] = {
    "people": "people", "persons": "people", "person": "people", "individuals": "people",
    "victims": "people", "others": "people", "residents": "people", "inhabitants": "people",
    "villagers": "people", "worshippers": "people", "passengers": "people",
    "pilgrims": "people", "migrants": "people", "protesters": "people",
    "demonstrators": "people", "prisoners": "people", "detainees": "people",
    "patients": "people", "students": "people", "workers": "people", "tourists": "people",
    "refugees": "people", "relatives": "people", "suspects": "people", "neighbours": "people",
    "neighbors": "people", "friends": "people", "colleagues": "people", "guests": "people",
    # who is counted at work, at a venue or outdoors: "killed 11 miners", "one miner"
    "employees": "people", "staff": "people", "staffers": "people", "miners": "people",
    "fishermen": "people", "climbers": "people", "hikers": "people", "trekkers": "people",
    "spectators": "people", "fans": "people", "pupils": "people", "teachers": "people",
    "visitors": "people", "shoppers": "people", "commuters": "people", "revellers": "people",
    "partygoers": "people", "holidaymakers": "people", "herders": "people",
    "miner": "people", "labourers": "people", "laborers": "people", "firefighters": "people",
    "rescuers": "people", "farmers": "people", "sailors": "people", "seafarers": "people",
    "motorists": "people", "devotees": "people", "mourners": "people", "attendees": "people",
    "civilian": "civilians", "child": "children", "woman": "women",
    "man": "men", "female": "women", "females": "women", "male": "men", "males": "men",
    "soldier": "soldiers", "fighter": "fighters", "journalist": "journalists",
    "policeman": "security", "officer": "security", "nationals": "people", "citizens": "people",
    "foreigners": "people", "expatriates": "people", "crew": "people", "adults": "people",
    "civilians": "civilians", "non-combatants": "civilians", "noncombatants": "civilians",
    "children": "children", "kids": "children", "minors": "children", "boys": "children",
    "girls": "children", "infants": "children", "babies": "children",
    "women": "women", "men": "men",
    "fighters": "fighters", "militants": "fighters", "gunmen": "fighters",
    "insurgents": "fighters", "rebels": "fighters", "militiamen": "fighters",
    "jihadists": "fighters", "auxiliaries": "fighters", "loyalists": "fighters",
    "combatants": "combatants",
    "soldiers": "soldiers", "troops": "soldiers", "servicemen": "soldiers",
    "conscripts": "soldiers", "marines": "soldiers",
    "policemen": "security", "officers": "security", "police": "security",
    "personnel": "security", "guards": "security", "agents": "security",
    "journalists": "journalists", "reporters": "journalists",
    "medics": "medics", "doctors": "medics", "nurses": "medics", "paramedics": "medics",
    "families": "families", "households": "families",
    "homes": "buildings", "houses": "buildings", "buildings": "buildings",
    "structures": "buildings", "dwellings": "buildings",
}  # fmt: skip
# words that carry both who and what ("1,000 casualties", "21 dead")
EVENT_NOUNS: dict[str, str] = {
    "deaths": "killed", "death": "killed", "fatalities": "killed", "dead": "killed",
    "bodies": "recovered", "body": "recovered", "lives": "killed", "corpses": "recovered",
    "victims": "killed", "remains": "recovered", "deceased": "killed",
    "casualties": "casualties", "injuries": "wounded", "injured": "wounded",
    "wounded": "wounded", "missing": "missing", "arrests": "detained",
    "detentions": "detained", "executions": "executed", "refugees": "fled",
    "abductions": "abducted", "evacuees": "displaced", "hostages": "abducted",
    "cases": "infected", "case": "infected", "infections": "infected",
}  # fmt: skip
# nouns that count an outbreak's cases: the word right before one names the disease ("250
# cholera cases", "40 bird flu infections"), not who is counted
CASE_NOUNS = frozenset({"cases", "case", "infections"})
# what an outbreak's dead died of: "41 deaths from the disease" names a cause, no origin
ILLNESS_NOUNS = frozenset(
    {
        "disease", "diseases", "outbreak", "virus", "epidemic", "pandemic", "illness",
        "infection", "infections", "fever", "flu", "complications", "symptoms", "bacteria",
    }
)  # fmt: skip
# words that make a count of cases a count of suspected ones ("suspected cholera cases")
SUSPECTED_WORDS = frozenset({"suspected", "probable", "possible", "presumed", "presumptive"})
# words that make "cases" a matter for the courts or the police ("12 cases were filed
# against the owners"), not an outbreak's
LEGAL_CASE_WORDS = frozenset(
    {
        "against", "filed", "court", "courts", "lawsuit", "lawsuits", "criminal", "legal",
        "charges", "charged", "prosecutors", "prosecution", "police", "murder", "fraud",
        "corruption", "negligence", "trial", "judge", "judges",
    }
)  # fmt: skip
# event nouns that name people by their plight: followed by a verb of another event ("11
# hostages were killed", "40 refugees drowned") they count that event, the noun a group of
# those counted (hostages among the dead)
PLIGHT_NOUNS = {"hostages": "hostage", "refugees": "refugee", "evacuees": "evacuee"}
# verbs of release, read as rescues only after a noun of plight ("hostages were freed"):
# elsewhere "freed" and "released" also tell of prisoners let go or of reports published
RELEASE_WORDS = {"freed": "rescued", "released": "rescued", "saved": "rescued"}
# words that say what happened (verbs, participles, adjectives)
EVENT_WORDS: dict[str, str] = {
    "killed": "killed", "kill": "killed", "kills": "killed", "killing": "killed",
    "dead": "killed", "died": "killed", "die": "killed", "dying": "killed",
    "deaths": "killed", "fatalities": "killed", "slain": "killed", "slaughtered": "killed",
    "murdered": "killed", "massacred": "killed", "perished": "killed", "drowned": "killed",
    "lives": "killed", "bodies": "recovered", "toll": "killed", "succumbed": "killed",
    "fatally": "killed", "buried": "killed",
    "gunned": "killed", "beheaded": "killed", "lynched": "killed", "crushed": "killed",
    "executed": "executed", "executing": "executed", "executions": "executed",
    "casualties": "casualties",
    "wounded": "wounded", "injured": "wounded", "injuries": "wounded", "hurt": "wounded",
    "injuring": "wounded", "wounding": "wounded",
    "missing": "missing", "unaccounted": "missing", "disappeared": "missing",
    "displaced": "displaced", "homeless": "displaced", "evacuated": "displaced",
    "uprooted": "displaced", "displacing": "displaced",
    "fled": "fled", "fleeing": "fled", "flee": "fled", "hostage": "abducted",
    "hostages": "abducted",
    "arrested": "detained", "detained": "detained", "arrests": "detained",
    "captured": "detained", "jailed": "detained", "imprisoned": "detained",
    "kidnapped": "abducted", "abducted": "abducted", "abductions": "abducted",
    "rescued": "rescued", "affected": "affected",
    "destroyed": "destroyed", "razed": "destroyed", "flattened": "destroyed",
    "damaged": "damaged", "ruined": "damaged",
    "treated": "hospitalised", "treatment": "hospitalised", "hospitalised": "hospitalised",
    "hospitalized": "hospitalised", "discharged": "discharged", "unidentified": "unidentified",
    "condition": "hospitalised", "critical": "hospitalised", "intensive": "intensive care",
    "icu": "intensive care",
    "infected": "infected", "infecting": "infected", "infections": "infected",
    "cases": "infected", "vaccinated": "vaccinated", "inoculated": "vaccinated",
    "immunised": "vaccinated", "immunized": "vaccinated", "vaccinating": "vaccinated",
    "sickened": "infected", "positive": "infected",
}  # fmt: skip
# events told in other words: "lost 412 soldiers" (killed, only with people as the object:
# "lost 4,300 hectares", "lost their homes" count no dead), "treated for injuries / burns"
# (wounded, not the people in hospital), "fled / left / were forced from their homes"
# (displaced, not refugees abroad)
LOSS_VERBS = frozenset({"lost", "lose", "loses", "losing"})
INJURY_NOUNS = frozenset({"injuries", "injury", "wounds", "wound", "burns", "fractures"})
LEAVING_VERBS = frozenset({
    "fled", "flee", "fleeing", "left", "leave", "leaving", "abandoned", "forced", "driven",
    "chased", "uprooted",
})  # fmt: skip
HOME_NOUNS = frozenset({"homes", "home", "houses", "villages", "towns"})
# how badly people were hurt: a wounded count so qualified ("116 sustained minor injuries",
# "33 were seriously injured") is a part of the wounded, never all of them
INJURY_SEVERITY = {
    "minor": "minor", "light": "minor", "lightly": "minor", "slight": "minor",
    "slightly": "minor", "serious": "serious", "seriously": "serious", "severe": "serious",
    "severely": "serious", "critical": "serious", "critically": "serious", "grave": "serious",
    "gravely": "serious", "life-threatening": "serious",
}  # fmt: skip
# nouns after "body" that count pieces of remains, not bodies ("92 body parts")
BODY_PART_NOUNS = frozenset({"parts", "part", "fragments", "pieces", "remains"})
TOLL_MODIFIERS = {"death": "killed", "casualty": "casualties", "injury": "wounded"}

# words that make a noun phrase an actor (an agent narrowing the measure)
ACTOR_WORDS = {
    "forces", "force", "troops", "army", "militia", "militias", "gunmen", "fighters",
    "soldiers", "rebels", "police", "militants", "factions", "groups", "group", "loyalists",
    "regime", "insurgents", "jihadists", "militiamen", "snipers", "attackers", "units",
    "brigades", "remnants",
}  # fmt: skip
# means of killing that make a narrower measure ("killed in air strikes"), folded to one
# key; a bare "strike", "attack", "blast" or "explosion" is the story's event itself and
# narrows nothing
CAUSES = {
    "airstrike": "air strikes", "airstrikes": "air strikes", "air": "air strikes",
    "drone": "drone strikes", "drones": "drone strikes", "shelling": "shelling",
    "artillery": "shelling", "bombardment": "shelling", "missile": "missile strikes",
    "missiles": "missile strikes", "rocket": "rocket fire", "rockets": "rocket fire",
    "gunfire": "gunfire", "sniper": "gunfire", "snipers": "gunfire", "crossfire": "gunfire",
    "landmine": "landmines",
    "landmines": "landmines", "mine": "landmines", "mines": "landmines",
}  # fmt: skip
# lowercase modifiers that narrow the counted people (capitalised ones always do)
GROUP_ADJECTIVES = {"foreign", "christian", "muslim", "pro-government"}
IGNORED_MODIFIERS = {
    "more", "other", "innocent", "unarmed", "additional", "further", "local", "new", "young",
    "old", "elderly", "people", "confirmed", "reported", "known", "total", "of", "the",
    "whom", "them", "those", "his", "her", "their", "its", "our", "family", "these",
    "aid", "humanitarian", "health", "medical", "rescue", "relief", "emergency", "migrant",
    "construction", "farm", "factory", "hospital", "school", "un", "most", "mostly", "many",
    "all", "including", "alleged",
    "suspected", "armed", "ordinary", "defenceless", "defenseless", "unidentified",
    "identified", "registered", "recorded", "documented", "verified", "estimated",
}  # fmt: skip
# lowercase adjectives that name the subject ("civilian deaths")
SUBJECT_ADJECTIVES = {
    "civilian": "civilians",
    "child": "children",
    "military": "soldiers",
    "security": "security",
    "police": "security",
    "government": None,
}


def subject_ancestors(subject: str) -> list[str]:
    out = [subject]
    while (p := SUBJECT_PARENT.get(out[-1])) is not None:
        out.append(p)
    return out


def common_subject(a: str, b: str) -> str:
    """The narrowest subject containing both ("women and children" -> people)."""
    up = subject_ancestors(a)
    for s in subject_ancestors(b):
        if s in up:
            return s
    return "people"


def contains(whole: str, part: str, parents: dict[str, str | None]) -> bool:
    """True when ``part`` equals ``whole`` or lies below it in the hierarchy."""
    cur: str | None = part
    while cur is not None:
        if cur == whole:
            return True
        cur = parents.get(cur)
    return False


_SUBJECT_LABEL = {"security": "security personnel"}
_SUBJECT_ADJ = {
    "civilians": "civilian", "children": "child", "fighters": "fighter", "soldiers": "military",
    "security": "security", "combatants": "combatant", "journalists": "journalist",
    "medics": "medical",
}  # fmt: skip


def describe(subject: str, event: str) -> str:
    """Short English description of a measure, e.g. 'civilians killed'."""
    if subject == "countries":
        return f"countries of origin of people {event}"
    if event == "recovered":
        return "bodies recovered"
    if event == "body parts":
        return "body parts recovered"
    if event in ("hospitalised", "discharged"):
        return f"{_SUBJECT_LABEL.get(subject, subject)} {event}"
    if event == "unidentified":
        return "bodies not yet identified"
    if event in ("infected", "suspected"):
        return "cases" if event == "infected" else "suspected cases"
    if event == "intensive care":
        return f"{_SUBJECT_LABEL.get(subject, subject)} in intensive care"
    if event == "identified":
        return f"{_SUBJECT_LABEL.get(subject, subject)} identified among the dead"
    if event == "casualties":
        if subject == "people":
            return "casualties"
        return f"{_SUBJECT_ADJ.get(subject, subject)} casualties"
    return f"{_SUBJECT_LABEL.get(subject, subject)} {event}"


_ORIGINS = "countries of origin of "


def describe_counted(subject: str, event: str, group: str | None) -> str:
    """The measure's description narrowed by its group: 'women killed', 'people killed (Nepal)',
    'countries of origin of foreign people killed'."""
    measure = describe(subject, event)
    if not group:
        return measure
    if group.startswith("nat:"):
        return f"{measure} ({group[4:].title()})"
    if measure.startswith(_ORIGINS):
        return f"{_ORIGINS}{group} {measure.removeprefix(_ORIGINS)}"
    return f"{group} {measure}"
