"""Multi-agency working. Views are thin: parse the form, call a service or a query, render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission
from frontdoor.triage import queries as triage_queries

from . import forms, presenters, queries, services
from .models import ReplyLinkOpening


def _posted(request):  # type: ignore[no-untyped-def]
    """The form data on a POST (even an empty one, so that it shows every error), None on a GET."""
    return request.POST if request.method == "POST" else None


def _contact(request, contact_id: uuid.UUID):  # type: ignore[no-untyped-def]
    return triage_queries.contact_for(request.user, contact_id, path=request.path)


def _back(record) -> str:  # type: ignore[no-untyped-def]
    return reverse("triage:contact", args=[record.pk]) + "#multi-agency"


def _need(user, permission: Permission, record=None) -> None:  # type: ignore[no-untyped-def]
    if not user.has_perm(permission, record):
        raise PermissionDenied


# --- Information requests ---------------------------------------------------------------------------


@login_required
def request_information(request, contact_id: uuid.UUID):  # type: ignore[no-untyped-def]
    record = _contact(request, contact_id)
    _need(request.user, Permission.REQUEST_INFORMATION, record)
    agencies = list(queries.active_agencies())
    form = forms.InformationRequestForm(
        _posted(request), agencies=agencies, initial={"submission_key": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.send_information_requests(
                contact=record,
                user=request.user,
                agencies=queries.agencies_by_ids(data["agencies"]),
                question=data["question"],
                lawful_basis=data["lawful_basis"],
                submission_key=data["submission_key"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            names = ", ".join(s.request.agency_name for s in sent)
            messages.success(
                request, f"Request sent to {names}." if sent else "Your request was already sent."
            )
            return redirect(_back(record))
    return render(
        request,
        "multiagency/request_information.html",
        {"contact": record, "form": form, "agencies": agencies},
    )


@login_required
def withdraw(request, contact_id: uuid.UUID, request_id: uuid.UUID):  # type: ignore[no-untyped-def]
    return _stop(request, contact_id, request_id, withdraw=True)


@login_required
def revoke(request, contact_id: uuid.UUID, request_id: uuid.UUID):  # type: ignore[no-untyped-def]
    return _stop(request, contact_id, request_id, withdraw=False)


def _stop(request, contact_id: uuid.UUID, request_id: uuid.UUID, *, withdraw: bool):  # type: ignore[no-untyped-def]
    record = _contact(request, contact_id)
    _need(request.user, Permission.REQUEST_INFORMATION, record)
    info = queries.request_for(request.user, record, request_id)
    form = forms.ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if withdraw:
                services.withdraw_request(request=info, user=request.user, reason=form.cleaned_data["reason"])
                messages.success(
                    request, f"Request to {info.agency_name} withdrawn. Its link no longer works."
                )
            else:
                services.revoke_link(
                    request=info,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    send_new=form.cleaned_data["send_new"],
                )
                messages.success(request, f"The link sent to {info.agency_name} no longer works.")
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect(_back(record))
    return render(
        request,
        "multiagency/stop_request.html",
        {"contact": record, "info": info, "form": form, "withdraw": withdraw},
    )


@login_required
def overdue(request):  # type: ignore[no-untyped-def]
    _need(request.user, Permission.VIEW_OVERDUE_REQUESTS)
    rows = presenters.request_rows(list(queries.overdue_requests_for(request.user)))
    return render(request, "multiagency/overdue.html", {"rows": rows, "team": request.user.team})


@login_required
def agencies(request):  # type: ignore[no-untyped-def]
    _need(request.user, Permission.MANAGE_PARTNER_AGENCIES)
    form = forms.PartnerAgencyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.add_partner_agency(user=request.user, **form.cleaned_data)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"{agency.name} added to the list of partner agencies.")
            return redirect("multiagency:agencies")
    return render(
        request, "multiagency/agencies.html", {"form": form, "agencies": queries.all_agencies(request.user)}
    )


# --- The partner's page (no account) -------------------------------------------------------------------

_LINK_STATUS = {
    ReplyLinkOpening.Result.UNKNOWN: 404,
    ReplyLinkOpening.Result.USED: 410,
    ReplyLinkOpening.Result.EXPIRED: 410,
    ReplyLinkOpening.Result.REVOKED: 410,
}


@never_cache
def partner_reply(request, token: str):  # type: ignore[no-untyped-def]
    try:
        info = services.open_reply_link(token, method=request.method or "GET")
    except services.LinkProblem as problem:
        return render(
            request,
            "multiagency/link_problem.html",
            {"reason": problem.reason},
            status=_LINK_STATUS.get(problem.reason, 404),  # type: ignore[call-overload]
        )
    form = forms.PartnerReplyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reply_to_request(
                token=token,
                reply=services.PartnerReply(
                    shared=data["shared"] == "yes",
                    information=data["information"],
                    not_shared_reason=data["not_shared_reason"],
                    name=data["name"],
                    role=data["role"],
                ),
            )
        except services.LinkProblem as problem:
            return render(request, "multiagency/link_problem.html", {"reason": problem.reason}, status=410)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            return render(request, "multiagency/partner_thanks.html", {"info": info})
    return render(
        request,
        "multiagency/partner_reply.html",
        {"info": info, "children": queries.children_for_partner(info), "form": form},
    )


# --- Strategy discussions -------------------------------------------------------------------------------


@login_required
def schedule_strategy(request, contact_id: uuid.UUID):  # type: ignore[no-untyped-def]
    record = _contact(request, contact_id)
    _need(request.user, Permission.HOLD_STRATEGY_DISCUSSION, record)
    form = forms.ScheduleStrategyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        members = [
            services.MemberDetails(
                name=data[f"member_{row}_name"],
                agency=data[f"member_{row}_agency"],
                organisation=data[f"member_{row}_organisation"],
            )
            for row in range(forms.MEMBER_ROWS)
            if data.get(f"member_{row}_name")
        ]
        try:
            services.schedule_strategy_discussion(
                contact=record,
                user=request.user,
                scheduled_for=data["scheduled_for"],
                how_held=data["how_held"],
                members=members,
                missing_members_reason=data["missing_members_reason"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Strategy discussion arranged.")
            return redirect(_back(record))
    return render(request, "multiagency/schedule_strategy.html", {"contact": record, "form": form})


@login_required
def record_strategy(request, contact_id: uuid.UUID, discussion_id: uuid.UUID):  # type: ignore[no-untyped-def]
    record = _contact(request, contact_id)
    _need(request.user, Permission.HOLD_STRATEGY_DISCUSSION, record)
    discussion = queries.discussion_for(request.user, record, discussion_id)
    members = list(discussion.members.all())
    form = forms.RecordStrategyForm(
        _posted(request), members=members, initial={"version": discussion.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions = tuple(
            services.ActionDetails(
                action=data[f"action_{row}_action"],
                owner=data[f"action_{row}_owner"],
                due_on=data[f"action_{row}_due_on"],
            )
            for row in range(forms.ACTION_ROWS)
            if data.get(f"action_{row}_action")
        )
        try:
            services.record_strategy_discussion(
                discussion=discussion,
                user=request.user,
                version=data["version"],
                outcome=services.StrategyOutcome(
                    held_at=data["held_at"],
                    attended=set(data["attended"]),
                    information_shared=data["information_shared"],
                    result=data["result"],
                    instead=data["instead"],
                    actions=actions,
                    missing_members_reason=data["missing_members_reason"],
                ),
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Strategy discussion recorded.")
            return redirect(_back(record))
    return render(
        request,
        "multiagency/record_strategy.html",
        {"contact": record, "form": form, "discussion": presenters.discussion_view(discussion)},
    )


# --- Family Help and the handover to assessment ---------------------------------------------------------


def _family_form(request, contact_id, form_class, action, template, done):  # type: ignore[no-untyped-def]
    record = _contact(request, contact_id)
    _need(request.user, Permission.ARRANGE_FAMILY_HELP, record)
    form = form_class(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            action(record, form.cleaned_data)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, done)
            return redirect(_back(record))
    return render(request, f"multiagency/{template}.html", {"contact": record, "form": form})


@login_required
def lead_practitioner(request, contact_id: uuid.UUID):  # type: ignore[no-untyped-def]
    def allocate(record, data):  # type: ignore[no-untyped-def]
        services.allocate_lead_practitioner(
            contact=record, user=request.user, details=services.LeadPractitionerDetails(**data)
        )

    return _family_form(
        request,
        contact_id,
        forms.LeadPractitionerForm,
        allocate,
        "lead_practitioner",
        "Lead practitioner allocated.",
    )


@login_required
def family_network(request, contact_id: uuid.UUID):  # type: ignore[no-untyped-def]
    def add(record, data):  # type: ignore[no-untyped-def]
        services.add_family_network_member(
            contact=record, user=request.user, details=services.NetworkMemberDetails(**data)
        )

    return _family_form(
        request, contact_id, forms.NetworkMemberForm, add, "family_network", "Added to the family network."
    )


@login_required
def family_group_offer(request, contact_id: uuid.UUID):  # type: ignore[no-untyped-def]
    def offer(record, data):  # type: ignore[no-untyped-def]
        services.record_family_group_offer(
            contact=record, user=request.user, offer=services.FamilyGroupOffer(**data)
        )

    return _family_form(
        request,
        contact_id,
        forms.FamilyGroupOfferForm,
        offer,
        "family_group_offer",
        "Family group decision-making offer recorded.",
    )


@login_required
def hand_over(request, contact_id: uuid.UUID):  # type: ignore[no-untyped-def]
    record = _contact(request, contact_id)
    _need(request.user, Permission.DECIDE_CONTACT, record)
    teams = list(queries.assessing_teams())
    form = forms.HandoverForm(_posted(request), teams=teams)
    if request.method == "POST" and form.is_valid():
        team = next(t for t in teams if str(t.pk) == form.cleaned_data["team"])
        try:
            services.hand_over_for_assessment(contact=record, user=request.user, receiving_team=team)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"Handed over to {team.name} for assessment.")
            return redirect(_back(record))
    return render(request, "multiagency/hand_over.html", {"contact": record, "form": form})


@login_required
def handovers(request):  # type: ignore[no-untyped-def]
    _need(request.user, Permission.VIEW_HANDOVERS)
    return render(
        request, "multiagency/handovers.html", {"handovers": queries.handovers_waiting_for(request.user)}
    )


@login_required
@require_POST
def accept_handover(request, handover_id: uuid.UUID):  # type: ignore[no-untyped-def]
    handover = queries.handover_for(request.user, handover_id)
    try:
        services.accept_handover(handover=handover, user=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"You accepted {handover.contact.reference} for assessment.")
    return redirect("multiagency:handovers")


@login_required
def decide_now(request, contact_id: uuid.UUID):  # type: ignore[no-untyped-def]
    record = _contact(request, contact_id)
    _need(request.user, Permission.DECIDE_CONTACT, record)
    form = forms.DecideNowForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_reason_to_decide_now(
                contact=record, user=request.user, reason=form.cleaned_data["reason"]
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Reason recorded. You can now record the decision.")
            return redirect(_back(record))
    return render(
        request,
        "multiagency/decide_now.html",
        {"contact": record, "form": form, "open_requests": queries.open_requests(record)},
    )
