from django.urls import reverse

from frontdoor.intake.models import Contact
from tests.screener.web.journey import fill_request, screen_to, send


def test_csc_request_end_to_end(client, chat, fast):
    screen_to(client, "CSC")
    assert "Talk to the social work line now" in client.get(reverse("screener:outcome")).content.decode()
    assert client.get(reverse("screener:request")).status_code == 200
    fill_request(client)
    page = client.get(reverse("screener:check"))
    assert page.status_code == 200, page.content.decode()[:3000]
    response = send(client)
    assert response.status_code == 302 and response.url == reverse("screener:sent")
    contact = Contact.objects.get()
    assert contact.team == chat
    assert contact.reference in client.get(reverse("screener:sent")).content.decode()
