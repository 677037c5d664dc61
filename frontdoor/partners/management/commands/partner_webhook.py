"""Subscribe a partner's receiver to webhooks; the signing secret is printed once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.core.errors import Refused
from frontdoor.partners import services
from frontdoor.partners.models import Partner, WebhookEvent


class Command(BaseCommand):
    help = (
        "Subscribe a partner to webhooks: partner_webhook NAME --url URL --event contact.received [--event …]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--url", required=True)
        parser.add_argument("--event", action="append", choices=WebhookEvent.values, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        partner = Partner.objects.filter(name=options["name"]).first()
        if partner is None:
            raise CommandError(
                f"There is no partner {options['name']!r}: issue it a token first (partner_token)"
            )
        try:
            subscription = services.subscribe(
                user=None, partner=partner, url=options["url"], events=options["event"]
            )
        except Refused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Subscribed {partner} at {subscription.url}. Its signing secret, shown only now:")
        self.stdout.write(subscription.secret)
