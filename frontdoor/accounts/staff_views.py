"""Administrators' pages for staff accounts (thin: parse, call the service, render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from frontdoor.core.errors import Refused

from . import queries, services
from . import sessions as staff_sessions
from .forms import StaffForm
from .models import User
from .presenters import present_sessions


def _member(request, pk) -> User:  # type: ignore[no-untyped-def]
    try:
        return queries.staff_member_for(request.user, pk)
    except User.DoesNotExist:
        raise Http404 from None


def _details(form: StaffForm, username: str = "") -> services.StaffDetails:
    data = form.cleaned_data
    return services.StaffDetails(
        username=data.get("username", username),
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"],
        role=data["role"],
        team=data["team"],
    )


@login_required
def staff_list(request):
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(queries.staff_for(request.user, search=search), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/staff_list.html", {"page": page, "search": search})


@login_required
def staff_new(request):
    queries.staff_for(request.user)  # the permission, before the form is shown
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_staff(actor=request.user, details=_details(form))
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"Account made for {user.display_name}: they have been emailed a link")
            return redirect("accounts:staff_member", user.pk)
    return render(request, "accounts/staff_form.html", {"form": form, "member": None})


@login_required
def staff_member(request, pk):
    member = _member(request, pk)
    initial = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "role": member.role,
        "team": member.team_id,
    }
    form = StaffForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_staff(actor=request.user, user=member, details=_details(form, member.username))
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"{member.username}'s account has been changed")
            return redirect("accounts:staff_member", member.pk)
    records = list(staff_sessions.active_for(member))
    return render(
        request,
        "accounts/staff_form.html",
        {
            "form": form,
            "member": member,
            "sessions": present_sessions(records, request.session.session_key),
            "has_second_factor": member.totpdevice_set.filter(confirmed=True).exists(),
        },
    )


def _action(request, pk, act, done: str):  # type: ignore[no-untyped-def]
    member = _member(request, pk)
    try:
        act(member)
    except Refused as refused:
        messages.error(request, refused.message)
    except PermissionDenied:
        raise
    else:
        messages.success(request, done.format(name=member.username))
    return redirect("accounts:staff_member", member.pk)


@login_required
@require_POST
def staff_close(request, pk):
    active = request.POST.get("active") == "yes"
    return _action(
        request,
        pk,
        lambda member: services.set_active(actor=request.user, user=member, active=active),
        "{name}'s account has been reopened" if active else "{name}'s account has been closed and signed out",
    )


@login_required
@require_POST
def staff_reset_second_factor(request, pk):
    return _action(
        request,
        pk,
        lambda member: services.reset_second_factor(actor=request.user, user=member),
        "{name} will set up a new authenticator app when they next sign in",
    )


@login_required
@require_POST
def staff_end_sessions(request, pk):
    return _action(
        request,
        pk,
        lambda member: staff_sessions.end_all_sessions(actor=request.user, user=member),
        "{name} has been signed out everywhere",
    )
