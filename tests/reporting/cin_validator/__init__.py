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
import xml.etree.ElementTree as ET
from datetime import date
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


def misread(census: Path, year: int, found: list[dict[str, str]]) -> list[dict[str, str]]:
    """The issues in `found` that the validator raises against the DfE's own wording of the rule.

    8569Q reads "if CINreferralDate is before [start of census year] minus 1 working day, ReferralNFA must be
    false". The validator takes one working day off the start as `CustomBusinessDay(n=0)`, which moves a
    1 April that is not a working day *forward* (Easter Monday 1 April 2024 becomes 2 April; Saturday
    1 April 2023 becomes 3 April), so a no-further-action referral made on the first day of the year is
    flagged. An 8569Q is counted as misread only when none of the child's no-further-action referrals is
    dated before 1 April; any earlier one stays a real issue. See docs/adr/0028-returns-cin-validator.md.
    """
    start = date(year - 1, 4, 1)
    nfa_dates: dict[str, list[date]] = {}
    for child in ET.parse(census).getroot().iter("Child"):  # noqa: S314 (the census file we have just written)
        child_id = child.findtext("ChildIdentifiers/LAchildID", "")
        for details in child.iter("CINdetails"):
            day = details.findtext("CINreferralDate")
            if details.findtext("ReferralNFA") in ("true", "1") and day:
                nfa_dates.setdefault(child_id, []).append(date.fromisoformat(day))
    return [
        issue
        for issue in found
        if issue["rule"] == "8569Q"
        and nfa_dates.get(issue["child"])
        and all(day >= start for day in nfa_dates[issue["child"]])
    ]
