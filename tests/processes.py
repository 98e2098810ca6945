"""Running the project in a fresh Python process: what settings and imports do at start-up
shows only there, not in the test process where Django is set up already."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_fresh(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """`python *args` in the project's folder, with this process's environment except its
    DJANGO_* variables, plus `environment`; output captured as text."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(environment)
    return subprocess.run(  # noqa: S603 (the test's own arguments)
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
