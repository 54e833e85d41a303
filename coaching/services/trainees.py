"""Trainees' basic data: the one write path for adding and changing a trainee.

The personal identity code is the most sensitive identifier Valmo can hold, so it is kept only
when the municipality has switched it on, must be a valid Finnish code, must agree with the
date of birth and may belong to one trainee only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import Trainee
from coaching.selectors import coaching_settings_get
from valmo.integrity import constraint_errors

from .common import refuse

# The check character is the remainder of DDMMYYNNN divided by 31, read from this alphabet.
_CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_CENTURIES = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}

EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "personal_identity_code",
    "email",
    "phone",
    "languages",
    "education",
    "work_history",
    "driving_licence",
    "has_hygiene_passport",
    "has_occupational_safety_card",
)


def identity_code_birth_date(code: str) -> date | None:
    """Return the date of birth a Finnish personal identity code encodes, or None if invalid.

    Format DDMMYYCNNNT: C the century sign, NNN the individual number (002–999), T the check
    character over DDMMYYNNN.
    """
    if len(code) != 11 or code[6] not in _CENTURIES:
        return None
    digits, individual, check = code[:6], code[7:10], code[10]
    if not (digits.isdigit() and individual.isdigit()) or int(individual) < 2:
        return None
    if _CHECK_CHARACTERS[int(digits + individual) % 31] != check:
        return None
    try:
        return date(_CENTURIES[code[6]] + int(digits[4:6]), int(digits[2:4]), int(digits[0:2]))
    except ValueError:
        return None


def _clean(values: dict[str, Any], *, code_changed: bool) -> dict[str, Any]:
    """Normalise the text fields and check the rules that span fields.

    A code stored before the municipality switched codes off is kept on other edits (erasing
    it is the retention's job); a new or changed code needs the setting.
    """
    for name in ("first_name", "last_name", "email", "phone", "languages", "driving_licence"):
        if name in values and isinstance(values[name], str):
            values[name] = values[name].strip()
    for name in ("first_name", "last_name"):
        if name in values and not values[name]:
            raise refuse(name, gettext("This field cannot be blank."))
    code = values.get("personal_identity_code", "")
    if code:
        code = values["personal_identity_code"] = code.strip().upper()
        if code_changed and not coaching_settings_get().personal_identity_code_enabled:
            raise refuse(
                "personal_identity_code",
                gettext(
                    "The municipality has not enabled storing personal identity codes; "
                    "leave the field empty."
                ),
            )
        born = identity_code_birth_date(code)
        if born is None:
            raise refuse(
                "personal_identity_code",
                gettext("Enter a valid Finnish personal identity code (for example 131052-308T)."),
            )
        if values.get("date_of_birth") is None:
            values["date_of_birth"] = born
        elif values["date_of_birth"] != born:
            raise refuse(
                "date_of_birth",
                gettext("The date of birth does not match the personal identity code."),
            )
    born_on = values.get("date_of_birth")
    if born_on is not None and (born_on > timezone.localdate() or born_on.year < 1900):
        raise refuse("date_of_birth", gettext("Enter a date of birth in the past."))
    return values


def _save(trainee: Trainee) -> Trainee:
    trainee.full_clean(validate_unique=False)
    with constraint_errors():
        trainee.save()
    return trainee


@transaction.atomic
@permission_required_for("trainee.create")
def trainee_create(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    date_of_birth: date | None = None,
    gender: str = "",
    personal_identity_code: str = "",
    email: str = "",
    phone: str = "",
    languages: str = "",
    education: str = "",
    work_history: str = "",
    driving_licence: str = "",
    has_hygiene_passport: bool = False,
    has_occupational_safety_card: bool = False,
) -> Trainee:
    """Add a trainee with their basic data."""
    values = _clean(
        {
            "first_name": first_name,
            "last_name": last_name,
            "date_of_birth": date_of_birth,
            "gender": gender,
            "personal_identity_code": personal_identity_code,
            "email": email,
            "phone": phone,
            "languages": languages,
            "education": education,
            "work_history": work_history,
            "driving_licence": driving_licence,
            "has_hygiene_passport": has_hygiene_passport,
            "has_occupational_safety_card": has_occupational_safety_card,
        },
        code_changed=bool(personal_identity_code),
    )
    return _save(Trainee(**values))


@transaction.atomic
@permission_required_for("trainee.change", obj="trainee")
def trainee_update(*, actor: User, trainee: Trainee, changes: dict[str, Any]) -> Trainee:
    """Change a trainee's basic data; ``changes`` maps field names in EDITABLE_FIELDS to values."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise refuse(unknown[0], gettext("This field cannot be changed here."))
    row = Trainee.objects.select_for_update().get(pk=trainee.pk)
    current = {name: getattr(row, name) for name in EDITABLE_FIELDS}
    new_code = str(changes.get("personal_identity_code", row.personal_identity_code))
    code_changed = new_code.strip().upper() != row.personal_identity_code
    values = _clean({**current, **changes}, code_changed=code_changed)
    for name in EDITABLE_FIELDS:
        setattr(row, name, values[name])
    return _save(row)
