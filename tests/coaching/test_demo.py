from __future__ import annotations

from collections import Counter

import pytest
from django_tenants.utils import schema_context

from tenants.demo import DEMO_MUNICIPALITIES, demo_data_ensure

pytestmark = pytest.mark.django_db


def test_demo_has_a_period_in_every_phase_once(tenants):
    from coaching.models import CoachingPeriod, Phase

    demo_data_ensure(base_domain="demo.test.localhost")
    demo_data_ensure(base_domain="demo.test.localhost")

    for spec in DEMO_MUNICIPALITIES:
        with schema_context(spec["slug"]):
            phases = Counter(CoachingPeriod.objects.values_list("phase", flat=True))
            assert phases == dict.fromkeys(Phase.values, 1)
