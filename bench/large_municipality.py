"""Generate a large municipality: 10,000 trainees, several years of periods, ~1M daily entries.

    python bench/large_municipality.py [--trainees 10000] [--slug suurkunta] [--fresh]

Onboards the municipality through the service (host ``<slug>.localhost``), creates its staff
through the accounts service (password ``bench-password-123``), then writes the bulk rows with
set-based SQL (``INSERT … SELECT generate_series``), which is two orders of magnitude faster
than the ORM: per trainee one to four referrals, each with its period (the last one open for
every third trainee, started in the last 150 days; the others closed, 56 days each, spread
over five years), a daily entry on every weekday of every period up to today, and ten audit
events. At the default scale that is about 25,000 periods and 1,000,000 daily entries.
Prints the row counts and the time each step took. ``--fresh`` drops an existing one first.
Uses var/bench's embedded PostgreSQL unless DATABASE_URL points at a scratch database.
"""

from __future__ import annotations

import argparse
import time

import _django

PASSWORD = "bench-password-123"  # noqa: S105 - bench users on a scratch database
KIND = "employment_area"
FIRST = ["Aino", "Eino", "Helmi", "Väinö", "Sofia", "Leo", "Ella", "Onni", "Olivia", "Elias"]
LAST = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen"]


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=10_000)
    parser.add_argument("--coaches", type=int, default=20)
    parser.add_argument("--slug", default="suurkunta")
    parser.add_argument("--fresh", action="store_true", help="drop an existing one first")
    return parser.parse_args()


def step(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"{label:<44} {now - started:6.1f} s", flush=True)
    return now


def drop(slug: str) -> None:
    from django.db import connection

    from tenants.models import Domain, Municipality

    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{municipality.schema_name}" CASCADE')
    Domain.objects.filter(tenant=municipality).delete()
    municipality.delete()


def generate(args: argparse.Namespace) -> None:
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    from accounts.models import User
    from accounts.services import user_create
    from onboarding.services import municipality_onboard
    from tenants.models import Municipality, Region
    from tenants.services import region_create

    started = time.perf_counter()
    if args.fresh:
        drop(args.slug)
    if Municipality.objects.filter(slug=args.slug).exists():
        print(f"{args.slug} exists; --fresh to generate it again")
        return
    region = Region.objects.first() or region_create(name="Pohjois-Karjala", slug="pohjois_karjala")
    municipality_onboard(
        name=args.slug.capitalize(),
        slug=args.slug,
        domain=f"{args.slug}.localhost",
        region=region.slug,
        admin_email=f"admin@{args.slug}.example",
    )
    started = step("onboarded", started)
    with schema_context(args.slug):
        admin = User.objects.get(email=f"admin@{args.slug}.example")
        admin.set_password(PASSWORD)
        admin.save(update_fields=["password"])
        for i in range(args.coaches):
            user_create(
                email=f"coach{i}@{args.slug}.example",
                role=User.Role.WORK_COACH,
                first_name="Valmentaja",
                last_name=f"{i:02d}",
                password=PASSWORD,
            )
        for i in range(3):
            user_create(
                email=f"agent{i}@{args.slug}.example",
                role=User.Role.CAREER_AGENT,
                first_name="Ura",
                last_name=f"Agentti {i}",
                password=PASSWORD,
            )
        from coaching.models import PartnerContact, PartnerOrganisation

        office = PartnerOrganisation.objects.create(name="TE-palvelut", kind=KIND)
        for i in range(3):
            PartnerContact.objects.create(
                organisation=office, name=f"Asiakasvastaava {i}", is_case_manager=True
            )
        started = step(f"{args.coaches} coaches, 3 career agents", started)
        with transaction.atomic(), connection.cursor() as cursor:
            bulk_rows(cursor, args)
            started = step("bulk rows", started)
        with connection.cursor() as cursor:
            # VACUUM as well: it sets the visibility map that autovacuum keeps set in
            # production, without which PostgreSQL cannot read a covering index alone
            # (index-only scans) on freshly bulk-written tables.
            cursor.execute(
                "VACUUM (ANALYZE) coaching_trainee, coaching_referral, coaching_coachingperiod, "
                "coaching_dailyentry, privacy_auditevent"
            )
            started = step("vacuum, analyze", started)
            for table in (
                "coaching_trainee",
                "coaching_referral",
                "coaching_coachingperiod",
                "coaching_dailyentry",
                "privacy_auditevent",
            ):
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
                print(f"{table:<30} {cursor.fetchone()[0]:>10,}")


def bulk_rows(cursor, args: argparse.Namespace) -> None:
    """Set-based inserts; ids come from the tables' own sequences."""
    n = args.trainees
    cursor.execute(
        """
        INSERT INTO coaching_trainee (created_at, updated_at, first_name, last_name,
            date_of_birth, personal_identity_code, email, phone, languages, education,
            work_history, driving_licence, has_hygiene_passport, has_occupational_safety_card,
            gender)
        SELECT now(), now(), (%s::text[])[1 + i %% %s], (%s::text[])[1 + (i / 10) %% %s]
               || '-' || i, date '1970-01-01' + (i * 7 %% 12000), '', '', '', 'fi', '', '', '',
               i %% 2 = 0, i %% 3 = 0, (ARRAY['female', 'male', 'not_stated', ''])[1 + i %% 4]
        FROM generate_series(1, %s) AS i
        """,
        [FIRST, len(FIRST), LAST, len(LAST), n],
    )
    # Period k (1-based) of a trainee with `periods` periods; the trainee's last period is
    # open for every third trainee. Referral and period share the generated (trainee, k).
    cursor.execute(
        """
        CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
        SELECT t.id AS trainee_id, k, 1 + t.id %% 4 AS periods,
               (k = 1 + t.id %% 4 AND t.id %% 3 = 0) AS open,
               coach.id AS coach_id, agent.id AS agent_id, manager.id AS manager_id,
               CASE WHEN k = 1 + t.id %% 4 AND t.id %% 3 = 0
                    THEN current_date - (t.id %% 150)::int
                    ELSE date '2021-01-04' + ((k - 1) * 330 + t.id %% 200)::int END AS start_on
        FROM coaching_trainee t
        CROSS JOIN LATERAL generate_series(1, 1 + t.id %% 4) AS k
        CROSS JOIN LATERAL (SELECT id FROM accounts_user WHERE role = 'work_coach'
                            ORDER BY id OFFSET (t.id %% %s) LIMIT 1) AS coach
        CROSS JOIN LATERAL (SELECT id FROM accounts_user WHERE role = 'career_agent'
                            ORDER BY id OFFSET (t.id %% 3) LIMIT 1) AS agent
        CROSS JOIN LATERAL (SELECT id FROM coaching_partnercontact
                            ORDER BY id OFFSET (t.id %% 3) LIMIT 1) AS manager
        """,
        [args.coaches],
    )
    cursor.execute("ALTER TABLE bench_plan ADD COLUMN referral_id bigint")
    cursor.execute(
        """
        WITH status AS (SELECT min(id) AS id FROM coaching_participationstatus),
             form AS (SELECT min(id) AS id FROM coaching_serviceform),
             inserted AS (
                INSERT INTO coaching_referral (created_at, updated_at, legal_basis,
                    legal_basis_date, days_per_week, hours_per_day, planned_start_on,
                    planned_end_on, goals, case_manager_id, created_by_id,
                    requested_status_id, service_form_id, trainee_id, decline_reason)
                SELECT now(), now(), 'employment_plan', p.start_on - 14, 4, 6, p.start_on,
                       p.start_on + 180, '', p.manager_id, p.agent_id, status.id, form.id,
                       p.trainee_id, ''
                FROM bench_plan p, status, form
                ORDER BY p.trainee_id, p.k
                RETURNING id, trainee_id, planned_start_on)
        UPDATE bench_plan p SET referral_id = inserted.id FROM inserted
        WHERE inserted.trainee_id = p.trainee_id AND inserted.planned_start_on = p.start_on
        """
    )
    cursor.execute(
        """
        INSERT INTO coaching_coachingperiod (created_at, updated_at, phase,
            phase_before_interruption, start_on, planned_end_on, ended_on, outcome,
            follow_up_due_on, career_agent_id, coach_id, trainee_id, referral_id)
        SELECT now(), now(), CASE WHEN open THEN 'coaching' ELSE 'closed' END, '', start_on,
               start_on + 180, CASE WHEN open THEN NULL ELSE start_on + 56 END,
               CASE WHEN open THEN '' ELSE 'open_market_work' END, NULL, agent_id, coach_id,
               trainee_id, referral_id
        FROM bench_plan ORDER BY trainee_id, k
        """
    )
    cursor.execute(
        """
        INSERT INTO coaching_dailyentry (created_at, updated_at, date, attendance, hours,
            learning_notes, capacity_observations, period_id, recorded_by_id)
        SELECT now(), now(), d::date,
               CASE WHEN (p.id + (d::date - date '2000-01-01')) %% 11 = 0 THEN 'absent_sick'
                    ELSE 'present' END, 6, '', '', p.id, p.coach_id
        FROM coaching_coachingperiod p
        CROSS JOIN LATERAL generate_series(
            p.start_on, LEAST(coalesce(p.ended_on, current_date), current_date), '1 day') AS d
        WHERE extract(isodow FROM d) < 6
        """,
        [],
    )
    cursor.execute(
        """
        INSERT INTO privacy_auditevent (at, tenant_schema, actor_id, actor_display, actor_role,
            action, object_type, object_id, trainee_id, section, purpose, request_id, detail)
        SELECT now() - (j || ' days')::interval, current_schema(), p.coach_id, 'Valmentaja',
               'work_coach', 'read', 'coaching.trainee', t.id::text, t.id, 'basic',
               'coaching', '', '{}'::jsonb
        FROM coaching_trainee t
        JOIN coaching_coachingperiod p ON p.trainee_id = t.id
        CROSS JOIN generate_series(1, 10) AS j
        WHERE p.id = (SELECT max(id) FROM coaching_coachingperiod WHERE trainee_id = t.id)
        """
    )


if __name__ == "__main__":
    arguments = parse()
    _django.setup()
    generate(arguments)
