"""Resource-based policies: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy.

A policy is attached to a table or to one of its streams (by ARN). Its
RevisionId is the epoch time in milliseconds of the change (13 digits,
increasing), and a Put of an equivalent document (whitespace, key order, an
Action as a string or a one-element list, {"AWS": account-id} for the root ARN)
changes nothing and keeps the id. Policies are read back minified. Messages and
the order of checks are those the ack-api-quirks lab captured against DynamoDB
in 2026 (DDB-TABLE-207, 211, 212, 356).
"""

from __future__ import annotations

import json
from typing import Any

from fakedynamo.errors import DynamoDBError, invalid_parameter, resource_not_found, validation
from fakedynamo.operations import operation
from fakedynamo.region import Region
from fakedynamo.storage import Table

EXTRA = "resource_policies"  # Table.extras key: resource ARN -> _Policy
MAX_POLICY_BYTES = 20480
NO_POLICY = "NO_POLICY"

# Stream reads are not table actions; a table policy naming them is refused (DDB-TABLE-211).
_STREAM_ACTIONS = frozenset(
    {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"}
)


class _Policy:
    __slots__ = ("document", "canonical", "revision_id")

    def __init__(self, document: str, canonical: str, revision_id: str) -> None:
        self.document, self.canonical, self.revision_id = document, canonical, revision_id


def _invalid_document(message: str) -> DynamoDBError:
    return invalid_parameter(f"Invalid policy document: {message}")


# -- addressing ------------------------------------------------------------------------


def _resource(region: Region, arn: str) -> tuple[Table, str]:
    """The table `arn` addresses and the ARN the policy is kept under (table or stream)."""
    if not arn.startswith("arn:"):
        raise invalid_parameter(f"ARNs must start with 'arn:': {arn}")
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "dynamodb" or not parts[5].startswith("table/"):
        raise invalid_parameter(f"Provided Arn is not a DynamoDB resource {arn}")
    if parts[1] != "aws" or parts[3] != region.name:
        raise invalid_parameter(f"Invalid resource Arn: {arn}")
    if parts[4] != region.account_id:
        raise validation("This action is only supported by accounts that match the resource owner\u2019s account.")
    path = parts[5].split("/")
    name = path[1] if len(path) > 1 else ""
    if len(path) == 2:
        kind = "table"
    elif len(path) == 4 and path[2] == "stream":
        kind = "stream"
    elif len(path) >= 3 and path[2] == "index":
        raise invalid_parameter(
            "Invalid resource arn provided, only table or stream is accepted. "
            f"Provided resource arn: {':'.join(parts[:5])}"
        )
    else:
        raise invalid_parameter(f"Provided Arn is not a DynamoDB resource {arn}")
    table = region.tables.get(name)
    if table is None:
        raise resource_not_found(f"Requested resource not found: Table: {name} not found")
    if kind == "stream" and arn != table.stream_arn:
        raise resource_not_found(f"Requested resource not found: Stream: {path[3]} not found for Table: {name}")
    return table, arn


def policies_of(table: Table) -> dict[str, _Policy]:
    return table.extras.setdefault(EXTRA, {})


# -- the policy document ---------------------------------------------------------------


def check_policy(region: Region, document: str, resource_arn: str, is_stream: bool) -> str:
    """Check a policy document as DynamoDB does; return its canonical form (for equivalence)."""
    if len(document.encode()) > MAX_POLICY_BYTES:
        raise invalid_parameter(f"Maximum policy size of {MAX_POLICY_BYTES} bytes exceeded")
    try:
        parsed = json.loads(document)
    except ValueError:
        raise _invalid_document("This policy contains invalid Json") from None
    if not isinstance(parsed, dict):
        raise _invalid_document("This policy contains invalid Json")
    statements = parsed.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not statements:
        raise _invalid_document("Could not parse the policy: Statement is empty!")
    if not isinstance(statements, list) or not all(isinstance(s, dict) for s in statements):
        raise _invalid_document("This policy contains invalid Json")  # inferred wording
    sids = [s["Sid"] for s in statements if "Sid" in s]
    if len(sids) != len(set(sids)):
        raise _invalid_document("The Statement Ids in the policy are not unique")
    canonical_statements = [_check_statement(region, s, is_stream) for s in statements]
    canonical = dict(parsed, Statement=canonical_statements)
    return json.dumps(canonical, sort_keys=True, separators=(",", ":"))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _check_statement(region: Region, statement: dict[str, Any], is_stream: bool) -> dict[str, Any]:
    for field in ("Effect", "Action", "Resource", "Principal"):
        if field not in statement and not (field == "Action" and "NotAction" in statement):
            raise _invalid_document(f"Missing required field {field}")
    if statement["Effect"] not in ("Allow", "Deny"):
        raise _invalid_document(f"Invalid effect: {statement['Effect']}")  # inferred wording
    actions = [a for a in _as_list(statement.get("Action", [])) if isinstance(a, str)]
    if not is_stream:
        invalid = [a for a in actions if a in _STREAM_ACTIONS]
        if invalid:
            names = ", ".join(f'"{a}"' for a in invalid)
            raise _invalid_document(f"The following action names are invalid: {names}")
    principal = statement["Principal"]
    if not isinstance(principal, dict):
        if principal == "*" and statement["Effect"] == "Allow":
            raise _unbounded()
        if principal != "*":
            raise _invalid_document("Syntax error at position (1,94)")  # DynamoDB names the JSON position
    canonical = dict(statement)
    if "Action" in canonical:
        canonical["Action"] = sorted(_as_list(canonical["Action"]))
    canonical["Resource"] = sorted(_as_list(canonical["Resource"]))
    if isinstance(principal, dict):
        canonical["Principal"] = {k: _principals(region, k, v, statement["Effect"]) for k, v in principal.items()}
    return canonical


def _principals(region: Region, kind: str, value: Any, effect: str) -> list[str]:
    names = []
    for name in _as_list(value):
        if name == "*" and effect == "Allow":
            raise _unbounded()
        if kind == "AWS" and isinstance(name, str) and name.isdigit() and len(name) == 12:
            name = f"arn:aws:iam::{name}:root"  # DynamoDB rewrites a bare account id to its root ARN
        names.append(name)
    return sorted(names)


def _unbounded() -> DynamoDBError:
    return validation(
        "Resource-based policy grants unbounded access in one or more elements. "
        "Please revise the policy to ensure least-privilege form of access"
    )


def _not_found(arn: str) -> DynamoDBError:
    return DynamoDBError("PolicyNotFoundException", f"Resource-based policy not found for the provided ResourceArn: {arn}")


def _revision_id(region: Region, table: Table) -> str:
    """Epoch milliseconds of the change, kept strictly increasing per table."""
    now = int(region.now() * 1000)
    last = table.extras.get("policy_revision", 0)
    revision = max(now, last + 1)
    table.extras["policy_revision"] = revision
    return str(revision)


def _minified(document: str) -> str:
    return json.dumps(json.loads(document), separators=(",", ":"))


# -- the operations --------------------------------------------------------------------


@operation("PutResourcePolicy")
def put_resource_policy(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table, arn = _resource(region, request["ResourceArn"])
    document = request["Policy"]
    canonical = check_policy(region, document, arn, is_stream=arn != table.arn)
    policies = policies_of(table)
    current = policies.get(arn)
    expected = request.get("ExpectedRevisionId")
    if expected == NO_POLICY and current is not None:
        raise DynamoDBError(
            "PolicyNotFoundException",
            "Resource-based policy not found for the provided ResourceArn: Requested policy update expecting "
            f"none to be present for table {table.name}, but a policy exists with revision id {current.revision_id}.",
        )
    if expected is not None and expected != NO_POLICY:
        if current is None:
            raise _not_found(arn)
        if current.revision_id != expected:
            raise _revision_mismatch(expected, table, current)
    if current is not None and current.canonical == canonical:
        return {"RevisionId": current.revision_id}
    if _locks_out_caller(region, canonical) and not request.get("ConfirmRemoveSelfResourceAccess"):
        # inferred wording: the API Reference says the request is refused without the confirmation
        raise validation(
            "One or more parameter values were invalid: The policy would prevent you from changing the policy of "
            "this resource in the future. Set ConfirmRemoveSelfResourceAccess to true to confirm."
        )
    policies[arn] = _Policy(_minified(document), canonical, _revision_id(region, table))
    return {"RevisionId": policies[arn].revision_id}


_POLICY_ACTIONS = ("*", "dynamodb:*", "dynamodb:PutResourcePolicy", "dynamodb:*ResourcePolicy", "dynamodb:Put*")


def _locks_out_caller(region: Region, canonical: str) -> bool:
    """Whether the policy denies the caller (this account) PutResourcePolicy on the resource."""
    caller = {f"arn:aws:iam::{region.account_id}:root", region.account_id, "*"}
    for statement in json.loads(canonical)["Statement"]:
        if statement["Effect"] != "Deny":
            continue
        principal = statement["Principal"]
        names = set(principal.get("AWS", [])) if isinstance(principal, dict) else {principal}
        if names & caller and set(statement.get("Action", [])) & set(_POLICY_ACTIONS):
            return True
    return False


def _revision_mismatch(expected: str, table: Table, current: _Policy) -> DynamoDBError:
    return DynamoDBError(
        "PolicyNotFoundException",
        f"Resource-based policy not found for the provided ResourceArn: Requested update for policy with "
        f"revision id {expected}, but the policy associated to target table {table.name} has revision id "
        f"{current.revision_id}.",
    )


@operation("GetResourcePolicy")
def get_resource_policy(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table, arn = _resource(region, request["ResourceArn"])
    policy = policies_of(table).get(arn)
    if policy is None:
        raise _not_found(arn)
    return {"Policy": policy.document, "RevisionId": policy.revision_id}


@operation("DeleteResourcePolicy")
def delete_resource_policy(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table, arn = _resource(region, request["ResourceArn"])
    policies = policies_of(table)
    policy = policies.get(arn)
    if policy is None:
        raise _not_found(arn)
    expected = request.get("ExpectedRevisionId")
    if expected is not None and expected != policy.revision_id:
        raise _revision_mismatch(expected, table, policy)
    del policies[arn]
    return {"RevisionId": _revision_id(region, table)}


# -- CreateTable's ResourcePolicy ------------------------------------------------------


def check_create(region: Region, request: dict[str, Any]) -> None:
    if "ResourcePolicy" in request:
        check_policy(region, request["ResourcePolicy"], region.arn(f"table/{request['TableName']}"), False)


def apply_create(region: Region, table: Table, request: dict[str, Any]) -> None:
    if "ResourcePolicy" in request:
        document = request["ResourcePolicy"]
        canonical = check_policy(region, document, table.arn, False)
        policies_of(table)[table.arn] = _Policy(_minified(document), canonical, _revision_id(region, table))
