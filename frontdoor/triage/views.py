import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from frontdoor.core.codes import Outcome

from . import presenters, queries
from .forms import DecisionForm
from .services import AlreadyDecided, StaleContact, record_decision


@login_required
def queue(request):
    contacts = queries.queue_for(request.user)
    page = Paginator(contacts, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "triage/queue.html",
        {"page": page, "rows": presenters.queue_rows(list(page)), "team": request.user.team},
    )


@login_required
def contact(request, contact_id: uuid.UUID):
    record = queries.contact_for(request.user, contact_id, path=request.path)
    can_decide = record.status == record.Status.OPEN and request.user.has_perm(
        "triage.decide_contact", record
    )
    form = None
    if can_decide:
        if request.method == "POST":
            form = DecisionForm(request.POST)
            if form.is_valid():
                try:
                    record_decision(
                        contact=record,
                        user=request.user,
                        outcome=Outcome(form.cleaned_data["outcome"]),
                        rationale=form.cleaned_data["rationale"],
                        version=form.cleaned_data["version"],
                    )
                except AlreadyDecided:
                    form.add_error(
                        None, "Someone else has already decided this contact. Your decision was not saved."
                    )
                except StaleContact:
                    form.add_error(
                        None,
                        "This contact changed while you were working on it. Check it again before deciding.",
                    )
                else:
                    messages.success(request, f"Decision recorded for {record.reference}")
                    return redirect("triage:queue")
        else:
            form = DecisionForm(initial={"version": record.version})
    elif request.method == "POST":
        if record.status == record.Status.OPEN:
            raise PermissionDenied
        # Decided while this worker's page was open
        messages.error(request, "This contact has already been decided. Your decision was not saved.")
    return render(
        request,
        "triage/contact.html",
        {
            "contact": record,
            "form": form,
            "time_left": presenters.time_left(record.decision_due_at),
            "decisions": list(record.decisions.all()),
        },
    )
