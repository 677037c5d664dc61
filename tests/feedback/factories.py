"""Factories for referrer-facing tests, with traits for what a referrer would notice. Synthetic data only."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from frontdoor.feedback.models import AdviceSlot
from tests.multiagency.factories import ContactFactory as _ContactFactory


class ContactFactory(_ContactFactory):
    referrer_agency = "Testfield Primary"

    class Params:
        from_police = factory.Trait(
            referrer_name="PC Polly Constable",
            referrer_email="polly@police.example",
            referrer_agency="Testshire Police",
            referral_source="6",
        )
        last_year = factory.Trait(
            received_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=400))
        )
        no_email = factory.Trait(referrer_email="")


class AdviceSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdviceSlot

    starts_at = factory.Sequence(lambda n: timezone.now() + timedelta(days=1, minutes=30 * n))
    minutes = 20
    created_at = factory.LazyFunction(timezone.now)

    class Params:
        past = factory.Trait(starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)))
