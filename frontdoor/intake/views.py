"""Intake's own pages: logging a contact, correcting its details, and the call-back list. Thin: parse the form,
call a service or a query, render. Their URLs stay under /staff/ with the workspace's names."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from frontdoor.core.permissions import Permission
from frontdoor.triage import queries as triage_queries
from frontdoor.triage.lifecycle import Event
from frontdoor.triage.pages import _contact_url, attempt, contact_page

from . import queries as intake_queries
from .forms import CallbackForm, ContactEditForm, LogContactForm
from .services import (
    AdultDetails,
    ChildDetails,
    ContactEdit,
    LoggedContact,
    complete_callback,
    edit_contact,
    log_contact,
    request_callback,
)


@login_required
def log_contact_view(request):
    if not request.user.has_perm(Permission.LOG_CONTACT) or request.user.team_id is None:
        raise PermissionDenied
    search = request.GET.get("q", "").strip()[:100]
    referrers, agencies = intake_queries.search_referrers(request.user, search) if search else ([], [])
    chosen = intake_queries.referrer_for(request.user, request.GET.get("referrer"))
    agency = intake_queries.agency_for(request.user, request.GET.get("agency"))
    if request.method == "POST":
        form = LogContactForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            details = LoggedContact(
                channel=data["channel"],
                children=[
                    ChildDetails(
                        data[f"child_{row}_given_name"],
                        data[f"child_{row}_family_name"],
                        data[f"child_{row}_date_of_birth"],
                        data[f"child_{row}_expected_date_of_birth"],
                    )
                    for row, _ in form.child_rows()
                    if data.get(f"child_{row}_given_name") or data.get(f"child_{row}_expected_date_of_birth")
                ],
                adults=[
                    AdultDetails(
                        data[f"adult_{row}_name"],
                        data[f"adult_{row}_relationship"],
                        data[f"adult_{row}_date_of_birth"],
                    )
                    for row, _ in form.adult_rows()
                    if data.get(f"adult_{row}_name")
                ],
                concern=data["concern"],
                urgency=data["urgency"],
                referrer_name=data["referrer_name"],
                referrer_email=data["referrer_email"],
                referrer_phone=data["referrer_phone"],
                referrer_agency=data["referrer_agency"],
                referral_source=data["referral_source"],
                referrer_id=data["referrer_id"],
                received_at=data["received_at"],
                callback_phone=(data["callback_phone"] or data["referrer_phone"])
                if data["callback_needed"]
                else "",
                callback_notes=data["callback_notes"] if data["callback_needed"] else "",
            )
            contact, _ = log_contact(
                user=request.user, details=details, submission_key=data["submission_key"]
            )
            messages.success(request, f"Contact {contact.reference} logged")
            return redirect(_contact_url(contact))
        if "submission_key" in form.errors:
            form.data = form.data.copy()
            form.data["submission_key"] = str(uuid.uuid4())
    else:
        initial = {"submission_key": uuid.uuid4(), "channel": "phone"}
        if chosen:
            initial.update(
                referrer_id=chosen.pk,
                referrer_name=chosen.name,
                referrer_agency=chosen.agency.name if chosen.agency else "",
                referrer_email=chosen.email,
                referrer_phone=chosen.phone,
                referral_source=chosen.referral_source,
            )
        elif agency:
            initial.update(referrer_agency=agency.name, referral_source=agency.referral_source)
        form = LogContactForm(initial=initial)
    return render(
        request,
        "intake/log_contact.html",
        {"form": form, "search": search, "referrers": referrers, "agencies": agencies, "chosen": chosen},
    )


@contact_page(Event.EDIT)
def edit(request, record):  # type: ignore[no-untyped-def]
    if request.method == "POST":
        form = ContactEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            changes = ContactEdit(**{name: data[name] for name in ContactEdit.__dataclass_fields__})
            if attempt(
                form,
                lambda: edit_contact(
                    contact=record,
                    user=request.user,
                    changes=changes,
                    version=data["version"],
                    reason=data["reason"],
                ),
            ):
                messages.success(request, f"Contact {record.reference} updated")
                return redirect(_contact_url(record))
    else:
        form = ContactEditForm(
            initial={
                "version": record.version,
                "concern": record.concern,
                "urgency": record.urgency,
                "referrer_name": record.referrer_name,
                "referrer_agency": record.referrer_agency,
                "referrer_phone": record.referrer_phone,
                "referrer_email": record.referrer_email,
                "referral_source": record.referral_source,
            }
        )
    return render(request, "intake/edit_contact.html", {"contact": record, "form": form})


# --- Call backs ----------------------------------------------------------------------------------------


@login_required
def callbacks(request):
    return render(
        request,
        "intake/callbacks.html",
        {"callbacks": list(triage_queries.callbacks_for(request.user)), "team": request.user.team},
    )


@contact_page(Event.ADD_CALLBACK)
def new_callback(request, record):  # type: ignore[no-untyped-def]
    if request.method == "POST":
        form = CallbackForm(request.POST)
        if form.is_valid():
            request_callback(contact=record, user=request.user, **form.cleaned_data)
            messages.success(request, "Added to the call back list")
            return redirect(_contact_url(record))
    else:
        form = CallbackForm(initial={"phone": record.referrer_phone})
    return render(request, "intake/new_callback.html", {"contact": record, "form": form})


@login_required
@require_POST
def callback_done(request, callback_id: uuid.UUID):
    callback = triage_queries.callback_for(request.user, callback_id, path=request.path)
    if not request.user.has_perm(Permission.WORK_ON_CONTACT, callback.contact):
        raise PermissionDenied
    if complete_callback(callback=callback, user=request.user):
        messages.success(request, f"Call back for {callback.contact.reference} done")
    else:
        messages.error(request, f"Someone else has already called back about {callback.contact.reference}")
    return redirect("triage:callbacks")
