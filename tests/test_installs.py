"""fakedynamo installed as a user installs it, beside what they already have.

One fresh virtual environment gets the real ``pydynox==1.8.0`` (Rust core)
and ``aioboto3`` with the dependencies aioboto3 pins (an aiobotocore 2 and an
older botocore than the rest of the suite runs on), from the package
registry; then this checkout's ``fakedynamo`` distribution. Then:

- nothing of the real pydynox changed, it still imports and owns its pytest
  plugin name, it talks to fakedynamo through the ``fakedynamo_pydynox``
  fixture (served from a child process, so that ``sync_table_exists``, which
  keeps the GIL while it waits, is answered too), and uninstalling
  fakedynamo leaves it working;
- tests/test_aiobotocore.py runs there with nothing skipped: aioboto3 is
  answered in-process under its network guard.

They skip where the registry cannot be reached or the real pydynox does not
support this Python.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.venvs import ROOT, Venv

REAL_PYDYNOX = "pydynox==1.8.0"

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
import faulthandler

import pytest
from pydynox import Model, ModelConfig, pydynox_core
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.exceptions import ConditionalCheckFailedException

pytest_plugins = ["pytester"]


class User(Model):
    model_config = ModelConfig(table="users")
    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    visits = NumberAttribute(default=0)


def test_the_rust_client_is_the_one_answering(fakedynamo_pydynox, fakedynamo_server):
    assert type(fakedynamo_pydynox._client) is pydynox_core.DynamoDBClient
    assert fakedynamo_server.child_process


def test_sync_table_exists_is_answered(fakedynamo_pydynox):
    # It keeps the GIL while it waits: served from a thread of this process it never got
    # its answer. Should it hang again, faulthandler's own (C) thread ends the run with
    # the stack instead, since no Python thread can run to do it.
    faulthandler.dump_traceback_later(120, exit=True)
    try:
        assert fakedynamo_pydynox.sync_table_exists("users") is False
        assert User.sync_table_exists() is False
        User.sync_create_table(wait=True)
        assert fakedynamo_pydynox.sync_table_exists("users") is True
        assert User.sync_table_exists() is True
    finally:
        faulthandler.cancel_dump_traceback_later()


def test_the_in_process_mark_is_refused(pytester):
    pytester.makeini("[pytest]\\nasyncio_default_fixture_loop_scope = function\\n")
    pytester.makepyfile(
        test_marked="import pytest\\n"
        "@pytest.mark.fakedynamo_in_process\\n"
        "def test_marked(fakedynamo_pydynox):\\n"
        "    pass\\n"
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*sync_table_exists keeps the GIL*"])


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


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A venv with the real pydynox, then fakedynamo from this checkout; what each step left behind."""
    scratch = tmp_path_factory.mktemp("installs")
    environment = Venv(scratch / "venv")
    environment.install_from_registry(REAL_PYDYNOX, "aioboto3", "pytest>=8", "pytest-asyncio>=0.23")
    before = environment.json(FILES_OF_PYDYNOX)
    environment.install_fakedynamo(scratch)
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
    assert "7 passed" in result.stdout


def test_aioboto3_with_its_own_pins_is_answered_in_process(env: dict[str, Any], tmp_path: Path) -> None:
    environment = env["venv"]
    versions = environment.json(
        "import json, aioboto3, aiobotocore, botocore;"
        "print(json.dumps([aioboto3.__version__, aiobotocore.__version__, botocore.__version__]))"
    )
    result = environment.run(
        "-m", "pytest", str(ROOT / "tests" / "test_aiobotocore.py"), "-q", "-rs",
        "-p", "no:cacheprovider", "-o", "addopts=", "--rootdir", str(ROOT), cwd=tmp_path,
    )
    assert result.returncode == 0, f"{versions}\n{result.stdout}\n{result.stderr}"
    assert "skipped" not in result.stdout, result.stdout


# Last: it takes fakedynamo away from the environment the tests above share.
def test_uninstalling_fakedynamo_leaves_the_real_pydynox_working(env: dict[str, Any]) -> None:
    environment = env["venv"]
    assert environment.pip("uninstall", "-y", "fakedynamo").returncode == 0
    assert environment.json(FILES_OF_PYDYNOX) == env["before"]
    assert environment.run("-c", "from pydynox import Model; from pydynox.testing import MemoryBackend").returncode == 0
