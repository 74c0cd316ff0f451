"""The catalogue: table names and descriptions, importable at no cost.

Kept free of Pydantic so that ``import karabakh_data`` and ``tables()`` stay
light; ``table_specs.py`` attaches each name to its model and key.
"""

TABLE_DESCRIPTIONS = {
    "sources": "Source documents: news reports kept byte for byte, with hash and publication date.",
    "actors": "States, bodies, armed forces, people, organisations and media named in the sources, with every spelling.",
    "places": "Places named in the sources, with approximate coordinates from general knowledge.",
    "events": "Armed and strategic events as claimed, coded with ACLED's event taxonomy.",
    "casualties": "Reported casualty figures (totals, increments, incidents, named victims) with UCDP-style bounds.",
    "materiel": "Claimed equipment losses: destroyed, shot down, intercepted or seized.",
    "meetings": "Meetings, calls and planned or declined talks.",
    "meeting_participants": "Who took part in each meeting, and in what role.",
    "territory": "Facts about places: area, status, control, population, contact line, troops.",
    "statements": "Positions, demands, appeals and assessments: who said what.",
    "disputes": "Denials and contradictions linking a claim to the party or record that disputes it.",
}
