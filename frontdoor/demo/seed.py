"""A believable, entirely synthetic council: teams, staff, agencies, schools and a year of contacts."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from frontdoor.accounts.models import Role, Team, User
from frontdoor.core.calendar import decision_due
from frontdoor.core.codes import Channel, Outcome, PrimaryNeed, ReferralSource
from frontdoor.core.references import new_reference
from frontdoor.intake.models import Agency, CallbackRequest, Contact, ContactChild, Referrer
from frontdoor.multiagency.demo import ensure_partner_agencies
from frontdoor.planning.demo import ensure_planning_demo
from frontdoor.triage.models import Decision, Referral
from frontdoor.triage.timescales import decision_due as rated_decision_due

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 (documented demo sign-in, refused in production)
# Every demo account's authenticator-app key, published like the password (docs/adr/0021): add it to an app,
# or print the current code with `manage.py demo_code`. Demo accounts cannot sign in in production.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"  # the RFC 6238 test key
DEMO_TOTP_SECRET = "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"  # noqa: S105 (the same key in base32)

TEAMS = [
    ("chat", "Children's Help and Advice Team", Team.Kind.SOCIAL_CARE, True),
    ("fast", "Family Advice and Support Team", Team.Kind.EARLY_HELP, False),
]
STAFF = [
    ("contact.officer", "Priya", "Sandhu", Role.CONTACT_OFFICER, "chat"),
    ("social.worker", "Tom", "Okafor", Role.SOCIAL_WORKER, "chat"),
    ("early.help", "Megan", "Lloyd", Role.EARLY_HELP_WORKER, "fast"),
    ("team.manager", "Helen", "Marsh", Role.TEAM_MANAGER, "chat"),
    ("fast.manager", "Joe", "Barker", Role.TEAM_MANAGER, "fast"),
    ("analyst", "Sam", "Whitfield", Role.ANALYST, None),
    ("returns.officer", "Aisha", "Kaur", Role.RETURNS_OFFICER, None),
    ("admin", "Chris", "Adeyemi", Role.ADMINISTRATOR, None),
]
SCHOOLS = [
    "Northshire Primary School",
    "St Aidan's C of E Primary",
    "Riverside Academy",
    "Hollybank Infant School",
    "Castle Hill High School",
    "Meadowfield Junior School",
    "Northshire Pupil Referral Unit",
    "Brook Lane Primary",
    "St Mary's Catholic High School",
    "Oakwood Special School",
]
AGENCIES = {
    ReferralSource.SCHOOLS: SCHOOLS,
    ReferralSource.POLICE: ["Northshire Police – Public Protection Unit", "Northshire Police – Response"],
    ReferralSource.HEALTH_VISITOR: ["Northshire Community Health – Health Visiting"],
    ReferralSource.GP: ["Market Street Surgery", "Valley Medical Practice", "Parkside Health Centre"],
    ReferralSource.A_AND_E: ["Northshire General Hospital – Emergency Department"],
    ReferralSource.SCHOOL_NURSE: ["Northshire Community Health – School Nursing"],
    ReferralSource.HOUSING: ["Northshire Homes"],
    ReferralSource.OTHER: ["Northshire Family Hub", "Brightstart Children's Centre"],
    ReferralSource.OTHER_LEGAL_AGENCY: ["Probation Service – Northshire"],
}
# Roughly the national mix: police and schools first
SOURCE_WEIGHTS = {
    ReferralSource.POLICE: 28,
    ReferralSource.SCHOOLS: 21,
    ReferralSource.HEALTH_VISITOR: 5,
    ReferralSource.GP: 4,
    ReferralSource.A_AND_E: 4,
    ReferralSource.SCHOOL_NURSE: 2,
    ReferralSource.FAMILY_MEMBER: 7,
    ReferralSource.ACQUAINTANCE: 3,
    ReferralSource.SELF: 1,
    ReferralSource.HOUSING: 3,
    ReferralSource.OTHER: 6,
    ReferralSource.OTHER_LEGAL_AGENCY: 3,
    ReferralSource.ANONYMOUS: 3,
    ReferralSource.LA_OTHER_INTERNAL: 5,
    ReferralSource.LA_EARLY_HELP: 5,
}
OUTCOME_WEIGHTS = {
    Outcome.NO_FURTHER_ACTION: 15,
    Outcome.ADVICE_OR_SIGNPOST: 15,
    Outcome.SIGNPOST: 10,
    Outcome.EARLY_HELP: 25,
    Outcome.CHILD_AND_FAMILY_ASSESSMENT: 22,
    Outcome.STRATEGY_DISCUSSION: 8,
    Outcome.ALREADY_OPEN: 3,
    Outcome.LADO: 1,
    Outcome.PRIVATE_FOSTERING: 1,
}
EARLY_HELP_OUTCOMES = {o: w for o, w in OUTCOME_WEIGHTS.items() if not o.needs_social_care_team}
LEVEL_FOR_OUTCOME = {
    Outcome.NO_FURTHER_ACTION: 1,
    Outcome.ADVICE_OR_SIGNPOST: 1,
    Outcome.SIGNPOST: 1,
    Outcome.EARLY_HELP: 2,
}
NEED_WEIGHTS = {
    PrimaryNeed.ABUSE_OR_NEGLECT: 55,
    PrimaryNeed.CHILD_DISABILITY: 5,
    PrimaryNeed.PARENTAL_DISABILITY_OR_ILLNESS: 5,
    PrimaryNeed.FAMILY_IN_ACUTE_STRESS: 10,
    PrimaryNeed.FAMILY_DYSFUNCTION: 15,
    PrimaryNeed.SOCIALLY_UNACCEPTABLE_BEHAVIOUR: 5,
    PrimaryNeed.ABSENT_PARENTING: 2,
    PrimaryNeed.NOT_STATED: 3,
}
# Some children come back to the front door: about one contact in seven is about a child seen before
RETURNING_CHILD = 0.15
CONCERNS = [
    "Child arrived at school with a bruise on the upper arm and said it happened at home.",
    "Police attended a domestic incident at the home overnight; the children were present.",
    "Attendance has fallen to 72% this term and the child appears tired and hungry.",
    "Parent disclosed low mood and is struggling to manage the children's routines.",
    "Neighbour reports the children are often left alone in the evenings.",
    "Young person has been reported missing twice this month and returned with new clothes and a phone.",
    "Health visitor noticed the baby has not been brought to two developmental checks.",
    "Family have been evicted and are staying with friends; the children share a sofa.",
    "Child disclosed self-harm to the school nurse and said they feel hopeless.",
    "Parent asked for help managing the child's behaviour, which has escalated at home.",
]


@dataclass
class SeedReport:
    created_users: int
    created_contacts: int
    open_contacts: int
    referrals: int = 0
    awaiting_oversight: int = 0


def _weighted(rng: random.Random, weights: dict) -> object:  # type: ignore[type-arg]
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def ensure_teams_and_staff() -> tuple[dict[str, Team], dict[str, User], int]:
    teams = {}
    for slug, name, kind, receives in TEAMS:
        teams[slug], _ = Team.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "receives_online_concerns": receives}
        )
    users, created = {}, 0
    for username, first, last, role, team_slug in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, is_demo=True)
            user.set_password(DEMO_PASSWORD)
            created += 1
        user.first_name, user.last_name, user.role = first, last, role
        user.team = teams[team_slug] if team_slug else None
        user.email = f"{username}@northshire.example"
        user.save()
        TOTPDevice.objects.get_or_create(
            user=user, name="Authenticator app", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
        )
        users[username] = user
    return teams, users, created


def ensure_agencies_and_referrers(rng: random.Random, fake: Faker) -> None:
    """The organisations that refer, and a few people at each, so that logging a contact can find them."""
    for source, names in AGENCIES.items():
        for name in names:
            agency, created = Agency.objects.get_or_create(name=name, defaults={"referral_source": source})
            if created:
                for _ in range(2):
                    person = fake.name()
                    Referrer.objects.create(
                        name=person,
                        agency=agency,
                        email=f"{person.split()[-1].lower()}{rng.randrange(100)}@agency.example",
                        phone=f"01632 960{rng.randrange(1000):03d}",
                        referral_source=source,
                    )


def _contact(
    rng: random.Random,
    fake: Faker,
    team: Team,
    received: datetime,
    seen: list[tuple[str, str, object]] | None = None,
) -> tuple[Contact, list[ContactChild]]:
    source = _weighted(rng, SOURCE_WEIGHTS)
    agencies = AGENCIES.get(source)  # type: ignore[call-overload]
    contact = Contact(
        id=uuid.uuid4(),
        reference=new_reference(),
        team=team,
        channel=rng.choices(
            [Channel.PHONE, Channel.EMAIL, Channel.ONLINE, Channel.POLICE_NOTIFICATION, Channel.OTHER],
            weights=[50, 25, 15, 9, 1],
        )[0],
        received_at=received,
        decision_due_at=decision_due(received),
        concern=rng.choice(CONCERNS),
        referrer_name=fake.name(),
        referrer_email=f"referrer{rng.randrange(10**6)}@agency.example",
        referrer_agency=rng.choice(agencies) if agencies else "",
        referrer_phone=f"01632 960{rng.randrange(1000):03d}",
        referral_source=source,
        urgency=rng.choices([1, 2, 3], weights=[10, 45, 45])[0],
    )
    contact.decision_due_at = rated_decision_due(received, contact.urgency)  # the rating's timescale
    if seen and rng.random() < RETURNING_CHILD:
        given, family, born = rng.choice(seen)
        return contact, [
            ContactChild(contact=contact, given_name=given, family_name=family, date_of_birth=born)
        ]
    family_name = fake.last_name()
    children = [
        ContactChild(
            contact=contact,
            given_name=fake.first_name(),
            family_name=family_name,
            # born before the contact about them (the CIN census checks it: rules 8520 and 8606)
            date_of_birth=fake.date_between(
                start_date=received.date() - timedelta(days=17 * 365),
                end_date=received.date() - timedelta(days=30),
            ),
        )
        for _ in range(rng.choices([1, 2, 3], weights=[70, 22, 8])[0])
    ]
    if seen is not None:
        seen.extend((child.given_name, child.family_name, child.date_of_birth) for child in children)
    return contact, children


def _decision(
    rng: random.Random, contact: Contact, team: Team, decider: User, manager: User, decided_at: datetime
) -> Decision:
    outcome = _weighted(rng, EARLY_HELP_OUTCOMES if team.kind == Team.Kind.EARLY_HELP else OUTCOME_WEIGHTS)
    assert isinstance(outcome, Outcome)
    return Decision(
        contact=contact,
        outcome=outcome,
        level_of_need=LEVEL_FOR_OUTCOME.get(outcome, rng.choice([3, 4])),
        primary_need=_weighted(rng, NEED_WEIGHTS) if outcome.is_social_care_referral else "",  # type: ignore[arg-type]
        rationale="Decision recorded after a conversation with the referrer and checks of our records.",
        next_step="Pass to the allocated team." if outcome.is_social_care_referral else "",
        decided_by=decider,
        decided_at=decided_at,
        oversight=Decision.Oversight.AGREED,
        overseen_by=manager,
        overseen_at=decided_at + timedelta(minutes=rng.randrange(10, 120)),
    )


def seed(*, historic_contacts: int = 2000, open_contacts: int = 40, seed_value: int = 20261122) -> SeedReport:
    """Idempotent: staff are created once; contacts only when the demo has none yet. Historic contacts are
    decided and agreed (with referral records); of the open ones, some are claimed, some wait for a
    manager's oversight and some referrers wait for a call back."""
    rng = random.Random(seed_value)
    fake = Faker("en_GB")
    fake.seed_instance(seed_value)
    with transaction.atomic():
        teams, users, created_users = ensure_teams_and_staff()
        ensure_agencies_and_referrers(rng, fake)
        ensure_partner_agencies()  # multi-agency working (issue 20)
        if Contact.objects.exists():
            ensure_planning_demo()
            return SeedReport(created_users, 0, Contact.objects.filter(status=Contact.Status.OPEN).count())
        now = timezone.now()
        deciders = [users["social.worker"], users["team.manager"]]
        managers = {"chat": users["team.manager"], "fast": users["fast.manager"]}
        contacts, children, decisions, referrals, callbacks = [], [], [], [], []
        seen: list[tuple[str, str, object]] = []
        received_times = sorted(
            now - timedelta(days=rng.uniform(2, 365), minutes=rng.randrange(600))
            for _ in range(historic_contacts)
        )
        for received in received_times:
            team = teams["chat"] if rng.random() < 0.8 else teams["fast"]
            contact, kids = _contact(rng, fake, team, received, seen)
            contact.status = Contact.Status.DECIDED
            contact.version = 3
            decider = users["early.help"] if team.slug == "fast" else rng.choice(deciders)
            contact.allocated_to, contact.allocated_at = decider, received
            contacts.append(contact)
            children.extend(kids)
            decided_at = min(received + timedelta(hours=rng.uniform(0.5, 30)), now)
            manager = managers[team.slug]
            if manager == decider:
                manager = users["team.manager"] if team.slug == "fast" else users["fast.manager"]
            decision = _decision(rng, contact, team, decider, manager, decided_at)
            decisions.append(decision)
            if Outcome(decision.outcome).is_social_care_referral:
                referrals.extend(
                    Referral(
                        child=kid,
                        contact=contact,
                        decision=decision,
                        team=team,
                        referral_date=timezone.localtime(received).date(),
                        source=contact.referral_source,
                        primary_need=decision.primary_need,
                        nfa=rng.random() < 0.07,
                        created_at=decision.overseen_at or decided_at,
                    )
                    for kid in kids
                )
        awaiting_oversight = 0
        for index in range(open_contacts):
            team = teams["chat"] if index % 4 else teams["fast"]
            worker = users["social.worker"] if team.slug == "chat" else users["early.help"]
            received = now - timedelta(minutes=rng.randrange(5, 60 * 30))
            contact, kids = _contact(rng, fake, team, received, seen)
            contact.logged_by = users["contact.officer"] if contact.channel != Channel.ONLINE else None
            contacts.append(contact)
            children.extend(kids)
            kind = index % 8
            if kind in (1, 2, 5):  # claimed by the team's worker
                contact.status, contact.version = Contact.Status.IN_PROGRESS, 2
                contact.allocated_to, contact.allocated_at = worker, received + timedelta(minutes=5)
            elif kind == 3:  # decided, waiting for the manager
                contact.status, contact.version = Contact.Status.AWAITING_OVERSIGHT, 2
                contact.allocated_to, contact.allocated_at = worker, received + timedelta(minutes=5)
                decision = _decision(
                    rng, contact, team, worker, managers[team.slug], min(received + timedelta(hours=1), now)
                )
                decision.oversight, decision.overseen_by, decision.overseen_at = (
                    Decision.Oversight.PENDING,
                    None,
                    None,
                )
                decisions.append(decision)
                awaiting_oversight += 1
            elif kind == 6 and contact.channel == Channel.PHONE:  # nobody was free to take the call
                callbacks.append(
                    CallbackRequest(
                        contact=contact,
                        phone=contact.referrer_phone,
                        notes="Free after 3pm.",
                        requested_by=users["contact.officer"],
                        requested_at=received,
                    )
                )
        Contact.objects.bulk_create(contacts, batch_size=1000)
        ContactChild.objects.bulk_create(children, batch_size=1000)
        Decision.objects.bulk_create(decisions, batch_size=1000)
        Referral.objects.bulk_create(referrals, batch_size=1000)
        CallbackRequest.objects.bulk_create(callbacks, batch_size=1000)
        ensure_planning_demo()  # localities, call figures and advice slots (issue 22)
    return SeedReport(created_users, len(contacts), open_contacts, len(referrals), awaiting_oversight)


def add_open_contacts(count: int, team_slug: str = "chat", seed_value: int = 7) -> int:
    """More open contacts in one team's queue (for the benchmark)."""
    rng = random.Random(seed_value)
    fake = Faker("en_GB")
    fake.seed_instance(seed_value)
    team = Team.objects.get(slug=team_slug)
    now = timezone.now()
    contacts, children = [], []
    for _ in range(count):
        contact, kids = _contact(rng, fake, team, now - timedelta(minutes=rng.randrange(5, 60 * 72)))
        contacts.append(contact)
        children.extend(kids)
    with transaction.atomic():
        Contact.objects.bulk_create(contacts, batch_size=2000)
        ContactChild.objects.bulk_create(children, batch_size=2000)
    return count
