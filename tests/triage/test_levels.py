"""Levels of need are configuration: councils name them differently."""

import pytest
from django.core.exceptions import ImproperlyConfigured

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
