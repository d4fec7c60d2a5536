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
replaced by one that serves fakedynamo and moto's S3/KMS behind one local
endpoint (`tests.pydynox.one_endpoint`) and gives upstream's fixtures
(``localstack_endpoint``, ``dynamodb_endpoint``, ``table``, ``dynamo``,
``s3_bucket``, ``kms_key_id``) on it. It prints the pass rate; without the
source or the interpreter it says so and exits 0.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.etree import ElementTree

from tests.pydynox.run_upstream_integration import REPO, _integration_dir

CONFTEST = '''
"""fakedynamo's HTTP server answers DynamoDB, moto's server S3 and KMS, behind one endpoint (replaces LocalStack)."""

import subprocess
import sys

import pytest
from pydynox import DynamoDBClient

CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}


@pytest.fixture(scope="session")
def localstack_endpoint():
    # In a process of its own: the real pydynox's sync_table_exists holds the GIL while it waits.
    server = subprocess.Popen([sys.executable, "-m", "tests.pydynox.one_endpoint"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        yield server.stdout.readline().strip()
    finally:
        server.stdin.close()
        server.wait(timeout=30)


@pytest.fixture(scope="session")
def dynamodb_endpoint(localstack_endpoint):
    return localstack_endpoint


@pytest.fixture(scope="session")
def _session_client(localstack_endpoint):
    return DynamoDBClient(region="us-east-1", endpoint_url=localstack_endpoint, **CREDENTIALS)


@pytest.fixture(scope="session")
def _create_table(_session_client):
    if not _session_client.sync_table_exists("test_table"):
        _session_client.sync_create_table("test_table", partition_key=("pk", "S"), sort_key=("sk", "S"), wait=True)
    return _session_client


@pytest.fixture
def table(_create_table, localstack_endpoint):
    return DynamoDBClient(region="us-east-1", endpoint_url=localstack_endpoint, **CREDENTIALS)


@pytest.fixture
def dynamo(table):
    return table


def _boto3(service, endpoint):
    import boto3

    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


@pytest.fixture(scope="session")
def s3_bucket(localstack_endpoint):
    _boto3("s3", localstack_endpoint).create_bucket(Bucket="test-bucket")
    return "test-bucket"


@pytest.fixture(scope="session")
def kms_key_id(localstack_endpoint):
    return _boto3("kms", localstack_endpoint).create_key(KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
'''


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
        # This repository first (fakedynamo and tests.pydynox.one_endpoint); never pydynox-py: the real pydynox runs.
        env = {**os.environ, "PYTHONPATH": str(REPO)}
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
