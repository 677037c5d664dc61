"""Issue an API token to a partner system (made if new) for one team: the token is printed once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.accounts.models import Team
from frontdoor.core.errors import Refused
from frontdoor.partners import services
from frontdoor.partners.models import PartnerToken, Scope


class Command(BaseCommand):
    help = "Issue a partner API token: partner_token NAME --team SLUG --scope contacts:read [--scope …]; or --revoke PREFIX"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--team", help="The slug of the team whose contacts it reads")
        parser.add_argument("--scope", action="append", choices=Scope.values)
        parser.add_argument("--revoke", metavar="PREFIX", help="Revoke the partner's token with this prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["revoke"]:
            token = PartnerToken.objects.filter(
                partner__name=options["name"], prefix=options["revoke"]
            ).first()
            if token is None:
                raise CommandError(f"{options['name']} has no token {options['revoke']}")
            services.revoke_token(user=None, token=token)
            self.stdout.write(f"Revoked {token}: calls with it now get a 401.")
            return
        if not options["team"] or not options["scope"]:
            raise CommandError("Give --team and at least one --scope")
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(f"There is no team {options['team']!r}")
        try:
            partner = services.add_partner(user=None, name=options["name"], team=team)
            issued = services.issue_token(user=None, partner=partner, scopes=options["scope"])
        except Refused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Token for {partner} ({', '.join(issued.record.scopes)}); it is shown only now:")
        self.stdout.write(issued.token)
