"""The front door workspace. Views are thin: parse the form, call a service or a query, render."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from frontdoor.core.codes import Outcome
from frontdoor.core.permissions import Permission
from frontdoor.intake import services as intake_services
from frontdoor.intake.services import AdultDetails, ChildDetails
from frontdoor.people.presenters import contact_identity
from frontdoor.screener.queries import screening_for

from . import lifecycle, presenters, queries, services
from . import notifications as staff_notifications
from .forms import (
    AddAdultForm,
    AddChildForm,
    AgencyCheckForm,
    AllocateForm,
    AttachmentForm,
    AuthoriseForm,
    CaseloadLimitForm,
    ConversationForm,
    DecisionForm,
    FurtherDetailsForm,
    OversightForm,
    QueueFilterForm,
    RemovePersonForm,
    TransferForm,
)
from .lifecycle import Event
from .pages import _contact_url, attempt, contact_page

# --- The queue ---------------------------------------------------------------


@login_required
def queue(request):
    members = queries.team_members(request.user)
    filter_form = QueueFilterForm(request.GET, members=members) if request.GET else None
    valid = filter_form is not None and filter_form.is_valid()
    filters = queries.QueueFilters(**filter_form.cleaned_data) if valid else queries.QueueFilters()
    contacts = queries.queue_for(request.user, filters)
    counts = queries.queue_counts(request.user, contacts)
    paginator = Paginator(contacts, 50)
    paginator.count = counts.contacts  # counted with the page's other counts
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "triage/queue.html",
        {
            "page": page,
            "count": f"{counts.contacts:,}",  # GOV.UK style: commas in numbers over 999
            "rows": presenters.queue_table_rows(
                queries.queue_entries(page.object_list), user=request.user, csrf_token=get_token(request)
            ),
            "team": request.user.team,
            "filter_fields": presenters.queue_filter_fields(filter_form, members),
            "filtered": filters != queries.QueueFilters(),
            "extra_query": "&" + query.urlencode() if query else "",
            "callbacks_waiting": counts.callbacks_waiting,
            # the staff menu's count (triage_tags.unread_notifications), already counted
            "unread_notifications": counts.unread_notifications,
        },
    )


@login_required
def queue_floor(request):  # type: ignore[no-untyped-def]
    """The benchmark's floor for the queue: the same 50 rows from one raw query, as a plain table."""
    rows = queries.queue_floor_rows(request.user)
    return HttpResponse(
        format_html(
            "<!doctype html><title>Queue floor</title><table>{}</table>",
            format_html_join(
                "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((v,) for v in r)),) for r in rows)
            ),
        )
    )


# --- One contact ---------------------------------------------------------------------------------------


def _render_contact(request, record, form=None, status=200, postcode="", preview=None):  # type: ignore[no-untyped-def]
    user = request.user
    return render(
        request,
        "triage/contact.html",
        {
            "contact": record,
            "form": form,
            "preview": preview,
            "can_override": user.has_perm(Permission.OVERRIDE_DECISION_RULES, record),
            "time_left": presenters.time_left(record.decision_due_at, urgency=record.urgency),
            "urgency": presenters.urgency(record.urgency),
            "decisions": list(record.decisions.all()),
            "identity": contact_identity(record, queries.people_on_contact(user, record)),
            "screening": screening_for(user, record),
            "postcode": postcode,
            "delivery": queries.delivery_of(user, record),
            "status_text": presenters.status_text(record),
            **presenters.contact_actions(record, user).as_context(),
        },
        status=status,
    )


def _decision_form(request, record, postcode):  # type: ignore[no-untyped-def]
    """The decision form, and the referrer's email as it would be sent if the worker asked to preview it.
    Returns (None, None) once the decision is recorded."""
    suggestions = queries.services_to_suggest(request.user, record, postcode)
    if request.method != "POST":
        initial = {"version": record.version, "postcode": postcode}
        return DecisionForm(initial=initial, team=record.team, suggestions=suggestions), None
    form = DecisionForm(request.POST, team=record.team, suggestions=suggestions)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    if "preview" in request.POST:
        return form, presenters.referrer_preview(record, Outcome(data["outcome"]), data["suggested_services"])
    decided = attempt(
        form,
        lambda: services.record_decision(
            contact=record,
            user=request.user,
            outcome=Outcome(data["outcome"]),
            rationale=data["rationale"],
            version=data["version"],
            level_of_need=data["level_of_need"],
            primary_need=data["primary_need"],
            next_step=data["next_step"],
            next_step_by=data["next_step_by"],
            suggested_services=data["suggested_services"],
            override_reason=data["override_reason"],
        ),
    )
    if not decided:
        return form, None
    messages.success(
        request, f"Decision recorded for {record.reference}. It is now with a manager for oversight."
    )
    return None, None


@contact_page()
def contact(request, record):  # type: ignore[no-untyped-def]
    form = None
    postcode = (request.POST if request.method == "POST" else request.GET).get("postcode", "").strip()[:12]
    preview = None
    if lifecycle.may(record, request.user, Event.DECIDE):
        form, preview = _decision_form(request, record, postcode)
        if form is None:
            return redirect("triage:queue")
    elif request.method == "POST":
        if record.is_awaiting_decision and not request.user.has_perm(Permission.DECIDE_CONTACT, record):
            raise PermissionDenied
        if record.is_awaiting_decision:
            messages.error(
                request,
                f"This contact is allocated to {record.allocated_to.display_name}. Your decision was not saved.",
            )
        else:  # decided while this worker's page was open
            messages.error(request, "This contact has already been decided. Your decision was not saved.")
    return _render_contact(request, record, form, postcode=postcode, preview=preview)


@require_POST
@contact_page(Event.CLAIM)
def claim(request, record):  # type: ignore[no-untyped-def]
    try:
        services.claim_contact(contact=record, user=request.user)
    except lifecycle.AlreadyClaimed:
        messages.error(request, f"Someone else claimed {record.reference} first. It was not claimed for you.")
        return redirect("triage:queue")
    except lifecycle.AlreadyDecided:
        messages.error(request, f"{record.reference} already has a decision. It was not claimed for you.")
        return redirect(_contact_url(record))
    messages.success(request, f"You have claimed {record.reference}")
    return redirect(_contact_url(record))


@require_POST
@contact_page()
def release(request, record):  # type: ignore[no-untyped-def]
    services.release_contact(contact=record, user=request.user)
    messages.success(request, f"{record.reference} is back in the queue for anyone to claim")
    return redirect(_contact_url(record))


@contact_page(Event.RECORD_WORK)
def conversation(request, record):  # type: ignore[no-untyped-def]
    if request.method == "POST":
        form = ConversationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            notes = services.ConversationNotes(
                started_at=data["started_at"],
                ended_at=data["ended_at"],
                participants=data["participants"],
                worries=data["worries"],
                working_well=data["working_well"],
                needs_to_happen=data["needs_to_happen"],
                safety_scale=data["safety_scale"],
            )
            if attempt(
                form,
                lambda: services.record_conversation(
                    contact=record, user=request.user, notes=notes, submission_key=data["submission_key"]
                ),
            ):
                messages.success(request, "Conversation recorded")
                return redirect(_contact_url(record))
    else:
        form = ConversationForm(initial={"submission_key": uuid.uuid4(), "day": timezone.localdate()})
    return render(request, "triage/conversation.html", {"contact": record, "form": form})


@contact_page(Event.RECORD_WORK)
def agency_check(request, record):  # type: ignore[no-untyped-def]
    if request.method == "POST":
        form = AgencyCheckForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            details = services.AgencyCheckDetails(
                agency=data["agency"],
                asked=data["asked"],
                response=data["response"],
                lawful_basis=data["lawful_basis"],
                parents_told=data["parents_told"] == "yes",
                reason_parents_not_told=data["reason_parents_not_told"]
                if data["parents_told"] == "no"
                else "",
            )
            recorded = []
            if attempt(
                form,
                lambda: recorded.append(
                    services.record_agency_check(
                        contact=record,
                        user=request.user,
                        details=details,
                        submission_key=data["submission_key"],
                    )
                ),
            ):
                check = recorded[0]
                note = " A team manager needs to authorise it." if check.needs_authorisation else ""
                messages.success(request, f"Information from {check.agency} recorded.{note}")
                return redirect(_contact_url(record))
    else:
        form = AgencyCheckForm(initial={"submission_key": uuid.uuid4()})
    return render(request, "triage/agency_check.html", {"contact": record, "form": form})


@contact_page(permission=Permission.OVERSEE_CONTACT)
def authorise(request, record, check_id: uuid.UUID):  # type: ignore[no-untyped-def]
    check = queries.agency_check_for(request.user, record, check_id)
    if request.method == "POST":
        form = AuthoriseForm(request.POST)
        # Four eyes: a manager who recorded the sharing is refused on this page, their reasons kept
        if form.is_valid() and attempt(
            form,
            lambda: services.authorise_agency_check(
                check=check, user=request.user, note=form.cleaned_data["note"]
            ),
        ):
            messages.success(
                request, f"Sharing with {check.agency} without the parents' knowledge authorised"
            )
            return redirect(_contact_url(record))
    else:
        form = AuthoriseForm()
    return render(request, "triage/authorise.html", {"contact": record, "check": check, "form": form})


@contact_page(Event.TRANSFER)
def transfer(request, record):  # type: ignore[no-untyped-def]
    teams = queries.other_teams(request.user, record)
    if request.method == "POST":
        form = TransferForm(request.POST, teams=teams)
        if form.is_valid():
            data = form.cleaned_data
            moved = []
            if attempt(
                form,
                lambda: moved.append(
                    services.transfer_contact(
                        contact=record,
                        user=request.user,
                        to_team=data["to_team"],
                        reason=data["reason"],
                        version=data["version"],
                    )
                ),
            ):
                messages.success(
                    request,
                    f"{record.reference} passed to {moved[0].to_team.name}: "
                    f"{moved[0].get_direction_display().lower()}",
                )
                return redirect("triage:queue")
    else:
        form = TransferForm(initial={"version": record.version}, teams=teams)
    return render(request, "triage/transfer.html", {"contact": record, "form": form})


@contact_page(Event.AGREE)
def oversight(request, record):  # type: ignore[no-untyped-def]
    decision = queries.pending_decision_for(request.user, record)
    if decision is None:
        messages.error(request, "There is no decision awaiting oversight on this contact.")
        return redirect(_contact_url(record))
    if request.method == "POST":
        form = OversightForm(request.POST)
        if form.is_valid():
            agree = form.cleaned_data["verdict"] == "agree"
            if attempt(
                form,
                lambda: services.record_oversight(
                    decision=decision,
                    user=request.user,
                    agree=agree,
                    comment=form.cleaned_data["comment"],
                    version=form.cleaned_data["version"],
                ),
            ):
                if agree:
                    messages.success(
                        request, f"Decision agreed for {record.reference}. The referrer will be emailed."
                    )
                else:
                    messages.success(request, f"Decision returned to {decision.decided_by.display_name}")
                return redirect("triage:oversight_list")
    else:
        form = OversightForm(initial={"version": record.version})
    return render(
        request,
        "triage/oversight.html",
        {
            "contact": record,
            "decision": decision,
            "form": form,
            "history": queries.history_for(request.user, record),
        },
    )


@login_required
def oversight_list(request):
    view = queries.oversight_for(request.user)
    return render(
        request,
        "triage/oversight_list.html",
        {
            "view": view,
            "team": request.user.team,
            "near_deadline": presenters.queue_rows(view.near_deadline, user=request.user),
        },
    )


# --- Allocation and caseloads (team managers) --------------------------------------------------------------


@contact_page(Event.ALLOCATE)
def allocate(request, record):  # type: ignore[no-untyped-def]
    caseloads = queries.caseloads_for(request.user, record.team_id)
    if request.method == "POST":
        form = AllocateForm(request.POST, caseloads=caseloads)
        if form.is_valid():
            worker = queries.allocatable_worker(request.user, record, form.cleaned_data["worker"])
            if attempt(
                form,
                lambda: services.allocate_contact(
                    contact=record,
                    user=request.user,
                    to_user=worker,
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                ),
            ):
                load = next((c for c in caseloads if c.worker.pk == worker.pk), None)  # type: ignore[union-attr]
                messages.success(request, f"{record.reference} allocated to {worker.display_name}")  # type: ignore[union-attr]
                if load and load.limit is not None and load.total + 1 > load.limit:
                    messages.warning(
                        request,
                        f"{worker.display_name} now has {load.total + 1} open contacts, "  # type: ignore[union-attr]
                        f"over the team's limit of {load.limit}.",
                    )
                return redirect(_contact_url(record))
    else:
        initial = {"version": record.version}
        if record.allocated_to_id:
            initial["worker"] = str(record.allocated_to_id)
        form = AllocateForm(initial=initial, caseloads=caseloads)
    return render(
        request,
        "triage/allocate.html",
        {"contact": record, "form": form, "urgency": presenters.urgency(record.urgency)},
    )


@login_required
def caseloads(request):
    if not request.user.has_perm(Permission.VIEW_CASELOADS) or request.user.team_id is None:
        raise PermissionDenied
    team = request.user.team
    form = CaseloadLimitForm(
        request.POST if request.method == "POST" else None,
        initial={"open_contacts": queries.caseload_limit_for(team.pk)},
    )
    if request.method == "POST" and form.is_valid():
        limit = form.cleaned_data["open_contacts"]
        if attempt(
            form, lambda: services.set_caseload_limit(team=team, user=request.user, open_contacts=limit)
        ):
            messages.success(request, f"Limit set to {limit}" if limit else "Limit removed")
            return redirect("triage:caseloads")
    return render(
        request,
        "triage/caseloads.html",
        {
            "team": team,
            "caseloads": presenters.caseload_rows(queries.caseloads_for(request.user)),
            "form": form,
            "unallocated": queries.queue_for(request.user, queries.QueueFilters(allocated="none")).count(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# --- Notifications ----------------------------------------------------------------------------------------


@login_required
def notifications_inbox(request):
    if not request.user.has_perm(Permission.VIEW_QUEUE):
        raise PermissionDenied
    if request.method == "POST":
        count = staff_notifications.mark_all_read(user=request.user)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
        return redirect("triage:notifications")
    page = Paginator(queries.notifications_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "triage/notifications.html", {"page": page, "extra_query": ""})


@login_required
@require_POST
def open_notification(request, notification_id: uuid.UUID):
    notification = staff_notifications.mark_read(user=request.user, notification_id=notification_id)
    if notification is None:
        messages.error(request, "That notification is not in your inbox.")
        return redirect("triage:notifications")
    return redirect(notification.url)


# --- Completing a contact after logging -------------------------------------------------------------------


@contact_page(Event.EDIT)
def further_details(request, record):  # type: ignore[no-untyped-def]
    if request.method == "POST":
        form = FurtherDetailsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            details = intake_services.FurtherDetails(
                received_at=data["received_at"],
                received_at_reason=data["received_at_reason"],
                address=data["address"],
                postcode=data["postcode"].upper(),
                police_occurrence_number=data["police_occurrence_number"],
                dash_risk=data["dash_risk"],
                children_present=data["children_present"],
                operation_encompass=data["operation_encompass"],
                consent=data["consent"],
                parents_know=data["parents_know"],
            )
            if attempt(
                form,
                lambda: intake_services.complete_contact(
                    contact=record, user=request.user, details=details, version=data["version"]
                ),
            ):
                messages.success(request, f"Details of {record.reference} saved")
                return redirect(_contact_url(record))
    else:
        received = timezone.localtime(record.received_at)
        yes_no = {True: "yes", False: "no", None: ""}
        form = FurtherDetailsForm(
            initial={
                "version": record.version,
                "received_day": received.date(),
                "received_time": received.strftime("%H:%M"),
                "address": record.address,
                "postcode": record.postcode,
                "police_occurrence_number": record.police_occurrence_number,
                "dash_risk": record.dash_risk,
                "children_present": record.children_present,
                "operation_encompass": yes_no[record.operation_encompass],
                "consent": record.consent,
                "parents_know": yes_no[record.parents_know],
            }
        )
    return render(request, "triage/further_details.html", {"contact": record, "form": form})


@contact_page(Event.EDIT)
def add_child(request, record):  # type: ignore[no-untyped-def]
    form = AddChildForm(request.POST or None, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        child = ChildDetails(
            data["given_name"], data["family_name"], data["date_of_birth"], data["expected_date_of_birth"]
        )
        if attempt(
            form,
            lambda: intake_services.add_child(
                contact=record, user=request.user, child=child, version=data["version"]
            ),
        ):
            messages.success(request, f"Child added to {record.reference}")
            return redirect(_contact_url(record))
    return render(request, "triage/add_person.html", {"contact": record, "form": form, "kind": "child"})


@contact_page(Event.EDIT)
def add_adult(request, record):  # type: ignore[no-untyped-def]
    form = AddAdultForm(request.POST or None, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        adult = AdultDetails(data["name"], data["relationship"], data["date_of_birth"])
        if attempt(
            form,
            lambda: intake_services.add_adult(
                contact=record, user=request.user, adult=adult, version=data["version"]
            ),
        ):
            messages.success(request, f"{adult.name} added to {record.reference}")
            return redirect(_contact_url(record))
    return render(request, "triage/add_person.html", {"contact": record, "form": form, "kind": "adult"})


@contact_page(Event.EDIT)
def remove_child(request, record, child_id: uuid.UUID):  # type: ignore[no-untyped-def]
    child = queries.child_on(request.user, record, child_id)
    form = RemovePersonForm(request.POST or None, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: intake_services.remove_child(
                contact=record, user=request.user, child=child, version=data["version"], reason=data["reason"]
            ),
        ):
            messages.success(request, f"{child.full_name} removed from {record.reference}")
            return redirect(_contact_url(record))
    return render(
        request, "triage/remove_person.html", {"contact": record, "form": form, "name": child.full_name}
    )


@contact_page(Event.EDIT)
def remove_adult(request, record, adult_id: uuid.UUID):  # type: ignore[no-untyped-def]
    adult = queries.adult_on(request.user, record, adult_id)
    form = RemovePersonForm(request.POST or None, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: intake_services.remove_adult(
                contact=record, user=request.user, adult=adult, version=data["version"], reason=data["reason"]
            ),
        ):
            messages.success(request, f"{adult.name} removed from {record.reference}")
            return redirect(_contact_url(record))
    return render(request, "triage/remove_person.html", {"contact": record, "form": form, "name": adult.name})


# --- Attachments and the printable record -----------------------------------------------------------------


@contact_page(Event.EDIT)
def attach(request, record):  # type: ignore[no-untyped-def]
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, description = form.cleaned_data["file"], form.cleaned_data["description"]
        try:
            services.attach_file(contact=record, user=request.user, upload=upload, description=description)
        except lifecycle.NotAllowed as refused:
            form.add_error("file", str(refused))  # what is wrong with the file, beside the file
        else:
            messages.success(request, f"{upload.name} attached to {record.reference}")
            return redirect(_contact_url(record))
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "triage/attach.html", {"contact": record, "form": form}, status=status)


@contact_page(permission=Permission.VIEW_CONTACT)
def attachment(request, record, attachment_id: uuid.UUID):  # type: ignore[no-untyped-def]
    found = queries.attachment_for(request.user, record, attachment_id, path=request.path)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@contact_page(permission=Permission.VIEW_CONTACT)
def printable(request, record):  # type: ignore[no-untyped-def]
    return render(
        request,
        "triage/printable.html",
        {
            "contact": record,
            "urgency": presenters.urgency(record.urgency),
            "status_text": presenters.status_text(record),
            "decisions": list(record.decisions.all()),
            "printed_at": timezone.now(),
        },
    )
