"""Write ``thailand_cambodia_2025_acled_synthetic.csv``: a hand-made file in ACLED's export format.

**Synthetic.** The rows are made up for the tutorial *Your own conflict from an ACLED
export* (``analysis/03_your_own_conflict.ipynb``). They follow the broad shape of the
2025 Thailand–Cambodia border fighting as reported (a burst in late July, a ceasefire on
28 July, incidents through the autumn, renewed fighting in December), but every date,
place, actor, count and note here is illustrative: this is not ACLED data and not a
record of events. Real ACLED exports stay outside the repository (ACLED's terms).

The 31 columns are ACLED's export columns, in order. Points come from the package's
shipped GeoNames gazetteer (``escalation.geo.gazetteer.lookup``), so rows that carry
coordinates are placed by them; others are placed by name or flagged.

Run from the repository root: ``python analysis/data/make_thailand_cambodia.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "thailand_cambodia_2025_acled_synthetic.csv"

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
           "admin3", "location", "latitude", "longitude", "geo_precision", "source",
           "source_scale", "notes", "fatalities", "tags", "timestamp"]

THA = "Military Forces of Thailand (2019-)"
KHM = "Military Forces of Cambodia (1993-)"
ISO = {"Thailand": "764", "Cambodia": "116", "Malaysia": "458"}
#: (latitude, longitude) of GeoNames places (the package's gazetteer), for rows with a point.
POINTS = {"Samraong": (14.18175, 103.51761), "Anlong Veng": (14.23222, 104.08111),
          "Banteay Ampil": (14.23722, 103.12889), "Trapeang Prasat": (14.18688, 104.35502),
          "Kantharalak": (14.64082, 104.65014), "Kap Choeng": (14.47505, 103.59423),
          "Phanom Dong Rak": (14.44628, 103.30514), "Ban Kruat": (14.42343, 103.09981)}

STRIKE = ("Political violence", "Explosions/Remote violence", "Air/drone strike")
SHELL = ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack")
MINE = ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED")
CLASH = ("Political violence", "Battles", "Armed clash")
AGREE = ("Strategic developments", "Strategic developments", "Agreement")
OTHER = ("Strategic developments", "Strategic developments", "Other")
PROTEST = ("Demonstrations", "Protests", "Peaceful protest")
CIVILIANS = ("Political violence", "Violence against civilians", "Attack")

# (id, date, precision, type, actor1, actor2, country, admin1, location, point?, geo precision,
#  fatalities, note)
ROWS = [
    ("TC01", "2025-05-28", "1", CLASH, KHM, THA, "Thailand", "Ubon Ratchathani", "Chong Bok", False, "2", "1", "Exchange at a disputed border area."),
    ("TC02", "2025-06-07", "2", OTHER, THA, KHM, "Thailand", "Sa Kaeo", "Aranyaprathet", False, "1", "0", "Border crossings closed to Cambodian traffic."),
    ("TC03", "2025-07-16", "1", MINE, KHM, THA, "Thailand", "Ubon Ratchathani", "Chong Bok", False, "2", "0", "Patrol hit by a landmine; soldiers injured."),
    ("TC04", "2025-07-23", "1", MINE, KHM, THA, "Thailand", "Ubon Ratchathani", "Chong Bok", False, "2", "0", "Second landmine blast; a soldier loses a leg."),
    ("TC05", "2025-07-24", "1", CLASH, KHM, THA, "Thailand", "Surin", "Phanom Dong Rak", False, "1", "2", "Fighting near a border temple."),
    ("TC06", "2025-07-24", "1", SHELL, KHM, THA, "Thailand", "Si Sa Ket", "Kantharalak", True, "1", "8", "Rockets land near a petrol station."),
    ("TC07", "2025-07-24", "1", STRIKE, THA, KHM, "Cambodia", "Oddar Meanchey", "Samraong", True, "1", "", "Jets strike military positions."),
    ("TC08", "2025-07-24", "1", STRIKE, THA, KHM, "Cambodia", "Preah Vihear", "Choam Ksant", False, "2", "", "Strike on a position; place not in the gazetteer."),
    ("TC09", "2025-07-25", "1", SHELL, KHM, THA, "Thailand", "Surin", "Kap Choeng", True, "1", "1", "Artillery fire on villages."),
    ("TC10", "2025-07-25", "1", SHELL, KHM, THA, "Thailand", "Buri Ram", "Ban Kruat", True, "1", "0", "Rockets on farmland."),
    ("TC11", "2025-07-25", "1", STRIKE, THA, KHM, "Cambodia", "Oddar Meanchey", "Anlong Veng", True, "1", "3", "Air strikes on an artillery position."),
    ("TC12", "2025-07-25", "1", CLASH, THA, KHM, "Cambodia", "Oddar Meanchey", "Banteay Ampil", False, "1", "4", "Ground fighting along the line."),
    ("TC13", "2025-07-26", "1", SHELL, KHM, THA, "Thailand", "Si Sa Ket", "Phu Sing", False, "1", "0", "Shells land near a school."),
    ("TC14", "2025-07-26", "1", STRIKE, THA, KHM, "Cambodia", "Oddar Meanchey", "Trapeang Prasat", True, "1", "2", "Drone strike on a depot."),
    ("TC15", "2025-07-26", "1", CLASH, KHM, THA, "Thailand", "Surin", "Phanom Dong Rak", False, "1", "", "Fighting resumes at dawn."),
    ("TC16", "2025-07-26", "1", PROTEST, "Protesters (Thailand)", "", "Thailand", "Bangkok", "Bangkok", False, "1", "0", "Rally for the troops."),
    ("TC17", "2025-07-27", "1", SHELL, KHM, THA, "Thailand", "Surin", "Phanom Dong Rak", True, "1", "1", "Artillery on a district town."),
    ("TC18", "2025-07-27", "1", STRIKE, THA, KHM, "Cambodia", "Preah Vihear", "Tbeng Meanchey", False, "3", "", "Strike reported in the province (provincial point only)."),
    ("TC19", "2025-07-27", "1", PROTEST, "Protesters (Cambodia)", "", "Cambodia", "Phnom Penh", "Phnom Penh", False, "1", "0", "March calling for peace."),
    ("TC20", "2025-07-28", "1", AGREE, THA, KHM, "Malaysia", "Putrajaya", "Putrajaya", False, "1", "0", "Ceasefire agreed at talks hosted by Malaysia."),
    ("TC21", "2025-07-29", "1", CLASH, THA, KHM, "Cambodia", "Oddar Meanchey", "Banteay Ampil", False, "1", "0", "Each side accuses the other of breaking the ceasefire."),
    ("TC22", "2025-07-30", "1", CIVILIANS, "Police Forces of Thailand (2019-)", "Civilians (Cambodia)", "Thailand", "Sa Kaeo", "Aranyaprathet", False, "1", "0", "Migrant workers detained at home (domestic)."),
    ("TC23", "2025-08-09", "2", OTHER, KHM, THA, "Cambodia", "Oddar Meanchey", "Samraong", False, "1", "0", "Troops reinforced along the line."),
    ("TC24", "2025-08-12", "1", MINE, KHM, THA, "Thailand", "Si Sa Ket", "Phu Sing", False, "1", "0", "Another landmine blast on patrol."),
    ("TC25", "2025-09-03", "1", CLASH, THA, KHM, "Thailand", "Sa Kaeo", "Khok Sung", False, "2", "0", "Scuffle over a village on the line."),
    ("TC26", "2025-09-17", "1", CLASH, KHM, THA, "Thailand", "Sa Kaeo", "Khok Sung", False, "2", "", "Shots fired at a border village."),
    ("TC27", "2025-10-08", "2", OTHER, THA, KHM, "Thailand", "Surin", "Kap Choeng", False, "1", "0", "Border gates stay shut."),
    ("TC28", "2025-10-26", "1", AGREE, THA, KHM, "Malaysia", "Kuala Lumpur", "Kuala Lumpur", False, "1", "0", "Joint declaration signed."),
    ("TC29", "2025-11-10", "1", MINE, KHM, THA, "Thailand", "Si Sa Ket", "Kantharalak", False, "1", "0", "Landmine blast; Thailand suspends the declaration."),
    ("TC30", "2025-11-12", "1", CLASH, THA, KHM, "Cambodia", "Banteay Meanchey", "Prey Chan", False, "2", "1", "Shooting near a border village."),
    ("TC31", "2025-12-08", "1", STRIKE, THA, KHM, "Cambodia", "Oddar Meanchey", "Samraong", True, "1", "2", "Air strikes resume."),
    ("TC32", "2025-12-08", "1", SHELL, KHM, THA, "Thailand", "Si Sa Ket", "Kantharalak", True, "1", "0", "Rockets on border districts."),
    ("TC33", "2025-12-08", "1", CLASH, KHM, THA, "Thailand", "Surin", "Phanom Dong Rak", False, "1", "3", "Heavy fighting at the temples."),
    ("TC34", "2025-12-09", "1", STRIKE, THA, KHM, "Cambodia", "Banteay Meanchey", "Banteay Ampil", True, "1", "", "Strikes on positions."),
    ("TC35", "2025-12-09", "1", SHELL, KHM, THA, "Thailand", "Buri Ram", "Ban Kruat", True, "1", "1", "Artillery on villages."),
    ("TC36", "2025-12-10", "1", SHELL, KHM, THA, "Thailand", "Surin", "Kap Choeng", True, "1", "0", "Rocket fire continues."),
    ("TC37", "2025-12-10", "1", STRIKE, THA, KHM, "Cambodia", "Oddar Meanchey", "Anlong Veng", True, "1", "4", "Air strikes deeper along the line."),
    ("TC38", "2025-12-11", "1", CLASH, THA, KHM, "Cambodia", "Oddar Meanchey", "Trapeang Prasat", False, "1", "2", "Ground assault on a hill."),
    ("TC39", "2025-12-11", "1", SHELL, KHM, THA, "Thailand", "Si Sa Ket", "Phu Sing", False, "1", "0", "Shelling of a district."),
    ("TC40", "2025-12-12", "1", STRIKE, THA, KHM, "Cambodia", "Siem Reap", "Siem Reap", False, "1", "0", "Drone reported over the province; strike claimed."),
    ("TC41", "2025-12-12", "1", SHELL, KHM, THA, "Thailand", "Surin", "Phanom Dong Rak", True, "1", "2", "Rockets on a district town."),
    ("TC42", "2025-12-13", "1", CLASH, KHM, THA, "Thailand", "Sa Kaeo", "Khok Sung", False, "2", "1", "Fighting spreads south."),
    ("TC43", "2025-12-13", "1", STRIKE, THA, KHM, "Cambodia", "Oddar Meanchey", "Samraong", True, "1", "1", "Strikes on a command post."),
    ("TC44", "2025-12-14", "1", SHELL, KHM, THA, "Thailand", "Si Sa Ket", "Kantharalak", True, "1", "0", "Rocket fire."),
    ("TC45", "2025-12-15", "1", STRIKE, THA, KHM, "Cambodia", "Oddar Meanchey", "Trapeang Prasat", True, "1", "", "Strikes on positions."),
    ("TC46", "2025-12-16", "1", CLASH, THA, KHM, "Cambodia", "Banteay Meanchey", "Prey Chan", False, "2", "0", "Clashes on the southern line."),
    ("TC47", "2025-12-27", "1", AGREE, THA, KHM, "Thailand", "Chanthaburi", "Chanthaburi", False, "1", "0", "New ceasefire agreed."),
    ("TC48", "2025-12-32", "1", CLASH, THA, KHM, "Cambodia", "Oddar Meanchey", "Samraong", False, "1", "0", "A row with an impossible date: the reader rejects it."),
]


def row(eid, date, precision, kind, actor1, actor2, country, admin1, location, point, geo_precision,
        fatalities, note) -> dict[str, str]:
    disorder, event_type, sub_event_type = kind
    out = dict.fromkeys(COLUMNS, "")
    lat, lon = POINTS[location] if point else ("", "")
    state = actor1.startswith(("Military Forces", "Police Forces"))
    out.update(
        event_id_cnty=eid, event_date=date, year=date[:4], time_precision=precision,
        disorder_type=disorder, event_type=event_type, sub_event_type=sub_event_type,
        actor1=actor1, inter1="State forces" if state else "Protesters",
        actor2=actor2, inter2=("State forces" if actor2.startswith("Military Forces")
                               else "Civilians" if actor2.startswith("Civilians") else ""),
        iso=ISO[country], region="South-East Asia", country=country, admin1=admin1,
        location=location, latitude=str(lat), longitude=str(lon), geo_precision=geo_precision,
        source="Synthetic (tutorial)", source_scale="Other",
        notes=f"SYNTHETIC tutorial row, not an ACLED record. {note}",
        fatalities=fatalities, timestamp="1767225600",
    )
    return out


def main() -> None:
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for r in ROWS:
            writer.writerow(row(*r))


if __name__ == "__main__":
    main()
