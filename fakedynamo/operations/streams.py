"""DynamoDB Streams: ListStreams, DescribeStream, GetShardIterator, GetRecords.

The API of the ``dynamodbstreams`` service (target prefix
``DynamoDBStreams_20120810``), over the streams of `fakedynamo.streams`.
Request shapes (lengths, enums, Limit >= 1) are checked by
`fakedynamo.shapes` from botocore's model before a handler runs.

Messages: "Requested resource not found: Stream: <arn> not found" is AWS's
(clients assert it against the service); the others follow DynamoDB Local's
wording where it has one, and are marked where inferred.

A shard iterator is ``<stream arn>|1|<token>`` (AWS's iterators also start
with the stream ARN); the token carries the shard, the position and when the
iterator was issued, so iterators need no server-side state and expire after
15 minutes of the engine's clock.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import datetime, timezone
from typing import Any

from fakedynamo import streams
from fakedynamo.errors import DynamoDBError, constraint_errors, resource_not_found, validation
from fakedynamo.operations import operation
from fakedynamo.region import Region
from fakedynamo.streams import ITERATOR_LIFETIME_SECONDS, Stream, parse_sequence_number, sequence_number

MAX_GET_RECORDS = 1000
MAX_LIST_STREAMS = 100
DEFAULT_LIST_LIMIT = 100

TRIMMED = "The operation attempted to read past the oldest stream record in a shard."
INVALID_ITERATOR = "Invalid ShardIterator"
# AWS refuses a StreamArn that is not a stream ARN at all with this (its SDKs' integration
# tests assert it); a well-formed ARN of a stream that does not exist is not found instead.
INVALID_STREAM_ARN = "Invalid StreamArn"
# What counts as well-formed is inferred: arn:<partition>:dynamodb:<region>:<account>:table/<name>/stream/<label>.
STREAM_ARN = re.compile(r"arn:[^:/]+:dynamodb:[^:/]*:[^:/]*:table/[^/]+/stream/[^/]+")


# -- ListStreams ------------------------------------------------------------------------


@operation("ListStreams")
def list_streams(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    found = streams.visible(region)
    table_name = request.get("TableName")
    if table_name is not None:  # a table without streams (or none at all) lists none (inferred)
        found = [s for s in found if s.table_name == table_name]
    # Newest first, as DynamoDB Local orders them (inferred for AWS).
    found.sort(key=lambda s: (s.created_at, s.label, s.table_name), reverse=True)
    start = request.get("ExclusiveStartStreamArn")
    if start is not None and not STREAM_ARN.fullmatch(start):
        # AWS refuses a start that is not a stream ARN (the wording is inferred).
        raise validation(INVALID_STREAM_ARN)
    if start is not None:
        arns = [s.arn for s in found]
        found = found[arns.index(start) + 1 :] if start in arns else []
    limit = request.get("Limit", DEFAULT_LIST_LIMIT)
    if limit > MAX_LIST_STREAMS:
        # AWS refuses a Limit past the documented upper limit of 100 (the wording is inferred, after GetRecords').
        raise validation(f"One or more parameter values were invalid: Limit should be less than or equal to {MAX_LIST_STREAMS}")
    page = found[:limit]
    response: dict[str, Any] = {
        "Streams": [{"StreamArn": s.arn, "TableName": s.table_name, "StreamLabel": s.label} for s in page]
    }
    if len(found) > limit:
        response["LastEvaluatedStreamArn"] = page[-1].arn
    return response


# -- DescribeStream ---------------------------------------------------------------------


@operation("DescribeStream")
def describe_stream(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    shard_filter = request.get("ShardFilter")
    if shard_filter is not None:
        # The model leaves both members optional, but AWS refuses a filter without either
        # (the wording is inferred: the framework's, for a required member left out).
        for member, path in (("Type", "shardFilter.type"), ("ShardId", "shardFilter.shardId")):
            if shard_filter.get(member) is None:
                raise constraint_errors([f"Value null at '{path}' failed to satisfy constraint: Member must not be null"])
    stream = _stream(region, request["StreamArn"])
    now = region.now()
    # A stream here has one shard, which never splits: no shard has children (CHILD_SHARDS).
    shards = [] if shard_filter is not None else [_shard(stream, now)]
    start = request.get("ExclusiveStartShardId")
    if start is not None:
        ids = [shard["ShardId"] for shard in shards]
        shards = shards[ids.index(start) + 1 :] if start in ids else []
    limit = request.get("Limit", DEFAULT_LIST_LIMIT)
    description: dict[str, Any] = {
        "StreamArn": stream.arn,
        "StreamLabel": stream.label,
        "StreamStatus": stream.status,
        "StreamViewType": stream.view_type,
        "CreationRequestDateTime": stream.created_at,
        "TableName": stream.table_name,
        "KeySchema": [dict(e) for e in stream.key_schema],
        "Shards": shards[:limit],
    }
    if len(shards) > limit:
        description["LastEvaluatedShardId"] = shards[limit - 1]["ShardId"]
    return {"StreamDescription": description}


def _shard(stream: Stream, now: float) -> dict[str, Any]:
    numbers = {"StartingSequenceNumber": sequence_number(stream.start_seq)}
    if not stream.enabled:
        # A closed shard names its last record (inferred for a shard that got none: the one before its first).
        numbers["EndingSequenceNumber"] = sequence_number(max(stream.end - 1, 0))
    return {"ShardId": stream.shard_id, "SequenceNumberRange": numbers}


# -- GetShardIterator -------------------------------------------------------------------


@operation("GetShardIterator")
def get_shard_iterator(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    kind = request["ShardIteratorType"]
    number = request.get("SequenceNumber")
    at_number = kind == "AT_SEQUENCE_NUMBER" or kind == "AFTER_SEQUENCE_NUMBER"
    if at_number and number is None:
        # Inferred wording.
        raise validation(f"SequenceNumber is required for ShardIteratorType {kind}")
    if not at_number and number is not None:
        # Inferred wording.
        raise validation(f"SequenceNumber must not be specified for ShardIteratorType {kind}")
    stream = _stream(region, request["StreamArn"])
    if request["ShardId"] != stream.shard_id:
        # Inferred wording, after the stream's.
        raise resource_not_found(f"Requested resource not found: Shard: {request['ShardId']} in Stream: {stream.arn} not found")
    now = region.now()
    if kind == "TRIM_HORIZON":
        position = stream.trim_horizon(now)
    elif kind == "LATEST":
        position = stream.end
    else:
        seq = parse_sequence_number(number)  # type: ignore[arg-type]
        if seq is None or seq < stream.start_seq or (not stream.enabled and seq >= stream.end):
            raise validation("Invalid SequenceNumber for the shard")  # DynamoDB Local's wording
        position = seq if kind == "AT_SEQUENCE_NUMBER" else seq + 1
        if stream.trimmed(seq, now):
            raise DynamoDBError("TrimmedDataAccessException", TRIMMED)
    return {"ShardIterator": _iterator(stream, position, now)}


# -- GetRecords -------------------------------------------------------------------------


@operation("GetRecords")
def get_records(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    arn, shard_id, position, issued = _parse_iterator(request["ShardIterator"])
    limit = request.get("Limit", MAX_GET_RECORDS)
    if limit > MAX_GET_RECORDS:
        raise validation("One or more parameter values were invalid: Limit should be less than or equal to 1000")
    now = region.now()
    if now - issued > ITERATOR_LIFETIME_SECONDS:
        raise DynamoDBError("ExpiredIteratorException", _expired_message(issued, now))
    stream = region.streams.get(arn)
    if stream is None or stream.expired(now) or stream.shard_id != shard_id:
        raise resource_not_found("Invalid ShardId in ShardIterator")  # DynamoDB Local's wording
    if stream.trimmed(position, now):
        raise DynamoDBError("TrimmedDataAccessException", TRIMMED)
    changes = stream.changes(position, limit)
    records = [stream.record(change, region.name) for change in changes]
    # A short page read to the end of the shard (past writes that changed nothing).
    following = changes[-1].seq + 1 if len(changes) == limit else max(stream.end, position)
    response: dict[str, Any] = {"Records": records}
    if stream.enabled or following < stream.end:
        response["NextShardIterator"] = _iterator(stream, following, now)
    return response


def _expired_message(issued: float, now: float) -> str:
    # Inferred: Kinesis's wording, with DynamoDB Streams' 15 minutes.
    return (
        f"Iterator expired. The iterator was created at time {_java_date(issued)} while right now it is "
        f"{_java_date(now)} which is further in the future than the tolerated delay of "
        f"{ITERATOR_LIFETIME_SECONDS * 1000} milliseconds."
    )


def _java_date(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y")


# -- shared steps -----------------------------------------------------------------------


def _stream(region: Region, arn: str) -> Stream:
    if not STREAM_ARN.fullmatch(arn):
        raise validation(INVALID_STREAM_ARN)
    stream = region.streams.get(arn)
    if stream is None or stream.expired(region.now()):
        raise resource_not_found(f"Requested resource not found: Stream: {arn} not found")
    return stream


def _iterator(stream: Stream, position: int, now: float) -> str:
    token = json.dumps([stream.shard_id, position, now], separators=(",", ":")).encode()
    return f"{stream.arn}|1|{base64.urlsafe_b64encode(token).decode()}"


def _parse_iterator(iterator: str) -> tuple[str, str, int, float]:
    try:
        arn, version, token = iterator.rsplit("|", 2)
        shard_id, position, issued = json.loads(base64.urlsafe_b64decode(token.encode()))
        if version != "1" or type(shard_id) is not str or type(position) is not int:
            raise ValueError
        return arn, shard_id, position, float(issued)
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        raise validation(INVALID_ITERATOR) from None
