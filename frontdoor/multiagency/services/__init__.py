"""Every write in multi-agency working, as named actions (one module per part of the work). Each checks a
Permission, refuses with `Refused` (a message for the user; nothing saved), audits on the contact and puts any
email in the outbox in the same transaction."""

from frontdoor.core.errors import Refused

from .family_help import (
    FamilyGroupOffer,
    LeadPractitionerDetails,
    NetworkMemberDetails,
    accept_handover,
    add_family_network_member,
    allocate_lead_practitioner,
    hand_over_for_assessment,
    record_family_group_offer,
)
from .open_requests import check_before_decision, current_reason, record_reason_to_decide_now
from .requests import (
    LinkProblem,
    PartnerReply,
    SentRequest,
    add_partner_agency,
    chase_overdue_requests,
    open_reply_link,
    reply_to_request,
    revoke_link,
    send_information_requests,
    withdraw_request,
)
from .strategy import (
    ActionDetails,
    MemberDetails,
    StrategyOutcome,
    record_strategy_discussion,
    schedule_strategy_discussion,
)

__all__ = [
    "ActionDetails",
    "FamilyGroupOffer",
    "LeadPractitionerDetails",
    "LinkProblem",
    "MemberDetails",
    "NetworkMemberDetails",
    "PartnerReply",
    "Refused",
    "SentRequest",
    "StrategyOutcome",
    "accept_handover",
    "add_family_network_member",
    "add_partner_agency",
    "allocate_lead_practitioner",
    "chase_overdue_requests",
    "check_before_decision",
    "current_reason",
    "record_reason_to_decide_now",
    "hand_over_for_assessment",
    "open_reply_link",
    "record_family_group_offer",
    "record_strategy_discussion",
    "reply_to_request",
    "revoke_link",
    "schedule_strategy_discussion",
    "send_information_requests",
    "withdraw_request",
]
