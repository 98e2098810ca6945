"""Short invented news reports of four disasters in one country (invented towns), within days
of each other, for story grouping tests. They share the generic words of disaster news ("killed",
"police", "death toll", "rescue", the country's name); two reports of one event may share a
single name and otherwise tell different things.
Each entry: (event, day offset, text)."""

REPORTS = [
    (
        "flood",
        0,
        "A dam burst above the town of Kelvara on Tuesday, sending a wall of water down the "
        "Tamsin valley. Police said at least 40 people were killed and hundreds more were "
        "missing. Rescue teams in Chile worked through the night.",
    ),
    (
        "mine",
        0,
        "Part of the Oskarby coal mine caved in during the morning shift, trapping 63 miners "
        "underground in Drumlin province. The death toll rose to 12 by evening, police said, "
        "as rescue crews drilled a ventilation shaft. Chile's government declared a day of "
        "mourning.",
    ),
    (
        "crush",
        1,
        "Fans surged towards a closed exit at Harlow Park stadium in Port Emmet after the "
        "derby, and 27 people were crushed to death, police in Chile said. Hospitals "
        "treated more than 150 injured supporters. The football federation suspended the "
        "league.",
    ),
    (
        "flood",
        1,
        "Floodwater from the broken reservoir above Kelvara swept away bridges, and the "
        "death toll climbed to 71, the regional governor, Ilse Marrow, told reporters. Army "
        "helicopters plucked survivors from rooftops; officials fear the toll will rise.",
    ),
    (
        "ferry",
        1,
        "The ferry Solace capsized in heavy swell off Brannock Island with about 300 "
        "passengers aboard. The coast guard said 18 bodies were recovered and 140 people were "
        "rescued. Police detained the captain and the ship's owner.",
    ),
    (
        "mine",
        2,
        "Miners' families waited at the pithead in Oskarby as rescuers reached a chamber "
        "where 20 of the trapped workers were found alive. The mining company said gas had "
        "built up in the shaft before the collapse; 15 have now been killed.",
    ),
    (
        "crush",
        2,
        "Supporters described being pinned against a locked gate as the crowd pushed forward "
        "at the end of the match in Port Emmet. The sports minister ordered an inquiry into "
        "stewarding at the stadium, where 29 died.",
    ),
    (
        "ferry",
        3,
        "Divers searched the hull of the sunken Solace for a third day. Survivors said the "
        "vessel listed sharply and overturned within minutes, and that too few life jackets "
        "were on board. The toll stands at 44 dead; dozens are missing at sea.",
    ),
    (
        "flood",
        3,
        "Engineers had warned for years that the Kelvara reservoir wall was cracked, "
        "documents show. Families displaced by the flood sheltered in schools as the waters "
        "receded, leaving mud-covered villages along the valley.",
    ),
    (
        "mine",
        4,
        "Inspectors had fined the operator of the Oskarby colliery twice for poor "
        "ventilation, the ministry said, as the last trapped miners were brought to the "
        "surface. The final death toll from the cave-in is 17.",
    ),
]
