"""The contact's lifecycle table, walked: every state × event pair either moves the contact to the state the
table names (audited, version bumped) or is refused with a message and changes nothing."""

import ast
import itertools
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from frontdoor.core.errors import Refused
from frontdoor.core.models import AuditEvent
from frontdoor.intake.models import Contact
from frontdoor.triage import lifecycle
from frontdoor.triage.lifecycle import TRANSITIONS, Event, State, change
from tests.triage.conftest import MovedOutsideTheLifecycle

PAIRS = list(itertools.product(State.values, list(Event)))


def _in_state(make_contact, team, state, holder):
    contact = make_contact(team)
    if state != State.OPEN:
        Contact.objects.filter(pk=contact.pk).update(status=state, allocated_to=holder)
    contact.refresh_from_db()
    return contact


@pytest.mark.parametrize(("state", "event"), PAIRS, ids=[f"{s}-{e}" for s, e in PAIRS])
def test_every_state_and_event(state, event, chat, make_user, make_contact):
    manager = make_user("tm.lifecycle", "team_manager", chat)  # holds every permission the table names
    worker = make_user("sw.lifecycle", "social_worker", chat)
    contact = _in_state(make_contact, chat, state, worker)
    expected = lifecycle.transition_for(state, event)
    audits = AuditEvent.objects.count()
    if expected is None:
        with pytest.raises(Refused) as refused, change(contact, event, manager, version=contact.version):
            pytest.fail("the body of a refused event must not run")
        assert str(refused.value) == str(lifecycle.refusal(state, event))  # a message the user can read
        stored = Contact.objects.get(pk=contact.pk)
        assert (stored.status, stored.version) == (state, contact.version)
        assert AuditEvent.objects.count() == audits
        return
    with change(contact, event, manager, version=contact.version) as step:
        step.allocate_to = worker
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.status == expected.next_state and stored.version == contact.version + 1
    assert (stored.allocated_to_id is None) == (expected.next_state == State.OPEN)
    entries = list(AuditEvent.objects.order_by("at"))
    if (
        state == State.OPEN
        and expected.next_state != State.OPEN
        and event not in (Event.CLAIM, Event.ALLOCATE)
    ):
        claimed, entries = entries[-2], entries[-1:]  # working on an unclaimed contact claims it first
        assert claimed.action == "contact.claimed" and claimed.before["status"] == State.OPEN
    last = entries[-1]
    assert last.action == expected.audit_action and last.after["status"] == expected.next_state


def test_the_table_has_one_row_per_state_and_event_and_reaches_every_state():
    assert len({(t.state, t.event) for t in TRANSITIONS}) == len(TRANSITIONS)
    assert {t.next_state for t in TRANSITIONS} == set(State.values)
    assert {t.event for t in TRANSITIONS} == set(Event)


def test_a_stale_version_is_refused_and_nothing_changes(chat, social_worker, make_contact):
    contact = make_contact(chat)
    with (
        pytest.raises(lifecycle.StaleContact, match="nothing was overwritten"),
        change(contact, Event.CLAIM, social_worker, version=contact.version + 5),
    ):
        pytest.fail("must not run")
    assert Contact.objects.get(pk=contact.pk).status == State.OPEN


def test_permission_comes_from_the_table(chat, contact_officer, make_contact):
    contact = make_contact(chat)
    assert lifecycle.actions_for(contact, contact_officer) == {Event.EDIT, Event.ADD_CALLBACK}
    with pytest.raises(PermissionDenied), change(contact, Event.CLAIM, contact_officer):
        pass


def test_a_held_contact_offers_its_holder_and_managers_more_than_colleagues(
    chat, social_worker, team_manager, make_user, make_contact
):
    contact = _in_state(make_contact, chat, State.IN_PROGRESS, social_worker)
    colleague = make_user("sw2.chat", "social_worker", chat)
    assert {Event.RELEASE, Event.RECORD_WORK, Event.DECIDE} <= lifecycle.actions_for(contact, social_worker)
    assert Event.RELEASE not in lifecycle.actions_for(contact, colleague)
    assert Event.ALLOCATE in lifecycle.actions_for(contact, team_manager)
    assert Event.ALLOCATE not in lifecycle.actions_for(contact, social_worker)


def test_a_failure_in_the_body_leaves_nothing_behind(chat, social_worker, make_contact):
    contact = make_contact(chat)
    with pytest.raises(lifecycle.NotAllowed), change(contact, Event.CLAIM, social_worker):
        raise lifecycle.NotAllowed("changed my mind")
    stored = Contact.objects.get(pk=contact.pk)
    assert (stored.status, stored.version, stored.allocated_to_id) == (State.OPEN, 1, None)
    assert not AuditEvent.objects.exists()


# --- Nothing else moves a contact -------------------------------------------------------------------------


def test_saving_a_new_state_outside_the_lifecycle_fails_the_guard(chat, social_worker, make_contact):
    contact = make_contact(chat)
    contact.status, contact.allocated_to = State.IN_PROGRESS, social_worker
    with pytest.raises(MovedOutsideTheLifecycle):
        contact.save()


SOURCE = Path(__file__).resolve().parents[2] / "frontdoor"
ALLOWED = {"triage/lifecycle.py", "demo/seed.py"}  # the lifecycle itself; the demo builds invented history


def state_moves(source: str) -> list[str]:
    """Assignments of a Contact state (`x.status = Contact.Status.…`) and Contact UPDATEs of status, team or
    allocation: what only lifecycle.change() may do."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [
                t for target in targets for t in (target.elts if isinstance(target, ast.Tuple) else [target])
            ]
            if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in names) and (
                "Contact.Status" in ast.unparse(node.value) or "State." in ast.unparse(node.value)
            ):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and "Contact.objects" in ast.unparse(node.func.value)
            and {k.arg for k in node.keywords}
            & {"status", "team", "team_id", "allocated_to", "allocated_to_id"}
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
    return found


@pytest.mark.parametrize(
    "path",
    sorted(p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts),
    ids=lambda p: str(p.relative_to(SOURCE)),
)
def test_no_service_moves_a_contact_without_the_lifecycle(path):
    if str(path.relative_to(SOURCE)) in ALLOWED:
        return
    assert state_moves(path.read_text()) == []


def test_the_static_check_catches_a_direct_move():
    assert state_moves("def f(c):\n    c.status = Contact.Status.DECIDED\n")
    assert state_moves("def f(c):\n    c.status, c.allocated_to = Contact.Status.OPEN, None\n")
    assert state_moves("def f(pk):\n    Contact.objects.filter(pk=pk).update(status='open')\n")
    assert not state_moves("def f(job):\n    job.status = ExportJob.Status.DONE\n")


def test_the_database_refuses_a_contact_in_progress_that_nobody_holds(chat, make_contact):
    from django.db import IntegrityError, transaction

    contact = make_contact(chat)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(status=State.IN_PROGRESS, allocated_to=None)
