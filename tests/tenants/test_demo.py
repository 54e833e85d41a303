"""The demo command: links with the real port, role names in one language, a fast second run."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from onboarding.demo import DEMO_MUNICIPALITIES, DEMO_PASSWORD, demo_data_ensure

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

DOMAIN = "demo.test.localhost"
LOGIN = re.compile(r"^    (?P<role>\S.*?)\s{2,}(?P<email>\S+@\S+) / (?P<password>\S+)$")


def demo_command(*args: str, **options) -> str:
    out = StringIO()
    call_command("valmo_demo", *args, base_domain=DOMAIN, stdout=out, **options)
    return out.getvalue()


def test_demo_command_prints_the_real_port_and_english_role_names(demo):
    from accounts.models import User

    text = demo_command("--port", "8765")

    assert "ready (already there)" in text
    hosts = [DOMAIN] + [f"{spec['slug']}.{DOMAIN}" for spec in DEMO_MUNICIPALITIES]
    assert re.findall(r"https?://\S+", text) == [f"http://{host}:8765/" for host in hosts]
    logins = [match.groupdict() for line in text.splitlines() if (match := LOGIN.match(line))]
    assert len(logins) == 1 + sum(len(place["staff"]) for place in demo.report["municipalities"])
    assert {login["password"] for login in logins} == {DEMO_PASSWORD}
    with translation.override("en"):
        english = {str(label) for _, label in User.Role.choices}
    with translation.override("fi"):
        finnish = {str(label) for _, label in User.Role.choices} - english
    assert finnish  # the catalogue does translate the roles, so the check below means something
    printed = {login["role"] for login in logins}
    assert printed <= english
    assert {"Platform operator", "Tenant admin", "Work coach", "Trainee"} <= printed
    assert not any(name in text for name in finnish)


def test_demo_command_port_defaults_to_port_env_then_8000(demo, monkeypatch):
    monkeypatch.setenv("PORT", "9123")
    assert f"http://{DOMAIN}:9123/" in demo_command()
    monkeypatch.delenv("PORT")
    assert f"http://{DOMAIN}:8000/" in demo_command()
    with pytest.raises(CommandError, match="TCP port number"):
        demo_command("--port", "http")


def test_second_run_only_reports_in_a_few_queries(demo, django_assert_max_num_queries):
    assert demo.report == {**demo.again, "created": demo.report["created"]}
    assert demo.again["created"] is False
    assert demo.seconds_again < 1.0

    # Domains, operator, then two checks in each municipality (with its search_path switches).
    with django_assert_max_num_queries(14):
        report = demo_data_ensure(base_domain=DOMAIN)
    assert report == demo.again
