"""Rule 3 of the house: views never query sensitive models directly; they call team-scoped queries."""

import ast
from pathlib import Path

import pytest

# Every model that holds something about a child, a family or a referrer
SENSITIVE_MODELS = {
    "Contact", "ContactChild", "ContactAdult", "CallbackRequest", "Referrer",
    "Decision", "Referral", "Conversation", "AgencyCheck", "Transfer",
    "Person", "PersonName", "PersonAddress", "Family", "FamilyMember", "Relationship", "ContactPerson",
    "MergeRecord", "PossibleDuplicate", "MatchRejection",
    "Screening", "ServiceRequest", "RequestDraft",
    "OutboxMessage", "ExportJob", "AuditEvent", "AccessEvent",
    "InformationRequest", "ReplyLinkOpening", "StrategyDiscussion", "StrategyMember", "StrategyAction",
    "LeadPractitioner", "FamilyNetworkMember", "FamilyGroupConferenceOffer", "AssessmentHandover",
    "DecidingWithOpenRequests",
    "StaffNotification", "ContactAttachment", "CaseloadLimit",
}  # fmt: skip
_APPS = Path(__file__).resolve().parent.parent.joinpath("frontdoor")
VIEW_FILES = sorted([*_APPS.rglob("views*.py"), *_APPS.rglob("api.py")])


def direct_queries(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        # Contact.objects... / Contact._default_manager...
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager", "_base_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in SENSITIVE_MODELS
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        # get_object_or_404(Contact, ...) and friends
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in SENSITIVE_MODELS
        ):
            found.append(f"line {node.lineno}: {node.func.id}({node.args[0].id})")
    return found


def test_there_are_views_to_check():
    assert len(VIEW_FILES) >= 4


@pytest.mark.parametrize("path", VIEW_FILES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_views_do_not_query_sensitive_models(path):
    assert direct_queries(path.read_text()) == []


def test_the_check_itself_catches_a_direct_query():
    assert direct_queries("def v(r):\n    return Contact.objects.all()\n")
    assert direct_queries("def v(r, pk):\n    return get_object_or_404(Decision, pk=pk)\n")
    assert not direct_queries("def v(r):\n    return queries.queue_for(r.user)\n")
