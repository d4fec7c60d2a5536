"""MemoryBackend: entering and leaving, the default client, tables, seeds, strictness, decorators."""

from __future__ import annotations

import asyncio
import datetime
import threading
from decimal import Decimal
from enum import Enum

import boto3
import pytest

import fakedynamo
from fakedynamo.wire import botocore as hook
from pydynox import DynamoDBClient, Model, ModelConfig, get_default_client, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.exceptions import ResourceInUseException, ResourceNotFoundException
from pydynox.testing import MemoryBackend
from pydynox.testing.memory import MemoryClient, active_backends, memory_backend


class Note(Model):
    model_config = ModelConfig(table="mb-notes")

    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    text = StringAttribute()
    stars = NumberAttribute(default=0)


class Counter(Model):
    model_config = ModelConfig(table="mb-counters")

    name = StringAttribute(partition_key=True, alias="n")
    value = NumberAttribute(default=0, alias="v")


# -- entering and leaving ------------------------------------------------------------------------


def test_the_default_client_is_a_memory_client_and_comes_back() -> None:
    before = DynamoDBClient(region="eu-west-1")
    set_default_client(before)
    with MemoryBackend() as backend:
        assert isinstance(get_default_client(), MemoryClient)
        assert backend.client is get_default_client()
        assert backend._client is backend.client
        assert backend.active
    assert get_default_client() is before
    assert not backend.active


def test_without_a_previous_default_client_none_is_left() -> None:
    with MemoryBackend():
        pass
    assert get_default_client() is None


def test_models_forget_their_cached_client_both_ways() -> None:
    with MemoryBackend() as first:
        Note(pk="a", sk="1").sync_save()
        assert Note._client_instance is first.client
    assert Note._client_instance is None
    with MemoryBackend() as second:
        assert Note.sync_get(pk="a", sk="1") is None  # nothing leaks from the first use
        assert Note._client_instance is second.client


def test_a_client_cached_before_the_backend_is_not_used_inside() -> None:
    real = DynamoDBClient(region="us-east-1")
    set_default_client(real)
    Note._client_instance = real
    with MemoryBackend() as backend:
        Note(pk="a", sk="1").sync_save()
        assert Note._client_instance is backend.client
    assert Note._client_instance is None


def test_nothing_leaks_between_uses_of_one_instance() -> None:
    backend = MemoryBackend()
    with backend:
        Note(pk="a", sk="1").sync_save()
        assert len(backend.tables["mb-notes"]) == 1
    assert backend.tables == {}
    with backend:
        assert backend.tables == {}
        assert Note.sync_get(pk="a", sk="1") is None


def test_backends_nest_and_the_innermost_answers() -> None:
    with MemoryBackend() as outer:
        Note(pk="outer", sk="1").sync_save()
        with MemoryBackend() as inner:
            assert Note.sync_get(pk="outer", sk="1") is None
            Note(pk="inner", sk="1").sync_save()
            assert active_backends() == [outer, inner]
        assert get_default_client() is outer.client
        assert Note.sync_get(pk="outer", sk="1") is not None
        assert Note.sync_get(pk="inner", sk="1") is None


def test_one_instance_entered_twice_nests() -> None:
    backend = MemoryBackend()
    with backend:
        outer_client = backend.client
        with backend:
            assert backend.client is not outer_client
        assert backend.client is outer_client
    assert not backend.active


def test_leaving_out_of_order_restores_the_right_client() -> None:
    before = DynamoDBClient()
    set_default_client(before)
    first, second = MemoryBackend(), MemoryBackend()
    first_activation = first._activate()
    second._activate()
    first._deactivate(first_activation)  # the outer one leaves first
    assert get_default_client() is second.client
    second.__exit__(None, None, None)
    assert get_default_client() is before


def test_memory_backend_helper() -> None:
    with memory_backend(seed={"mb-counters": [{"n": "hits", "v": 3}]}) as backend:
        assert isinstance(backend, MemoryBackend)
        assert Counter.sync_get(name="hits").value == 3
    assert not backend.active


def test_a_memory_client_refuses_to_work_after_its_backend_left() -> None:
    with MemoryBackend() as backend:
        client = backend.client
        client.sync_put_item("mb-notes", {"pk": "a", "sk": "1"})
    with pytest.raises(RuntimeError, match="no longer active"):
        client.sync_get_item("mb-notes", {"pk": "a", "sk": "1"})


def test_outside_the_backend_client_and_mock_are_errors() -> None:
    backend = MemoryBackend()
    with pytest.raises(RuntimeError):
        backend.client
    with pytest.raises(RuntimeError):
        backend.mock
    assert backend._client is None
    backend.clear()  # harmless


# -- tables -------------------------------------------------------------------------------------


def test_tables_maps_key_strings_to_plain_items() -> None:
    with MemoryBackend() as backend:
        Note(pk="u1", sk="n1", text="hi").sync_save()
        Counter(name="hits", value=2).sync_save()
        tables = backend.tables
        assert sorted(tables) == ["mb-counters", "mb-notes"]
        assert "mb-notes" in tables and "missing" not in tables
        assert dict(tables["mb-notes"]) == {"u1|n1": {"pk": "u1", "sk": "n1", "text": "hi", "stars": 0}}
        # Alias names, as stored.
        assert tables["mb-counters"] == {"hits": {"n": "hits", "v": 2}}
        # Live: the same view sees later writes.
        Note(pk="u1", sk="n2").sync_save()
        assert len(tables["mb-notes"]) == 2
        assert [item["sk"] for item in tables["mb-notes"].values()] == ["n1", "n2"]
        with pytest.raises(KeyError):
            tables["missing"]


def test_an_empty_sort_key_gives_the_partition_key_alone() -> None:
    with MemoryBackend() as backend:
        backend.client.sync_put_item("mb-raw", {"pk": 7})
        assert dict(backend.tables["mb-raw"]) == {"7": {"pk": 7}}


def test_clear_drops_every_table() -> None:
    with MemoryBackend() as backend:
        Note(pk="u1", sk="n1").sync_save()
        backend.clear()
        assert len(backend.tables) == 0
        assert Note.sync_get(pk="u1", sk="n1") is None  # the table is back, empty
        assert list(backend.tables) == ["mb-notes"]


def test_tables_appear_on_first_use_not_on_describe() -> None:
    with MemoryBackend():
        assert Note.sync_table_exists() is False
        assert Note.sync_get(pk="x", sk="y") is None  # a read creates it
        assert Note.sync_table_exists() is True


def test_explicit_create_table_is_dynamodb_create_table() -> None:
    with MemoryBackend() as backend:
        Note.sync_create_table()
        with pytest.raises(ResourceInUseException):
            Note.sync_create_table()
        Counter(name="a").sync_save()
        with pytest.raises(ResourceInUseException):
            asyncio.run(Counter.create_table())
        Note.sync_delete_table()
        assert "mb-notes" not in backend.tables


def test_a_table_no_model_names_is_not_found_for_boto3() -> None:
    with MemoryBackend():
        client = boto3.client("dynamodb")
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            client.get_item(TableName="nobody", Key={"pk": {"S": "a"}})


def test_a_table_no_model_names_is_inferred_for_the_memory_client() -> None:
    with MemoryBackend() as backend:
        client = backend.client
        assert client.sync_get_item("raw-get", {"id": 5}) is None
        client.sync_put_item("raw-put", {"pk": "a", "sk": "b", "x": 1})
        client.sync_update_item("raw-update", {"PK": "a"}, updates={"x": 1})
        assert list(client.sync_query("raw-query", "#p = :v", expression_attribute_names={"#p": "owner"}, expression_attribute_values={":v": "me"})) == []
        assert list(client.sync_scan("raw-scan")) == []
        described = boto3.client("dynamodb").describe_table(TableName="raw-put")["Table"]
        assert described["KeySchema"] == [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ]
        assert boto3.client("dynamodb").describe_table(TableName="raw-get")["Table"]["AttributeDefinitions"] == [
            {"AttributeName": "id", "AttributeType": "N"}
        ]
        assert boto3.client("dynamodb").describe_table(TableName="raw-query")["Table"]["KeySchema"][0]["AttributeName"] == "owner"
        # A DynamoDBClient of the user's own gets DynamoDB's answer.
        with pytest.raises(ResourceNotFoundException):
            DynamoDBClient().sync_get_item("raw-other", {"pk": "a"})


# -- seeds ------------------------------------------------------------------------------------------


def test_seeds_go_through_the_model_of_their_table() -> None:
    seed = {"mb-counters": [{"n": "a", "v": 1}, {"n": "b", "v": 2}], "mb-notes": [{"pk": "u", "sk": "1"}]}
    with MemoryBackend(seed=seed) as backend:
        assert Counter.sync_get(name="b").value == 2
        assert [note.sk for note in Note.sync_query(partition_key="u")] == ["1"]
        assert len(backend.tables["mb-counters"]) == 2


def test_seeds_of_tables_no_model_names_infer_keys() -> None:
    seed = {
        "raw-a": [{"pk": "x", "sk": "1"}, {"pk": "x", "sk": "2", "more": [1, 2]}],
        "raw-b": [{"id": 1}, {"id": 2}],
        "raw-c": [{"short_code": "abc", "url": "https://example.com"}],
        "raw-empty": [],
    }
    with MemoryBackend(seed=seed) as backend:
        assert sorted(backend.tables["raw-a"]) == ["x|1", "x|2"]
        assert sorted(backend.tables["raw-b"]) == ["1", "2"]
        assert list(backend.tables["raw-c"]) == ["abc"]
        assert len(backend.tables["raw-empty"]) == 0
        assert backend.client.sync_get_item("raw-a", {"pk": "x", "sk": "2"})["more"] == [1, 2]


def test_a_seed_whose_key_cannot_be_told_is_refused() -> None:
    with pytest.raises(ValueError, match="Cannot tell the key"):
        with MemoryBackend(seed={"raw-d": [{"name": "no key here"}]}):
            pass
    assert get_default_client() is None


def test_seed_items_are_copied() -> None:
    item = {"pk": "x", "tags": ["a"]}
    with MemoryBackend(seed={"raw-e": [item]}) as backend:
        item["tags"].append("b")
        assert backend.tables["raw-e"]["x"]["tags"] == ["a"]


def test_seeds_with_binary_and_sets() -> None:
    seed = {"raw-f": [{"pk": b"\x00\x01", "blob": b"\xff", "names": {"a", "b"}, "blobs": {b"1"}, "nested": {"b": [b"2"]}}]}
    with MemoryBackend(seed=seed) as backend:
        item = backend.client.sync_get_item("raw-f", {"pk": b"\x00\x01"})
        assert item == {"pk": b"\x00\x01", "blob": b"\xff", "names": {"a", "b"}, "blobs": {b"1"}, "nested": {"b": [b"2"]}}


# -- strict -------------------------------------------------------------------------------------------


class Colour(Enum):
    RED = "red"


def test_strict_refuses_what_dynamodb_would() -> None:
    with MemoryBackend() as backend:
        with pytest.raises(TypeError):
            backend.client.sync_put_item("raw-g", {"pk": "a", "when": datetime.datetime(2024, 1, 2)})
        with pytest.raises(TypeError):
            with MemoryBackend(seed={"raw-h": [{"pk": "a", "t": (1, 2)}]}):
                pass


def test_not_strict_stores_a_close_form() -> None:
    value = {
        "pk": "a",
        "when": datetime.datetime(2024, 1, 2, 3, 4, 5),
        "day": datetime.date(2024, 1, 2),
        "price": Decimal("1.50"),
        "pair": (1, "x"),
        "colour": Colour.RED,
        "other": object.__new__(type("Thing", (), {"__str__": lambda self: "thing"})),
        "mixed": {1, "a"},
    }
    with MemoryBackend(strict=False) as backend:
        backend.client.sync_put_item("raw-i", value)
        stored = backend.tables["raw-i"]["a"]
        assert stored == {
            "pk": "a",
            "when": "2024-01-02T03:04:05",
            "day": "2024-01-02",
            "price": 1.5,
            "pair": [1, "x"],
            "colour": "red",
            "other": "thing",
            "mixed": stored["mixed"],
        }
        assert sorted(map(str, stored["mixed"])) == ["1", "a"]
        with MemoryBackend(strict=True) as inner:  # strictness follows the innermost backend
            with pytest.raises(TypeError):
                inner.client.sync_put_item("raw-i", value)
        backend.client.sync_put_item("raw-i", value)
    with pytest.raises(TypeError):  # and is back to pydynox's rules afterwards
        DynamoDBClient()._put_request("t", value, None, None, None, False, None)


# -- decorators ------------------------------------------------------------------------------------


def test_decorating_a_function_gives_each_call_a_fresh_backend() -> None:
    backend = MemoryBackend()

    @backend
    def save_and_count(pk: str) -> int:
        Note(pk=pk, sk="1").sync_save()
        return len(backend.tables["mb-notes"])

    assert save_and_count("a") == 1
    assert save_and_count("b") == 1
    assert save_and_count.__name__ == "save_and_count"
    assert not backend.active


def test_decorating_a_coroutine_function() -> None:
    @MemoryBackend(seed={"mb-counters": [{"n": "a", "v": 1}]})
    async def read() -> int:
        await asyncio.sleep(0)
        counter = await Counter.get(name="a")
        return counter.value

    assert asyncio.run(read()) == 1
    assert active_backends() == []


def test_decorated_coroutines_may_run_concurrently() -> None:
    backend = MemoryBackend()

    @backend
    async def work(n: int) -> None:
        await Note(pk=str(n), sk="1").save()
        await asyncio.sleep(0.01)

    async def both() -> None:
        await asyncio.gather(work(1), work(2))

    asyncio.run(both())
    assert active_backends() == []
    assert get_default_client() is None


def test_only_functions_can_be_decorated() -> None:
    with pytest.raises(TypeError):
        MemoryBackend()(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="fixture"):
        MemoryBackend()(type("TestSomething", (), {}))


def test_the_body_may_raise() -> None:
    with pytest.raises(ZeroDivisionError):
        with MemoryBackend():
            1 / 0
    assert active_backends() == []


# -- clients made before the backend ---------------------------------------------------------------


def test_no_credentials_or_region_are_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    with MemoryBackend() as backend:
        Note(pk="a", sk="1").sync_save()
        assert backend.client.get_region() == "us-east-1"
        assert boto3.client("dynamodb").get_item(TableName="mb-notes", Key={"pk": {"S": "a"}, "sk": {"S": "1"}})["Item"]


def test_the_region_follows_the_environment_like_boto3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    with MemoryBackend() as backend:
        Note(pk="a", sk="1").sync_save()
        assert backend.client.get_region() == "eu-central-1"
        assert backend.mock.regions() == ["eu-central-1"]
        assert boto3.client("dynamodb").get_item(TableName="mb-notes", Key={"pk": {"S": "a"}, "sk": {"S": "1"}})["Item"]


# -- regions: tables are made on first use in the backend's region only ---------------------------

NOTE_KEY = {"pk": {"S": "a"}, "sk": {"S": "1"}}


@pytest.fixture
def no_configured_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)


def test_the_backend_region_defaults_to_the_one_boto3_picks(no_configured_region: None) -> None:
    assert MemoryBackend().region == "us-east-1"
    assert MemoryBackend(region="ap-south-1").region == "ap-south-1"
    with MemoryBackend() as backend:
        assert backend.region == backend.client.get_region() == "us-east-1"


def test_clients_in_another_region_get_resource_not_found(no_configured_region: None) -> None:
    with MemoryBackend() as backend:
        Note(pk="a", sk="1", text="home").sync_save()
        # pydynox and boto3 clients in the backend's region see the table, as before
        assert DynamoDBClient(region="us-east-1").sync_get_item("mb-notes", {"pk": "a", "sk": "1"}) is not None
        assert boto3.client("dynamodb", region_name="us-east-1").get_item(TableName="mb-notes", Key=NOTE_KEY)["Item"]

        # elsewhere the table does not exist, whether or not a model names it
        elsewhere = DynamoDBClient(region="eu-west-1")
        with pytest.raises(ResourceNotFoundException):
            elsewhere.sync_get_item("mb-notes", {"pk": "a", "sk": "1"})
        with pytest.raises(ResourceNotFoundException):
            elsewhere.sync_put_item("mb-never-used", {"pk": "a"})
        boto_elsewhere = boto3.client("dynamodb", region_name="eu-west-1")
        for call in (
            lambda: boto_elsewhere.get_item(TableName="mb-notes", Key=NOTE_KEY),
            lambda: boto_elsewhere.put_item(TableName="mb-notes", Item=NOTE_KEY),
        ):
            with pytest.raises(boto_elsewhere.exceptions.ResourceNotFoundException):
                call()
        assert backend.mock.regions() == ["us-east-1"]
        assert backend.mock.table_names("eu-west-1") == []


def test_a_model_whose_client_is_in_another_region_fails_loudly(no_configured_region: None) -> None:
    class Misplaced(Model):
        model_config = ModelConfig(table="mb-notes", client=DynamoDBClient(region="eu-west-1"))

        pk = StringAttribute(partition_key=True)
        sk = StringAttribute(sort_key=True)

    with MemoryBackend():
        Note(pk="a", sk="1").sync_save()
        with pytest.raises(ResourceNotFoundException):
            Misplaced.sync_get(pk="a", sk="1")  # not None, as an empty table in eu-west-1 would say


def test_an_explicit_region_holds_the_tables_and_seeds(no_configured_region: None) -> None:
    seed = {"mb-seeded": [{"pk": "s1", "name": "seeded"}]}
    with MemoryBackend(seed=seed, region="eu-west-1") as backend:
        Note(pk="a", sk="1").sync_save()
        assert backend.client.get_region() == "eu-west-1"
        assert sorted(backend.mock.table_names("eu-west-1")) == ["mb-notes", "mb-seeded"]
        assert list(backend.tables["mb-seeded"]) == ["s1"]
        assert boto3.client("dynamodb", region_name="eu-west-1").get_item(TableName="mb-notes", Key=NOTE_KEY)["Item"]
        home_default = boto3.client("dynamodb")  # us-east-1: not the backend's region
        with pytest.raises(home_default.exceptions.ResourceNotFoundException):
            home_default.get_item(TableName="mb-notes", Key=NOTE_KEY)
    with memory_backend(region="sa-east-1") as backend:
        assert backend.client.get_region() == "sa-east-1"


def test_tables_created_explicitly_in_another_region_work_as_in_dynamodb(no_configured_region: None) -> None:
    with MemoryBackend():
        eu = DynamoDBClient(region="eu-west-1")
        eu.sync_create_table("mb-eu", partition_key=("pk", "S"), wait=True)
        eu.sync_put_item("mb-eu", {"pk": "a"})
        assert eu.sync_get_item("mb-eu", {"pk": "a"}) == {"pk": "a"}


class Pinned(Model):
    model_config = ModelConfig(table="mb-pinned", client=DynamoDBClient(region="us-east-1"))

    pk = StringAttribute(partition_key=True)


def test_a_model_with_its_own_client_is_answered_by_the_backend_too() -> None:
    with MemoryBackend() as backend:
        Pinned(pk="a").sync_save()
        assert Pinned._client_instance is Pinned.model_config.client
        assert list(backend.tables["mb-pinned"]) == ["a"]


def test_a_client_connected_before_fakedynamo_was_imported_is_attached() -> None:
    old = DynamoDBClient(region="us-east-1")
    hook.detach(old._connect())  # as if botocore's client predated `import fakedynamo`
    set_default_client(old)

    class Legacy(Model):
        model_config = ModelConfig(table="mb-legacy", client=old)
        pk = StringAttribute(partition_key=True)

    with MemoryBackend():
        Legacy(pk="a").sync_save()  # unsigned, so no credentials are looked for
        assert Legacy.sync_get(pk="a") is not None


def test_threads_see_the_backend() -> None:
    with MemoryBackend() as backend:
        threads = [threading.Thread(target=lambda n=n: Note(pk=str(n), sk="1").sync_save()) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(backend.tables["mb-notes"]) == 8


def test_the_mock_is_fakedynamo() -> None:
    with MemoryBackend() as backend:
        assert fakedynamo.current_mock() is backend.mock
        Note(pk="a", sk="1").sync_save()
        assert backend.mock.item_count("mb-notes") == 1
        assert "MemoryBackend active" in repr(backend)
        assert "MemoryClient(region=" in repr(backend.client)


def test_async_calls_of_the_memory_client_run_inline() -> None:
    seen: list[str] = []

    class Spy(MemoryClient):
        def _send(self, method, request):  # type: ignore[no-untyped-def]
            seen.append(threading.current_thread().name)
            return super()._send(method, request)

    async def calls() -> list[Note | None]:
        await Note(pk="a", sk="1").save()
        return list(await asyncio.gather(*(Note.get(pk="a", sk=str(n)) for n in range(1, 4))))

    with MemoryBackend() as backend:
        spy = Spy(_mock=backend.mock)
        set_default_client(spy)
        found = asyncio.run(calls())
        assert [note is not None for note in found] == [True, False, False]
    assert seen and set(seen) == {threading.current_thread().name}


def test_page_methods_of_the_memory_client() -> None:
    with MemoryBackend() as backend:
        for n in range(5):
            Note(pk="p", sk=str(n)).sync_save()
        client = backend.client
        assert client._client is client
        client._acquire_rcu(1)
        client._acquire_wcu(1)
        items, last, metrics = client.sync_query_page(
            "mb-notes", "pk = :p", expression_attribute_values={":p": "p"}, limit=2
        )
        assert [item["sk"] for item in items] == ["0", "1"] and last == {"pk": "p", "sk": "1"}
        assert metrics.items_count == 2 and metrics.consumed_rcu is not None
        page = asyncio.run(
            client.query_page("mb-notes", "pk = :p", expression_attribute_values={":p": "p"}, exclusive_start_key=last)
        )
        assert [item["sk"] for item in page["items"]] == ["2", "3", "4"] and page["last_evaluated_key"] is None
        items, last, _ = client.sync_scan_page("mb-notes", limit=4)
        assert len(items) == 4 and last is not None
        rest = asyncio.run(client.scan_page("mb-notes", exclusive_start_key=last))
        assert len(rest["items"]) == 1


def test_memory_client_keeps_the_signatures_of_18s_memory_client() -> None:
    with MemoryBackend() as backend:
        for n in range(3):
            Note(pk="p", sk=str(n)).sync_save()
        client = backend.client
        # query and scan: one page, as a dict
        page = client.query("mb-notes", "pk = :p", expression_attribute_values={":p": "p"}, limit=2)
        assert [item["sk"] for item in page["items"]] == ["0", "1"] and page["count"] == 2
        assert page["last_evaluated_key"] == {"pk": "p", "sk": "1"} and page["metrics"].items_count == 2
        rest = client.query(
            "mb-notes", "pk = :p", expression_attribute_values={":p": "p"}, exclusive_start_key=page["last_evaluated_key"]
        )
        assert [item["sk"] for item in rest["items"]] == ["2"] and rest["last_evaluated_key"] is None
        backwards = client.query("mb-notes", "pk = :p", expression_attribute_values={":p": "p"}, scan_index_forward=False)
        assert [item["sk"] for item in backwards["items"]] == ["2", "1", "0"]
        scanned = client.scan("mb-notes", filter_expression="sk <> :s", expression_attribute_values={":s": "1"})
        assert scanned["count"] == 2 and scanned["scanned_count"] == 3
        # every page, lazily, stays available
        assert len(list(client.sync_query("mb-notes", "pk = :p", expression_attribute_values={":p": "p"}))) == 3
        # tables: table_exists answers at once, create_table keys a table on pk by default
        assert client.table_exists("mb-notes") is True and client.sync_table_exists("nothing-here") is False
        client.sync_create_table("mb-plain")
        assert client.table_exists("mb-plain")
        asyncio.run(client.delete_table("mb-plain", wait=True))
        client.sync_wait_for_table_deleted("mb-plain", timeout_seconds=1)
        assert not client.table_exists("mb-plain")
        assert asyncio.run(Note.table_exists()) is True  # the model reads the memory client's answer
