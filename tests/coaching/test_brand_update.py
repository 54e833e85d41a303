"""brand_update: the colour keeps white text readable, the logo is a small raster image, and
nothing is saved or stored when either is refused."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from coaching import services
from coaching.models import CoachingSettings
from privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def image(kind="PNG", size=(30, 30)) -> ContentFile:
    data = io.BytesIO()
    Image.new("RGB", size, (10, 10, 10)).save(data, kind)
    return ContentFile(data.getvalue(), name=f"x.{kind.lower()}")


def test_a_short_or_upper_case_colour_is_stored_as_six_lower_case_digits(staff):
    row = services.brand_update(actor=staff.admin, brand_colour=" #036 ")
    assert row.brand_colour == "#003366"
    row = services.brand_update(actor=staff.admin, brand_colour="1A5E20")
    assert row.brand_colour == "#1a5e20"


def test_a_light_colour_is_refused_with_its_contrast(staff):
    with pytest.raises(ValidationError) as error:
        services.brand_update(actor=staff.admin, brand_colour="#77aaff")
    assert list(error.value.message_dict) == ["brand_colour"]
    assert "4.5:1" in error.value.message_dict["brand_colour"][0]
    assert not CoachingSettings.objects.exists()


def test_both_fields_are_refused_together_and_nothing_is_stored(staff):
    with pytest.raises(ValidationError) as error:
        services.brand_update(
            actor=staff.admin, brand_colour="#zzzzzz", logo=ContentFile(b"GIF89a", name="a.gif")
        )
    assert sorted(error.value.message_dict) == ["brand_colour", "logo"]
    assert not CoachingSettings.objects.exists()


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_raster_logos_are_accepted(staff, kind):
    row = services.brand_update(actor=staff.admin, brand_colour="", logo=image(kind))
    extension = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[kind]
    assert row.logo.name.endswith(f".{extension}")
    assert row.logo.storage.exists(row.logo.name)


def test_a_gif_or_an_oversized_file_is_refused(staff):
    with pytest.raises(ValidationError, match="PNG, JPEG or WebP"):
        services.brand_update(actor=staff.admin, brand_colour="", logo=image("GIF"))
    big = ContentFile(b"\x89PNG" + b"0" * (600 * 1024), name="big.png")
    with pytest.raises(ValidationError, match="512 kB"):
        services.brand_update(actor=staff.admin, brand_colour="", logo=big)


def test_a_replaced_logo_file_is_deleted_after_commit(staff, django_capture_on_commit_callbacks):
    first = services.brand_update(actor=staff.admin, brand_colour="", logo=image())
    old_name = first.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        second = services.brand_update(actor=staff.admin, brand_colour="", logo=image())
    assert second.logo.name != old_name
    assert not second.logo.storage.exists(old_name)


def test_the_change_is_audited_with_the_actor(staff):
    services.brand_update(actor=staff.admin, brand_colour="#1a5e20")
    event = AuditEvent.objects.get(object_type="coaching.coachingsettings")
    assert (event.action, event.actor_id, event.detail["fields"]) == (
        "change",
        staff.admin.pk,
        ["brand_colour"],
    )
    # An unchanged brand writes nothing more.
    services.brand_update(actor=staff.admin, brand_colour="#1A5E20")
    assert AuditEvent.objects.filter(object_type="coaching.coachingsettings").count() == 1


def test_only_the_tenant_admin_may(staff):
    for actor in (staff.coach, staff.agent, staff.supervisor):
        with pytest.raises(PermissionDenied):
            services.brand_update(actor=actor, brand_colour="#1a5e20")
