"""PutItem, GetItem and DeleteItem as real DynamoDB answers them.

Messages are DynamoDB's current wording (2026), as captured against real
DynamoDB by the paritysuite conformance suite and cross-checked against
dynalite's and Dynoxide's captures. Expressions are covered elsewhere.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from conformance.helpers import error_of, unique_name

INVALID = "One or more parameter values were invalid: "
SCHEMA = "The provided key element does not match the schema"
NOT_FOUND = "Requested resource not found"
ONLY_OLD_OR_NONE = "1 validation error detected: ReturnValues can only be ALL_OLD or NONE"
HASH_TOO_LARGE = INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes"
RANGE_TOO_LARGE = INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
TOO_BIG = "Item size has exceeded the maximum allowed size"


def empty_key(name: str, kind: str = "string") -> str:
    return (
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
        f"contain an empty {kind} value. Key: {name}"
    )


def S(value: str) -> dict[str, str]:
    return {"S": value}


def N(value: str) -> dict[str, str]:
    return {"N": value}


# -- the round trip -------------------------------------------------------------


def test_get_of_a_missing_item_returns_no_item(client, table):
    response = client.get_item(TableName=table, Key={"pk": S("nothing")})
    assert "Item" not in response


def test_put_replaces_the_whole_item(client, table):
    client.put_item(TableName=table, Item={"pk": S("a"), "x": S("1"), "y": N("2")})
    client.put_item(TableName=table, Item={"pk": S("a"), "z": {"BOOL": True}})
    item = client.get_item(TableName=table, Key={"pk": S("a")}, ConsistentRead=True)["Item"]
    assert item == {"pk": S("a"), "z": {"BOOL": True}}


def test_put_and_get_every_data_type(client, table):
    item = {
        "pk": S("all"),
        "s": S(""),
        "n": N("-12.5"),
        "b": {"B": b"\x00\x01"},
        "ss": {"SS": ["a", "b"]},
        "ns": {"NS": ["1", "2"]},
        "bs": {"BS": [b"x"]},
        "m": {"M": {"k": {"L": [S("v"), {"NULL": True}]}}},
        "l": {"L": []},
        "t": {"BOOL": False},
        "z": {"NULL": True},
    }
    client.put_item(TableName=table, Item=item)
    got = client.get_item(TableName=table, Key={"pk": S("all")}, ConsistentRead=True)["Item"]
    assert got["s"] == S("") and got["b"] == {"B": b"\x00\x01"} and got["m"] == item["m"]
    assert sorted(got["ss"]["SS"]) == ["a", "b"] and sorted(got["ns"]["NS"]) == ["1", "2"]
    assert set(got) == set(item)


def test_sort_key_items_are_separate(client, sorted_table):
    client.put_item(TableName=sorted_table, Item={"pk": S("p"), "sk": S("1"), "v": S("one")})
    client.put_item(TableName=sorted_table, Item={"pk": S("p"), "sk": S("2"), "v": S("two")})
    got = client.get_item(TableName=sorted_table, Key={"pk": S("p"), "sk": S("2")})["Item"]
    assert got["v"] == S("two")
    client.delete_item(TableName=sorted_table, Key={"pk": S("p"), "sk": S("1")})
    assert "Item" not in client.get_item(TableName=sorted_table, Key={"pk": S("p"), "sk": S("1")})
    assert "Item" in client.get_item(TableName=sorted_table, Key={"pk": S("p"), "sk": S("2")})


def test_numeric_keys_match_by_value(client, make_table):
    name = make_table(hash_type="N")
    client.put_item(TableName=name, Item={"pk": N("100"), "v": S("x")})
    got = client.get_item(TableName=name, Key={"pk": N("1E+2")}, ConsistentRead=True)
    assert got["Item"]["v"] == S("x")


def test_binary_keys_round_trip(client, make_table):
    name = make_table(hash_type="B")
    client.put_item(TableName=name, Item={"pk": {"B": b"\xff\x00"}, "v": S("x")})
    got = client.get_item(TableName=name, Key={"pk": {"B": b"\xff\x00"}}, ConsistentRead=True)
    assert got["Item"] == {"pk": {"B": b"\xff\x00"}, "v": S("x")}
    assert "Item" not in client.get_item(TableName=name, Key={"pk": {"B": b"\xff"}})


def test_delete_removes_the_item(client, table):
    client.put_item(TableName=table, Item={"pk": S("d")})
    assert client.delete_item(TableName=table, Key={"pk": S("d")}).keys() == {"ResponseMetadata"}
    assert "Item" not in client.get_item(TableName=table, Key={"pk": S("d")}, ConsistentRead=True)


def test_delete_of_a_missing_item_succeeds(client, table):
    response = client.delete_item(TableName=table, Key={"pk": S("never")}, ReturnValues="ALL_OLD")
    assert "Attributes" not in response


# -- ReturnValues ---------------------------------------------------------------


def test_put_returns_the_old_item_with_all_old(client, table):
    first = client.put_item(TableName=table, Item={"pk": S("r"), "v": N("1")}, ReturnValues="ALL_OLD")
    assert "Attributes" not in first
    second = client.put_item(TableName=table, Item={"pk": S("r"), "v": N("2")}, ReturnValues="ALL_OLD")
    assert second["Attributes"] == {"pk": S("r"), "v": N("1")}
    third = client.put_item(TableName=table, Item={"pk": S("r"), "v": N("3")}, ReturnValues="NONE")
    assert "Attributes" not in third
    plain = client.put_item(TableName=table, Item={"pk": S("r"), "v": N("4")})
    assert "Attributes" not in plain


def test_delete_returns_the_old_item_with_all_old(client, table):
    client.put_item(TableName=table, Item={"pk": S("r"), "v": N("1")})
    response = client.delete_item(TableName=table, Key={"pk": S("r")}, ReturnValues="ALL_OLD")
    assert response["Attributes"] == {"pk": S("r"), "v": N("1")}


@pytest.mark.parametrize("return_values", ["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"])
def test_put_refuses_return_values_other_than_all_old_or_none(client, table, return_values):
    call = lambda: client.put_item(TableName=table, Item={"pk": S("rv")}, ReturnValues=return_values)
    assert error_of(call) == ("ValidationException", ONLY_OLD_OR_NONE)
    assert "Item" not in client.get_item(TableName=table, Key={"pk": S("rv")}, ConsistentRead=True)


@pytest.mark.parametrize("return_values", ["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"])
def test_delete_refuses_return_values_other_than_all_old_or_none(client, table, return_values):
    client.put_item(TableName=table, Item={"pk": S("rv")})
    call = lambda: client.delete_item(TableName=table, Key={"pk": S("rv")}, ReturnValues=return_values)
    assert error_of(call) == ("ValidationException", ONLY_OLD_OR_NONE)
    assert "Item" in client.get_item(TableName=table, Key={"pk": S("rv")}, ConsistentRead=True)


def test_return_values_is_refused_before_the_table_is_looked_up(client, endpoint):
    absent = unique_name("absent")
    put = lambda: client.put_item(TableName=absent, Item={"pk": S("a")}, ReturnValues="ALL_NEW")
    delete = lambda: client.delete_item(TableName=absent, Key={"pk": S("a")}, ReturnValues="UPDATED_NEW")
    assert error_of(put) == ("ValidationException", ONLY_OLD_OR_NONE)
    assert error_of(delete) == ("ValidationException", ONLY_OLD_OR_NONE)


# -- attribute values: enveloped on writes, bare on GetItem ---------------------

NOT_NUMERIC = "The parameter cannot be converted to a numeric value: abc"
DUPLICATES = INVALID + 'Input collection ["a", "b", "b"] contains duplicates.'


def test_put_and_delete_report_value_errors_in_the_envelope(client, table):
    put = lambda: client.put_item(TableName=table, Item={"pk": S("v"), "n": N("abc")})
    assert error_of(put) == ("ValidationException", "1 validation error detected: " + NOT_NUMERIC)
    delete = lambda: client.delete_item(TableName=table, Key={"pk": {"SS": ["b", "a", "b"]}})
    assert error_of(delete) == ("ValidationException", "1 validation error detected: " + DUPLICATES)


def test_get_reports_value_errors_bare(client, table):
    assert error_of(lambda: client.get_item(TableName=table, Key={"pk": N("abc")})) == (
        "ValidationException",
        NOT_NUMERIC,
    )
    assert error_of(lambda: client.get_item(TableName=table, Key={"pk": {"SS": ["b", "a", "b"]}})) == (
        "ValidationException",
        DUPLICATES,
    )


def test_values_are_checked_before_the_table_is_looked_up(client, endpoint):
    absent = unique_name("absent")
    put = lambda: client.put_item(TableName=absent, Item={"pk": S("v"), "n": N("abc")}, ReturnValues="ALL_NEW")
    assert error_of(put) == ("ValidationException", "1 validation error detected: " + NOT_NUMERIC)
    get = lambda: client.get_item(TableName=absent, Key={"pk": N("abc")})
    assert error_of(get) == ("ValidationException", NOT_NUMERIC)


# -- missing tables -------------------------------------------------------------


def test_item_operations_on_a_missing_table(client, endpoint):
    absent = unique_name("absent")
    expected = ("ResourceNotFoundException", NOT_FOUND)
    assert error_of(lambda: client.put_item(TableName=absent, Item={"pk": S("a")})) == expected
    assert error_of(lambda: client.get_item(TableName=absent, Key={"pk": S("a")})) == expected
    assert error_of(lambda: client.delete_item(TableName=absent, Key={"pk": S("a")})) == expected


def test_the_table_is_looked_up_before_the_key_is_checked(client, endpoint):
    absent = unique_name("absent")
    expected = ("ResourceNotFoundException", NOT_FOUND)
    assert error_of(lambda: client.put_item(TableName=absent, Item={"other": S("a")})) == expected
    assert error_of(lambda: client.get_item(TableName=absent, Key={"a": N("1"), "b": S("")})) == expected
    assert error_of(lambda: client.delete_item(TableName=absent, Key={"pk": S("")})) == expected


# -- keys of items (PutItem) ----------------------------------------------------


def test_put_refuses_an_item_without_its_partition_key(client, sorted_table):
    call = lambda: client.put_item(TableName=sorted_table, Item={"sk": S("1"), "v": S("x")})
    assert error_of(call) == ("ValidationException", INVALID + "Missing the key pk in the item")


def test_put_refuses_an_item_without_its_sort_key(client, sorted_table):
    call = lambda: client.put_item(TableName=sorted_table, Item={"pk": S("1"), "v": S("x")})
    assert error_of(call) == ("ValidationException", INVALID + "Missing the key sk in the item")


def test_put_reports_the_partition_key_before_the_sort_key(client, sorted_table):
    call = lambda: client.put_item(TableName=sorted_table, Item={"pk": N("1")})
    assert error_of(call) == ("ValidationException", INVALID + "Type mismatch for key pk expected: S actual: N")


@pytest.mark.parametrize(
    "value, actual",
    [(N("1"), "N"), ({"B": b"x"}, "B"), ({"SS": ["a"]}, "SS"), ({"NULL": True}, "NULL"), ({"M": {}}, "M")],
)
def test_put_refuses_a_key_of_the_wrong_type(client, table, value, actual):
    call = lambda: client.put_item(TableName=table, Item={"pk": value})
    assert error_of(call) == ("ValidationException", f"{INVALID}Type mismatch for key pk expected: S actual: {actual}")


def test_put_refuses_a_sort_key_of_the_wrong_type(client, make_table):
    name = make_table(sort="N")
    call = lambda: client.put_item(TableName=name, Item={"pk": S("a"), "sk": S("1")})
    assert error_of(call) == ("ValidationException", INVALID + "Type mismatch for key sk expected: N actual: S")


def test_put_refuses_empty_string_keys(client, sorted_table):
    empty_hash = lambda: client.put_item(TableName=sorted_table, Item={"pk": S(""), "sk": S("")})
    empty_sort = lambda: client.put_item(TableName=sorted_table, Item={"pk": S("a"), "sk": S("")})
    assert error_of(empty_hash) == ("ValidationException", empty_key("pk"))
    assert error_of(empty_sort) == ("ValidationException", empty_key("sk"))


def test_put_refuses_an_empty_binary_key(client, make_table):
    name = make_table(hash_type="B")
    call = lambda: client.put_item(TableName=name, Item={"pk": {"B": b""}})
    assert error_of(call) == ("ValidationException", empty_key("pk", "binary"))


def test_partition_key_size_limit_is_2048_bytes(client, table):
    client.put_item(TableName=table, Item={"pk": S("a" * 2048)})
    assert error_of(lambda: client.put_item(TableName=table, Item={"pk": S("a" * 2049)})) == (
        "ValidationException",
        HASH_TOO_LARGE,
    )
    # Bytes of UTF-8, not characters: 683 three-byte characters are 2049 bytes.
    assert error_of(lambda: client.put_item(TableName=table, Item={"pk": S("€" * 683)})) == (
        "ValidationException",
        HASH_TOO_LARGE,
    )


def test_sort_key_size_limit_is_1024_bytes(client, sorted_table):
    client.put_item(TableName=sorted_table, Item={"pk": S("a"), "sk": S("s" * 1024)})
    call = lambda: client.put_item(TableName=sorted_table, Item={"pk": S("a"), "sk": S("s" * 1025)})
    assert error_of(call) == ("ValidationException", RANGE_TOO_LARGE)


def test_binary_key_size_counts_bytes(client, make_table):
    name = make_table(hash_type="B")
    client.put_item(TableName=name, Item={"pk": {"B": b"\x01" * 2048}})
    call = lambda: client.put_item(TableName=name, Item={"pk": {"B": b"\x01" * 2049}})
    assert error_of(call) == ("ValidationException", HASH_TOO_LARGE)


def test_a_refused_put_changes_nothing(client, table):
    client.put_item(TableName=table, Item={"pk": S("keep"), "v": S("original")})
    call = lambda: client.put_item(TableName=table, Item={"pk": S("keep"), "v": S("new")}, ReturnValues="ALL_NEW")
    error_of(call)
    item = client.get_item(TableName=table, Key={"pk": S("keep")}, ConsistentRead=True)["Item"]
    assert item["v"] == S("original")


# -- keys of Key maps (GetItem, DeleteItem) -------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        {},
        {"pk": S("a"), "other": S("b")},
        {"other": S("a")},
        {"pk": N("1")},
        {"pk": {"SS": ["a"]}},
    ],
    ids=["empty", "extra attribute", "wrong attribute", "wrong type", "set"],
)
def test_get_and_delete_refuse_a_key_that_does_not_match_the_schema(client, table, key):
    assert error_of(lambda: client.get_item(TableName=table, Key=key)) == ("ValidationException", SCHEMA)
    assert error_of(lambda: client.delete_item(TableName=table, Key=key)) == ("ValidationException", SCHEMA)


@pytest.mark.parametrize(
    "key",
    [{"pk": S("a")}, {"sk": S("a")}, {"pk": S("a"), "sk": N("1")}, {"pk": S("a"), "sk": S("b"), "x": S("c")}],
    ids=["no sort key", "no partition key", "sort key of the wrong type", "extra attribute"],
)
def test_a_key_on_a_sorted_table_needs_both_attributes(client, sorted_table, key):
    assert error_of(lambda: client.get_item(TableName=sorted_table, Key=key)) == ("ValidationException", SCHEMA)
    assert error_of(lambda: client.delete_item(TableName=sorted_table, Key=key)) == ("ValidationException", SCHEMA)


def test_get_and_delete_refuse_empty_key_values(client, sorted_table):
    key = {"pk": S(""), "sk": S("")}
    assert error_of(lambda: client.get_item(TableName=sorted_table, Key=key)) == ("ValidationException", empty_key("pk"))
    key = {"pk": S("a"), "sk": S("")}
    assert error_of(lambda: client.delete_item(TableName=sorted_table, Key=key)) == ("ValidationException", empty_key("sk"))


def test_delete_refuses_an_empty_binary_key(client, make_table):
    name = make_table(hash_type="B")
    call = lambda: client.delete_item(TableName=name, Key={"pk": {"B": b""}})
    assert error_of(call) == ("ValidationException", empty_key("pk", "binary"))


def test_get_refuses_keys_over_the_size_limits(client, sorted_table):
    long_hash = {"pk": S("a" * 2049), "sk": S("s")}
    long_sort = {"pk": S("a"), "sk": S("s" * 1025)}
    assert error_of(lambda: client.get_item(TableName=sorted_table, Key=long_hash)) == (
        "ValidationException",
        HASH_TOO_LARGE,
    )
    assert error_of(lambda: client.delete_item(TableName=sorted_table, Key=long_sort)) == (
        "ValidationException",
        RANGE_TOO_LARGE,
    )


# -- the 400 KB item size limit -------------------------------------------------


def test_an_item_of_exactly_400_kb_is_accepted_and_one_byte_more_is_not(client, table):
    # Size: attribute names plus values in UTF-8 bytes; "pk" + "a" + "v" + the string.
    fits = {"pk": S("a"), "v": S("x" * (409600 - 4))}
    client.put_item(TableName=table, Item=fits)
    over = {"pk": S("b"), "v": S("x" * (409600 - 3))}
    code, message = error_of(lambda: client.put_item(TableName=table, Item=over))
    assert code == "ValidationException" and TOO_BIG in message
    assert "Item" not in client.get_item(TableName=table, Key={"pk": S("b")}, ConsistentRead=True)


def test_item_size_is_checked_before_the_table_is_looked_up(client, endpoint):
    over = {"pk": S("b"), "v": S("x" * 409600)}
    code, message = error_of(lambda: client.put_item(TableName=unique_name("absent"), Item=over))
    assert code == "ValidationException" and TOO_BIG in message


# -- ConsumedCapacity -----------------------------------------------------------


def test_no_consumed_capacity_unless_asked(client, table):
    assert "ConsumedCapacity" not in client.put_item(TableName=table, Item={"pk": S("c")})
    assert "ConsumedCapacity" not in client.put_item(
        TableName=table, Item={"pk": S("c")}, ReturnConsumedCapacity="NONE"
    )
    assert "ConsumedCapacity" not in client.get_item(TableName=table, Key={"pk": S("c")})
    assert "ConsumedCapacity" not in client.delete_item(TableName=table, Key={"pk": S("c")})


def test_put_capacity_total_and_indexes(client, table):
    total = client.put_item(TableName=table, Item={"pk": S("c")}, ReturnConsumedCapacity="TOTAL")
    assert total["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 1.0}
    indexes = client.put_item(TableName=table, Item={"pk": S("c")}, ReturnConsumedCapacity="INDEXES")
    assert indexes["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}


def test_a_write_costs_one_unit_per_kilobyte_of_the_larger_item(client, table):
    # 2 + 1 + 1 + 1500 bytes: two units.
    big = client.put_item(TableName=table, Item={"pk": S("c"), "v": S("x" * 1500)}, ReturnConsumedCapacity="TOTAL")
    assert big["ConsumedCapacity"]["CapacityUnits"] == 2.0
    # Replacing a 3000-byte item with a small one costs the larger: three units.
    client.put_item(TableName=table, Item={"pk": S("c"), "v": S("x" * 3000)})
    small = client.put_item(TableName=table, Item={"pk": S("c")}, ReturnConsumedCapacity="TOTAL")
    assert small["ConsumedCapacity"]["CapacityUnits"] == 3.0
    # Exactly 1024 bytes is one unit, 1025 two.
    exact = client.put_item(TableName=table, Item={"pk": S("d"), "v": S("x" * 1020)}, ReturnConsumedCapacity="TOTAL")
    assert exact["ConsumedCapacity"]["CapacityUnits"] == 1.0
    over = client.put_item(TableName=table, Item={"pk": S("e"), "v": S("x" * 1021)}, ReturnConsumedCapacity="TOTAL")
    assert over["ConsumedCapacity"]["CapacityUnits"] == 2.0


def test_delete_capacity(client, table):
    missing = client.delete_item(TableName=table, Key={"pk": S("none")}, ReturnConsumedCapacity="INDEXES")
    assert missing["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}
    client.put_item(TableName=table, Item={"pk": S("c"), "v": S("x" * 2500)})
    present = client.delete_item(TableName=table, Key={"pk": S("c")}, ReturnConsumedCapacity="TOTAL")
    assert present["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 3.0}


def test_get_capacity_is_per_4_kb_and_halved_for_eventual_consistency(client, table):
    def units(key: str, **params: Any) -> Any:
        response = client.get_item(TableName=table, Key={"pk": S(key)}, ReturnConsumedCapacity="TOTAL", **params)
        return response["ConsumedCapacity"]

    client.put_item(TableName=table, Item={"pk": S("small")})
    client.put_item(TableName=table, Item={"pk": S("large"), "v": S("x" * 5000)})
    assert units("small") == {"TableName": table, "CapacityUnits": 0.5}
    assert units("small", ConsistentRead=True)["CapacityUnits"] == 1.0
    assert units("small", ConsistentRead=False)["CapacityUnits"] == 0.5
    assert units("large")["CapacityUnits"] == 1.0
    assert units("large", ConsistentRead=True)["CapacityUnits"] == 2.0
    # A missing item costs what a small one does.
    assert units("missing")["CapacityUnits"] == 0.5
    assert units("missing", ConsistentRead=True)["CapacityUnits"] == 1.0


def test_get_capacity_indexes(client, table):
    response = client.get_item(
        TableName=table, Key={"pk": S("x")}, ReturnConsumedCapacity="INDEXES", ConsistentRead=True
    )
    assert response["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}


# -- secondary indexes ----------------------------------------------------------


@pytest.fixture
def indexed_table(client: Any, make_table: Callable[..., str]) -> str:
    """A table keyed by pk and sk with a GSI on gpk (string, KEYS_ONLY) and an LSI on lsk (number, ALL)."""
    name = make_table(
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "gpk", "AttributeType": "S"},
            {"AttributeName": "lsk", "AttributeType": "N"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "gsi",
                "KeySchema": [{"AttributeName": "gpk", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "lsi",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsk", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    description = client.describe_table(TableName=name)["Table"]
    if "GlobalSecondaryIndexes" not in description or "LocalSecondaryIndexes" not in description:
        pytest.skip("this endpoint does not keep secondary indexes")
    return name


def test_put_refuses_an_index_key_of_the_wrong_type(client, indexed_table):
    call = lambda: client.put_item(TableName=indexed_table, Item={"pk": S("a"), "sk": S("1"), "gpk": N("1")})
    assert error_of(call) == (
        "ValidationException",
        INVALID + "Type mismatch for Index Key gpk Expected: S Actual: N IndexName: gsi",
    )
    call = lambda: client.put_item(TableName=indexed_table, Item={"pk": S("a"), "sk": S("1"), "lsk": S("1")})
    assert error_of(call) == (
        "ValidationException",
        INVALID + "Type mismatch for Index Key lsk Expected: N Actual: S IndexName: lsi",
    )


def test_put_refuses_an_empty_index_key(client, indexed_table):
    call = lambda: client.put_item(TableName=indexed_table, Item={"pk": S("a"), "sk": S("1"), "gpk": S("")})
    assert error_of(call) == (
        "ValidationException",
        "One or more parameter values are not valid. A value specified for a secondary index key is not "
        "supported. The AttributeValue for a key attribute cannot contain an empty string value. "
        "IndexName: gsi, IndexKey: gpk",
    )


def test_table_keys_are_checked_before_index_keys(client, indexed_table):
    call = lambda: client.put_item(TableName=indexed_table, Item={"pk": S("a"), "gpk": N("1")})
    assert error_of(call) == ("ValidationException", INVALID + "Missing the key sk in the item")


def test_an_item_without_index_keys_is_accepted(client, indexed_table):
    client.put_item(TableName=indexed_table, Item={"pk": S("a"), "sk": S("1"), "other": N("1")})


def test_writes_charge_the_indexes_whose_entries_change(client, indexed_table):
    def put(item: dict[str, Any], mode: str = "INDEXES") -> Any:
        return client.put_item(TableName=indexed_table, Item=item, ReturnConsumedCapacity=mode)["ConsumedCapacity"]

    # In neither index: the table alone.
    plain = put({"pk": S("c"), "sk": S("1"), "v": S("x")})
    assert plain == {"TableName": indexed_table, "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}
    # Joining the GSI costs the GSI its (small, keys-only) entry.
    joined = put({"pk": S("c"), "sk": S("1"), "gpk": S("g"), "v": S("x" * 3000)})
    assert joined["Table"] == {"CapacityUnits": 3.0}
    assert joined["GlobalSecondaryIndexes"] == {"gsi": {"CapacityUnits": 1.0}}
    assert joined["CapacityUnits"] == 4.0 and "LocalSecondaryIndexes" not in joined
    # An identical write changes no index entry: the table alone (3 units for the larger item).
    same = put({"pk": S("c"), "sk": S("1"), "gpk": S("g"), "v": S("x" * 3000)})
    assert same == {"TableName": indexed_table, "CapacityUnits": 3.0, "Table": {"CapacityUnits": 3.0}}
    # Moving the GSI key is a delete and an insert; joining the LSI (ALL) costs the whole item.
    moved = put({"pk": S("c"), "sk": S("1"), "gpk": S("h"), "lsk": N("1")})
    assert moved["GlobalSecondaryIndexes"] == {"gsi": {"CapacityUnits": 2.0}}
    assert moved["LocalSecondaryIndexes"] == {"lsi": {"CapacityUnits": 1.0}}
    assert moved["Table"] == {"CapacityUnits": 3.0} and moved["CapacityUnits"] == 6.0
    # TOTAL includes the index charges.
    total = put({"pk": S("d"), "sk": S("1"), "gpk": S("g")}, mode="TOTAL")
    assert total == {"TableName": indexed_table, "CapacityUnits": 2.0}
    # Deleting an item charges the indexes it was in.
    deleted = client.delete_item(
        TableName=indexed_table, Key={"pk": S("c"), "sk": S("1")}, ReturnConsumedCapacity="INDEXES"
    )["ConsumedCapacity"]
    assert deleted["GlobalSecondaryIndexes"] == {"gsi": {"CapacityUnits": 1.0}}
    assert deleted["LocalSecondaryIndexes"] == {"lsi": {"CapacityUnits": 1.0}}


def test_item_collection_metrics_for_tables_with_local_indexes(client, indexed_table, sorted_table):
    item = {"pk": S("icm"), "sk": S("1"), "lsk": N("5")}
    put = client.put_item(TableName=indexed_table, Item=item, ReturnItemCollectionMetrics="SIZE")
    assert put["ItemCollectionMetrics"] == {"ItemCollectionKey": {"pk": S("icm")}, "SizeEstimateRangeGB": [0.0, 1.0]}
    none = client.put_item(TableName=indexed_table, Item=item, ReturnItemCollectionMetrics="NONE")
    assert "ItemCollectionMetrics" not in none
    deleted = client.delete_item(
        TableName=indexed_table, Key={"pk": S("icm"), "sk": S("1")}, ReturnItemCollectionMetrics="SIZE"
    )
    assert deleted["ItemCollectionMetrics"]["ItemCollectionKey"] == {"pk": S("icm")}
    assert len(deleted["ItemCollectionMetrics"]["SizeEstimateRangeGB"]) == 2
    # A table without local secondary indexes has no item collections to report.
    plain = client.put_item(TableName=sorted_table, Item=item, ReturnItemCollectionMetrics="SIZE")
    assert "ItemCollectionMetrics" not in plain


def test_every_byte_value_survives_a_binary_attribute(client, table):
    payload = bytes(range(256))
    client.put_item(TableName=table, Item={"pk": S("bin"), "b": {"B": payload}})
    got = client.get_item(TableName=table, Key={"pk": S("bin")}, ConsistentRead=True)["Item"]["b"]["B"]
    assert got == payload
