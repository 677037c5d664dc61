import pytest

from frontdoor.screener import services
from frontdoor.screener.models import DefinitionVersion
from tests.screener import builders


@pytest.fixture
def teams(chat, fast):
    return chat, fast


@pytest.fixture
def definition_with_text(administrator):
    """A small definition with a text question, made live as a council would."""
    data = builders.base()
    builders.question(data, "area")["next"] = [
        {"when": {"question": "area", "equals": "injury"}, "goto": "dob"},
        {"goto": "details"},
    ]
    data["questions"].append(
        {
            "id": "details",
            "kind": "text",
            "text": "Tell us more about the school",
            "error": "Enter something about the school",
            "error_name": "What you tell us about the school",
            "max_length": 50,
            "next": [{"route": "UNIVERSAL", "reason": "The school can help.", "level": 1}],
        }
    )
    data["version"] = "2026-02-01.1"
    services.ensure_live_definition()
    return services.upload_definition(user=administrator, yaml_text=builders.to_yaml(data), make_live=True)


@pytest.fixture
def default_version(db) -> DefinitionVersion:
    return services.ensure_live_definition()
