"""Run the data-to-insight CIN validator (csc-validator-be-cin) on one census file and print its issues as JSON.

It runs in its own environment (`requirements.lock` here, built by `make cin-validator`): it needs pandas 1.x
(so numpy 1.x) and govuk-bank-holidays 0.13, which cannot share the app's environment (numpy 2 for the
matcher's training, govuk-bank-holidays 0.19). Usage: run_validator.py CENSUS.xml RULESET (e.g. cin2024_25).
"""

import importlib
import json
import sys
import xml.etree.ElementTree as ET

from cin_validator import cin_validator


def main() -> None:
    path, ruleset = sys.argv[1], sys.argv[2]
    root = ET.parse(path).getroot()  # noqa: S314 (the census file we have just written)
    data = cin_validator.process_data(cin_validator.convert_data(root))
    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    validator = cin_validator.CinValidator(data, registry)
    issues = [
        {
            "rule": str(row["rule_code"]),
            "child": str(row.get("child_id", "")),
            "message": str(row["rule_description"]),
            "table": str(row["tables_affected"]),
            "column": str(row["columns_affected"]),
        }
        for _, row in validator.full_issue_df.iterrows()
    ]
    issues += [
        {
            "rule": str(row["rule_code"]),
            "child": "",
            "message": str(row["rule_description"]),
            "table": "",
            "column": "",
        }
        for _, row in validator.multichild_issues.iterrows()
    ]
    json.dump({"issues": issues, "rules_run": len(list(registry.values()))}, sys.stdout)


if __name__ == "__main__":
    main()
