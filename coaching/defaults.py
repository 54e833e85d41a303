"""Default configuration seeded into every new municipality (editable afterwards).

Names are Finnish because they are the municipality's own data, not UI text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

DIFFICULTY_LEVELS = [
    (1, "Ohjattu perustehtävä", "Yksinkertainen tehtävä valmentajan ohjauksessa."),
    (2, "Ohjattu vaativampi tehtävä", "Vaativampi tehtävä valmentajan ohjauksessa."),
    (3, "Osittain itsenäinen tehtävä", "Tehtävä, jonka valmentautuja tekee osin itsenäisesti."),
]

# (code, name, [(task name, protective equipment, needs transport, (level 1, 2, 3 texts))])
TASK_SECTORS = [
    (
        "property_care",
        "Ympäristön- ja kiinteistönhoito",
        [
            (
                "Piha-alueiden siistiminen",
                "Työkäsineet, huomioliivi",
                False,
                (
                    "Roskien keruu ohjeen mukaan",
                    "Haravointi ja lehtipuhallus",
                    "Alueen hoito työlistan mukaan",
                ),
            ),
            (
                "Lumityöt",
                "Talvikengät, huomioliivi",
                False,
                ("Kulkuväylien lapiointi", "Hiekoitus ja kolaus", "Kohteen talvikunnossapito"),
            ),
        ],
    ),
    (
        "cleaning",
        "Puhtauspalvelut",
        [
            (
                "Ylläpitosiivous",
                "Suojakäsineet",
                False,
                (
                    "Pintojen pyyhintä ohjatusti",
                    "Lattioiden nihkeäpyyhintä",
                    "Kohteen siivous palvelukuvauksen mukaan",
                ),
            ),
            (
                "Perussiivous",
                "Suojakäsineet, turvakengät",
                False,
                (
                    "Irtokalusteiden puhdistus",
                    "Koneellinen lattianpesu ohjatusti",
                    "Perussiivouksen suunnittelu ja toteutus",
                ),
            ),
        ],
    ),
    (
        "food_services",
        "Ruokapalvelut",
        [
            (
                "Astiahuolto",
                "Suojaessu",
                False,
                ("Astioiden lajittelu", "Astianpesukoneen käyttö", "Astiahuollon vastuuvuoro"),
            ),
            (
                "Salaattien ja kylmäruokien valmistus",
                "Hiussuoja, suojakäsineet",
                False,
                (
                    "Raaka-aineiden esikäsittely",
                    "Salaatin valmistus reseptin mukaan",
                    "Linjaston kylmäpuolen vastuu",
                ),
            ),
        ],
    ),
    (
        "moving",
        "Tilatyhjennykset ja kalustesiirrot",
        [
            (
                "Kalusteiden siirto",
                "Turvakengät, työkäsineet",
                True,
                (
                    "Kevyiden kalusteiden kantaminen",
                    "Kalusteiden purku ja kokoaminen",
                    "Muuton suunnittelu ja kuormaus",
                ),
            ),
        ],
    ),
    (
        "machine_care",
        "Koneiden ja laitteiden huolto",
        [
            (
                "Työvälineiden huolto",
                "Suojalasit, työkäsineet",
                False,
                (
                    "Välineiden puhdistus",
                    "Terien teroitus ohjatusti",
                    "Huoltokirjanpito ja pienkorjaukset",
                ),
            ),
        ],
    ),
    (
        "recycling",
        "Kierrätys ja kiertotalous",
        [
            (
                "Kierrätysmateriaalin lajittelu",
                "Työkäsineet",
                False,
                (
                    "Lajittelu ohjeen mukaan",
                    "Tuotteiden kunnon arviointi",
                    "Myymälään hinnoittelu ja esillepano",
                ),
            ),
        ],
    ),
    (
        "school_assistance",
        "Koulujen ja varhaiskasvatuksen avustavat tehtävät",
        [
            (
                "Ruokailun avustaminen",
                "",
                False,
                (
                    "Ruokasalin järjestely",
                    "Ruokailutilanteen avustaminen",
                    "Ruokailuvuoron järjestelyt",
                ),
            ),
        ],
    ),
    (
        "office_work",
        "Toimistotyö",
        [
            (
                "Postitus ja arkistointi",
                "",
                False,
                ("Postin lajittelu", "Asiakirjojen arkistointi", "Arkistoinnin kokonaisuus"),
            ),
        ],
    ),
]

# Legal frames as dated rules (see docs/domain.md). Hours are per day, months per organiser.
PARTICIPATION_STATUSES = [
    {
        "code": "work_trial",
        "name": "Työkokeilu",
        "is_social_welfare": False,
        "has_subsidy_type": False,
        "frame": {
            "valid_from": date(2025, 1, 1),
            "min_days_per_week": 1,
            "max_days_per_week": 5,
            "min_hours_per_day": Decimal("4"),
            "max_hours_per_day": Decimal("8"),
            "max_months_same_organiser": 6,
            "max_months_total": 12,
            "source": "Laki työvoimapalveluiden järjestämisestä 380/2023",
        },
    },
    {
        "code": "rehabilitative_work",
        "name": "Kuntouttava työtoiminta",
        "is_social_welfare": True,
        "has_subsidy_type": False,
        "frame": {
            "valid_from": date(2001, 9, 1),
            "min_days_per_week": 1,
            "max_days_per_week": 4,
            "min_hours_per_day": Decimal("4"),
            "max_hours_per_day": Decimal("8"),
            "max_hours_per_week": Decimal("32"),
            "min_months_per_period": 3,
            "max_months_per_period": 24,
            "source": "Laki kuntouttavasta työtoiminnasta 189/2001",
        },
    },
    {
        "code": "employment",
        "name": "Työsuhde",
        "is_social_welfare": False,
        "has_subsidy_type": True,
        "frame": {
            "valid_from": date(2025, 1, 1),
            "min_days_per_week": 1,
            "max_days_per_week": 5,
            "min_hours_per_day": Decimal("1"),
            "max_hours_per_day": Decimal("8"),
            "source": "Työsopimuslaki 55/2001",
        },
    },
    {
        "code": "career_coaching",
        "name": "Uravalmennus",
        "is_social_welfare": False,
        "has_subsidy_type": False,
        "frame": {
            "valid_from": date(2025, 1, 1),
            "min_days_per_week": 1,
            "max_days_per_week": 5,
            "min_hours_per_day": Decimal("1"),
            "max_hours_per_day": Decimal("8"),
            "source": "Laki työvoimapalveluiden järjestämisestä 380/2023",
        },
    },
]

SERVICE_FORMS = [
    (
        "service_work_education",
        "Työhön ja koulutukseen tähtäävä palvelu",
        "Työttömille työnhakijoille, joilla on valmiudet siirtyä eteenpäin.",
    ),
    (
        "service_assessment",
        "Selvityspalvelu",
        "Kun työmarkkinoille sijoittuminen on epäselvää tai asiakas palaa kuntoutuksesta.",
    ),
    (
        "service_immigrants",
        "Maahanmuuttajien valmennus",
        "Kieli-, työyhteisö- ja työkykyvalmiuksia käytännön työn kautta.",
    ),
    (
        "service_coaching_employment",
        "Valmennukselliset työsuhteet",
        "Ammatillisen osaamisen vahvistaminen avoimille työmarkkinoille siirtymiseksi.",
    ),
]

TARGET_GROUPS = [
    ("long_term_unemployed", "Pitkäaikaistyöttömät"),
    ("young_people", "Nuoret"),
    ("immigrants", "Maahanmuuttajat"),
    ("partial_work_capacity", "Osatyökykyiset"),
]

# Coaching activities besides work: (code, name).
ACTIVITY_TYPES = [
    ("info_session", "Infotilaisuus"),
    ("workplace_visit", "Työpaikkatutustuminen"),
    ("school_visit", "Oppilaitostutustuminen"),
    ("job_search_session", "Ohjattu työnhaku"),
    ("digital_skills_mapping", "Digitaitojen kartoitus"),
    ("other", "Muu valmennus"),
]


def national_sector_codes() -> list[str]:
    """The codes of the national default sectors, in their order."""
    return [code for code, _name, _tasks in TASK_SECTORS]


def equipment_names(text: str) -> list[str]:
    """Split a task's protective-equipment text ("Työkäsineet, huomioliivi") into type names."""
    names = []
    for part in text.split(","):
        name = part.strip()
        if name and name[0].upper() + name[1:] not in names:
            names.append(name[0].upper() + name[1:])
    return names
