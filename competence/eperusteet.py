"""Parser for ePerusteet qualification documents (Finnish national qualification requirements).

An ePerusteet *peruste* is a JSON document published by the Finnish National Agency for
Education (OPH). This module turns one document into immutable, plain-Python dataclasses so the
importer (and anything else) can work with a validated, normalised view of it without knowing
the many historical JSON shapes. It deliberately uses only the standard library: no Django, no
network, no database, so it can be tested and reused on its own.

Public API:

* :func:`parse_peruste` - parse an already decoded JSON object.
* :func:`parse_peruste_bytes` - decode UTF-8 JSON bytes, then parse.
* :func:`parse_peruste_file` - read a file, then parse.
* :func:`parse_html_list` - the HTML list extractor used for requirement texts.
* :class:`EperusteetFormatError` - raised for anything that is not a usable peruste; its
  ``path`` attribute names the offending place as a JSON-pointer-like string
  (``$.tutkinnonOsat[3].nimi``).

Choices worth knowing (see also the docstrings of the dataclasses):

* Requirement sources: common units (``tyyppi`` ``tutke2``/``reformi_tutke2``) use only their
  ``osaAlueet`` and are listed in ``skipped`` (not imported) when nothing usable is there. Other
  units use the first of ``ammattitaitovaatimukset2019``, the older HTML
  ``ammattitaitovaatimukset`` and TELMA/VALMA ``valmaTelmaSisalto`` that yields requirements;
  a unit with none of these is imported with zero requirement groups.
* Requirement codes are natural keys unique within the qualification for generated codes
  (``{unit id}-{group}-{item}``, ``{unit id}-{osaAlue id}-{osaamistavoite id}-{item}``,
  ``{unit id}-{TELMA osaamistavoite id}-{item}``) and unique within the unit for 2019 koodisto
  codes (the same koodi may be reused by several units).
* Every ``<li>`` with text of its own becomes a requirement; nested items keep a
  ``parent_code``. An ``<li>`` that only wraps a nested list has no text and is dropped; its
  children move up to its parent.
* Other languages are paired with the reference language (``fi``, or the first of ``sv``/``en``
  that has items) by position, and only when they have the same list structure; otherwise the
  language is left out of that requirement group.
* Assessment criteria (``arviointi``) cannot be tied to single requirements in the older shape,
  so they are attached to the unit (:attr:`ParsedUnit.assessment`), one entry per assessment
  target, keeping only the lowest proficiency level (satisfactory 1).
* ``compulsory`` is true if any rakenne leaf of the unit, in any completion mode, is
  ``pakollinen``; ``competence_areas`` collects the nearest ancestor ``osaamisala`` of every
  leaf, in the order first met.
* Common-unit codes must match the completion mode: under ``reformi`` the pre-reform codes
  101053-101056 are rejected, under ``ops``/``naytto`` the reform codes 400012-400014 are.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from os import PathLike
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "COMMON_UNIT_TYPES",
    "LANGUAGES",
    "PRE_REFORM_COMMON_UNIT_CODES",
    "REFORM_COMMON_UNIT_CODES",
    "EperusteetFormatError",
    "HtmlList",
    "LocalizedText",
    "ParsedAssessmentTarget",
    "ParsedCompetenceArea",
    "ParsedQualification",
    "ParsedRequirement",
    "ParsedRequirementGroup",
    "ParsedTitle",
    "ParsedUnit",
    "parse_html_list",
    "parse_peruste",
    "parse_peruste_bytes",
    "parse_peruste_file",
]

LocalizedText = dict[str, str]
"""Text per language code (``fi``, ``sv``, ``en``); languages without text are absent."""

LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")
"""Languages kept from localised objects, in order of preference."""

HELSINKI = ZoneInfo("Europe/Helsinki")

COMMON_UNIT_TYPES = frozenset({"tutke2", "reformi_tutke2"})
"""Unit ``tyyppi`` values of common units (yhteiset tutkinnon osat), which carry ``osaAlueet``."""

PRE_REFORM_COMMON_UNIT_CODES: dict[str, str] = {
    "101053": "Viestintä- ja vuorovaikutusosaaminen",
    "101054": "Matemaattis-luonnontieteellinen osaaminen",
    "101055": "Yhteiskunnassa ja työelämässä tarvittava osaaminen",
    "101056": "Sosiaalinen ja kulttuurinen osaaminen",
}
"""Common-unit codes of the pre-2018 perusteet (completion modes ``ops`` and ``naytto``)."""

REFORM_COMMON_UNIT_CODES: dict[str, str] = {
    "400012": "Viestintä- ja vuorovaikutusosaaminen",
    "400013": "Matemaattis-luonnontieteellinen osaaminen",
    "400014": "Yhteiskunta- ja työelämäosaaminen",
}
"""Common-unit codes of the 2018 reform (completion mode ``reformi``)."""

_REFORM_MODE = "reformi"
_PRE_REFORM_MODES = frozenset({"ops", "naytto"})


class EperusteetFormatError(ValueError):
    """The input is not a usable peruste; ``path`` names the offending place.

    ``path`` is a JSON-pointer-like string starting at ``$`` (the document root), for example
    ``$.suoritustavat[0].rakenne.osat[1]._tutkinnonOsaViite``. ``detail`` is the message without
    the path. The string form always starts with the path so logs point at the exact field.
    """

    def __init__(self, path: str, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {detail}")


# --------------------------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedCompetenceArea:
    """An osaamisala of the qualification; ``code`` is the koodisto value, e.g. ``"2357"``."""

    code: str
    uri: str | None
    names: LocalizedText


@dataclass(frozen=True)
class ParsedTitle:
    """A tutkintonimike (qualification title), optionally bound to one competence area."""

    code: str
    uri: str | None
    names: LocalizedText
    competence_area_uri: str | None


@dataclass(frozen=True)
class ParsedRequirement:
    """One professional-skill requirement (ammattitaitovaatimus) in plain text.

    ``code`` is the natural key, unique within its unit: the koodisto ``uri``/``arvo``/``id`` in
    the 2019 shape, otherwise derived from the unit id, the group (position, or the source id
    where ePerusteet has one) and the item position, so the same document always yields the
    same codes. ``parent_code`` is set for items of a
    nested HTML list. ``compulsory`` is only known for common-unit objectives
    (``osaamistavoitteet[].pakollinen``) and is ``None`` elsewhere.
    """

    code: str
    texts: LocalizedText
    parent_code: str | None = None
    compulsory: bool | None = None


@dataclass(frozen=True)
class ParsedRequirementGroup:
    """An ordered group of requirements under one heading.

    ``shape`` tells where the group came from: ``"html"`` (older ``ammattitaitovaatimukset``,
    heading = the lead-in text such as "Opiskelija osaa"), ``"2019"`` (heading = ``kohde`` for
    the ungrouped requirements, the kohdealue ``kuvaus`` otherwise), ``"common"`` (one
    ``osaAlue`` of a common unit) or ``"telma"`` (one TELMA/VALMA ``osaamistavoite``).
    ``notes`` holds text that is not a requirement (HTML text after the list, TELMA ``selite``).
    """

    key: str
    heading: LocalizedText
    requirements: tuple[ParsedRequirement, ...]
    shape: str
    notes: LocalizedText


@dataclass(frozen=True)
class ParsedAssessmentTarget:
    """Satisfactory-level assessment criteria of one arvioinnin kohde of a unit.

    The older shape cannot tie criteria to single requirements, so they stay on the unit.
    ``area`` is the kohdealue heading, ``target`` the kohde heading (may be empty) and
    ``level`` the ePerusteet osaamistaso id kept: the lowest one present, which is
    "tyydyttävä 1" on the 1-3 and 1-5 scales and "hyväksytty" on the pass/fail scale.
    """

    area: LocalizedText
    target: LocalizedText
    level: int | None
    criteria: tuple[LocalizedText, ...]


@dataclass(frozen=True)
class ParsedUnit:
    """A tutkinnon osa (unit of the qualification) with its placement in the rakenne.

    ``competence_points`` comes from the unit's own ``laajuus``, else from the ``laajuus`` of
    its tutkinnonOsaViite in the first completion mode that has one (same for
    ``competence_points_max`` and ``laajuusMaksimi``). ``compulsory`` is true when any rakenne
    leaf pointing at the unit is ``pakollinen`` (a unit compulsory only inside one osaamisala
    is therefore compulsory). ``competence_areas`` lists osaamisala codes of the nearest
    ancestor group that has one, over all leaves and completion modes, in first-seen order;
    empty means the unit is not tied to a competence area.
    """

    eperusteet_id: int
    code: str | None
    names: LocalizedText
    unit_type: str | None
    competence_points: Decimal | None
    competence_points_max: Decimal | None
    compulsory: bool
    competence_areas: tuple[str, ...]
    requirement_groups: tuple[ParsedRequirementGroup, ...]
    assessment: tuple[ParsedAssessmentTarget, ...]

    @property
    def requirement_count(self) -> int:
        """Number of requirements over all groups."""
        return sum(len(group.requirements) for group in self.requirement_groups)


@dataclass(frozen=True)
class ParsedQualification:
    """A whole peruste: identity, validity, competence areas, titles and units.

    Dates are calendar dates in Europe/Helsinki (ePerusteet stores local midnight as epoch
    milliseconds). ``version_timestamp`` is ``globalVersion.aikaleima`` (or ``muokattu`` when
    that is missing) in epoch milliseconds, the value to compare when deciding whether a
    stored copy is stale. ``skipped`` lists ``(unit id, reason)`` for content deliberately not
    imported; skipped units are not in ``units``.
    """

    eperusteet_id: int
    names: LocalizedText
    diaarinumero: str | None
    qualification_type: str | None
    education_codes: tuple[str, ...]
    valid_from: date | None
    valid_until: date | None
    transition_ends: date | None
    competence_areas: tuple[ParsedCompetenceArea, ...]
    titles: tuple[ParsedTitle, ...]
    completion_modes: tuple[str, ...]
    version_timestamp: int | None
    units: tuple[ParsedUnit, ...]
    skipped: tuple[tuple[int, str], ...]

    @property
    def version_datetime(self) -> datetime | None:
        """``version_timestamp`` as an aware UTC datetime."""
        if self.version_timestamp is None:
            return None
        return datetime.fromtimestamp(self.version_timestamp / 1000, tz=UTC)

    def unit(self, eperusteet_id: int) -> ParsedUnit:
        """Return the unit with this ePerusteet id (``KeyError`` if absent)."""
        for unit in self.units:
            if unit.eperusteet_id == eperusteet_id:
                return unit
        raise KeyError(eperusteet_id)


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------


def parse_peruste_file(path: str | PathLike[str]) -> ParsedQualification:
    """Read and parse one peruste JSON file."""
    return parse_peruste_bytes(Path(path).read_bytes())


def parse_peruste_bytes(raw: bytes) -> ParsedQualification:
    """Decode UTF-8 JSON (a BOM is tolerated) and parse it as a peruste."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EperusteetFormatError("$", f"not UTF-8: invalid byte at offset {exc.start}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EperusteetFormatError(
            "$", f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    return parse_peruste(data)


def parse_peruste(data: dict[str, Any]) -> ParsedQualification:
    """Validate and normalise one decoded peruste document."""
    return _PerusteParser(data).parse()


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


# --------------------------------------------------------------------------------------------
# HTML lists
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlList:
    """Plain-text view of an HTML fragment built around a list.

    ``lead`` is the text before the first list (e.g. "Opiskelija osaa"), ``items`` the list
    items in document order as ``(text, parent index or None)``, ``tail`` the text outside
    lists after the first list started. Block elements in ``lead``/``tail`` are separated by
    newlines; all other whitespace is collapsed.
    """

    lead: str
    items: tuple[tuple[str, int | None], ...]
    tail: str

    @property
    def structure(self) -> tuple[int | None, ...]:
        """Parent index of every item; equal structures can be paired by position."""
        return tuple(parent for _, parent in self.items)


_LIST_TAGS = frozenset({"ul", "ol"})
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th",
        "blockquote", "dl", "dt", "dd", "pre", "hr", "section", "article",
    }
)  # fmt: skip
_IGNORED_CONTENT_TAGS = frozenset({"script", "style", "template"})


class _ListExtractor(HTMLParser):
    """Collects ``<li>`` texts with their nesting, plus the text around the lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._item_parts: list[list[str]] = []
        self._item_parents: list[int | None] = []
        self._item_depths: list[int] = []
        self._open_items: list[int] = []
        self._list_depth = 0
        self._seen_list = False
        self._lead_blocks: list[list[str]] = [[]]
        self._tail_blocks: list[list[str]] = [[]]
        self._ignored = 0

    # -- helpers -------------------------------------------------------------------------
    def _outside_blocks(self) -> list[list[str]]:
        return self._tail_blocks if self._seen_list else self._lead_blocks

    def _close_items_from_depth(self, depth: int) -> None:
        while self._open_items and self._item_depths[self._open_items[-1]] >= depth:
            self._open_items.pop()

    def _separate(self) -> None:
        if self._open_items:
            self._item_parts[self._open_items[-1]].append(" ")
        elif self._list_depth == 0:
            self._outside_blocks().append([])

    # -- HTMLParser callbacks ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _IGNORED_CONTENT_TAGS:
            self._ignored += 1
        elif tag in _LIST_TAGS:
            self._separate()
            self._list_depth += 1
            self._seen_list = True
        elif tag == "li":
            depth = max(self._list_depth, 1)
            self._seen_list = True
            # A new <li> implicitly closes an unclosed sibling (or deeper) item.
            self._close_items_from_depth(depth)
            parent = self._open_items[-1] if self._open_items else None
            self._item_parts.append([])
            self._item_parents.append(parent)
            self._item_depths.append(depth)
            self._open_items.append(len(self._item_parts) - 1)
        elif tag in _BLOCK_TAGS:
            self._separate()

    def handle_endtag(self, tag: str) -> None:
        if tag in _IGNORED_CONTENT_TAGS:
            self._ignored = max(0, self._ignored - 1)
        elif tag in _LIST_TAGS:
            if self._list_depth > 0:
                self._close_items_from_depth(self._list_depth)
                self._list_depth -= 1
            self._separate()
        elif tag == "li":
            if self._open_items:
                self._open_items.pop()
        elif tag in _BLOCK_TAGS:
            self._separate()

    def handle_data(self, data: str) -> None:
        if self._ignored:
            return
        if self._open_items:
            self._item_parts[self._open_items[-1]].append(data)
        else:
            # Stray text inside <ul> but outside <li> is kept as a note, not a requirement.
            self._outside_blocks()[-1].append(data)

    # -- result -----------------------------------------------------------------------------
    def result(self) -> HtmlList:
        items: list[tuple[str, int | None]] = []
        # Maps raw item index -> index in `items` that stands for it (itself, or for an item
        # without own text, its nearest ancestor that has text).
        effective: list[int | None] = []
        for index, parts in enumerate(self._item_parts):
            raw_parent = self._item_parents[index]
            parent = None if raw_parent is None else effective[raw_parent]
            text = _collapse("".join(parts))
            if text:
                items.append((text, parent))
                effective.append(len(items) - 1)
            else:
                effective.append(parent)
        return HtmlList(
            lead=_join_blocks(self._lead_blocks),
            items=tuple(items),
            tail=_join_blocks(self._tail_blocks),
        )


def _join_blocks(blocks: Iterable[list[str]]) -> str:
    texts = (_collapse("".join(block)) for block in blocks)
    return "\n".join(text for text in texts if text)


def parse_html_list(html: str) -> HtmlList:
    """Extract list items and surrounding text from an ePerusteet HTML fragment.

    Uses :class:`html.parser.HTMLParser`, so entities are decoded, unknown tags are ignored and
    unclosed ``<li>`` elements are closed by the next sibling or the end of their list.
    """
    parser = _ListExtractor()
    parser.feed(html)
    parser.close()
    return parser.result()


# --------------------------------------------------------------------------------------------
# The document parser
# --------------------------------------------------------------------------------------------


@dataclass
class _Placement:
    """Mutable accumulator of what the rakenne says about one unit."""

    compulsory: bool = False
    areas: list[str] = field(default_factory=list)
    points: Decimal | None = None
    points_max: Decimal | None = None

    def add_area(self, area: str) -> None:
        if area not in self.areas:
            self.areas.append(area)


@dataclass(frozen=True)
class _RawUnit:
    """A validated ``tutkinnonOsat[]`` entry before its requirements are parsed."""

    path: str
    data: dict[str, Any]
    eperusteet_id: int
    code: str | None
    code_path: str
    names: LocalizedText
    unit_type: str | None


class _PerusteParser:
    """Parses one document; holds the indexes the cross-reference checks need."""

    def __init__(self, data: Any) -> None:
        self._root = data
        self._skipped: list[tuple[int, str]] = []

    def parse(self) -> ParsedQualification:
        root = _as_dict(self._root, "$")
        if "tutkinnonOsat" not in root and isinstance(root.get("data"), list) and "sivuja" in root:
            raise EperusteetFormatError(
                "$",
                "this is a search-result page, not a peruste: it has 'data' and 'sivuja'; "
                "fetch a single peruste (/peruste/{id}) for one of its items instead",
            )
        eperusteet_id = _as_id(_required(root, "id", "$"), "$.id")
        names = _localized(_required(root, "nimi", "$"), "$.nimi", required=True)

        suoritustavat = _optional_list(root, "suoritustavat", "$")
        modes = [
            (index, _as_dict(item, _index_path("$.suoritustavat", index)))
            for index, item in enumerate(suoritustavat)
        ]
        has_rakenne = any(mode.get("rakenne") is not None for _, mode in modes)
        if has_rakenne and root.get("tutkinnonOsat") is None:
            raise EperusteetFormatError(
                "$.tutkinnonOsat", "required field is missing (the suoritustavat have a rakenne)"
            )
        raw_units = self._raw_units(_optional_list(root, "tutkinnonOsat", "$"))
        units_by_id = {unit.eperusteet_id: unit for unit in raw_units}

        placements: dict[int, _Placement] = {unit.eperusteet_id: _Placement() for unit in raw_units}
        completion_modes: list[str] = []
        for index, mode in modes:
            code = self._completion_mode(index, mode, units_by_id, placements)
            if code is not None and code not in completion_modes:
                completion_modes.append(code)

        units: list[ParsedUnit] = []
        for raw in raw_units:
            unit = self._unit(raw, placements[raw.eperusteet_id])
            if unit is not None:
                units.append(unit)

        global_version = _optional_dict(root, "globalVersion", "$")
        version = (
            _optional_epoch_ms(global_version, "aikaleima", "$.globalVersion")
            if global_version is not None
            else None
        )
        if version is None:
            version = _optional_epoch_ms(root, "muokattu", "$")

        return ParsedQualification(
            eperusteet_id=eperusteet_id,
            names=names,
            diaarinumero=_optional_str(root, "diaarinumero", "$"),
            qualification_type=_optional_str(root, "koulutustyyppi", "$"),
            education_codes=self._education_codes(root),
            valid_from=_optional_date(root, "voimassaoloAlkaa", "$"),
            valid_until=_optional_date(root, "voimassaoloLoppuu", "$"),
            transition_ends=_optional_date(root, "siirtymaPaattyy", "$"),
            competence_areas=self._competence_areas(root),
            titles=self._titles(root),
            completion_modes=tuple(completion_modes),
            version_timestamp=version,
            units=tuple(units),
            skipped=tuple(self._skipped),
        )

    # -- qualification-level lists ----------------------------------------------------------
    @staticmethod
    def _education_codes(root: dict[str, Any]) -> tuple[str, ...]:
        codes: list[str] = []
        for index, item in enumerate(_optional_list(root, "koulutukset", "$")):
            path = _index_path("$.koulutukset", index)
            koulutus = _as_dict(item, path)
            code = _optional_str(koulutus, "koulutuskoodiArvo", path) or _code_from_uri(
                _optional_str(koulutus, "koulutuskoodiUri", path), "koulutus_"
            )
            if code is None:
                raise EperusteetFormatError(
                    _key_path(path, "koulutuskoodiArvo"), "required field is missing"
                )
            if code not in codes:
                codes.append(code)
        return tuple(codes)

    @staticmethod
    def _competence_areas(root: dict[str, Any]) -> tuple[ParsedCompetenceArea, ...]:
        areas: list[ParsedCompetenceArea] = []
        for index, item in enumerate(_optional_list(root, "osaamisalat", "$")):
            path = _index_path("$.osaamisalat", index)
            area = _as_dict(item, path)
            uri = _optional_str(area, "uri", path)
            code = _optional_str(area, "arvo", path) or _code_from_uri(uri, "osaamisala_")
            if code is None:
                raise EperusteetFormatError(_key_path(path, "arvo"), "required field is missing")
            names = _localized(area.get("nimi"), _key_path(path, "nimi"))
            areas.append(ParsedCompetenceArea(code=code, uri=uri, names=names))
        return tuple(areas)

    @staticmethod
    def _titles(root: dict[str, Any]) -> tuple[ParsedTitle, ...]:
        titles: list[ParsedTitle] = []
        for index, item in enumerate(_optional_list(root, "tutkintonimikkeet", "$")):
            path = _index_path("$.tutkintonimikkeet", index)
            title = _as_dict(item, path)
            uri = _optional_str(title, "tutkintonimikeUri", path)
            code = _optional_str(title, "tutkintonimikeArvo", path) or _code_from_uri(
                uri, "tutkintonimikkeet_"
            )
            if code is None:
                raise EperusteetFormatError(
                    _key_path(path, "tutkintonimikeArvo"), "required field is missing"
                )
            titles.append(
                ParsedTitle(
                    code=code,
                    uri=uri,
                    names=_localized(title.get("nimi"), _key_path(path, "nimi")),
                    competence_area_uri=_optional_str(title, "osaamisalaUri", path),
                )
            )
        return tuple(titles)

    # -- units: identity --------------------------------------------------------------------
    @staticmethod
    def _raw_units(items: list[Any]) -> list[_RawUnit]:
        units: list[_RawUnit] = []
        seen: dict[int, str] = {}
        for index, item in enumerate(items):
            path = _index_path("$.tutkinnonOsat", index)
            data = _as_dict(item, path)
            eperusteet_id = _as_id(_required(data, "id", path), _key_path(path, "id"))
            if eperusteet_id in seen:
                raise EperusteetFormatError(
                    _key_path(path, "id"),
                    f"duplicate unit id {eperusteet_id} (first at {seen[eperusteet_id]})",
                )
            seen[eperusteet_id] = path
            names = _localized(
                _required(data, "nimi", path), _key_path(path, "nimi"), required=True
            )
            code, code_path = _unit_code(data, path)
            units.append(
                _RawUnit(
                    path=path,
                    data=data,
                    eperusteet_id=eperusteet_id,
                    code=code,
                    code_path=code_path,
                    names=names,
                    unit_type=_optional_str(data, "tyyppi", path),
                )
            )
        return units

    # -- rakenne and viitteet -----------------------------------------------------------------
    def _completion_mode(
        self,
        index: int,
        mode: dict[str, Any],
        units_by_id: dict[int, _RawUnit],
        placements: dict[int, _Placement],
    ) -> str | None:
        path = _index_path("$.suoritustavat", index)
        mode_code = _optional_str(mode, "suoritustapakoodi", path)

        viite_units: dict[int, int] = {}
        viite_list_path = _key_path(path, "tutkinnonOsaViitteet")
        for viite_index, item in enumerate(_optional_list(mode, "tutkinnonOsaViitteet", path)):
            viite_path = _index_path(viite_list_path, viite_index)
            viite = _as_dict(item, viite_path)
            viite_id = _as_id(_required(viite, "id", viite_path), _key_path(viite_path, "id"))
            ref_path = _key_path(viite_path, "_tutkinnonOsa")
            unit_id = _as_id(_required(viite, "_tutkinnonOsa", viite_path), ref_path)
            if unit_id not in units_by_id:
                raise EperusteetFormatError(
                    ref_path, f"refers to unit {unit_id}, which is not in $.tutkinnonOsat"
                )
            viite_units[viite_id] = unit_id
            placement = placements[unit_id]
            if placement.points is None:
                placement.points = _optional_decimal(viite, "laajuus", viite_path)
            if placement.points_max is None:
                placement.points_max = _optional_decimal(viite, "laajuusMaksimi", viite_path)
            self._check_common_unit_code(mode_code, path, units_by_id[unit_id])

        rakenne = mode.get("rakenne")
        if rakenne is not None:
            self._walk(rakenne, _key_path(path, "rakenne"), None, viite_units, placements)
        return mode_code

    def _walk(
        self,
        node_value: Any,
        path: str,
        area: str | None,
        viite_units: dict[int, int],
        placements: dict[int, _Placement],
    ) -> None:
        node = _as_dict(node_value, path)
        reference = node.get("_tutkinnonOsaViite")
        if reference is not None:
            ref_path = _key_path(path, "_tutkinnonOsaViite")
            viite_id = _as_id(reference, ref_path)
            unit_id = viite_units.get(viite_id)
            if unit_id is None:
                raise EperusteetFormatError(
                    ref_path,
                    f"refers to tutkinnonOsaViite {viite_id}, which is not in this "
                    "suoritustapa's tutkinnonOsaViitteet",
                )
            placement = placements[unit_id]
            if _optional_bool(node, "pakollinen", path):
                placement.compulsory = True
            if area is not None:
                placement.add_area(area)
            return
        osaamisala = _optional_dict(node, "osaamisala", path)
        if osaamisala is not None:
            area_path = _key_path(path, "osaamisala")
            area = (
                _optional_str(osaamisala, "osaamisalakoodiArvo", area_path)
                or _code_from_uri(
                    _optional_str(osaamisala, "osaamisalakoodiUri", area_path), "osaamisala_"
                )
                or area
            )
        children_path = _key_path(path, "osat")
        for child_index, child in enumerate(_optional_list(node, "osat", path)):
            self._walk(
                child, _index_path(children_path, child_index), area, viite_units, placements
            )

    @staticmethod
    def _check_common_unit_code(mode_code: str | None, mode_path: str, unit: _RawUnit) -> None:
        """Common units must carry the codes of the completion mode's era."""
        if unit.code is None:
            return
        where = f"{mode_path} (suoritustapakoodi {mode_code!r})"
        if mode_code == _REFORM_MODE and unit.code in PRE_REFORM_COMMON_UNIT_CODES:
            expected = ", ".join(
                f"{code} {name}" for code, name in REFORM_COMMON_UNIT_CODES.items()
            )
            raise EperusteetFormatError(
                unit.code_path,
                f"common unit {unit.eperusteet_id} has the pre-reform code {unit.code} "
                f"({PRE_REFORM_COMMON_UNIT_CODES[unit.code]}) but is used under {where}; "
                f"reform-era common units are {expected}",
            )
        if mode_code in _PRE_REFORM_MODES and unit.code in REFORM_COMMON_UNIT_CODES:
            raise EperusteetFormatError(
                unit.code_path,
                f"common unit {unit.eperusteet_id} has the reform-era code {unit.code} "
                f"({REFORM_COMMON_UNIT_CODES[unit.code]}) but is used under {where}",
            )

    # -- units: content -----------------------------------------------------------------------
    def _unit(self, raw: _RawUnit, placement: _Placement) -> ParsedUnit | None:
        data, path = raw.data, raw.path
        groups: tuple[ParsedRequirementGroup, ...] = ()
        if raw.unit_type in COMMON_UNIT_TYPES:
            groups = self._common_unit_groups(raw)
            if not groups:
                self._skipped.append(
                    (
                        raw.eperusteet_id,
                        f"common unit ({raw.unit_type}) has no osaAlueet with usable "
                        "osaamistavoitteet",
                    )
                )
                return None
        else:
            # The first source that yields requirements wins: 2019 shape, older HTML, TELMA.
            if data.get("ammattitaitovaatimukset2019") is not None:
                groups = self._groups_2019(raw)
            if not groups and data.get("ammattitaitovaatimukset") is not None:
                groups = self._html_groups(raw)
            if not groups and data.get("valmaTelmaSisalto") is not None:
                groups = self._telma_groups(raw)

        points = _optional_decimal(data, "laajuus", path)
        points_max = _optional_decimal(data, "laajuusMaksimi", path)
        return ParsedUnit(
            eperusteet_id=raw.eperusteet_id,
            code=raw.code,
            names=raw.names,
            unit_type=raw.unit_type,
            competence_points=points if points is not None else placement.points,
            competence_points_max=points_max if points_max is not None else placement.points_max,
            compulsory=placement.compulsory,
            competence_areas=tuple(placement.areas),
            requirement_groups=groups,
            assessment=_assessment(data.get("arviointi"), _key_path(path, "arviointi")),
        )

    def _html_groups(self, raw: _RawUnit) -> tuple[ParsedRequirementGroup, ...]:
        source_path = _key_path(raw.path, "ammattitaitovaatimukset")
        sources = _raw_localized(raw.data.get("ammattitaitovaatimukset"), source_path)
        key = f"{raw.eperusteet_id}-1"
        heading, notes, requirements = _html_requirements(sources, key)
        if not requirements:
            return ()
        return (
            ParsedRequirementGroup(
                key=key, heading=heading, requirements=requirements, shape="html", notes=notes
            ),
        )

    def _groups_2019(self, raw: _RawUnit) -> tuple[ParsedRequirementGroup, ...]:
        path = _key_path(raw.path, "ammattitaitovaatimukset2019")
        source = _as_dict(raw.data["ammattitaitovaatimukset2019"], path)
        unit_id = raw.eperusteet_id
        seen_codes: dict[str, int] = {}
        groups: list[ParsedRequirementGroup] = []

        ungrouped = self._requirements_2019(raw, source, path, group_index=0, seen_codes=seen_codes)
        if ungrouped:
            groups.append(
                ParsedRequirementGroup(
                    key=f"{unit_id}-0",
                    heading=_localized(source.get("kohde"), _key_path(path, "kohde")),
                    requirements=ungrouped,
                    shape="2019",
                    notes={},
                )
            )
        areas_path = _key_path(path, "kohdealueet")
        for area_index, item in enumerate(_optional_list(source, "kohdealueet", path)):
            area_path = _index_path(areas_path, area_index)
            area = _as_dict(item, area_path)
            requirements = self._requirements_2019(
                raw, area, area_path, group_index=area_index + 1, seen_codes=seen_codes
            )
            if not requirements:
                continue
            groups.append(
                ParsedRequirementGroup(
                    key=f"{unit_id}-{area_index + 1}",
                    heading=_localized(area.get("kuvaus"), _key_path(area_path, "kuvaus")),
                    requirements=requirements,
                    shape="2019",
                    notes={},
                )
            )
        return tuple(groups)

    def _requirements_2019(
        self,
        raw: _RawUnit,
        container: dict[str, Any],
        container_path: str,
        *,
        group_index: int,
        seen_codes: dict[str, int],
    ) -> tuple[ParsedRequirement, ...]:
        requirements: list[ParsedRequirement] = []
        list_path = _key_path(container_path, "vaatimukset")
        for item_index, item in enumerate(_optional_list(container, "vaatimukset", container_path)):
            item_path = _index_path(list_path, item_index)
            vaatimus = _as_dict(item, item_path)
            koodi = _optional_dict(vaatimus, "koodi", item_path)
            koodi_path = _key_path(item_path, "koodi")
            texts = _localized(vaatimus.get("vaatimus"), _key_path(item_path, "vaatimus"))
            if not texts and koodi is not None:
                texts = _localized(koodi.get("nimi"), _key_path(koodi_path, "nimi"))
            if not texts:
                self._skipped.append((raw.eperusteet_id, f"{item_path} has no requirement text"))
                continue
            code = _koodi_code(koodi, koodi_path) if koodi is not None else None
            if code is None:
                code = f"{raw.eperusteet_id}-{group_index}-{item_index + 1}"
            requirements.append(ParsedRequirement(code=_unique(code, seen_codes), texts=texts))
        return tuple(requirements)

    def _common_unit_groups(self, raw: _RawUnit) -> tuple[ParsedRequirementGroup, ...]:
        groups: list[ParsedRequirementGroup] = []
        areas_path = _key_path(raw.path, "osaAlueet")
        for area_index, item in enumerate(_optional_list(raw.data, "osaAlueet", raw.path)):
            area_path = _index_path(areas_path, area_index)
            area = _as_dict(item, area_path)
            area_key = _optional_id(area, "id", area_path)
            area_key = area_key if area_key is not None else area_index + 1
            requirements: list[ParsedRequirement] = []
            objectives_path = _key_path(area_path, "osaamistavoitteet")
            for objective_index, objective_item in enumerate(
                _optional_list(area, "osaamistavoitteet", area_path)
            ):
                objective_path = _index_path(objectives_path, objective_index)
                objective = _as_dict(objective_item, objective_path)
                objective_key = _optional_id(objective, "id", objective_path)
                objective_key = objective_key if objective_key is not None else objective_index + 1
                sources = _raw_localized(
                    objective.get("tavoitteet"), _key_path(objective_path, "tavoitteet")
                )
                _, _, items = _html_requirements(
                    sources, f"{raw.eperusteet_id}-{area_key}-{objective_key}"
                )
                compulsory = _optional_bool(objective, "pakollinen", objective_path)
                requirements.extend(
                    ParsedRequirement(
                        code=item.code,
                        texts=item.texts,
                        parent_code=item.parent_code,
                        compulsory=compulsory,
                    )
                    for item in items
                )
            if not requirements:
                continue
            groups.append(
                ParsedRequirementGroup(
                    key=f"{raw.eperusteet_id}-{area_key}",
                    heading=_localized(area.get("nimi"), _key_path(area_path, "nimi")),
                    requirements=tuple(requirements),
                    shape="common",
                    notes={},
                )
            )
        return tuple(groups)

    def _telma_groups(self, raw: _RawUnit) -> tuple[ParsedRequirementGroup, ...]:
        path = _key_path(raw.path, "valmaTelmaSisalto")
        content = _as_dict(raw.data["valmaTelmaSisalto"], path)
        groups: list[ParsedRequirementGroup] = []
        objectives_path = _key_path(path, "osaamistavoite")
        for objective_index, item in enumerate(_optional_list(content, "osaamistavoite", path)):
            objective_path = _index_path(objectives_path, objective_index)
            objective = _as_dict(item, objective_path)
            objective_key = _optional_id(objective, "id", objective_path)
            objective_key = objective_key if objective_key is not None else objective_index + 1
            key = f"{raw.eperusteet_id}-{objective_key}"
            requirements: list[ParsedRequirement] = []
            goals_path = _key_path(objective_path, "tavoitteet")
            for goal_index, goal in enumerate(
                _optional_list(objective, "tavoitteet", objective_path)
            ):
                goal_path = _index_path(goals_path, goal_index)
                if isinstance(goal, str):
                    # A bare string has no language tag; ePerusteet's default language is fi.
                    texts = {"fi": _collapse(goal)} if goal.strip() else {}
                else:
                    texts = _localized(goal, goal_path)
                if texts:
                    requirements.append(
                        ParsedRequirement(code=f"{key}-{goal_index + 1}", texts=texts)
                    )
            if not requirements:
                continue
            groups.append(
                ParsedRequirementGroup(
                    key=key,
                    heading=_localized(objective.get("nimi"), _key_path(objective_path, "nimi")),
                    requirements=tuple(requirements),
                    shape="telma",
                    notes=_localized(objective.get("selite"), _key_path(objective_path, "selite")),
                )
            )
        return tuple(groups)


# --------------------------------------------------------------------------------------------
# Helpers shared by the unit parsers
# --------------------------------------------------------------------------------------------


def _unit_code(data: dict[str, Any], path: str) -> tuple[str | None, str]:
    """The unit's koodisto value and the path it was read from (for error messages)."""
    code = _optional_str(data, "koodiArvo", path)
    if code is not None:
        return code, _key_path(path, "koodiArvo")
    koodi = _optional_dict(data, "koodi", path)
    if koodi is not None:
        koodi_path = _key_path(path, "koodi")
        code = _optional_str(koodi, "arvo", koodi_path)
        if code is not None:
            return code, _key_path(koodi_path, "arvo")
        code = _code_from_uri(_optional_str(koodi, "uri", koodi_path), "tutkinnonosat_")
        if code is not None:
            return code, _key_path(koodi_path, "uri")
    code = _code_from_uri(_optional_str(data, "koodiUri", path), "tutkinnonosat_")
    return code, _key_path(path, "koodiUri")


def _koodi_code(koodi: dict[str, Any], path: str) -> str | None:
    """Natural key of a 2019-shape requirement: koodi ``uri``, else ``arvo``, else ``id``."""
    code = _optional_str(koodi, "uri", path) or _optional_str(koodi, "arvo", path)
    if code is not None:
        return code
    koodi_id = _optional_id(koodi, "id", path)
    return None if koodi_id is None else str(koodi_id)


def _unique(code: str, seen: dict[str, int]) -> str:
    """Keep codes unique within a unit: a repeated code gets ``~2``, ``~3``... in order."""
    count = seen.get(code, 0) + 1
    seen[code] = count
    return code if count == 1 else f"{code}~{count}"


def _html_requirements(
    sources: dict[str, str], key: str
) -> tuple[LocalizedText, LocalizedText, tuple[ParsedRequirement, ...]]:
    """Turn localised HTML into (heading, notes, requirements) with codes ``{key}-{n}``.

    The reference language is fi, or the first language with list items. Other languages are
    kept only when their list has the same structure; a language that does not match is left
    out of the whole group so headings and items stay consistent.
    """
    parsed = {language: parse_html_list(text) for language, text in sources.items()}
    reference = next((lang for lang in LANGUAGES if lang in parsed and parsed[lang].items), None)
    if reference is None:
        # No list at all: the whole text is a single requirement.
        texts = {
            language: "\n".join(part for part in (result.lead, result.tail) if part)
            for language, result in parsed.items()
        }
        texts = {language: text for language, text in texts.items() if text}
        if not texts:
            return {}, {}, ()
        return {}, {}, (ParsedRequirement(code=f"{key}-1", texts=texts),)

    structure = parsed[reference].structure
    kept = [lang for lang in LANGUAGES if lang in parsed and parsed[lang].structure == structure]
    requirements = tuple(
        ParsedRequirement(
            code=f"{key}-{index + 1}",
            texts={language: parsed[language].items[index][0] for language in kept},
            parent_code=None if parent is None else f"{key}-{parent + 1}",
        )
        for index, (_, parent) in enumerate(parsed[reference].items)
    )
    heading = {lang: parsed[lang].lead for lang in kept if parsed[lang].lead}
    notes = {lang: parsed[lang].tail for lang in kept if parsed[lang].tail}
    return heading, notes, requirements


def _assessment(value: Any, path: str) -> tuple[ParsedAssessmentTarget, ...]:
    """Lowest-level criteria of every arvioinnin kohde (see :class:`ParsedAssessmentTarget`)."""
    if value is None:
        return ()
    arviointi = _as_dict(value, path)
    targets: list[ParsedAssessmentTarget] = []
    areas_path = _key_path(path, "arvioinninKohdealueet")
    for area_index, area_item in enumerate(
        _optional_list(arviointi, "arvioinninKohdealueet", path)
    ):
        area_path = _index_path(areas_path, area_index)
        area = _as_dict(area_item, area_path)
        area_heading = _localized(area.get("otsikko"), _key_path(area_path, "otsikko"))
        targets_path = _key_path(area_path, "arvioinninKohteet")
        for target_index, target_item in enumerate(
            _optional_list(area, "arvioinninKohteet", area_path)
        ):
            target_path = _index_path(targets_path, target_index)
            target = _as_dict(target_item, target_path)
            level, criteria = _lowest_level_criteria(target, target_path)
            targets.append(
                ParsedAssessmentTarget(
                    area=area_heading,
                    target=_localized(target.get("otsikko"), _key_path(target_path, "otsikko")),
                    level=level,
                    criteria=criteria,
                )
            )
    return tuple(targets)


def _lowest_level_criteria(
    target: dict[str, Any], path: str
) -> tuple[int | None, tuple[LocalizedText, ...]]:
    levels_path = _key_path(path, "osaamistasonKriteerit")
    best: tuple[int, tuple[LocalizedText, ...]] | None = None
    for level_index, item in enumerate(_optional_list(target, "osaamistasonKriteerit", path)):
        level_path = _index_path(levels_path, level_index)
        entry = _as_dict(item, level_path)
        level = _optional_id(entry, "_osaamistaso", level_path)
        if level is None:
            continue
        if best is not None and level >= best[0]:
            continue
        criteria_path = _key_path(level_path, "kriteerit")
        criteria = tuple(
            text
            for text in (
                _localized(criterion, _index_path(criteria_path, criterion_index))
                for criterion_index, criterion in enumerate(
                    _optional_list(entry, "kriteerit", level_path)
                )
            )
            if text
        )
        best = (level, criteria)
    return (None, ()) if best is None else best
