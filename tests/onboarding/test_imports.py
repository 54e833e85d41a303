"""Importing staff and trainees from CSV/XLSX: all or nothing, errors naming row and column."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from accounts.models import Invitation, User
from coaching.models import CoachingSettings, Trainee
from onboarding.imports import STAFF, TRAINEES, import_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(tenant_a, make_user):
    return make_user(tenant_a, role="tenant_admin", email="import-admin@test-a.example.fi")


def _run(actor, kind, data: bytes, name="tuonti.csv", commit=True):
    return import_run(
        actor=actor, kind=kind, name=name, content=io.BytesIO(data), size=len(data), commit=commit
    )


def _errors(outcome):
    return [(error.row, error.column) for error in outcome.errors]


GOOD_TRAINEES = (
    "\ufeffEtunimi;Sukunimi;Syntymäaika;Sähköposti;Puhelin\n"
    "Aino;Ärölä;12.3.1990;aino@example.fi;+358 40 123 4567\n"
    "Eero;Virtanen;1985-01-02;;\n"
)


def test_a_good_csv_with_bom_and_semicolons_imports_every_trainee(admin):
    outcome = _run(admin, TRAINEES, GOOD_TRAINEES.encode())
    assert outcome.errors == []
    assert outcome.committed
    assert outcome.written == 2
    aino = Trainee.objects.get(first_name="Aino")
    assert aino.last_name == "Ärölä"
    assert aino.date_of_birth == date(1990, 3, 12)
    assert aino.phone == "+358 40 123 4567"
    assert Trainee.objects.get(first_name="Eero").date_of_birth == date(1985, 1, 2)


def test_a_preview_validates_but_writes_nothing(admin):
    outcome = _run(admin, TRAINEES, GOOD_TRAINEES.encode(), commit=False)
    assert outcome.errors == []
    assert outcome.written == 2
    assert not outcome.committed
    assert not Trainee.objects.exists()


def test_a_good_xlsx_imports_every_staff_member_and_invites_them(
    admin, django_capture_on_commit_callbacks
):
    book = Workbook()
    sheet = book.active
    sheet.append(["email", "first_name", "last_name", "role", "title"])
    sheet.append(["coach1@example.fi", "Ville", "Valmentaja", "work_coach", "Työvalmentaja"])
    sheet.append(["agent1@example.fi", "Uula", "Ura", "Career agent", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    with django_capture_on_commit_callbacks() as callbacks:
        outcome = _run(admin, STAFF, buffer.getvalue(), name="henkilosto.xlsx")
    assert outcome.errors == []
    assert outcome.committed
    coach = User.objects.get(email="coach1@example.fi")
    assert coach.role == "work_coach"
    assert coach.title == "Työvalmentaja"
    assert not coach.has_usable_password()
    assert User.objects.get(email="agent1@example.fi").role == "career_agent"
    invited = Invitation.objects.filter(user__email__in=["coach1@example.fi", "agent1@example.fi"])
    assert invited.count() == 2
    assert len(callbacks) == 2  # one invitation e-mail each, queued on commit


def test_one_bad_row_among_good_ones_writes_nothing_and_names_row_and_column(admin):
    data = (
        "first_name,last_name,date_of_birth\n"
        "Aino,Ärölä,1990-03-12\n"
        "Bertta,,1991-01-01\n"
        "Cecilia,Cee,31.2.1990\n"
        "Dan,Dee,2090-01-01\n"
    ).encode()
    outcome = _run(admin, TRAINEES, data)
    assert _errors(outcome) == [(3, "last_name"), (4, "date_of_birth"), (5, "date_of_birth")]
    assert not outcome.committed
    assert outcome.written == 0
    assert not Trainee.objects.exists()


def test_a_missing_or_unknown_column_is_named_and_nothing_is_written(admin):
    outcome = _run(admin, TRAINEES, b"first_name,surname_x\nAino,A\n")
    assert (1, "surname_x") in _errors(outcome)
    assert (1, "last_name") in _errors(outcome)
    assert any("Pakollinen sarake puuttuu" in error.message for error in outcome.errors)
    outcome = _run(admin, STAFF, b"email,first_name,last_name\nx@example.fi,X,Y\n")
    assert _errors(outcome) == [(1, "role")]
    assert not Trainee.objects.exists()
    assert not User.objects.filter(email="x@example.fi").exists()


def test_latin1_bytes_are_refused_with_a_save_as_utf8_message(admin):
    data = "first_name,last_name,date_of_birth\nÄänis,Öljynen,1990-01-01\n".encode("latin-1")
    with pytest.raises(ValidationError) as caught:
        _run(admin, TRAINEES, data)
    assert "UTF-8" in caught.value.message_dict["file"][0]
    assert not Trainee.objects.exists()


def test_a_50_mb_upload_is_refused_before_it_is_read(admin):
    class Unreadable(io.BytesIO):
        def read(self, *args):  # the size check comes first: reading would be a failure
            raise AssertionError("read before the size check")

    with pytest.raises(ValidationError) as caught:
        import_run(
            actor=admin,
            kind=TRAINEES,
            name="iso.csv",
            content=Unreadable(),
            size=50 * 1024 * 1024,
            commit=True,
        )
    assert "liian suuri" in caught.value.message_dict["file"][0]
    # And real 50 MB of bytes with a lying size: the read stops at the limit.
    big = b"first_name,last_name,date_of_birth\n" + b"A,B,1990-01-01\n" * 3_500_000
    with pytest.raises(ValidationError):
        _run(admin, TRAINEES, big[: 50 * 1024 * 1024])
    assert not Trainee.objects.exists()


def test_the_row_cap_is_a_setting(admin, settings):
    settings.VALMO_IMPORT_MAX_ROWS = 2
    data = b"first_name,last_name,date_of_birth\n" + b"A,B,1990-01-01\n" * 3
    with pytest.raises(ValidationError) as caught:
        _run(admin, TRAINEES, data)
    assert "yli 2 riviä" in caught.value.message_dict["file"][0]


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "@SUM(A1)", "-2+3", "+A1", "\tx"])
def test_a_formula_injection_cell_is_refused_not_stripped(admin, cell):
    data = f'first_name,last_name,date_of_birth\nAino,Ärölä,1990-03-12\nBo,"{cell}",1990-01-01\n'
    outcome = _run(admin, TRAINEES, data.encode())
    assert _errors(outcome) == [(3, "last_name")]
    assert "kaavana" in outcome.errors[0].message
    assert not Trainee.objects.exists()


def test_a_formula_in_an_xlsx_cell_is_refused(admin):
    book = Workbook()
    sheet = book.active
    sheet.append(["Etunimi", "Sukunimi", "Syntymäaika"])
    sheet.append(["Aino", "=1+1", date(1990, 1, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = _run(admin, TRAINEES, buffer.getvalue(), name="x.xlsx")
    assert _errors(outcome) == [(2, "Sukunimi")]
    assert not Trainee.objects.exists()


def test_other_files_are_refused(admin):
    with pytest.raises(ValidationError) as caught:
        _run(admin, TRAINEES, b"\xd0\xcf\x11\xe0 old excel", name="vanha.xls")
    assert "CSV- tai XLSX" in caught.value.message_dict["file"][0]
    with pytest.raises(ValidationError):
        _run(admin, TRAINEES, b"PK\x03\x04broken", name="rikki.xlsx")


def test_identity_codes_follow_the_municipality_setting(admin):
    data = "etunimi,sukunimi,henkilötunnus\nAino,A,131052-308T\n".encode()
    outcome = _run(admin, TRAINEES, data)
    assert _errors(outcome) == [(1, "date_of_birth")]  # the code alone is not enough when off
    CoachingSettings.objects.update_or_create(
        singleton=1, defaults={"personal_identity_code_enabled": True}
    )
    outcome = _run(admin, TRAINEES, (data.decode() + "Bo,B,131052-308X\n").encode())
    assert _errors(outcome) == [(3, "henkilötunnus")]
    outcome = _run(admin, TRAINEES, data)
    assert outcome.committed
    assert Trainee.objects.get().date_of_birth == date(1952, 10, 13)


def test_duplicate_and_existing_staff_addresses_are_row_errors(admin):
    data = (
        b"email,first_name,last_name,role\n"
        b"same@example.fi,A,A,work_coach\n"
        b"SAME@example.fi,B,B,work_coach\n"
        b"import-admin@test-a.example.fi,C,C,work_coach\n"
        b"d@example.fi,D,D,trainee\n"
    )
    invitations = Invitation.objects.count()
    outcome = _run(admin, STAFF, data)
    assert _errors(outcome) == [(3, "email"), (4, "email"), (5, "role")]
    assert not User.objects.filter(email="same@example.fi").exists()
    assert Invitation.objects.count() == invitations


def test_only_the_tenant_admin_imports(tenant_a, make_user):
    coach = make_user(tenant_a, role="work_coach")
    with pytest.raises(PermissionDenied):
        _run(coach, TRAINEES, GOOD_TRAINEES.encode())
    assert not Trainee.objects.exists()
