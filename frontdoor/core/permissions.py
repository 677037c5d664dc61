"""Who may do what, as `rules` predicates. Team scoping of lists lives in each app's queries module."""

from enum import StrEnum

import rules

from frontdoor.accounts.models import Role


def _has_role(*roles: str):  # type: ignore[no-untyped-def]
    @rules.predicate(name=f"has_role({', '.join(roles)})")
    def predicate(user) -> bool:  # type: ignore[no-untyped-def]
        return bool(user and user.is_authenticated and user.is_active and user.role in roles)

    return predicate


is_contact_officer = _has_role(Role.CONTACT_OFFICER)
is_practitioner = _has_role(Role.SOCIAL_WORKER, Role.EARLY_HELP_WORKER)
is_team_manager = _has_role(Role.TEAM_MANAGER)
is_analyst = _has_role(Role.ANALYST)
is_returns_officer = _has_role(Role.RETURNS_OFFICER)
is_administrator = _has_role(Role.ADMINISTRATOR)
works_at_front_door = is_contact_officer | is_practitioner | is_team_manager


@rules.predicate
def in_same_team(user, record) -> bool:  # type: ignore[no-untyped-def]
    """The record (a contact, or anything with a team) belongs to the user's own team."""
    team_id = getattr(record, "team_id", None)
    return bool(team_id and user.team_id and team_id == user.team_id)


rules.add_perm("triage.view_queue", works_at_front_door)
rules.add_perm("intake.view_contact", works_at_front_door & in_same_team)
rules.add_perm("triage.decide_contact", (is_practitioner | is_team_manager) & in_same_team)
# The front door workspace (issue 4)
rules.add_perm("intake.log_contact", works_at_front_door)
rules.add_perm("intake.edit_contact", works_at_front_door & in_same_team)
rules.add_perm("triage.work_on_contact", (is_practitioner | is_team_manager) & in_same_team)
rules.add_perm("triage.oversee_contact", is_team_manager & in_same_team)
rules.add_perm("triage.view_oversight", is_team_manager)
rules.add_perm("notify.view_failed", is_team_manager | is_administrator)
# Person pages (issue 5) are for case workers only: analysts see aggregates, never a person
rules.add_perm("people.view_person", works_at_front_door)
# Change a person's details, names and family (people.queries also requires a team linked to the person)
rules.add_perm("people.change_person", works_at_front_door)
# Link a contact's children and adults to person records (the contact's own team)
rules.add_perm("people.link_people", works_at_front_door & in_same_team)
# Review likely duplicates and merge them; a merge across teams' active contacts needs a team manager
rules.add_perm("people.merge_persons", is_practitioner | is_team_manager)
rules.add_perm("people.merge_across_teams", is_team_manager)
rules.add_perm("core.view_audit", is_administrator)
# Screener definitions (issue 3): uploading a version and choosing the live one
rules.add_perm("screener.manage_definitions", is_administrator)
# The service directory (issue 6): keeping services and locations up to date
rules.add_perm("directory.manage_services", is_team_manager | is_administrator)
# Performance and statutory returns (issue 7): analysts see every team, team managers their own team
rules.add_perm("reporting.view_performance", is_analyst | is_team_manager)
# The CIN census, Annex A and SSD extracts hold children's names, dates of birth and UPNs: returns officers
# only. Analysts keep the dashboard and its downloads, which are counts (issue 18, docs/adr/0029)
rules.add_perm("reporting.export_named_data", is_returns_officer)


@rules.predicate
def reports_on_team(user, team) -> bool:  # type: ignore[no-untyped-def]
    """Analysts may report on any team (team None = every team); a team manager only on their own."""
    if is_analyst(user):
        return True
    return bool(is_team_manager(user) and team is not None and user.team_id and team.pk == user.team_id)


rules.add_perm("reporting.view_team_performance", reports_on_team)


# The front door's permissions by name, so that services, presenters and the lifecycle table name them once
class Permission(StrEnum):
    VIEW_QUEUE = "triage.view_queue"
    VIEW_PERSON = "people.view_person"
    MERGE_PERSONS = "people.merge_persons"
    VIEW_FAILED_EMAILS = "notify.view_failed"
    MANAGE_SERVICES = "directory.manage_services"
    VIEW_PERFORMANCE = "reporting.view_performance"
    VIEW_AUDIT = "core.view_audit"
    MANAGE_DEFINITIONS = "screener.manage_definitions"
    VIEW_CONTACT = "intake.view_contact"
    LOG_CONTACT = "intake.log_contact"
    EDIT_CONTACT = "intake.edit_contact"
    WORK_ON_CONTACT = "triage.work_on_contact"
    DECIDE_CONTACT = "triage.decide_contact"
    OVERSEE_CONTACT = "triage.oversee_contact"
    VIEW_OVERSIGHT = "triage.view_oversight"
    ALLOCATE_CONTACT = "triage.allocate_contact"
    VIEW_CASELOADS = "triage.view_caseloads"
    OVERRIDE_DECISION_RULES = "triage.override_decision_rules"
    # Exports that name children (issue 18): the CIN census, Annex A and SSD extracts
    EXPORT_NAMED_DATA = "reporting.export_named_data"
    # Multi-agency working (issue 20)
    REQUEST_INFORMATION = "multiagency.request_information"
    VIEW_OVERDUE_REQUESTS = "multiagency.view_overdue_requests"
    MANAGE_PARTNER_AGENCIES = "multiagency.manage_partner_agencies"
    HOLD_STRATEGY_DISCUSSION = "multiagency.hold_strategy_discussion"
    ARRANGE_FAMILY_HELP = "multiagency.arrange_family_help"
    ACCEPT_HANDOVER = "multiagency.accept_handover"
    VIEW_HANDOVERS = "multiagency.view_handovers"
    # Referrers and learning (issue 22)
    VIEW_FEEDBACK = "feedback.view_feedback"
    MANAGE_ADVICE_SLOTS = "feedback.manage_advice_slots"
    VIEW_ADVICE_BOOKINGS = "feedback.view_advice_bookings"
    BOOK_ADVICE_CALL = "feedback.book_advice_call"
    MANAGE_DIP_SAMPLE = "quality.manage_dip_sample"
    AUDIT_CASES = "quality.audit_cases"
    VIEW_QUALITY = "quality.view_quality"
    IMPORT_CALL_FIGURES = "planning.import_call_figures"
    VIEW_PHONE_LINE = "planning.view_phone_line"
    VIEW_LOCALITIES = "planning.view_localities"
    # Break-glass (issue 18): opening a person held by another team, with a reason, and who sees it
    BREAK_GLASS = "people.break_glass"
    VIEW_BREAK_GLASS = "people.view_break_glass"
    # Staff accounts (issue 18): administrators create them, set role and team, close them, end sessions
    MANAGE_STAFF_ACCOUNTS = "accounts.manage_staff_accounts"
    END_STAFF_SESSIONS = "accounts.end_staff_sessions"
    # Returns readiness (issue 15): which children's records the statutory returns cannot take yet
    VIEW_RETURNS_READINESS = "reporting.view_returns_readiness"
    # Partner systems (issue 21): API tokens, webhooks and the DfE push are for administrators
    MANAGE_PARTNER_SYSTEMS = "partners.manage_partner_systems"
    VIEW_DELIVERIES = "partners.view_deliveries"
    # Retention and subject access (issue 18)
    EXPORT_SUBJECT_ACCESS = "records.export_subject_access"


# Allocation and caseloads (issue 16): a team manager allocates their own team's contacts
rules.add_perm(Permission.ALLOCATE_CONTACT, is_team_manager & in_same_team)
rules.add_perm(Permission.VIEW_CASELOADS, is_team_manager)
# Analysts every team's children (by child id only), a team manager their own team's (reporting.queries)
rules.add_perm(Permission.VIEW_RETURNS_READINESS, is_analyst | is_team_manager)
rules.add_perm(Permission.OVERRIDE_DECISION_RULES, is_team_manager & in_same_team)


# Multi-agency working (issue 20): case workers of the contact's team; the receiving team accepts a handover
@rules.predicate
def in_receiving_team(user, handover) -> bool:  # type: ignore[no-untyped-def]
    team_id = getattr(handover, "receiving_team_id", None)
    return bool(team_id and user.team_id and team_id == user.team_id)


rules.add_perm(Permission.REQUEST_INFORMATION, (is_practitioner | is_team_manager) & in_same_team)
rules.add_perm(Permission.VIEW_OVERDUE_REQUESTS, is_team_manager)
rules.add_perm(Permission.MANAGE_PARTNER_AGENCIES, is_team_manager | is_administrator)
rules.add_perm(Permission.HOLD_STRATEGY_DISCUSSION, (is_practitioner | is_team_manager) & in_same_team)
rules.add_perm(Permission.ARRANGE_FAMILY_HELP, (is_practitioner | is_team_manager) & in_same_team)
rules.add_perm(Permission.ACCEPT_HANDOVER, (is_practitioner | is_team_manager) & in_receiving_team)
rules.add_perm(Permission.VIEW_HANDOVERS, is_practitioner | is_team_manager)


# Referrers and learning (issue 22): feedback is seen in aggregate by those who see performance; a team manager
# opens advice slots and runs the dip sample; managers audit; the front door sees its advice call-backs
rules.add_perm(Permission.VIEW_FEEDBACK, is_analyst | is_team_manager)
rules.add_perm(Permission.MANAGE_ADVICE_SLOTS, is_team_manager)
rules.add_perm(Permission.VIEW_ADVICE_BOOKINGS, works_at_front_door)
rules.add_perm(Permission.BOOK_ADVICE_CALL, works_at_front_door)
rules.add_perm(Permission.MANAGE_DIP_SAMPLE, is_team_manager)
rules.add_perm(Permission.AUDIT_CASES, is_team_manager)
rules.add_perm(Permission.VIEW_QUALITY, is_team_manager | is_analyst)
rules.add_perm(Permission.IMPORT_CALL_FIGURES, is_analyst | is_team_manager)
rules.add_perm(Permission.VIEW_PHONE_LINE, is_analyst | is_team_manager)
rules.add_perm(Permission.VIEW_LOCALITIES, is_analyst | is_team_manager)
# Break-glass (issue 18): any front door worker may open another team's person by stating why; the holding
# team's managers see it, administrators see every one
rules.add_perm(Permission.BREAK_GLASS, works_at_front_door)
rules.add_perm(Permission.VIEW_BREAK_GLASS, is_team_manager | is_administrator)
# Staff accounts (issue 18): only administrators, who hold no case access themselves
rules.add_perm(Permission.MANAGE_STAFF_ACCOUNTS, is_administrator)
rules.add_perm(Permission.END_STAFF_SESSIONS, is_administrator)
rules.add_perm(Permission.MANAGE_PARTNER_SYSTEMS, is_administrator)
rules.add_perm(Permission.VIEW_DELIVERIES, is_administrator)
# Retention and subject access (issue 18): a subject access export is for an administrator only
rules.add_perm(Permission.EXPORT_SUBJECT_ACCESS, is_administrator)
