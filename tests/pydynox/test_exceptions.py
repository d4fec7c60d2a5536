"""Exception classes, where they are exported, and how DynamoDB's error codes map onto them."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ParamValidationError,
    ReadTimeoutError,
)

import pydynox
import pydynox.pydynox_core as core
from pydynox import exceptions
from pydynox._errors import translate

ALL = [
    "PydynoxException",
    "ResourceNotFoundException",
    "ResourceInUseException",
    "ValidationException",
    "ConditionalCheckFailedException",
    "TransactionCanceledException",
    "ProvisionedThroughputExceededException",
    "AccessDeniedException",
    "CredentialsException",
    "SerializationException",
    "ConnectionException",
    "EncryptionException",
    "ItemTooLargeException",
]


@pytest.mark.parametrize("name", ALL)
def test_same_class_objects_in_exceptions_and_pydynox_core(name: str) -> None:
    cls = getattr(exceptions, name)
    assert getattr(core, name) is cls
    assert cls.__module__ == "pydynox"
    assert not hasattr(pydynox, name)  # not re-exported from the top level


def test_hierarchy() -> None:
    for name in ALL:
        cls = getattr(exceptions, name)
        if name == "ItemTooLargeException":
            assert not issubclass(cls, exceptions.PydynoxException)
        else:
            assert issubclass(cls, exceptions.PydynoxException)
    error = exceptions.ItemTooLargeException(500, 400, {"pk": "a"})
    assert (error.size, error.max_size, error.item_key) == (500, 400, {"pk": "a"})
    assert str(error) == "Item size 500 bytes exceeds max_size 400 bytes"
    assert exceptions.ConditionalCheckFailedException("x").item is None
    assert core.OperationMetrics is not None


def client_error(code: str, message: str = "aws says", **extra: Any) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}, **extra}, "PutItem")


@pytest.mark.parametrize(
    ("code", "cls", "message"),
    [
        (
            "ConditionalCheckFailedException",
            exceptions.ConditionalCheckFailedException,
            "The condition expression evaluated to false",
        ),
        ("ResourceNotFoundException", exceptions.ResourceNotFoundException, "Table 'users' not found"),
        ("ResourceInUseException", exceptions.ResourceInUseException, "Table 'users' already exists"),
        ("ValidationException", exceptions.ValidationException, "aws says"),
        (
            "ItemCollectionSizeLimitExceededException",
            exceptions.ValidationException,
            "Item collection size limit exceeded",
        ),
        ("TransactionCanceledException", exceptions.TransactionCanceledException, "aws says"),
        (
            "ProvisionedThroughputExceededException",
            exceptions.ProvisionedThroughputExceededException,
            "DynamoDB request rate too high. Try again with exponential backoff.",
        ),
        ("ThrottlingException", exceptions.ProvisionedThroughputExceededException, None),
        ("RequestLimitExceeded", exceptions.ProvisionedThroughputExceededException, None),
        ("LimitExceededException", exceptions.ProvisionedThroughputExceededException, None),
        ("AccessDeniedException", exceptions.AccessDeniedException, "Access denied to DynamoDB: aws says"),
        ("UnrecognizedClientException", exceptions.CredentialsException, "aws says"),
        ("ExpiredTokenException", exceptions.CredentialsException, None),
        ("InternalServerError", exceptions.PydynoxException, "aws says"),
    ],
)
def test_error_code_mapping(code: str, cls: type, message: str | None) -> None:
    mapped = translate(client_error(code), "users")
    assert type(mapped) is cls
    if message is not None:
        assert str(mapped) == message


def test_not_found_without_a_table_name() -> None:
    assert str(translate(client_error("ResourceNotFoundException"))) == "Resource not found"


def test_condition_failure_item_and_cancellation_reasons_are_decoded() -> None:
    mapped = translate(client_error("ConditionalCheckFailedException", Item={"pk": {"S": "a"}, "n": {"N": "2"}}))
    assert mapped.item == {"pk": "a", "n": 2}  # type: ignore[attr-defined]
    reasons = [{"Code": "None"}, {"Code": "ConditionalCheckFailed", "Message": "no", "Item": {"pk": {"S": "b"}}}]
    mapped = translate(client_error("TransactionCanceledException", CancellationReasons=reasons))
    assert mapped.cancellation_reasons == [  # type: ignore[attr-defined]
        None,
        {"code": "ConditionalCheckFailed", "message": "no", "item": {"pk": "b"}},
    ]


@pytest.mark.parametrize(
    ("error", "cls"),
    [
        (NoCredentialsError(), exceptions.CredentialsException),
        (EndpointConnectionError(endpoint_url="http://x"), exceptions.ConnectionException),
        (ConnectTimeoutError(endpoint_url="http://x"), exceptions.ConnectionException),
        (ReadTimeoutError(endpoint_url="http://x"), exceptions.ConnectionException),
        (ParamValidationError(report="bad"), exceptions.ValidationException),
    ],
)
def test_botocore_errors_are_mapped(error: Exception, cls: type) -> None:
    assert type(translate(error)) is cls


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (EndpointConnectionError(endpoint_url="http://x"), "Connection failed to DynamoDB (I/O error)."),
        (ConnectTimeoutError(endpoint_url="http://x"), "Connection timed out to DynamoDB."),
        (ReadTimeoutError(endpoint_url="http://x"), "Connection timed out to DynamoDB."),
    ],
)
def test_connection_failures_are_worded_as_in_1_8(error: Exception, message: str) -> None:
    assert str(translate(error)).startswith(message)


def test_other_errors_pass_through() -> None:
    error = KeyError("x")
    assert translate(error) is error
