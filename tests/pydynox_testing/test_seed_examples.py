"""The examples written inline in the seed document (docs/testing.md's ancestor), run unchanged.

Each snippet below is copied character for character from that document; the
only addition is the ``User`` model the snippets assume. They run together in
one pytest session, under pytest-xdist as the document's tip suggests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "testing"

USER_MODEL = '''from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute


class User(Model):
    model_config = ModelConfig(table="users")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    age = NumberAttribute(default=0)
    role = StringAttribute(default="user")


'''

CREATE_USER = '''import pytest

@pytest.mark.asyncio
async def test_create_user(pydynox_memory_backend):
    user = User(pk="USER#1", name="John")
    await user.save()
    assert await User.get(pk="USER#1") is not None
'''

SEED_CONFTEST = '''# conftest.py
import pytest

@pytest.fixture
def pydynox_seed():
    return {
        "users": [
            {"pk": "ADMIN#1", "name": "Admin", "role": "admin"},
            {"pk": "USER#1", "name": "Test User", "role": "user"},
        ]
    }
'''

ADMIN_EXISTS = '''import pytest

@pytest.mark.asyncio
async def test_admin_exists(pydynox_memory_backend_seeded):
    admin = await User.get(pk="ADMIN#1")
    assert admin.role == "admin"
'''

PARAMETRIZE = '''import pytest

@pytest.mark.asyncio
@pytest.mark.parametrize("name,age", [
    ("Alice", 30),
    ("Bob", 25),
    ("Charlie", 35),
])
async def test_create_users(pydynox_memory_backend, name, age):
    user = User(pk=f"USER#{name}", name=name, age=age)
    await user.save()
    
    found = await User.get(pk=f"USER#{name}")
    assert found.age == age
'''

AUTOUSE_CONFTEST = '''# conftest.py
import pytest

@pytest.fixture(autouse=True)
def use_memory_backend(pydynox_memory_backend):
    yield
'''


@pytest.fixture(autouse=True)
def ini(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")


def test_the_snippets_run_unchanged_in_parallel(pytester: pytest.Pytester) -> None:
    seeded = pytester.mkpydir("seeded")
    (seeded / "conftest.py").write_text(SEED_CONFTEST)
    (seeded / "test_admin.py").write_text(USER_MODEL + ADMIN_EXISTS)
    plain = pytester.mkpydir("plain")
    (plain / "test_create.py").write_text(USER_MODEL + CREATE_USER)
    (plain / "test_parametrize.py").write_text(USER_MODEL + PARAMETRIZE)
    auto = pytester.mkpydir("auto")
    (auto / "conftest.py").write_text(AUTOUSE_CONFTEST)
    (auto / "test_auto.py").write_text(USER_MODEL + CREATE_USER + "\n\n" + PARAMETRIZE.replace("import pytest\n", ""))
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:benchmark", "-n", "2")
    result.assert_outcomes(passed=9)


def test_the_snippets_run_in_one_process_too(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(SEED_CONFTEST)
    pytester.makepyfile(test_all=USER_MODEL + CREATE_USER + ADMIN_EXISTS + PARAMETRIZE)
    result = pytester.runpytest("-q", "-p", "no:cacheprovider", "-p", "no:xdist")
    result.assert_outcomes(passed=5)


@pytest.mark.parametrize(
    "snippet", [CREATE_USER, SEED_CONFTEST, ADMIN_EXISTS, PARAMETRIZE, AUTOUSE_CONFTEST], ids=lambda s: s.split("def ")[1].split("(")[0]
)
def test_the_guide_examples_show_the_snippets_unchanged(snippet: str) -> None:
    body = snippet.replace("import pytest\n\n", "", 1) if snippet.startswith("import pytest\n\n@") else snippet
    sources = [path.read_text(encoding="utf-8") for path in EXAMPLES.glob("*.py")]
    assert any(body in source for source in sources)
