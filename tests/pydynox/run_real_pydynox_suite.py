"""Run pydynox 1.8.0's own integration suite with the REAL pydynox (Rust core) against fakedynamo served over HTTP.

`run_upstream_integration` runs the suite against this repository's
pydynox-py, answered in-process. This runs it as a user of the real pydynox
does: the real 1.8.0 installed in a virtualenv, talking HTTP to fakedynamo's
server, exactly as upstream's suite talks to LocalStack. What fails here is
either a gap in fakedynamo's fidelity, or something the suite takes from
LocalStack or from its own setup::

    python -m tests.pydynox.run_real_pydynox_suite /tmp/pydynox-1.8.0.tar.gz /tmp/realpdx/bin/python [pytest args...]

The interpreter must have the real pydynox 1.8.0, pytest, pytest-asyncio,
``moto[s3,kms,server]`` and opentelemetry-sdk installed; fakedynamo is taken
from this repository (put first on ``PYTHONPATH``), never from the venv.
The suite's conftest (LocalStack in Docker, through testcontainers) is
replaced by the one `run_upstream_integration` writes, in its ``http`` mode
(`tests.pydynox.upstream_conftest`): fakedynamo and moto's S3/KMS behind one
local endpoint (`tests.pydynox.one_endpoint`), and upstream's fixtures on it. It prints the pass rate; without the
source or the interpreter it says so and exits 0.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.pydynox.run_upstream_integration import CONFTEST, REPO, _integration_dir, pass_rate

# What the interpreter needs to run the suite.
NEEDS = ("pydynox", "pytest", "pytest_asyncio", "moto.server", "boto3", "opentelemetry.sdk")
# Run by the interpreter: prints the modules it lacks, and a note unless pydynox's core is
# the compiled Rust extension (pydynox-py has a pydynox_core module of its own).
_CHECK = f"""
import importlib.util as u
missing = [m for m in {NEEDS!r} if u.find_spec(m) is None]
if not missing and not (u.find_spec("pydynox.pydynox_core").origin or "").endswith((".so", ".pyd")):
    missing.append("the-real-pydynox(found-a-pure-Python-one)")
print(*missing)
"""


def missing_modules(python: str) -> list[str]:
    """What `python` lacks to run the suite with the real pydynox (it runs without this repository on its path)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    run = subprocess.run([python, "-c", _CHECK], check=False, env=env, capture_output=True, text=True)
    return run.stdout.split() if run.returncode == 0 else [f"(the interpreter failed: {run.stderr.strip()})"]


def main(argv: list[str]) -> int:
    if len(argv) < 2 or not Path(argv[0]).exists() or not Path(argv[1]).exists():
        print("run_real_pydynox_suite: give the pydynox 1.8.0 source and an interpreter with the real pydynox; "
              "one is missing, nothing to run.")
        return 0
    source, python, extra = Path(argv[0]), argv[1], argv[2:]
    if missing := missing_modules(python):
        print(f"run_real_pydynox_suite: {python} lacks {' '.join(missing)}; install pydynox==1.8.0 pytest "
              "pytest-asyncio 'moto[s3,kms,server]' opentelemetry-sdk there. Nothing run.")
        return 0
    with tempfile.TemporaryDirectory(prefix="pdx18-real-") as tmp:
        work = Path(tmp)
        suite = work / "integration"
        shutil.copytree(_integration_dir(source, work), suite)
        (suite / "conftest.py").write_text(CONFTEST)
        (work / "conftest.py").write_text("")
        # This repository first (fakedynamo and tests.pydynox.*); never pydynox-py: the real pydynox runs.
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYDYNOX18_SUITE_MODE": "http"}
        targets = [] if any(arg.startswith("integration/") for arg in extra) else [str(suite)]
        command = [python, "-m", "pytest", "-q", "-rfE", "-p", "no:cacheprovider", "--rootdir", str(work),
                   "-o", "addopts=", "-o", "asyncio_mode=auto", "-o", "asyncio_default_fixture_loop_scope=function",
                   "--continue-on-collection-errors", f"--junitxml={work / 'report.xml'}", *targets, *extra]  # fmt: skip
        run = subprocess.run(command, check=False, cwd=work, env=env, capture_output=True, text=True)
        log = Path(tempfile.gettempdir()) / f"pydynox18-real-{REPO.name}.log"
        log.write_text(run.stdout + run.stderr)
        for line in run.stdout.splitlines():
            if line.startswith(("FAILED", "ERROR")):
                print(line)
        print(f"(full output: {log})")
        report = work / "report.xml"
        if not report.exists():
            print(f"pytest exited with {run.returncode} and wrote no report")
            return 1
        passed, failed, errors, skipped = pass_rate(report)
        print(f"{passed} passed, {failed} failed, {errors} errors, {skipped} skipped (exit code {run.returncode})")
        if total := passed + failed + errors:
            rate = f"{passed}/{total} passed ({100 * passed / total:.1f}%)"
            print(f"real pydynox 1.8 suite vs fakedynamo over HTTP: {rate}")
        return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
