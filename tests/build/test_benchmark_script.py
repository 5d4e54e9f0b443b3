"""The benchmark script still runs against the package: its imports and command line. (The
benchmark itself takes minutes and measures time; it is run by hand, see the README.)"""

import subprocess
import sys

from conftest import REPO_ROOT


def test_the_benchmark_script_starts():
    done = subprocess.run([sys.executable, str(REPO_ROOT / "benchmarks" / "build_speed.py"), "--help"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "--repeat" in done.stdout
