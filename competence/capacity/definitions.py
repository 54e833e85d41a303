"""Instrument definitions: the plain-data form of one instrument version.

The platform's instruments ship as JSON files in ``instruments/``; a definition is also what a
stored version is turned into when it is copied or hashed, so the shipped files and the
database are compared through one canonical form (``InstrumentDefinition.sha256``). Pure
standard library: no database access here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from valmo.i18n import LANGUAGES

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"
RATER_TYPES = ("self", "coach", "supervisor")
OCCASIONS = ("baseline", "interim", "final", "follow_up")
REQUIRED_ANCHORS = (1, 3, 5)


class InstrumentDefinitionError(ValueError):
    """A definition that cannot be used; ``path`` names the place (``$.dimensions[2].code``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Text:
    fi: str = ""
    sv: str = ""
    en: str = ""

    def any(self) -> bool:
        return bool(self.fi or self.sv or self.en)

    def complete(self) -> bool:
        return bool(self.fi and self.sv and self.en)


@dataclass(frozen=True)
class ScalePointDefinition:
    value: int
    label: Text


@dataclass(frozen=True)
class AnchorDefinition:
    value: int
    text: Text


@dataclass(frozen=True)
class ItemDefinition:
    code: str
    text: Text
    anchors: tuple[AnchorDefinition, ...]


@dataclass(frozen=True)
class DimensionDefinition:
    code: str
    name: Text
    description: Text
    items: tuple[ItemDefinition, ...]


@dataclass(frozen=True)
class InstrumentDefinition:
    code: str
    name: Text
    description: Text
    rater_types: tuple[str, ...]
    occasions: tuple[str, ...]
    scale: tuple[ScalePointDefinition, ...]
    not_observed: Text | None
    dimensions: tuple[DimensionDefinition, ...]

    def content(self) -> dict[str, Any]:
        """Everything a version holds, without the instrument's code (its identity)."""
        content = asdict(self)
        del content["code"]
        return content

    @property
    def sha256(self) -> str:
        canonical = json.dumps(
            self.content(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _text(value: Any, path: str, *, complete: bool) -> Text:
    if not isinstance(value, dict) or set(value) - set(LANGUAGES):
        raise InstrumentDefinitionError(path, "expected an object with keys fi, sv, en")
    for code, text in value.items():
        if not isinstance(text, str):
            raise InstrumentDefinitionError(f"{path}.{code}", "expected a string")
    text = Text(**{code: value.get(code, "").strip() for code in LANGUAGES})
    if complete and not text.complete():
        raise InstrumentDefinitionError(path, "a text is needed in Finnish, Swedish and English")
    if not text.any():
        raise InstrumentDefinitionError(path, "a text is needed in at least one language")
    return text


def _code(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value or not all(c.isalnum() or c in "-_" for c in value):
        raise InstrumentDefinitionError(path, "expected a code of letters, digits, - and _")
    return value


def _choices(value: Any, path: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise InstrumentDefinitionError(path, "expected a non-empty list")
    for index, entry in enumerate(value):
        if entry not in allowed:
            raise InstrumentDefinitionError(f"{path}[{index}]", f"expected one of {allowed}")
    if len(set(value)) != len(value):
        raise InstrumentDefinitionError(path, "duplicate entry")
    # Stored in the canonical order so that reordering a file is no change.
    return tuple(choice for choice in allowed if choice in value)


def definition_parse(data: Any, *, complete_texts: bool = True) -> InstrumentDefinition:
    """Validate a JSON-shaped instrument and return its definition.

    ``complete_texts`` demands every text in Finnish, Swedish and English (the platform's
    files); otherwise one language is enough.
    """
    if not isinstance(data, dict):
        raise InstrumentDefinitionError("$", "expected an object")
    c = complete_texts
    scale_data = data.get("scale")
    if not isinstance(scale_data, dict):
        raise InstrumentDefinitionError("$.scale", "expected an object")
    points_data = scale_data.get("points")
    if not isinstance(points_data, list) or len(points_data) < 2:
        raise InstrumentDefinitionError("$.scale.points", "expected at least two points")
    scale = []
    for index, point in enumerate(points_data):
        path = f"$.scale.points[{index}]"
        if not isinstance(point, dict) or type(point.get("value")) is not int:
            raise InstrumentDefinitionError(f"{path}.value", "expected an integer")
        scale.append(
            ScalePointDefinition(
                point["value"], _text(point.get("label"), f"{path}.label", complete=c)
            )
        )
    values = [point.value for point in scale]
    if values != sorted(set(values)):
        raise InstrumentDefinitionError("$.scale.points", "values must increase")
    not_observed = scale_data.get("not_observed")
    if not_observed is not None:
        not_observed = _text(not_observed, "$.scale.not_observed", complete=c)

    dimensions_data = data.get("dimensions")
    if not isinstance(dimensions_data, list) or not dimensions_data:
        raise InstrumentDefinitionError("$.dimensions", "expected a non-empty list")
    dimensions, dimension_codes, item_codes = [], set(), set()
    for d_index, dimension in enumerate(dimensions_data):
        d_path = f"$.dimensions[{d_index}]"
        if not isinstance(dimension, dict):
            raise InstrumentDefinitionError(d_path, "expected an object")
        d_code = _code(dimension.get("code"), f"{d_path}.code")
        if d_code in dimension_codes:
            raise InstrumentDefinitionError(f"{d_path}.code", f"duplicate dimension {d_code}")
        dimension_codes.add(d_code)
        items_data = dimension.get("items")
        if not isinstance(items_data, list) or not items_data:
            raise InstrumentDefinitionError(f"{d_path}.items", "expected a non-empty list")
        items = []
        for i_index, item in enumerate(items_data):
            i_path = f"{d_path}.items[{i_index}]"
            if not isinstance(item, dict):
                raise InstrumentDefinitionError(i_path, "expected an object")
            i_code = _code(item.get("code"), f"{i_path}.code")
            if i_code in item_codes:
                raise InstrumentDefinitionError(f"{i_path}.code", f"duplicate item {i_code}")
            item_codes.add(i_code)
            anchors_data = item.get("anchors")
            if not isinstance(anchors_data, dict):
                raise InstrumentDefinitionError(f"{i_path}.anchors", "expected an object")
            anchors = []
            for key, anchor_text in anchors_data.items():
                a_path = f"{i_path}.anchors.{key}"
                if not key.lstrip("-").isdigit() or int(key) not in values:
                    raise InstrumentDefinitionError(a_path, "not a value on the scale")
                anchors.append(AnchorDefinition(int(key), _text(anchor_text, a_path, complete=c)))
            anchored = {anchor.value for anchor in anchors}
            required = {value for value in REQUIRED_ANCHORS if value in values}
            if not required <= anchored:
                raise InstrumentDefinitionError(
                    f"{i_path}.anchors", f"anchors are needed for {sorted(required)}"
                )
            items.append(
                ItemDefinition(
                    code=i_code,
                    text=_text(item.get("text"), f"{i_path}.text", complete=c),
                    anchors=tuple(sorted(anchors, key=lambda anchor: anchor.value)),
                )
            )
        description = dimension.get("description") or {}
        dimensions.append(
            DimensionDefinition(
                code=d_code,
                name=_text(dimension.get("name"), f"{d_path}.name", complete=c),
                description=_text(description, f"{d_path}.description", complete=c)
                if description
                else Text(),
                items=tuple(items),
            )
        )
    description = data.get("description") or {}
    return InstrumentDefinition(
        code=_code(data.get("code"), "$.code"),
        name=_text(data.get("name"), "$.name", complete=c),
        description=_text(description, "$.description", complete=c) if description else Text(),
        rater_types=_choices(data.get("rater_types"), "$.rater_types", RATER_TYPES),
        occasions=_choices(data.get("occasions"), "$.occasions", OCCASIONS),
        scale=tuple(scale),
        not_observed=not_observed,
        dimensions=tuple(dimensions),
    )


def platform_definitions(directory: Path = INSTRUMENTS_DIR) -> list[InstrumentDefinition]:
    """Read and validate every shipped instrument file, in file-name order."""
    definitions = []
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            definition = definition_parse(data, complete_texts=True)
        except InstrumentDefinitionError as error:
            raise InstrumentDefinitionError(f"{path.name}: {error.path}", error.message) from None
        except json.JSONDecodeError as error:
            raise InstrumentDefinitionError(path.name, f"not valid JSON: {error}") from None
        definitions.append(definition)
    codes = [definition.code for definition in definitions]
    if len(set(codes)) != len(codes):
        raise InstrumentDefinitionError(str(directory), "two files define the same code")
    return definitions
