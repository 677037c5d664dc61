import uuid

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from .forms import OnlineConcernForm
from .services import ChildDetails, ConcernDetails, record_online_concern

_SUBMITTED_SESSION_KEY = "submitted_contact_reference"


@never_cache
def concern(request):
    if request.method == "POST":
        form = OnlineConcernForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            details = ConcernDetails(
                children=[
                    ChildDetails(
                        data["child_given_name"], data["child_family_name"], data["child_date_of_birth"]
                    )
                ],
                concern=data["concern"],
                referrer_name=data["referrer_name"],
                referrer_email=data["referrer_email"],
                referrer_agency=data["referrer_agency"],
                referral_source=data["referral_source"],
            )
            contact, _ = record_online_concern(details, submission_key=data["submission_key"])
            # Only this browser may see the confirmation: references are not guessable links
            request.session[_SUBMITTED_SESSION_KEY] = contact.reference
            return redirect("intake:submitted")
        if "submission_key" in form.errors:
            # A tampered or missing key: give the form a fresh one rather than an error the user cannot fix
            form.data = form.data.copy()
            form.data["submission_key"] = str(uuid.uuid4())
    else:
        form = OnlineConcernForm(initial={"submission_key": uuid.uuid4()})
    return render(request, "intake/concern.html", {"form": form})


@never_cache
def submitted(request):
    reference = request.session.get(_SUBMITTED_SESSION_KEY)
    if not reference:
        return redirect("intake:concern")
    return render(request, "intake/submitted.html", {"reference": reference})
