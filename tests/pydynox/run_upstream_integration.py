"""Run pydynox 1.8.0's own integration suite against OUR pydynox, answered by fakedynamo (+ moto for S3/KMS).

The upstream suite is third-party code: it is never committed here. Point this
script at a copy of the pydynox 1.8.0 source (the sdist on PyPI contains
``tests/integration``)::

    pip download --no-deps --no-binary :all: pydynox==1.8.0 -d /tmp/pdx18src
    #   (pip fails to *build* it without Rust, but the archive is downloaded first:
    #    pass that .tar.gz, or a directory where it was unpacked)
    python -m tests.pydynox.run_upstream_integration /path/to/pydynox-1.8.0.tar.gz [pytest args...]

Pytest arguments naming a part of the suite (``integration/lock``,
``integration/s3/sync/test_s3_attribute.py::test_update_s3file``) run only that part.

It copies ``tests/integration`` to a temporary directory, replaces its
``conftest.py`` (which starts LocalStack in Docker) with one that activates
``fakedynamo.mock_dynamodb()`` and moto's ``mock_aws()`` for the session (modules
whose tests need a real endpoint, for child processes or a fault-injecting HTTP
proxy, get the same fakedynamo served over HTTP instead), and runs pytest there with this repository's ``pydynox-py`` first on the path. It
prints the pass rate. Without a source it says so and exits 0 (no network needed).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from xml.etree import ElementTree
from pathlib import Path

REPO = Path(os.environ.get("PYDYNOX_REPO") or Path(__file__).resolve().parents[2])  # the repository whose pydynox runs

CONFTEST = '''
"""fakedynamo answers DynamoDB, moto's in-process S3 and KMS the rest (replaces upstream's LocalStack)."""

import contextlib
import os

import pytest

os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1")

from fakedynamo import mock_dynamodb, serve_dynamodb  # noqa: E402
from pydynox import DynamoDBClient  # noqa: E402

# Modules whose tests reach DynamoDB from child processes or through an HTTP proxy of their own:
# they need a real endpoint, so they get the session's fakedynamo served over HTTP, with its
# in-process answering paused (it would answer even a client pointed at the proxy).
SERVED_MODULES = {"test_distributed_lock.py"}


@pytest.fixture(scope="session", autouse=True)
def _fakes():
    try:
        from moto import mock_aws
    except ImportError:
        mock_aws = contextlib.nullcontext
    with mock_aws(), mock_dynamodb() as db:
        yield db


@pytest.fixture(scope="module")
def localstack_endpoint(request, _fakes):
    if request.path.name not in SERVED_MODULES:
        yield None
        return
    _fakes.stop()
    try:
        with serve_dynamodb(_fakes) as server:
            yield server.endpoint_url
    finally:
        _fakes.start()


@pytest.fixture(scope="module")
def dynamodb_endpoint(localstack_endpoint):
    return localstack_endpoint


def _client(endpoint=None):
    return DynamoDBClient(region="us-east-1", access_key="testing", secret_key="testing", endpoint_url=endpoint)


@pytest.fixture(scope="session")
def _session_client(_fakes):
    return _client()


@pytest.fixture(scope="session")
def _create_table(_fakes, _session_client):
    with _fakes:  # answered in-process even while a served module pauses the session's activation
        if not _session_client.sync_table_exists("test_table"):
            _session_client.sync_create_table(
                "test_table", partition_key=("pk", "S"), sort_key=("sk", "S"), wait=True
            )
    return _session_client


@pytest.fixture
def table(_create_table, localstack_endpoint):
    return _client(localstack_endpoint)


@pytest.fixture
def dynamo(table):
    return table


@pytest.fixture(scope="session")
def s3_bucket(_fakes):
    import boto3

    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="test-bucket")
    return "test-bucket"


@pytest.fixture(scope="session")
def kms_key_id(_fakes):
    import boto3

    return boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]["KeyId"]
'''


def _integration_dir(source: Path, work: Path) -> Path:
    if source.is_file():
        with tarfile.open(source) as archive:
            archive.extractall(work / "src", filter="data")
        source = work / "src"
    found = sorted(source.glob("**/tests/integration"))
    if not found:
        raise SystemExit(f"no tests/integration under {source}")
    return found[0]


def main(argv: list[str]) -> int:
    if not argv or not Path(argv[0]).exists():
        print("run_upstream_integration: no pydynox 1.8.0 source given (or it does not exist); nothing to run.")
        return 0
    with tempfile.TemporaryDirectory(prefix="pdx18-integration-") as tmp:
        work = Path(tmp)
        suite = work / "integration"
        shutil.copytree(_integration_dir(Path(argv[0]), work), suite)
        (suite / "conftest.py").write_text(CONFTEST)
        (work / "conftest.py").write_text("")
        env = {"PYTHONPATH": f"{REPO}:{REPO / 'pydynox-py'}", "PATH": "/usr/bin:/bin"}
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
        suites = ElementTree.parse(report).getroot().iter("testsuite")
        tests = failures = errors = skipped = 0
        for node in suites:
            tests += int(node.get("tests", 0))
            failures += int(node.get("failures", 0))
            errors += int(node.get("errors", 0))
            skipped += int(node.get("skipped", 0))
        total = tests - skipped
        passed = total - failures - errors
        print(f"{passed} passed, {failures} failed, {errors} errors, {skipped} skipped (pytest exit code {run.returncode})")
        if total:
            print(f"upstream integration suite: {passed}/{total} passed ({100 * passed / total:.1f}%)")
        return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
