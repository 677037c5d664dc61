"""Staff upload definition versions: the check runs first, a defective file never goes live, versions are kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from frontdoor.screener.models import DefinitionVersion, Screening
from frontdoor.screener.services import DefectiveDefinition, make_definition_live
from tests.conftest import signed_in
from tests.screener import builders
from tests.screener.web.journey import fill_request, screen_to, send


def yaml_file(text: str, name: str = "northshire.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="application/x-yaml")


def upload(client, text, make_live="yes", name="northshire.yaml"):
    return client.post(
        reverse("screener_admin:upload"), {"file": yaml_file(text, name), "make_live": make_live}
    )


def defective() -> str:
    data = builders.base()
    data["version"] = "2026-03-01.1"
    builders.question(data, "area")["next"][0] = {
        "when": {"question": "area", "equals": "bruises"},
        "goto": "nowhere",
    }
    return builders.to_yaml(data)


def valid(version: str) -> str:
    data = builders.base()
    data["version"] = version
    return builders.to_yaml(data)


def test_only_administrators_manage_definitions(client, social_worker, db):
    assert client.get(reverse("screener_admin:definitions")).status_code == 302  # sign in first
    signed_in(client, social_worker)
    assert client.get(reverse("screener_admin:definitions")).status_code == 403
    assert client.get(reverse("screener_admin:upload")).status_code == 403


def test_the_list_shows_the_shipped_default_as_live(client, administrator):
    body = signed_in(client, administrator).get(reverse("screener_admin:definitions")).content.decode()
    assert "2026-12-03.1" in body and "Live" in body and "(shipped default)" in body


def test_a_defective_file_shows_each_problem_and_is_never_stored(client, administrator, default_version):
    signed_in(client, administrator)
    response = upload(client, defective())
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body and "<title>Error: " in body
    assert "so it has not been uploaded" in body and "nowhere" in body and "bruises" in body
    assert (
        DefinitionVersion.objects.count() == 1
        and DefinitionVersion.objects.get(is_live=True) == default_version
    )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"council: [unclosed", "bad.yaml", "not valid YAML"),
        (b"\xff\xfe\x00", "bad.yaml", "must be text saved as UTF-8"),
        (b"council: x", "notes.txt", "must be a .yaml or .yml file"),
    ],
)
def test_unreadable_files_are_errors_not_crashes(
    client, administrator, default_version, content, name, message
):
    signed_in(client, administrator)
    response = client.post(
        reverse("screener_admin:upload"), {"file": SimpleUploadedFile(name, content), "make_live": "yes"}
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert DefinitionVersion.objects.count() == 1


def test_a_valid_file_is_stored_and_goes_live_or_waits(client, administrator, default_version):
    signed_in(client, administrator)
    assert upload(client, valid("2026-04-01.1"), make_live="no").status_code == 302
    assert DefinitionVersion.objects.get(version="2026-04-01.1").is_live is False
    assert upload(client, valid("2026-04-02.1")).status_code == 302
    assert DefinitionVersion.objects.get(is_live=True).version == "2026-04-02.1"
    body = upload(client, valid("2026-04-02.1")).content.decode()
    assert "Version 2026-04-02.1 has already been uploaded" in body
    # An earlier version can be made live again
    client.post(reverse("screener_admin:make_live", args=[default_version.pk]))
    assert DefinitionVersion.objects.get(is_live=True) == default_version
    assert DefinitionVersion.objects.count() == 3
    page = client.get(reverse("screener_admin:definition", args=[default_version.pk]))
    assert "Distinct paths" in page.content.decode()


def test_a_stored_version_that_has_become_defective_cannot_go_live(administrator, default_version):
    broken = DefinitionVersion.objects.create(
        council="Testshire Council",
        version="x",
        yaml_text=defective(),
        uploaded_at=default_version.uploaded_at,
    )
    with pytest.raises(DefectiveDefinition):
        make_definition_live(user=administrator, version=broken)
    assert DefinitionVersion.objects.get(is_live=True) == default_version


def test_contacts_keep_the_version_they_were_screened_with(client, teams, default_version, administrator):
    screen_to(client, "CSC")
    fill_request(client)
    send(client)
    signed_in(client.__class__(), administrator)
    from frontdoor.screener.services import upload_definition

    upload_definition(user=administrator, yaml_text=valid("2026-05-01.1"), make_live=True)
    screening = Screening.objects.get()
    assert screening.definition == default_version and screening.definition_version == "2026-12-03.1"


def test_screener_check_command(tmp_path, default_version, capsys):
    call_command("screener_check")
    assert "OK" in capsys.readouterr().out
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(valid("1"))
    bad.write_text(defective())
    call_command("screener_check", str(good))
    with pytest.raises(CommandError, match="have problems"):
        call_command("screener_check", str(good), str(bad))
    assert "nowhere" in capsys.readouterr().err
    with pytest.raises(CommandError, match="cannot read"):
        call_command("screener_check", str(tmp_path / "missing.yaml"))
