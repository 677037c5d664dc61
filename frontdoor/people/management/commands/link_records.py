"""Link two CSV files of person records, or find the duplicates in one, with the front door's matcher.

    python manage.py link_records --left A.csv --right B.csv --out pairs.csv
    python manage.py link_records --dedupe A.csv --out pairs.csv

Input: a header row; columns id, given_name, family_name, date_of_birth (YYYY-MM-DD), sex, address_line_1,
address_line_2, town, postcode, nhs_number, upn (all but id optional, others ignored). Output:
left_id,right_id,match_probability for the pairs judged to be the same person (in link mode each record is
paired at most once; in dedupe mode, records joined through others are paired too, as a merge would join them,
with the probability of the weakest link, but never two records that contradict each other, such as dates of
birth years apart: a record that fits a mother and her daughter of one name joins the one it fits best).
Candidates come from the stored blocking rules and, in a batch, from pieces of two fields each allowed one slip.
Before scoring, the model is re-estimated on the files themselves (EM over the candidate pairs, starting from the
committed parameters and kept within a few bits of them), so that another agency's kinds of mistake are weighed
as they occur in its file; ``--fixed-params`` scores with the parameter file as it is. Probabilities allow for the size of the file searched: a name shared in a file of 100,000 says less than in
one of 5,000. Malformed values are treated as missing and counted on stderr.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.core.spreadsheets import escape_row
from frontdoor.core.time_left import time_left_suffix
from frontdoor.people.matching import COLUMNS, dedupe, link, load_params
from frontdoor.people.matching.params import ParamsError

KNOWN = set(COLUMNS)


def read_records(path: str, label: str) -> list[dict[str, str]]:
    """Read a CSV of person records, or raise CommandError saying plainly what is wrong with it."""
    file = Path(path)
    if not file.exists():
        raise CommandError(f"{label} file {path} does not exist")
    if not file.is_file():
        raise CommandError(f"{label} file {path} is not a file")
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None or not any(h.strip() for h in header):
                raise CommandError(f"{label} file {path} is empty: it needs a header row with an id column")
            names = [h.strip().lower() for h in header]
            if "id" not in names:
                raise CommandError(
                    f"{label} file {path} has no id column in its header row (found: {', '.join(names)[:200]})"
                )
            if len(set(names)) != len(names):
                raise CommandError(f"{label} file {path} repeats a column name in its header row")
            records: list[dict[str, str]] = []
            seen: dict[str, int] = {}
            for line, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue  # blank line
                record = {
                    name: (row[i].strip() if i < len(row) else "")
                    for i, name in enumerate(names)
                    if name in KNOWN
                }
                record_id = record.get("id", "")
                if not record_id:
                    raise CommandError(f"{label} file {path}, line {line}: the id is empty")
                if record_id in seen:
                    raise CommandError(
                        f"{label} file {path}: id {record_id!r} appears twice (lines {seen[record_id]} and {line})"
                    )
                seen[record_id] = line
                records.append(record)
    except UnicodeDecodeError:
        raise CommandError(f"{label} file {path} is not UTF-8 text (save it as CSV UTF-8)") from None
    except csv.Error as error:
        raise CommandError(f"{label} file {path} is not a readable CSV file: {error}") from None
    except OSError as error:
        raise CommandError(f"{label} file {path} cannot be read: {error.strerror}") from None
    if not records:
        raise CommandError(f"{label} file {path} has a header row but no records")
    return records


class ProgressBar:
    """A text progress bar on stderr (Django's OutputWrapper), redrawn at most ten times a second."""

    def __init__(self, stream: Any, width: int = 30, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.width = width
        self.clock = clock
        self.last = 0.0
        self.drawn = False
        self.stage = ""
        self.stage_started = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        if stage != self.stage:
            self.stage, self.stage_started = stage, now
        if stage == "done":
            if self.drawn:
                self.stream.write("")
                self.stream.flush()
            return
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        share = done / total if total else 1.0
        filled = int(share * self.width)
        self.stream.write(
            f"\r{stage:<11} [{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%} {done}/{total}"
            + time_left_suffix(now - self.stage_started, done, total),
            ending="",
        )
        self.stream.flush()
        self.drawn = True


class Command(BaseCommand):
    help = "Link person records in two CSV files, or find duplicates in one, with the front door's matcher."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--left", help="CSV of person records (link mode)")
        parser.add_argument("--right", help="CSV of person records to link to --left")
        parser.add_argument("--dedupe", help="CSV of person records to find duplicates in")
        parser.add_argument("--out", required=True, help="CSV to write: left_id,right_id,match_probability")
        parser.add_argument(
            "--threshold", type=float, help="minimum match probability (default: the parameters')"
        )
        parser.add_argument("--params", help="parameter file (default: the committed one)")
        parser.add_argument(
            "--fixed-params",
            action="store_true",
            help="score with the parameter file as it is (default: re-estimate it on these files first)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        left_path, right_path, dedupe_path = options["left"], options["right"], options["dedupe"]
        if dedupe_path and (left_path or right_path):
            raise CommandError("Give either --dedupe FILE, or --left FILE and --right FILE, not both")
        if not dedupe_path and not (left_path and right_path):
            raise CommandError("Give --left FILE and --right FILE to link two files, or --dedupe FILE")
        threshold = options["threshold"]
        if threshold is not None and not 0 <= threshold <= 1:
            raise CommandError("--threshold must be between 0 and 1")
        try:
            params = load_params(options["params"])
        except (OSError, ValueError, KeyError, ParamsError) as error:
            raise CommandError(f"Cannot read the parameter file: {error}") from None
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"Cannot write {out}: the folder {out.parent} does not exist")
        progress = None if options["no_progress"] else ProgressBar(self.stderr)
        estimate = not options["fixed_params"]
        started = time.perf_counter()
        if dedupe_path:
            records = read_records(dedupe_path, "Input")
            result = dedupe(
                records, params, threshold=threshold, progress=progress, groups=True, estimate=estimate
            )
        else:
            left = read_records(left_path, "Left")
            right = read_records(right_path, "Right")
            result = link(left, right, params, threshold=threshold, progress=progress, estimate=estimate)
        try:
            with out.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["left_id", "right_id", "match_probability"])
                for a, b, probability in result.pairs:
                    writer.writerow(escape_row([a, b, f"{probability:.6f}"]))
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from None
        stats = result.stats
        malformed = ", ".join(f"{name} {count}" for name, count in sorted(stats.malformed.items())) or "none"
        self.stderr.write(f"Malformed values treated as missing: {malformed}")
        self.stderr.write(
            f"Records: {stats.records_left}" + (f" + {stats.records_right}" if not dedupe_path else "")
            + f"; empty records (never matched): {stats.empty_records}; candidate pairs: {stats.candidate_pairs}"
            + (f"; pairs joined through another record: {stats.pairs_through_others}; pairs left out, as they would"
               f" make one person of records that contradict each other: {stats.links_refused}"
               if dedupe_path else "")
        )  # fmt: skip
        if stats.estimated:
            self.stderr.write(
                f"Parameters re-estimated on these records ({stats.estimated['iterations']:.0f} EM iterations): "
                f"{stats.estimated['share_matching']:.1%} of candidate pairs judged the same person"
            )
        self.stderr.write(
            f"Wrote {len(result.pairs)} pairs to {out} in {time.perf_counter() - started:.1f} s "
            f"(parameters {params.version}{', re-estimated on these records' if stats.estimated else ''}, threshold {params.threshold if threshold is None else threshold})"
        )
