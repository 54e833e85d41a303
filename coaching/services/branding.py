"""The municipality's brand: the header's colour and logo on every page of its web app."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext
from PIL import Image, UnidentifiedImageError

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import CoachingSettings
from coaching.selectors import coaching_settings_get
from privacy import audit
from valmo import colour
from valmo.integrity import constraint_errors

LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_SIDE = 2000  # pixels
# Raster formats only: an SVG logo could carry script.
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def _colour_errors(value: str) -> list[str]:
    if not value:
        return []
    if not colour.HEX_COLOUR_RE.match(value):
        return [gettext("Enter the colour as six hexadecimal digits, such as #0000bf.")]
    ratio = colour.contrast_ratio(value, colour.WHITE)
    if ratio < colour.AA_CONTRAST:
        return [
            gettext(
                "White text on this colour has a contrast of %(ratio)s:1; at least 4.5:1 is "
                "needed (WCAG AA). Choose a darker colour."
            )
            % {"ratio": f"{ratio:.1f}"}
        ]
    return []


def _logo_format(logo: File[bytes]) -> tuple[str | None, list[str]]:
    """The file's extension when it is an acceptable image, else the errors."""
    if logo.size is not None and logo.size > LOGO_MAX_BYTES:
        return None, [gettext("The logo may be at most 512 kB.")]
    try:
        logo.seek(0)
        with Image.open(logo) as image:
            image.verify()
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None, [gettext("Upload the logo as a PNG, JPEG or WebP image.")]
    finally:
        logo.seek(0)
    if kind not in LOGO_FORMATS:
        return None, [gettext("Upload the logo as a PNG, JPEG or WebP image.")]
    if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
        return None, [gettext("The logo may be at most 2000 × 2000 pixels.")]
    return LOGO_FORMATS[kind], []


@transaction.atomic
@permission_required_for("configuration.change")
def brand_update(
    *,
    actor: User,
    brand_colour: str,
    logo: File[bytes] | None = None,
    remove_logo: bool = False,
) -> CoachingSettings:
    """Set the brand colour (empty: Valmo's own) and replace or remove the logo.

    The colour must keep white text readable (WCAG AA, 4.5:1). Every error names its field
    and nothing is saved or stored when any is refused.
    """
    value = colour.normalise(brand_colour) if brand_colour.strip() else ""
    errors: dict[str, list[str]] = {}
    if colour_errors := _colour_errors(value):
        errors["brand_colour"] = colour_errors
    extension = None
    if logo is not None:
        extension, logo_errors = _logo_format(logo)
        if logo_errors:
            errors["logo"] = logo_errors
    if errors:
        raise ValidationError(errors)

    settings_row = coaching_settings_get()
    changed = []
    if settings_row.brand_colour != value:
        settings_row.brand_colour = value
        changed.append("brand_colour")
    old_logo = settings_row.logo.name if settings_row.logo else ""
    if logo is not None:
        settings_row.logo.save(f"logo.{extension}", logo, save=False)
        changed.append("logo")
    elif remove_logo and old_logo:
        settings_row.logo = ""  # an empty FieldFile
        changed.append("logo")
    if not changed:
        return settings_row
    try:
        settings_row.full_clean()
        with constraint_errors():
            settings_row.save()
    except Exception:
        if logo is not None:  # the new file would be left behind: nothing refers to it
            settings_row.logo.storage.delete(settings_row.logo.name)
        raise
    audit.record(
        action="change",
        obj=settings_row,
        section="configuration",
        detail={"fields": changed, "brand_colour": value},
    )
    if "logo" in changed and old_logo:
        storage = settings_row.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return settings_row
