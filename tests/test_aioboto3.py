"""aioboto3 inside mock_dynamodb(), with the dependencies aioboto3 itself pins.

aioboto3 pins an aiobotocore 2 (and so an older botocore) that the rest of the
suite does not run on, so this builds a fresh venv with aioboto3 as a user's
pip resolves it, installs this checkout's fakedynamo, and runs
tests/test_aiobotocore.py there: every aioboto3 test runs (none skips) under
its network guard. The main environment runs the same file on aiobotocore 3.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.venvs import ROOT, Venv


@pytest.fixture(scope="module")
def aioboto3_venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    environment = Venv(tmp_path_factory.mktemp("aioboto3") / "venv")
    environment.install_from_registry("aioboto3", "pytest>=8", "pytest-asyncio>=0.23")
    environment.install_fakedynamo()
    return environment


def test_aioboto3_with_its_own_pins_is_answered_in_process(aioboto3_venv: Venv, tmp_path: Path) -> None:
    versions = aioboto3_venv.json(
        "import json, aioboto3, aiobotocore, botocore;"
        "print(json.dumps([aioboto3.__version__, aiobotocore.__version__, botocore.__version__]))"
    )
    result = aioboto3_venv.run(
        "-m", "pytest", str(ROOT / "tests" / "test_aiobotocore.py"), "-q", "-rs",
        "-p", "no:cacheprovider", "--rootdir", str(ROOT), cwd=tmp_path,
    )
    assert result.returncode == 0, f"{versions}\n{result.stdout}\n{result.stderr}"
    assert "skipped" not in result.stdout, result.stdout
