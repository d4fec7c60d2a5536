"""Fuzzing every operation of botocore's DynamoDB model: only DynamoDB's errors come back.

Requests are generated from botocore's service model (right-typed values of
every input shape) or taken from valid seed requests (SEEDS, which reach the
operations' own logic), then spoiled: values swapped or members dropped, a
value of the wrong JSON type at any depth, or bytes of the encoded body
mutated. Each goes in process (through
`wire.protocol.handle`, what the botocore hook calls), over a real socket to
the HTTP server, or through a boto3 client inside `mock_dynamodb()`. Whatever
the request, the answer must be DynamoDB-shaped: 200, or 400/404 with a
`__type` in one of DynamoDB's namespaces, never a traceback or a dropped
connection, never a 500 but the one DynamoDB itself answers; and a request that
fails changes nothing.

Bounded by default (a few seconds); set FAKEDYNAMO_FUZZ_EXAMPLES to raise the
examples per operation and test for a long run, e.g. FAKEDYNAMO_FUZZ_EXAMPLES=300.
"""

from __future__ import annotations

import base64
import copy
import functools
import http.client
import json
import logging
import os
from typing import Any, Iterator

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fakedynamo
from fakedynamo.engine import Engine
from fakedynamo.nesting import make_room
from fakedynamo.wire.http import DynamoDBServer, running_server
from fakedynamo.wire.protocol import handle

EXAMPLES = int(os.environ.get("FAKEDYNAMO_FUZZ_EXAMPLES", "4"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 4,  # the bounded run is the same every time; a long run explores
    suppress_health_check=list(HealthCheck),
    database=None,
)

# Deep expressions raise the recursion limit once (fakedynamo.nesting); raise it before
# hypothesis records it, so that it does not warn about the change.
make_room("(" * 201)

REGION = "us-east-1"
NAMESPACES = ("com.amazonaws.dynamodb.v20120810#", "com.amazon.coral.service#", "com.amazon.coral.validate#")

_session = botocore.session.get_session()
MODELS = {prefix: _session.get_service_model(service) for prefix, service in
          (("DynamoDB_20120810", "dynamodb"), ("DynamoDBStreams_20120810", "dynamodbstreams"))}
OPERATIONS = [(prefix, name) for prefix, model in MODELS.items() for name in model.operation_names]

TABLES = ("fuzz-sorted", "fuzz-hash")
NAMES = ("pk", "sk", "l", "g", "a", "b.c", "#n", "")
DEEP = "(" * 250 + "pk = :v" + ")" * 250
EXPRESSIONS = (
    DEEP, "SET a = " + "(" * 900 + "a" + ")" * 900, "NOT " * 400 + "pk = :v", "pk = :v", "attribute_exists(a)", "a < :v AND NOT (b = :v)", "begins_with(pk, :v)", "size(a) > :n",
    "pk = :v AND sk BETWEEN :n AND :n", "SET a = :v, b = if_not_exists(b, :n) REMOVE c", "ADD n :n DELETE s :s",
    "SET a = list_append(a, :l)", "a, b.c[1], #n", "((a = :v))", "a IN (:v, :n)", "", "SET", "=", ":v",
)
STATEMENTS = (
    'SELECT * FROM "fuzz-hash" WHERE ' + DEEP.replace(":v", "'k1'"), 'SELECT * FROM "fuzz-sorted"',
    'SELECT a, b FROM "fuzz-sorted"."lsi"', 'SELECT pk FROM "fuzz-sorted"."gsi"', 'SELECT a, b FROM "fuzz-sorted"."lsi" WHERE pk = ?',
    "SELECT * FROM \"fuzz-hash\" WHERE pk = 'k1'", "INSERT INTO \"fuzz-hash\" VALUE {'pk': ?, 'a': [1, {'b': <<'x'>>}]}",
    "UPDATE \"fuzz-hash\" SET a = a + 1 WHERE pk = 'k1'", "DELETE FROM \"fuzz-hash\" WHERE pk = ?",
    'SELECT * FROM "fuzz-sorted"."gsi" WHERE g = ? AND NOT (a IS MISSING)', "EXISTS(SELECT * FROM t)", "",
)


# -- right-typed values from botocore's shapes -------------------------------------------------

scalars = st.one_of(
    st.builds(lambda s: {"S": s}, st.sampled_from(("k1", "k2", "k1", "x", "", "\u00e9\U0001f600", "\ud800"))),
    st.builds(lambda n: {"N": n}, st.sampled_from(("1", "2", "-0.5", "1e2", "abc", "1e200", "00"))),
    st.builds(lambda b: {"B": b}, st.sampled_from(("eA==", "", "!!", "AAAA"))),
    st.builds(lambda b: {"BOOL": b}, st.booleans()),
    st.just({"NULL": True}),
    st.builds(lambda s: {"SS": s}, st.lists(st.sampled_from(("a", "b", "")), max_size=3)),
    st.builds(lambda s: {"NS": s}, st.lists(st.sampled_from(("1", "2", "x")), max_size=3)),
    st.builds(lambda s: {"BS": s}, st.lists(st.sampled_from(("eA==", "AAAA")), max_size=2)),
)
attribute_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.builds(lambda m: {"M": m}, st.dictionaries(st.sampled_from(NAMES), inner, max_size=3)),
        st.builds(lambda items: {"L": items}, st.lists(inner, max_size=3)),
        st.builds(lambda v, w: {**v, **w}, inner, inner),  # two types in one value
        st.just({}),
    ),
    max_leaves=6,
)


def _string(name: str, shape: Any) -> st.SearchStrategy[str]:
    enum = shape.metadata.get("enum")
    if enum:
        return st.one_of(st.sampled_from(enum), st.sampled_from(("", "x")))
    if name in ("TableName", "TableArn", "ResourceArn", "SourceTableArn", "GlobalTableName") or name.endswith("TableName"):
        arn = f"arn:aws:dynamodb:{REGION}:123456789012:table/fuzz-hash"
        others = ("missing", "", "x", "t\ud800t", arn, "arn:aws:dynamodb:eu-west-1:1:table/t")
        return st.one_of(st.sampled_from(TABLES), st.sampled_from(others))
    if name in ("IndexName",):
        return st.sampled_from(("lsi", "gsi", "nope", ""))
    if name.endswith("Expression"):
        return st.sampled_from(EXPRESSIONS)
    if name == "Statement":
        return st.sampled_from(STATEMENTS)
    if name in ("AttributeName", "AttributeNameKey", "NonKeyAttributeName"):
        return st.sampled_from(NAMES)
    return st.one_of(st.sampled_from(("", "x", "fuzz", "k1", "\ud800")), st.text(max_size=8))


_strategies: dict[tuple[str, str], st.SearchStrategy[Any]] = {}


def from_shape(shape: Any, name: str = "", depth: int = 0) -> st.SearchStrategy[Any]:
    """Right-typed values for one botocore shape (member `name` gives hints for strings)."""
    if shape.name == "AttributeValue":
        return attribute_values
    kind = shape.type_name
    if kind == "string":
        return _string(name or shape.name, shape)
    if kind in ("integer", "long"):
        low = shape.metadata.get("min", -5)
        high = shape.metadata.get("max", low + 200)
        edges = (low - 1, high + 1, 0, -1, 2**31, 2**63, 2.0, 1.5, 0.0, -0.0, 1e308, 2.5e9)
        return st.one_of(st.integers(low, high), st.sampled_from(edges))
    if kind in ("double", "float"):
        return st.floats(-1e3, 1e3)
    if kind == "boolean":
        return st.booleans()
    if kind == "blob":
        return st.binary(max_size=8).map(lambda b: base64.b64encode(b).decode())
    if kind == "timestamp":
        return st.integers(0, 2_000_000_000)
    if depth > 4:
        return st.just({} if kind in ("structure", "map") else [])
    if kind == "list":
        return st.lists(from_shape(shape.member, name, depth + 1), max_size=2)
    if kind == "map":
        key = st.sampled_from((*TABLES, ":v", ":n", "#n", *NAMES))
        return st.dictionaries(key, from_shape(shape.value, name, depth + 1), max_size=2)
    members = shape.members
    required = set(shape.required_members)
    fields = {m: from_shape(s, m, depth + 1) for m, s in members.items()}
    return st.fixed_dictionaries(
        {m: fields[m] for m in members if m in required},
        optional={m: fields[m] for m in members if m not in required},
    )


@functools.cache
def requests(prefix: str, operation: str) -> st.SearchStrategy[dict[str, Any]]:
    shape = MODELS[prefix].operation_model(operation).input_shape
    return st.just({}) if shape is None else from_shape(shape)


# -- valid requests to start from (reaching the operations, not only their validation) --------

_V = {":v": {"N": "1"}, ":s": {"S": "k1"}, ":l": {"L": [{"S": "x"}]}, ":ss": {"SS": ["a"]}}
_ITEM = {"pk": {"S": "k1"}, "sk": {"N": "1"}, "l": {"S": "x"}, "g": {"S": "y"}, "a": {"L": [{"N": "1"}]},
         "m": {"M": {"b": {"SS": ["a", "b"]}}}}
_KEY = {"pk": {"S": "k1"}, "sk": {"N": "1"}}
_ARN = f"arn:aws:dynamodb:{REGION}:123456789012:table/fuzz-hash"
_UPDATE = {"TableName": "fuzz-sorted", "Key": _KEY, "UpdateExpression":
           "SET a = list_append(a, :l), #n = if_not_exists(#n, :v) ADD c :v DELETE s :ss REMOVE g",
           "ConditionExpression": "attribute_exists(pk) AND size(a) <= :v OR NOT begins_with(pk, :s)",
           "ExpressionAttributeNames": {"#n": "n"}, "ExpressionAttributeValues": {**_V}}
SEEDS: dict[str, list[dict[str, Any]]] = {
    "PutItem": [{"TableName": "fuzz-sorted", "Item": _ITEM, "ConditionExpression": "attribute_not_exists(pk) OR a[0] = :v",
                 "ExpressionAttributeValues": {":v": {"N": "1"}}, "ReturnValues": "ALL_OLD",
                 "ReturnConsumedCapacity": "INDEXES", "ReturnItemCollectionMetrics": "SIZE"},
                {"TableName": "fuzz-hash", "Item": {"pk": {"S": "k9"}}, "Expected": {"pk": {"Exists": False}}}],
    "GetItem": [{"TableName": "fuzz-sorted", "Key": _KEY, "ProjectionExpression": "#a[0], m.b, pk",
                 "ExpressionAttributeNames": {"#a": "a"}, "ConsistentRead": True, "ReturnConsumedCapacity": "TOTAL"}],
    "UpdateItem": [{**_UPDATE, "ReturnValues": "ALL_NEW"},
                   {"TableName": "fuzz-hash", "Key": {"pk": {"S": "k1"}}, "AttributeUpdates":
                    {"a": {"Action": "ADD", "Value": {"N": "2"}}}, "ReturnValues": "UPDATED_OLD"}],
    "DeleteItem": [{"TableName": "fuzz-sorted", "Key": _KEY, "ConditionExpression": "g = :s OR attribute_exists(a)",
                    "ExpressionAttributeValues": {":s": {"S": "y"}}, "ReturnValues": "ALL_OLD"}],
    "Query": [{"TableName": "fuzz-sorted", "KeyConditionExpression": "pk = :s AND sk BETWEEN :v AND :w",
               "FilterExpression": "contains(a, :v)", "ProjectionExpression": "pk, a",
               "ExpressionAttributeValues": {":s": {"S": "k1"}, ":v": {"N": "0"}, ":w": {"N": "5"}},
               "Limit": 2, "ScanIndexForward": False, "ExclusiveStartKey": _KEY, "ReturnConsumedCapacity": "INDEXES"},
              {"TableName": "fuzz-sorted", "IndexName": "lsi", "KeyConditionExpression": "pk = :s AND begins_with(l, :x)",
               "ExpressionAttributeValues": {":s": {"S": "k1"}, ":x": {"S": "x"}}, "Select": "ALL_ATTRIBUTES"},
              {"TableName": "fuzz-sorted", "IndexName": "gsi", "KeyConditions": {"g": {"ComparisonOperator": "EQ",
               "AttributeValueList": [{"S": "y"}]}}, "QueryFilter": {"a": {"ComparisonOperator": "NOT_NULL"}}}],
    "Scan": [{"TableName": "fuzz-sorted", "FilterExpression": "attribute_type(a, :t) AND NOT (g IN (:s, :x))",
              "ExpressionAttributeValues": {":t": {"S": "L"}, ":s": {"S": "k1"}, ":x": {"S": "x"}},
              "Segment": 1, "TotalSegments": 3, "Limit": 5, "Select": "COUNT"},
             {"TableName": "fuzz-sorted", "IndexName": "gsi", "ScanFilter": {"a": {"ComparisonOperator": "CONTAINS",
              "AttributeValueList": [{"N": "1"}]}}, "ExclusiveStartKey": {**_KEY, "g": {"S": "y"}}}],
    "BatchGetItem": [{"RequestItems": {"fuzz-sorted": {"Keys": [_KEY, {"pk": {"S": "k2"}, "sk": {"N": "2"}}],
                      "ProjectionExpression": "pk, a"}, "fuzz-hash": {"Keys": [{"pk": {"S": "k1"}}],
                      "ConsistentRead": True}}, "ReturnConsumedCapacity": "TOTAL"}],
    "BatchWriteItem": [{"RequestItems": {"fuzz-sorted": [{"PutRequest": {"Item": _ITEM}}, {"DeleteRequest": {"Key":
                        {"pk": {"S": "k2"}, "sk": {"N": "2"}}}}], "fuzz-hash": [{"DeleteRequest": {"Key":
                        {"pk": {"S": "k0"}}}}]}, "ReturnItemCollectionMetrics": "SIZE"}],
    "TransactWriteItems": [{"TransactItems": [
        {"Put": {"TableName": "fuzz-hash", "Item": {"pk": {"S": "k7"}, "a": {"N": "3"}}}},
        {"Update": {k: v for k, v in _UPDATE.items() if k != "ReturnValues"}},
        {"Delete": {"TableName": "fuzz-hash", "Key": {"pk": {"S": "k2"}}}},
        {"ConditionCheck": {"TableName": "fuzz-sorted", "Key": {"pk": {"S": "k0"}, "sk": {"N": "0"}},
                            "ConditionExpression": "attribute_exists(pk)",
                            "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}],
        "ClientRequestToken": "token", "ReturnConsumedCapacity": "INDEXES"}],
    "TransactGetItems": [{"TransactItems": [{"Get": {"TableName": "fuzz-sorted", "Key": _KEY,
                          "ProjectionExpression": "a"}}, {"Get": {"TableName": "fuzz-hash", "Key": {"pk": {"S": "k1"}}}}]}],
    "ExecuteStatement": [{"Statement": 'SELECT pk, a[0] FROM "fuzz-sorted" WHERE pk = ? AND sk > ?',
                          "Parameters": [{"S": "k1"}, {"N": "0"}], "Limit": 3, "ConsistentRead": True},
                         {"Statement": "UPDATE \"fuzz-hash\" SET a = a + ? REMOVE b WHERE pk = ? RETURNING ALL NEW *",
                          "Parameters": [{"N": "1"}, {"S": "k1"}]},
                         {"Statement": "INSERT INTO \"fuzz-hash\" VALUE {'pk': ?, 'm': {'x': [1, 'y']}}",
                          "Parameters": [{"S": "k8"}]},
                         {"Statement": 'SELECT * FROM "fuzz-sorted"."lsi" WHERE pk = ? ORDER BY l DESC',
                          "Parameters": [{"S": "k1"}]}],
    "BatchExecuteStatement": [{"Statements": [
        {"Statement": 'SELECT * FROM "fuzz-hash" WHERE pk = ?', "Parameters": [{"S": "k1"}]},
        {"Statement": "DELETE FROM \"fuzz-hash\" WHERE pk = 'k2'"}]}],
    "ExecuteTransaction": [{"TransactStatements": [
        {"Statement": "UPDATE \"fuzz-hash\" SET a = 5 WHERE pk = ?", "Parameters": [{"S": "k1"}]},
        {"Statement": "DELETE FROM \"fuzz-sorted\" WHERE pk = 'k1' AND sk = 1"}]}],
    "CreateTable": [{"TableName": "fuzz-new", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "B"},
                     {"AttributeName": "x", "AttributeType": "N"}], "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                     "GlobalSecondaryIndexes": [{"IndexName": "by-x", "KeySchema": [{"AttributeName": "x", "KeyType": "HASH"}],
                     "Projection": {"ProjectionType": "ALL"}, "ProvisionedThroughput": {"ReadCapacityUnits": 1,
                     "WriteCapacityUnits": 1}}], "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                     "Tags": [{"Key": "k", "Value": "v"}], "SSESpecification": {"Enabled": True, "SSEType": "KMS"}}],
    "UpdateTable": [{"TableName": "fuzz-sorted", "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "by-l",
                     "KeySchema": [{"AttributeName": "l", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}}],
                     "AttributeDefinitions": [{"AttributeName": "l", "AttributeType": "S"}]},
                    {"TableName": "fuzz-hash", "BillingMode": "PROVISIONED", "ProvisionedThroughput":
                     {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}}],
    "UpdateTimeToLive": [{"TableName": "fuzz-hash", "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "a"}}],
    "TagResource": [{"ResourceArn": _ARN, "Tags": [{"Key": "k", "Value": "v"}]}],
    "UntagResource": [{"ResourceArn": _ARN, "TagKeys": ["k"]}],
    "DeleteTable": [{"TableName": "fuzz-hash"}],
}


def seeds(prefix: str, operation: str) -> st.SearchStrategy[dict[str, Any]]:
    """A valid request, if the operation has seeds, else a generated one."""
    found = SEEDS.get(operation) if prefix == "DynamoDB_20120810" else None
    return st.sampled_from(found).map(copy.deepcopy) if found else requests(prefix, operation)


# -- spoiling a request ----------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**65), 2**65), st.floats(allow_nan=False, allow_infinity=False),
              st.text(max_size=6)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=5,
)


def _places(value: Any, path: tuple = ()) -> Iterator[tuple]:
    """The path of every value inside a JSON document (the root included)."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def _replace(document: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[head] = _replace(document[head], rest, new)
    return copy


@st.composite
def wrong_types(draw: Any, prefix: str, operation: str) -> dict[str, Any]:
    """A valid request with one value, at any depth, replaced by one of another JSON type."""
    request = draw(st.one_of(requests(prefix, operation), seeds(prefix, operation)))
    places = list(_places(request))
    path = draw(st.sampled_from(places[1:] or places))  # the root's own type is test_wire's
    old = request
    for part in path:
        old = old[part]
    new = draw(json_values.filter(lambda v: type(v) is not type(old)))
    return _replace(request, path, new)


TOKENS = (b'"\\ud800"', b"1e400", b"-0", b"[]", b"{}", b"null", b'"', b"\\", b"\xff", b"\xed\xa0\x80", b"9" * 30, b"{" * 50)


@st.composite
def mutated_bodies(draw: Any, prefix: str, operation: str) -> bytes:
    """The encoded body of a valid request with a few bytes changed, deleted, inserted or spliced."""
    body = bytearray(json.dumps(draw(st.one_of(requests(prefix, operation), seeds(prefix, operation)))).encode())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(body)))
        action = draw(st.sampled_from(("flip", "delete", "insert", "splice")))
        if action == "flip" and at < len(body):
            body[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del body[at : at + draw(st.integers(1, 4))]
        elif action == "insert":
            body[at:at] = bytes([draw(st.integers(0, 255))])
        else:
            body[at : at + draw(st.integers(0, 3))] = draw(st.sampled_from(TOKENS))
    return bytes(body)


swaps = st.one_of(
    attribute_values, st.sampled_from((*EXPRESSIONS, *STATEMENTS, *TABLES, *NAMES, "ALL_OLD", "NONE")),
    st.sampled_from((0, 1, -1, 2.5, 2**31, 101, 1e308, True, [], {})),
)


@st.composite
def spoiled_seeds(draw: Any, prefix: str, operation: str) -> dict[str, Any]:
    """A valid request with a few values swapped for other plausible ones, or members dropped."""
    request = draw(seeds(prefix, operation))
    for _ in range(draw(st.integers(1, 3))):
        places = list(_places(request))[1:]
        if not places:
            break
        path = draw(st.sampled_from(places))
        if draw(st.booleans()):
            request = _replace(request, path, draw(swaps))
        else:
            parent = request
            for part in path[:-1]:
                parent = parent[part]
            del parent[path[-1]]
    return request


def bodies(prefix: str, operation: str) -> st.SearchStrategy[bytes]:
    encode = lambda request: json.dumps(request).encode()  # noqa: E731
    return st.one_of(
        requests(prefix, operation).map(encode),
        seeds(prefix, operation).map(encode),
        spoiled_seeds(prefix, operation).map(encode),
        wrong_types(prefix, operation).map(encode),
        mutated_bodies(prefix, operation),
    )


# -- the engine, its tables, and what a failed request must leave alone ------------------------


def seeded_engine(engine: Engine | None = None) -> Engine:
    engine = engine or Engine(seed=7)
    attributes = [{"AttributeName": n, "AttributeType": t} for n, t in (("pk", "S"), ("sk", "N"), ("l", "S"), ("g", "S"))]
    engine.execute("CreateTable", {
        "TableName": "fuzz-sorted", "AttributeDefinitions": attributes, "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "LocalSecondaryIndexes": [{"IndexName": "lsi", "Projection": {"ProjectionType": "KEYS_ONLY"}, "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}]}],
        "GlobalSecondaryIndexes": [{"IndexName": "gsi", "Projection": {"ProjectionType": "INCLUDE",
                                    "NonKeyAttributes": ["a"]}, "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}],
    }, REGION)
    engine.execute("CreateTable", {
        "TableName": "fuzz-hash", "AttributeDefinitions": attributes[:1], "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "StreamSpecification":
        {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    }, REGION)
    for n in range(3):
        item = {"pk": {"S": f"k{n}"}, "sk": {"N": str(n)}, "l": {"S": "x"}, "g": {"S": "y"}, "a": {"L": [{"N": "1"}]}}
        engine.execute("PutItem", {"TableName": "fuzz-sorted", "Item": item}, REGION)
        engine.execute("PutItem", {"TableName": "fuzz-hash", "Item": {"pk": {"S": f"k{n}"}, "a": {"N": "1"}}}, REGION)
    return engine


def snapshot(engine: Engine) -> Any:
    """Everything a request could change, comparable."""
    state = {}
    for region_name, region in engine.regions.items():
        state[region_name, "kms"] = dict(region._kms_aliases)
        for name, table in region.tables.items():
            described = engine.execute("DescribeTable", {"TableName": name}, region_name)
            items = sorted(json.dumps(item, sort_keys=True) for item in table.scan_items())
            indexes = {
                index: sorted(json.dumps(e, sort_keys=True) for e in table.index_store(index).entries())
                for index in (i["IndexName"] for i in described["Table"].get("LocalSecondaryIndexes", [])
                              + described["Table"].get("GlobalSecondaryIndexes", []))
            }
            state[region_name, name] = (json.dumps(described, sort_keys=True), items, indexes,
                                        table.ttl_attribute, dict(table.tags))
    return state


class _Crashes(logging.Handler):
    """What fakedynamo logs when a request crashes it (wire/protocol.py: logger.exception)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


CRASHES = _Crashes()


@pytest.fixture(scope="module", autouse=True)
def _watch_for_crashes() -> Iterator[None]:
    logger = logging.getLogger("fakedynamo")
    logger.addHandler(CRASHES)
    yield
    logger.removeHandler(CRASHES)


def assert_no_crash(crashes_before: int) -> None:
    records = CRASHES.records[crashes_before:]
    assert not records, [record.getMessage() + "\n" + str(record.exc_info) for record in records]


def assert_dynamodb_shaped(status: int, body: bytes) -> dict[str, Any] | None:
    assert b"Traceback" not in body
    if status == 500:
        # Only where DynamoDB itself answers one (UpdateTable with nothing but an empty
        # WarmThroughput or OnDemandThroughput, tests/test_tables_clients.py), never a crash:
        # check() also finds no crash logged.
        assert json.loads(body) == {"__type": "com.amazon.coral.service#InternalFailure"}
        return None
    if status == 404:
        assert body == b"<UnknownOperationException/>\n"
        return None
    answer = json.loads(body)
    assert isinstance(answer, dict), body
    if status == 200:
        return answer
    assert status == 400, (status, body)
    assert answer["__type"].startswith(NAMESPACES), body
    return answer


def check(engine: Engine, send: Any, target: str, body: bytes) -> None:
    before = snapshot(engine)
    crashes = len(CRASHES.records)
    status, answer = send(target, body)
    assert_no_crash(crashes)
    assert_dynamodb_shaped(status, answer)
    if status != 200:
        assert snapshot(engine) == before, (target, body, answer)
    elif not set(TABLES) <= set(engine.region(REGION).tables):
        engine.reset()  # a DeleteTable went through: start again from the seeded tables
        seeded_engine(engine)


# -- in process ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine() -> Engine:
    return seeded_engine()


@pytest.mark.parametrize(("prefix", "operation"), OPERATIONS, ids=[op for _, op in OPERATIONS])
def test_in_process(engine: Engine, prefix: str, operation: str) -> None:
    def send(target: str, body: bytes) -> tuple[int, bytes]:
        status, _, answer = handle(engine, target, body, REGION)
        return status, answer

    @FUZZ
    @given(body=bodies(prefix, operation))
    def run(body: bytes) -> None:
        check(engine, send, f"{prefix}.{operation}", body)

    run()


# -- over HTTP -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[DynamoDBServer]:
    with running_server(seeded_engine()) as running:
        yield running


@pytest.mark.parametrize(("prefix", "operation"), OPERATIONS, ids=[op for _, op in OPERATIONS])
def test_over_http(server: DynamoDBServer, prefix: str, operation: str) -> None:
    host, port = server.server_address[:2]

    def send(target: str, body: bytes) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(host, port, timeout=10)
        try:
            headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target}
            connection.request("POST", "/", body=body, headers=headers)
            response = connection.getresponse()  # a dropped connection raises here
            return response.status, response.read()
        finally:
            connection.close()

    @FUZZ
    @given(body=bodies(prefix, operation))
    def run(body: bytes) -> None:
        check(server.engine, send, f"{prefix}.{operation}", body)

    run()


# -- through a boto3 client, as a test would send it -------------------------------------------


@pytest.fixture(scope="module")
def mock() -> Iterator[Any]:
    with fakedynamo.mock_dynamodb(id_seed=7) as running:
        seeded_engine(running.engine)
        yield running


_clients: dict[str, Any] = {}


@pytest.mark.parametrize(("prefix", "operation"), OPERATIONS, ids=[op for _, op in OPERATIONS])
def test_through_boto3(mock: Any, prefix: str, operation: str) -> None:
    service = MODELS[prefix].service_name
    if service not in _clients:
        config = Config(parameter_validation=False, retries={"total_max_attempts": 1})
        _clients[service] = boto3.client(service, region_name=REGION, config=config)
    method = getattr(_clients[service], botocore.xform_name(operation))
    engine = mock.engine

    @FUZZ
    @given(request=requests(prefix, operation))
    def run(request: dict[str, Any]) -> None:
        before = snapshot(engine)
        crashes = len(CRASHES.records)
        try:
            method(**request)
        except ClientError as error:
            assert_no_crash(crashes)
            status = error.response["ResponseMetadata"]["HTTPStatusCode"]
            assert status in (400, 404) or error.response["Error"] == {"Code": "InternalFailure", "Message": ""}
            assert snapshot(engine) == before, (operation, request, error.response)
        except (ParamValidationError, ValueError, TypeError):
            pass  # botocore could not build the request: nothing was sent
        else:
            assert_no_crash(crashes)

    run()
