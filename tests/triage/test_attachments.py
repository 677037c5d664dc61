"""Attachments: PDF and images only, by content; a size limit; stored through Django's storage API under a
random name; every download access-logged; a printable record marked OFFICIAL-SENSITIVE."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from frontdoor.core.models import AccessEvent, AuditEvent
from frontdoor.intake.models import Contact
from frontdoor.triage import services
from frontdoor.triage.models import ContactAttachment
from tests.conftest import signed_in

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _attachments_in_a_temporary_folder(settings, tmp_path):
    settings.FRONTDOOR_ATTACHMENTS_DIR = tmp_path / "attachments"
    return settings.FRONTDOOR_ATTACHMENTS_DIR


def test_a_pdf_is_stored_under_a_random_name_and_audited(chat, social_worker, make_contact, tmp_path):
    contact = make_contact(chat)
    attachment = services.attach_file(
        contact=contact,
        user=social_worker,
        upload=SimpleUploadedFile("notification.pdf", PDF, "application/pdf"),
        description="Police notification",
    )
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    assert "notification" not in attachment.file.name and attachment.file.name.startswith(str(contact.pk))
    assert (tmp_path / "attachments" / attachment.file.name).read_bytes() == PDF
    event = AuditEvent.objects.get(action="attachment.added")
    assert event.after["sha256"] == attachment.sha256 and Contact.objects.get(pk=contact.pk).version == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notification.pdf", b"MZ\x90\x00 an executable pretending", "PDF, PNG or JPG"),
        ("photo.jpg", PDF, "what its name says"),  # a PDF named as a photograph
        ("script.html", b"<script>alert(1)</script>", "PDF, PNG or JPG"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_stored(
    chat, social_worker, make_contact, tmp_path, name, content, message
):
    contact = make_contact(chat)
    with pytest.raises(services.NotAllowed, match=message):
        services.attach_file(contact=contact, user=social_worker, upload=SimpleUploadedFile(name, content))
    assert not ContactAttachment.objects.exists() and not (tmp_path / "attachments").exists()


def test_a_file_too_big_is_refused(chat, social_worker, make_contact, settings):
    settings.FRONTDOOR_ATTACHMENT_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.png", PNG + b"\x00" * (1024 * 1024))
    with pytest.raises(services.NotAllowed, match="smaller than 1 MB"):
        services.attach_file(contact=make_contact(chat), user=social_worker, upload=upload)


def test_the_page_refuses_a_disguised_file_beside_the_field_and_a_download_is_access_logged(
    client, chat, fast, social_worker, early_help_worker, make_contact
):
    contact = make_contact(chat)
    signed_in(client, social_worker)
    url = reverse("triage:attach", args=[contact.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": SimpleUploadedFile("note.png", b"GIF89a not a png")})
    body = response.content.decode()
    assert response.status_code == 400 and "govuk-file-upload--error" in body and "PDF, PNG or JPG" in body
    response = client.post(url, {"file": SimpleUploadedFile("photo.png", PNG), "description": "Photo"})
    assert response.status_code == 302
    attachment = ContactAttachment.objects.get()
    download = client.get(reverse("triage:attachment", args=[contact.pk, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert download["Content-Type"] == "image/png" and download["X-Content-Type-Options"] == "nosniff"
    assert 'attachment; filename="photo.png"' in download["Content-Disposition"]
    logged = AccessEvent.objects.filter(object_type="triage.ContactAttachment").get()
    assert logged.granted and logged.actor == social_worker
    # Another team sees nothing, and the attempt is logged too
    other = signed_in(type(client)(), early_help_worker)
    assert other.get(reverse("triage:attachment", args=[contact.pk, attachment.pk])).status_code == 404


def test_the_printable_record_is_marked_official_sensitive(client, chat, social_worker, make_contact):
    contact = make_contact(chat)
    body = signed_in(client, social_worker).get(reverse("triage:print", args=[contact.pk])).content.decode()
    assert body.count("OFFICIAL-SENSITIVE") >= 3 and contact.reference in body and "synthetic concern" in body


def test_a_full_storage_is_a_clear_message_beside_the_file_and_the_description_is_kept(
    client, chat, social_worker, make_contact, monkeypatch, tmp_path
):
    from frontdoor.triage import attachments
    from tests.ops.storages import FullDiskStorage

    monkeypatch.setattr(attachments, "attachment_storage", FullDiskStorage(location=tmp_path / "full"))
    contact = make_contact(chat)
    signed_in(client, social_worker)
    response = client.post(
        reverse("triage:attach", args=[contact.pk]),
        {"file": SimpleUploadedFile("photo.png", PNG), "description": "Photo of the bruise"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "The file could not be stored: the file storage is full. Nothing was attached." in body
    assert '<a href="#id_file">The file could not be stored' in body  # in the error summary
    assert "Photo of the bruise" in body  # what was typed is kept
    assert not ContactAttachment.objects.exists()
    assert (
        Contact.objects.get(pk=contact.pk).version == 1
        and not AuditEvent.objects.filter(action="attachment.added").exists()
    )
