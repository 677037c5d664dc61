import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from frontdoor.accounts.models import Team
from frontdoor.core.errors import Refused
from frontdoor.notify.models import OutboxMessage

from . import presenters, queries, services
from .forms import IssueTokenForm


@login_required
def deliveries(request):
    channel = (
        request.GET.get("channel") if request.GET.get("channel") in OutboxMessage.Channel.values else None
    )
    page = Paginator(queries.deliveries_for(request.user, channel=channel), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "partners/deliveries.html",
        {"page": page, "rows": presenters.rows(list(page)), "channel": channel},
    )


@login_required
def delivery(request, message_id: uuid.UUID):
    message = queries.delivery_for(request.user, message_id)
    if message is None:
        raise Http404
    return render(request, "partners/delivery.html", {"row": presenters.rows([message])[0]})


def _posted(request):  # type: ignore[no-untyped-def]
    return request.POST if request.method == "POST" else None


@login_required
def partners(request):
    """Partner systems, their tokens and webhooks; an administrator issues a token here (shown once)."""
    everyone = queries.partners_for(request.user)
    form = IssueTokenForm(_posted(request), initial={"submission_key": uuid.uuid4()})
    issued = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team = Team.objects.get(slug=data["team"])
            partner = services.add_partner(user=request.user, name=data["partner"].strip(), team=team)
            issued = services.issue_token(
                user=request.user,
                partner=partner,
                scopes=data["scopes"],
                submission_key=data["submission_key"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            everyone = queries.partners_for(request.user)
            form = IssueTokenForm(initial={"submission_key": uuid.uuid4()})
    return render(request, "partners/partners.html", {"partners": everyone, "form": form, "issued": issued})


@login_required
@require_POST
def revoke(request, token_id: uuid.UUID):
    token = queries.token_to_revoke(request.user, token_id)
    if token is not None and services.revoke_token(user=request.user, token=token):
        messages.success(
            request, f"Token {token.prefix} of {token.partner} is revoked: calls with it now get a 401."
        )
    else:
        messages.error(request, "That token was already revoked.")
    return redirect("partners:partners")
