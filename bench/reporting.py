"""Reporting benchmark (issue 7) on PostgreSQL: a year for a large council (150,000 contacts, 40,000 referrals).

Times the dashboard for the year, the CIN census export and the Annex A export as the product runs them, and
the same aggregates as one raw SQL query each (the floor), and reports the ratios. Writes var/bench/reporting.json.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import PG_SERVER, django_env, fresh_database, manage, write  # noqa: E402

CONTACTS = int(os.environ.get("BENCH_CONTACTS", "150000"))
REFERRALS = int(os.environ.get("BENCH_REFERRALS", "40000"))
START, END = date(2024, 4, 1), date(2025, 3, 31)  # census year 2025
LONDON = ZoneInfo("Europe/London")
BATCH = 5000

SOURCES = (
    ["6"] * 28
    + ["2A"] * 21
    + ["3A", "3B", "3E", "3F"] * 3
    + ["1A", "1C", "4", "5A", "5B", "5D", "7", "8", "9", "10"] * 2
)
CHANNELS = ["phone"] * 50 + ["email"] * 35 + ["online"] * 10 + ["police"] * 5
NON_REFERRAL = ["nfa"] * 30 + ["advice"] * 30 + ["signpost"] * 10 + ["early_help"] * 30
AGENCIES = (
    [f"Northshire school {n}" for n in range(120)]
    + [f"Northshire GP {n}" for n in range(60)]
    + ["Northshire Police"] * 40
)


ETHNICITIES = {
    "WBRI": 64, "WOTH": 6, "WIRI": 1, "WROM": 1, "MWBC": 2, "MWBA": 1, "MWAS": 2, "MOTH": 2, "AIND": 3,
    "APKN": 4, "ABAN": 2, "AOTH": 2, "BCRB": 1, "BAFR": 4, "BOTH": 1, "CHNE": 1, "OOTH": 2, "REFU": 1,
}  # fmt: skip
DISABILITIES = {
    "NONE": 86,
    "LD": 3,
    "COMM": 2,
    "AUT": 2,
    "BEH": 2,
    "MOB": 1,
    "HEAR": 1,
    "AUT COMM": 2,
    "LD MOB": 1,
}


def _persons(rng: random.Random, pool: list[tuple[str, str, date]]) -> list:  # type: ignore[type-arg]
    """One person record per child of the pool, with what the returns need: sex, ethnicity, disability, an
    NHS number for most and a UPN for most school-age children (all synthetic; 999 NHS numbers are never
    issued)."""
    from django.utils import timezone

    from frontdoor.core.references import new_reference
    from frontdoor.people.matching.normalise import nhs_check_digit, upn_check_letter
    from frontdoor.people.models import Person

    def nhs() -> str:
        while True:
            body = "999" + "".join(rng.choice("0123456789") for _ in range(6))
            check = nhs_check_digit(body)
            if check is not None:
                return body + str(check)

    def upn() -> str:
        body = rng.choice(("850", "886", "330")) + "".join(rng.choice("0123456789") for _ in range(9))
        return upn_check_letter(body) + body

    taken: set[str] = set()

    def reference() -> str:  # unique in the batch: at 100,000 persons two random references can meet
        while (found := new_reference("PN")) in taken:
            pass
        taken.add(found)
        return found

    now = timezone.now()
    return [
        Person(
            id=uuid.uuid4(),
            reference=reference(),
            given_name=given,
            family_name=family,
            date_of_birth=born,
            sex=rng.choice("FM"),
            ethnicity=rng.choices(list(ETHNICITIES), weights=list(ETHNICITIES.values()))[0],
            disabilities=rng.choices(list(DISABILITIES), weights=list(DISABILITIES.values()))[0],
            nhs_number=nhs() if rng.random() < 0.9 else "",
            upn=upn() if (START - born).days > 5 * 365 and rng.random() < 0.8 else "",
            created_at=now,
        )  # fmt: skip
        for n, (given, family, born) in enumerate(pool)
    ]


def generate(
    contacts_wanted: int = CONTACTS, referrals_wanted: int = REFERRALS, pool_size: int = 95_000
) -> dict[str, int]:
    """A year of a large council: contacts, their children (each linked to a person record), agreed
    decisions and referrals. Also used by the test suite at a small size (tests/reporting/test_cin_validator)."""
    from frontdoor.accounts.models import Role, Team, User
    from frontdoor.intake.models import Contact, ContactChild
    from frontdoor.people.models import ContactPerson, Person
    from frontdoor.triage.models import Decision, Referral

    rng = random.Random(7)
    chat = Team.objects.create(
        slug="chat", name="Children's Help and Advice Team", kind=Team.Kind.SOCIAL_CARE
    )
    fast = Team.objects.create(slug="fast", name="Family Advice and Support Team", kind=Team.Kind.EARLY_HELP)
    worker = User.objects.create(username="sw.bench", role=Role.SOCIAL_WORKER, team=chat, first_name="Sam")
    manager = User.objects.create(username="tm.bench", role=Role.TEAM_MANAGER, team=chat, first_name="Tam")
    # A pool of children so that children come back (re-referrals); names and dates are synthetic, and every
    # child was born before the year starts
    pool = [
        (f"Child{n}", f"Family{n // 3}", date(2007, 4, 1) + timedelta(days=rng.randrange(17 * 365)))
        for n in range(pool_size)
    ]
    persons = _persons(random.Random(8), pool)
    Person.objects.bulk_create(persons, batch_size=BATCH)
    links: list[ContactPerson] = []
    days = (END - START).days + 1
    referral_share = referrals_wanted / (contacts_wanted * 1.25)  # about 1.25 children per contact
    contacts, children, decisions, referrals = [], [], [], []
    totals = {"contacts": 0, "children": 0, "decisions": 0, "referrals": 0}

    def flush(final: bool = False) -> None:
        if len(contacts) >= BATCH or final:
            Contact.objects.bulk_create(contacts)
            ContactChild.objects.bulk_create(children)
            Decision.objects.bulk_create(decisions)
            Referral.objects.bulk_create(referrals)
            ContactPerson.objects.bulk_create(links)
            links.clear()
            for key, rows in (
                ("contacts", contacts),
                ("children", children),
                ("decisions", decisions),
                ("referrals", referrals),
            ):
                totals[key] += len(rows)
                rows.clear()

    for n in range(contacts_wanted):
        day = START + timedelta(days=int(rng.random() ** 0.9 * days) % days)
        received = datetime.combine(day, clock(8 + rng.randrange(10), rng.randrange(60)), tzinfo=LONDON)
        is_referral = rng.random() < referral_share
        team = chat if is_referral or rng.random() < 0.7 else fast
        source = rng.choice(SOURCES)
        contact = Contact(
            id=uuid.uuid4(),
            reference=f"BR-{n:07d}",
            team=team,
            status="decided",
            channel=rng.choice(CHANNELS),
            received_at=received,
            decision_due_at=received + timedelta(days=1),
            concern="Synthetic concern.",
            referrer_name="Rita Referrer",
            referrer_agency=rng.choice(AGENCIES),
            referral_source=source,
        )
        contacts.append(contact)
        kids = []
        first = rng.randrange(len(pool))
        for k in range(1 + (rng.random() < 0.2) + (rng.random() < 0.05)):
            given, family, born = pool[(first + k) % len(pool)]
            kid = ContactChild(id=uuid.uuid4(), contact=contact, given_name=given, family_name=family,
                               date_of_birth=None if rng.random() < 0.01 else born)  # fmt: skip
            kids.append(kid)
            links.append(
                ContactPerson(contact=contact, contact_child=kid, person=persons[(first + k) % len(pool)],
                              role="subject_child", given_name=given, family_name=family,
                              date_of_birth=kid.date_of_birth, decision="linked", decided_at=received)
            )  # fmt: skip
        children.extend(kids)
        outcome = (
            rng.choice(["assessment"] * 85 + ["strategy"] * 15) if is_referral else rng.choice(NON_REFERRAL)
        )
        decided = received + timedelta(hours=rng.choice([1, 3, 6, 20, 26, 50, 80]))
        decision = Decision(
            id=uuid.uuid4(), contact=contact, outcome=outcome, rationale="Synthetic.", decided_by=worker,
            decided_at=decided, oversight="agreed", overseen_by=manager, overseen_at=decided,
            primary_need="N1" if is_referral else "", level_of_need=4 if is_referral else rng.choice([1, 2, 3]),
        )  # fmt: skip
        decisions.append(decision)
        if is_referral:
            for kid in kids:
                referrals.append(
                    Referral(
                        id=uuid.uuid4(),
                        child=kid,
                        contact=contact,
                        decision=decision,
                        team=team,
                        referral_date=day,
                        source=source,
                        primary_need=rng.choice(["N1", "N1", "N4", "N5", "N0"]),
                        nfa=rng.random() < 0.065,
                        created_at=decided,
                    )  # fmt: skip
                )
        flush()
    flush(final=True)
    return totals


def timed(function, repeat: int = 1):  # type: ignore[no-untyped-def]
    best = float("inf")
    result = None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - began)
    return round(best, 3), result


FLOOR_SQL = {
    "dashboard_weekly_contacts": """
        WITH final AS (
          SELECT DISTINCT ON (contact_id) contact_id, outcome, decided_at FROM triage_decision
          WHERE oversight = 'agreed' ORDER BY contact_id, decided_at DESC)
        SELECT date_trunc('week', c.received_at AT TIME ZONE 'Europe/London') AS week, count(DISTINCT c.id),
               count(DISTINCT (lower(k.given_name), lower(k.family_name), k.date_of_birth)), count(k.id),
               count(DISTINCT c.id) FILTER (WHERE f.outcome IN ('assessment', 'strategy', 'private_fostering')),
               count(DISTINCT c.id) FILTER (WHERE f.decided_at <= c.decision_due_at),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.decided_at - c.received_at))
        FROM intake_contact c JOIN intake_contactchild k ON k.contact_id = c.id
        LEFT JOIN final f ON f.contact_id = c.id
        WHERE c.received_at >= %(start)s AND c.received_at < %(end)s GROUP BY 1 ORDER BY 1""",
    "dashboard_weekly_referrals": """
        WITH r AS (
          SELECT DISTINCT ON (lower(k.given_name), lower(k.family_name), k.date_of_birth, r.referral_date)
                 lower(k.given_name) g, lower(k.family_name) f, k.date_of_birth b, r.referral_date d
          FROM triage_referral r JOIN intake_contactchild k ON k.id = r.child_id
          WHERE r.referral_date >= %(history)s AND r.referral_date <= %(last)s),
        w AS (SELECT d, lag(d) OVER (PARTITION BY g, f, b ORDER BY d) AS previous FROM r)
        SELECT date_trunc('week', d) AS week, count(*),
               count(*) FILTER (WHERE previous >= d - interval '1 year')
        FROM w WHERE d >= %(first)s GROUP BY 1 ORDER BY 1""",
    "dashboard_mixes_and_agencies": """
        WITH final AS (
          SELECT DISTINCT ON (contact_id) contact_id, outcome FROM triage_decision
          WHERE oversight = 'agreed' ORDER BY contact_id, decided_at DESC)
        SELECT c.referrer_agency, c.referral_source, c.channel, f.outcome, count(*)
        FROM intake_contact c LEFT JOIN final f ON f.contact_id = c.id
        WHERE c.received_at >= %(start)s AND c.received_at < %(end)s
        GROUP BY GROUPING SETS ((c.referrer_agency, f.outcome), (c.referral_source), (c.channel), (f.outcome))""",
    # The returns take the child from the person record: the floors read the same person columns
    "cin_census": """
        SELECT p.reference, p.date_of_birth, p.expected_date_of_birth, p.sex, p.ethnicity, p.upn, p.disabilities,
               r.referral_date, r.source, r.primary_need, r.nfa
        FROM triage_referral r JOIN intake_contactchild k ON k.id = r.child_id
        LEFT JOIN people_contactperson l ON l.contact_child_id = k.id LEFT JOIN people_person p ON p.id = l.person_id
        WHERE r.referral_date >= %(first)s AND r.referral_date <= %(last)s
        ORDER BY p.reference, r.referral_date""",
    "annex_a_list_1": """
        SELECT p.reference, p.sex, p.ethnicity, p.date_of_birth, c.received_at, c.referral_source
        FROM intake_contact c JOIN intake_contactchild k ON k.contact_id = c.id
        LEFT JOIN people_contactperson l ON l.contact_child_id = k.id LEFT JOIN people_person p ON p.id = l.person_id
        WHERE c.received_at >= %(six_months)s AND c.received_at < %(end)s ORDER BY c.received_at""",
    "annex_a_list_2": """
        SELECT p.reference, p.sex, p.ethnicity, p.date_of_birth, d.decided_at, t.name
        FROM triage_decision d JOIN intake_contact c ON c.id = d.contact_id JOIN accounts_team t ON t.id = c.team_id
        JOIN intake_contactchild k ON k.contact_id = c.id
        LEFT JOIN people_contactperson l ON l.contact_child_id = k.id LEFT JOIN people_person p ON p.id = l.person_id
        WHERE d.oversight = 'agreed' AND d.outcome = 'early_help' AND d.decided_at >= %(six_months)s
          AND d.decided_at < %(end)s""",
    "annex_a_list_3": """
        WITH r AS (
          SELECT p.reference, p.sex, p.ethnicity, p.date_of_birth, r.referral_date d, r.source, r.nfa,
                 t.name AS team, u.first_name, u.last_name
          FROM triage_referral r JOIN intake_contactchild k ON k.id = r.child_id JOIN accounts_team t ON t.id = r.team_id
          JOIN triage_decision dd ON dd.id = r.decision_id JOIN accounts_user u ON u.id = dd.decided_by_id
          LEFT JOIN people_contactperson l ON l.contact_child_id = k.id LEFT JOIN people_person p ON p.id = l.person_id
          WHERE r.referral_date >= %(six_months_history)s AND r.referral_date <= %(last)s)
        SELECT *, count(*) OVER (PARTITION BY reference ORDER BY d RANGE BETWEEN interval '1 year' PRECEDING AND CURRENT ROW)
        FROM r WHERE d >= %(six_months_day)s""",
}


def main() -> None:
    # BENCH_REPORTING_DB: the database to use (dropped and made again); BENCH_REUSE=1 keeps one already
    # generated (to time a change without generating the year again)
    name = os.environ.get("BENCH_REPORTING_DB", "frontdoor_bench_reporting")
    reuse = os.environ.get("BENCH_REUSE") == "1"
    url = f"{PG_SERVER}/{name}" if reuse else fresh_database(name)
    env = django_env(url)
    manage(env, "migrate", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from frontdoor.core.twelve_months import twelve_months_before
    from frontdoor.intake.models import Contact, ContactChild
    from frontdoor.reporting import queries, services
    from frontdoor.reporting.figures.annex_a import six_months_before
    from frontdoor.triage.models import Decision, Referral

    began = time.perf_counter()
    if reuse and Contact.objects.exists():
        totals = {
            "contacts": Contact.objects.count(),
            "children": ContactChild.objects.count(),
            "decisions": Decision.objects.count(),
            "referrals": Referral.objects.count(),
        }
    else:
        totals = generate()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    generate_seconds = round(time.perf_counter() - began, 1)
    print(f"generated {totals} in {generate_seconds}s", flush=True)

    def moment(day: date) -> datetime:
        return datetime.combine(day, clock.min, tzinfo=LONDON)

    params = {
        "start": moment(START),
        "end": moment(END + timedelta(days=1)),
        "first": START,
        "last": END,
        "history": twelve_months_before(START),
        "six_months": moment(six_months_before(END)),
        "six_months_day": six_months_before(END),
        "six_months_history": twelve_months_before(six_months_before(END)),
    }

    def floor(name: str) -> float:
        def run() -> int:
            with connection.cursor() as cursor:
                cursor.execute(FLOOR_SQL[name], params)
                return len(cursor.fetchall())

        seconds, _ = timed(run, repeat=2)
        return seconds

    floors = {name: floor(name) for name in FLOOR_SQL}
    dashboard_seconds, dashboard = timed(lambda: queries.dashboard(team=None, start=START, end=END), repeat=2)
    with tempfile.TemporaryDirectory() as scratch:
        # best of 2, as the floors
        census_seconds, census = timed(
            lambda: services.write_cin_census(year=2025, out=Path(scratch) / "c.xml"), repeat=2
        )
        annex_seconds, annex = timed(
            lambda: services.write_annex_a(as_of=END, out=Path(scratch) / "a.xlsx"), repeat=2
        )
        validator_issues = validator_misread = None
        # The DfE's rules as councils run them: minutes at this size (BENCH_CIN_VALIDATOR=0 skips it)
        if os.environ.get("BENCH_CIN_VALIDATOR") != "0":
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from tests.reporting.cin_validator import issues, misread

            found = issues(Path(scratch) / "c.xml", 2025)
            validator_issues = [f"{issue['rule']} (child {issue['child']})" for issue in found]
            # 8569Q on a no-further-action referral of Easter Monday 1 April 2024, within the DfE's wording
            validator_misread = [f"{issue['rule']} (child {issue['child']})" for issue in misread(
                Path(scratch) / "c.xml", 2025, found
            )]  # fmt: skip
    dashboard_floor = round(
        floors["dashboard_weekly_contacts"]
        + floors["dashboard_weekly_referrals"]
        + floors["dashboard_mixes_and_agencies"],
        3,
    )
    annex_floor = round(floors["annex_a_list_1"] + floors["annex_a_list_2"] + floors["annex_a_list_3"], 3)
    write(
        "reporting.json",
        {
            "database": "PostgreSQL (local, loopback)",
            "data": {**totals, "period": f"{START} to {END}", "generate_seconds": generate_seconds},
            "dashboard_year": {
                "seconds": dashboard_seconds,
                "floor_seconds": dashboard_floor,
                "ratio": round(dashboard_seconds / dashboard_floor, 1),
                "weeks": len(dashboard.weeks),
                "contacts": dashboard.total.contacts,
                "referrals_counted": dashboard.total.referrals,
                "re_referral_rate": round(dashboard.total.re_referral_rate or 0, 3),
                "conversion": round(dashboard.total.conversion or 0, 3),
                "decided_within_one_working_day": round(dashboard.total.in_time_rate or 0, 3),
            },
            "cin_census_2025": {
                "seconds": census_seconds,
                "floor_seconds": floors["cin_census"],
                "ratio": round(census_seconds / floors["cin_census"], 1),
                "children": census.children,
                "episodes": census.episodes,
                "failed_rules": len(census.failures),
                "csc_validator_be_cin_issues": None if validator_issues is None else len(validator_issues),
                "csc_validator_be_cin_issues_listed": validator_issues,
                "csc_validator_be_cin_misread_by_the_validator": validator_misread,
            },
            "annex_a": {
                "seconds": annex_seconds,
                "floor_seconds": annex_floor,
                "ratio": round(annex_seconds / annex_floor, 1),
                "rows": annex.rows,
            },
            "floor_queries_seconds": floors,
            "notes": "Floors are one raw SQL query per aggregate returning the same grouping (timeliness there "
            "compares against decision_due_at; the product computes working days itself); the census and Annex A "
            "floors read the same person columns as the exports. Best of 2 runs for everything. The DfE validator "
            "(csc-validator-be-cin) runs on the census unless BENCH_CIN_VALIDATOR=0.",
        },
    )


if __name__ == "__main__":
    main()
