"""The parser's vocabulary: constants, the format error and the parsed result types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

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
