"""Importing existing staff and trainees from a municipality's spreadsheet (CSV or XLSX).

The importer sits in the onboarding layer because it writes through two layers' services:
staff rows through ``accounts.services.staff_invite`` (account + invitation e-mail, sent on
commit) and trainee rows through ``coaching.services.trainees.trainee_create``. Every row goes
through the same service as a form would, each in its own savepoint inside one transaction, so
the rules (valid identity code, one account per address, ...) are the services' own. Errors are
collected as (row, column, translated message); when there is any, or when only a preview was
asked for, the whole transaction is rolled back: all or nothing.

File-level problems (too large, not UTF-8, not CSV/XLSX, wrong columns) raise a
``ValidationError`` on ``file`` or come back as row-1 errors naming the column, before any row
is written.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import TENANT_STAFF_ROLES, User
from accounts.permissions import permission_required_for
from accounts.services import staff_invite
from coaching.selectors import coaching_settings_get
from coaching.services.trainees import trainee_create
from valmo.errors import refuse

STAFF = "staff"
TRAINEES = "trainees"
KINDS = (STAFF, TRAINEES)

# Accepted header names per field, compared after normalising (lower case, spaces, hyphens
# and dots to underscores). Finnish, Swedish and English; documented in docs/identity.md.
HEADERS: dict[str, tuple[str, ...]] = {
    "email": ("email", "e_mail", "sähköposti", "sahkoposti", "e_post", "epost"),
    "first_name": ("first_name", "firstname", "etunimi", "etunimet", "förnamn", "fornamn"),
    "last_name": ("last_name", "lastname", "surname", "sukunimi", "efternamn"),
    "role": ("role", "rooli", "roll"),
    "title": ("title", "nimike", "titteli", "titel"),
    "phone": ("phone", "puhelin", "puhelinnumero", "telefon", "telephone"),
    "date_of_birth": (
        "date_of_birth",
        "birth_date",
        "syntymäaika",
        "syntymaaika",
        "födelsedatum",
        "fodelsedatum",
    ),
    "personal_identity_code": (
        "personal_identity_code",
        "henkilötunnus",
        "henkilotunnus",
        "hetu",
        "personbeteckning",
    ),
    "languages": ("languages", "kielet", "språk", "sprak"),
}
FIELD_LABELS = {
    "email": _("e-mail"),
    "first_name": _("first name"),
    "last_name": _("last name"),
    "role": _("role"),
    "title": _("title"),
    "phone": _("phone"),
    "date_of_birth": _("date of birth"),
    "personal_identity_code": _("personal identity code"),
    "languages": _("languages"),
}
COLUMNS = {
    STAFF: ("email", "first_name", "last_name", "role", "title", "phone"),
    TRAINEES: (
        "first_name",
        "last_name",
        "date_of_birth",
        "personal_identity_code",
        "email",
        "phone",
        "languages",
    ),
}
_HEADER_FIELDS = {alias: name for name, aliases in HEADERS.items() for alias in aliases}

# A cell a spreadsheet program would run as a formula when the data is opened again
# (CSV/formula injection). Refused, never silently stripped: the municipality fixes its file.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A phone number such as +358 40 123 4567 starts with "+" but is plain data.
_PHONE_LIKE = re.compile(r"^\+[0-9 ()-]{5,}$")
_XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class RowError:
    """One problem in the file: spreadsheet row (header = 1), column as written, message."""

    row: int
    column: str
    message: str


@dataclass
class ImportOutcome:
    kind: str
    headers: list[str]
    rows: list[dict[str, str]]
    errors: list[RowError] = field(default_factory=list)
    written: int = 0
    committed: bool = False

    @property
    def preview(self) -> list[dict[str, str]]:
        return self.rows[:10]


class _Rollback(Exception):
    """Raised inside the transaction to undo every row (errors found, or preview only)."""


def _normalise_header(text: str) -> str:
    return re.sub(r"[\s\-.]+", "_", text.strip().lower()).strip("_")


def _file_error(message: str) -> ValidationError:
    return refuse("file", message)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(
            gettext(
                "The file is not UTF-8 text. Save it as UTF-8 (in Excel: “CSV UTF-8”) "
                "and upload it again."
            )
        ) from None


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise _file_error(
            gettext("The CSV file cannot be read: %(reason)s") % {"reason": error}
        ) from None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula cell reads as its "=..." text, so it is refused below
        # instead of passing as whatever value the spreadsheet last cached.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise _file_error(
            gettext("The XLSX file cannot be read; save it again in Excel.")
        ) from None
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        book.close()


def _rows_of(name: str, data: bytes) -> Iterator[list[str]]:
    lower = name.lower()
    if data.startswith(_XLSX_MAGIC) or lower.endswith(".xlsx"):
        return _xlsx_rows(data)
    if lower.endswith((".csv", ".txt")):
        return _csv_rows(data)
    raise _file_error(gettext("Choose a CSV or XLSX file."))


def _parse_date(text: str) -> date:
    """ISO 1990-12-31 (also what an XLSX date cell becomes) or Finnish 31.12.1990."""
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    return date.fromisoformat(text)


def _role_values() -> dict[str, str]:
    """Role by value or by its label in Finnish, Swedish or English, compared in lower case."""
    roles: dict[str, str] = {}
    for role in sorted(TENANT_STAFF_ROLES):
        roles[role] = role
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                roles[str(User.Role(role).label).lower()] = role
    return roles


def _required(kind: str) -> tuple[tuple[str, ...], ...]:
    """Required columns; a tuple of several names means any one of them."""
    if kind == STAFF:
        return (("email",), ("first_name",), ("last_name",), ("role",))
    if coaching_settings_get().personal_identity_code_enabled:
        return (("first_name",), ("last_name",), ("date_of_birth", "personal_identity_code"))
    return (("first_name",), ("last_name",), ("date_of_birth",))


def read_file(*, kind: str, name: str, content: IO[bytes], size: int) -> ImportOutcome:
    """Parse and check the file's shape: size, encoding, columns, row count, formula cells.

    Raises ``ValidationError`` on ``file`` for a file that cannot be read at all; column and
    cell problems come back as errors in the outcome.
    """
    if kind not in KINDS:
        raise refuse("kind", gettext("Choose what the file contains."))
    limit = settings.VALMO_IMPORT_MAX_BYTES
    if size > limit:
        # Checked before a byte is read: a 50 MB upload never reaches the parser.
        raise _file_error(
            gettext("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1_000_000, 1), "limit": round(limit / 1_000_000, 1)}
        )
    data = content.read(limit + 1)
    if len(data) > limit:
        raise _file_error(gettext("The file is too large."))
    if not data.strip():
        raise _file_error(gettext("The file is empty."))
    rows = _rows_of(name, data)
    header = next(rows, None)
    if header is None:
        raise _file_error(gettext("The file is empty."))
    headers = [cell.strip() for cell in header]
    outcome = ImportOutcome(kind=kind, headers=headers, rows=[])
    seen: dict[str, str] = {}
    for text in headers:
        if not text:
            continue
        name_of = _HEADER_FIELDS.get(_normalise_header(text))
        if name_of is None or name_of not in COLUMNS[kind]:
            accepted = ", ".join(HEADERS[column][0] for column in COLUMNS[kind])
            outcome.errors.append(
                RowError(
                    1,
                    text,
                    gettext("Unknown column. The columns accepted here are: %(columns)s.")
                    % {"columns": accepted},
                )
            )
        elif name_of in seen:
            outcome.errors.append(RowError(1, text, gettext("This column appears twice.")))
        else:
            seen[name_of] = text
    for names in _required(kind):
        if not any(name in seen for name in names):
            outcome.errors.append(
                RowError(
                    1,
                    " / ".join(HEADERS[name][0] for name in names),
                    gettext("This column is required and missing."),
                )
            )
    if outcome.errors:
        return outcome
    max_rows = settings.VALMO_IMPORT_MAX_ROWS
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(outcome.rows) >= max_rows:
            raise _file_error(
                gettext("The file has more than %(count)s rows; split it into smaller files.")
                % {"count": max_rows}
            )
        row = {"_row": str(number)}
        for index, text in enumerate(headers):
            value = cells[index] if index < len(cells) else ""
            if not text:
                continue
            if value.startswith(_FORMULA_START) and not _PHONE_LIKE.match(value):
                outcome.errors.append(
                    RowError(
                        number,
                        text,
                        gettext(
                            "The cell starts with %(character)s and would run as a formula "
                            "in a spreadsheet; remove the character or the formula."
                        )
                        % {"character": repr(value[0])},
                    )
                )
                continue
            row[_HEADER_FIELDS[_normalise_header(text)]] = value.strip()
        outcome.rows.append(row)
    if not outcome.rows and not outcome.errors:
        raise _file_error(gettext("The file has no rows below its header."))
    return outcome


def _column_of(outcome: ImportOutcome, name: str) -> str:
    if name in ("", "_", "__all__"):
        return "—"
    for text in outcome.headers:
        if _HEADER_FIELDS.get(_normalise_header(text)) == name:
            return text
    return str(FIELD_LABELS.get(name, name))


def _staff_row(actor: User, row: dict[str, str], roles: dict[str, str]) -> None:
    role_text = row.get("role", "")
    role = roles.get(role_text.lower())
    if role is None:
        raise refuse("role", gettext("Choose one of the roles offered."))
    staff_invite(
        actor=actor,
        email=row.get("email", ""),
        role=role,
        first_name=row.get("first_name", ""),
        last_name=row.get("last_name", ""),
        title=row.get("title", ""),
        phone=row.get("phone", ""),
    )


def _trainee_row(actor: User, row: dict[str, str]) -> None:
    born: date | None = None
    if row.get("date_of_birth"):
        try:
            born = _parse_date(row["date_of_birth"])
        except ValueError:
            raise refuse(
                "date_of_birth",
                gettext("Enter the date as 31.12.1990 or 1990-12-31."),
            ) from None
    elif not row.get("personal_identity_code"):
        raise refuse("date_of_birth", gettext("Enter the date of birth."))
    trainee_create(
        actor=actor,
        first_name=row.get("first_name", ""),
        last_name=row.get("last_name", ""),
        date_of_birth=born,
        personal_identity_code=row.get("personal_identity_code", ""),
        email=row.get("email", ""),
        phone=row.get("phone", ""),
        languages=row.get("languages", ""),
    )


def _errors_of(error: ValidationError) -> Iterator[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                yield name, message
    else:
        for message in error.messages:
            yield "", message


@permission_required_for("configuration.change")
def import_run(
    *, actor: User, kind: str, name: str, content: IO[bytes], size: int, commit: bool
) -> ImportOutcome:
    """Check every row through the services and write them all, or (errors, preview) none.

    Only the tenant admin imports (``configuration.change``); staff rows also need
    ``account.administer``, which ``staff_invite`` checks. Invitation e-mails are queued on
    commit, so a rolled-back import sends none.
    """
    outcome = read_file(kind=kind, name=name, content=content, size=size)
    if outcome.errors:
        return outcome
    write: Callable[[dict[str, str]], None]
    if kind == STAFF:
        roles = _role_values()
        write = lambda row: _staff_row(actor, row, roles)  # noqa: E731
    else:
        write = lambda row: _trainee_row(actor, row)  # noqa: E731
    seen_emails: dict[str, str] = {}
    try:
        with transaction.atomic():
            for row in outcome.rows:
                number = int(row["_row"])
                if kind == STAFF:
                    address = row.get("email", "").strip().lower()
                    if address and address in seen_emails:
                        outcome.errors.append(
                            RowError(
                                number,
                                _column_of(outcome, "email"),
                                gettext("The same address is already on row %(row)s.")
                                % {"row": seen_emails[address]},
                            )
                        )
                        continue
                    seen_emails[address] = row["_row"]
                try:
                    # The services are atomic: inside this transaction each row is its own
                    # savepoint, undone alone when the row is refused.
                    write(row)
                except ValidationError as error:
                    for field_name, message in _errors_of(error):
                        outcome.errors.append(
                            RowError(number, _column_of(outcome, field_name or "_"), message)
                        )
                else:
                    outcome.written += 1
            if outcome.errors or not commit:
                raise _Rollback
    except _Rollback:
        if outcome.errors:
            outcome.written = 0
        return outcome
    outcome.committed = True
    return outcome
