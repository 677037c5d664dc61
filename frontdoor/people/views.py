"""People pages. Thin: parse, call a query or a service, render."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import queries, services
from .forms import (
    BreakGlassForm,
    EditPersonForm,
    MergeForm,
    OtherNameForm,
    PersonForm,
    RelationshipForm,
    SearchForm,
    UnmergeForm,
)


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
            try:
                services.link_to_person(user=request.user, contact=contact, entry=entry, person=person)
            except services.NotAllowed as refused:
                messages.error(request, str(refused))
                return redirect(f"{_people_url(contact)}#{entry.key}")
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


def _break_glass_url(person_id: uuid.UUID, next_url: str = "") -> str:
    url = reverse("people:break_glass", args=[person_id])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@login_required
def person(request, person_id: uuid.UUID):
    try:
        record = queries.person_for(request.user, person_id, path=request.path)
    except queries.OutsideTeam as elsewhere:
        return redirect(_break_glass_url(elsewhere.person.pk))
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
    try:
        record = queries.person_to_change(request.user, person_id, path=request.path)
    except queries.OutsideTeam:
        raise Http404 from None  # another team's record is changed by that team, never by breaking the glass
    if record.merged_into_id is not None:
        messages.info(
            request, f"Record {record.reference} was merged into this one: change this one instead."
        )
        return record, redirect("people:person", person_id=record.merged_into_id)
    return record, None


def _initial(record) -> dict[str, object]:  # type: ignore[no-untyped-def]
    initial = {name: getattr(record, name) for name in services.PERSON_FIELDS}
    initial["disabilities"] = record.disabilities.split()  # the checkboxes take a list
    return initial | {"version": record.version}


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
def break_glass(request, person_id: uuid.UUID):
    """Opening a person held by another team: the user says why first (GOV.UK form); then the record opens."""
    person = queries.break_glass_person(request.user, person_id)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    destination = next_url or reverse("people:person", args=[person.pk])
    if queries.can_open(request.user, person):
        return redirect(destination)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = queries.contact_of_next(request.user, next_url)
        try:
            services.break_glass(
                user=request.user, person=person, reason=form.cleaned_data["reason"], path=request.path,
                contact=contact,
            )  # fmt: skip
        except services.NotAllowed as refused:
            form.add_error("reason", str(refused))
        else:
            messages.info(
                request, "Your reason is kept in the access log and the other team's managers are told."
            )
            return redirect(destination)
    return render(
        request,
        "people/break_glass.html",
        {"form": form, "next": next_url, "hours": queries.BREAK_GLASS_HOURS},
    )


@login_required
def break_glass_list(request):
    """Records opened by stating a reason: a manager sees those their team holds, administrators all."""
    rows = queries.break_glass_openings_for(request.user)
    return render(request, "people/break_glass_list.html", {"rows": rows})


@login_required
@require_POST
def match_preview(request):
    """JSON for the contact-logging form's live search (progressive enhancement; the page works without it).
    POST, so that a child's details never sit in a URL (or a log of URLs). A person the user's team cannot open
    is only "a possible match known to another team"."""
    record = {
        name: request.POST.get(name, "")[:100]
        for name in ("given_name", "family_name", "date_of_birth", "postcode", "nhs_number", "upn", "sex")
    }
    candidates = queries.match_preview(request.user, record, path=request.path)
    return JsonResponse(
        {
            "candidates": [
                {"elsewhere": True, "label": queries.ELSEWHERE, "probability": round(c.probability, 4)}
                if c.elsewhere
                else {
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


@login_required
def search(request):  # type: ignore[no-untyped-def]
    """Search for a child or adult. The details are posted, never put in the address (or the server's logs)."""
    if not request.user.has_perm("people.view_person"):
        raise PermissionDenied
    form = SearchForm(request.POST if request.method == "POST" else None)
    results = None
    if form.is_bound and form.is_valid():
        results = queries.search_people(request.user, path=request.path, **form.cleaned_data)
    return render(
        request,
        "people/search.html",
        {"form": form, "results": results},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def review_list(request):  # type: ignore[no-untyped-def]
    """Who could not be linked with certainty when existing records were linked: the team's review list."""
    return render(request, "people/review_list.html", {"links": queries.review_list(request.user)})
