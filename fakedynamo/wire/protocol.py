"""DynamoDB's JSON 1.0 protocol: one request in, one encoded response out.

Both wire adapters (the botocore hook and the HTTP server) call `handle`, so a
request gets the same answer byte for byte whichever way it arrived.
"""

from __future__ import annotations

import json
import logging
import zlib
from typing import Any

from fakedynamo.engine import Engine
from fakedynamo.errors import DynamoDBError, serialization

TARGET_PREFIX = "DynamoDB_20120810."
CONTENT_TYPE = "application/x-amz-json-1.0"

logger = logging.getLogger("fakedynamo")

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_decode = json.JSONDecoder().decode


def handle(
    engine: Engine, target: bytes | str | None, body: bytes | str | None, region: str
) -> tuple[int, dict[str, str], bytes]:
    """Execute the request named by an `X-Amz-Target` header; return status, headers, body."""
    try:
        operation = _operation_of(target)
        response = engine.execute(operation, _decode_body(body), region)
        status = 200
    except DynamoDBError as error:
        status, response = error.status, error.body()
    except Exception:  # noqa: BLE001 - a bug of ours must still look like AWS, never a traceback
        logger.exception("fakedynamo failed on %s", target)
        status = 500
        response = {"__type": "com.amazon.coral.service#InternalFailure"}
    payload = _encode(response).encode("utf-8")
    headers = {
        "Content-Type": CONTENT_TYPE,
        "x-amzn-RequestId": engine.request_id(),
        "x-amz-crc32": str(zlib.crc32(payload)),
        "Content-Length": str(len(payload)),
    }
    return status, headers, payload


def _operation_of(target: bytes | str | None) -> str:
    if isinstance(target, bytes):
        target = target.decode("latin-1")
    if not target or not target.startswith(TARGET_PREFIX):
        raise DynamoDBError("UnknownOperationException")
    return target[len(TARGET_PREFIX) :]


def _decode_body(body: bytes | str | None) -> dict[str, Any]:
    if not body:
        # botocore always sends "{}" at least; an empty body is a malformed request.
        raise serialization()
    try:
        request = _decode(body.decode("utf-8") if isinstance(body, bytes) else body)
    except (UnicodeDecodeError, ValueError):
        raise serialization() from None
    if not isinstance(request, dict):
        raise serialization("Start of list found where not expected" if isinstance(request, list) else None)
    return request
