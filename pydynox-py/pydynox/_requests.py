"""Small builders shared by the client and the models: projections, expression maps, return values."""

from __future__ import annotations

from typing import Any

from pydynox._convert import to_dynamo

UPDATE_RETURN_VALUES = frozenset({"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"})
WRITE_RETURN_VALUES = frozenset({"NONE", "ALL_OLD"})


def check_return_values(return_values: str | None, allowed: frozenset[str], operation: str | None = None) -> str | None:
    """The ReturnValues to send (None for none at all); ValueError (1.8's message) for a value DynamoDB would refuse."""
    if return_values is None:
        return None
    if return_values not in allowed:
        if operation is not None:
            raise ValueError(f"Invalid return_values for {operation}: '{return_values}'. Must be NONE or ALL_OLD")
        raise ValueError(f"Invalid return_values: {return_values!r}. Expected one of {', '.join(sorted(allowed))}")
    return None if return_values == "NONE" else return_values


def projection(paths: list[list[str]], prefix: str = "#p") -> tuple[str, dict[str, str]]:
    """``[["a"], ["b", "c"]]`` as ``("#p0, #p1.#p2", {"#p0": "a", ...})``; one placeholder per segment.

    Paths come split into segments so that a segment may hold a literal dot (an alias like "contact.addr").
    """
    names: dict[str, str] = {}
    parts: list[str] = []
    for segments in paths:
        placeholders = []
        for segment in segments:
            placeholder = f"{prefix}{len(names)}"
            names[placeholder] = segment
            placeholders.append(placeholder)
        parts.append(".".join(placeholders))
    return ", ".join(parts), names


def split_paths(paths: list[str]) -> list[list[str]]:
    """Dotted attribute paths (``"address.city"``) as their segments."""
    return [path.split(".") for path in paths]


def invert(names: dict[str, str]) -> dict[str, str]:
    """A ``{name: placeholder}`` map (how conditions fill it) as DynamoDB's ``{placeholder: name}``."""
    return {placeholder: name for name, placeholder in names.items()}


def add_expression_maps(request: dict[str, Any], names: dict[str, str] | None, values: dict[str, Any] | None) -> None:
    """Put ExpressionAttributeNames ({"#x": "name"}) and native values ({":x": v}) on a request."""
    if names:
        request["ExpressionAttributeNames"] = names
    if values:
        request["ExpressionAttributeValues"] = {name: to_dynamo(value) for name, value in values.items()}
