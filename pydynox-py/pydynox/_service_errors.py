"""Turn botocore's S3 and KMS errors into pydynox's, with pydynox 1.8's messages.

The codes every AWS service shares (bad credentials, access denied,
throttling) map the same way for both; each service then maps its own codes
(`by_code`) and wraps the rest in its exception class. Errors that never
reached the service (no connection, no credentials) go through
`pydynox._errors.translate`, as DynamoDB's do.
"""

from __future__ import annotations

from collections.abc import Callable

from botocore.exceptions import ClientError

from pydynox._errors import _ACCESS_DENIED, _THROTTLING, translate
from pydynox.exceptions import AccessDeniedException, CredentialsException, ProvisionedThroughputExceededException

# The 1.8 message for each credentials code.
_CREDENTIAL_MESSAGES = {
    "UnrecognizedClientException": "Invalid AWS credentials. Check your access key and secret.",
    "InvalidAccessKeyId": "Invalid AWS access key ID. Check your credentials.",
    "SignatureDoesNotMatch": "AWS signature mismatch. Check your secret access key.",
    "ExpiredTokenException": "AWS credentials have expired. Refresh your session token.",
    "ExpiredToken": "AWS credentials have expired. Refresh your session token.",
}

# (error code, error message) -> the exception for a code the service knows, else None.
ByCode = Callable[[str, str | None], Exception | None]


def translate_service_error(error: Exception, service: str, by_code: ByCode, other: type[Exception]) -> Exception:
    """The pydynox exception for a botocore error from `service` ("S3" or "KMS")."""
    if not isinstance(error, ClientError):
        return translate(error)
    details = error.response.get("Error", {})
    code = str(details.get("Code", ""))
    message = details.get("Message") or None
    if code in _CREDENTIAL_MESSAGES:
        return CredentialsException(_CREDENTIAL_MESSAGES[code])
    if code in _ACCESS_DENIED:
        return AccessDeniedException(f"Access denied to {service}: {message or 'Check your IAM permissions.'}")
    if code in _THROTTLING:
        return ProvisionedThroughputExceededException(
            f"{service} request rate too high. Try again with exponential backoff."
        )
    known = by_code(code, message)
    if known is not None:
        return known
    return other(f"{service} operation failed: {message or error}")
