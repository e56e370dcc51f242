"""A directory of any size, the same for the same seed, loaded in bulk.

Organisation ``i`` depends only on the seed and ``i``, so the first thousand of a
hundred-thousand directory are the thousand of a small one: ``make bench`` loads 1,000,
then adds 9,000, then 90,000, and every size holds the rows of the smaller ones.
Each organisation has 3 to 8 contact channels and 1 to 3 responsibilities; names,
places, streets and people are German (and Lower Saxon), as the real directory's are.

Rows go in with PostgreSQL's ``COPY``, not through the API: the benchmark measures
reading them, not writing them.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from api.directory.search import fold, searchable

DEFAULT_SEED = 20261127
EPOCH = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)

# City, postal code, official regional key (ARS), district: places of Lower Saxony.
PLACES: tuple[tuple[str, str, str, str], ...] = (
    ("Hannover", "30159", "032410001001", "Region Hannover"),
    ("Langenhagen", "30853", "032410010010", "Region Hannover"),
    ("Garbsen", "30823", "032410005005", "Region Hannover"),
    ("Braunschweig", "38100", "031010000000", "Braunschweig"),
    ("Salzgitter", "38226", "031020000000", "Salzgitter"),
    ("Wolfsburg", "38440", "031030000000", "Wolfsburg"),
    ("Göttingen", "37073", "031590016016", "Landkreis Göttingen"),
    ("Goslar", "38640", "031530004004", "Landkreis Goslar"),
    ("Wolfenbüttel", "38300", "031580037037", "Landkreis Wolfenbüttel"),
    ("Peine", "31224", "031570006006", "Landkreis Peine"),
    ("Gifhorn", "38518", "031510009009", "Landkreis Gifhorn"),
    ("Helmstedt", "38350", "031540028028", "Landkreis Helmstedt"),
    ("Northeim", "37154", "031550011011", "Landkreis Northeim"),
    ("Hildesheim", "31134", "032540021021", "Landkreis Hildesheim"),
    ("Hameln", "31785", "032520006006", "Landkreis Hameln-Pyrmont"),
    ("Nienburg (Weser)", "31582", "032560025025", "Landkreis Nienburg/Weser"),
    ("Diepholz", "49356", "032510006006", "Landkreis Diepholz"),
    ("Celle", "29221", "033510006006", "Landkreis Celle"),
    ("Lüneburg", "21335", "033550022022", "Landkreis Lüneburg"),
    ("Stade", "21682", "033590038038", "Landkreis Stade"),
    ("Cuxhaven", "27472", "033520011011", "Landkreis Cuxhaven"),
    ("Uelzen", "29525", "033600025025", "Landkreis Uelzen"),
    ("Verden (Aller)", "27283", "033610012012", "Landkreis Verden"),
    ("Rotenburg (Wümme)", "27356", "033570041041", "Landkreis Rotenburg (Wümme)"),
    ("Delmenhorst", "27749", "034010000000", "Delmenhorst"),
    ("Emden", "26721", "034020000000", "Emden"),
    ("Oldenburg", "26122", "034030000000", "Oldenburg (Oldb)"),
    ("Osnabrück", "49074", "034040000000", "Osnabrück"),
    ("Wilhelmshaven", "26382", "034050000000", "Wilhelmshaven"),
    ("Aurich", "26603", "034520001001", "Landkreis Aurich"),
    ("Cloppenburg", "49661", "034530004004", "Landkreis Cloppenburg"),
    ("Lingen (Ems)", "49808", "034540032032", "Landkreis Emsland"),
    ("Meppen", "49716", "034540035035", "Landkreis Emsland"),
    ("Nordhorn", "48529", "034560015015", "Landkreis Grafschaft Bentheim"),
    ("Leer", "26789", "034570013013", "Landkreis Leer"),
    ("Vechta", "49377", "034600009009", "Landkreis Vechta"),
    ("Friesoythe", "26169", "034530005005", "Landkreis Cloppenburg"),
    ("Buxtehude", "21614", "033590010010", "Landkreis Stade"),
    ("Winsen (Luhe)", "21423", "033530040040", "Landkreis Harburg"),
    ("Bad Pyrmont", "31812", "032520001001", "Landkreis Hameln-Pyrmont"),
)
QUARTERS = ("Mitte", "Nord", "Süd", "Ost", "West", "Altstadt", "Südstadt", "Weststadt", "Innenstadt")
STREETS = (
    "Bahnhofstraße", "Hauptstraße", "Schulstraße", "Am Markt", "Lindenallee", "Kirchweg",
    "Goethestraße", "Schillerplatz", "Mühlenweg", "Gartenstraße", "Lange Straße", "Rathausplatz",
    "Bismarckstraße", "Friedrich-Ebert-Straße", "Am Bahnhof", "Wilhelmstraße", "Marktstraße",
    "Poststraße", "Berliner Allee", "Königsworther Platz", "Georgstraße", "Am Schloßgarten",
    "Ritterstraße", "Brückenstraße", "Große Straße", "Kastanienweg", "Weserstraße", "Leinstraße",
    "Sophienstraße", "Hindenburgdamm", "Am Wall", "Friedenstraße", "Bürgermeister-Smidt-Straße",
)  # fmt: skip
FIRST_NAMES = (
    "Anna", "Jonas", "Lea", "Lukas", "Mia", "Elias", "Hannah", "Paul", "Emine", "Mehmet",
    "Fatma", "Ahmad", "Sabine", "Thomas", "Katrin", "Michael", "Birgit", "Jürgen", "Özlem",
    "Yusuf", "Agnieszka", "Dariusz", "Svenja", "Henrik", "Ayşe", "Malte", "Frauke", "Jörg",
)  # fmt: skip
SURNAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun",
    "Hofmann", "Zimmermann", "Krüger", "Hartmann", "Lange", "Janssen", "Petersen", "Yılmaz",  # noqa: RUF001
    "Kaya", "Demir", "Nowak", "Kowalski", "Brinkmann", "Hinrichs", "Oltmanns", "Böhm",
)  # fmt: skip

# (kind, German pattern, English pattern or None): {place} and {quarter} are filled in.
NAME_PATTERNS: tuple[tuple[str, str, str | None], ...] = (
    ("association", "Jugendhilfe {place} e.V.", "Youth Welfare {place}"),
    ("association", "Kinderschutzbund {place}", "Child Protection League {place}"),
    ("association", "Integrationshilfe {place}-{quarter} e.V.", None),
    ("association", "Bildungswerk für Demokratie {place}", "Democracy Education Centre {place}"),
    ("association", "Begegnungszentrum {place}-{quarter}", "Community Centre {place}-{quarter}"),
    ("association", "Elterninitiative Zusammenhalt {place}", None),
    ("association", "Islamische Gemeinde {place} e.V.", "Islamic Community {place}"),
    ("association", "Nachbarschaftshilfe {place}-{quarter} e.V.", None),
    ("agency", "Jugendamt {place}", "Youth Welfare Office {place}"),
    ("agency", "Jobcenter {place}", "Job Centre {place}"),
    ("agency", "Integrierte Gesamtschule {place}-{quarter}", "Comprehensive School {place}-{quarter}"),
    ("agency", "Berufsbildende Schulen {place}", "Vocational Schools {place}"),
    ("agency", "Gymnasium {place}-{quarter}", None),
    ("agency", "Ausländerbehörde {place}", "Immigration Office {place}"),
    ("municipality", "Stadt {place}", "City of {place}"),
    ("municipality", "Kommunale Präventionsstelle {place}", "Municipal Prevention Office {place}"),
    ("police", "Polizeiinspektion {place}", "Police Inspectorate {place}"),
    ("police", "Polizeikommissariat {place}-{quarter}", "Police Station {place}-{quarter}"),
    ("network", "Präventionsnetzwerk {place}", "Prevention Network {place}"),
    ("network", "Netzwerk Demokratie und Toleranz {place}", None),
    ("programme", "Beratungsstelle Radikalisierungsprävention {place}", "Radicalisation Counselling {place}"),
    ("programme", "Ausstiegsbegleitung {place}", "Exit Support {place}"),
    ("working_group", "Arbeitskreis Prävention {place}", "Prevention Working Group {place}"),
    ("working_group", "Runder Tisch gegen Extremismus {place}", "Round Table against Extremism {place}"),
)  # fmt: skip

AUDIENCES = (
    "Jugendliche", "Eltern und Angehörige", "Lehrkräfte", "Fachkräfte der Jugendhilfe",
    "Schulsozialarbeit", "Vereine und Moscheegemeinden", "Beschäftigte der Verwaltung",
)  # fmt: skip
THEMES = (
    "Radikalisierung", "Demokratieförderung", "Extremismusprävention", "Antisemitismus",
    "Muslimfeindlichkeit", "Verschwörungserzählungen", "Konflikte im Klassenzimmer",
    "Medienkompetenz", "Ausstieg aus extremistischen Szenen", "Integration und Teilhabe",
)  # fmt: skip
DESCRIPTIONS = (
    "{name} berät {audience} in {place} und im {district} zu {theme} und {theme2}.",
    "Seit {year} unterstützt {name} {audience} bei Fragen zu {theme}; Gespräche sind vertraulich.",
    "{name} vermittelt Kontakte im {district}, bietet Fortbildungen zu {theme} an und arbeitet "
    "mit Schulen, Jugendzentren und der Polizei zusammen.",
    "Anlaufstelle für {audience} in {place}: Information, Beratung und Begleitung bei {theme}.",
)
LABELS = {
    "postal_address": ("Postanschrift", "Postal address"),
    "visiting_address": ("Besucheranschrift", "Visiting address"),
    "email": ("E-Mail", "Email"),
    "phone": ("Telefon", "Phone"),
    "fax": ("Fax", "Fax"),
    "web_form": ("Kontaktformular", "Contact form"),
    "website": ("Webseite", "Website"),
}
EXTRA_CHANNELS = ("email", "phone", "phone", "fax", "web_form", "website", "visiting_address")
LANGUAGE_SETS = (["de"], ["de"], ["de", "en"], ["de", "en", "tr"], ["de", "ar"], ["de", "ru", "uk"])
ROLES = ("support", "support", "support", "formal", "lead", "shared_lead")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


@dataclass(frozen=True)
class Generated:
    """The rows of one organisation, as ``COPY`` takes them."""

    organisation: tuple[Any, ...]
    channels: list[tuple[Any, ...]]
    responsibilities: list[tuple[Any, ...]]


ORGANISATION_COLUMNS = (
    "id", "created_at", "updated_at", "slug", "name_de", "name_en", "short_name", "kind",
    "description_de", "description_en", "parent_id", "region", "website", "founded",
    "founded_by_de", "founded_by_en", "assured_at", "sort_key", "search_text", "version",
)  # fmt: skip
CHANNEL_COLUMNS = (
    "id", "created_at", "updated_at", "organisation_id", "kind", "label_de", "label_en", "value",
    "visibility", "street", "postal_code", "city", "state", "country", "opening_hours", "languages",
    "position", "version",
)  # fmt: skip
RESPONSIBILITY_COLUMNS = (
    "id", "topic_id", "organisation_id", "role", "region", "description_de", "description_en", "version",
)  # fmt: skip


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _slugify(text: str) -> str:
    folded = fold(text)
    return "-".join("".join(char if char.isalnum() else " " for char in folded).split())


def _opening_hours(rng: random.Random) -> dict[str, Any]:
    opens = rng.choice(("08:00", "08:30", "09:00", "10:00"))
    closes = rng.choice(("12:00", "15:30", "16:00", "18:00"))
    weekly = [{"day": day, "opens": opens, "closes": closes} for day in WEEKDAYS if rng.random() < 0.8]
    return {"weekly": weekly, "exceptions": [], "open_on_public_holidays": False, "timezone": "Europe/Berlin"}


def organisation(seed: int, index: int, topic_ids: Sequence[uuid.UUID]) -> Generated:
    """Organisation ``index`` of the directory of ``seed``, with its channels and duties."""
    rng = random.Random(f"kipni-bench:{seed}:{index}")
    kind, pattern_de, pattern_en = rng.choice(NAME_PATTERNS)
    city, postal_code, region, district = rng.choice(PLACES)
    quarter = rng.choice(QUARTERS)
    name_de = pattern_de.format(place=city, quarter=quarter)
    name_en = pattern_en.format(place=city, quarter=quarter) if pattern_en and rng.random() < 0.6 else None
    slug = f"{_slugify(name_de)[:60].rstrip('-')}-{index}"
    short_name = "".join(word[0] for word in name_de.split() if word[0].isupper())[:12] or None
    theme, theme2 = rng.sample(THEMES, 2)
    description_de = " ".join(
        template.format(
            name=name_de,
            audience=rng.choice(AUDIENCES),
            place=city,
            district=district,
            theme=theme,
            theme2=theme2,
            year=rng.randint(1995, 2025),
        )
        for template in rng.sample(DESCRIPTIONS, rng.randint(1, 3))
    )
    description_en = (
        f"{name_en or name_de} advises people in {city} on {rng.choice(('radicalisation', 'democracy'))}."
        if name_en
        else None
    )
    domain = f"{_slugify(city).split('-')[0]}-{index}.example"
    website = f"https://www.{domain}/" if rng.random() < 0.7 else None
    created = EPOCH + timedelta(minutes=index)
    updated = created + timedelta(days=rng.randint(0, 300))
    assured = updated if rng.random() < 0.5 else None
    founded = rng.randint(1950, 2024) if rng.random() < 0.4 else None
    founded_by = (
        f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}" if founded and rng.random() < 0.5 else None
    )
    organisation_id = _uuid(rng)
    organisation_row = (
        organisation_id, created, updated, slug, name_de, name_en, short_name, kind,
        description_de, description_en, None, region if rng.random() < 0.9 else None, website,
        founded, founded_by, founded_by, assured, fold(name_de)[:300],
        searchable(slug, name_de, name_en, short_name, description_de, description_en), 1,
    )  # fmt: skip

    street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
    kinds = ["postal_address", "email", *rng.sample(EXTRA_CHANNELS, rng.randint(1, 6))]
    channels = []
    for position, channel_kind in enumerate(kinds):
        label_de, label_en = LABELS[channel_kind]
        address: tuple[str | None, ...] = (None, None, None, None, None)
        opening_hours = None
        person = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        if channel_kind in ("postal_address", "visiting_address"):
            channel_street = (
                street if channel_kind == "postal_address" else f"{rng.choice(STREETS)} {position}"
            )
            value = f"{channel_street}, {postal_code} {city}"
            address = (channel_street, postal_code, city, "Niedersachsen", "DE")
            if channel_kind == "visiting_address":
                opening_hours = json.dumps(_opening_hours(rng))
        elif channel_kind == "email":
            value = f"{_slugify(person).replace('-', '.')}@{domain}" if position else f"info@{domain}"
        elif channel_kind in ("phone", "fax"):
            value = f"+49 {rng.randint(4100, 5999)} {rng.randint(100000, 9999999)}"
            label_de = f"{label_de} ({person})" if rng.random() < 0.4 else label_de
        else:
            value = f"https://www.{domain}/{'kontakt' if channel_kind == 'web_form' else ''}"
        visibility = rng.choices(("public", "partners", "internal"), weights=(85, 10, 5))[0]
        channels.append(
            (
                _uuid(rng),
                created,
                updated,
                organisation_id,
                channel_kind,
                label_de,
                label_en,
                value,
                visibility,
                *address,
                opening_hours,
                json.dumps(rng.choice(LANGUAGE_SETS)),
                position,
                1,
            )
        )

    responsibilities = [
        (
            _uuid(rng),
            topic_id,
            organisation_id,
            rng.choice(ROLES),
            region if rng.random() < 0.7 else None,
            f"Ansprechstelle für {rng.choice(THEMES)} in {city}.",
            None,
            1,
        )
        for topic_id in rng.sample(list(topic_ids), rng.randint(1, min(3, len(topic_ids))))
    ]
    return Generated(organisation_row, channels, responsibilities)


def organisations(seed: int, start: int, stop: int, topic_ids: Sequence[uuid.UUID]) -> Iterator[Generated]:
    for index in range(start, stop):
        yield organisation(seed, index, topic_ids)


def search_words(seed: int, count: int, topic_ids: Sequence[uuid.UUID], *, size: int) -> list[str]:
    """``count`` different search texts drawn from the names and descriptions of the data:
    whole words and the prefixes someone types, each one only once."""
    rng = random.Random(f"kipni-bench-search:{seed}:{size}")
    found: list[str] = []
    seen: set[str] = set()
    attempts = 0
    while len(found) < count and attempts < count * 100:
        attempts += 1
        row = organisation(seed, rng.randrange(size), topic_ids).organisation
        words = [word.strip(".,;:()") for word in f"{row[4]} {row[8]}".split()]
        words = [word for word in words if len(word) >= 5 and word.isalpha()]
        if not words:
            continue
        word = rng.choice(words)
        text = word[: rng.randint(4, len(word))]
        if fold(text) not in seen:
            seen.add(fold(text))
            found.append(text)
    return found


LOADED_TABLES = ("organisations", "contact_channels", "responsibilities")


def load(url: str, seed: int, start: int, stop: int, *, batch: int = 5000) -> None:
    """Adds organisations ``start`` to ``stop`` of ``seed`` to the database at ``url``
    (a plain ``postgresql://`` URL), with ``COPY``, and counts one directory write.

    Only the tables it filled are analysed: statistics taken of the still-empty referral
    tables would tell the planner they stay empty, and the foreign-key check of every
    stored submission would then scan them whole, slower with each referral."""
    with psycopg.connect(url) as connection:
        topic_ids = [row[0] for row in connection.execute("SELECT id FROM topics ORDER BY position, slug")]
        with connection.cursor() as cursor:
            for low in range(start, stop, batch):
                generated = list(organisations(seed, low, min(stop, low + batch), topic_ids))
                for table, columns, rows in (
                    ("organisations", ORGANISATION_COLUMNS, [item.organisation for item in generated]),
                    (
                        "contact_channels",
                        CHANNEL_COLUMNS,
                        [row for item in generated for row in item.channels],
                    ),
                    (
                        "responsibilities",
                        RESPONSIBILITY_COLUMNS,
                        [row for item in generated for row in item.responsibilities],
                    ),
                ):
                    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
            cursor.execute("UPDATE directory_state SET version = version + 1")
            cursor.execute("SELECT pg_notify('kipni_directory', 'changed')")
        connection.commit()
        connection.autocommit = True
        connection.execute(f"ANALYZE {', '.join(LOADED_TABLES)}")
