"""People pages. Thin: parse, call a query or a service, render."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import queries, services
from .forms import EditPersonForm, MergeForm, OtherNameForm, PersonForm, RelationshipForm, UnmergeForm


def _people_url(contact) -> str:  # type: ignore[no-untyped-def]
    return reverse("people:contact_people", args=[contact.pk])


@login_required
def contact_people(request, contact_id: uuid.UUID):
    contact = queries.contact_for(request.user, contact_id, path=request.path)
    if request.method == "POST":
        if not request.user.has_perm("people.link_people", contact):
            raise PermissionDenied
        entry = queries.entry_for(request.user, contact, request.POST.get("entry", ""))
        try:
            person = queries.candidate_person(request.user, entry, uuid.UUID(request.POST.get("person", "")))
        except ValueError:
            raise Http404 from None
        action = request.POST.get("action")
        if action == "link":
            services.link_to_person(user=request.user, contact=contact, entry=entry, person=person)
            messages.success(request, f"{entry.name} is linked to record {person.reference}.")
        elif action == "not_same":
            services.reject_candidate(user=request.user, contact=contact, entry=entry, person=person)
            messages.success(request, f"{person.reference} will not be suggested again for {entry.name}.")
        else:
            raise Http404
        return redirect(f"{_people_url(contact)}#{entry.key}")
    matches = queries.matches_for_contact(request.user, contact, path=request.path)
    return render(
        request,
        "people/contact_people.html",
        {
            "contact": contact,
            "matches": matches,
            "can_link": request.user.has_perm("people.link_people", contact),
        },
    )


@login_required
def new_person(request, contact_id: uuid.UUID, entry_key: str):
    contact = queries.contact_for(request.user, contact_id, path=request.path)
    if not request.user.has_perm("people.link_people", contact):
        raise PermissionDenied
    entry = queries.entry_for(request.user, contact, entry_key)
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            link = services.create_person_for_entry(
                user=request.user, contact=contact, entry=entry, details=form.details()
            )
            messages.success(request, f"New record {link.person.reference} created for {entry.name}.")
            return redirect(f"{_people_url(contact)}#{entry.key}")
    else:
        form = PersonForm(
            initial={
                "given_name": entry.given_name,
                "family_name": entry.family_name,
                "date_of_birth": entry.date_of_birth,
            }
        )
    return render(request, "people/new_person.html", {"contact": contact, "entry": entry, "form": form})


@login_required
def person(request, person_id: uuid.UUID):
    record = queries.person_for(request.user, person_id, path=request.path)
    if record.merged_into_id is not None:
        messages.info(request, f"Record {record.reference} was merged into this one.")
        return redirect("people:person", person_id=record.merged_into_id)
    context = queries.person_page(request.user, record)
    return render(
        request,
        "people/person.html",
        {
            "person": record,
            **context,
            "can_merge": request.user.has_perm("people.merge_persons"),
            "can_change": request.user.has_perm("people.change_person"),
            "can_export_subject_access": request.user.has_perm("records.export_subject_access"),
        },
    )


STALE = (
    "Someone else changed this record while you were editing it. The form now shows their changes: "
    "make your changes again."
)


def _editable(request, person_id: uuid.UUID):  # type: ignore[no-untyped-def]
    record = queries.person_to_change(request.user, person_id, path=request.path)
    if record.merged_into_id is not None:
        messages.info(
            request, f"Record {record.reference} was merged into this one: change this one instead."
        )
        return record, redirect("people:person", person_id=record.merged_into_id)
    return record, None


def _initial(record) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {name: getattr(record, name) for name in services.PERSON_FIELDS} | {"version": record.version}


@login_required
def edit_person(request, person_id: uuid.UUID):
    record, elsewhere = _editable(request, person_id)
    if elsewhere:
        return elsewhere
    stale = ""
    if request.method == "POST":
        form = EditPersonForm(request.POST)
        if form.is_valid():
            try:
                services.update_person(
                    user=request.user,
                    person=record,
                    details=form.details(),
                    expected_version=form.cleaned_data["version"],
                )
            except services.StaleRecord:
                stale = STALE
            else:
                messages.success(request, f"The details of {record.reference} were changed.")
                return redirect("people:person", person_id=record.pk)
        elif "version" in form.errors:
            stale = STALE
        if stale:  # start again from the record as it is now
            record.refresh_from_db()
            form = EditPersonForm(initial=_initial(record))
    else:
        form = EditPersonForm(initial=_initial(record))
    return render(request, "people/edit_person.html", {"person": record, "form": form, "stale": stale})


@login_required
def add_other_name(request, person_id: uuid.UUID):
    record, elsewhere = _editable(request, person_id)
    if elsewhere:
        return elsewhere
    form = OtherNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_other_name(
            user=request.user,
            person=record,
            given_name=data["given_name"].strip(),
            family_name=data["family_name"].strip(),
            kind=data["kind"],
        )
        messages.success(request, f"Another name was added to {record.reference}.")
        return redirect("people:person", person_id=record.pk)
    return render(request, "people/add_other_name.html", {"person": record, "form": form})


@login_required
def add_relationship(request, person_id: uuid.UUID):
    record, elsewhere = _editable(request, person_id)
    if elsewhere:
        return elsewhere
    families = queries.families_of(request.user, record)
    choices = [(str(f.pk), f"{f.name} ({f.reference})") for f in families]
    form = RelationshipForm(request.POST or None, families=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        relative = queries.relative_by_reference(request.user, record, data["relative"])
        if relative is None:
            form.add_error(
                "relative", "Enter the reference of a person your team can open, other than this person"
            )
        else:
            family = None
            if data["family"] == "new":
                family = services.create_family(
                    user=request.user, name=data["new_family_name"].strip(), members=[record, relative]
                )
            elif data["family"]:
                family = next(f for f in families if str(f.pk) == data["family"])
                services.add_family_member(user=request.user, family=family, person=relative)
            services.add_relationship(
                user=request.user,
                person=record,
                relative=relative,
                kind=data["kind"],
                parental_responsibility=data["parental_responsibility"],
                family=family,
            )
            messages.success(request, f"{relative.full_name or relative.reference} was added as a relative.")
            return redirect("people:person", person_id=record.pk)
    return render(request, "people/add_relationship.html", {"person": record, "form": form})


@login_required
def duplicates(request):
    pairs = queries.duplicates_for(request.user)
    return render(request, "people/duplicates.html", {"pairs": pairs})


@login_required
def duplicate(request, pair_id: uuid.UUID):
    pair = queries.duplicate_pair_for(request.user, pair_id, path=request.path)
    choices = [
        (str(pair.a.person_id), f"Keep {pair.a.reference} ({pair.a.name})"),
        (str(pair.b.person_id), f"Keep {pair.b.reference} ({pair.b.name})"),
    ]
    form = MergeForm(choices=choices)
    error = ""
    if request.method == "POST":
        a, b = queries.duplicate_persons(request.user, pair_id)
        try:
            if request.POST.get("action") == "not_same":
                services.mark_not_duplicate(user=request.user, a=a, b=b)
                messages.success(
                    request, f"{a.reference} and {b.reference} will not be suggested as duplicates again."
                )
                return redirect("people:duplicates")
            form = MergeForm(request.POST, choices=choices)
            if form.is_valid():
                survivor, merged = (a, b) if form.cleaned_data["keep"] == str(a.pk) else (b, a)
                services.merge_persons(
                    user=request.user, survivor=survivor, merged=merged, reason=form.cleaned_data["reason"]
                )
                messages.success(request, f"{merged.reference} was merged into {survivor.reference}.")
                return redirect("people:person", person_id=survivor.pk)
        except (services.NotAllowed, services.CannotMerge) as refused:
            error = str(refused)
    return render(request, "people/duplicate.html", {"pair": pair, "form": form, "error": error})


@login_required
def unmerge(request, merge_id: uuid.UUID):
    record = queries.merge_record_for(request.user, merge_id)
    form = UnmergeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.unmerge(user=request.user, record=record, reason=form.cleaned_data["reason"])
        except (services.NotAllowed, services.CannotMerge) as refused:
            error = str(refused)
        else:
            messages.success(request, f"{record.merged.reference} is a separate record again.")
            return redirect("people:person", person_id=record.survivor_id)
    return render(request, "people/unmerge.html", {"record": record, "form": form, "error": error})


@login_required
@require_GET
def match_preview(request):
    """JSON for the contact-logging form's live search (progressive enhancement; the page works without it)."""
    record = {
        name: request.GET.get(name, "")[:100]
        for name in ("given_name", "family_name", "date_of_birth", "postcode", "nhs_number", "upn", "sex")
    }
    candidates = queries.match_preview(request.user, record, path=request.path)
    return JsonResponse(
        {
            "candidates": [
                {
                    "reference": c.reference,
                    "name": c.name,
                    "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else None,
                    "postcode": c.postcode,
                    "previous_contacts": c.previous_contacts,
                    "known_to_service": c.known_to_service,
                    "probability": round(c.probability, 4),
                    "agreed": c.agreed,
                    "disagreed": c.disagreed,
                }
                for c in candidates
            ]
        }
    )
