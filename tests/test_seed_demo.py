import io

from django.core.management import call_command

from frontdoor.accounts.models import User
from frontdoor.directory.models import Service
from frontdoor.intake.models import Contact, ContactChild
from frontdoor.people.models import ContactPerson, Person
from frontdoor.triage.models import Decision


def test_seed_demo_builds_a_council_once(db, client):
    call_command("seed_demo", "--contacts", "60", "--open", "8")
    assert set(User.objects.values_list("username", flat=True)) == {
        "contact.officer",
        "social.worker",
        "early.help",
        "team.manager",
        "fast.manager",
        "analyst",
        "returns.officer",
        "admin",
    }
    assert Contact.objects.count() == 68
    # every historic contact is decided and agreed; one open contact in eight waits for oversight
    assert Decision.objects.filter(oversight="agreed").count() == 60
    assert Decision.objects.filter(oversight="pending").count() == 1
    assert Contact.objects.filter(status="in_progress").exists()
    # past contacts' children are known people; the directory is there to signpost to
    assert Person.objects.exists() and ContactPerson.objects.filter(person__isnull=False).exists()
    # a decision needs every child linked: every contact someone has started on has its children linked
    started = ContactChild.objects.exclude(contact__status="open")
    assert started.exists() and not started.filter(person_links__isnull=True).exists()
    assert Service.objects.count() > 100
    people, services = Person.objects.count(), Service.objects.count()
    call_command("seed_demo", "--contacts", "60", "--open", "8")
    assert Contact.objects.count() == 68  # idempotent
    assert (Person.objects.count(), Service.objects.count()) == (people, services)
    response = client.post("/staff/sign-in/", {"username": "social.worker", "password": "demo-password-123"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    # the published demo key gives the code: `manage.py demo_code` prints it
    out = io.StringIO()
    call_command("demo_code", stdout=out)
    code = out.getvalue().split()[0]
    response = client.post("/staff/sign-in/code/", {"code": code, "next": "/staff/"})
    assert response.status_code == 302 and client.get("/staff/").status_code == 200
