"""Request authentication as DynamoDB's front end (Coral) checks it, for the HTTP server.

Three modes, chosen when the server starts:

- ``open`` (the default): every request is served, signed or not, as it
  always was (the conformance suite, DynamoDB Local habits, curl, hand-made
  requests with a partial Authorization header, the admin API).
- ``aws``: AWS's rules on presence and shape: a request without
  Authorization (or whose header is not ``AWS4-...``) is refused with
  MissingAuthenticationTokenException, and a SigV4 header without its
  Credential, Signature, SignedHeaders or a date with
  IncompleteSignatureException, as DynamoDB refuses them. Signatures are not
  verified.
- ``verify``: as ``aws``, and the SigV4 signature is computed with the secret
  of the access key (from the credentials the server was given) and compared:
  an unknown key is UnrecognizedClientException, a wrong signature
  InvalidSignatureException with the canonical request and string to sign, as
  DynamoDB reports them. Signature expiry is not checked (the engine's clock
  is the test's, not the SDK's).

The checks run where DynamoDB runs them: after the content type, the JSON and
the target are accepted, before the request is validated (dynalite's index.js,
which pinned DynamoDB's answers, and its test/connection.js).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any, Mapping
from urllib.parse import parse_qsl, quote

from fakedynamo.errors import DynamoDBError

OPEN, AWS, VERIFY = "open", "aws", "verify"
MODES = (OPEN, AWS, VERIFY)
ALGORITHM = "AWS4-HMAC-SHA256"
_DATE = re.compile(r"\d{8}T\d{6}Z")


def _missing() -> DynamoDBError:
    return DynamoDBError("MissingAuthenticationTokenException", "Request is missing Authentication Token")


def _parameters(authorization: str) -> dict[str, str]:
    """The key=value parameters after the algorithm of an Authorization header."""
    parameters: dict[str, str] = {}
    for part in "".join(authorization.split(" ")[1:]).split(","):
        key, _, value = part.strip().partition("=")
        parameters[key] = value
    return parameters


def check(
    mode: str,
    method: str,
    path: str,
    headers: Any,
    body: bytes,
    credentials: Mapping[str, str] | None = None,
) -> DynamoDBError | None:
    """The error DynamoDB answers for the request's authentication, or None to serve it."""
    if mode == OPEN:
        return None
    authorization = headers.get("Authorization")
    if authorization is None and "X-Amz-Algorithm=" in path:
        return None  # a presigned (query string) request: signed, not checked further here
    if not authorization or authorization.strip()[:5] != "AWS4-":
        return _missing()
    parameters = _parameters(authorization)
    date = headers.get("X-Amz-Date") or headers.get("Date")
    message = "".join(
        f"Authorization header requires '{name}' parameter. "
        for name in ("Credential", "Signature", "SignedHeaders")
        if not parameters.get(name)
    )
    if not date:
        message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
    if message:
        return DynamoDBError("IncompleteSignatureException", message + "Authorization=" + authorization)
    if mode != VERIFY:
        return None
    return _verify(method, path, headers, body, authorization, parameters, date, credentials or {})


def _verify(
    method: str,
    path: str,
    headers: Any,
    body: bytes,
    authorization: str,
    parameters: dict[str, str],
    date: str,
    credentials: Mapping[str, str],
) -> DynamoDBError | None:
    algorithm = authorization.split(" ", 1)[0]
    if algorithm != ALGORITHM:
        return DynamoDBError(
            "IncompleteSignatureException",
            f"Unsupported AWS 'algorithm': '{algorithm}' (only AWS4-HMAC-SHA256 for now). ",
        )
    scope = parameters["Credential"].rstrip("/").split("/")
    if len(scope) != 5:
        return DynamoDBError(
            "IncompleteSignatureException",
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
            f"got '{parameters['Credential']}'",
        )
    key_id, day, region, service, terminator = scope
    problems = ""
    if service != "dynamodb":
        problems += "Credential should be scoped to correct service: 'dynamodb'. "
    if terminator != "aws4_request":
        problems += f"Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'. "
    if not _DATE.fullmatch(date) or day != date[:8]:
        problems += (
            f"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            f"'{day}' != '{date[:8]}', from '{date}'."
        )
    if problems:
        return DynamoDBError("InvalidSignatureException", problems)
    signed = parameters["SignedHeaders"].split(";")
    if "host" not in signed:
        return DynamoDBError("InvalidSignatureException", "'Host' must be a 'SignedHeader' in the AWS Authorization.")
    secret = credentials.get(key_id)
    if secret is None:
        return DynamoDBError("UnrecognizedClientException", "The security token included in the request is invalid.")
    canonical = canonical_request(method, path, headers, signed, body)
    string_to_sign = "\n".join(
        [ALGORITHM, date, f"{day}/{region}/{service}/{terminator}", hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = _signing_key(secret, day, region, service)
    expected = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    if hmac.compare_digest(expected, parameters["Signature"]):
        return None
    return DynamoDBError(
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
        "Access Key and signing method. Consult the service documentation for details.\n\n"
        f"The Canonical String for this request should have been\n'{canonical}'\n\n"
        f"The String-to-Sign should have been\n'{string_to_sign}'\n",
    )


def canonical_request(method: str, path: str, headers: Any, signed: list[str], body: bytes) -> str:
    """SigV4's canonical request (AWS General Reference, "Create a canonical request")."""
    raw_path, _, query = path.partition("?")
    canonical_path = quote(raw_path or "/", safe="/~")
    pairs = sorted((quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in parse_qsl(query, keep_blank_values=True))
    canonical_query = "&".join(f"{k}={v}" for k, v in pairs)
    lines = []
    for name in signed:
        values = headers.get_all(name) if hasattr(headers, "get_all") else [headers.get(name)]
        value = ",".join(" ".join(str(v).split()) for v in (values or []) if v is not None)
        lines.append(f"{name}:{value}\n")
    payload_hash = headers.get("X-Amz-Content-Sha256") or hashlib.sha256(body).hexdigest()
    return "\n".join([method, canonical_path, canonical_query, "".join(lines), ";".join(signed), payload_hash])


def _signing_key(secret: str, day: str, region: str, service: str) -> bytes:
    key = hmac.new(f"AWS4{secret}".encode(), day.encode(), hashlib.sha256).digest()
    for part in (region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key
