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
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from frontdoor.core.codes import Channel, Outcome, ReferralSource
from frontdoor.core.twelve_months import is_re_referral, referrals_in_last_twelve_months
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


def counted_referrals(referrals: Iterable[ReferralRow], *, in_order: bool = False) -> list[ReferralRow]:
    """Once per child per day: the first referral of a day counts (ordered by date, then id; `in_order` when
    they already are, as the census's query sorts them)."""
    seen: set[tuple[str, date]] = set()
    counted = []
    for referral in (
        referrals if in_order else sorted(referrals, key=lambda r: (r.referral_date, r.referral_id))
    ):
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
        self._answers: dict[
            tuple[str, date], bool
        ] = {}  # each referral is asked about by its week and the total

    def is_re_referral(self, referral: ReferralRow) -> bool:
        asked = (referral.child_key, referral.referral_date)
        answer = self._answers.get(asked)
        if answer is None:
            answer = self._answers[asked] = is_re_referral(
                referral.referral_date, self._dates[referral.child_key]
            )
        return answer

    def referrals_in_last_12_months(self, child_key: str, day: date) -> int:
        """Referral days for the child in the 12 months up to and including `day` (Annex A list 3)."""
        return referrals_in_last_twelve_months(self._dates[child_key], day)


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


# --- Contacts, tallied: what every contact figure is computed from ---------------------------------------
# A contact figure only ever looks at these counts and per-contact tuples, so they can come from ContactRows
# (`tally_contacts`) or straight from GROUP BY queries over the database (reporting.queries): one definition.

# (local received day, family key, child keys) for every contact
People = tuple[date, str, tuple[str, ...]]
# (local received day, hours from received to decided, decided within one working day) per decided contact
Timing = tuple[date, float, bool]


@dataclass(frozen=True)
class ContactTally:
    by_day: Mapping[tuple[date, str | None], int]  # (local received day, final outcome or None) -> contacts
    sources: Mapping[str, int]
    channels: Mapping[str, int]
    # (agency, "" when none recorded, final outcome or None) -> contacts
    agencies: Mapping[tuple[str, str | None], int]
    # (screener route, screener level, decision level, final outcome) -> decided contacts through the screener
    routes: Mapping[tuple[str, int | None, int | None, str], int]
    people: Sequence[People]
    timings: Sequence[Timing]


def is_decided(contact: ContactRow) -> bool:
    return bool(contact.outcome) and contact.decided_at is not None


def timing(contact: ContactRow, due_times: DueTimes | None) -> Timing:
    """`contact` must be decided; without `due_times` nothing counts as in time."""
    assert contact.decided_at is not None
    return (
        local_date(contact.received_at),
        (contact.decided_at - contact.received_at).total_seconds() / 3600,
        due_times is not None and contact.decided_at <= due_times.due(contact.received_at),
    )


def tally_contacts(contacts: Iterable[ContactRow], due_times: DueTimes | None) -> ContactTally:
    by_day: Counter[tuple[date, str | None]] = Counter()
    sources: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    agencies: Counter[tuple[str, str | None]] = Counter()
    routes: Counter[tuple[str, int | None, int | None, str]] = Counter()
    people: list[People] = []
    timings: list[Timing] = []
    for c in contacts:
        day = local_date(c.received_at)
        outcome = c.outcome if is_decided(c) else None
        by_day[(day, outcome)] += 1
        sources[c.source] += 1
        channels[c.channel] += 1
        agencies[(c.agency, outcome)] += 1
        if outcome and c.screener_route is not None:
            routes[(c.screener_route, c.screener_level, c.decision_level, outcome)] += 1
        people.append((day, c.family_key, c.child_keys))
        if outcome:
            timings.append(timing(c, due_times))
    return ContactTally(by_day, sources, channels, agencies, routes, people, timings)


def _tally_figures(
    outcomes: Iterable[tuple[str | None, int]],
    people: Sequence[People],
    timings: Sequence[Timing],
    referrals: Sequence[ReferralRow],
    re_referrals: ReReferrals,
) -> Figures:
    """The figures for tallied contacts (counts by final outcome, people, timings) and counted referrals."""
    counts = _Counts()
    for outcome, n in outcomes:
        counts = counts.add(outcome, n)
    hours = [t[1] for t in timings]
    return Figures(
        contacts=counts.contacts,
        families=len({family for _, family, _ in people}),
        children=len({key for _, _, keys in people for key in keys}),
        child_contacts=sum(len(keys) for _, _, keys in people),
        decided=counts.decided,
        referral_contacts=counts.referral_contacts,
        nfa_contacts=counts.nfa_contacts,
        decided_in_time=sum(1 for t in timings if t[2]),
        median_hours_to_decision=statistics.median(hours) if hours else None,
        referrals=len(referrals),
        re_referrals=sum(1 for r in referrals if re_referrals.is_re_referral(r)),
    )


def _whole(tally: ContactTally, referrals: Sequence[ReferralRow], re_referrals: ReReferrals) -> Figures:
    return _tally_figures(
        ((outcome, n) for (_, outcome), n in tally.by_day.items()),
        tally.people,
        tally.timings,
        referrals,
        re_referrals,
    )


def figures(
    contacts: Sequence[ContactRow],
    referrals: Sequence[ReferralRow],
    re_referrals: ReReferrals,
    due_times: DueTimes | None,
) -> Figures:
    """The figures for these contacts and (already counted) referrals (timeliness only with `due_times`)."""
    return _whole(tally_contacts(contacts, due_times), referrals, re_referrals)


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
    return _outcome_mix(Counter(c.outcome for c in contacts if c.outcome and c.decided_at is not None))


def _outcome_mix(counter: Counter[str | None]) -> tuple[MixRow, ...]:
    order = [(o.value, o.label) for o in MAIN_OUTCOMES]
    order += [(o.value, o.label) for o in Outcome if o not in MAIN_OUTCOMES and counter.get(o.value)]
    return _mix(Counter({k: v for k, v in counter.items() if k is not None}), order)


def source_mix(contacts: Sequence[ContactRow]) -> tuple[MixRow, ...]:
    return _source_mix(Counter(c.source for c in contacts))


def _source_mix(counter: Counter[str]) -> tuple[MixRow, ...]:
    return _mix(counter, [(s.value, f"{s.value}: {s.label}") for s in ReferralSource])


def channel_mix(contacts: Sequence[ContactRow]) -> tuple[MixRow, ...]:
    return _channel_mix(Counter(c.channel for c in contacts))


def _channel_mix(counter: Counter[str]) -> tuple[MixRow, ...]:
    return _mix(counter, [(ch.value, ch.label) for ch in Channel])


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
    return _agencies(tally_contacts(contacts, None).agencies)


@dataclass(frozen=True)
class _Counts:
    contacts: int = 0
    decided: int = 0
    referral_contacts: int = 0
    nfa_contacts: int = 0

    def add(self, outcome: str | None, n: int) -> _Counts:
        return _Counts(
            self.contacts + n,
            self.decided + (n if outcome else 0),
            self.referral_contacts + (n if is_referral_outcome(outcome) else 0),
            self.nfa_contacts + (n if outcome == Outcome.NO_FURTHER_ACTION else 0),
        )


def _agencies(counts: Mapping[tuple[str, str | None], int]) -> tuple[AgencyRow, ...]:
    overall = _Counts()
    groups: dict[str, _Counts] = defaultdict(_Counts)
    for (agency, outcome), n in counts.items():
        overall = overall.add(outcome, n)
        name = agency or "Not recorded"
        groups[name] = groups[name].add(outcome, n)
    rows = []
    for agency, f in groups.items():
        flags: list[str] = []
        if f.decided >= OUTLIER_MIN_DECIDED and overall.decided:
            nfa_rate, conversion = f.nfa_contacts / f.decided, f.referral_contacts / f.decided
            overall_nfa = overall.nfa_contacts / overall.decided
            overall_conversion = overall.referral_contacts / overall.decided
            if _z(nfa_rate, overall_nfa, f.decided) >= OUTLIER_Z:
                flags.append("High NFA rate")
            if _z(conversion, overall_conversion, f.decided) <= -OUTLIER_Z:
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
    return _compare(contact.screener_route, contact.screener_level, contact.decision_level, contact.outcome)


def _compare(route: str, screener_level: int | None, decision_level: int | None, outcome: str) -> str | None:
    if screener_level and decision_level:
        screened, decided = screener_level, decision_level
    else:
        route_tier = ROUTE_TIERS.get(route)
        outcome_tier = OUTCOME_TIERS.get(outcome)
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
    return _routes(tally_contacts(contacts, None).routes)


def _routes(counts: Mapping[tuple[str, int | None, int | None, str], int]) -> tuple[RouteRow, ...]:
    by_route: dict[str, Counter[str]] = defaultdict(Counter)
    for (route, screener_level, decision_level, outcome), n in counts.items():
        by_route[route][_compare(route, screener_level, decision_level, outcome) or "not_comparable"] += n
    total: Counter[str] = Counter()
    rows = []
    for route in sorted(by_route):
        counts_for_route = by_route[route]
        total.update(counts_for_route)
        rows.append(_route_row(route, counts_for_route))
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
    period_contacts = [c for c in contacts if start <= local_date(c.received_at) <= end]
    tally = tally_contacts(period_contacts, DueTimes(bank_holidays))
    return dashboard_from_tally(start=start, end=end, tally=tally, referrals=referrals)


def dashboard_from_tally(
    *, start: date, end: date, tally: ContactTally, referrals: Iterable[ReferralRow]
) -> Dashboard:
    """The dashboard from contacts already tallied (received from `start` to `end`, timeliness included) and
    referrals (which may, and for re-referrals should, include the 12 months before `start`)."""
    if end < start:
        raise ValueError("The end of the period must not be before its start")
    history = counted_referrals(referrals)
    re_referrals = ReReferrals(history)
    in_period = [r for r in history if start <= r.referral_date <= end]
    referrals_by_week: dict[date, list[ReferralRow]] = defaultdict(list)
    for referral in in_period:
        referrals_by_week[week_ending(referral.referral_date)].append(referral)
    weeks_of: dict[date, date] = {}  # day -> week ending, worked out once per day

    def week_of(day: date) -> date:
        week = weeks_of.get(day)
        if week is None:
            week = weeks_of[day] = week_ending(day)
        return week

    outcomes_by_week: dict[date, list[tuple[str | None, int]]] = defaultdict(list)
    for (day, outcome), n in tally.by_day.items():
        outcomes_by_week[week_of(day)].append((outcome, n))
    people_by_week: dict[date, list[People]] = defaultdict(list)
    for person in tally.people:
        people_by_week[week_of(person[0])].append(person)
    timings_by_week: dict[date, list[Timing]] = defaultdict(list)
    for one in tally.timings:
        timings_by_week[week_of(one[0])].append(one)
    weeks = tuple(
        Week(
            ending,
            _tally_figures(
                outcomes_by_week[ending],
                people_by_week[ending],
                timings_by_week[ending],
                referrals_by_week[ending],
                re_referrals,
            ),
        )
        for ending in week_endings(start, end)
    )
    outcomes: Counter[str | None] = Counter()
    for (_, outcome), n in tally.by_day.items():
        if outcome:
            outcomes[outcome] += n
    return Dashboard(
        start=start,
        end=end,
        weeks=weeks,
        total=_whole(tally, in_period, re_referrals),
        outcomes=_outcome_mix(outcomes),
        sources=_source_mix(Counter(tally.sources)),
        channels=_channel_mix(Counter(tally.channels)),
        agencies=_agencies(tally.agencies),
        routes=_routes(tally.routes),
    )
