"""Run pydynox 1.8.0's own integration suite against OUR pydynox, answered by fakedynamo (+ moto for S3/KMS).

The upstream suite is third-party code: it is never committed here. Point this
script at a copy of the pydynox 1.8.0 source (the sdist on PyPI contains
``tests/integration``)::

    pip download --no-deps --no-binary :all: pydynox==1.8.0 -d /tmp/pdx18src
    #   (pip fails to *build* it without Rust, but the archive is downloaded first:
    #    pass that .tar.gz, or a directory where it was unpacked)
    python -m tests.pydynox.run_upstream_integration /path/to/pydynox-1.8.0.tar.gz [--mode=http|inprocess] [pytest args...]

Pytest arguments naming a part of the suite (``integration/lock``,
``integration/s3/sync/test_s3_attribute.py::test_update_s3file``) run only that part.

It copies ``tests/integration`` to a temporary directory, replaces its
``conftest.py`` (which starts LocalStack in Docker) with one that imports
`tests.pydynox.upstream_conftest`, and runs pytest there with this
repository's ``pydynox-py`` first on the path. ``--mode`` picks how the fakes
answer (see that module): ``http``, the default, serves fakedynamo and moto's
S3/KMS behind one local endpoint as upstream's LocalStack is used;
``inprocess`` activates ``fakedynamo.mock_dynamodb()`` and moto's
``mock_aws()`` instead (modules whose tests need a real endpoint, for child
processes or a fault-injecting proxy, still get fakedynamo over HTTP). It prints the mode and the pass rate. Without a source
it says so and exits 0 (no network needed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from xml.etree import ElementTree
from pathlib import Path

REPO = Path(os.environ.get("PYDYNOX_REPO") or Path(__file__).resolve().parents[2])  # the repository whose pydynox runs

# The suite's conftest.py (which starts LocalStack in Docker) is replaced by this.
CONFTEST = "from tests.pydynox.upstream_conftest import *  # noqa: F401,F403\n"
MODES = ("http", "inprocess")


def _integration_dir(source: Path, work: Path) -> Path:
    if source.is_file():
        with tarfile.open(source) as archive:
            archive.extractall(work / "src", filter="data")
        source = work / "src"
    found = sorted(source.glob("**/tests/integration"))
    if not found:
        raise SystemExit(f"no tests/integration under {source}")
    return found[0]


def _mode(argv: list[str]) -> tuple[str, list[str]]:
    """The ``--mode=...`` flag (default http) and the other arguments."""
    mode, rest = "http", []
    for arg in argv:
        if arg.startswith("--mode="):
            mode = arg.partition("=")[2]
        else:
            rest.append(arg)
    if mode not in MODES:
        raise SystemExit(f"--mode must be one of {', '.join(MODES)}, not {mode!r}")
    return mode, rest


def pass_rate(report: Path) -> tuple[int, int, int, int]:
    """(passed, failed, errors, skipped) from a junit XML report."""
    tests = failures = errors = skipped = 0
    for node in ElementTree.parse(report).getroot().iter("testsuite"):
        tests += int(node.get("tests", 0))
        failures += int(node.get("failures", 0))
        errors += int(node.get("errors", 0))
        skipped += int(node.get("skipped", 0))
    return tests - skipped - failures - errors, failures, errors, skipped


def main(argv: list[str]) -> int:
    mode, argv = _mode(argv)
    if not argv or not Path(argv[0]).exists():
        print("run_upstream_integration: no pydynox 1.8.0 source given (or it does not exist); nothing to run.")
        return 0
    with tempfile.TemporaryDirectory(prefix="pdx18-integration-") as tmp:
        work = Path(tmp)
        suite = work / "integration"
        shutil.copytree(_integration_dir(Path(argv[0]), work), suite)
        (suite / "conftest.py").write_text(CONFTEST)
        (work / "conftest.py").write_text("")
        env = {"PYTHONPATH": f"{REPO}:{REPO / 'pydynox-py'}", "PATH": "/usr/bin:/bin", "PYDYNOX18_SUITE_MODE": mode}
        env = {**os.environ, **env}
        extra = argv[1:]
        targets = [] if any(arg.startswith("integration/") for arg in extra) else [str(suite)]
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(work),
                   "-o", "addopts=", "-o", "asyncio_mode=auto", "-o", "asyncio_default_fixture_loop_scope=function", "--continue-on-collection-errors",
                   f"--junitxml={work / 'report.xml'}", *targets, *extra]  # fmt: skip
        run = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
        log = Path(tempfile.gettempdir()) / f"pydynox18-integration-{REPO.name}.log"
        log.write_text(run.stdout + run.stderr)
        lines = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
        print(*lines, f"(full output: {log})", sep="\n")
        report = work / "report.xml"
        if not report.exists():
            print(f"pytest exited with {run.returncode} and wrote no report")
            return 1
        passed, failures, errors, skipped = pass_rate(report)
        total = passed + failures + errors
        print(f"{passed} passed, {failures} failed, {errors} errors, {skipped} skipped (pytest exit code {run.returncode})")
        if total:
            print(f"upstream integration suite ({mode} mode): {passed}/{total} passed ({100 * passed / total:.1f}%)")
        return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
