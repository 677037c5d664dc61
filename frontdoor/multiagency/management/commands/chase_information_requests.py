from django.core.management.base import BaseCommand

from frontdoor.multiagency.services import chase_overdue_requests


class Command(BaseCommand):
    help = "Mark information requests past their due time overdue and chase each agency once."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"Information requests chased: {chase_overdue_requests()}")
