"""A believable, entirely synthetic directory for Northshire: 3 family hubs, a network of smaller hub sites,
community venues and about 150 services, built as Open Referral UK JSON and stored through the importer.

Names are invented; phone numbers are from Ofcom's drama range (01632 960xxx). Idempotent: stable ids, and
nothing is added once the directory has services.
"""

from __future__ import annotations

import datetime
import random
import uuid
from pathlib import Path
from typing import Any

from django.utils import timezone

from . import taxonomy
from .importer import ImportReport, import_records
from .models import Postcode, Service
from .services import load_postcodes

SAMPLE_POSTCODES = Path(__file__).resolve().parent / "data" / "postcodes_northshire_sample.csv"
NS = uuid.UUID("0a8e3b1c-6f0e-4d7e-9f39-1f1c6c7d2a40")


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NS, ":".join(str(p) for p in parts)))


ORGANISATIONS = {
    "ncc": ("Northshire County Council – Family Hubs", "https://northshire.example/family-hubs"),
    "health": ("Northshire Community Health (synthetic)", "https://health.northshire.example"),
    "friends": ("Northby Family Friends", "https://familyfriends.example"),
    "youth": ("Ashbridge Youth Trust", "https://ashbridgeyouth.example"),
    "sport": ("Kelmoor Community Sports", "https://kelmoorsport.example"),
    "forum": ("Northshire Parent Carer Forum", "https://parentcarers.northshire.example"),
    "safer": ("Safer Homes Northshire", "https://saferhomes.example"),
    "play": ("Bright Futures Play CIC", "https://brightfutures.example"),
    "money": ("Northshire Money and Housing Advice", "https://moneyadvice.northshire.example"),
    "library": ("Northshire Libraries", "https://northshire.example/libraries"),
    "transport": ("Dales Community Transport", "https://dalestransport.example"),
    "recovery": ("Northshire Recovery Partnership", "https://recovery.northshire.example"),
}

# (key, name, kind, town, postcode, street): kind "hub" (family hub), "site" (smaller hub), "venue"
LOCATIONS = [
    ("northby-hub", "Northby Family Hub", "hub", "Northby", "NS1 1BB", "12 Market Street"),
    ("ashbridge-hub", "Ashbridge Family Hub", "hub", "Ashbridge", "NS4 2", "Station Road"),
    ("kelmoor-hub", "Kelmoor Family Hub", "hub", "Kelmoor", "NS6 3", "1 Moor Lane"),
    (
        "dunmere-site",
        "Dunmere Children's Centre (family hub site)",
        "site",
        "Dunmere",
        "NS7 1",
        "Church Walk",
    ),
    ("fellside-site", "Fellside Family Hub Link", "site", "Fellside", "NS8 2", "The Green"),
    ("holmbrook-site", "Holmbrook Family Hub Link", "site", "Holmbrook", "NS9 1", "Mill Street"),
    ("brackenhurst-site", "Brackenhurst Family Hub Link", "site", "Brackenhurst", "NS10 4", "High Street"),
    ("northby-east-site", "Northby East Family Hub Link", "site", "Northby", "NS2 3", "Eastgate"),
    ("northby-west-site", "Northby West Family Hub Link", "site", "Northby", "NS3 5", "Westfield Road"),
    ("ashbridge-north-site", "Ashbridge North Family Hub Link", "site", "Ashbridge", "NS5 2", "Park Avenue"),
    ("kelmoor-south-site", "Kelmoor South Family Hub Link", "site", "Kelmoor", "NS6 5", "Quarry Road"),
    ("northby-library", "Northby Library", "venue", "Northby", "NS1 4", "Library Square"),
    ("ashbridge-library", "Ashbridge Library", "venue", "Ashbridge", "NS4 5", "Bridge Street"),
    ("kelmoor-leisure", "Kelmoor Leisure Centre", "venue", "Kelmoor", "NS6 1", "Sports Way"),
    ("northby-leisure", "Northby Pools and Leisure", "venue", "Northby", "NS2 6", "Riverside"),
    ("northby-health", "Northby Health Centre", "venue", "Northby", "NS1 2", "Hospital Lane"),
    ("ashbridge-health", "Ashbridge Health Centre", "venue", "Ashbridge", "NS4 4", "Health Lane"),
    ("dunmere-hall", "Dunmere Village Hall", "venue", "Dunmere", "NS7 3", "Main Street"),
    ("fellside-hall", "Fellside Community Centre", "venue", "Fellside", "NS8 5", "Fell Road"),
    ("holmbrook-youth", "Holmbrook Youth Centre", "venue", "Holmbrook", "NS9 4", "Brook Lane"),
    (
        "brackenhurst-school",
        "Brackenhurst Academy (community rooms)",
        "venue",
        "Brackenhurst",
        "NS10 2",
        "School Lane",
    ),
]
HUBS = [key for key, _, kind, *_ in LOCATIONS if kind in {"hub", "site"}]
MAIN_HUBS = [key for key, _, kind, *_ in LOCATIONS if kind == "hub"]
VENUES = [key for key, _, kind, *_ in LOCATIONS if kind == "venue"]

# (name, organisation, sub-category codes, ages, cost £ or 0, days, opens, closes, where, description)
# where: "hubs" (each family hub and link site runs one), "main" (the 3 family hubs), "venues", "remote",
# or a list of location keys
TEMPLATES: list[tuple[Any, ...]] = [
    (
        "Stay and Play",
        "ncc",
        ["parent-baby-and-toddler-groups"],
        (0, 5),
        0,
        "MO,WE",
        "09:30",
        "11:30",
        "hubs",
        "Come and play with your baby or toddler, meet other families and talk to our family hub team.",
    ),
    (
        "Baby Massage",
        "ncc",
        ["parent-baby-and-toddler-groups", "infant-feeding-support"],
        (0, 1),
        0,
        "TU",
        "10:00",
        "11:30",
        "main",
        "A five-week course for parents and babies up to 12 months: gentle massage, songs and time to talk.",
    ),
    (
        "Infant Feeding Drop-in",
        "health",
        ["infant-feeding-support"],
        (0, 2),
        0,
        "TH",
        "13:00",
        "15:00",
        "hubs",
        "Support with breast, bottle and mixed feeding from infant feeding specialists. Just drop in.",
    ),
    (
        "Health Visitor Clinic",
        "health",
        ["health-visiting"],
        (0, 5),
        0,
        "FR",
        "09:00",
        "12:00",
        "hubs",
        "Weigh your baby, talk about development, sleep or feeding, and get advice from a health visitor.",
    ),
    (
        "Antenatal Classes",
        "health",
        ["midwife-and-maternity"],
        (None, None),
        0,
        "WE",
        "18:00",
        "20:00",
        "main",
        "Classes for parents-to-be: labour, birth, feeding and the first weeks at home.",
    ),
    (
        "Perinatal Mental Health Group",
        "health",
        ["perinatal-mental-health-support"],
        (None, None),
        0,
        "TH",
        "10:00",
        "12:00",
        "main",
        "A friendly group for parents struggling with their mood in pregnancy or after birth, led by specialist nurses.",
    ),
    (
        "Birth Registration Appointments",
        "ncc",
        ["birth-registration"],
        (0, 1),
        0,
        "MO,TU,WE,TH,FR",
        "09:00",
        "16:00",
        "main",
        "Register your baby's birth at the family hub. Book an appointment first.",
    ),
    (
        "Chatterbox Early Language",
        "ncc",
        ["early-years-language-and-learning"],
        (1, 4),
        0,
        "TU",
        "13:30",
        "14:30",
        "hubs",
        "Songs, stories and play that help young children's talking and listening.",
    ),
    (
        "Parenting Course: Understanding Your Child",
        "ncc",
        ["parenting-support"],
        (0, 18),
        0,
        "WE",
        "10:00",
        "12:30",
        "main",
        "A ten-week course for parents and carers on understanding behaviour and building relationships.",
    ),
    (
        "Teen Parenting Workshop",
        "friends",
        ["parenting-support"],
        (11, 18),
        0,
        "TU",
        "18:30",
        "20:30",
        "main",
        "Evenings for parents of teenagers: boundaries, screens, friendships and staying connected.",
    ),
    (
        "Family Friends Home Visiting",
        "friends",
        ["parenting-support", "intensive-targeted-family-support"],
        (0, 11),
        0,
        "MO,TU,WE,TH,FR",
        "09:00",
        "17:00",
        "remote",
        "Trained volunteers visit families with young children at home, once a week, for as long as it helps.",
    ),
    (
        "Family Support Workers",
        "ncc",
        ["intensive-targeted-family-support"],
        (0, 18),
        0,
        "MO,TU,WE,TH,FR",
        "09:00",
        "17:00",
        "main",
        "A family support worker works with the whole family to make a plan and see it through. Ask at the family hub.",
    ),
    (
        "Reducing Parental Conflict Sessions",
        "ncc",
        ["reducing-parental-conflict"],
        (None, None),
        0,
        "TH",
        "18:00",
        "20:00",
        "main",
        "For parents, together or apart, who argue more than they want to: how conflict affects children and what helps.",
    ),
    (
        "Separated Parents Group",
        "friends",
        ["separating-and-separated-parent-support"],
        (None, None),
        0,
        "MO",
        "19:00",
        "20:30",
        ["northby-library", "ashbridge-library"],
        "Support and practical advice for parents going through separation.",
    ),
    (
        "Domestic Abuse Helpline and Outreach",
        "safer",
        ["domestic-abuse"],
        (None, None),
        0,
        "MO,TU,WE,TH,FR,SA,SU",
        "08:00",
        "22:00",
        "remote",
        "Confidential support for anyone affected by domestic abuse. Outreach workers can meet you somewhere safe.",
    ),
    (
        "Freedom Programme",
        "safer",
        ["domestic-abuse"],
        (None, None),
        0,
        "WE",
        "10:00",
        "12:00",
        ["northby-hub", "kelmoor-hub"],
        "A 12-week group programme for women who have experienced domestic abuse.",
    ),
    (
        "Money and Benefits Advice",
        "money",
        ["debt-and-welfare-advice", "money-benefits-and-housing"],
        (None, None),
        0,
        "MO,TH",
        "10:00",
        "15:00",
        "hubs",
        "Help to check benefits, deal with debt, and manage bills. Bring any letters you have.",
    ),
    (
        "Housing Options Drop-in",
        "money",
        ["money-benefits-and-housing"],
        (None, None),
        0,
        "TU",
        "10:00",
        "13:00",
        "main",
        "Advice if you are worried about losing your home, or need to find somewhere to live.",
    ),
    (
        "Stop Smoking Clinic",
        "health",
        ["stopping-smoking"],
        (12, None),
        0,
        "WE",
        "16:00",
        "19:00",
        ["northby-health", "ashbridge-health", "kelmoor-hub"],
        "Free support and stop-smoking aids, including for pregnant women and their partners.",
    ),
    (
        "Young People's Substance Misuse Service",
        "recovery",
        ["substance-misuse", "targeted-youth-support"],
        (11, 18),
        0,
        "MO,WE,FR",
        "12:00",
        "19:00",
        ["holmbrook-youth", "northby-east-site"],
        "Confidential advice and support for young people worried about their own or someone else's drinking or drug use.",
    ),
    (
        "Family Alcohol and Drugs Support",
        "recovery",
        ["substance-misuse"],
        (None, None),
        0,
        "TU,TH",
        "09:00",
        "17:00",
        "remote",
        "Support for parents who use alcohol or drugs, and for families affected by someone's use.",
    ),
    (
        "Youth Club",
        "youth",
        ["activities", "targeted-youth-support"],
        (11, 18),
        0,
        "TU,TH",
        "18:00",
        "21:00",
        ["holmbrook-youth", "ashbridge-north-site", "dunmere-hall", "fellside-hall", "brackenhurst-school"],
        "Games, music, cooking and trips, and youth workers to talk to.",
    ),
    (
        "Youth Justice Service",
        "ncc",
        ["youth-justice-services"],
        (10, 17),
        0,
        "MO,TU,WE,TH,FR",
        "09:00",
        "17:00",
        "remote",
        "Works with young people in trouble with the law, and their families, to stop offending.",
    ),
    (
        "Anti-Bullying Support",
        "youth",
        ["bullying"],
        (7, 18),
        0,
        "WE",
        "16:00",
        "18:00",
        ["ashbridge-library", "northby-library"],
        "Advice for children, young people and parents about bullying, online and in person.",
    ),
    (
        "Young Minds Drop-in",
        "health",
        ["mental-health-social-and-emotional-support"],
        (11, 18),
        0,
        "TH",
        "15:30",
        "18:00",
        ["northby-hub", "ashbridge-hub", "kelmoor-hub", "holmbrook-youth"],
        "Talk to a mental health practitioner about worries, low mood, anxiety or anything else. No appointment needed.",
    ),
    (
        "Children's Wellbeing Service",
        "health",
        ["mental-health-social-and-emotional-support"],
        (5, 11),
        0,
        "MO,TU,WE,TH,FR",
        "09:00",
        "17:00",
        "remote",
        "Support for children with mild to moderate anxiety or low mood, and for their parents.",
    ),
    (
        "Healthy Families Programme",
        "health",
        ["nutrition-and-weight-management"],
        (4, 11),
        0,
        "SA",
        "10:00",
        "12:00",
        ["kelmoor-leisure", "northby-leisure"],
        "Fun sessions on food and activity for families, with a healthy snack.",
    ),
    (
        "Supervised Toothbrushing and Dental Advice",
        "health",
        ["oral-health"],
        (1, 5),
        0,
        "WE",
        "09:30",
        "11:00",
        "main",
        "Learn how to look after your child's teeth and find a dentist.",
    ),
    (
        "School Nursing Drop-in",
        "health",
        ["public-health-services"],
        (5, 19),
        0,
        "WE",
        "12:00",
        "13:30",
        ["brackenhurst-school"],
        "Confidential health advice for school-age children and young people.",
    ),
    (
        "Hearing and Vision Checks",
        "health",
        ["hearing-and-sight"],
        (0, 11),
        0,
        "FR",
        "13:00",
        "16:00",
        ["northby-health", "ashbridge-health"],
        "Checks for children's hearing and sight, and advice if you are worried.",
    ),
    (
        "After School Club",
        "play",
        ["before-and-after-school-clubs"],
        (4, 11),
        12.5,
        "MO,TU,WE,TH,FR",
        "15:15",
        "18:00",
        ["dunmere-hall", "fellside-hall", "brackenhurst-school", "northby-west-site"],
        "Safe, fun childcare after school with snacks and activities.",
    ),
    (
        "Breakfast Club",
        "play",
        ["before-and-after-school-clubs"],
        (4, 11),
        4,
        "MO,TU,WE,TH,FR",
        "07:45",
        "08:50",
        ["dunmere-hall", "brackenhurst-school"],
        "Breakfast and play before school.",
    ),
    (
        "Holiday Activities and Food",
        "ncc",
        ["holiday-clubs-and-schemes"],
        (5, 16),
        0,
        "MO,TU,WE,TH",
        "10:00",
        "14:00",
        ["kelmoor-leisure", "northby-leisure", "holmbrook-youth", "ashbridge-hub"],
        "Free activities and a healthy meal in the school holidays for children who get benefits-related free school meals.",
    ),
    (
        "Junior Football",
        "sport",
        ["sports-and-recreation"],
        (5, 14),
        3,
        "SA",
        "09:00",
        "11:00",
        ["kelmoor-leisure", "northby-leisure"],
        "Football for girls and boys of every ability. Boots can be borrowed.",
    ),
    (
        "Family Swim",
        "sport",
        ["sports-and-recreation"],
        (0, 16),
        2.5,
        "SU",
        "10:00",
        "12:00",
        ["northby-leisure", "kelmoor-leisure"],
        "Swimming for families together, with floats and toys.",
    ),
    (
        "Music and Movement",
        "play",
        ["music-arts-and-dance"],
        (1, 5),
        2,
        "TH",
        "10:00",
        "11:00",
        ["northby-library", "ashbridge-library", "dunmere-hall"],
        "Singing, dancing and instruments for little ones and their grown-ups.",
    ),
    (
        "Youth Arts Collective",
        "youth",
        ["music-arts-and-dance"],
        (12, 19),
        0,
        "WE",
        "17:00",
        "19:30",
        ["ashbridge-library", "holmbrook-youth"],
        "Art, film and music projects led by young people.",
    ),
    (
        "Rhyme Time",
        "library",
        ["early-years-language-and-learning", "parent-baby-and-toddler-groups"],
        (0, 4),
        0,
        "FR",
        "10:30",
        "11:00",
        ["northby-library", "ashbridge-library"],
        "Songs and rhymes for babies and toddlers at the library.",
    ),
    (
        "Pre-school Playgroup",
        "play",
        ["pre-school-playgroup"],
        (2, 4),
        5,
        "MO,TU,WE,TH,FR",
        "09:00",
        "12:00",
        ["fellside-hall", "dunmere-hall", "holmbrook-site"],
        "A friendly playgroup for two to four year olds. Funded places available.",
    ),
    (
        "SEND Information and Advice",
        "forum",
        ["send-groups-for-parents-and-carers", "other-difficulties-or-disabilities"],
        (0, 25),
        0,
        "MO,TU,WE,TH,FR",
        "09:30",
        "16:30",
        "remote",
        "Impartial information, advice and support about special educational needs and disabilities.",
    ),
    (
        "Parent Carer Coffee Morning",
        "forum",
        ["send-groups-for-parents-and-carers"],
        (0, 25),
        0,
        "TU",
        "10:00",
        "12:00",
        "main",
        "Meet other parents and carers of children with SEND. Bring your questions.",
    ),
    (
        "Autism Family Support Group",
        "forum",
        ["autism"],
        (2, 18),
        0,
        "TH",
        "18:30",
        "20:00",
        ["northby-hub", "ashbridge-hub"],
        "Support for families of autistic children, whether or not you have a diagnosis.",
    ),
    (
        "Short Breaks Activities",
        "ncc",
        ["breaks-and-respite", "physical-disabilities", "learning-difficulties-and-disabilities"],
        (5, 18),
        0,
        "SA",
        "10:00",
        "15:00",
        ["kelmoor-leisure", "holmbrook-youth"],
        "Inclusive activities giving disabled children fun and their parents a break.",
    ),
    (
        "Speech and Language Drop-in",
        "health",
        ["speech-language-and-communication-needs", "send-early-years-support"],
        (1, 5),
        0,
        "MO",
        "13:00",
        "15:00",
        "main",
        "Talk to a speech and language therapist about your child's talking and understanding.",
    ),
    (
        "Sensory Play Sessions",
        "play",
        ["multi-sensory-impairment", "send-early-years-support"],
        (0, 5),
        0,
        "FR",
        "13:00",
        "14:30",
        ["northby-hub", "kelmoor-hub"],
        "A calm sensory room session for young children with additional needs.",
    ),
    (
        "Visual Impairment Family Group",
        "forum",
        ["visual-impairment"],
        (0, 18),
        0,
        "SA",
        "10:30",
        "12:00",
        ["northby-hub"],
        "Meet other families of children with sight loss; advice from a qualified teacher of the visually impaired.",
    ),
    (
        "Deaf Children's Club",
        "forum",
        ["hearing-impairment"],
        (4, 14),
        0,
        "SA",
        "13:00",
        "15:00",
        ["ashbridge-hub"],
        "Games and signing for deaf children and their brothers and sisters.",
    ),
    (
        "SEND Emotional Wellbeing Group",
        "forum",
        ["send-social-emotional-and-mental-health"],
        (8, 18),
        0,
        "WE",
        "16:30",
        "18:00",
        ["kelmoor-hub"],
        "A group for young people with SEND who find school or friendships hard.",
    ),
    (
        "Community Transport Bookings",
        "transport",
        ["community-transport"],
        (None, None),
        1.5,
        "MO,TU,WE,TH,FR",
        "08:00",
        "18:00",
        "remote",
        "Door-to-door minibus for people who cannot use buses, including to family hub appointments.",
    ),
]


def _postcode_for(prefix: str, rng: random.Random) -> tuple[str, float, float]:
    """A postcode from the sample table: the one named, or one in the sector given."""
    if " " in prefix and len(prefix.split(" ")[1]) == 3:
        row = Postcode.objects.get(postcode=prefix)
    else:
        rows = list(
            Postcode.objects.filter(postcode__startswith=prefix + ("" if " " in prefix else " ")).order_by(
                "postcode"
            )
        )
        row = rng.choice(rows)
    return row.postcode, row.latitude, row.longitude


def _phone_number(rng: random.Random) -> str:
    return f"01632 960{rng.randrange(1000):03d}"


def _location_json(
    key: str, name: str, kind: str, town: str, prefix: str, street: str, rng: random.Random
) -> dict[str, Any]:
    postcode, latitude, longitude = _postcode_for(prefix, rng)
    attributes = []
    if kind == "hub":
        attributes.append(
            {
                "id": _id("hub-attr", key),
                "taxonomy_term_id": str(taxonomy.FAMILY_HUB_TERM_ID),
                "value": "true",
                "label": "Family hub",
            }
        )
    description = {
        "hub": f"The family hub for {town} and the villages around it: help for families with children from pregnancy to 19 (25 with SEND), all in one place.",
        "site": f"A smaller family hub site, part of the {town} family hub network.",
        "venue": f"A community venue in {town}.",
    }[kind]
    return {
        "id": _id("location", key),
        "location_type": "physical",
        "name": name,
        "description": description,
        "latitude": latitude,
        "longitude": longitude,
        "transportation": "Bus stop outside. Free parking nearby." if kind != "site" else "",
        "addresses": [
            {
                "id": _id("address", key),
                "address_1": f"{rng.randrange(1, 80)} {street}" if street[0].isalpha() else street,
                "city": town,
                "state_province": "Northshire",
                "postal_code": postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ],
        "accessibility": [
            {
                "id": _id("access", key),
                "description": "Step-free access, accessible toilet and baby changing."
                if kind != "venue" or rng.random() < 0.7
                else "Entrance has two steps; a portable ramp is available on request.",
            }
        ],
        "phones": [{"id": _id("location-phone", key), "number": _phone_number(rng)}] if kind == "hub" else [],
        "attributes": attributes,
    }


def directory_records(*, seed_value: int = 20261122) -> list[dict[str, Any]]:
    """The demo directory as ORUK 3.0 service records (about 150)."""
    rng = random.Random(seed_value)
    organisations = {
        key: {
            "id": _id("org", key),
            "name": name,
            "website": url,
            "description": f"{name} (invented for the demo).",
        }
        for key, (name, url) in ORGANISATIONS.items()
    }
    locations = {row[0]: _location_json(*row, rng=rng) for row in LOCATIONS}
    towns = {row[0]: row[3] for row in LOCATIONS}
    today = timezone.localdate()
    records = []
    for name, org_key, codes, (minimum, maximum), cost, days, opens, closes, where, description in TEMPLATES:
        if where == "hubs":
            places: list[list[str]] = [[key] for key in HUBS]
        elif where == "main":
            places = [[key] for key in MAIN_HUBS]
        elif where == "remote":
            places = [[]]
        else:
            places = [[key] for key in where]
        for place in places:
            key = place[0] if place else "countywide"
            service_id = _id("service", name, key)
            title = f"{name} – {towns[key]}" if place else name
            if place and sum(1 for p in places if p and towns[p[0]] == towns[key]) > 1:
                title = f"{name} – {locations[key]['name']}"
            reviewed = today - datetime.timedelta(days=rng.choice([20, 60, 120, 200, 300, 400, 500]))
            record: dict[str, Any] = {
                "id": service_id,
                "name": title,
                "description": description,
                "status": "active",
                "organization": organisations[org_key],
                "email": f"{org_key}@northshire.example",
                "url": f"{ORGANISATIONS[org_key][1]}/services/{service_id[:8]}",
                "minimum_age": minimum,
                "maximum_age": maximum,
                "assured_date": reviewed.isoformat(),
                "phones": [{"id": _id("phone", service_id), "number": _phone_number(rng), "type": "voice"}],
                "schedules": [
                    {
                        "id": _id("schedule", service_id),
                        "freq": "WEEKLY",
                        "byday": days,
                        "opens_at": opens,
                        "closes_at": closes,
                    }
                ],
                "languages": [{"id": _id("lang", service_id), "name": "English", "code": "en"}]
                + (
                    [{"id": _id("lang2", service_id), "name": "Polish", "code": "pl"}]
                    if rng.random() < 0.15
                    else []
                ),
                "service_areas": [
                    {
                        "id": _id("area", service_id),
                        "name": "Northshire" if not place else towns[key],
                        "extent_type": "text",
                    }
                ],
                "cost_options": (
                    [
                        {
                            "id": _id("cost", service_id),
                            "option": "Per session",
                            "currency": "GBP",
                            "amount": cost,
                            "amount_description": "per session",
                        }
                    ]
                    if cost
                    else []
                ),
                "fees_description": "" if cost else "Free",
                "contacts": [
                    {
                        "id": _id("contact", service_id),
                        "name": "Service coordinator",
                        "title": "Coordinator",
                        "email": f"{org_key}@northshire.example",
                    }
                ],
                "attributes": [
                    {"id": _id("attr", service_id, code), "taxonomy_term_id": str(taxonomy.term_id(code))}
                    for code in codes
                ],
                "service_at_locations": [
                    {"id": _id("sal", service_id, loc), "location": locations[loc]} for loc in place
                ],
            }
            records.append(record)
    return records


def seed_directory(*, force: bool = False) -> ImportReport | None:
    """Load the sample postcodes and, when the directory is empty (or force), the demo services."""
    if not Postcode.objects.exists():
        load_postcodes(SAMPLE_POSTCODES)
    if Service.objects.exists() and not force:
        return None
    return import_records(directory_records(), "demo")
