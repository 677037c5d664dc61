import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from frontdoor.notify.models import OutboxMessage

from . import presenters, queries


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
