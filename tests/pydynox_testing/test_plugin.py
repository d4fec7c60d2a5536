"""The pytest plugin as users meet it: test files with no imports of pydynox.testing and no conftest."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

# Plugins these runs do not need, left out to keep them quick.
QUIET = ("-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:benchmark")
NO_XDIST = ("-p", "no:xdist")

MODELS = '''
from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute


class User(Model):
    model_config = ModelConfig(table="users")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    age = NumberAttribute(default=0)
    role = StringAttribute(default="user")
'''


@pytest.fixture(autouse=True)
def ini(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")


def test_fixtures_need_no_import_or_conftest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_users=MODELS
        + '''
import asyncio
import pytest


@pytest.mark.asyncio
async def test_async(pydynox_memory_backend):
    await User(pk="USER#1", name="John").save()
    assert (await User.get(pk="USER#1")).name == "John"


def test_sync(pydynox_memory_backend):
    assert User.sync_get(pk="USER#1") is None  # isolated from the async test
    User(pk="USER#1", name="Jane").sync_save()
    assert len(pydynox_memory_backend.tables["users"]) == 1


def test_factory(pydynox_memory_backend_factory):
    from pydynox.testing import MemoryBackend

    assert pydynox_memory_backend_factory is MemoryBackend
    with pydynox_memory_backend_factory(seed={"users": [{"pk": "S#1", "name": "Seeded"}]}):
        assert User.sync_get(pk="S#1").name == "Seeded"


def test_default_seed_is_empty(pydynox_seed, pydynox_memory_backend_seeded):
    assert pydynox_seed == {}
    assert dict(pydynox_memory_backend_seeded.tables) == {}


def test_lambda(pydynox_memory_backend):
    async def body():
        await User(pk="L#1").save()
        return await User.get(pk="L#1")

    assert asyncio.run(body()) is not None
'''
    )
    result = pytester.runpytest(*QUIET, *NO_XDIST)
    result.assert_outcomes(passed=5)


def test_the_fixtures_come_from_the_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_users="def test_one(pydynox_memory_backend):\n    pass\n")
    result = pytester.runpytest(*QUIET, *NO_XDIST, "-p", "no:pydynox")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'pydynox_memory_backend' not found*"])
    listed = pytester.runpytest(*QUIET, *NO_XDIST, "--fixtures")
    listed.stdout.fnmatch_lines(
        [
            "*fixtures defined from pydynox.testing.pytest_plugin*",
            "pydynox_memory_backend -- *",
            "pydynox_memory_backend_factory -- *",
            "pydynox_seed -- *",
            "pydynox_memory_backend_seeded -- *",
        ]
    )


def test_pydynox_seed_overridden_in_conftest(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        '''
import pytest

@pytest.fixture
def pydynox_seed():
    return {"users": [{"pk": "ADMIN#1", "name": "Admin", "role": "admin"}]}
'''
    )
    pytester.makepyfile(
        test_seeded=MODELS
        + '''
import pytest


@pytest.mark.asyncio
async def test_admin_exists(pydynox_memory_backend_seeded):
    admin = await User.get(pk="ADMIN#1")
    assert admin.role == "admin"


def test_writes_do_not_reach_the_next_test(pydynox_memory_backend_seeded):
    User(pk="X").sync_save()
    assert len(pydynox_memory_backend_seeded.tables["users"]) == 2


def test_seed_again(pydynox_memory_backend_seeded):
    assert len(pydynox_memory_backend_seeded.tables["users"]) == 1


class TestOverriddenInAClass:
    @pytest.fixture
    def pydynox_seed(self):
        return {"users": [{"pk": "CLASS#1"}]}

    def test_class_seed(self, pydynox_memory_backend_seeded):
        assert list(pydynox_memory_backend_seeded.tables["users"]) == ["CLASS#1"]
'''
    )
    result = pytester.runpytest(*QUIET, *NO_XDIST)
    result.assert_outcomes(passed=4)


def test_autouse_wrapper_and_parametrize(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        '''
import pytest

@pytest.fixture(autouse=True)
def use_memory_backend(pydynox_memory_backend):
    yield
'''
    )
    pytester.makepyfile(
        test_auto=MODELS
        + '''
import pytest


@pytest.mark.asyncio
@pytest.mark.parametrize("name,age", [("Alice", 30), ("Bob", 25), ("Charlie", 35)])
async def test_create_users(name, age):
    await User(pk=f"USER#{name}", name=name, age=age).save()
    assert (await User.get(pk=f"USER#{name}")).age == age


def test_only_its_own_data():
    assert list(User.sync_scan()) == []
'''
    )
    result = pytester.runpytest(*QUIET, *NO_XDIST)
    result.assert_outcomes(passed=4)


def test_a_backend_left_open_by_a_test_is_closed_by_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_leak=MODELS
        + '''
from pydynox import get_default_client
from pydynox.testing.memory import active_backends


def test_enters_without_leaving(pydynox_memory_backend_factory):
    pydynox_memory_backend_factory().__enter__()
    User(pk="LEAK").sync_save()


def test_nothing_was_left():
    assert active_backends() == []
    assert get_default_client() is None
'''
    )
    result = pytester.runpytest(*QUIET, *NO_XDIST)
    result.assert_outcomes(passed=2)


def test_boto3_and_pydynox_in_one_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_mixed=MODELS
        + '''
import boto3

# Made at import time, before any test: answered by each test's backend.
MODULE_CLIENT = boto3.client("dynamodb", region_name="us-east-1")


def test_both_ways(pydynox_memory_backend):
    User(pk="USER#1", name="Ann").sync_save()
    assert MODULE_CLIENT.get_item(TableName="users", Key={"pk": {"S": "USER#1"}})["Item"]["name"] == {"S": "Ann"}
    boto3.client("dynamodb").put_item(TableName="users", Item={"pk": {"S": "USER#2"}, "name": {"S": "Bo"}})
    assert User.sync_get(pk="USER#2").name == "Bo"


def test_next_test_is_empty(pydynox_memory_backend):
    assert MODULE_CLIENT.scan(TableName="users")["Items"] == []
'''
    )
    result = pytester.runpytest(*QUIET, *NO_XDIST)
    result.assert_outcomes(passed=2)


def test_runs_under_xdist(pytester: pytest.Pytester) -> None:
    body = '''
import os

import pytest


def test_on_a_worker():
    assert os.environ["PYTEST_XDIST_WORKER"] in ("gw0", "gw1")


@pytest.mark.asyncio
@pytest.mark.parametrize("n", range(8))
async def test_isolated(pydynox_memory_backend, n):
    assert await User.get(pk="SHARED") is None
    await User(pk="SHARED", name=str(n)).save()
    assert len(pydynox_memory_backend.tables["users"]) == 1


@pytest.mark.parametrize("n", range(8))
def test_isolated_sync(pydynox_memory_backend, n):
    assert User.sync_get(pk="SHARED") is None
    User(pk="SHARED", name=str(n)).sync_save()
'''
    pytester.makepyfile(test_one=MODELS + body, test_two=MODELS + body)
    result = pytester.runpytest_subprocess(*QUIET, "-n", "2")
    result.assert_outcomes(passed=34)
