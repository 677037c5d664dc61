import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import queries
from .services import retry_failed_by


@login_required
def failed(request):
    page = Paginator(queries.failed_messages_for(request.user), 50).get_page(request.GET.get("page"))
    references = queries.contact_references([message.about_id for message in page])
    rows = [(message, references.get(message.about_id, "")) for message in page]
    return render(request, "notify/failed.html", {"page": page, "rows": rows})


@login_required
@require_POST
def retry(request, message_id: uuid.UUID):
    message = queries.failed_message_for(request.user, message_id)
    if message is not None and retry_failed_by(message=message, user=request.user):
        messages.success(request, f"The email to {message.to} will be sent again")
    else:
        messages.error(request, "That email is no longer failed: someone has already sent it again.")
    return redirect("notify:failed")
