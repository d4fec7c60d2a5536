"""Seed once per session, fork per test: the pydynox_memory_backend_forked fixture."""

from __future__ import annotations

import pytest

from tests.pydynox_testing.test_plugin import NO_XDIST, QUIET

pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def ini(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")


def test_seed_once_fork_per_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_users='''
import pytest
from pydynox import Model, ModelConfig
from pydynox.attributes import StringAttribute

SEEDINGS = []


class User(Model):
    model_config = ModelConfig(table="users")
    pk = StringAttribute(partition_key=True)
    name = StringAttribute()


@pytest.fixture(scope="session")
def pydynox_session_seed():
    SEEDINGS.append(1)
    return {"users": [{"pk": f"U#{n}", "name": f"user {n}"} for n in range(500)]}


def test_writes_in_one_test(pydynox_memory_backend_forked):
    User(pk="NEW", name="only here").sync_save()
    User.sync_get(pk="U#1").sync_delete()
    assert len(pydynox_memory_backend_forked.tables["users"]) == 500


def test_are_invisible_in_the_next(pydynox_memory_backend_forked):
    assert User.sync_get(pk="NEW") is None
    assert User.sync_get(pk="U#1").name == "user 1"


def test_seeded_once(pydynox_memory_backend_forked, pydynox_seeded_database):
    assert SEEDINGS == [1]
    assert pydynox_seeded_database.item_count("users") == 500
''')
    result = pytester.runpytest(*QUIET, *NO_XDIST, "-p", "no:randomly")
    result.assert_outcomes(passed=3)
