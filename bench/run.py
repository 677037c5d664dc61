"""`make bench`: every benchmark in turn, each writing its JSON figures to var/bench/."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["bench_http.py", "dashboard.py", "directory.py", "matching.py", "reporting.py", "record.py"]

failed = []
for name in BENCHMARKS:
    script = HERE / name
    if not script.exists():
        continue
    print(f"== bench/{name}", flush=True)
    if subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False).returncode:
        failed.append(name)
if failed:
    sys.exit(f"benchmarks failed: {', '.join(failed)}")
