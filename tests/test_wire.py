"""DynamoDB's JSON 1.0 protocol over a real socket: what arrives malformed, and what goes back.

Raw HTTP (http.client) against the server, so that nothing between the test
and the server corrects or checks the request the way botocore would.
Expected answers are DynamoDB's, as captured by dynalite (test/connection.js),
dynoxide and the paritysuite conformance suite; see fakedynamo/wire/protocol.py
and fakedynamo/shapes.py for the sources of each.
"""

from __future__ import annotations

import http.client
import json
import re
import zlib
from typing import Any, Iterator

import pytest

from fakedynamo.engine import Engine
from fakedynamo.operations import OPERATIONS
from fakedynamo.wire.http import DynamoDBServer, running_server

TARGET = "DynamoDB_20120810."
JSON_10 = "application/x-amz-json-1.0"
SERIALIZATION = "com.amazon.coral.service#SerializationException"
UNKNOWN_OPERATION = "com.amazon.coral.service#UnknownOperationException"
VALIDATION = "com.amazon.coral.validate#ValidationException"
NOT_FOUND = "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
REQUEST_ID = re.compile(r"^[0-9A-Z]{52}$")

KEY_SCHEMA = [{"AttributeName": "pk", "KeyType": "HASH"}]
ATTRIBUTES = [{"AttributeName": "pk", "AttributeType": "S"}]


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = {name.lower(): value for name, value in headers.items()}
        self.raw = body

    @property
    def json(self) -> Any:
        return json.loads(self.raw)

    def __repr__(self) -> str:
        return f"<{self.status} {self.raw[:300]!r}>"


@pytest.fixture
def server() -> Iterator[DynamoDBServer]:
    with running_server(Engine(seed=1)) as running:
        yield running


def post(
    server: DynamoDBServer,
    target: str | None,
    body: bytes | str | Any,
    content_type: str | None = JSON_10,
    method: str = "POST",
) -> Answer:
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    headers: dict[str, str] = {}
    if content_type is not None:
        headers["Content-Type"] = content_type
    if target is not None:
        headers["X-Amz-Target"] = target
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=5)
    try:
        connection.request(method, "/", body=body, headers=headers)
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


def call(server: DynamoDBServer, operation: str, request: Any) -> Answer:
    return post(server, TARGET + operation, request)


def assert_error(answer: Answer, type_: str, message: str | None = None, key: str = "message") -> None:
    assert answer.status == 400, answer
    body = answer.json
    assert body["__type"] == type_, body
    if message is None:
        assert body == {"__type": type_}
    else:
        assert body == {"__type": type_, key: message}


def assert_serialization(answer: Answer, message: str | None = None) -> None:
    assert_error(answer, SERIALIZATION, message, key="Message")


def assert_validation(answer: Answer, message: str) -> None:
    assert_error(answer, VALIDATION, message)


def make_table(server: DynamoDBServer, name: str = "wire-table") -> None:
    answer = call(
        server,
        "CreateTable",
        {"TableName": name, "KeySchema": KEY_SCHEMA, "AttributeDefinitions": ATTRIBUTES, "BillingMode": "PAY_PER_REQUEST"},
    )
    assert answer.status == 200, answer


# -- headers ---------------------------------------------------------------------------------


def test_a_response_carries_dynamodbs_headers(server: DynamoDBServer) -> None:
    answer = call(server, "ListTables", {})
    assert answer.status == 200
    assert answer.json == {"TableNames": []}
    assert answer.headers["content-type"] == JSON_10
    assert REQUEST_ID.match(answer.headers["x-amzn-requestid"])
    assert answer.headers["x-amz-crc32"] == str(zlib.crc32(answer.raw))
    assert answer.headers["content-length"] == str(len(answer.raw))


def test_an_error_carries_the_same_headers(server: DynamoDBServer) -> None:
    answer = call(server, "DescribeTable", {"TableName": "missing"})
    assert_error(answer, NOT_FOUND, "Requested resource not found: Table: missing not found")
    assert answer.headers["content-type"] == JSON_10
    assert REQUEST_ID.match(answer.headers["x-amzn-requestid"])
    assert answer.headers["x-amz-crc32"] == str(zlib.crc32(answer.raw))


def test_request_ids_differ(server: DynamoDBServer) -> None:
    first = call(server, "ListTables", {}).headers["x-amzn-requestid"]
    second = call(server, "ListTables", {}).headers["x-amzn-requestid"]
    assert first != second


def test_plain_json_requests_are_answered_in_plain_json(server: DynamoDBServer) -> None:
    answer = post(server, TARGET + "ListTables", {}, content_type="application/json")
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/json"
    answer = post(server, TARGET + "ListTables", {}, content_type="application/x-amz-json-1.0; charset=utf-8")
    assert answer.status == 200
    assert answer.headers["content-type"] == JSON_10


# -- requests that never reach an operation ---------------------------------------------------


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-amz-json-1.1"])
def test_a_body_that_is_not_dynamodb_json_is_not_claimed(server: DynamoDBServer, content_type: str | None) -> None:
    answer = post(server, TARGET + "ListTables", {}, content_type=content_type)
    assert answer.status == 404
    assert answer.raw == b"<UnknownOperationException/>\n"
    assert "content-type" not in answer.headers
    assert answer.headers["x-amz-crc32"] == "3552371480"
    assert answer.headers["content-length"] == "29"


@pytest.mark.parametrize("body", [b"hi", b"{", b'{"TableName": }', b"{'a': 1}", b"\xff\xfe", b'{"Limit": NaN}'])
def test_a_body_that_is_not_json_is_a_bare_serialization_error(server: DynamoDBServer, body: bytes) -> None:
    assert_serialization(post(server, TARGET + "ListTables", body))


@pytest.mark.parametrize(
    "body",
    [
        b'{"TableName": "wire-table", "Item": {"pk": {"S": "a"}, "x": {"S": "\\ud800"}}}',
        b'{"TableName": "wire-table", "Item": {"pk": {"S": "\\udc00a"}}}',
        b'{"TableName": "wire-table", "Item": {"pk": {"S": "a"}, "x\\uDBFF": {"S": "b"}}}',
        b'{"TableName": "wire-\\ud800", "Item": {"pk": {"S": "a"}}}',
        b'{"TableName": "wire-table", "Item": {"pk": {"S": "a"}}, "ConditionExpression": "\\ud800 = a"}',
        b'{"TableName": "wire-table", "Item": {"pk": {"S": "a"}, "x": {"S": "\\ud800\\ud800"}}}',
    ],
)
def test_a_lone_surrogate_is_a_bare_serialization_error(server: DynamoDBServer, body: bytes) -> None:
    make_table(server)
    assert_serialization(post(server, TARGET + "PutItem", body))
    # Nothing was stored: the table still scans, over the same connection-per-request server.
    assert call(server, "Scan", {"TableName": "wire-table"}).json["Count"] == 0


def test_paired_surrogate_escapes_are_one_character(server: DynamoDBServer) -> None:
    make_table(server)
    body = b'{"TableName": "wire-table", "Item": {"pk": {"S": "\\ud83d\\ude00"}}}'
    assert post(server, TARGET + "PutItem", body).status == 200
    assert call(server, "Scan", {"TableName": "wire-table"}).json["Items"] == [{"pk": {"S": "\U0001F600"}}]


def test_the_engine_never_stores_a_lone_surrogate() -> None:
    # Callers of Engine.execute that skip the wire (pydynox's MemoryBackend) meet the same refusal.
    from fakedynamo.errors import DynamoDBError

    engine = Engine()
    engine.execute("CreateTable", {"TableName": "wire-table", "KeySchema": KEY_SCHEMA,
                                   "AttributeDefinitions": ATTRIBUTES, "BillingMode": "PAY_PER_REQUEST"})
    for item in ({"pk": {"S": "a"}, "x": {"S": "\ud800"}}, {"pk": {"S": "a"}, "x\udfff": {"S": "b"}},
                 {"pk": {"S": "a"}, "x": {"SS": ["b", "\ud800"]}}, {"pk": {"S": "a"}, "x": {"M": {"\ud800": {"S": "b"}}}}):
        with pytest.raises(DynamoDBError) as raised:
            engine.execute("PutItem", {"TableName": "wire-table", "Item": item})
        assert raised.value.body() == {"__type": SERIALIZATION}
    assert engine.execute("Scan", {"TableName": "wire-table"})["Count"] == 0


def test_an_answer_that_cannot_be_encoded_is_an_internal_failure_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fakedynamo.wire.protocol import handle

    engine = Engine()
    monkeypatch.setattr(engine, "execute", lambda *args: {"Bad": "\ud800"})
    status, headers, body = handle(engine, TARGET + "ListTables", b"{}", "us-east-1")
    assert (status, json.loads(body)) == (500, {"__type": "com.amazon.coral.service#InternalFailure"})
    assert headers["x-amz-crc32"] == str(zlib.crc32(body))


def test_a_body_that_is_not_json_is_refused_before_the_target_is_read(server: DynamoDBServer) -> None:
    assert_serialization(post(server, None, b"hi"))
    assert_serialization(post(server, "whatever", b"hi"))


@pytest.mark.parametrize(
    "target",
    [None, "", "whatever", "DynamoDB_20120810", "DynamoDB_20120810.ListTable", "DynamoDB_20111205.ListTables",
     "dynamodb_20120810.ListTables", "DynamoDBStreams_20120810.ListTables", "DynamoDB_20120810.ListStreams"],
)
def test_a_target_dynamodb_does_not_have_is_an_unknown_operation(server: DynamoDBServer, target: str | None) -> None:
    assert_error(post(server, target, {}), UNKNOWN_OPERATION)


def test_an_operation_fakedynamo_does_not_implement_is_an_unknown_operation_with_dynamodbs_message(
    server: DynamoDBServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A target DynamoDB has (unlike the malformed ones above, which get no message), whose
    # handler is taken away for the test: every operation of the model is implemented now.
    monkeypatch.delitem(OPERATIONS, "ListBackups")
    monkeypatch.delitem(OPERATIONS, "ListStreams")
    assert_error(call(server, "ListBackups", {}), UNKNOWN_OPERATION, "Unknown operation exception")
    answer = post(server, "DynamoDBStreams_20120810.ListStreams", {})
    assert_error(answer, UNKNOWN_OPERATION, "Unknown operation exception")


def test_an_unknown_target_wins_over_an_empty_body(server: DynamoDBServer) -> None:
    assert_error(post(server, None, b""), UNKNOWN_OPERATION)
    assert_error(post(server, TARGET + "Nope", b""), UNKNOWN_OPERATION)


def test_an_empty_body_is_a_bare_serialization_error(server: DynamoDBServer) -> None:
    assert_serialization(post(server, TARGET + "ListTables", b""))


def test_a_json_body_that_is_not_an_object(server: DynamoDBServer) -> None:
    assert_serialization(
        call(server, "ListTables", []),
        "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ListTablesInput",
    )
    assert_serialization(call(server, "ListTables", 5), "Unexpected field type")
    assert_serialization(call(server, "ListTables", b'"x"'), "Unexpected field type")
    assert_serialization(call(server, "ListTables", b"true"), "Unexpected field type")


def test_a_null_body_is_an_empty_request(server: DynamoDBServer) -> None:
    assert call(server, "ListTables", None).json == {"TableNames": []}


# -- SerializationException: JSON values of the wrong type -------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5, "NUMBER_VALUE cannot be converted to String"),
        (-5, "NUMBER_VALUE cannot be converted to String"),
        (5.5, "DECIMAL_VALUE cannot be converted to String"),
        (True, "TRUE_VALUE cannot be converted to String"),
        (False, "FALSE_VALUE cannot be converted to String"),
        ([], "Unrecognized collection type class java.lang.String"),
        (["wire-table"], "Unrecognized collection type class java.lang.String"),
        ({}, "Start of structure or map found where not expected"),
    ],
)
def test_a_string_member_of_the_wrong_type(server: DynamoDBServer, value: Any, message: str) -> None:
    assert_serialization(call(server, "DescribeTable", {"TableName": value}), message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5", "STRING_VALUE cannot be converted to Integer"),
        (True, "TRUE_VALUE cannot be converted to Integer"),
        (False, "FALSE_VALUE cannot be converted to Integer"),
        ([5], "Unrecognized collection type class java.lang.Integer"),
        ({"a": 5}, "Start of structure or map found where not expected"),
    ],
)
def test_an_integer_member_of_the_wrong_type(server: DynamoDBServer, value: Any, message: str) -> None:
    assert_serialization(call(server, "ListTables", {"Limit": value}), message)


@pytest.mark.parametrize(
    ("operation", "request_", "expected"),
    [
        # A JSON number in an Integer or Long member is narrowed as Java narrows it (see shapes._java_integer).
        ("ListTables", {"Limit": 2.0}, 200),
        ("ListTables", {"Limit": 1.9}, 200),
        ("ListTables", {"Limit": 0.5}, "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        ("ListTables", {"Limit": -1.5}, "Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        ("ListTables", {"Limit": 1e308}, "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        ("ListTables", {"Limit": 2**32 + 2}, 200),
        ("ListTables", {"Limit": 2**31}, "Value '-2147483648' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        ("Scan", {"TableName": "wire-table", "Segment": 0.0, "TotalSegments": 2.0}, 200),
        ("Scan", {"TableName": "wire-table", "Limit": 1.5}, 200),
        ("ExecuteStatement", {"Statement": 'SELECT * FROM "wire-table"', "Limit": 1.5}, 200),
        ("CreateTable", {"TableName": "other-table", "KeySchema": KEY_SCHEMA, "AttributeDefinitions": ATTRIBUTES,
                         "ProvisionedThroughput": {"ReadCapacityUnits": 1.5, "WriteCapacityUnits": 2**64 + 3}}, 200),
    ],
)
def test_a_decimal_in_an_integer_member_is_truncated(
    server: DynamoDBServer, operation: str, request_: dict[str, Any], expected: int | str
) -> None:
    make_table(server)
    for key in ("a", "b", "c"):
        assert call(server, "PutItem", {"TableName": "wire-table", "Item": {"pk": {"S": key}}}).status == 200
    answer = call(server, operation, request_)
    if isinstance(expected, str):
        assert_validation(answer, "1 validation error detected: " + expected)
        return
    assert answer.status == expected, answer
    limit = request_.get("Limit")
    if operation == "ListTables":
        assert len(answer.json["TableNames"]) == 1  # Limit 1 (2**32 + 2 keeps 2; one table exists)
    elif operation in ("Scan", "ExecuteStatement") and limit is not None:
        assert len(answer.json["Items"]) == 1
    elif operation == "CreateTable":
        throughput = answer.json["TableDescription"]["ProvisionedThroughput"]
        assert (throughput["ReadCapacityUnits"], throughput["WriteCapacityUnits"]) == (1, 3)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5", "STRING_VALUE cannot be converted to Long"),
        (True, "TRUE_VALUE cannot be converted to Long"),
        ([5], "Unrecognized collection type class java.lang.Long"),
        ({}, "Start of structure or map found where not expected"),
    ],
)
def test_a_long_member_of_the_wrong_type(server: DynamoDBServer, value: Any, message: str) -> None:
    request = {
        "TableName": "wire-table",
        "KeySchema": KEY_SCHEMA,
        "AttributeDefinitions": ATTRIBUTES,
        "ProvisionedThroughput": {"ReadCapacityUnits": value, "WriteCapacityUnits": 1},
    }
    assert_serialization(call(server, "CreateTable", request), message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("true", "Unexpected token received from parser"),
        (1, "NUMBER_VALUE cannot be converted to Boolean"),
        (1.5, "DECIMAL_VALUE cannot be converted to Boolean"),
        ([True], "Unrecognized collection type class java.lang.Boolean"),
        ({}, "Start of structure or map found where not expected"),
    ],
)
def test_a_boolean_member_of_the_wrong_type(server: DynamoDBServer, value: Any, message: str) -> None:
    request = {"TableName": "wire-table", "Key": {"pk": {"S": "a"}}, "ConsistentRead": value}
    assert_serialization(call(server, "GetItem", request), message)


def test_structures_lists_and_maps_of_the_wrong_type(server: DynamoDBServer) -> None:
    create = {"TableName": "wire-table", "KeySchema": KEY_SCHEMA, "AttributeDefinitions": ATTRIBUTES}
    cases = [
        # a list where a list is expected, given something else
        ({**create, "KeySchema": {}}, "Start of structure or map found where not expected"),
        ({**create, "KeySchema": "HASH"}, "Unexpected field type"),
        ({**create, "KeySchema": 1}, "Unexpected field type"),
        # structures inside a list
        ({**create, "KeySchema": ["pk"]}, "Unexpected value type in payload"),
        ({**create, "KeySchema": [["pk"]]}, "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeySchemaElement"),
        # a structure member
        ({**create, "ProvisionedThroughput": []}, "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput"),
        ({**create, "ProvisionedThroughput": 5}, "Unexpected field type"),
        # a string inside a structure inside a list
        ({**create, "KeySchema": [{"AttributeName": 1, "KeyType": "HASH"}]}, "NUMBER_VALUE cannot be converted to String"),
    ]
    for request, message in cases:
        assert_serialization(call(server, "CreateTable", request), message)


def test_attribute_value_maps_of_the_wrong_type(server: DynamoDBServer) -> None:
    map_class = "java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"
    cases = [
        ([], f"Unrecognized collection type {map_class}"),
        ("x", "Unexpected field type"),
        ({"pk": "a"}, "Unexpected value type in payload"),
        ({"pk": ["a"]}, "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"),
        ({"pk": {"S": 1}}, "NUMBER_VALUE cannot be converted to String"),
        ({"pk": {"S": "a"}, "n": {"N": 1.5}}, "DECIMAL_VALUE cannot be converted to String"),
        ({"pk": {"S": "a"}, "b": {"BOOL": "true"}}, "Unexpected token received from parser"),
        ({"pk": {"S": "a"}, "s": {"SS": "a"}}, "Unexpected field type"),
        ({"pk": {"S": "a"}, "s": {"SS": [1]}}, "NUMBER_VALUE cannot be converted to String"),
        ({"pk": {"S": "a"}, "m": {"M": []}}, f"Unrecognized collection type {map_class}"),
        ({"pk": {"S": "a"}, "m": {"M": {"x": {"L": [{"N": True}]}}}}, "TRUE_VALUE cannot be converted to String"),
        ({"pk": {"S": "a"}, "l": {"L": {}}}, "Start of structure or map found where not expected"),
    ]
    for item, message in cases:
        assert_serialization(call(server, "PutItem", {"TableName": "wire-table", "Item": item}), message)


def test_the_first_wrong_type_in_document_order_is_reported(server: DynamoDBServer) -> None:
    body = '{"TableName": "wire-table", "Key": {"pk": {"S": 1}}, "ConsistentRead": "yes"}'
    assert_serialization(post(server, TARGET + "GetItem", body), "NUMBER_VALUE cannot be converted to String")
    body = '{"ConsistentRead": "yes", "TableName": "wire-table", "Key": {"pk": {"S": 1}}}'
    assert_serialization(post(server, TARGET + "GetItem", body), "Unexpected token received from parser")


def test_a_wrong_type_is_reported_before_any_constraint(server: DynamoDBServer) -> None:
    request = {"TableName": "", "Key": {"pk": {"S": "a"}}, "ConsistentRead": 1}
    assert_serialization(call(server, "GetItem", request), "NUMBER_VALUE cannot be converted to Boolean")


def test_batch_collections_of_the_wrong_type(server: DynamoDBServer) -> None:
    from fakedynamo.operations import OPERATIONS

    if not {"BatchWriteItem", "BatchGetItem"} <= set(OPERATIONS):
        pytest.skip("the batch operations are not implemented yet")
    cast = (
        "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class "
        "java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and "
        "java.lang.Class are in module java.base of loader 'bootstrap')"
    )
    assert_serialization(call(server, "BatchWriteItem", {"RequestItems": {"wire-table": {}}}), cast)
    assert_serialization(call(server, "BatchGetItem", {"RequestItems": {"wire-table": {"Keys": ["pk"]}}}), cast)
    assert_serialization(
        call(server, "BatchWriteItem", {"RequestItems": []}),
        "Unrecognized collection type java.util.Map<java.lang.String, "
        "java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>>",
    )


def test_unknown_members_are_ignored(server: DynamoDBServer) -> None:
    make_table(server)
    answer = call(server, "PutItem", {"TableName": "wire-table", "Item": {"pk": {"S": "a"}}, "Bogus": [1, {"x": 2}]})
    assert answer.status == 200, answer
    answer = call(server, "GetItem", {"TableName": "wire-table", "Key": {"pk": {"S": "a"}}, "tablename": 5})
    assert answer.json == {"Item": {"pk": {"S": "a"}}}


def test_a_null_member_is_an_absent_member(server: DynamoDBServer) -> None:
    make_table(server)
    answer = call(server, "PutItem", {"TableName": "wire-table", "Item": {"pk": {"S": "a"}}, "ReturnValues": None})
    assert answer.status == 200, answer
    assert_validation(
        call(server, "GetItem", {"TableName": None, "Key": {"pk": {"S": "a"}}}),
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
    )


# -- ValidationException: constraints -------------------------------------------------------------


def test_validation_errors_use_coral_validates_namespace_and_lower_case_message(server: DynamoDBServer) -> None:
    answer = call(server, "ListTables", {"Limit": 0})
    assert_validation(
        answer,
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
    )


def test_constraint_messages_over_http(server: DynamoDBServer) -> None:
    assert_validation(
        call(server, "PutItem", {"TableName": "", "Item": {}, "ReturnValues": "INVALID"}),
        "1 validation error detected: Value at 'TableName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
    )
    assert_validation(
        call(server, "CreateTable", {"TableName": "wire-table", "KeySchema": [{"AttributeName": "pk", "KeyType": "INVALID"}],
                                     "AttributeDefinitions": ATTRIBUTES}),
        "1 validation error detected: Value 'INVALID' at 'keySchema.1.member.keyType' failed to satisfy constraint: "
        "Member must satisfy enum value set: [HASH, RANGE]",
    )


def test_a_failed_validation_changes_nothing(server: DynamoDBServer) -> None:
    make_table(server)
    answer = call(server, "PutItem", {"TableName": "wire-table", "Item": {"pk": {"S": "a"}}, "ReturnConsumedCapacity": "ALL"})
    assert answer.status == 400
    assert call(server, "GetItem", {"TableName": "wire-table", "Key": {"pk": {"S": "a"}}}).json == {}


def test_non_ascii_messages_are_utf8_and_the_crc_covers_the_bytes(server: DynamoDBServer) -> None:
    answer = call(server, "DescribeTable", {"TableName": "tablé"})
    assert answer.status == 400
    assert "tablé" in answer.json["message"]
    assert answer.headers["x-amz-crc32"] == str(zlib.crc32(answer.raw))
    assert answer.headers["content-length"] == str(len(answer.raw))


def test_at_most_ten_violations_are_listed(server: DynamoDBServer) -> None:
    # Nine empty local indexes: 27 missing members, ten listed and counted.
    request = {
        "TableName": "wire-table",
        "AttributeDefinitions": ATTRIBUTES,
        "KeySchema": KEY_SCHEMA,
        "BillingMode": "PAY_PER_REQUEST",
        "LocalSecondaryIndexes": [{} for _ in range(9)],
    }
    answer = call(server, "CreateTable", request)
    assert answer.status == 400
    message = answer.json["message"]
    assert message.startswith("10 validation errors detected: ")
    violations = message[len("10 validation errors detected: ") :].split("; ")
    assert len(violations) == 10
    assert all(v.endswith("failed to satisfy constraint: Member must not be null") for v in violations)
    assert violations[0].startswith("Value null at 'localSecondaryIndexes.1.member.")
    assert violations[-1].startswith("Value null at 'localSecondaryIndexes.4.member.")


def test_violations_are_listed_member_by_member(server: DynamoDBServer) -> None:
    request = {
        "TableName": "wire-table",
        "Item": {"pk": {"S": "a"}},
        "ReturnItemCollectionMetrics": "INVALID",
        "ReturnValues": "INVALID",
        "ReturnConsumedCapacity": "INVALID",
    }
    assert_validation(
        call(server, "PutItem", request),
        "3 validation errors detected: "
        "Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; "
        "Failed to satisfy constraint: Member must satisfy enum value set: "
        "[ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]; "
        "Value 'INVALID' at 'returnItemCollectionMetrics' failed to satisfy constraint: "
        "Member must satisfy enum value set: [SIZE, NONE]",
    )


def test_a_global_index_key_is_not_limited_to_two_attributes_by_the_framework(server: DynamoDBServer) -> None:
    names = ["pk", "h", "a", "b", "c", "d"]
    request = {
        "TableName": "wire-multi",
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"} for n in names],
        "KeySchema": KEY_SCHEMA,
        "GlobalSecondaryIndexes": [
            {
                "IndexName": "gsi",
                "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"}]
                + [{"AttributeName": n, "KeyType": "RANGE"} for n in "abcd"],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    }
    answer = call(server, "CreateTable", request)
    assert answer.status == 200, answer
