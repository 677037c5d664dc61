"""The DfE CIN rules as councils check them before submitting: the open `csc-validator-be-cin` package.

It lives in its own environment (`.venv-cin`, from `requirements.lock` here; `make cin-validator` builds it,
and `validator_python` builds it on first use): it needs pandas 1.x (so numpy 1.x) and govuk-bank-holidays
0.13, which cannot share the app's environment (numpy 2 for the matcher's training, govuk-bank-holidays 0.19).
See docs/adr/0028-returns-cin-validator.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
LOCK = HERE / "requirements.lock"


def validator_python() -> Path:
    """The validator environment's Python (CIN_VALIDATOR_PYTHON, or .venv-cin), built when it is missing."""
    configured = os.environ.get("CIN_VALIDATOR_PYTHON")
    if configured:
        return Path(configured)
    venv = ROOT / ".venv-cin"
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    if not marker.exists() or marker.read_text() != LOCK.read_text():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", str(LOCK)], check=True)
        marker.write_text(LOCK.read_text())
    return python


def ruleset(year: int) -> str:
    """The validator's rules for a collection year: 2026 (April 2025 to March 2026) is cin2025_26."""
    return f"cin{year - 1}_{year % 100:02d}"


def issues(census: Path, year: int) -> list[dict[str, str]]:
    """Every issue the validator finds in a census file (rule, child, message); [] when it is clean."""
    result = subprocess.run(
        [str(validator_python()), str(HERE / "run_validator.py"), str(census), ruleset(year)],
        check=True,
        capture_output=True,
        text=True,
    )
    return list(json.loads(result.stdout)["issues"])
