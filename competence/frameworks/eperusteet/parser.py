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
from dataclasses import dataclass, field
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any

from .fields import (
    _as_dict,
    _as_id,
    _code_from_uri,
    _collapse,
    _index_path,
    _key_path,
    _localized,
    _optional_bool,
    _optional_date,
    _optional_decimal,
    _optional_dict,
    _optional_epoch_ms,
    _optional_id,
    _optional_list,
    _optional_str,
    _raw_localized,
    _required,
)
from .html_lists import (
    parse_html_list,
)
from .types import (
    _PRE_REFORM_MODES,
    _REFORM_MODE,
    COMMON_UNIT_TYPES,
    LANGUAGES,
    PRE_REFORM_COMMON_UNIT_CODES,
    REFORM_COMMON_UNIT_CODES,
    EperusteetFormatError,
    LocalizedText,
    ParsedAssessmentTarget,
    ParsedCompetenceArea,
    ParsedQualification,
    ParsedRequirement,
    ParsedRequirementGroup,
    ParsedTitle,
    ParsedUnit,
)

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
