"""`manage.py link_records`: good files give pairs; every bad file gives a clear message and a non-zero exit,
never a traceback; malformed values are counted on stderr."""

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from frontdoor.people.matching.synthetic import Generator, write_csv

ROOT = Path(__file__).resolve().parents[3]
HEADER = (
    "id,given_name,family_name,date_of_birth,sex,address_line_1,address_line_2,town,postcode,nhs_number,upn\n"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "link_records", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "frontdoor.settings.test", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def read_pairs(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_link_mode_pairs_each_record_at_most_once_and_finds_the_known_people(tmp_path):
    left, right = Generator(31).link_datasets(300, 300)
    write_csv(left, tmp_path / "a.csv")  # with an extra cluster_id column, which is ignored
    write_csv(right, tmp_path / "b.csv", with_truth=False)
    result = run(
        "--left",
        str(tmp_path / "a.csv"),
        "--right",
        str(tmp_path / "b.csv"),
        "--out",
        str(tmp_path / "p.csv"),
    )
    assert result.returncode == 0, result.stderr
    pairs = read_pairs(tmp_path / "p.csv")
    assert list(pairs[0]) == ["left_id", "right_id", "match_probability"]
    assert len({p["left_id"] for p in pairs}) == len(pairs) == len({p["right_id"] for p in pairs})
    truth = {(a["id"], b["id"]) for a in left for b in right if a["cluster_id"] == b["cluster_id"]}
    found = {(p["left_id"], p["right_id"]) for p in pairs}
    assert len(found & truth) / len(truth) > 0.97 and len(found - truth) <= 3
    assert "Malformed values treated as missing" in result.stderr
    assert "candidates" in result.stderr  # the progress bar
    assert "Traceback" not in result.stderr


def test_dedupe_mode_and_bad_values_counted_not_fatal(tmp_path):
    (tmp_path / "d.csv").write_text(
        HEADER
        + "1,Seán,O'Brien,2012-02-29,M,,,,LS6 2AB,9434765919,\n"
        + "2,SEAN,OBRIEN,29/02/2012,m,,,,ls62ab,943 476 5919,\n"
        + "3,Мария,Иванова,2013-08-01,F,,,,,,\n"
        + "4,мария,иванова,2013-08-01,,,,,,,\n"
        + "5,Ava,Smith-Jones,2015-02-31,F,,,,NOT A POSTCODE,9434765918,X1\n"
        + "6,,,,,,,,,,\n"
        + "7,,,,,,,,,,\n"
        + "8,J,S,,,,,,,,\n"
        + "9,J,S,,,,,,,,\n",
        encoding="utf-8",
    )
    result = run("--dedupe", str(tmp_path / "d.csv"), "--out", str(tmp_path / "p.csv"))
    assert result.returncode == 0, result.stderr
    pairs = {(p["left_id"], p["right_id"]) for p in read_pairs(tmp_path / "p.csv")}
    assert pairs == {("1", "2"), ("3", "4")}  # empty records and lone initials never match
    assert "date_of_birth 1" in result.stderr and "nhs_number 1" in result.stderr
    assert "postcode 1" in result.stderr and "upn 1" in result.stderr
    assert "empty records (never matched): 2" in result.stderr


def bad_files(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "1,Ava,Example,2015-03-27,,,,,,,\n")
    cases = {
        "empty.csv": "",
        "blank_header.csv": "\n\n",
        "no_id.csv": "given_name,family_name\nAva,Example\n",
        "header_only.csv": HEADER,
        "duplicate_ids.csv": HEADER + "1,Ava,,,,,,,,,\n2,Bo,,,,,,,,,\n1,Cy,,,,,,,,,\n",
        "empty_id.csv": HEADER + ",Ava,,,,,,,,,\n",
        "repeated_column.csv": "id,id\n1,2\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "latin1.csv").write_bytes("id,given_name\n1,Zo\xeb\n".encode("latin-1"))
    out = str(tmp_path / "p.csv")
    return {
        "missing file": (["--dedupe", str(tmp_path / "nope.csv"), "--out", out], "does not exist"),
        "a folder": (["--dedupe", str(tmp_path), "--out", out], "is not a file"),
        "empty file": (["--dedupe", str(tmp_path / "empty.csv"), "--out", out], "is empty"),
        "blank header": (["--dedupe", str(tmp_path / "blank_header.csv"), "--out", out], "is empty"),
        "no id column": (["--dedupe", str(tmp_path / "no_id.csv"), "--out", out], "has no id column"),
        "header only": (["--dedupe", str(tmp_path / "header_only.csv"), "--out", out], "no records"),
        "duplicate ids": (["--dedupe", str(tmp_path / "duplicate_ids.csv"), "--out", out], "appears twice (lines 2 and 4)"),
        "empty id": (["--dedupe", str(tmp_path / "empty_id.csv"), "--out", out], "line 2: the id is empty"),
        "repeated column": (["--dedupe", str(tmp_path / "repeated_column.csv"), "--out", out], "repeats a column"),
        "not UTF-8": (["--dedupe", str(tmp_path / "latin1.csv"), "--out", out], "is not UTF-8"),
        "right missing": (["--left", str(good), "--out", out], "--left FILE and --right FILE"),
        "both modes": (["--left", str(good), "--right", str(good), "--dedupe", str(good), "--out", out], "not both"),
        "bad right file": (["--left", str(good), "--right", str(tmp_path / "no_id.csv"), "--out", out], "Right file"),
        "output folder missing": (["--dedupe", str(good), "--out", str(tmp_path / "no" / "p.csv")], "does not exist"),
        "bad threshold": (["--dedupe", str(good), "--out", out, "--threshold", "2"], "between 0 and 1"),
        "bad params": (["--dedupe", str(good), "--out", out, "--params", str(good)], "Cannot read the parameter file"),
    }  # fmt: skip


CASES = [
    "missing file", "a folder", "empty file", "blank header", "no id column", "header only", "duplicate ids",
    "empty id", "repeated column", "not UTF-8", "right missing", "both modes", "bad right file",
    "output folder missing", "bad threshold", "bad params",
]  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_bad_input_gives_a_clear_message(tmp_path, case):
    """In-process (fast): a CommandError, which manage.py prints as one line and exits with 1."""
    args, message = bad_files(tmp_path)[case]
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("link_records", *args, stderr=io.StringIO())


@pytest.mark.parametrize("case", ["duplicate ids", "not UTF-8"])
def test_from_the_command_line_a_bad_file_exits_non_zero_without_a_traceback(tmp_path, case):
    args, message = bad_files(tmp_path)[case]
    result = run(*args)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_the_progress_bar_says_roughly_how_long_is_left():
    """A migration of a legacy system's records can run for many minutes: the bar says how many are left
    once it has enough to go on, and starts again for each stage."""
    from django.core.management.base import OutputWrapper

    from frontdoor.people.management.commands.link_records import ProgressBar

    stream, now = io.StringIO(), [0.0]
    bar = ProgressBar(OutputWrapper(stream), clock=lambda: now[0])
    for seconds, done in ((0.0, 0), (60.0, 250), (120.0, 500)):
        now[0] = seconds
        bar("candidates", done, 1000)
    lines = stream.getvalue().split("\r")
    assert "25% 250/1000, about 3 min left" in lines[-2]
    assert "50% 500/1000, about 2 min left" in lines[-1]
    now[0] = 121.0
    bar("scoring", 10, 1000)  # a new stage: too early to say
    assert "left" not in stream.getvalue().split("\r")[-1]


def test_the_model_is_re_estimated_on_an_agency_file_unless_fixed_params(tmp_path):
    """A file of another agency's records with a keyboard slip in most fields: by default the model is fitted
    to it, more of its people are found than with --fixed-params, and stderr says so."""
    from frontdoor.people.matching.corruption import link_files

    left, right, truth = link_files("keyboard", 1500, seed=11)
    for name, records in (("a", left), ("b", right)):
        write_csv(records, tmp_path / f"{name}.csv", with_truth=False)
    files = ["--left", str(tmp_path / "a.csv"), "--right", str(tmp_path / "b.csv"), "--no-progress"]
    fixed = run(*files, "--fixed-params", "--out", str(tmp_path / "fixed.csv"))
    estimated = run(*files, "--out", str(tmp_path / "estimated.csv"))
    assert fixed.returncode == estimated.returncode == 0, estimated.stderr
    assert "re-estimated" not in fixed.stderr
    assert "Parameters re-estimated on these records" in estimated.stderr
    found = {
        name: {(p["left_id"], p["right_id"]) for p in read_pairs(tmp_path / f"{name}.csv")}
        for name in ("fixed", "estimated")
    }
    assert len(found["estimated"] & truth) > len(found["fixed"] & truth) >= 0.8 * len(truth)
    assert len(found["estimated"] - truth) <= 0.01 * len(truth)
