"""The pytest plugin, run the way users meet it: a test file with no imports of fakedynamo and no conftest."""

from __future__ import annotations

import pytest

from tests.shared import QUIET

pytest_plugins = ["pytester"]




@pytest.fixture(autouse=True)
def quiet_ini(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    # As on a CI runner: no credentials, and no instance metadata service to ask for them.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


USES_THE_FIXTURE = '''
import boto3

# A client made at import time, before any test runs, is answered too.
MODULE_CLIENT = boto3.client("dynamodb", region_name="us-east-1")


def make_table(client, name):
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


def test_first(fakedynamo):
    client = boto3.client("dynamodb", region_name="us-east-1")
    make_table(client, "users")
    client.put_item(TableName="users", Item={"pk": {"S": "u1"}})
    assert fakedynamo.table_names() == ["users"]
    assert fakedynamo.items("users") == [{"pk": {"S": "u1"}}]
    assert fakedynamo.active


def test_second_gets_a_fresh_fake(fakedynamo):
    assert MODULE_CLIENT.list_tables()["TableNames"] == []
    make_table(MODULE_CLIENT, "other")
    assert fakedynamo.table_names() == ["other"]
'''


def test_fixture_needs_no_import_or_conftest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_users=USES_THE_FIXTURE)
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=2)


def test_fixture_comes_from_the_entry_point_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_users=USES_THE_FIXTURE)
    result = pytester.runpytest(*QUIET, "-p", "no:fakedynamo")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*fixture 'fakedynamo' not found*"])
    listed = pytester.runpytest(*QUIET, "--fixtures")
    listed.stdout.fnmatch_lines(["*fixtures defined from fakedynamo.pytest_plugin*", "fakedynamo -- *", "*empty fake DynamoDB*"])


def test_async_tests_and_decorated_classes_under_pytest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_shapes='''
import unittest

import boto3
import pytest
from fakedynamo import current_mock, mock_dynamodb


def make_table(client, name="things"):
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


@pytest.mark.asyncio
async def test_async_with_fixture(fakedynamo):
    client = boto3.client("dynamodb", region_name="us-east-1")
    make_table(client)
    assert fakedynamo.table_names() == ["things"]


@mock_dynamodb()
class TestPlain:
    def setup_method(self, method):
        self.client = boto3.client("dynamodb", region_name="us-east-1")
        make_table(self.client)

    def teardown_method(self, method):
        assert current_mock().item_count("things") == 1

    def test_a(self):
        self.client.put_item(TableName="things", Item={"pk": {"S": "a"}})

    def test_b(self):
        self.client.put_item(TableName="things", Item={"pk": {"S": "b"}})


@mock_dynamodb()
class TestCase(unittest.TestCase):
    def setUp(self):
        self.client = boto3.client("dynamodb", region_name="us-east-1")
        make_table(self.client)

    def test_a(self):
        self.assertEqual(self.client.list_tables()["TableNames"], ["things"])

    def test_b(self):
        self.assertEqual(self.client.list_tables()["TableNames"], ["things"])


def test_nothing_is_left_active():
    assert current_mock() is None
'''
    )
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=6)
