"""Parser for ePerusteet qualification documents (Finnish national qualification requirements).

Standard library only (no Django, no network, no database): ``types`` (constants, the error and
the parsed dataclasses), ``fields`` (typed accessors of the JSON), ``html_lists`` (requirement
lists in HTML) and ``parser`` (the document parser; its docstring explains the choices).
The ``import_eperusteet`` command beside it (``competence/frameworks/management``) and
``competence.frameworks.services.qualification_import`` store the result.
"""

from .html_lists import HtmlList, parse_html_list
from .parser import parse_peruste, parse_peruste_bytes, parse_peruste_file
from .types import (
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
