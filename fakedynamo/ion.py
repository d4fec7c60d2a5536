"""Amazon Ion text for DynamoDB items, as DynamoDB's exports write it and ImportTable reads it.

The mapping is the Developer Guide's ("DynamoDB table export output format",
Ion): S -> string, N -> decimal, B -> blob, BOOL -> bool, NULL -> null,
M -> struct, L -> list, and sets as annotated lists: ``$dynamodb_SS::[...]``,
``$dynamodb_NS::[...]``, ``$dynamodb_BS::[...]``. Each exported line is
``$ion_1_0 {Item:{...}}``.

`read_values` reads the subset of Ion text that mapping produces (plus ints,
floats, symbols, comments and whitespace freely placed), which is what an
export round-trips through; it is not a general Ion parser.
"""

from __future__ import annotations

import base64
import json
import re
from decimal import Decimal
from typing import Any

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
_SET_ANNOTATIONS = {"SS": "$dynamodb_SS", "NS": "$dynamodb_NS", "BS": "$dynamodb_BS"}
_ANNOTATION_SETS = {v: k for k, v in _SET_ANNOTATIONS.items()}


# -- writing ---------------------------------------------------------------------


def dumps_item(item: dict[str, Any]) -> str:
    """An item (DynamoDB JSON) as an Ion struct."""
    return _struct(item)


def _struct(members: dict[str, Any]) -> str:
    return "{" + ",".join(f"{_field(name)}:{_value(value)}" for name, value in members.items()) + "}"


def _field(name: str) -> str:
    if _IDENTIFIER.match(name) and name not in ("null", "true", "false", "nan"):
        return name
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _value(value: dict[str, Any]) -> str:
    (kind, raw), = value.items()
    if kind == "S":
        return json.dumps(raw, ensure_ascii=False)
    if kind == "N":
        return decimal_text(raw)
    if kind == "B":
        return "{{" + raw + "}}"
    if kind == "BOOL":
        return "true" if raw else "false"
    if kind == "NULL":
        return "null"
    if kind == "M":
        return _struct(raw)
    if kind == "L":
        return "[" + ",".join(_value(member) for member in raw) + "]"
    member = {"SS": "S", "NS": "N", "BS": "B"}[kind]
    return _SET_ANNOTATIONS[kind] + "::[" + ",".join(_value({member: m}) for m in raw) + "]"


def decimal_text(number: str) -> str:
    """A DynamoDB number as an Ion decimal: 103 -> ``103.``, 1.5 -> ``1.5``, 1E+5 -> ``1d5``."""
    sign, digits, exponent = Decimal(number).as_tuple()
    coefficient = ("-" if sign else "") + "".join(map(str, digits))
    if exponent == 0:
        return coefficient + "."
    if isinstance(exponent, int) and -20 <= exponent < 0:
        text = format(Decimal(number), "f")
        return text
    return f"{coefficient}d{exponent}"


# -- reading ---------------------------------------------------------------------


class IonError(ValueError):
    pass


_TOKEN = re.compile(
    r"""
    (?P<space>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<blob>\{\{\s*(?P<b64>[A-Za-z0-9+/=\s]*)\}\})
  | (?P<punct>[{}\[\]:,])
  | (?P<annotation>(?:[A-Za-z_$][A-Za-z0-9_$]*|'(?:[^'\\]|\\.)*')::)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<quoted>'(?:[^'\\]|\\.)*')
  | (?P<number>[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[dDeE][-+]?\d+)?)(?=[\s,\]}:]|\Z)
  | (?P<symbol>[A-Za-z_$][A-Za-z0-9_$]*(?:\.[a-z]+)?)
    """,
    re.VERBOSE | re.DOTALL,
)


def read_values(text: str) -> list[Any]:
    """The top-level values of an Ion text document, as Python values.

    Structs become dicts, lists lists, strings str, decimals Decimal, blobs
    bytes, null None; an annotated value becomes ``(annotation, value)``.
    The ``$ion_1_0`` version marker is skipped.
    """
    tokens = _tokenize(text)
    values: list[Any] = []
    position = 0
    while position < len(tokens):
        if tokens[position] == ("symbol", "$ion_1_0"):
            position += 1
            continue
        value, position = _parse(tokens, position)
        values.append(value)
    return values


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise IonError(f"unexpected Ion text at offset {position}")
        position = match.end()
        kind = match.lastgroup
        if kind == "b64":
            kind = "blob"
        if kind == "space":
            continue
        if kind == "blob":
            tokens.append(("blob", "".join(match.group("b64").split())))
        else:
            tokens.append((kind, match.group(kind)))  # type: ignore[arg-type]
    return tokens


def _parse(tokens: list[tuple[str, str]], position: int) -> tuple[Any, int]:
    kind, text = tokens[position]
    if kind == "annotation":
        value, position = _parse(tokens, position + 1)
        return (_unquote_symbol(text[:-2]), value), position
    if kind == "punct" and text == "{":
        result: dict[str, Any] = {}
        position += 1
        while tokens[position] != ("punct", "}"):
            name_kind, name = tokens[position]
            if name_kind == "string":
                name = json.loads(name)
            elif name_kind == "quoted":
                name = _unquote_symbol(name)
            elif name_kind != "symbol":
                raise IonError(f"a struct field name, not {name!r}")
            if tokens[position + 1] != ("punct", ":"):
                raise IonError("':' after a struct field name")
            result[name], position = _parse(tokens, position + 2)
            if tokens[position] == ("punct", ","):
                position += 1
        return result, position + 1
    if kind == "punct" and text == "[":
        items: list[Any] = []
        position += 1
        while tokens[position] != ("punct", "]"):
            value, position = _parse(tokens, position)
            items.append(value)
            if tokens[position] == ("punct", ","):
                position += 1
        return items, position + 1
    if kind == "string":
        return json.loads(text), position + 1
    if kind == "quoted":
        return _unquote_symbol(text), position + 1
    if kind == "blob":
        return base64.b64decode(text), position + 1
    if kind == "number":
        return Decimal(text.replace("_", "").replace("d", "E").replace("D", "E")), position + 1
    if kind == "symbol":
        constants = {"true": True, "false": False, "null": None}
        if text in constants or text.startswith("null."):
            return constants.get(text), position + 1
        return text, position + 1
    raise IonError(f"unexpected {text!r}")


def _unquote_symbol(text: str) -> str:
    if text.startswith("'"):
        return json.loads('"' + text[1:-1].replace('"', '\\"').replace("\\'", "'") + '"')
    return text


def to_attribute_value(value: Any) -> dict[str, Any]:
    """A value `read_values` returned, as a DynamoDB AttributeValue."""
    if isinstance(value, tuple):
        annotation, members = value
        kind = _ANNOTATION_SETS.get(annotation)
        if kind is None:
            return to_attribute_value(members)
        return {kind: [next(iter(to_attribute_value(m).values())) for m in members]}
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, Decimal):
        return {"N": _number(value)}
    if isinstance(value, bytes):
        return {"B": base64.b64encode(value).decode()}
    if isinstance(value, dict):
        return {"M": {k: to_attribute_value(v) for k, v in value.items()}}
    if isinstance(value, list):
        return {"L": [to_attribute_value(v) for v in value]}
    raise IonError(f"no DynamoDB type for {value!r}")


def _number(value: Decimal) -> str:
    text = format(value, "f") if -20 <= value.as_tuple().exponent <= 20 else str(value)  # type: ignore[operator]
    return text[:-1] if text.endswith(".") else text
