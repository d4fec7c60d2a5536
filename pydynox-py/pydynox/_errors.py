"""Turn botocore's exceptions into pydynox's (see the table in the API spec, section 12)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    CredentialRetrievalError,
    EndpointConnectionError,
    NoCredentialsError,
    ParamValidationError,
    PartialCredentialsError,
    ProxyConnectionError,
    ReadTimeoutError,
)

from pydynox._convert import item_from_dynamo
from pydynox.exceptions import (
    AccessDeniedException,
    ConditionalCheckFailedException,
    ConnectionException,
    CredentialsException,
    IdempotentParameterMismatchException,
    ProvisionedThroughputExceededException,
    PydynoxException,
    ResourceInUseException,
    ResourceNotFoundException,
    TransactionCanceledException,
    ValidationException,
)

_THROTTLING = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "LimitExceededException",
        "RequestLimitExceeded",
        "Throttling",
        "ThrottlingException",
        "SlowDown",
        "TooManyRequestsException",
    }
)
_CREDENTIALS = frozenset(
    {
        "UnrecognizedClientException",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "ExpiredTokenException",
        "ExpiredToken",
    }
)
_ACCESS_DENIED = frozenset({"AccessDeniedException", "AccessDenied"})
_CONNECTION = (
    EndpointConnectionError,
    ConnectTimeoutError,
    ReadTimeoutError,
    ConnectionClosedError,
    ProxyConnectionError,
)
# 1.8's words (its Rust core names the failure, not botocore's detail): a timeout, or any other I/O failure.
_TIMED_OUT = "Connection timed out to DynamoDB. Check your network or endpoint."
_FAILED = "Connection failed to DynamoDB (I/O error). Check if the endpoint is reachable."
_NO_CREDENTIALS = (NoCredentialsError, PartialCredentialsError, CredentialRetrievalError)


def translate(error: Exception, table: str | None = None) -> Exception:
    """The pydynox exception for a botocore exception (other exceptions are returned unchanged)."""
    if isinstance(error, ClientError):
        return _from_client_error(error, table)
    if isinstance(error, _NO_CREDENTIALS):
        return CredentialsException(str(error))
    if isinstance(error, _CONNECTION):
        return ConnectionException(_TIMED_OUT if isinstance(error, (ConnectTimeoutError, ReadTimeoutError)) else _FAILED)
    if isinstance(error, ParamValidationError):
        return ValidationException(str(error))
    if isinstance(error, BotoCoreError):
        return PydynoxException(str(error))
    return error


def _from_client_error(error: ClientError, table: str | None) -> PydynoxException:
    response: dict[str, Any] = error.response
    details = response.get("Error", {})
    code = details.get("Code", "")
    message = details.get("Message") or response.get("message") or code
    if code == "ConditionalCheckFailedException":
        old = response.get("Item")
        return ConditionalCheckFailedException(
            "The condition expression evaluated to false", item=item_from_dynamo(old) if old else None
        )
    if code == "ResourceNotFoundException":
        return ResourceNotFoundException(f"Table '{table}' not found" if table else "Resource not found")
    if code == "ResourceInUseException":
        return ResourceInUseException(f"Table '{table}' already exists" if table else message)
    if code == "ValidationException":
        return ValidationException(message)
    if code == "ItemCollectionSizeLimitExceededException":
        return ValidationException("Item collection size limit exceeded")
    if code == "IdempotentParameterMismatchException":
        return IdempotentParameterMismatchException(message)
    if code == "TransactionCanceledException":
        return TransactionCanceledException(message, cancellation_reasons=_reasons(response))
    if code in _THROTTLING:
        return ProvisionedThroughputExceededException(
            "DynamoDB request rate too high. Try again with exponential backoff."
        )
    if code in _ACCESS_DENIED:
        return AccessDeniedException(f"Access denied to DynamoDB: {message}")
    if code in _CREDENTIALS:
        return CredentialsException(message)
    return PydynoxException(message)


def _reasons(response: dict[str, Any]) -> list[dict[str, Any] | None]:
    reasons: list[dict[str, Any] | None] = []
    for reason in response.get("CancellationReasons") or []:
        code = reason.get("Code")
        if code in (None, "None"):
            reasons.append(None)
            continue
        old = reason.get("Item")
        reasons.append({"code": code, "message": reason.get("Message"), "item": item_from_dynamo(old) if old else None})
    return reasons
