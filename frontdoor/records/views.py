"""The subject access page: an administrator types a person's reference and downloads the export."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from frontdoor.core.permissions import Permission
from frontdoor.people.models import Person

from . import queries, subject_access


class SubjectAccessForm(forms.Form):
    reference = forms.CharField(
        label="Person reference",
        max_length=20,
        error_messages={"required": "Enter the person's reference"},
    )

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_reference(self) -> Person:
        person = queries.person_for_export(self.user, self.cleaned_data["reference"])
        if person is None:
            raise forms.ValidationError("No person has this reference: check it on the person's page")
        return person


@login_required
def subject_access_page(request):  # type: ignore[no-untyped-def]
    if not request.user.has_perm(Permission.EXPORT_SUBJECT_ACCESS):
        raise PermissionDenied
    form = SubjectAccessForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["reference"]
        data = subject_access.export(person, user=request.user)
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="subject-access-{person.reference}.zip"'
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "records/subject_access.html", {"form": form})
