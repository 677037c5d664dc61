"""Levels of need are configuration: councils name them differently."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from frontdoor.core.codes import Outcome
from frontdoor.intake.models import Contact
from frontdoor.triage.decision_rules import broken, rules
from frontdoor.triage.forms import DecisionForm
from frontdoor.triage.levels import level_choices, level_name


def test_the_default_names(settings):
    assert [label for _, label in level_choices()] == [
        "Level 1: Universal",
        "Level 2: Additional",
        "Level 3: Intensive",
        "Level 4: Specialist",
    ]


def test_a_council_renames_them(settings):
    settings.FRONTDOOR_LEVELS_OF_NEED = [
        "Universal",
        "Early Help",
        "Targeted Early Help",
        "Children's Social Care",
    ]
    assert level_name(4) == "Level 4: Children's Social Care"
    assert "Level 2: Early Help" in DecisionForm().fields["level_of_need"].choices[1]


def test_four_levels_are_required(settings):
    settings.FRONTDOOR_LEVELS_OF_NEED = ["Low", "High"]
    with pytest.raises(ImproperlyConfigured):
        level_choices()


def test_a_council_on_the_families_first_scale_decides_on_three_levels(settings):
    settings.FRONTDOOR_FAMILY_HELP_SCALE = "families_first"
    assert DecisionForm().fields["level_of_need"].choices == [
        (1, "Universal"),
        (3, "Family Help"),
        (4, "Family Help with child protection"),
    ]
    # A decision made on the classic scale before the switch reads in the new names
    assert level_name(2) == "Family Help" and level_name(4) == "Family Help with child protection"


def test_family_help_is_a_service_so_no_further_action_does_not_fit_it(settings):
    settings.FRONTDOOR_FAMILY_HELP_SCALE = "families_first"
    by_level = [rule for rule in rules() if not rule.facts]
    found = broken(Contact(), Outcome.NO_FURTHER_ACTION, 3, among=by_level)
    assert found and "does not fit Family Help:" in found[0].explain(Outcome.NO_FURTHER_ACTION, 3)


def test_an_unknown_scale_is_refused(settings):
    settings.FRONTDOOR_FAMILY_HELP_SCALE = "five_levels"
    with pytest.raises(ImproperlyConfigured):
        level_choices()
