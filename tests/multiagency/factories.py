"""Factories for multi-agency tests, with traits for the states a user would notice. Synthetic data only."""

from __future__ import annotations

import uuid
from datetime import timedelta

import factory
from django.utils import timezone

from frontdoor.core.calendar import decision_due
from frontdoor.core.codes import Channel, ReferralSource
from frontdoor.core.references import new_reference
from frontdoor.intake.models import Contact, ContactChild
from frontdoor.multiagency.models import InformationRequest, LawfulBasis, PartnerAgency
from frontdoor.multiagency.services.requests import hash_token


class PartnerAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAgency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Testshire Agency {n}")
    kind = PartnerAgency.Kind.OTHER
    contact_name = "Pat Partner"
    contact_email = factory.Sequence(lambda n: f"partner{n}@agency.example")

    class Params:
        police = factory.Trait(
            name="Testshire Police MASH", kind=PartnerAgency.Kind.POLICE, contact_email="mash@police.example"
        )
        health = factory.Trait(
            name="Testshire Health Visiting",
            kind=PartnerAgency.Kind.HEALTH_VISITING,
            contact_email="hv@health.example",
        )
        school = factory.Trait(
            name="Testfield Primary School",
            kind=PartnerAgency.Kind.SCHOOL,
            contact_email="dsl@school.example",
        )
        retired = factory.Trait(active=False)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    reference = factory.LazyFunction(new_reference)
    channel = Channel.PHONE
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=30))
    decision_due_at = factory.LazyAttribute(lambda o: decision_due(o.received_at))
    concern = "A synthetic concern: bruising seen at school."
    referrer_name = "Rita Referrer"
    referrer_email = "rita@school.example"
    referral_source = ReferralSource.SCHOOLS
    urgency = Contact.Urgency.AMBER
    submission_key = factory.LazyFunction(uuid.uuid4)
    child = factory.RelatedFactory(
        "tests.multiagency.factories.ContactChildFactory", factory_related_name="contact"
    )

    class Params:
        red = factory.Trait(urgency=Contact.Urgency.RED)
        green = factory.Trait(urgency=Contact.Urgency.GREEN)


class ContactChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactChild

    given_name = "Ava"
    family_name = "Example"
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365 * 6))


class InformationRequestFactory(factory.django.DjangoModelFactory):
    """A request as sent; `token` (a plain string) is what its link carries."""

    class Meta:
        model = InformationRequest
        exclude = ("token",)

    token = factory.Sequence(lambda n: f"test-token-{n}-{uuid.uuid4().hex}")
    agency = factory.SubFactory(PartnerAgencyFactory, police=True)
    agency_name = factory.LazyAttribute(lambda o: o.agency.name)
    agency_kind = factory.LazyAttribute(lambda o: o.agency.kind)
    sent_to_email = factory.LazyAttribute(lambda o: o.agency.contact_email)
    question = "Any police call-outs to the home in the last year?"
    lawful_basis = LawfulBasis.DUTY_TO_SHARE
    sent_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=3))
    timescale = "1 working day"
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))
    link_expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))

    class Params:
        overdue = factory.Trait(
            sent_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=2)),
            due_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2)),
        )
        expired = factory.Trait(
            link_expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
        )
        replied = factory.Trait(
            status=InformationRequest.Status.REPLIED,
            reply=InformationRequest.Reply.SHARED,
            reply_text="Two call-outs for shouting, no arrests.",
            replied_by_name="PC Test",
            replied_at=factory.LazyFunction(timezone.now),
        )
