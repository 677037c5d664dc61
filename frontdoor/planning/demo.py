"""Synthetic planning data for the demo: localities over Northshire's invented NS postcodes, eight weeks of
half-hourly call figures, and advice call-back slots for the coming week. Idempotent."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.feedback.models import AdviceSlot
from frontdoor.intake.models import Contact

from .models import CallImport, CallInterval, Locality
from .services import load_localities

LOCALITIES = """postcode_prefix,locality_code,locality_name
NS1,central,Central family hub area
NS2,central,Central family hub area
NS3,riverside,Riverside family hub area
NS4,riverside,Riverside family hub area
NS5,moorland,Moorland family hub area
NS6,coast,Coast family hub area
"""


def ensure_planning_demo(seed_value: int = 20261203) -> None:
    rng = random.Random(seed_value)
    if not Locality.objects.exists():
        load_localities(LOCALITIES)
        # The demo's contacts were made without postcodes: give them invented NS ones
        contacts = list(Contact.objects.filter(postcode="").only("pk", "postcode").order_by("reference"))
        for contact in contacts:
            contact.postcode = (
                f"NS{rng.randint(1, 6)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"
            )
        Contact.objects.bulk_update(contacts, ["postcode"], batch_size=1000)
    manager = User.objects.filter(username="team.manager").first()
    chat = Team.objects.filter(slug="chat").first()
    if manager is None or chat is None:
        return
    if not CallInterval.objects.exists():
        record = CallImport.objects.create(
            filename="demo-telephony.csv", imported_by=manager, imported_at=timezone.now(), intervals=0
        )
        today = timezone.localdate()
        intervals = []
        for day_back in range(1, 57):
            day = today - timedelta(days=day_back)
            if day.weekday() >= 5:
                continue
            for slot in range(16, 36):  # 08:00 to 18:00
                starts = timezone.make_aware(datetime.combine(day, time(slot // 2, 30 * (slot % 2))))
                peak = 1.6 if 18 <= slot <= 24 else 1.0
                offered = max(0, round(rng.gauss(3.5 * peak, 1.5)))
                abandoned = min(offered, rng.choice([0, 0, 0, 1]))
                intervals.append(
                    CallInterval(
                        starts_at=starts,
                        offered=offered,
                        answered=offered - abandoned,
                        abandoned=abandoned,
                        average_wait_seconds=round(rng.uniform(0.5, 25), 1),
                        average_handling_seconds=round(rng.uniform(360, 720)),
                        source=record,
                    )  # fmt: skip
                )
        CallInterval.objects.bulk_create(intervals)
        CallImport.objects.filter(pk=record.pk).update(intervals=len(intervals))
    if not AdviceSlot.objects.exists():
        tomorrow = timezone.localdate() + timedelta(days=1)
        for day in range(5):
            for hour in (10, 14):
                AdviceSlot.objects.get_or_create(
                    team=chat,
                    starts_at=timezone.make_aware(
                        datetime.combine(tomorrow + timedelta(days=day), time(hour))
                    ),
                    defaults={"minutes": 20, "created_by": manager, "created_at": timezone.now()},
                )
