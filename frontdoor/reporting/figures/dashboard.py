"""The front door's performance figures, week by week (pure: no Django).

Definitions (each is tested against hand-computed datasets in tests/reporting/test_dashboard_figures.py):
- A week runs Monday to Sunday and is named by its last day ("week ending"); a contact falls in the week of
  its local (Europe/London) received date, a referral in the week of its referral date.
- contacts: contacts received. families: distinct families among them (the children of one contact form a
  family unless a better link exists). children: distinct children. child contacts: contacts counted once per
  child (the CIN way). contacts per child = child contacts ÷ distinct children (how often a child comes back).
- referrals: referrals to children's social care, once per child per day (the first of a day counts).
- conversion = contacts whose final decision was a social care referral ÷ contacts decided.
- decided within one working day: the final decision was made no later than one working day after the contact
  was received (weekends and bank holidays excluded; `frontdoor.core.working_days`).
- median time to decision: hours from received to decided, over decided contacts.
- re-referral: a referral within 12 months of a previous referral for the same child (the previous referral on
  an earlier day, no more than one year before); rate = re-referrals ÷ referrals.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from frontdoor.core.codes import Channel, Outcome, ReferralSource
from frontdoor.core.working_days import add_working_days, is_working_day, next_working_day

from .rows import ContactRow, ReferralRow

LONDON = ZoneInfo("Europe/London")

# The outcome mix the dashboard shows, in this order; other outcomes follow
MAIN_OUTCOMES = (
    Outcome.NO_FURTHER_ACTION,
    Outcome.ADVICE_OR_SIGNPOST,
    Outcome.SIGNPOST,
    Outcome.EARLY_HELP,
    Outcome.CHILD_AND_FAMILY_ASSESSMENT,
    Outcome.STRATEGY_DISCUSSION,
)
# An agency stands out when its rate is this many standard errors from the front door's own rate
OUTLIER_Z = 2.0
OUTLIER_MIN_DECIDED = 5


def local_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def week_ending(day: date) -> date:
    """The Sunday that ends the (Monday to Sunday) week containing `day`."""
    return day + timedelta(days=6 - day.weekday())


def week_endings(start: date, end: date) -> list[date]:
    weeks = []
    current = week_ending(start)
    while current <= week_ending(end):
        weeks.append(current)
        current += timedelta(days=7)
    return weeks


def one_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def decided_within_one_working_day(
    received_at: datetime, decided_at: datetime, bank_holidays: Collection[date]
) -> bool:
    due = add_working_days(received_at.astimezone(LONDON), 1, bank_holidays)
    return decided_at <= due


class DueTimes:
    """One working day after each received time, as `add_working_days(…, 1, …)` gives it, with the day
    arithmetic done once per calendar day (a year of contacts has 365 days, not 150,000)."""

    def __init__(self, bank_holidays: Collection[date]) -> None:
        self._holidays = bank_holidays
        self._days: dict[date, tuple[date, bool]] = {}

    def due(self, received_at: datetime) -> datetime:
        local = received_at.astimezone(LONDON)
        day = local.date()
        if day not in self._days:
            if is_working_day(day, self._holidays):
                self._days[day] = (next_working_day(day, self._holidays), True)
            else:
                start = next_working_day(day, self._holidays)
                self._days[day] = (next_working_day(start, self._holidays), False)
        due_day, keeps_time = self._days[day]
        return datetime.combine(due_day, local.timetz() if keeps_time else time(tzinfo=local.tzinfo))


def counted_referrals(referrals: Iterable[ReferralRow]) -> list[ReferralRow]:
    """Once per child per day: the first referral of a day counts (ordered by date, then id)."""
    seen: set[tuple[str, date]] = set()
    counted = []
    for referral in sorted(referrals, key=lambda r: (r.referral_date, r.referral_id)):
        key = (referral.child_key, referral.referral_date)
        if key not in seen:
            seen.add(key)
            counted.append(referral)
    return counted


class ReReferrals:
    """Answers "is this referral a re-referral?" from every referral known (including earlier history)."""

    def __init__(self, history: Iterable[ReferralRow]) -> None:
        self._dates: dict[str, list[date]] = defaultdict(list)
        for referral in history:
            self._dates[referral.child_key].append(referral.referral_date)
        for dates in self._dates.values():
            dates.sort()

    def is_re_referral(self, referral: ReferralRow) -> bool:
        earliest = one_year_before(referral.referral_date)
        return any(
            earliest <= previous < referral.referral_date for previous in self._dates[referral.child_key]
        )

    def referrals_in_last_12_months(self, child_key: str, day: date) -> int:
        """Referral days for the child in the 12 months up to and including `day` (Annex A list 3)."""
        earliest = one_year_before(day)
        return len({d for d in self._dates[child_key] if earliest < d <= day})


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Figures:
    contacts: int
    families: int
    children: int
    child_contacts: int
    decided: int
    referral_contacts: int
    nfa_contacts: int
    decided_in_time: int
    median_hours_to_decision: float | None
    referrals: int
    re_referrals: int

    @property
    def contacts_per_child(self) -> float | None:
        return _share(self.child_contacts, self.children)

    @property
    def conversion(self) -> float | None:
        return _share(self.referral_contacts, self.decided)

    @property
    def nfa_rate(self) -> float | None:
        return _share(self.nfa_contacts, self.decided)

    @property
    def in_time_rate(self) -> float | None:
        return _share(self.decided_in_time, self.decided)

    @property
    def re_referral_rate(self) -> float | None:
        return _share(self.re_referrals, self.referrals)


REFERRAL_OUTCOMES = frozenset(o.value for o in Outcome if o.is_social_care_referral)


def is_referral_outcome(outcome: str | None) -> bool:
    return outcome in REFERRAL_OUTCOMES


def figures(
    contacts: Sequence[ContactRow],
    referrals: Sequence[ReferralRow],
    re_referrals: ReReferrals,
    due_times: DueTimes | None,
) -> Figures:
    """The figures for these contacts and (already counted) referrals (timeliness only with `due_times`)."""
    decided = [c for c in contacts if c.outcome and c.decided_at is not None]
    hours = [
        (c.decided_at - c.received_at).total_seconds() / 3600 for c in decided if c.decided_at is not None
    ]
    return Figures(
        contacts=len(contacts),
        families=len({c.family_key for c in contacts}),
        children=len({key for c in contacts for key in c.child_keys}),
        child_contacts=sum(len(c.child_keys) for c in contacts),
        decided=len(decided),
        referral_contacts=sum(1 for c in decided if is_referral_outcome(c.outcome)),
        nfa_contacts=sum(1 for c in decided if c.outcome == Outcome.NO_FURTHER_ACTION),
        decided_in_time=0
        if due_times is None
        else sum(
            1 for c in decided if c.decided_at is not None and c.decided_at <= due_times.due(c.received_at)
        ),
        median_hours_to_decision=statistics.median(hours) if hours else None,
        referrals=len(referrals),
        re_referrals=sum(1 for r in referrals if re_referrals.is_re_referral(r)),
    )


@dataclass(frozen=True)
class MixRow:
    code: str
    label: str
    count: int
    share: float | None


def _mix(counter: Counter[str], order: Sequence[tuple[str, str]]) -> tuple[MixRow, ...]:
    total = sum(counter.values())
    known = {code for code, _ in order}
    rows = [
        MixRow(code, label, counter.get(code, 0), _share(counter.get(code, 0), total))
        for code, label in order
    ]
    rows += [
        MixRow(code, code or "Not recorded", n, _share(n, total))
        for code, n in sorted(counter.items())
        if code not in known
    ]
    return tuple(rows)


def outcome_mix(contacts: Sequence[ContactRow]) -> tuple[MixRow, ...]:
    counter = Counter(c.outcome for c in contacts if c.outcome and c.decided_at is not None)
    order = [(o.value, o.label) for o in MAIN_OUTCOMES]
    order += [(o.value, o.label) for o in Outcome if o not in MAIN_OUTCOMES and counter.get(o.value)]
    return _mix(Counter({k: v for k, v in counter.items() if k is not None}), order)


def source_mix(contacts: Sequence[ContactRow]) -> tuple[MixRow, ...]:
    return _mix(
        Counter(c.source for c in contacts), [(s.value, f"{s.value}: {s.label}") for s in ReferralSource]
    )


def channel_mix(contacts: Sequence[ContactRow]) -> tuple[MixRow, ...]:
    return _mix(Counter(c.channel for c in contacts), [(ch.value, ch.label) for ch in Channel])


@dataclass(frozen=True)
class AgencyRow:
    agency: str
    contacts: int
    decided: int
    referral_contacts: int
    nfa_contacts: int
    flags: tuple[str, ...]

    @property
    def conversion(self) -> float | None:
        return _share(self.referral_contacts, self.decided)

    @property
    def nfa_rate(self) -> float | None:
        return _share(self.nfa_contacts, self.decided)


def _z(rate: float, overall: float, n: int) -> float:
    """How many standard errors `rate` (over n) is from `overall`."""
    if overall in (0.0, 1.0):
        return math.inf if rate > overall else (-math.inf if rate < overall else 0.0)
    return (rate - overall) / math.sqrt(overall * (1 - overall) / n)


def by_agency(contacts: Sequence[ContactRow]) -> tuple[AgencyRow, ...]:
    """Volume, conversion and NFA rate per referring agency. An agency with enough decided contacts is flagged
    when its NFA rate is well above, or its conversion well below, the front door's own (|z| ≥ 2): agencies
    that may misunderstand the thresholds. Largest volume first."""
    overall = figures(contacts, [], ReReferrals([]), None)
    groups: dict[str, list[ContactRow]] = defaultdict(list)
    for contact in contacts:
        groups[contact.agency or "Not recorded"].append(contact)
    rows = []
    for agency, members in groups.items():
        f = figures(members, [], ReReferrals([]), None)
        flags: list[str] = []
        if f.decided >= OUTLIER_MIN_DECIDED and overall.decided:
            assert f.nfa_rate is not None and f.conversion is not None
            assert overall.nfa_rate is not None and overall.conversion is not None
            if _z(f.nfa_rate, overall.nfa_rate, f.decided) >= OUTLIER_Z:
                flags.append("High NFA rate")
            if _z(f.conversion, overall.conversion, f.decided) <= -OUTLIER_Z:
                flags.append("Low conversion")
        rows.append(
            AgencyRow(agency, f.contacts, f.decided, f.referral_contacts, f.nfa_contacts, tuple(flags))
        )
    return tuple(sorted(rows, key=lambda r: (-r.contacts, r.agency)))


# --- Screener route against the final decision -------------------------------------------------------

ROUTE_TIERS = {
    "ADVICE": 1,
    "UNIVERSAL": 1,
    "EARLY_HELP": 2,
    "CSC": 3,
    "EMERGENCY": 3,
    "PRIVATE_FOSTERING": 3,
}
OUTCOME_TIERS = {
    Outcome.NO_FURTHER_ACTION.value: 1,
    Outcome.ADVICE_OR_SIGNPOST.value: 1,
    Outcome.SIGNPOST.value: 1,
    Outcome.EARLY_HELP.value: 2,
    Outcome.CHILD_AND_FAMILY_ASSESSMENT.value: 3,
    Outcome.STRATEGY_DISCUSSION.value: 3,
    Outcome.PRIVATE_FOSTERING.value: 3,
}
TIER_NAMES = {1: "Advice or universal", 2: "Early help", 3: "Children's social care"}


def compare_route(contact: ContactRow) -> str | None:
    """ "confirmed", "raised" or "lowered" (the decision against the screener), or None when they cannot be
    compared. Levels of need are compared when both were recorded, otherwise the kind of help (advice or
    universal < early help < social care)."""
    if contact.screener_route is None or not contact.outcome or contact.decided_at is None:
        return None
    if contact.screener_level and contact.decision_level:
        screened, decided = contact.screener_level, contact.decision_level
    else:
        route_tier = ROUTE_TIERS.get(contact.screener_route)
        outcome_tier = OUTCOME_TIERS.get(contact.outcome)
        if route_tier is None or outcome_tier is None:
            return None
        screened, decided = route_tier, outcome_tier
    if decided == screened:
        return "confirmed"
    return "raised" if decided > screened else "lowered"


@dataclass(frozen=True)
class RouteRow:
    route: str
    screened: int
    confirmed: int
    raised: int
    lowered: int
    not_comparable: int

    @property
    def confirmed_rate(self) -> float | None:
        return _share(self.confirmed, self.confirmed + self.raised + self.lowered)


def screener_routes(contacts: Sequence[ContactRow]) -> tuple[RouteRow, ...]:
    """Per screener route (and a final "All routes" row): how often the final decision confirmed, raised or
    lowered it. Only decided contacts that came through the screener count."""
    by_route: dict[str, Counter[str]] = defaultdict(Counter)
    for contact in contacts:
        if contact.screener_route is None or not contact.outcome or contact.decided_at is None:
            continue
        by_route[contact.screener_route][compare_route(contact) or "not_comparable"] += 1
    total: Counter[str] = Counter()
    rows = []
    for route in sorted(by_route):
        counts = by_route[route]
        total.update(counts)
        rows.append(_route_row(route, counts))
    if rows:
        rows.append(_route_row("All routes", total))
    return tuple(rows)


def _route_row(route: str, counts: Counter[str]) -> RouteRow:
    return RouteRow(
        route=route,
        screened=sum(counts.values()),
        confirmed=counts["confirmed"],
        raised=counts["raised"],
        lowered=counts["lowered"],
        not_comparable=counts["not_comparable"],
    )


# --- The whole dashboard -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    week_ending: date
    figures: Figures


@dataclass(frozen=True)
class Dashboard:
    start: date
    end: date
    weeks: tuple[Week, ...]
    total: Figures
    outcomes: tuple[MixRow, ...]
    sources: tuple[MixRow, ...]
    channels: tuple[MixRow, ...]
    agencies: tuple[AgencyRow, ...]
    routes: tuple[RouteRow, ...]

    @property
    def has_data(self) -> bool:
        return bool(self.total.contacts or self.total.referrals)


def build_dashboard(
    *,
    start: date,
    end: date,
    contacts: Iterable[ContactRow],
    referrals: Iterable[ReferralRow],
    bank_holidays: Collection[date],
) -> Dashboard:
    """Every figure for contacts received and referrals made from `start` to `end` (inclusive, local dates).
    `referrals` may (and for re-referrals should) include the 12 months before `start`."""
    if end < start:
        raise ValueError("The end of the period must not be before its start")
    history = counted_referrals(referrals)
    re_referrals = ReReferrals(history)
    in_period = [r for r in history if start <= r.referral_date <= end]
    period_contacts = [c for c in contacts if start <= local_date(c.received_at) <= end]
    contacts_by_week: dict[date, list[ContactRow]] = defaultdict(list)
    for contact in period_contacts:
        contacts_by_week[week_ending(local_date(contact.received_at))].append(contact)
    referrals_by_week: dict[date, list[ReferralRow]] = defaultdict(list)
    for referral in in_period:
        referrals_by_week[week_ending(referral.referral_date)].append(referral)
    due_times = DueTimes(bank_holidays)
    weeks = tuple(
        Week(ending, figures(contacts_by_week[ending], referrals_by_week[ending], re_referrals, due_times))
        for ending in week_endings(start, end)
    )
    return Dashboard(
        start=start,
        end=end,
        weeks=weeks,
        total=figures(period_contacts, in_period, re_referrals, due_times),
        outcomes=outcome_mix(period_contacts),
        sources=source_mix(period_contacts),
        channels=channel_mix(period_contacts),
        agencies=by_agency(period_contacts),
        routes=screener_routes(period_contacts),
    )
