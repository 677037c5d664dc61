"""The public screener and request journey, and the staff pages for definition versions. Views are thin:
the engine re-derives the route from the answers on every request; services do every write."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from frontdoor.core import public_forms
from frontdoor.core.middleware import safe_to_run_again
from frontdoor.core.references import new_reference
from frontdoor.directory.queries import services_for_need

from . import engine, journey, presenters, queries, services
from .engine import signposting
from .forms import (
    QuestionForm,
    SaveForLaterForm,
    SubmitRequestForm,
    UploadDefinitionForm,
    initial_for,
    raw_data,
)
from .models import DefinitionVersion, RequestKind

SUBMITTED_KEY = "screener_submitted"
SAVED_KEY = "screener_saved_email"
# The email typed on "save and come back later" when a rate limit stopped it, shown again on the way back
TYPED_EMAIL_KEY = "screener_typed_email"


# --------------------------------------------------------------------------------------------- helpers
def _loaded(request) -> tuple[DefinitionVersion, engine.Definition] | None:  # type: ignore[no-untyped-def]
    state = journey.screener_state(request.session)
    version = queries.definition_for_session(state.get("definition_id")) if state else None
    if version is None:
        return None
    return version, services.engine_definition(version)


def _where(progress: engine.Progress) -> str:
    if progress.finished or progress.question is None:
        return reverse("screener:outcome")
    return reverse("screener:question", args=[progress.question.id])


def _contacts(definition: engine.Definition) -> dict[str, Any]:
    return {name: dict(fields) for name, fields in definition.contacts.items()}


# ------------------------------------------------------------------------------------------- screener
@never_cache
def start(request):  # type: ignore[no-untyped-def]
    return render(request, "screener/start.html")


@never_cache
def begin(request):  # type: ignore[no-untyped-def]
    live = queries.live_definition()
    journey.start_screener(request.session, live.pk)
    return redirect("screener:question", question_id=services.engine_definition(live).start)


@never_cache
def question(request, question_id: str):  # type: ignore[no-untyped-def]
    loaded = _loaded(request)
    if loaded is None:
        return redirect("screener:begin")
    _, definition = loaded
    asked = definition.get_question(question_id)
    if asked is None:
        raise Http404
    today = timezone.localdate()
    answers = dict(journey.screener_answers(request.session))
    progress = engine.run(definition, answers, today)
    path = list(progress.path)
    current = progress.question.id if progress.question else None
    if question_id not in path and question_id != current:
        # A jump to a later page, or to another branch: go where the answers really lead
        return redirect(_where(progress))
    position = path.index(question_id) if question_id in path else len(path)
    back_url = (
        reverse("screener:question", args=[path[position - 1]]) if position > 0 else reverse("screener:start")
    )
    if request.method == "POST":
        form = QuestionForm(asked, request.POST)
        value, error = engine.validate_answer(asked, form.raw_answer(), today)
        if error:
            form.set_error(error)
            return render(
                request, "screener/question.html", {"form": form, "question": asked, "back_url": back_url}
            )
        new = engine.to_jsonable(value)
        if question_id in path and answers.get(question_id) != new:
            for later in path[position + 1 :]:  # a changed answer: the answers after it may no longer fit
                answers.pop(later, None)
        answers[question_id] = new
        after = engine.run(definition, answers, today)
        kept = set(after.path)
        journey.store_answers(request.session, {key: v for key, v in answers.items() if key in kept})
        was_emergency = progress.outcome and progress.outcome.route is engine.Route.EMERGENCY
        if after.outcome and after.outcome.route is engine.Route.EMERGENCY and not was_emergency:
            services.count_emergency_route(today)
        new_path = list(after.path)
        index = new_path.index(question_id)
        if index + 1 < len(new_path):
            return redirect("screener:question", question_id=new_path[index + 1])
        return redirect(_where(after))
    form = QuestionForm(asked, initial=initial_for(asked, answers.get(question_id)))
    return render(request, "screener/question.html", {"form": form, "question": asked, "back_url": back_url})


@never_cache
def outcome(request):  # type: ignore[no-untyped-def]
    loaded = _loaded(request)
    if loaded is None:
        return redirect("screener:start")
    version, definition = loaded
    progress = engine.run(definition, journey.screener_answers(request.session), timezone.localdate())
    if not progress.finished or progress.outcome is None:
        return redirect(_where(progress))
    result = progress.outcome
    context = {
        "outcome": result,
        "page": result.page,
        "route": result.route.value,
        "kind": journey.KIND_FOR_ROUTE.get(result.route, ""),
        "answers": presenters.answer_rows(
            progress, change_url=lambda qid: reverse("screener:question", args=[qid])
        ),
        "back_url": reverse("screener:question", args=[progress.path[-1]]),
        "definition": definition,
    }
    if result.route in signposting.SIGNPOSTING_ROUTES:
        # The postcode is only used for this search: it is not stored
        postcode = request.GET.get("postcode", "").strip()[:12]
        context["postcode"] = postcode
        context["suggested_services"] = services_for_need(
            signposting.directory_categories(progress),
            child_age=signposting.child_age_in_years(progress, timezone.localdate()),
            postcode=postcode or None,
            limit=5,
        )
    return render(request, "screener/outcome.html", context)


# -------------------------------------------------------------------------------------------- requests
# What can help a social worker find a child when the referrer does not know the family
FINDING_FIELDS = ("given_name", "family_name", "address", "description", "school", "gp", "nhs_number", "upn")


@dataclass
class Journey:
    version: DefinitionVersion
    definition: engine.Definition
    progress: engine.Progress
    kind: str
    state: dict[str, Any]
    today: date
    audience: str = ""

    @property
    def data(self) -> dict[str, Any]:
        return self.state["data"]  # type: ignore[no-any-return]

    @property
    def kind_label(self) -> str:
        return "request for early help" if self.kind == RequestKind.EARLY_HELP else "request for service"


def _journey(request) -> tuple[Journey | None, HttpResponse | None]:  # type: ignore[no-untyped-def]
    loaded = _loaded(request)
    if loaded is None:
        return None, redirect("screener:start")
    version, definition = loaded
    today = timezone.localdate()
    progress = engine.run(definition, journey.screener_answers(request.session), today)
    kind = journey.KIND_FOR_ROUTE.get(progress.outcome.route) if progress.outcome else None
    if kind is None:
        # Only the answers decide if a request can be made: a URL typed in or a changed answer cannot
        return None, redirect(_where(progress))
    audience = journey.audience_of(dict(progress.answers_to_store()))
    state = journey.request_state(request.session)
    return Journey(version, definition, progress, kind, state, today, audience), None


def _save(request, flow: Journey) -> None:  # type: ignore[no-untyped-def]
    journey.save_request_state(request.session, flow.state)


def _back_url(section: journey.Section, audience: str = "", kind: str = "") -> str:
    position = journey.SECTIONS.index(section)
    earlier = [s for s in journey.SECTIONS[:position] if not s.skipped(audience, kind)]
    if not earlier:
        return reverse("screener:request")
    previous = earlier[-1]
    if previous.repeater:
        return reverse("screener:list", args=[previous.key])
    return reverse("screener:section", args=[previous.key])


def _context(flow: Journey, **extra: Any) -> dict[str, Any]:
    return {
        "kind": flow.kind,
        "kind_label": flow.kind_label,
        "contacts": _contacts(flow.definition),
        "audience": flow.audience,
        "public": flow.audience in journey.PUBLIC_AUDIENCES,
        "anonymous": flow.audience == journey.ANONYMOUS,
        "asks_consent": not journey.BY_KEY["consent"].skipped(flow.audience, flow.kind),
        **extra,
    }


def _after_save(request, flow: Journey) -> HttpResponse:  # type: ignore[no-untyped-def]
    if "save_for_later" in request.POST:
        return redirect("screener:save")
    return redirect(journey.next_step_url(flow.data, flow.kind, flow.today, flow.audience))


@never_cache
def request_start(request):  # type: ignore[no-untyped-def]
    flow, response = _journey(request)
    if flow is None:
        return response
    started = any(flow.data.get(section.key) for section in journey.SECTIONS)
    return render(
        request,
        "screener/request/start.html",
        _context(flow, started=started, next_url=reverse("screener:request_continue")),
    )


@never_cache
def request_continue(request):  # type: ignore[no-untyped-def]
    flow, response = _journey(request)
    if flow is None:
        return response
    return redirect(journey.next_step_url(flow.data, flow.kind, flow.today, flow.audience))


def _repeater(key: str) -> journey.Section:
    if key not in journey.REPEATERS:
        raise Http404
    return journey.BY_KEY[key]


@never_cache
def item_list(request, key: str):  # type: ignore[no-untyped-def]
    section = _repeater(key)
    flow, response = _journey(request)
    if flow is None:
        return response
    if not journey.reachable(section, flow.data, flow.kind, flow.today, flow.audience):
        return redirect(journey.next_step_url(flow.data, flow.kind, flow.today, flow.audience))
    entries = journey.items(flow.data, section)
    error = ""
    if request.method == "POST":
        if len(entries) < section.min_items:
            error = f"Add at least one {section.item_name}"
        else:
            flow.data[f"{key}_done"] = True
            _save(request, flow)
            return _after_save(request, flow)
    cards = []
    for index, raw in enumerate(entries, start=1):
        form = journey.bind(section, flow.kind, raw, flow.today, flow.audience)
        form.is_valid()
        cleaned = presenters.jsonable_cleaned(form)
        cards.append(
            presenters.Card(
                presenters._item_title(section, index, cleaned),
                presenters._rows(section, flow.kind, cleaned, audience=flow.audience),
                change_url=reverse("screener:item", args=[key, index]),
                remove_url=reverse("screener:remove", args=[key, index]),
            )
        )
    return render(
        request,
        "screener/request/list.html",
        _context(
            flow,
            section=section,
            cards=cards,
            error=error,
            add_url=reverse("screener:item", args=[key, len(entries) + 1])
            if len(entries) < section.max_items
            else "",
            back_url=_back_url(section, flow.audience, flow.kind),
        ),
    )


@never_cache
def item(request, key: str, index: int):  # type: ignore[no-untyped-def]
    section = _repeater(key)
    flow, response = _journey(request)
    if flow is None:
        return response
    if not journey.reachable(section, flow.data, flow.kind, flow.today, flow.audience):
        return redirect(journey.next_step_url(flow.data, flow.kind, flow.today, flow.audience))
    entries = journey.items(flow.data, section)
    if index < 1 or index > len(entries) + 1 or index > section.max_items:
        return redirect("screener:list", key=key)
    existing = entries[index - 1] if index <= len(entries) else None
    if request.method == "POST":
        raw = raw_data(section.form_for(flow.kind, flow.audience), request.POST)
        form = journey.bind(section, flow.kind, raw, flow.today, flow.audience)
        if form.is_valid():
            if existing is None:
                entries.append(raw)
            else:
                entries[index - 1] = raw
            flow.data[key] = entries
            _save(request, flow)
            if "save_for_later" in request.POST:
                return redirect("screener:save")
            return redirect("screener:list", key=key)
    else:
        known = (
            journey.child_from_screener(flow.progress.answers_to_store())
            if key == "children" and index == 1 and existing is None
            else None
        )
        form = journey.bind(section, flow.kind, existing, flow.today, flow.audience, initial=known)
    back_url = (
        reverse("screener:list", args=[key]) if entries else _back_url(section, flow.audience, flow.kind)
    )
    return render(
        request,
        "screener/request/item.html",
        _context(flow, form=form, section=section, index=index, back_url=back_url, is_new=existing is None),
    )


@require_POST
def remove(request, key: str, index: int):  # type: ignore[no-untyped-def]
    section = _repeater(key)
    flow, response = _journey(request)
    if flow is None:
        return response
    entries = journey.items(flow.data, section)
    if 1 <= index <= len(entries):
        del entries[index - 1]
        flow.data[key] = entries
        _save(request, flow)
    return redirect("screener:list", key=key)


@never_cache
def section_page(request, key: str):  # type: ignore[no-untyped-def]
    section = journey.BY_KEY.get(key)
    if section is None or section.repeater:
        raise Http404
    flow, response = _journey(request)
    if flow is None:
        return response
    if not journey.reachable(section, flow.data, flow.kind, flow.today, flow.audience):
        return redirect(journey.next_step_url(flow.data, flow.kind, flow.today, flow.audience))
    if request.method == "POST":
        raw = raw_data(section.form_for(flow.kind, flow.audience), request.POST)
        form = journey.bind(section, flow.kind, raw, flow.today, flow.audience)
        if form.is_valid():
            flow.data[key] = raw
            _save(request, flow)
            return _after_save(request, flow)
    else:
        stored = flow.data.get(key)
        form = journey.bind(
            section, flow.kind, stored if isinstance(stored, dict) else None, flow.today, flow.audience
        )
    return render(
        request,
        "screener/request/section.html",
        _context(
            flow,
            form=form,
            section=section,
            title=journey.section_title(section, flow.kind, flow.audience),
            back_url=_back_url(section, flow.audience, flow.kind),
        ),
    )


@never_cache
def no_consent(request):  # type: ignore[no-untyped-def]
    flow, response = _journey(request)
    if flow is None:
        return response
    if flow.kind != RequestKind.EARLY_HELP:
        return redirect("screener:request_continue")
    return render(request, "screener/request/no_consent.html", _context(flow))


@safe_to_run_again  # the request is kept by its submission key: a second run finds it and says it was sent
@never_cache
def check(request):  # type: ignore[no-untyped-def]
    submitted = request.session.get(SUBMITTED_KEY) or {}
    posted_key = request.POST.get("submission_key") if request.method == "POST" else None
    if posted_key and submitted.get("submission_key") == posted_key:
        return redirect("screener:sent")  # a second click on "Send request"
    flow, response = _journey(request)
    if flow is None:
        return response
    cleaned = journey.cleaned_request(flow.data, flow.kind, flow.today, flow.audience)
    if cleaned is None:
        return redirect(journey.next_step_url(flow.data, flow.kind, flow.today, flow.audience))
    key = str(flow.state["submission_key"])
    if request.method == "POST":
        limited = public_forms.rate_limited(
            request, "send_request", email=str(cleaned["referrer"].get("email") or "")
        )
        if limited:
            return public_forms.too_many_attempts(
                request, limited, back_url=reverse("screener:check"), back_label="Go back to your request"
            )
        if SubmitRequestForm(request.POST).filled_by_a_bot():
            return _confirm_without_keeping(request, flow, key)
        try:
            contact, _ = services.submit_request(
                definition=flow.version,
                answers=flow.progress.answers_to_store(),
                data=cleaned,
                submission_key=uuid.UUID(key),
                draft_id=uuid.UUID(flow.state["draft_id"]) if flow.state.get("draft_id") else None,
            )
        except services.NotARequestRoute:
            return redirect("screener:outcome")
        except services.NoConsent:
            return redirect("screener:no_consent")
        request.session[SUBMITTED_KEY] = {
            "reference": contact.reference,
            "kind": flow.kind,
            "submission_key": key,
            "emailed": bool(cleaned["referrer"].get("email")),
            "anonymous": flow.audience == journey.ANONYMOUS,
            "asks_consent": not journey.BY_KEY["consent"].skipped(flow.audience, flow.kind),
            "social_work_line": _contacts(flow.definition).get("social_work_line", {}).get("phone", ""),
        }
        request.session.pop(journey.REQUEST_KEY, None)
        request.session.pop(journey.SCREENER_KEY, None)
        return redirect("screener:sent")
    sections = presenters.request_sections(
        flow.kind,
        cleaned,
        audience=flow.audience,
        urls=lambda k: reverse("screener:list" if k in journey.REPEATERS else "screener:section", args=[k]),
        item_urls=lambda k, i: reverse("screener:item", args=[k, i]),
    )
    form = SubmitRequestForm(initial={"submission_key": key})
    return render(
        request,
        "screener/request/check.html",
        _context(
            flow,
            sections=sections,
            form=form,
            answers=presenters.answer_rows(flow.progress),
            outcome=flow.progress.outcome,
            unsafe=cleaned["safety"].get("safe_tonight") != "yes",
            unfindable=not any(child.get(field) for child in cleaned["children"] for field in FINDING_FIELDS),
            back_url=reverse("screener:section", args=["referrer"]),
        ),
    )


def _confirm_without_keeping(request, flow: Journey, key: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    """A bot filled the honeypot: the same confirmation a person sees, with a made-up reference; no contact is
    made and nobody is emailed."""
    public_forms.log_honeypot("send_request")
    request.session[SUBMITTED_KEY] = {
        "reference": new_reference(),
        "kind": flow.kind,
        "submission_key": key,
        "emailed": False,
        "anonymous": flow.audience == journey.ANONYMOUS,
        "asks_consent": False,
        "social_work_line": "",
    }
    request.session.pop(journey.REQUEST_KEY, None)
    request.session.pop(journey.SCREENER_KEY, None)
    return redirect("screener:sent")


@never_cache
def sent(request):  # type: ignore[no-untyped-def]
    submitted = request.session.get(SUBMITTED_KEY)
    if not submitted:
        return redirect("screener:start")
    return render(request, "screener/request/sent.html", submitted)


@never_cache
def save(request):  # type: ignore[no-untyped-def]
    flow, response = _journey(request)
    if flow is None:
        return response
    if request.method == "POST":
        form = SaveForLaterForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            limited = public_forms.rate_limited(request, "save_for_later", email=email)
            if limited:
                request.session[TYPED_EMAIL_KEY] = email
                return public_forms.too_many_attempts(
                    request,
                    limited,
                    back_url=reverse("screener:save"),
                    back_label="Go back to saving your request",
                )
            if form.filled_by_a_bot():
                public_forms.log_honeypot("save_for_later")
                request.session[SAVED_KEY] = email
                return redirect("screener:saved")
            saved = services.save_draft(
                draft_id=uuid.UUID(flow.state["draft_id"]) if flow.state.get("draft_id") else None,
                kind=flow.kind,
                definition=flow.version,
                answers=flow.progress.answers_to_store(),
                data={**flow.data, "_submission_key": str(flow.state["submission_key"])},
                email=form.cleaned_data["email"],
                # The configured address, never the request's Host header (which anyone can set)
                link_for=lambda token: (
                    settings.FRONTDOOR_SITE_URL.rstrip("/") + reverse("screener:resume", args=[token])
                ),
            )
            flow.state["draft_id"] = str(saved.draft.pk)
            _save(request, flow)
            request.session[SAVED_KEY] = form.cleaned_data["email"]
            request.session.pop(TYPED_EMAIL_KEY, None)
            return redirect("screener:saved")
    else:
        referrer = flow.data.get("referrer") if isinstance(flow.data.get("referrer"), dict) else {}
        typed = request.session.get(TYPED_EMAIL_KEY) or referrer.get("email", "")
        form = SaveForLaterForm(initial={"email": typed})
    return render(
        request,
        "screener/request/save.html",
        _context(flow, form=form, back_url=reverse("screener:request_continue")),
    )


@never_cache
def saved(request):  # type: ignore[no-untyped-def]
    email = request.session.get(SAVED_KEY)
    if not email:
        return redirect("screener:start")
    return render(request, "screener/request/saved.html", {"email": email, "days": services.DRAFT_DAYS})


@never_cache
def resume(request, token: str):  # type: ignore[no-untyped-def]
    if request.method == "POST":
        limited = public_forms.rate_limited(request, "resume_draft")
        if limited:
            return public_forms.too_many_attempts(
                request, limited, back_url=request.path, back_label="Try the link again"
            )
    try:
        draft = services.resume_draft(token) if request.method == "POST" else services.find_draft(token)
    except services.DraftLinkProblem as problem:
        status = 404 if problem.reason == "unknown" else 410
        return render(
            request, "screener/request/link_problem.html", {"reason": problem.reason}, status=status
        )
    if request.method == "POST":
        data = dict(draft.data)
        submission_key = str(data.pop("_submission_key", "") or uuid.uuid4())
        request.session[journey.SCREENER_KEY] = {
            "definition_id": str(draft.definition_id),
            "answers": draft.answers,
        }
        request.session[journey.REQUEST_KEY] = {
            "data": data,
            "submission_key": submission_key,
            "draft_id": str(draft.pk),
        }
        return redirect("screener:request_continue")
    return render(
        request,
        "screener/request/resume.html",
        {"draft": draft, "kind_label": presenters.request_kind_label(draft.kind).split(" (")[0].lower()},
    )


# ------------------------------------------------------------------------------------------------ staff
@login_required
def definitions(request):  # type: ignore[no-untyped-def]
    versions = list(queries.definition_versions_for(request.user))
    if not versions:
        queries.live_definition()
        versions = list(queries.definition_versions_for(request.user))
    return render(request, "screener/admin/definitions.html", {"versions": versions})


@login_required
def upload(request):  # type: ignore[no-untyped-def]
    if not request.user.has_perm("screener.manage_definitions"):
        raise PermissionDenied
    if request.method == "POST":
        form = UploadDefinitionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = services.upload_definition(
                    user=request.user,
                    yaml_text=form.cleaned_data["file"],
                    make_live=form.cleaned_data["make_live"] == "yes",
                )
            except services.DefectiveDefinition as defect:
                count = len(defect.problems)
                form.add_error(
                    "file",
                    f"The file has {count} problem{'s' if count != 1 else ''}, so it has not been uploaded",
                )
                for problem in defect.problems:
                    form.add_error("file", problem)
            except services.DuplicateVersion as duplicate:
                form.add_error(
                    "file", f"Version {duplicate} has already been uploaded. Change the version in the file"
                )
            else:
                live = " and made it live" if version.is_live else ""
                messages.success(request, f"Uploaded version {version.version}{live}")
                return redirect("screener_admin:definitions")
    else:
        form = UploadDefinitionForm()
    return render(request, "screener/admin/upload.html", {"form": form})


@login_required
def definition(request, version_id: uuid.UUID):  # type: ignore[no-untyped-def]
    version = queries.definition_version_for(request.user, version_id)
    if version is None:
        raise Http404
    summary = services.definition_summary(version)
    return render(request, "screener/admin/definition.html", {"version": version, "summary": summary})


@login_required
@require_POST
def make_live(request, version_id: uuid.UUID):  # type: ignore[no-untyped-def]
    version = queries.definition_version_for(request.user, version_id)
    if version is None:
        raise Http404
    try:
        services.make_definition_live(user=request.user, version=version)
    except services.DefectiveDefinition:
        messages.error(request, f"Version {version.version} has problems, so it cannot go live")
    else:
        messages.success(request, f"Version {version.version} is now live")
    return redirect("screener_admin:definitions")
