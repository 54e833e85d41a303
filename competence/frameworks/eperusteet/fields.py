"""Small typed accessors of the JSON document; each raises EperusteetFormatError with the path."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .types import (
    HELSINKI,
    LANGUAGES,
    EperusteetFormatError,
    LocalizedText,
)

# --------------------------------------------------------------------------------------------
# Small typed accessors; each raises EperusteetFormatError with the exact path.
# --------------------------------------------------------------------------------------------


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}"


def _index_path(path: str, index: int) -> str:
    return f"{path}[{index}]"


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float, Decimal)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _as_dict(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise EperusteetFormatError(path, f"expected an object, got {_type_name(value)}")
    return value


def _as_list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise EperusteetFormatError(path, f"expected an array, got {_type_name(value)}")
    return value


def _required(obj: dict[str, Any], key: str, path: str) -> Any:
    value = obj.get(key)
    if value is None:
        raise EperusteetFormatError(_key_path(path, key), "required field is missing")
    return value


def _optional_dict(obj: dict[str, Any], key: str, path: str) -> dict[str, Any] | None:
    value = obj.get(key)
    return None if value is None else _as_dict(value, _key_path(path, key))


def _optional_list(obj: dict[str, Any], key: str, path: str) -> list[Any]:
    value = obj.get(key)
    return [] if value is None else _as_list(value, _key_path(path, key))


def _optional_str(obj: dict[str, Any], key: str, path: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise EperusteetFormatError(
            _key_path(path, key), f"expected a string, got {_type_name(value)}"
        )
    return value.strip() or None


def _optional_bool(obj: dict[str, Any], key: str, path: str) -> bool | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise EperusteetFormatError(
            _key_path(path, key), f"expected true or false, got {_type_name(value)}"
        )
    return value


def _as_id(value: Any, path: str) -> int:
    """ePerusteet ids are numbers, but references (``_tutkinnonOsa``) are digit strings."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise EperusteetFormatError(path, f"expected a numeric id, got {value!r}")


def _optional_id(obj: dict[str, Any], key: str, path: str) -> int | None:
    value = obj.get(key)
    return None if value is None else _as_id(value, _key_path(path, key))


def _optional_epoch_ms(obj: dict[str, Any], key: str, path: str) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise EperusteetFormatError(
            _key_path(path, key), f"expected epoch milliseconds, got {value!r}"
        )
    return int(value)


def _optional_date(obj: dict[str, Any], key: str, path: str) -> date | None:
    millis = _optional_epoch_ms(obj, key, path)
    if millis is None:
        return None
    try:
        return datetime.fromtimestamp(millis / 1000, tz=HELSINKI).date()
    except (OverflowError, OSError, ValueError) as exc:
        raise EperusteetFormatError(
            _key_path(path, key), f"timestamp {millis} is out of range"
        ) from exc


def _optional_decimal(obj: dict[str, Any], key: str, path: str) -> Decimal | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise EperusteetFormatError(
            _key_path(path, key), f"expected a number, got {_type_name(value)}"
        )
    try:
        # repr() of a float is the shortest text that round-trips, so 7.5 stays 7.5.
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation as exc:
        raise EperusteetFormatError(
            _key_path(path, key), f"expected a number, got {value!r}"
        ) from exc
    if not number.is_finite():
        raise EperusteetFormatError(_key_path(path, key), f"expected a number, got {value!r}")
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return number


# Control characters (C0 without whitespace, DEL, C1) and invisible format characters that
# occasionally leak into ePerusteet texts from word processors.
_INVISIBLE = dict.fromkeys(
    [
        *(code for code in (*range(0x20), *range(0x7F, 0xA0)) if not chr(code).isspace()),
        0x00AD,  # soft hyphen
        0x200B,  # zero-width space
        0xFEFF,  # byte-order mark / zero-width no-break space
    ]
)


def _collapse(text: str) -> str:
    """Drop invisible characters and collapse whitespace runs (incl. no-break spaces)."""
    return " ".join(text.translate(_INVISIBLE).split())


def _localized(value: Any, path: str, *, required: bool = False) -> LocalizedText:
    """Keep fi/sv/en texts (whitespace-collapsed) and drop ``_id``, ``_tunniste`` and others."""
    if value is None:
        if required:
            raise EperusteetFormatError(path, "required field is missing")
        return {}
    obj = _as_dict(value, path)
    result: LocalizedText = {}
    for language in LANGUAGES:
        text = obj.get(language)
        if text is None:
            continue
        if not isinstance(text, str):
            raise EperusteetFormatError(
                _key_path(path, language), f"expected a string, got {_type_name(text)}"
            )
        collapsed = _collapse(text)
        if collapsed:
            result[language] = collapsed
    if required and not result:
        raise EperusteetFormatError(path, f"has no text in any of {', '.join(LANGUAGES)}")
    return result


def _raw_localized(value: Any, path: str) -> dict[str, str]:
    """Like :func:`_localized` but keeps the raw (HTML) strings."""
    if value is None:
        return {}
    obj = _as_dict(value, path)
    result: dict[str, str] = {}
    for language in LANGUAGES:
        text = obj.get(language)
        if text is None:
            continue
        if not isinstance(text, str):
            raise EperusteetFormatError(
                _key_path(path, language), f"expected a string, got {_type_name(text)}"
            )
        if text.strip():
            result[language] = text
    return result


def _code_from_uri(uri: str | None, prefix: str) -> str | None:
    """``tutkinnonosat_100362`` -> ``100362`` (only for the expected koodisto prefix)."""
    if uri and uri.startswith(prefix) and len(uri) > len(prefix):
        return uri[len(prefix) :]
    return None
