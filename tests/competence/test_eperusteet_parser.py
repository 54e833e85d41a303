"""Tests for the stdlib-only ePerusteet parser (competence.frameworks.eperusteet).

The real documents are the samples shipped in ``competence/frameworks/samples`` (see its README
for the per-file counts asserted here); the 2019-shape fixture is hand-written and lives beside
this file because no real sample document uses that shape.
"""

from __future__ import annotations

import copy
import functools
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # lets the file run without the project's pytest config
    sys.path.insert(0, str(REPO_ROOT))

from competence.frameworks.eperusteet import (  # noqa: E402
    EperusteetFormatError,
    ParsedQualification,
    ParsedRequirement,
    parse_html_list,
    parse_peruste,
    parse_peruste_bytes,
    parse_peruste_file,
)
from tests.competence.eperusteet_samples import data_dir  # noqa: E402

FIXTURE_2019 = Path(__file__).resolve().parent / "fixtures" / "peruste-2019-shape.json"

AJONEUVO = "ajoneuvoalan-perustutkinto-2025.json"
SEARCH_PAGE = "hakutulokset-auto.json"
LIIKETALOUS = "rakenne-liiketalouden-perustutkinto.json"
LUONTO = "rakenne-luonto-ja-ymparistoala.json"
PUUTARHA = "rakenne-puutarhatalouden-perustutkinto.json"
TELMA = "rakenne-telma.json"
FAULTY = "rakenne-virheellinen-puuteollisuuden-perustutkinto.json"


@functools.cache
def _raw_text(name: str) -> str:
    return (data_dir() / name).read_text(encoding="utf-8")


def raw(name: str) -> dict[str, Any]:
    """A fresh, mutable copy of a real document."""
    return json.loads(_raw_text(name))


@functools.cache
def parsed(name: str) -> ParsedQualification:
    return parse_peruste_file(data_dir() / name)


def requirements(
    qualification: ParsedQualification, shape: str, unit_type: str | None = None
) -> list[ParsedRequirement]:
    return [
        requirement
        for unit in qualification.units
        if unit_type is None or unit.unit_type == unit_type
        for group in unit.requirement_groups
        if group.shape == shape
        for requirement in group.requirements
    ]


def group_count(qualification: ParsedQualification, shape: str) -> int:
    groups = [group for unit in qualification.units for group in unit.requirement_groups]
    return sum(1 for group in groups if group.shape == shape)


def parse_error(data: Any) -> EperusteetFormatError:
    with pytest.raises(EperusteetFormatError) as excinfo:
        parse_peruste(data)
    return excinfo.value


# --------------------------------------------------------------------------------------------
# Real documents: counts from the README table
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "unit_count"),
    [(AJONEUVO, 1), (LIIKETALOUS, 38), (LUONTO, 50), (PUUTARHA, 29), (TELMA, 3)],
)
def test_every_unit_is_imported(name: str, unit_count: int) -> None:
    qualification = parsed(name)
    assert len(qualification.units) == unit_count
    assert [unit.eperusteet_id for unit in qualification.units] == [
        unit["id"] for unit in raw(name)["tutkinnonOsat"]
    ]
    assert qualification.skipped == ()


@pytest.mark.parametrize(
    ("name", "units_with_requirements", "items"),
    [(LIIKETALOUS, 34, 156), (LUONTO, 46, 438), (PUUTARHA, 25, 242)],
)
def test_older_shape_requirement_items_match_readme(
    name: str, units_with_requirements: int, items: int
) -> None:
    qualification = parsed(name)
    assert len(requirements(qualification, "html", "normaali")) == items
    assert group_count(qualification, "html") == units_with_requirements


@pytest.mark.parametrize("name", [LIIKETALOUS, LUONTO, PUUTARHA])
def test_common_units_become_one_group_per_osa_alue(name: str) -> None:
    qualification = parsed(name)
    common = [unit for unit in qualification.units if unit.unit_type == "tutke2"]
    assert [unit.code for unit in common] == ["101053", "101054", "101055", "101056"]
    assert group_count(qualification, "common") == 15
    assert [len(unit.requirement_groups) for unit in common] == [3, 3, 4, 5]
    # 219 <li> items over the 43 osaamistavoitteet (counted in fi, or sv where fi is absent).
    assert len(requirements(qualification, "common")) == 219
    first = common[0].requirement_groups[0]
    assert first.heading == {"fi": "Äidinkieli", "sv": "Modersmålet"}
    assert first.requirements[0].texts == {
        "fi": "osaa viestiä ja toimia erilaisissa vuorovaikutustilanteissa",
        "sv": "kan kommunicera och agera i olika interaktionssituationer",
    }
    assert first.requirements[0].compulsory is True


def test_common_unit_sv_only_objective_keeps_swedish() -> None:
    unit = parsed(LIIKETALOUS).unit(1784884)
    mother_tongue = unit.requirement_groups[0]
    prefix = "1784884-1785699-1786492-"  # unit - osaAlue - osaamistavoite (Äidinkieli, ruotsi)
    swedish = [r for r in mother_tongue.requirements if r.code.startswith(prefix)]
    assert len(swedish) == 8
    assert swedish[0].texts == {"sv": "kan kommunicera och agera i olika interaktionssituationer"}
    assert swedish[0].compulsory is True


def test_telma_objectives() -> None:
    qualification = parsed(TELMA)
    assert qualification.eperusteet_id == 2910079
    assert qualification.diaarinumero == "OPH-2659-2017"
    assert qualification.qualification_type == "koulutustyyppi_5"
    assert qualification.valid_from == date(2018, 1, 1)
    assert qualification.competence_areas == ()
    assert qualification.titles == ()
    assert group_count(qualification, "telma") == 10
    assert len(requirements(qualification, "telma")) == 57
    assert [len(unit.requirement_groups) for unit in qualification.units] == [5, 4, 1]
    assert [unit.requirement_count for unit in qualification.units] == [31, 17, 9]
    first_unit = qualification.units[0]
    assert first_unit.code == "400005"
    assert first_unit.competence_points == Decimal("0")
    assert first_unit.competence_points_max == Decimal("25")
    assert first_unit.compulsory is False
    group = first_unit.requirement_groups[0]
    assert group.key == "3003003-4413150"
    assert group.heading == {
        "fi": "Liikunta, liikkuminen ja motoriset taidot",
        "sv": "Motion samt motoriska aktiviteter och färdigheter",
    }
    assert group.notes["fi"].startswith("Tavoitteena on, että opiskelija edistää liikunnan avulla")
    assert group.requirements[0].code == "3003003-4413150-1"
    assert group.requirements[0].texts["fi"] == (
        "omaksuu liikunnan osaksi terveellisiä ja aktiivisia elämäntapojaan sekä ymmärtää "
        "liikunnan merkityksen toiminta- ja työkyvylle"
    )
    # The trailing space in the source name is gone; the last objective is named in sv only.
    assert qualification.units[1].names["fi"] == "Opiskeluvalmiuksien vahvistaminen"
    assert qualification.units[2].requirement_groups[0].heading == {"sv": "Mål för kunnandet"}


def test_ajoneuvo_hand_made_unit_without_requirements() -> None:
    qualification = parsed(AJONEUVO)
    assert qualification.eperusteet_id == 9548603
    assert qualification.diaarinumero == "OPH-3418-2025"
    assert qualification.qualification_type == "koulutustyyppi_11"
    assert qualification.names["fi"] == "Ajoneuvoalan ammattitutkinto"
    assert qualification.valid_from == date(2025, 8, 1)
    assert qualification.valid_until is None
    assert qualification.version_timestamp == 1749554156372
    assert qualification.education_codes == ("354345",)
    assert qualification.completion_modes == ("reformi",)
    assert len(qualification.competence_areas) == 5
    assert qualification.competence_areas[0].code == "2357"
    assert qualification.competence_areas[0].uri == "osaamisala_2357"
    assert qualification.competence_areas[0].names["fi"] == "Korjaamopalvelun osaamisala"
    assert len(qualification.titles) == 6
    assert qualification.titles[0].code == "20051"
    assert qualification.titles[0].names == {
        "fi": "Ajoneuvomaalari",
        "sv": "Fordonslackerare",
        "en": "Vehicle Painter",
    }
    (unit,) = qualification.units
    assert unit.eperusteet_id == 9990001
    assert unit.code == "100001"
    assert unit.names == {"fi": "Testiosan nimi", "sv": "Testdelsnamn"}
    assert unit.unit_type is None
    assert unit.competence_points == Decimal("30")
    assert unit.compulsory is True
    assert unit.requirement_groups == ()
    assert unit.assessment == ()


def test_liiketalous_identity_validity_and_first_unit() -> None:
    qualification = parsed(LIIKETALOUS)
    assert qualification.eperusteet_id == 1718932
    assert qualification.names == {
        "fi": "Liiketalouden perustutkinto",
        "sv": "Grundexamen inom företagsekonomi",
    }
    assert qualification.diaarinumero == "59/011/2014"
    assert qualification.qualification_type == "koulutustyyppi_1"
    # 1469998800000 ms is 2016-07-31 21:00 UTC, i.e. midnight 2016-08-01 in Helsinki.
    assert qualification.valid_from == date(2016, 8, 1)
    assert qualification.valid_until == date(2018, 7, 31)
    assert qualification.transition_ends == date(2018, 7, 31)
    assert qualification.education_codes == ("331101",)
    assert qualification.completion_modes == ("ops", "naytto")
    assert qualification.version_timestamp == 1513688323153
    assert [area.code for area in qualification.competence_areas] == ["1563", "1625", "1626"]
    assert [(t.code, t.competence_area_uri) for t in qualification.titles] == [
        ("10059", "osaamisala_1563"),
        ("10059", "osaamisala_1625"),
        ("10059", "osaamisala_1626"),
    ]

    unit = qualification.units[0]
    assert unit.eperusteet_id == 91519
    assert unit.code == "100362"
    assert unit.names == {"fi": "Visuaalinen myyntityö", "sv": "Visuellt säljarbete"}
    assert unit.unit_type == "normaali"
    assert unit.competence_points == Decimal("30")  # from the ops viite; the unit has none
    assert unit.compulsory is False
    assert unit.competence_areas == ("1625", "1626")
    (group,) = unit.requirement_groups
    assert group.key == "91519-1"
    assert group.shape == "html"
    # sv uses "<p>- ...</p>" paragraphs instead of a list, so only fi is kept for this unit.
    assert group.heading == {"fi": "Opiskelija tai tutkinnon suorittaja"}
    assert [(r.code, r.texts) for r in group.requirements] == [
        (
            "91519-1-1",
            {"fi": "toteuttaa tuotteen, tuoteryhmän tai palvelun esillepanon tai kampanjan"},
        ),
        ("91519-1-2", {"fi": "ylläpitää ja seuraa esillepanon tai kampanjan ilmettä"}),
        ("91519-1-3", {"fi": "tuottaa asiakasinformaatiota."}),
    ]


def test_liiketalous_rakenne_placement() -> None:
    qualification = parsed(LIIKETALOUS)
    asiakaspalvelu = qualification.unit(91518)
    assert asiakaspalvelu.compulsory is True
    assert asiakaspalvelu.competence_areas == ()
    # Compulsory only inside the Talous- ja toimistopalvelujen osaamisala: still compulsory.
    talouspalvelut = qualification.unit(200659)
    assert talouspalvelut.compulsory is True
    assert talouspalvelut.competence_areas == ("1625", "1626", "1563")
    assert qualification.unit(633).competence_points == Decimal("5")
    assert qualification.unit(1784887).competence_points == Decimal("8")


def test_liiketalous_assessment_keeps_satisfactory_level() -> None:
    unit = parsed(LIIKETALOUS).units[0]
    assert len(unit.assessment) == 13
    first = unit.assessment[0]
    assert first.area == {"fi": "1. Työprosessien hallinta", "sv": "Behärskande av arbetsprocesser"}
    assert first.target == {"fi": "Oman työn suunnittelu", "sv": "Planering av det egna arbetet"}
    assert first.level == 2
    assert [criterion["fi"] for criterion in first.criteria] == [
        "valmistelee työtehtäviä ohjatusti yrityksen ohjeiden mukaisesti",
        "työskentelee ohjatusti päivittäisen työajan puitteissa",
    ]


def test_luonto_points_nested_lists_and_missing_koodi_uri() -> None:
    qualification = parsed(LUONTO)
    assert qualification.eperusteet_id == 33827
    assert qualification.diaarinumero == "62/011/2014"
    assert qualification.valid_from == date(2015, 8, 1)
    assert qualification.completion_modes == ("naytto", "ops")
    # The unit without koodiUri still has its code from koodiArvo.
    assert raw(LUONTO)["tutkinnonOsat"][0]["koodiUri"] is None
    assert qualification.unit(632).code == "101050"
    # naytto comes first but has no laajuus; ops has it.
    ymparisto = qualification.unit(56633)
    assert ymparisto.competence_points == Decimal("35")
    assert ymparisto.compulsory is True
    assert ymparisto.competence_areas == ("1590",)

    poronhoito = qualification.unit(56635).requirement_groups[0]
    # The source lead-in carries invisible control characters; they are dropped.
    assert poronhoito.heading == {
        "fi": "Opiskelija tai tutkinnon suorittaja osaa",
        "sv": "Den studerande eller examinanden kan",
    }
    assert len(poronhoito.requirements) == 17
    parent, child1, child2 = poronhoito.requirements[11:14]
    assert (parent.code, parent.parent_code) == ("56635-1-12", None)
    assert parent.texts["fi"] == (
        "ottaa työssään huomioon eläinten käsittelyyn liittyvät voimassa olevat säädökset"
    )
    assert (child1.code, child1.parent_code) == ("56635-1-13", "56635-1-12")
    assert child1.texts == {
        "fi": "eläinkuljettajan tutkinnon suorittamiseen vaadittavat valmiudet",
        "sv": "färdigheter som behövs för att avlägga kompetensbevis för förare av djurtransporter",
    }
    assert child2.parent_code == "56635-1-12"

    kestava = qualification.unit(56637).requirement_groups[0]
    assert kestava.notes == {
        "fi": "Suosituslista tunnistettavista kasveista, eläimistä ja luonnonilmiöistä on "
        "liitteenä 2.",
        "sv": "En rekommendationslista på växter, djur och naturfenomen för identifiering ingår "
        "som bilaga 2",
    }


def test_puutarha_unit_laajuus_and_names() -> None:
    qualification = parsed(PUUTARHA)
    assert qualification.eperusteet_id == 1721199
    assert qualification.diaarinumero == "75/011/2014"
    assert qualification.valid_from == date(2016, 8, 1)
    assert qualification.valid_until is None
    assert qualification.transition_ends is None
    unit = qualification.unit(133969)
    assert unit.competence_points == Decimal("60")
    assert unit.competence_areas == ("1585",)
    # "kukka- \n  tai" in the source name is collapsed to single spaces.
    assert unit.names["fi"] == (
        "Asiakkaiden palveleminen ja myymälätyöskentely kukka- tai puutarhakaupassa"
    )
    tyoskentely = qualification.unit(133968).requirement_groups[0].requirements
    assert [r.parent_code for r in tyoskentely[7:11]] == [
        None,
        "133968-1-8",
        "133968-1-8",
        "133968-1-8",
    ]
    assert tyoskentely[10].texts == {
        "fi": "omaa tiedollisesti ja taidollisesti EA1 vastaavat taidot",
        "sv": "teoretiska och praktiska färdigheter som motsvarar FHJ 1",
    }


# --------------------------------------------------------------------------------------------
# Faulty and non-peruste documents
# --------------------------------------------------------------------------------------------


def test_faulty_document_rejects_pre_reform_common_unit_code() -> None:
    with pytest.raises(EperusteetFormatError) as excinfo:
        parse_peruste_file(data_dir() / FAULTY)
    error = excinfo.value
    assert error.path == "$.tutkinnonOsat[40].koodiArvo"
    assert "101053" in error.detail
    assert "400012" in error.detail
    assert "reformi" in error.detail
    assert str(error).startswith("$.tutkinnonOsat[40].koodiArvo: ")
    offending = raw(FAULTY)["tutkinnonOsat"][40]
    assert offending["id"] == 3708881
    assert offending["nimi"]["fi"].strip() == "Viestintä- ja vuorovaikutusosaaminen"


def test_faulty_document_parses_once_the_code_is_corrected() -> None:
    data = raw(FAULTY)
    unit = data["tutkinnonOsat"][40]
    unit["koodiArvo"] = "400012"
    qualification = parse_peruste(data)
    assert qualification.eperusteet_id == 99932281
    assert len(qualification.units) == 43
    assert len(requirements(qualification, "html", "normaali")) == 232
    assert group_count(qualification, "common") == 20
    assert len(requirements(qualification, "common")) == 125
    assert qualification.unit(3708881).code == "400012"


def test_reform_code_under_pre_reform_mode_is_rejected() -> None:
    data = raw(LIIKETALOUS)
    data["tutkinnonOsat"][34]["koodiArvo"] = "400012"
    error = parse_error(data)
    assert error.path == "$.tutkinnonOsat[34].koodiArvo"
    assert "reform-era code 400012" in error.detail


def test_search_result_page_is_not_a_peruste() -> None:
    with pytest.raises(EperusteetFormatError, match="search-result page, not a peruste") as info:
        parse_peruste_file(data_dir() / SEARCH_PAGE)
    assert info.value.path == "$"


# --------------------------------------------------------------------------------------------
# Broken documents
# --------------------------------------------------------------------------------------------


def test_truncated_json() -> None:
    with pytest.raises(EperusteetFormatError) as excinfo:
        parse_peruste_bytes(b'{"id": 1, "nimi": {"fi": "x"')
    assert excinfo.value.path == "$"
    assert excinfo.value.detail == "invalid JSON: Expecting ',' delimiter at line 1 column 29"


def test_truncated_real_file() -> None:
    cut = (data_dir() / LIIKETALOUS).read_bytes()[:100_000]
    with pytest.raises(EperusteetFormatError, match=r"invalid JSON: .* at line \d+ column \d+"):
        parse_peruste_bytes(cut)


def test_not_utf8() -> None:
    with pytest.raises(EperusteetFormatError, match="not UTF-8") as excinfo:
        parse_peruste_bytes(b'{"id": 1, "nimi": {"fi": "\xe4"}}')
    assert excinfo.value.path == "$"


def test_unit_missing_nimi() -> None:
    data = raw(LIIKETALOUS)
    del data["tutkinnonOsat"][3]["nimi"]
    error = parse_error(data)
    assert error.path == "$.tutkinnonOsat[3].nimi"
    assert str(error) == "$.tutkinnonOsat[3].nimi: required field is missing"


def test_unit_nimi_without_any_language() -> None:
    data = raw(LIIKETALOUS)
    data["tutkinnonOsat"][3]["nimi"] = {"_id": "315581"}
    assert parse_error(data).path == "$.tutkinnonOsat[3].nimi"


def test_dangling_tutkinnon_osa_viite() -> None:
    data = raw(LIIKETALOUS)
    leaf = data["suoritustavat"][0]["rakenne"]["osat"][0]["osat"][0]["osat"][0]
    leaf["_tutkinnonOsaViite"] = "999999"
    error = parse_error(data)
    assert error.path == "$.suoritustavat[0].rakenne.osat[0].osat[0].osat[0]._tutkinnonOsaViite"
    assert "999999" in error.detail


def test_viite_pointing_at_missing_unit() -> None:
    data = raw(LIIKETALOUS)
    data["suoritustavat"][1]["tutkinnonOsaViitteet"][2]["_tutkinnonOsa"] = "123"
    error = parse_error(data)
    assert error.path == "$.suoritustavat[1].tutkinnonOsaViitteet[2]._tutkinnonOsa"
    assert "unit 123" in error.detail


def test_missing_peruste_id() -> None:
    data = raw(TELMA)
    del data["id"]
    assert parse_error(data).path == "$.id"


def test_missing_units_when_rakenne_exists() -> None:
    data = raw(TELMA)
    del data["tutkinnonOsat"]
    assert parse_error(data).path == "$.tutkinnonOsat"


@pytest.mark.parametrize(
    ("mutate", "path", "message"),
    [
        (lambda d: d.update(tutkinnonOsat={}), "$.tutkinnonOsat", "expected an array"),
        (
            lambda d: d["tutkinnonOsat"][1].update(nimi="Opiskeluvalmiudet"),
            "$.tutkinnonOsat[1].nimi",
            "expected an object",
        ),
        (lambda d: d["nimi"].update(fi=5), "$.nimi.fi", "expected a string"),
        (lambda d: d.update(id="abc"), "$.id", "expected a numeric id"),
        (
            lambda d: d.update(voimassaoloAlkaa="2018-01-01"),
            "$.voimassaoloAlkaa",
            "expected epoch milliseconds",
        ),
        (
            lambda d: d["suoritustavat"][0]["tutkinnonOsaViitteet"][0].update(laajuus="paljon"),
            "$.suoritustavat[0].tutkinnonOsaViitteet[0].laajuus",
            "expected a number",
        ),
        (
            lambda d: d["suoritustavat"][0]["rakenne"]["osat"][0].update(osat={}),
            "$.suoritustavat[0].rakenne.osat[0].osat",
            "expected an array",
        ),
    ],
)
def test_wrong_types(mutate: Any, path: str, message: str) -> None:
    data = raw(TELMA)
    mutate(data)
    error = parse_error(data)
    assert error.path == path
    assert message in error.detail


def test_root_must_be_an_object() -> None:
    assert parse_error([]).path == "$"


def test_duplicate_unit_id() -> None:
    data = raw(TELMA)
    data["tutkinnonOsat"][2]["id"] = data["tutkinnonOsat"][0]["id"]
    error = parse_error(data)
    assert error.path == "$.tutkinnonOsat[2].id"
    assert "duplicate unit id 3003003" in error.detail


def test_common_unit_without_usable_content_is_skipped() -> None:
    data = raw(LIIKETALOUS)
    data["tutkinnonOsat"][37]["osaAlueet"] = []
    qualification = parse_peruste(data)
    assert len(qualification.units) == 37
    assert 1784888 not in [unit.eperusteet_id for unit in qualification.units]
    assert qualification.skipped == (
        (1784888, "common unit (tutke2) has no osaAlueet with usable osaamistavoitteet"),
    )


# --------------------------------------------------------------------------------------------
# The 2019 shape (hand-written fixture)
# --------------------------------------------------------------------------------------------


def fixture_2019() -> dict[str, Any]:
    return json.loads(FIXTURE_2019.read_text(encoding="utf-8"))


def test_2019_fixture_qualification() -> None:
    qualification = parse_peruste_file(FIXTURE_2019)
    assert qualification.eperusteet_id == 9100100
    assert qualification.diaarinumero == "OPH-9901-2024"
    assert qualification.valid_from == date(2024, 8, 1)
    assert qualification.version_timestamp == 1718013600000  # globalVersion wins over muokattu
    assert qualification.education_codes == ("389901",)
    assert [(a.code, a.names["fi"]) for a in qualification.competence_areas] == [
        ("9901", "Kiinteistönhoidon osaamisala")
    ]
    assert [(t.code, t.names["fi"], t.competence_area_uri) for t in qualification.titles] == [
        ("99001", "Kiinteistönhoitaja", "osaamisala_9901")
    ]
    assert qualification.skipped == ()


def test_2019_fixture_grouped_and_ungrouped_requirements() -> None:
    unit = parse_peruste_file(FIXTURE_2019).unit(9100201)
    assert unit.code == "990101"  # from koodi.arvo; the unit has no koodiArvo
    assert unit.competence_points == Decimal("30")
    assert unit.compulsory is True
    assert unit.competence_areas == ()
    assert [(g.key, g.shape, g.heading) for g in unit.requirement_groups] == [
        ("9100201-0", "2019", {"fi": "Opiskelija osaa", "sv": "Den studerande kan"}),
        ("9100201-1", "2019", {"fi": "Työn suunnittelu", "sv": "Planering av arbetet"}),
        (
            "9100201-2",
            "2019",
            {"fi": "Kiinteistön tekniset järjestelmät", "sv": "Fastighetens tekniska system"},
        ),
    ]
    assert [[(r.code, r.texts) for r in g.requirements] for g in unit.requirement_groups] == [
        [
            (
                "ammattitaitovaatimukset_a9101",
                {
                    "fi": "noudattaa työtä koskevia turvallisuusohjeita ja käyttää tarvittavia "
                    "suojaimia",
                    "sv": "följa säkerhetsanvisningarna för arbetet och använda behövlig "
                    "skyddsutrustning",
                },
            ),
            (
                "9100201-0-2",  # koodi is null: positional code
                {
                    "fi": "toimia vastuullisesti asukkaiden ja asiakkaiden tiloissa",
                    "sv": "arbeta ansvarsfullt i de boendes och kundernas utrymmen",
                },
            ),
        ],
        [
            (
                "ammattitaitovaatimukset_a9102",
                {
                    "fi": "suunnitella päivän huoltotehtävät huoltokirjan ja työtilausten "
                    "perusteella",
                    "sv": "planera dagens underhållsuppgifter utifrån servicebok och "
                    "arbetsbeställningar",
                },
            ),
            (
                "a9103",  # koodi has only arvo
                {
                    "fi": "arvioida tehtäviin tarvittavan ajan ja materiaalit",
                    "sv": "bedöma den tid och det material som uppgifterna kräver",
                },
            ),
        ],
        [
            (
                "55004",  # koodi has only id
                {
                    "fi": "tarkistaa lämmitys- ja ilmanvaihtojärjestelmien toiminnan",
                    "sv": "kontrollera att värme- och ventilationssystemen fungerar",
                    "en": "check that the heating and ventilation systems work",
                },
            ),
            (
                "ammattitaitovaatimukset_a9105",  # vaatimus is null: text from koodi.nimi
                {"fi": "kirjata tekemänsä huoltotoimet kiinteistön huoltojärjestelmään"},
            ),
        ],
    ]


def test_2019_shape_is_preferred_over_older_shape() -> None:
    unit = parse_peruste_file(FIXTURE_2019).unit(9100202)
    assert unit.code == "990102"
    assert unit.competence_points == Decimal("15")
    assert unit.compulsory is False
    assert unit.competence_areas == ("9901",)
    (group,) = unit.requirement_groups
    assert group.key == "9100202-1"
    assert group.shape == "2019"
    assert group.heading == {"fi": "Piha-alueiden hoito", "sv": "Skötsel av gårdsområden"}
    assert [r.code for r in group.requirements] == [
        "ammattitaitovaatimukset_a9201",
        "ammattitaitovaatimukset_a9202",
        "ammattitaitovaatimukset_a9203",
    ]
    assert group.requirements[1].texts == {
        "fi": "huolehtia talvikunnossapidosta, kuten lumitöistä ja liukkauden torjunnasta",
        "sv": "sköta vinterunderhållet, såsom snöröjning och halkbekämpning",
    }


def test_empty_2019_shape_falls_back_to_older_shape() -> None:
    data = fixture_2019()
    data["tutkinnonOsat"][1]["ammattitaitovaatimukset2019"]["kohdealueet"] = []
    (group,) = parse_peruste(data).unit(9100202).requirement_groups
    assert group.shape == "html"
    assert group.heading == {"fi": "Opiskelija osaa", "sv": "Den studerande kan"}
    assert [(r.code, r.texts) for r in group.requirements] == [
        ("9100202-1-1", {"fi": "leikata nurmikon", "sv": "klippa gräsmattan"}),
        ("9100202-1-2", {"fi": "luoda lunta", "sv": "skotta snö"}),
    ]


def test_2019_repeated_code_stays_unique_within_unit() -> None:
    data = fixture_2019()
    area = data["tutkinnonOsat"][1]["ammattitaitovaatimukset2019"]["kohdealueet"][0]
    area["vaatimukset"].append(copy.deepcopy(area["vaatimukset"][0]))
    (group,) = parse_peruste(data).unit(9100202).requirement_groups
    assert [r.code for r in group.requirements] == [
        "ammattitaitovaatimukset_a9201",
        "ammattitaitovaatimukset_a9202",
        "ammattitaitovaatimukset_a9203",
        "ammattitaitovaatimukset_a9201~2",
    ]


def test_unit_laajuus_wins_over_viite() -> None:
    data = fixture_2019()
    data["tutkinnonOsat"][1]["laajuus"] = 20
    assert parse_peruste(data).unit(9100202).competence_points == Decimal("20")
    data["tutkinnonOsat"][1]["laajuus"] = None
    assert parse_peruste(data).unit(9100202).competence_points == Decimal("15")
    data["suoritustavat"][0]["tutkinnonOsaViitteet"][1]["laajuus"] = 7.5
    assert parse_peruste(data).unit(9100202).competence_points == Decimal("7.5")


# --------------------------------------------------------------------------------------------
# HTML list extraction and language pairing
# --------------------------------------------------------------------------------------------


def test_html_entities_and_lead_in() -> None:
    result = parse_html_list(
        "<p>Opiskelija&nbsp;osaa</p>\n<ul>\n\t<li>k&auml;ytt&auml;&auml; &quot;ty&ouml;kaluja&quot;"
        " &amp; koneita</li>\n\t<li>A&#160;&#x41;</li>\n</ul>"
    )
    assert result.lead == "Opiskelija osaa"
    assert result.items == (('käyttää "työkaluja" & koneita', None), ("A A", None))
    assert result.tail == ""


def test_html_nested_lists_and_whitespace() -> None:
    result = parse_html_list(
        "<ul>\n  <li>  ottaa   huomioon\n  säädökset\n"
        "    <ul><li>ensiapu</li><li>hygienia-\n  passi</li></ul>\n  </li>\n"
        "  <li>toimia <strong>turvallisesti</strong><br>työmaalla</li>\n</ul>"
    )
    assert result.items == (
        ("ottaa huomioon säädökset", None),
        ("ensiapu", 0),
        ("hygienia- passi", 0),
        ("toimia turvallisesti työmaalla", None),
    )
    assert result.lead == ""


def test_html_wrapper_item_without_text_is_dropped() -> None:
    result = parse_html_list(
        "<p>Den studerande kan</p><ul><li>\n<ul><li>läsa</li><li>skriva</li></ul>\n</li></ul>"
    )
    assert result.items == (("läsa", None), ("skriva", None))


def test_html_unclosed_items_and_tail_paragraphs() -> None:
    result = parse_html_list(
        "<p>Opiskelija</p><p>osaa</p><ul><li>yksi<li>kaksi</ul><p>&nbsp;</p>"
        "<p>Liite 1.</p><p>Liite 2.</p>"
    )
    assert result.lead == "Opiskelija\nosaa"
    assert result.items == (("yksi", None), ("kaksi", None))
    assert result.tail == "Liite 1.\nLiite 2."


def test_html_without_list_becomes_one_requirement() -> None:
    data = fixture_2019()
    unit = data["tutkinnonOsat"][1]
    del unit["ammattitaitovaatimukset2019"]
    unit["ammattitaitovaatimukset"] = {"fi": "<p>Opiskelija hoitaa <em>piha-alueita</em>.</p>"}
    (group,) = parse_peruste(data).unit(9100202).requirement_groups
    assert [(r.code, r.texts) for r in group.requirements] == [
        ("9100202-1-1", {"fi": "Opiskelija hoitaa piha-alueita."})
    ]


def test_mismatched_language_is_dropped_and_matching_one_kept() -> None:
    data = fixture_2019()
    unit = data["tutkinnonOsat"][1]
    del unit["ammattitaitovaatimukset2019"]
    unit["ammattitaitovaatimukset"] = {
        "_id": "1",
        "fi": "<p>Opiskelija osaa</p><ul><li>leikata nurmikon</li><li>luoda lunta</li></ul>",
        "sv": "<p>Den studerande kan</p><ul><li>klippa gräsmattan</li></ul>",
        "en": "<p>The student can</p><ul><li>mow the lawn</li><li>shovel snow</li></ul>",
    }
    (group,) = parse_peruste(data).unit(9100202).requirement_groups
    assert group.heading == {"fi": "Opiskelija osaa", "en": "The student can"}
    assert [r.texts for r in group.requirements] == [
        {"fi": "leikata nurmikon", "en": "mow the lawn"},
        {"fi": "luoda lunta", "en": "shovel snow"},
    ]


# --------------------------------------------------------------------------------------------
# Determinism
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [LIIKETALOUS, LUONTO, TELMA])
def test_parsing_is_deterministic(name: str) -> None:
    first = parse_peruste_file(data_dir() / name)
    second = parse_peruste(raw(name))
    assert first == second
    codes = [r.code for u in first.units for g in u.requirement_groups for r in g.requirements]
    assert codes == [
        r.code for u in second.units for g in u.requirement_groups for r in g.requirements
    ]
    assert len(codes) == len(set(codes))
