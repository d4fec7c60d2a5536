"""mock_dynamodb and the botocore hook, through real boto3/botocore clients."""

from __future__ import annotations

import asyncio
import datetime
import socket
import statistics
import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError

import fakedynamo
from fakedynamo import current_mock, mock_dynamodb
from fakedynamo.wire import botocore as hook
from tests import shared

KEY_SCHEMA = [{"AttributeName": "pk", "KeyType": "HASH"}]
ATTRIBUTES = [{"AttributeName": "pk", "AttributeType": "S"}]
NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=2, read_timeout=2)


def create_table(client: Any, name: str = "users") -> dict[str, Any]:
    return client.create_table(
        TableName=name, KeySchema=KEY_SCHEMA, AttributeDefinitions=ATTRIBUTES, BillingMode="PAY_PER_REQUEST"
    )["TableDescription"]


def put(client: Any, table: str, pk: str, **attributes: str) -> None:
    item = {"pk": {"S": pk}, **{name: {"S": value} for name, value in attributes.items()}}
    client.put_item(TableName=table, Item=item)


def table_names(client: Any) -> list[str]:
    return client.list_tables()["TableNames"]


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


no_mock_leaks = shared.no_mock_leaks  # every test starts and ends with no active mock


@pytest.fixture
def client() -> Any:
    """A client made outside any mock (with dummy credentials, so botocore looks for none)."""
    return boto3.client("dynamodb", region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x")


# -- the basics -----------------------------------------------------------------------


def test_context_manager_answers_boto3_and_keeps_data_for_inspection(client: Any) -> None:
    with mock_dynamodb() as db:
        create_table(client)
        put(client, "users", "u1", name="Ada")
        got = client.get_item(TableName="users", Key={"pk": {"S": "u1"}})
        assert got["Item"] == {"pk": {"S": "u1"}, "name": {"S": "Ada"}}
        assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert got["ResponseMetadata"]["RequestId"]
    assert not db.active
    assert db.items("users") == [{"pk": {"S": "u1"}, "name": {"S": "Ada"}}]


def test_boto3_resource_and_errors_come_back_as_aws_sends_them() -> None:
    with mock_dynamodb():
        resource = boto3.resource("dynamodb", region_name="us-east-1")
        table = resource.create_table(
            TableName="things", KeySchema=KEY_SCHEMA, AttributeDefinitions=ATTRIBUTES, BillingMode="PAY_PER_REQUEST"
        )
        table.put_item(Item={"pk": "a", "n": 3})
        assert table.get_item(Key={"pk": "a"})["Item"] == {"pk": "a", "n": 3}
        with pytest.raises(ClientError) as caught:
            resource.meta.client.get_item(TableName="missing", Key={"pk": {"S": "a"}})
        assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
        assert isinstance(caught.value, resource.meta.client.exceptions.ResourceNotFoundException)


def test_any_region_and_any_endpoint_url_is_answered_by_the_mock() -> None:
    endpoints = [None, f"http://127.0.0.1:{closed_port()}", "https://dynamodb.example.invalid", "http://localstack:4566"]
    with mock_dynamodb() as db:
        for index, endpoint_url in enumerate(endpoints):
            client = boto3.client("dynamodb", region_name="ap-southeast-2", endpoint_url=endpoint_url, config=NO_RETRIES)
            create_table(client, f"table{index}")
    assert db.table_names("ap-southeast-2") == ["table0", "table1", "table2", "table3"]


def test_no_socket_is_opened_and_no_credentials_are_needed(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    for name in (
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    attempts: list[str] = []

    class NoSocket(socket.socket):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            attempts.append("socket")
            raise OSError("fakedynamo test: sockets are forbidden")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append("connect")
        raise OSError("fakedynamo test: sockets are forbidden")

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    session = boto3.session.Session()  # reads the emptied environment
    made_outside = session.client("dynamodb", region_name="eu-west-1", config=NO_RETRIES)
    assert session.get_credentials() is None  # truly no credentials anywhere

    with mock_dynamodb() as db:
        made_inside = session.client("dynamodb", config=NO_RETRIES)  # no region, no credentials
        assert made_inside.meta.region_name == "us-east-1"
        create_table(made_inside)
        create_table(made_outside, "outside")
        put(made_outside, "outside", "k")
        assert made_outside.get_item(TableName="outside", Key={"pk": {"S": "k"}})["Item"]["pk"] == {"S": "k"}
        # A PynamoDB-style call: botocore session, region passed positionally.
        positional = botocore.session.Session().create_client("dynamodb", "eu-west-1", config=NO_RETRIES)
        assert table_names(positional) == ["outside"]
        # DynamoDB Streams clients are answered by the fake too, off the network.
        streams = session.client("dynamodbstreams", region_name="us-east-1", config=NO_RETRIES)
        assert streams.list_streams()["Streams"] == []
    assert db.table_names() == ["outside", "users"]
    assert attempts == []

    # The patches do bite: outside the mock the same client tries the network.
    with pytest.raises(Exception):
        made_outside.list_tables()


def test_requests_are_unsigned_inside_and_signed_outside() -> None:
    client = boto3.client(
        "dynamodb", region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret"
    )
    seen: list[bool] = []

    def spy(request: Any, **_: Any) -> Any:
        seen.append("Authorization" in request.headers)
        if hook.active_engines:
            return None
        # Outside the mock: answer here, so that the test needs no network.
        from botocore.awsrequest import AWSResponse

        return AWSResponse(request.url, 200, {"x-amzn-RequestId": "spy"}, hook._Body(b'{"TableNames":[]}'))

    client.meta.events.register("before-send.dynamodb", spy)
    with mock_dynamodb():
        table_names(client)
    table_names(client)
    assert seen == [False, True]


def test_outside_the_mock_requests_go_to_the_network() -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"
    before = boto3.client(
        "dynamodb", region_name="us-east-1", endpoint_url=endpoint, config=NO_RETRIES,
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
    )
    with pytest.raises(EndpointConnectionError):
        table_names(before)
    with mock_dynamodb():
        # A client made before the mock was entered is answered while it is active...
        assert table_names(before) == []
        during = boto3.client("dynamodb", region_name="us-east-1", endpoint_url=endpoint, config=NO_RETRIES)
        assert table_names(during) == []
    # ...and both go back to the network once it exits.
    with pytest.raises(EndpointConnectionError):
        table_names(before)
    with pytest.raises(EndpointConnectionError):
        table_names(during)


def test_a_client_without_fakedynamo_handlers_still_cannot_reach_aws() -> None:
    # As a client created before fakedynamo was imported: signed, no handlers.
    client = fakedynamo.wire.botocore.detach(
        boto3.client(
            "dynamodb", region_name="eu-central-1", endpoint_url=f"http://127.0.0.1:{closed_port()}",
            config=NO_RETRIES, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
        )
    )
    with mock_dynamodb() as db:
        create_table(client, "late")
    assert db.table_names("eu-central-1") == ["late"]  # the region came from the signature
    with pytest.raises(EndpointConnectionError):
        table_names(client)
    fakedynamo.attach(client)
    with mock_dynamodb():
        assert table_names(client) == []


def test_other_services_are_left_alone() -> None:
    sqs = boto3.client(
        "sqs", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{closed_port()}", config=NO_RETRIES,
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
    )
    with mock_dynamodb(), pytest.raises(EndpointConnectionError):
        sqs.list_queues()


def test_boto3_default_session_is_kept(client: Any) -> None:
    session = boto3.DEFAULT_SESSION
    assert session is not None
    with mock_dynamodb():
        assert boto3.DEFAULT_SESSION is session
        boto3.client("dynamodb", region_name="us-east-1").list_tables()
        assert boto3.DEFAULT_SESSION is session
    assert boto3.DEFAULT_SESSION is session


def test_client_config_region_is_respected_inside_the_mock() -> None:
    with mock_dynamodb() as db:
        client = boto3.session.Session(region_name=None).client("dynamodb", config=Config(region_name="sa-east-1"))
        assert client.meta.region_name == "sa-east-1"
        create_table(client)
    assert db.regions() == ["sa-east-1"]


def test_entering_and_leaving_costs_well_under_a_millisecond() -> None:
    fresh: list[int] = []
    reused: list[int] = []
    db = mock_dynamodb()
    for _ in range(300):
        start = time.perf_counter_ns()
        with mock_dynamodb():
            pass
        fresh.append(time.perf_counter_ns() - start)
        start = time.perf_counter_ns()
        with db:
            pass
        reused.append(time.perf_counter_ns() - start)
    assert statistics.median(fresh) < 250_000  # ns; typically ~20 µs
    assert statistics.median(reused) < 50_000  # typically ~1 µs


# -- regions and accounts ---------------------------------------------------------------


def test_regions_are_isolated_and_arns_carry_the_account_id() -> None:
    with mock_dynamodb() as db:
        east = boto3.client("dynamodb", region_name="us-east-1")
        west = boto3.client("dynamodb", region_name="eu-west-1")
        description = create_table(east, "shared")
        assert description["TableArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/shared"
        assert table_names(west) == []
        with pytest.raises(west.exceptions.ResourceNotFoundException):
            west.describe_table(TableName="shared")
        create_table(west, "shared")
        put(west, "shared", "only-in-west")
        assert "Item" not in east.get_item(TableName="shared", Key={"pk": {"S": "only-in-west"}})
    assert db.regions() == ["eu-west-1", "us-east-1"]
    assert db.items("shared", region="eu-west-1") == [{"pk": {"S": "only-in-west"}}]
    assert db.items("shared", region="us-east-1") == []


def test_account_id_is_configurable(client: Any) -> None:
    with mock_dynamodb(account_id="999988887777") as db:
        assert create_table(client)["TableArn"] == "arn:aws:dynamodb:us-east-1:999988887777:table/users"
    assert db.account_id == "999988887777"


# -- inspection --------------------------------------------------------------------------


def test_inspection_api(client: Any) -> None:
    with mock_dynamodb() as db:
        create_table(client, "beta")
        create_table(client, "alpha")
        put(client, "alpha", "k2")
        put(client, "alpha", "k1", colour="red")
        assert current_mock() is db
    assert current_mock() is None
    assert db.table_names() == ["alpha", "beta"]
    assert db.table_names("us-east-1") == ["alpha", "beta"]
    assert db.table_names("eu-west-1") == []
    assert db.regions() == ["us-east-1"]
    assert db.item_count("alpha") == 2
    assert db.table("alpha").name == "alpha"
    assert sorted(item["pk"]["S"] for item in db.items("alpha")) == ["k1", "k2"]
    with pytest.raises(KeyError):
        db.items("missing")
    with pytest.raises(KeyError):
        db.table("alpha", region="eu-west-1")
    # items() hands out copies: changing them changes nothing stored.
    db.items("alpha")[0]["pk"]["S"] = "changed"
    assert sorted(item["pk"]["S"] for item in db.items("alpha")) == ["k1", "k2"]
    assert "inactive" in repr(db) and "tables=2" in repr(db)

    db.reset()
    assert db.table_names() == [] and db.regions() == []
    with db:
        assert table_names(client) == []


def test_table_in_several_regions_needs_a_region() -> None:
    with mock_dynamodb() as db:
        create_table(boto3.client("dynamodb", region_name="us-east-1"), "twin")
        create_table(boto3.client("dynamodb", region_name="us-west-2"), "twin")
    assert db.table_names() == ["twin"]
    with pytest.raises(ValueError, match="us-east-1, us-west-2"):
        db.items("twin")
    assert db.items("twin", region="us-west-2") == []


def test_reset_while_active(client: Any) -> None:
    with mock_dynamodb() as db:
        create_table(client)
        db.reset()
        assert table_names(client) == []
        create_table(client)
        assert db.active


# -- nesting and re-entry ------------------------------------------------------------------


def test_nested_mocks_are_separate_fakes_and_leaving_restores_the_outer(client: Any) -> None:
    with mock_dynamodb() as outer:
        create_table(client, "outer")
        with mock_dynamodb() as inner:
            assert table_names(client) == []
            create_table(client, "inner")
            assert outer.active and inner.active
        assert table_names(client) == ["outer"]
    assert outer.table_names() == ["outer"]
    assert inner.table_names() == ["inner"]


def test_reentering_a_handle_keeps_its_data(client: Any) -> None:
    db = mock_dynamodb()
    with db:
        create_table(client)
        put(client, "users", "u1")
    with db:
        assert table_names(client) == ["users"]
        put(client, "users", "u2")
        with db:  # the same handle nested in itself
            put(client, "users", "u3")
        assert db.active
    assert db.item_count("users") == 3


def test_start_stop_and_stopping_out_of_order(client: Any) -> None:
    first = mock_dynamodb().start()
    second = mock_dynamodb().start()
    third = mock_dynamodb().start()
    create_table(client, "third")
    second.stop()  # not the innermost: the innermost keeps answering
    assert table_names(client) == ["third"]
    third.stop()  # now the first answers, the second stays stopped
    assert table_names(client) == []
    create_table(client, "first")
    first.stop()
    assert [m.table_names() for m in (first, second, third)] == [["first"], [], ["third"]]
    with pytest.raises(RuntimeError, match="not active"):
        first.stop()


def test_exceptions_inside_the_block_still_stop_the_mock(client: Any) -> None:
    with pytest.raises(ZeroDivisionError):
        with mock_dynamodb() as db:
            1 / 0
    assert not db.active


# -- decoration -----------------------------------------------------------------------------


def test_decorated_function_gets_a_fresh_fake_per_call(client: Any) -> None:
    seen: list[Any] = []

    @mock_dynamodb()
    def make(name: str) -> list[str]:
        seen.append(current_mock())
        create_table(client, name)
        return table_names(client)

    assert make.__name__ == "make"
    assert make("one") == ["one"]
    assert make("two") == ["two"]
    assert seen[0] is not seen[1]
    assert current_mock() is None


def test_decorated_coroutine_function(client: Any) -> None:
    @mock_dynamodb()
    async def make() -> list[str]:
        await asyncio.sleep(0)
        create_table(client, "async")
        return await asyncio.get_running_loop().run_in_executor(None, table_names, client)

    assert asyncio.iscoroutinefunction(make)
    assert asyncio.run(make()) == ["async"]
    assert asyncio.run(make()) == ["async"]  # fresh again
    assert hook.active_engines == []


def test_decorated_unittest_testcase_shares_one_fake_between_setup_test_and_teardown() -> None:
    events: list[Any] = []

    @mock_dynamodb()
    class Case(unittest.TestCase):
        def setUp(self) -> None:
            self.client = boto3.client("dynamodb", region_name="us-east-1")
            create_table(self.client)

        def test_one(self) -> None:
            put(self.client, "users", "u1")
            events.append(table_names(self.client))

        def test_two(self) -> None:
            events.append(current_mock().item_count("users"))

        def tearDown(self) -> None:
            events.append(current_mock() is not None)

    result = unittest.TextTestRunner(stream=_Null(), verbosity=0).run(unittest.defaultTestLoader.loadTestsFromTestCase(Case))
    assert result.wasSuccessful(), result.errors + result.failures
    assert events == [["users"], True, 0, True]  # test_two sees a fresh fake: no item from test_one
    assert hook.active_engines == []


def test_decorated_plain_class_runs_setup_test_and_teardown_in_one_fresh_fake() -> None:
    @mock_dynamodb()
    class TestThings:
        def setup_method(self, method: Any) -> None:
            self.client = boto3.client("dynamodb", region_name="us-east-1")
            create_table(self.client)

        def teardown_method(self) -> None:
            assert current_mock() is not None

        def test_put(self) -> int:
            put(self.client, "users", "u1")
            return current_mock().item_count("users")

        async def test_async(self) -> list[str]:
            return table_names(self.client)

        @staticmethod
        def test_static() -> list[str]:
            return table_names(boto3.client("dynamodb", region_name="us-east-1"))

    for name, expected in (("test_put", 1), ("test_put", 1), ("test_async", ["users"])):
        case = TestThings()
        method = getattr(case, name)
        case.setup_method(method)
        result = method()
        assert (asyncio.run(result) if asyncio.iscoroutine(result) else result) == expected
        case.teardown_method(method)
        assert hook.active_engines == []
    # Called alone, without setup_method, a test method still runs in a fresh fake.
    with pytest.raises(ClientError, match="ResourceNotFound"):
        TestThings.test_put(_WithClient())  # type: ignore[arg-type]
    assert TestThings.test_static() == []


def test_decorating_a_non_callable_is_refused() -> None:
    with pytest.raises(TypeError):
        mock_dynamodb()(42)  # type: ignore[arg-type]


# -- threads, clock and seed ---------------------------------------------------------------------


def test_other_threads_see_the_active_mock(client: Any) -> None:
    with mock_dynamodb() as db:
        create_table(client)

        def work(index: int) -> str:
            # A client made in the worker thread, and the shared one.
            own = boto3.session.Session().client("dynamodb", region_name="us-east-1") if index == 0 else client
            put(own, "users", f"u{index}")
            return threading.current_thread().name

        with ThreadPoolExecutor(max_workers=4) as pool:
            names = set(pool.map(work, range(40)))
        assert names - {threading.current_thread().name}  # the work did run on other threads
    assert db.item_count("users") == 40


def test_id_seed_and_clock_make_ids_and_timestamps_deterministic(client: Any) -> None:
    instant = datetime.datetime(2024, 5, 17, 12, 30, tzinfo=datetime.timezone.utc)

    def run(**options: Any) -> tuple[Any, ...]:
        with mock_dynamodb(**options):
            response = client.create_table(
                TableName="timed", KeySchema=KEY_SCHEMA, AttributeDefinitions=ATTRIBUTES, BillingMode="PAY_PER_REQUEST"
            )
            description = response["TableDescription"]
            return description["TableId"], response["ResponseMetadata"]["RequestId"], description["CreationDateTime"]

    first = run(id_seed=7, clock=instant)
    assert first == run(id_seed=7, clock=instant)
    assert first[:2] != run(id_seed=8, clock=instant)[:2]
    assert first[2] == instant
    assert run(id_seed=7, clock=instant.timestamp())[2] == instant
    assert run(clock=lambda: 1_000_000_000.5)[2].timestamp() == 1_000_000_000.5
    assert run(clock=datetime.datetime(2024, 5, 17, 12, 30))[2] == instant  # naive means UTC
    with pytest.warns(DeprecationWarning, match="id_seed"):
        assert run(seed=7, clock=instant) == first  # the old name still works, with a warning
    with pytest.raises(TypeError):
        mock_dynamodb(id_seed=1, seed=1)
    with pytest.raises(TypeError):
        mock_dynamodb(clock="noon")  # type: ignore[arg-type]


class _Null:
    def write(self, *_: Any) -> None:
        pass

    def flush(self) -> None:
        pass


class _WithClient:
    client = property(lambda self: boto3.client("dynamodb", region_name="us-east-1"))
