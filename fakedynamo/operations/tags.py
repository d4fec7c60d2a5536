"""Tags: TagResource, UntagResource and ListTagsOfResource, addressed by ARN.

A table's tags live on the table and die with it. The ARN of the table's
latest stream is a tag slot of its own. DynamoDB checks a request's tags all
or nothing: one bad tag fails the call and nothing is applied. The limits
(50 tags, 10240 bytes) are checked against the set as it would be after the
call, and surface as ValidationException rather than LimitExceededException.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from fakedynamo.errors import DynamoDBError, resource_not_found, validation
from fakedynamo.operations import operation
from fakedynamo.region import Region

MAX_TAGS = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256
MAX_TAG_SET_BYTES = 10240

# Besides letters, digits and spaces of any script, tags may use these characters.
_TAG_PUNCTUATION = frozenset("_.:/=+-@")

_INVALID = "One or more parameter values were invalid: "


@operation("TagResource")
def tag_resource(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    arn = request["ResourceArn"]
    check_arn(region, arn)
    new_tags = request["Tags"]
    if not new_tags:
        raise validation("Atleast one Tag needs to be provided as Input.")
    check_tags(new_tags)
    tags = tag_set(region, arn)
    merged = dict(tags)
    merged.update((tag["Key"], tag["Value"]) for tag in new_tags)
    check_tag_limits(merged)
    tags.update(merged)
    return {}


@operation("UntagResource")
def untag_resource(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    arn = request["ResourceArn"]
    check_arn(region, arn)
    keys = request["TagKeys"]
    if not keys:
        raise validation("Atleast one Tag Key needs to be provided as Input.")
    if len(keys) > MAX_TAGS:
        raise _too_many_tags()
    for key in keys:
        _check_key(key)
    tags = tag_set(region, arn)
    for key in keys:
        tags.pop(key, None)
    return {}


@operation("ListTagsOfResource")
def list_tags_of_resource(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    # A resource has at most 50 tags, which DynamoDB returns in one page; it
    # ignores a NextToken it did not issue and answers with the first page.
    arn = request["ResourceArn"]
    check_arn(region, arn)
    tags = tag_set(region, arn)
    return {"Tags": [{"Key": key, "Value": value} for key, value in tags.items()]}


# -- the resource an ARN names ---------------------------------------------------


def check_arn(region: Region, arn: str) -> None:
    """Refuse an ARN that cannot name a taggable resource of this region, as DynamoDB does."""
    if not arn.startswith("arn:"):
        raise validation(f"{_INVALID}ARNs must start with 'arn:': {arn}")
    parts = arn.split(":", 5)
    if len(parts) != 6:
        raise validation(f"Invalid TableArn: Invalid ResourceArn provided as input {arn}")
    _, partition, service, arn_region, account, resource = parts
    if service != "dynamodb":
        raise validation(f"{_INVALID}Provided Arn is not a DynamoDB resource arn: {arn}")
    if partition != "aws" or arn_region != region.name:
        raise validation(f"Invalid TableArn: Invalid ResourceArn provided as input {arn}")
    if account != region.account_id:
        raise DynamoDBError("AccessDeniedException", "Access is denied")
    kind = _resource_kind(resource)
    if kind == "index":
        raise validation(
            f"{_INVALID}Invalid resource arn provided, only table or stream is accepted. Provided resource arn: {arn}"
        )
    if kind is None:
        raise validation(f"{_INVALID}Provided Arn is not a DynamoDB resource arn: {arn}")


def _resource_kind(resource: str) -> str | None:
    """'table', 'stream' or 'index' for the resource part of a DynamoDB ARN; None for anything else."""
    parts = resource.split("/")
    if parts[0] != "table" or len(parts) < 2 or not parts[1]:
        return None
    if len(parts) == 2:
        return "table"
    if len(parts) == 4 and parts[2] in ("stream", "index"):
        return parts[2]
    return None


def tag_set(region: Region, arn: str) -> dict[str, str]:
    """The live tag set of the table or stream `arn` (already checked) names."""
    resource = arn.split(":", 5)[5]
    name = resource.split("/")[1]
    table = region.tables.get(name)
    if table is not None:
        if resource.count("/") == 1:
            return table.tags
        if arn == table.stream_arn:
            return table.stream_tags.setdefault(arn, {})
    raise resource_not_found(f"Requested resource not found: ResourceArn: {arn} not found")


# -- tag checks --------------------------------------------------------------------


def check_tags(tags: list[dict[str, Any]]) -> None:
    """Refuse a list of Tag structures that DynamoDB would refuse (CreateTable and TagResource)."""
    for tag in tags:
        _check_key(tag.get("Key"))
        _check_value(tag.get("Value"))
    seen: set[str] = set()
    for tag in tags:
        if tag["Key"] in seen:
            raise validation(f"Duplicate Tag Keys provided as input: Duplicate Tag Key found {tag['Key']}")
        seen.add(tag["Key"])
    if len(tags) > MAX_TAGS:
        raise _too_many_tags()


def check_tag_limits(tags: dict[str, str]) -> None:
    """Refuse a tag set, as it would be after a call, that is over DynamoDB's limits."""
    if len(tags) > MAX_TAGS:
        raise _too_many_tags()
    size = sum(len(key.encode()) + len(value.encode()) for key, value in tags.items())
    if size > MAX_TAG_SET_BYTES:
        raise validation(f"Tag set size {size} bytes is above max size limit of {MAX_TAG_SET_BYTES} bytes")


def _check_key(key: str | None) -> None:
    if key is None or not 1 <= len(key) <= MAX_KEY_LENGTH or not _allowed(key):
        raise validation(f"The Tag Key provided is invalid, Key: {_shown(key)}")
    if key[:4].lower() == "aws:":
        raise validation(f"Tag Key cannot be prefixed with aws:, Key: {key}")


def _check_value(value: str | None) -> None:
    if value is None or len(value) > MAX_VALUE_LENGTH or not _allowed(value):
        raise validation(f"The Tag Value provided is invalid, Value: {_shown(value)}")


def _allowed(text: str) -> bool:
    """Whether `text` fits AWS's tag pattern: letters, numbers, spaces and _ . : / = + - @."""
    return all(char in _TAG_PUNCTUATION or unicodedata.category(char)[0] in "LNZ" for char in text)


def _shown(text: str | None) -> str:
    return "null" if text is None else text


def _too_many_tags() -> DynamoDBError:
    return validation("Number of Tags exceed the current limit for the provided ResourceArn")
