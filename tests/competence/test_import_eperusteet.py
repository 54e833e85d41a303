"""Tests for importing ePerusteet documents (competence.frameworks + import_eperusteet).

The real documents are the samples shipped in ``competence/frameworks/samples`` (gzip-compressed,
decompressed once per run by ``tests.competence.eperusteet_samples``); the expected unit and
requirement counts are the samples README's and the parser tests' numbers.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from competence.frameworks.eperusteet import parse_peruste_bytes
from competence.frameworks.models import (
    CompetenceArea,
    Qualification,
    QualificationVersion,
    Requirement,
    RequirementGroup,
    Title,
    Unit,
)
from competence.frameworks.selectors import (
    qualification_get_current,
    qualification_list,
    requirement_list_for_unit,
    unit_current_successor,
    unit_list,
)
from competence.frameworks.services import ImportResult, ImportStatus, qualification_import
from tests.competence.eperusteet_samples import data_dir

pytestmark = pytest.mark.django_db

AJONEUVO = "ajoneuvoalan-perustutkinto-2025.json"
SEARCH_PAGE = "hakutulokset-auto.json"
LIIKETALOUS = "rakenne-liiketalouden-perustutkinto.json"
LUONTO = "rakenne-luonto-ja-ymparistoala.json"
PUUTARHA = "rakenne-puutarhatalouden-perustutkinto.json"
TELMA = "rakenne-telma.json"
FAULTY = "rakenne-virheellinen-puuteollisuuden-perustutkinto.json"
FIXTURE_2019 = Path(__file__).resolve().parent / "fixtures" / "peruste-2019-shape.json"

TELMA_NAME = "Työhön ja itsenäiseen elämään valmentava koulutus (TELMA)"
TELMA_VERSION = 1549276346167

MODELS = (
    Qualification,
    QualificationVersion,
    CompetenceArea,
    Title,
    Unit,
    RequirementGroup,
    Requirement,
)


def raw(name: str) -> dict[str, Any]:
    return json.loads((data_dir() / name).read_text(encoding="utf-8"))


def import_bytes(content: bytes, source: str = "test") -> ImportResult:
    return qualification_import(
        parsed=parse_peruste_bytes(content),
        raw_sha256=hashlib.sha256(content).hexdigest(),
        source=source,
    )


def import_file(path: Path) -> ImportResult:
    return import_bytes(path.read_bytes(), str(path))


def import_data(data: dict[str, Any]) -> ImportResult:
    return import_bytes(json.dumps(data, ensure_ascii=False).encode())


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row's id and last-write time, to prove that nothing was written."""
    result = {}
    for model in MODELS:
        stamp = "imported_at" if model is QualificationVersion else "updated_at"
        result[model.__name__] = sorted(model.objects.values_list("pk", stamp))
    return result


def bump_version(data: dict[str, Any], by: int = 60_000) -> None:
    data["globalVersion"]["aikaleima"] += by
    data["muokattu"] += by


def command(*args: str, **options: Any) -> str:
    out = StringIO()
    call_command("import_eperusteet", *args, stdout=out, **options)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Real documents
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "eperusteet_id", "units", "groups", "requirements", "areas", "titles"),
    [
        (AJONEUVO, 9548603, 1, 0, 0, 5, 6),
        # Older HTML lists (README "req. items") plus 219 items in the 15 common-unit areas.
        (LIIKETALOUS, 1718932, 38, 34 + 15, 156 + 219, 3, 3),
        (LUONTO, 33827, 50, 46 + 15, 438 + 219, 3, 5),
        (PUUTARHA, 1721199, 29, 25 + 15, 242 + 219, 3, 3),
        (TELMA, 2910079, 3, 10, 57, 0, 0),
    ],
)
def test_real_document_imports_every_unit_and_requirement(
    name: str,
    eperusteet_id: int,
    units: int,
    groups: int,
    requirements: int,
    areas: int,
    titles: int,
) -> None:
    result = import_file(data_dir() / name)

    assert result.status is ImportStatus.CREATED
    assert result.skipped == ()
    assert (result.units.created, result.requirements.created) == (units, requirements)
    assert row_counts() == {
        "Qualification": 1,
        "QualificationVersion": 1,
        "CompetenceArea": areas,
        "Title": titles,
        "Unit": units,
        "RequirementGroup": groups,
        "Requirement": requirements,
    }
    qualification = qualification_get_current(eperusteet_id)
    assert qualification is not None
    assert list(unit_list(qualification=qualification).values_list("eperusteet_id", flat=True)) == [
        unit["id"] for unit in raw(name)["tutkinnonOsat"]
    ]
    version = qualification.current_version
    content = (data_dir() / name).read_bytes()
    assert version.raw_sha256 == hashlib.sha256(content).hexdigest()
    assert version.sequence == 1
    assert version.version_timestamp == parse_peruste_bytes(content).version_timestamp


def test_liiketalous_header_units_and_requirements() -> None:
    import_file(data_dir() / LIIKETALOUS)

    qualification = qualification_get_current(1718932)
    assert qualification is not None
    assert (qualification.name_fi, qualification.name_sv, qualification.name_en) == (
        "Liiketalouden perustutkinto",
        "Grundexamen inom företagsekonomi",
        "",
    )
    assert qualification.diaarinumero == "59/011/2014"
    assert qualification.qualification_type == "koulutustyyppi_1"
    assert qualification.education_codes == ["331101"]
    assert qualification.completion_modes == ["ops", "naytto"]
    assert qualification.valid_from == date(2016, 8, 1)
    assert qualification.valid_until == date(2018, 7, 31)
    assert qualification.transition_ends == date(2018, 7, 31)
    assert qualification.current_version.version_timestamp == 1513688323153
    assert list(qualification.competence_areas.values_list("code", flat=True)) == [
        "1563",
        "1625",
        "1626",
    ]
    assert list(qualification.titles.values_list("code", "competence_area_uri")) == [
        ("10059", "osaamisala_1563"),
        ("10059", "osaamisala_1625"),
        ("10059", "osaamisala_1626"),
    ]

    unit = Unit.objects.get(eperusteet_id=91519)
    assert (unit.code, unit.name_fi, unit.name_sv) == (
        "100362",
        "Visuaalinen myyntityö",
        "Visuellt säljarbete",
    )
    assert unit.unit_type == "normaali"
    assert unit.competence_points == Decimal("30.00")
    assert unit.compulsory is False
    assert unit.competence_area_codes == ["1625", "1626"]
    assert len(unit.assessment) == 13
    assert unit.assessment[0]["level"] == 2
    assert [(r.code, r.text_fi, r.text_sv) for r in requirement_list_for_unit(unit=unit)] == [
        ("91519-1-1", "toteuttaa tuotteen, tuoteryhmän tai palvelun esillepanon tai kampanjan", ""),
        ("91519-1-2", "ylläpitää ja seuraa esillepanon tai kampanjan ilmettä", ""),
        ("91519-1-3", "tuottaa asiakasinformaatiota.", ""),
    ]
    group = unit.requirement_groups.get()
    assert (group.key, group.shape, group.heading_fi) == (
        "91519-1",
        "html",
        "Opiskelija tai tutkinnon suorittaja",
    )
    talouspalvelut = Unit.objects.get(eperusteet_id=200659)
    assert talouspalvelut.compulsory is True
    assert talouspalvelut.competence_area_codes == ["1625", "1626", "1563"]
    common = Requirement.objects.filter(unit__unit_type="tutke2").order_by("unit__position", "id")
    first = common.first()
    assert (first.text_fi, first.compulsory, first.group.heading_fi) == (
        "osaa viestiä ja toimia erilaisissa vuorovaikutustilanteissa",
        True,
        "Äidinkieli",
    )


def test_luonto_nested_requirement_keeps_parent_code() -> None:
    import_file(data_dir() / LUONTO)

    child = Requirement.objects.get(code="56635-1-13")
    assert child.parent_code == "56635-1-12"
    assert child.text_sv == (
        "färdigheter som behövs för att avlägga kompetensbevis för förare av djurtransporter"
    )


def test_telma_points_and_objectives() -> None:
    import_file(data_dir() / TELMA)

    unit = Unit.objects.get(eperusteet_id=3003003)
    assert (unit.code, unit.competence_points, unit.competence_points_max) == (
        "400005",
        Decimal("0.00"),
        Decimal("25.00"),
    )
    group = unit.requirement_groups.order_by("position").first()
    assert (group.key, group.shape) == ("3003003-4413150", "telma")
    assert group.notes_fi.startswith("Tavoitteena on, että opiskelija edistää liikunnan avulla")


def test_2019_shape_fixture_imports() -> None:
    result = import_file(FIXTURE_2019)

    parsed = parse_peruste_bytes(FIXTURE_2019.read_bytes())
    assert result.status is ImportStatus.CREATED
    assert Unit.objects.count() == len(parsed.units)
    assert Requirement.objects.count() == sum(unit.requirement_count for unit in parsed.units)
    assert RequirementGroup.objects.filter(shape="2019").count() == sum(
        1 for unit in parsed.units for group in unit.requirement_groups if group.shape == "2019"
    )


# --------------------------------------------------------------------------------------------
# Idempotence and versions
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [LIIKETALOUS, TELMA])
def test_importing_the_same_document_twice_changes_nothing(name: str) -> None:
    import_file(data_dir() / name)
    before_counts, before = row_counts(), snapshot()

    result = import_file(data_dir() / name)

    assert result.status is ImportStatus.UNCHANGED
    assert row_counts() == before_counts
    assert snapshot() == before


def test_same_content_in_other_bytes_changes_nothing() -> None:
    import_file(data_dir() / TELMA)
    before = snapshot()

    # Re-serialised (as after a Prettier run): other hash, same version and content.
    result = import_bytes(json.dumps(raw(TELMA), indent=4).encode())

    assert result.status is ImportStatus.UNCHANGED
    assert result.version.sequence == 1
    assert snapshot() == before


def test_same_version_timestamp_with_other_content_is_refused() -> None:
    import_file(data_dir() / TELMA)
    before = snapshot()
    data = raw(TELMA)
    data["tutkinnonOsat"][0]["nimi"]["fi"] = "Muutettu nimi"

    with pytest.raises(ValidationError) as excinfo:
        import_data(data)

    assert excinfo.value.message_dict == {
        "version_timestamp": [
            "ePerusteet 2910079: the document has the stored version timestamp 1549276346167 "
            "but different content; refusing to guess which one is right"
        ]
    }
    assert snapshot() == before


def telma_newer_version() -> dict[str, Any]:
    """TELMA with a later version, one requirement text changed and the second unit removed."""
    data = raw(TELMA)
    bump_version(data)
    first_goal = data["tutkinnonOsat"][0]["valmaTelmaSisalto"]["osaamistavoite"][0]["tavoitteet"]
    first_goal[0]["fi"] = "omaksuu liikunnan osaksi arkeaan"
    removed = data["tutkinnonOsat"].pop(1)
    assert removed["id"] == 3003004
    mode = data["suoritustavat"][0]
    mode["tutkinnonOsaViitteet"] = [
        viite for viite in mode["tutkinnonOsaViitteet"] if viite["_tutkinnonOsa"] != "3003004"
    ]
    leaves = mode["rakenne"]["osat"][0]["osat"]
    mode["rakenne"]["osat"][0]["osat"] = [
        leaf for leaf in leaves if leaf.get("_tutkinnonOsaViite") != "2983199"
    ]
    return data


def test_newer_version_supersedes_changed_and_removed_rows(tmp_path: Path) -> None:
    first = import_file(data_dir() / TELMA)
    kept_unit = Unit.objects.get(eperusteet_id=3003003)
    moved_unit = Unit.objects.get(eperusteet_id=3018112)
    removed_unit = Unit.objects.get(eperusteet_id=3003004)
    old_requirement = Requirement.objects.get(code="3003003-4413150-1")
    untouched_requirement = Requirement.objects.get(code="3003003-4413150-2")
    untouched_stamp = untouched_requirement.updated_at
    path = tmp_path / "telma-newer.json"
    path.write_text(json.dumps(telma_newer_version(), ensure_ascii=False), encoding="utf-8")

    result = import_file(path)

    assert result.status is ImportStatus.UPDATED
    assert (result.units.created, result.units.superseded, result.units.unchanged) == (0, 1, 2)
    assert (
        result.requirement_groups.created,
        result.requirement_groups.superseded,
        result.requirement_groups.unchanged,
    ) == (0, 4, 6)
    assert (
        result.requirements.created,
        result.requirements.superseded,
        result.requirements.unchanged,
    ) == (1, 1 + 17, 31 - 1 + 9)
    # Nothing is deleted: old rows stay, new rows are added.
    assert row_counts() == {
        "Qualification": 1,
        "QualificationVersion": 2,
        "CompetenceArea": 0,
        "Title": 0,
        "Unit": 3,
        "RequirementGroup": 10,
        "Requirement": 58,
    }
    version = result.version
    assert (version.sequence, version.version_timestamp) == (2, TELMA_VERSION + 60_000)
    assert version.summary["requirements"] == {"created": 1, "superseded": 18, "unchanged": 39}
    qualification = qualification_get_current(2910079)
    assert qualification.current_version == version

    # The changed requirement: a new row on the same unit; the old row points at it.
    old_requirement.refresh_from_db()
    new_requirement = Requirement.objects.get(code="3003003-4413150-1", superseded_in=None)
    assert new_requirement.pk != old_requirement.pk
    assert new_requirement.unit_id == kept_unit.pk
    assert new_requirement.text_fi == "omaksuu liikunnan osaksi arkeaan"
    assert new_requirement.introduced_in == version
    assert old_requirement.superseded_in == version
    assert old_requirement.superseded_by == new_requirement
    assert old_requirement.superseded_at is not None
    assert old_requirement.text_fi.startswith("omaksuu liikunnan osaksi terveellisiä")

    # The removed unit and everything under it: kept, marked, without a replacement.
    removed_unit.refresh_from_db()
    assert (removed_unit.superseded_in, removed_unit.superseded_by) == (version, None)
    assert set(
        Requirement.objects.filter(unit=removed_unit).values_list("superseded_in", flat=True)
    ) == {version.pk}
    assert set(
        RequirementGroup.objects.filter(unit=removed_unit).values_list("superseded_in", flat=True)
    ) == {version.pk}
    assert unit_current_successor(removed_unit) is None

    # Unchanged rows are the same rows; a unit that only moved keeps its row.
    untouched_requirement.refresh_from_db()
    assert untouched_requirement.superseded_in is None
    assert untouched_requirement.updated_at == untouched_stamp
    assert list(unit_list(qualification=qualification).values_list("pk", "position")) == [
        (kept_unit.pk, 0),
        (moved_unit.pk, 1),
    ]

    # What was valid then is still there.
    assert list(
        unit_list(qualification=qualification, version=first.version).values_list(
            "eperusteet_id", flat=True
        )
    ) == [3003003, 3003004, 3018112]
    old_texts = requirement_list_for_unit(unit=kept_unit, version=first.version)
    assert old_texts.count() == 31
    assert old_texts.first().pk == old_requirement.pk
    assert requirement_list_for_unit(unit=kept_unit).first().pk == new_requirement.pk

    # Importing the newer document again, or the old one after it, writes nothing.
    before = snapshot()
    assert import_file(path).status is ImportStatus.UNCHANGED
    older = import_file(data_dir() / TELMA)
    assert older.status is ImportStatus.OLDER
    assert older.version == version
    assert snapshot() == before


def test_changed_unit_gets_a_new_row_with_new_requirement_rows() -> None:
    import_file(data_dir() / AJONEUVO)
    old_unit = Unit.objects.get()
    old_title = Title.objects.get(code="20051")
    data = raw(AJONEUVO)
    bump_version(data)
    data["suoritustavat"][0]["tutkinnonOsaViitteet"][0]["laajuus"] = 25
    data["tutkintonimikkeet"][0]["nimi"]["fi"] = "Ajoneuvomaalari (uusi)"
    data["voimassaoloLoppuu"] = 1880226000000  # 2029-08-01 in Helsinki

    result = import_data(data)

    assert (result.units.created, result.units.superseded) == (1, 1)
    assert (result.titles.created, result.titles.superseded, result.titles.unchanged) == (1, 1, 5)
    assert result.competence_areas.unchanged == 5
    old_unit.refresh_from_db()
    new_unit = unit_current_successor(old_unit)
    assert new_unit is not None
    assert new_unit.pk != old_unit.pk
    assert (old_unit.competence_points, new_unit.competence_points) == (
        Decimal("30.00"),
        Decimal("25.00"),
    )
    old_title.refresh_from_db()
    assert old_title.superseded_by.name_fi == "Ajoneuvomaalari (uusi)"
    qualification = qualification_get_current(9548603)
    assert qualification.valid_until == date(2029, 8, 1)
    # The header of the first version is kept with that version.
    first, second = qualification.versions.order_by("sequence")
    assert (first.metadata["valid_until"], second.metadata["valid_until"]) == (None, "2029-08-01")


def test_qualification_list_orders_by_name() -> None:
    import_file(data_dir() / TELMA)
    import_file(data_dir() / AJONEUVO)

    assert [q.eperusteet_id for q in qualification_list()] == [9548603, 2910079]
    assert qualification_get_current(1) is None


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


def test_command_output_and_second_run() -> None:
    path = data_dir() / TELMA

    first = command(str(path))
    second = command(str(path))

    assert first == (
        f"{path}: ePerusteet 2910079 {TELMA_NAME}: created, version 1 (timestamp {TELMA_VERSION})\n"
        "  units: 3 new, 0 superseded, 0 unchanged\n"
        "  requirement groups: 10 new, 0 superseded, 0 unchanged\n"
        "  requirements: 57 new, 0 superseded, 0 unchanged\n"
    )
    assert second == (
        f"{path}: ePerusteet 2910079 {TELMA_NAME}: unchanged, version 1 "
        f"(timestamp {TELMA_VERSION})\n"
    )


def test_command_reads_the_shipped_gzip_sample_as_the_same_version() -> None:
    from competence.frameworks.samples import SAMPLES_DIR, sample_path

    archive = sample_path(TELMA, SAMPLES_DIR)
    assert archive.name == f"{TELMA}.gz"

    first = command(str(archive))
    second = command(str(data_dir() / TELMA))

    assert first.startswith(f"{archive}: ePerusteet 2910079 {TELMA_NAME}: created, version 1 ")
    assert "unchanged, version 1" in second  # the plain JSON is the same document
    (version,) = QualificationVersion.objects.all()
    assert version.raw_sha256 == hashlib.sha256((data_dir() / TELMA).read_bytes()).hexdigest()


def test_command_refuses_a_broken_gzip_file_and_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "broken.json.gz"
    path.write_bytes(gzip.compress((data_dir() / TELMA).read_bytes())[:500])

    with pytest.raises(CommandError, match=r"broken\.json\.gz: cannot read: broken gzip archive"):
        command(str(path))
    assert set(row_counts().values()) == {0}


def test_command_reports_skipped_units(tmp_path: Path) -> None:
    data = raw(LIIKETALOUS)
    data["tutkinnonOsat"][37]["osaAlueet"] = []
    path = tmp_path / "liiketalous.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    output = command(str(path))

    assert output.splitlines()[-1] == (
        "  skipped unit 1784888: common unit (tutke2) has no osaAlueet with usable "
        "osaamistavoitteet"
    )
    assert Unit.objects.count() == 37
    version = QualificationVersion.objects.get()
    assert version.skipped == [
        {
            "unit": 1784888,
            "reason": "common unit (tutke2) has no osaAlueet with usable osaamistavoitteet",
        }
    ]


def test_faulty_document_imports_nothing_and_names_the_place() -> None:
    faulty = data_dir() / FAULTY

    with pytest.raises(CommandError) as excinfo:
        command(str(data_dir() / TELMA), str(faulty))

    message = str(excinfo.value)
    assert message.startswith(
        f"{faulty}: not a usable ePerusteet peruste at $.tutkinnonOsat[40].koodiArvo: "
        "common unit 3708881 has the pre-reform code 101053"
    )
    assert message.endswith("; nothing was imported")
    assert excinfo.value.returncode == 1
    assert set(row_counts().values()) == {0}


def test_search_result_page_imports_nothing() -> None:
    page = data_dir() / SEARCH_PAGE

    with pytest.raises(CommandError) as excinfo:
        command(str(page))

    assert str(excinfo.value).startswith(
        f"{page}: not a usable ePerusteet peruste at $: this is a search-result page"
    )
    assert set(row_counts().values()) == {0}


def test_failure_in_a_later_document_rolls_back_the_whole_run(tmp_path: Path) -> None:
    conflicting = raw(TELMA)
    conflicting["tutkinnonOsat"][0]["nimi"]["fi"] = "Muutettu nimi"
    path = tmp_path / "telma-same-version.json"
    path.write_text(json.dumps(conflicting, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(CommandError) as excinfo:
        command(str(data_dir() / AJONEUVO), str(data_dir() / TELMA), str(path))

    assert str(excinfo.value) == (
        "ePerusteet 2910079: the document has the stored version timestamp 1549276346167 but "
        "different content; refusing to guess which one is right; nothing was imported"
    )
    assert set(row_counts().values()) == {0}


def test_unknown_argument_is_neither_file_nor_id() -> None:
    with pytest.raises(CommandError) as excinfo:
        command("no-such-file.json")

    assert str(excinfo.value) == "no-such-file.json: no such file, and not a numeric ePerusteet id"


# --------------------------------------------------------------------------------------------
# Fetching by id
# --------------------------------------------------------------------------------------------


@pytest.fixture
def eperusteet_server() -> Iterator[tuple[str, list[tuple[str, str | None]]]]:
    """A local stand-in for the ePerusteet API that serves the TELMA document."""
    seen: list[tuple[str, str | None]] = []
    body = (data_dir() / TELMA).read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append((self.path, self.headers.get("Caller-Id")))
            if self.path != "/api/external/peruste/2910079":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/api/external", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_fetch_by_id_from_the_api(eperusteet_server) -> None:
    base, seen = eperusteet_server

    output = command("2910079", api_base=base)

    url = f"{base}/peruste/2910079"
    assert output.splitlines()[0] == (
        f"{url}: ePerusteet 2910079 {TELMA_NAME}: created, version 1 (timestamp {TELMA_VERSION})"
    )
    assert seen == [("/api/external/peruste/2910079", "valmo.import")]
    version = QualificationVersion.objects.get()
    assert version.source == url
    assert version.raw_sha256 == hashlib.sha256((data_dir() / TELMA).read_bytes()).hexdigest()
    assert Requirement.objects.count() == 57


def test_fetch_of_unknown_id_says_so(eperusteet_server) -> None:
    base, _ = eperusteet_server

    with pytest.raises(CommandError) as excinfo:
        command("123", api_base=base)

    assert str(excinfo.value) == (
        f"ePerusteet returned HTTP 404 for {base}/peruste/123: no peruste with id 123"
    )
    assert Qualification.objects.count() == 0


def test_unreachable_api_gives_a_clear_message(free_port) -> None:
    base = f"http://127.0.0.1:{free_port()}"

    with pytest.raises(CommandError) as excinfo:
        command("2910079", api_base=base, timeout=5)

    message = str(excinfo.value)
    assert message.startswith(f"Could not reach ePerusteet ({base}/peruste/2910079): ")
    assert "Connection refused" in message
    assert message.endswith("; download the JSON and pass its path instead")
    assert Qualification.objects.count() == 0
