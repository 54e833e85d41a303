"""Make the audit log append-only in the database and seed the default retention rules."""

from django.db import migrations

# Unqualified names resolve in the tenant's schema (django-tenants sets search_path), and
# cloning a tenant from the template copies the function and triggers with the schema renamed.
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION privacy_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'privacy_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_auditevent_no_update_delete
    BEFORE UPDATE OR DELETE ON privacy_auditevent
    FOR EACH ROW EXECUTE FUNCTION privacy_auditevent_append_only();
CREATE TRIGGER privacy_auditevent_no_truncate
    BEFORE TRUNCATE ON privacy_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION privacy_auditevent_append_only();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS privacy_auditevent_no_truncate ON privacy_auditevent;
DROP TRIGGER IF EXISTS privacy_auditevent_no_update_delete ON privacy_auditevent;
DROP FUNCTION IF EXISTS privacy_auditevent_append_only();
"""


# A copy of privacy.selectors.DEFAULT_RETENTION_RULES as it was when this migration was written.
DEFAULTS = [
    ("coaching_period", "social_welfare", 10, "anonymise",
     "703/2023; työikäisten palvelutehtävä: 10 years from closing the case"),
    ("coaching_period", "employment_services", 6, "anonymise",
     "380/2023; to be confirmed by the employment area's records management plan"),
    ("coaching_period", "other", 6, "anonymise", "Municipality's records management plan"),
    ("referral_not_started", "any", 1, "erase",
     "GDPR art. 5(1)(e): no service was given, nothing to document"),
]


def seed_retention_rules(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for record_type, legal_basis, years, disposal, source in DEFAULTS:
        RetentionRule.objects.get_or_create(
            record_type=record_type,
            legal_basis=legal_basis,
            defaults={"years": years, "disposal": disposal, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [
        migrations.RunSQL(APPEND_ONLY, DROP_APPEND_ONLY),
        migrations.RunPython(seed_retention_rules, migrations.RunPython.noop),
    ]
