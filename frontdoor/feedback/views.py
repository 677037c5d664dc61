"""Referrers' pages (no account: signed or single-use links) and the staff pages about them. Thin views."""

from __future__ import annotations

import uuid
from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from frontdoor.core import public_forms
from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission

from . import forms, queries, services
from .links import LinkProblem, read_acknowledgement

SESSION_KEY = "feedback_status"


def _posted(request):  # type: ignore[no-untyped-def]
    return request.POST if request.method == "POST" else None


def _problem(request, reason: str, *, status: int = 200):  # type: ignore[no-untyped-def]
    return render(request, "feedback/link_problem.html", {"reason": reason}, status=status)


# --- Where my concern stands ----------------------------------------------------------------------------


@never_cache
def concern_status(request, token: str):  # type: ignore[no-untyped-def]
    """The link in the acknowledgement email: signed, works until it expires."""
    try:
        contact_id = read_acknowledgement(token)
    except LinkProblem as problem:
        return _problem(request, problem.reason, status=404 if problem.reason == "invalid" else 200)
    return render(request, "feedback/status.html", {"standings": [queries.standing_of(contact_id)]})


@never_cache
def ask_for_link(request):  # type: ignore[no-untyped-def]
    form = forms.ConcernLinkForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        limited = public_forms.rate_limited(request, "status_link", email=form.cleaned_data["email"])
        if limited:
            return public_forms.too_many_attempts(
                request, limited, back_url=request.path, back_label="Go back"
            )
        services.request_concern_link(
            reference=form.cleaned_data["reference"], email=form.cleaned_data["email"]
        )
        return render(request, "feedback/check_email.html", {"professional": False})
    return render(request, "feedback/ask_for_link.html", {"form": form})


@never_cache
def ask_for_professional_link(request):  # type: ignore[no-untyped-def]
    form = forms.ProfessionalLinkForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        limited = public_forms.rate_limited(request, "status_link", email=form.cleaned_data["email"])
        if limited:
            return public_forms.too_many_attempts(
                request, limited, back_url=request.path, back_label="Go back"
            )
        services.request_professional_link(email=form.cleaned_data["email"])
        return render(request, "feedback/check_email.html", {"professional": True})
    return render(request, "feedback/ask_for_professional_link.html", {"form": form})


@never_cache
def open_link(request, token: str):  # type: ignore[no-untyped-def]
    try:
        opened = services.open_link(token)
    except LinkProblem as problem:
        return _problem(request, problem.reason, status=404 if problem.reason == "invalid" else 200)
    request.session[SESSION_KEY] = {
        "kind": opened.kind,
        "email": opened.email,
        "contact": str(opened.contact_id) if opened.contact_id else "",
        "until": opened.until.isoformat(),
    }
    return redirect("feedback:my_status")


@never_cache
def my_status(request):  # type: ignore[no-untyped-def]
    """What an opened single-use link shows, for an hour, in this browser only."""
    granted = request.session.get(SESSION_KEY)
    if not granted:
        return redirect("feedback:ask_for_link")
    if datetime.fromisoformat(granted["until"]) <= timezone.now():
        del request.session[SESSION_KEY]
        return _problem(request, "expired")
    if granted["contact"]:
        standings = [queries.standing_of(uuid.UUID(granted["contact"]))]
        professional = False
    else:
        standings = queries.standings_for_professional(granted["email"])
        professional = True
    return render(request, "feedback/status.html", {"standings": standings, "professional": professional})


# --- The survey -----------------------------------------------------------------------------------------


@never_cache
def survey(request, token: str):  # type: ignore[no-untyped-def]
    try:
        services.survey_for(token)
    except LinkProblem as problem:
        return _problem(
            request, f"survey_{problem.reason}", status=404 if problem.reason == "invalid" else 200
        )
    form = forms.SurveyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(token=token, answers=services.SurveyAnswers(**form.cleaned_data))
        except LinkProblem as problem:
            return _problem(request, f"survey_{problem.reason}")
        return render(request, "feedback/survey_thanks.html")
    return render(request, "feedback/survey.html", {"form": form})


@login_required
def feedback_results(request):  # type: ignore[no-untyped-def]
    results = queries.feedback_results(request.user)
    return render(
        request, "feedback/results.html", {"results": results, "questions": [q for _, q in queries.QUESTIONS]}
    )


# --- Advice before escalation -----------------------------------------------------------------------------


def _book(request, *, staff: bool):  # type: ignore[no-untyped-def]
    slots = list(queries.open_advice_slots())
    form = forms.BookingForm(_posted(request), slots=slots, initial={"submission_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.book_advice_call(
                slot_id=uuid.UUID(data["slot"]),
                details=services.BookingDetails(
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    agency=data["agency"],
                    topic=data["topic"],
                ),  # fmt: skip
                submission_key=data["submission_key"],
                user=request.user if staff else None,
            )
        except Refused as refusal:
            form.add_error("slot", refusal.message)
            # The slot just taken disappears from the choices; everything else typed stays
            form.fields["slot"].choices = (
                forms.BookingForm(slots=queries.open_advice_slots()).fields["slot"].choices
            )
        else:
            template = "feedback/booked_staff.html" if staff else "feedback/booked.html"
            return render(request, template, {"booking": booking})
    base = "staff_base.html" if staff else "base.html"
    return render(request, "feedback/book.html", {"form": form, "slots": slots, "base": base, "staff": staff})


@never_cache
def book_advice(request):  # type: ignore[no-untyped-def]
    return _book(request, staff=False)


@login_required
def staff_book_advice(request):  # type: ignore[no-untyped-def]
    if not request.user.has_perm(Permission.BOOK_ADVICE_CALL):
        raise PermissionDenied
    return _book(request, staff=True)


@login_required
def advice_slots(request):  # type: ignore[no-untyped-def]
    slots = list(queries.team_slots(request.user))
    form = forms.SlotsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["day"]
        starts = [
            timezone.make_aware(datetime.combine(day, time(h, m))) for h, m in form.cleaned_data["times"]
        ]
        try:
            made = services.add_advice_slots(
                user=request.user, team=request.user.team, starts=starts, minutes=form.cleaned_data["minutes"]
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"{len(made)} call-back slot{'s' if len(made) != 1 else ''} added.")
            return redirect("feedback:advice_slots")
    return render(request, "feedback/slots.html", {"form": form, "slots": slots})


@login_required
@require_POST
def remove_slot(request, slot_id: uuid.UUID):  # type: ignore[no-untyped-def]
    slot = queries.slot_for(request.user, slot_id)
    try:
        services.remove_advice_slot(user=request.user, slot=slot)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Slot removed.")
    return redirect("feedback:advice_slots")


@login_required
@require_POST
def advice_call_done(request, booking_id: uuid.UUID):  # type: ignore[no-untyped-def]
    booking = queries.booking_for(request.user, booking_id)
    services.advice_call_done(user=request.user, booking=booking)
    messages.success(request, f"Call-back to {booking.name} marked as done.")
    return redirect("triage:callbacks")
