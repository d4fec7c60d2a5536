"""fakedynamo installed beside the real pydynox (Rust core): nothing of pydynox changes, and it talks to the fake.

These tests build a fresh virtual environment, install the real
``pydynox==1.8.0`` from the package registry, then this repository's
``fakedynamo`` distribution, exactly as a user would. They skip where the
registry cannot be reached or the real pydynox does not support this Python.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import venv
from pathlib import Path
from typing import Any, Iterator

import pytest

REAL_PYDYNOX = "pydynox==1.8.0"
ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(sys.version_info < (3, 11), reason="the real pydynox 1.8 needs Python 3.11+")

# Every file the installed pydynox distribution owns, with its SHA-256.
FILES_OF_PYDYNOX = """
import hashlib, json
from importlib import metadata
dist = metadata.distribution("pydynox")
print(json.dumps({
    str(f): hashlib.sha256(f.locate().read_bytes()).hexdigest()
    for f in dist.files if f.locate().is_file() and f.suffix != ".pyc"
}))
"""

ENTRY_POINTS = """
import json
from importlib import metadata
print(json.dumps(sorted((ep.name, ep.value) for ep in metadata.entry_points(group="pytest11"))))
"""

USES_THE_REAL_PYDYNOX = '''
import pytest
from pydynox import Model, ModelConfig, pydynox_core
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.exceptions import ConditionalCheckFailedException


class User(Model):
    model_config = ModelConfig(table="users")
    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    visits = NumberAttribute(default=0)


def test_the_rust_client_is_the_one_answering(fakedynamo_pydynox):
    assert type(fakedynamo_pydynox._client) is pydynox_core.DynamoDBClient


def test_save_get_update_and_conditions(fakedynamo_pydynox, fakedynamo_server):
    User.sync_create_table(wait=True)
    User(pk="u1", name="Ada").sync_save()
    user = User.sync_get(pk="u1")
    assert user.name == "Ada"
    user.sync_update(atomic=[User.visits.add(2)])
    with pytest.raises(ConditionalCheckFailedException):
        User(pk="u1", name="Bob").sync_save(condition=User.pk.not_exists())
    assert fakedynamo_server.db.items("users") == [
        {"pk": {"S": "u1"}, "name": {"S": "Ada"}, "visits": {"N": "2"}}
    ]


@pytest.mark.asyncio
async def test_async_query_starts_from_empty_tables(fakedynamo_pydynox, fakedynamo_server):
    assert fakedynamo_server.db.table_names() == []
    await User.create_table(wait=True)
    await User(pk="u2", name="Grace").save()
    assert [u.name async for u in User.query(partition_key="u2")] == ["Grace"]
'''


def readme_python() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)


class Venv:
    """A fresh virtual environment with helpers to run its pip and python."""

    def __init__(self, path: Path) -> None:
        # No pip of its own (ensurepip takes seconds): this Python's pip installs into it.
        venv.create(path, with_pip=False)
        self.python = str(path / "bin" / "python")
        # A clean environment: nothing of this process's site-packages, no credentials.
        self.env = {
            "PATH": f"{path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOME": os.environ.get("HOME", str(path)),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "AWS_EC2_METADATA_DISABLED": "true",
        }
        for name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CONFIG_FILE", "PIP_FIND_LINKS", "TMPDIR"):
            if name in os.environ:
                self.env[name] = os.environ[name]

    def run(self, *args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.python, *args], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def pip(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pip", "--python", self.python, *args, "--quiet"]
        return subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=300)

    def json(self, code: str) -> Any:
        result = self.run("-c", code)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A venv with the real pydynox, then fakedynamo from this checkout; what each step left behind."""
    environment = Venv(tmp_path_factory.mktemp("real-pydynox") / "venv")
    # setuptools too, so that fakedynamo builds without an isolated build environment to fetch.
    tools = ("pytest>=8", "pytest-asyncio>=0.23", "setuptools>=68", "botocore>=1.34")
    installed = environment.pip("install", REAL_PYDYNOX, *tools)
    if installed.returncode != 0:
        pytest.skip(f"cannot install {REAL_PYDYNOX} from the registry: {installed.stderr.strip()[-300:]}")
    before = environment.json(FILES_OF_PYDYNOX)
    result = environment.pip("install", "--no-build-isolation", str(ROOT))
    assert result.returncode == 0, result.stderr
    yield {"venv": environment, "before": before}


def test_installing_fakedynamo_leaves_every_file_of_pydynox_as_it_was(env: dict[str, Any]) -> None:
    assert env["venv"].json(FILES_OF_PYDYNOX) == env["before"]


def test_the_real_pydynox_still_imports_and_owns_its_plugin_name(env: dict[str, Any]) -> None:
    environment = env["venv"]
    code = "import pydynox; from pydynox._internal._atomic import AtomicAdd; print(pydynox.__version__)"
    result = environment.run("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1.8.0"
    plugins = environment.json(ENTRY_POINTS)
    assert [name for name, _ in plugins].count("pydynox") == 1
    assert ["pydynox", "pydynox.testing.pytest_plugin"] in plugins
    assert ["fakedynamo", "fakedynamo.pytest_plugin"] in plugins
    assert environment.pip("check").returncode == 0


def test_the_real_pydynox_talks_to_fakedynamo_through_the_fixture(
    env: dict[str, Any], tmp_path: Path
) -> None:
    (tmp_path / "test_real.py").write_text(USES_THE_REAL_PYDYNOX)
    # The README's example for real pydynox users, as written.
    readme = next(code for code in readme_python() if "fakedynamo_pydynox" in code)
    (tmp_path / "test_readme.py").write_text(readme)
    # And the guide's example.
    guide = ROOT / "docs" / "examples" / "fakedynamo" / "pytest_real_pydynox.py"
    (tmp_path / "test_guide.py").write_text(guide.read_text(encoding="utf-8"))
    (tmp_path / "pytest.ini").write_text(
        textwrap.dedent(
            """\
            [pytest]
            asyncio_mode = strict
            asyncio_default_fixture_loop_scope = function
            """
        )
    )
    result = env["venv"].run("-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout


def test_uninstalling_fakedynamo_leaves_the_real_pydynox_working(env: dict[str, Any]) -> None:
    environment = env["venv"]
    assert environment.pip("uninstall", "-y", "fakedynamo").returncode == 0
    assert environment.json(FILES_OF_PYDYNOX) == env["before"]
    assert environment.run("-c", "from pydynox import Model; from pydynox.testing import MemoryBackend").returncode == 0
