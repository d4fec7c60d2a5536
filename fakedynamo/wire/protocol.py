"""DynamoDB's JSON 1.0 protocol: one request in, one encoded response out.

Both wire adapters (the botocore hook and the HTTP server) call `handle`, so a
request gets the same answer byte for byte whichever way it arrived.

What AWS's front end (Coral) answers before an operation runs, in its order
(dynalite's test/connection.js, captured against DynamoDB, and nubo-db/dynoxide's
server, checked against it):

1. A body whose Content-Type is neither ``application/x-amz-json-1.0`` nor
   ``application/json`` (parameters such as ``; charset=utf-8`` allowed), or a
   body with no Content-Type at all, is not a JSON-protocol request: 404 with
   the body ``<UnknownOperationException/>`` and a newline, no Content-Type.
   An empty body without a Content-Type is still served.
2. A body that is not JSON: 400 SerializationException with no message, before
   the target is even read.
3. No ``X-Amz-Target``, a prefix other than ``DynamoDB_20120810.`` (or
   ``DynamoDBStreams_20120810.`` for the Streams operations) or an operation
   DynamoDB does not have: 400 UnknownOperationException with no message.
4. An empty body for a real operation: 400 SerializationException, no message.
5. A JSON body that is not an object: SerializationException naming the type.

A string that is not valid Unicode (a lone UTF-16 surrogate, escaped as
``\\ud800``) is refused like bytes that are not UTF-8: SerializationException
with no message. Inferred: DynamoDB's strings are UTF-8 and bytes that are not
UTF-8 get that answer (aws/aws-sdk-js#46); no capture of an escaped lone
surrogate was found. Such a string could never be stored or sent back.

Error bodies are ``{"__type": "<namespace>#<Code>", "message": ...}``
(``Message`` for SerializationException and TransactionCanceledException).
Every response carries ``x-amzn-RequestId`` and ``x-amz-crc32``, the CRC32 of
the body, which botocore verifies; JSON responses echo the request's media type
(``application/json`` in, ``application/json`` out).
"""

from __future__ import annotations

import json
import logging
import re
import zlib
from typing import Any

from fakedynamo.engine import Engine
from fakedynamo.errors import DynamoDBError, serialization
from fakedynamo.shapes import top_level_error

TARGET_PREFIX = "DynamoDB_20120810."
STREAMS_TARGET_PREFIX = "DynamoDBStreams_20120810."
CONTENT_TYPE = "application/x-amz-json-1.0"
_PLAIN_JSON = "application/json"

# The body Coral sends for a request no protocol of the service claims.
UNKNOWN_OPERATION_XML = b"<UnknownOperationException/>\n"

logger = logging.getLogger("fakedynamo")

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON; Jackson refuses them too


_decode = json.JSONDecoder(parse_constant=_refuse_constant).decode

# Operations by the target prefix that names their service.
_OPERATIONS: dict[str, frozenset[str]] = {}

# Operations of botocore's newest DynamoDB model (1.44) that the engine answers even
# when the installed botocore predates them, so that other SDKs reach them over HTTP.
_NEWER_THAN_INSTALLED: dict[str, frozenset[str]] = {
    "dynamodb": frozenset({"StartBulkPutItems", "DescribeBulkOperation", "ListBulkOperations", "CancelBulkOperation"}),
}

# `content_type` when the adapter does not know it (the botocore hook, whose
# requests always carry DynamoDB's own).
_UNCHECKED: Any = object()


def _operations(service: str) -> frozenset[str]:
    names = _OPERATIONS.get(service)
    if names is None:
        import botocore.session

        model = botocore.session.get_session().get_service_model(service)
        names = _OPERATIONS[service] = frozenset(model.operation_names) | _NEWER_THAN_INSTALLED.get(service, frozenset())
    return names


def handle(
    engine: Engine,
    target: bytes | str | None,
    body: bytes | str | None,
    region: str,
    content_type: str | None = _UNCHECKED,
    refusal: DynamoDBError | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """Execute the request named by an `X-Amz-Target` header; return status, headers, body.

    `content_type` is the request's Content-Type header (None when it has
    none); adapters that cannot know it leave it out and it is not checked.
    `refusal` is the adapter's authentication error (fakedynamo.wire.auth),
    answered where DynamoDB checks authentication: once the target is known.
    """
    media_type = CONTENT_TYPE
    if content_type is not _UNCHECKED:
        base = (content_type or "").split(";", 1)[0].strip().lower()
        if base == _PLAIN_JSON:
            media_type = _PLAIN_JSON
        elif base != CONTENT_TYPE and (body or base):
            return _unclaimed(engine)
    try:
        request = _decode_body(body)
        operation = _operation_of(target)
        if refusal is not None:
            raise refusal
        if request is _EMPTY:
            raise serialization()
        if request is None:
            request = {}
        elif not isinstance(request, dict):
            raise top_level_error(operation, request)
        response = engine.execute(operation, request, region)
        status = 200
    except DynamoDBError as error:
        status, response = error.status, error.body()
    except Exception:  # noqa: BLE001 - a bug of ours must still look like AWS, never a traceback
        logger.exception("fakedynamo failed on %s", target)
        status = 500
        response = {"__type": "com.amazon.coral.service#InternalFailure"}
    try:
        payload = _encode(response).encode("utf-8")
    except Exception:  # noqa: BLE001 - an answer we cannot encode is our bug; never a traceback
        logger.exception("fakedynamo could not encode its answer to %s", target)
        status, payload = 500, _INTERNAL_FAILURE
    headers = {
        "Content-Type": media_type,
        "x-amzn-RequestId": engine.request_id(),
        "x-amz-crc32": str(zlib.crc32(payload)),
        "Content-Length": str(len(payload)),
    }
    return status, headers, payload


def _unclaimed(engine: Engine) -> tuple[int, dict[str, str], bytes]:
    headers = {
        "x-amzn-RequestId": engine.request_id(),
        "x-amz-crc32": str(zlib.crc32(UNKNOWN_OPERATION_XML)),
        "Content-Length": str(len(UNKNOWN_OPERATION_XML)),
    }
    return 404, headers, UNKNOWN_OPERATION_XML


def _operation_of(target: bytes | str | None) -> str:
    if isinstance(target, bytes):
        target = target.decode("latin-1")
    if target:
        if target.startswith(TARGET_PREFIX):
            operation = target[len(TARGET_PREFIX) :]
            if operation in _operations("dynamodb"):
                return operation
        elif target.startswith(STREAMS_TARGET_PREFIX):
            operation = target[len(STREAMS_TARGET_PREFIX) :]
            if operation in _operations("dynamodbstreams"):
                return operation
    raise DynamoDBError("UnknownOperationException")


_EMPTY: Any = object()

_INTERNAL_FAILURE = b'{"__type":"com.amazon.coral.service#InternalFailure"}'

# A \uD800-\uDFFF escape: the only way a JSON text read from UTF-8 can carry a surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _decode_body(body: bytes | str | None) -> Any:
    """The decoded JSON body; _EMPTY for none; SerializationException if it is not JSON."""
    if not body:
        return _EMPTY
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        if not isinstance(body, bytes):
            text.encode("utf-8")  # a raw lone surrogate
        request = _decode(text)
        if _SURROGATE_ESCAPE.search(text):
            # Paired escapes decode to one code point; a lone one fails to encode.
            _encode(request).encode("utf-8")
        return request
    except (UnicodeError, ValueError, RecursionError):
        raise serialization() from None
