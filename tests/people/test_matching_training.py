"""Training with Splink on a small synthetic set (skipped where the training extras are not installed)."""

import json
import time

import pytest

from frontdoor.people.matching.comparisons import COMPARISONS
from frontdoor.people.matching.params import Params


def test_training_on_small_data_writes_a_valid_parameter_file(tmp_path):
    pytest.importorskip("splink")
    pytest.importorskip("numpy")
    from frontdoor.people.matching.training import train, write_params

    started = time.perf_counter()
    data = train(seed=11, n_records=600, validation_seed=12, validation_records=400, u_max_pairs=2e4,
                 version="test", log=lambda message: None)  # fmt: skip
    elapsed = time.perf_counter() - started
    path = write_params(data, tmp_path / "params" / "test.json")
    params = Params.load(path)
    assert params.version == "test"
    assert params.meta["training"]["tool"].startswith("splink")
    assert set(params.comparisons) == {c.name for c in COMPARISONS}
    # Agreement is evidence for a match, disagreement against.
    for name in ("given_name", "family_name", "date_of_birth"):
        levels = params.comparisons[name]
        assert levels["exact"].weight > 0
        assert levels["different"].weight < 0
    assert json.loads(path.read_text(encoding="utf-8"))["format_version"] == 1
    assert elapsed < 60
