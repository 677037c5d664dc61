from frontdoor.directory.models import Location, Postcode, Service, TaxonomyTerm
from frontdoor.directory.seed import seed_directory


def test_the_demo_directory_is_believable_and_seeded_once(db, demo_directory):
    assert 140 <= Service.objects.count() <= 170
    assert Location.objects.filter(is_family_hub=True).count() == 3
    assert Location.objects.filter(name__contains="Family Hub Link").count() >= 6
    assert Postcode.objects.count() == 600
    # Every service has a category; some are overdue for review (older than a year)
    assert not Service.objects.filter(attributes__isnull=True).exists()
    assert seed_directory() is None  # idempotent
    assert 140 <= Service.objects.count() <= 170


def test_the_migration_seeds_the_six_family_hub_categories(db):
    top = TaxonomyTerm.objects.filter(parent__isnull=True, taxonomy__name__startswith="Family hubs")
    assert [t.name for t in top] == [
        "Activities, clubs and groups",
        "Family support",
        "Health",
        "Pregnancy, birth and early years",
        "Special educational needs and disabilities",
        "Transport",
    ]
    assert TaxonomyTerm.objects.filter(parent__code="family-support").count() >= 10
