"""DynamoDB errors as the engine raises them and the wire adapters encode them."""

from __future__ import annotations

from typing import Any

# The namespace in `__type` says which layer of AWS's stack refused the request.
DYNAMODB_NS = "com.amazonaws.dynamodb.v20120810"
CORAL_SERVICE_NS = "com.amazon.coral.service"
CORAL_VALIDATE_NS = "com.amazon.coral.validate"

_NAMESPACE = {
    "ValidationException": CORAL_VALIDATE_NS,
    "SerializationException": CORAL_SERVICE_NS,
    "UnknownOperationException": CORAL_SERVICE_NS,
    "MissingAuthenticationTokenException": CORAL_SERVICE_NS,
    "AccessDeniedException": CORAL_SERVICE_NS,
    "InternalFailure": CORAL_SERVICE_NS,
    "UnrecognizedClientException": CORAL_SERVICE_NS,
    "IncompleteSignatureException": CORAL_SERVICE_NS,
    "InvalidSignatureException": CORAL_SERVICE_NS,
}

# Coral's own exceptions and TransactionCanceledException spell the message
# field "Message"; DynamoDB's other exceptions spell it "message" (dynalite's
# and dynoxide's captures; botocore reads either).
_CAPITALISED_MESSAGE = frozenset({"SerializationException", "TransactionCanceledException"})

_STATUS = {
    "InternalFailure": 500,
    "InternalServerError": 500,
}


class DynamoDBError(Exception):
    """An error DynamoDB would return: a code, a message and optional extra body fields."""

    def __init__(self, code: str, message: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra

    @property
    def status(self) -> int:
        return _STATUS.get(self.code, 400)

    @property
    def type(self) -> str:
        return f"{_NAMESPACE.get(self.code, DYNAMODB_NS)}#{self.code}"

    def body(self) -> dict[str, Any]:
        """The JSON body DynamoDB sends for this error."""
        body: dict[str, Any] = {"__type": self.type}
        if self.message is not None:
            key = "Message" if self.code in _CAPITALISED_MESSAGE else "message"
            body[key] = self.message
        body.update(self.extra)
        return body

    def __repr__(self) -> str:
        return f"DynamoDBError({self.code!r}, {self.message!r})"


def validation(message: str) -> DynamoDBError:
    return DynamoDBError("ValidationException", message)


def invalid_parameter(message: str) -> DynamoDBError:
    """DynamoDB's ValidationException for a parameter value its own rules refuse."""
    return validation(f"One or more parameter values were invalid: {message}")


def limit_exceeded(message: str) -> DynamoDBError:
    return DynamoDBError("LimitExceededException", message)


def constraint_errors(violations: list[str]) -> DynamoDBError:
    """Coral's framework message for one or more constraint violations.

    Coral lists at most ten; `fakedynamo.shapes` passes at most ten, and the
    count names how many are listed.
    """
    count = len(violations)
    noun = "error" if count == 1 else "errors"
    return validation(f"{count} validation {noun} detected: " + "; ".join(violations))


def resource_not_found(message: str = "Requested resource not found") -> DynamoDBError:
    return DynamoDBError("ResourceNotFoundException", message)


def resource_in_use(message: str) -> DynamoDBError:
    return DynamoDBError("ResourceInUseException", message)


def serialization(message: str | None = None) -> DynamoDBError:
    return DynamoDBError("SerializationException", message)
