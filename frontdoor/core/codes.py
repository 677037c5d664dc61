"""Code lists from the Children in Need census and front door practice (pure: no Django)."""

from __future__ import annotations

from enum import StrEnum


class ReferralSource(StrEnum):
    """CIN census ReferralSource (N00152)."""

    FAMILY_MEMBER = "1A"
    ACQUAINTANCE = "1B"
    SELF = "1C"
    INDIVIDUAL_OTHER = "1D"
    SCHOOLS = "2A"
    EDUCATION_SERVICES = "2B"
    GP = "3A"
    HEALTH_VISITOR = "3B"
    SCHOOL_NURSE = "3C"
    OTHER_PRIMARY_HEALTH = "3D"
    A_AND_E = "3E"
    HEALTH_OTHER = "3F"
    HOUSING = "4"
    LA_SOCIAL_CARE = "5A"
    LA_OTHER_INTERNAL = "5B"
    LA_EXTERNAL = "5C"
    LA_EARLY_HELP = "5D"
    POLICE = "6"
    OTHER_LEGAL_AGENCY = "7"
    OTHER = "8"
    ANONYMOUS = "9"
    UNKNOWN = "10"

    @property
    def label(self) -> str:
        return REFERRAL_SOURCE_LABELS[self]


REFERRAL_SOURCE_LABELS: dict[ReferralSource, str] = {
    ReferralSource.FAMILY_MEMBER: "Individual – family member, relative or carer",
    ReferralSource.ACQUAINTANCE: "Individual – acquaintance (including neighbours and child minders)",
    ReferralSource.SELF: "Individual – self",
    ReferralSource.INDIVIDUAL_OTHER: "Individual – other (including strangers)",
    ReferralSource.SCHOOLS: "Schools",
    ReferralSource.EDUCATION_SERVICES: "Education services",
    ReferralSource.GP: "Health services – GP",
    ReferralSource.HEALTH_VISITOR: "Health services – health visitor",
    ReferralSource.SCHOOL_NURSE: "Health services – school nurse",
    ReferralSource.OTHER_PRIMARY_HEALTH: "Health services – other primary health services",
    ReferralSource.A_AND_E: "Health services – A&E",
    ReferralSource.HEALTH_OTHER: "Health services – other (for example a hospice)",
    ReferralSource.HOUSING: "Housing – council housing or housing association",
    ReferralSource.LA_SOCIAL_CARE: "Council services – social care (for example adult social care)",
    ReferralSource.LA_OTHER_INTERNAL: "Council services – other (for example youth justice, not housing)",
    ReferralSource.LA_EXTERNAL: "Council services – another council's services",
    ReferralSource.LA_EARLY_HELP: "Council services – early help",
    ReferralSource.POLICE: "Police",
    ReferralSource.OTHER_LEGAL_AGENCY: "Other legal agency – courts, probation, immigration, Cafcass, prison",
    ReferralSource.OTHER: "Other – children's centres, independent providers, voluntary organisations",
    ReferralSource.ANONYMOUS: "Anonymous",
    ReferralSource.UNKNOWN: "Unknown",
}


class PrimaryNeed(StrEnum):
    """CIN census PrimaryNeedCode (N00101), highest first: where two fit, the first in this list wins."""

    ABUSE_OR_NEGLECT = "N1"
    CHILD_DISABILITY = "N2"
    PARENTAL_DISABILITY_OR_ILLNESS = "N3"
    FAMILY_IN_ACUTE_STRESS = "N4"
    FAMILY_DYSFUNCTION = "N5"
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = "N6"
    LOW_INCOME = "N7"
    ABSENT_PARENTING = "N8"
    NOT_CHILD_IN_NEED = "N9"
    NOT_STATED = "N0"

    @property
    def label(self) -> str:
        return PRIMARY_NEED_LABELS[self]


PRIMARY_NEED_LABELS: dict[PrimaryNeed, str] = {
    PrimaryNeed.ABUSE_OR_NEGLECT: "Abuse or neglect",
    PrimaryNeed.CHILD_DISABILITY: "Child's disability",
    PrimaryNeed.PARENTAL_DISABILITY_OR_ILLNESS: "Parental disability or illness",
    PrimaryNeed.FAMILY_IN_ACUTE_STRESS: "Family in acute stress",
    PrimaryNeed.FAMILY_DYSFUNCTION: "Family dysfunction",
    PrimaryNeed.SOCIALLY_UNACCEPTABLE_BEHAVIOUR: "Socially unacceptable behaviour",
    PrimaryNeed.LOW_INCOME: "Low income",
    PrimaryNeed.ABSENT_PARENTING: "Absent parenting",
    PrimaryNeed.NOT_CHILD_IN_NEED: "Cases other than children in need",
    PrimaryNeed.NOT_STATED: "Not stated",
}


class Outcome(StrEnum):
    """What the front door decided for a contact."""

    NO_FURTHER_ACTION = "nfa"
    ADVICE_OR_SIGNPOST = "advice"  # information and advice (the value predates a separate signpost)
    SIGNPOST = "signpost"
    EARLY_HELP = "early_help"
    CHILD_AND_FAMILY_ASSESSMENT = "assessment"
    STRATEGY_DISCUSSION = "strategy"
    ALREADY_OPEN = "already_open"
    LADO = "lado"
    PRIVATE_FOSTERING = "private_fostering"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def is_social_care_referral(self) -> bool:
        """A referral to children's social care (CIN census). Not for a child whose case is already open,
        nor a LADO allegation (about an adult). A private fostering notification is assessed by a social
        worker, so it is a referral."""
        return self in (
            Outcome.CHILD_AND_FAMILY_ASSESSMENT,
            Outcome.STRATEGY_DISCUSSION,
            Outcome.PRIVATE_FOSTERING,
        )

    @property
    def needs_social_care_team(self) -> bool:
        """Only the social care front door may decide this; an early help team must step the contact up."""
        return self not in (
            Outcome.NO_FURTHER_ACTION,
            Outcome.ADVICE_OR_SIGNPOST,
            Outcome.SIGNPOST,
            Outcome.EARLY_HELP,
        )


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.NO_FURTHER_ACTION: "No further action",
    Outcome.ADVICE_OR_SIGNPOST: "Information and advice",
    Outcome.SIGNPOST: "Signpost to universal services",
    Outcome.EARLY_HELP: "Early help",
    Outcome.CHILD_AND_FAMILY_ASSESSMENT: "Child and family assessment",
    Outcome.STRATEGY_DISCUSSION: "Strategy discussion (section 47)",
    Outcome.ALREADY_OPEN: "Already open – pass to the allocated worker",
    Outcome.LADO: "Allegation against someone who works with children – pass to the LADO",
    Outcome.PRIVATE_FOSTERING: "Private fostering",
}


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    ONLINE = "online"
    POLICE_NOTIFICATION = "police"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            Channel.PHONE: "Phone",
            Channel.EMAIL: "Email",
            Channel.ONLINE: "Online",
            Channel.POLICE_NOTIFICATION: "Police notification",
            Channel.OTHER: "Other",
        }[self]


def choices(
    enum: type[ReferralSource] | type[PrimaryNeed] | type[Outcome] | type[Channel],
) -> list[tuple[str, str]]:
    """(value, label) pairs for form fields and model choices."""
    return [(member.value, member.label) for member in enum]
