"""Writers appending to the audit trail at once still make one unbroken chain (SQLite file and PostgreSQL)."""

import subprocess
import sys

from .conftest import HELPER, stop

WRITER = HELPER.with_name("_audit_writer.py")


def test_concurrent_writers_make_one_unbroken_chain(shared_database):
    writers = [shared_database.start(sys.executable, str(WRITER), f"w{n}", "40") for n in range(4)]
    for writer in writers:
        writer.wait(timeout=180)
        output = stop(writer)
        assert writer.returncode == 0, output
    checked = subprocess.run(
        [sys.executable, "manage.py", "verify_audit"], cwd=HELPER.parents[2], env=shared_database.env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "core_auditevent: 160 events, chain intact" in checked.stdout
