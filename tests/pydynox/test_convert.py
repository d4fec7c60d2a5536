"""Native values <-> DynamoDB wire form: pydynox's rules, not botocore's TypeSerializer."""

from __future__ import annotations

from decimal import Decimal, localcontext
from enum import Enum, IntEnum
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pydynox._convert import from_dynamo, item_from_dynamo, item_to_dynamo, to_dynamo


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (None, {"NULL": True}),
        ("text", {"S": "text"}),
        (True, {"BOOL": True}),
        (False, {"BOOL": False}),
        (0, {"N": "0"}),
        (10**40, {"N": str(10**40)}),
        (0.1, {"N": "0.1"}),
        (1e20, {"N": "1e+20"}),
        (b"\x00\x01", {"B": b"\x00\x01"}),
        ([1, "a"], {"L": [{"N": "1"}, {"S": "a"}]}),
        ({"a": {"b": None}}, {"M": {"a": {"M": {"b": {"NULL": True}}}}}),
        ({"x", "y"}, {"SS": ["x", "y"]}),
        (frozenset({b"a"}), {"BS": [b"a"]}),
    ],
)
def test_encoding(value: Any, wire: dict[str, Any]) -> None:
    encoded = to_dynamo(value)
    if "SS" in wire:
        assert sorted(encoded["SS"]) == sorted(wire["SS"])
    else:
        assert encoded == wire


def test_number_sets() -> None:
    encoded = to_dynamo({1, 2.5})
    assert sorted(encoded["NS"]) == ["1", "2.5"]
    assert from_dynamo(encoded) == {1, 2.5}


def test_subclasses_of_basic_types_encode_as_their_base() -> None:
    class Color(str, Enum):
        RED = "red"

    class Level(IntEnum):
        HIGH = 3

    assert to_dynamo(Color.RED) == {"S": "red"}
    assert to_dynamo(Level.HIGH) == {"N": "3"}


@pytest.mark.parametrize(
    ("text", "wire"),
    [
        ("19.99", "1999E-2"),
        ("1000.00", "1E3"),
        ("-0.000123", "-123E-6"),
        ("-0.000", "0"),
        ("12345678901234567890.123456789012345678", "12345678901234567890123456789012345678E-18"),
        ("9.9999999999999999999999999999999999999E125", "99999999999999999999999999999999999999E88"),
        ("1E-130", "1E-130"),
    ],
)
def test_a_decimal_is_a_number_written_exactly_as_1_8_does(text: str, wire: str) -> None:
    # 1.8's text: the significant digits and an exponent, whatever the decimal context rounds to.
    with localcontext() as context:
        context.prec = 3
        assert to_dynamo(Decimal(text)) == {"N": wire}
    assert to_dynamo({Decimal("2.50")}) == {"NS": ["25E-1"]}


@pytest.mark.parametrize("text", ["NaN", "sNaN", "-Infinity", "1E126", "1E-131", "1.23456789012345678901234567890123456789"])
def test_a_decimal_no_dynamodb_number_holds_is_refused_before_sending(text: str) -> None:
    with pytest.raises(ValueError, match="Decimal"):
        to_dynamo(Decimal(text))


@pytest.mark.parametrize("value", [(1, 2), object(), Enum("E", "A").A])  # type: ignore[misc]
def test_unsupported_types_raise_type_error(value: Any) -> None:
    with pytest.raises(TypeError, match="Unsupported type for DynamoDB"):
        to_dynamo(value)


def test_empty_set_is_refused() -> None:
    with pytest.raises(ValueError, match="DynamoDB does not support empty sets"):
        to_dynamo(set())


@pytest.mark.parametrize("value", [{"a", 1}, {True, 2}])
def test_mixed_or_bool_sets_are_refused(value: set[Any]) -> None:
    with pytest.raises(TypeError):
        to_dynamo(value)


def test_map_keys_must_be_strings() -> None:
    with pytest.raises(TypeError):
        to_dynamo({1: "a"})


@pytest.mark.parametrize(("text", "number"), [("5", 5), ("-12", -12), ("1.50", 1.5), ("1e3", 1000.0), ("2E-1", 0.2)])
def test_numbers_decode_to_int_or_float_never_decimal(text: str, number: Any) -> None:
    decoded = from_dynamo({"N": text})
    assert decoded == number and type(decoded) is type(number)


def test_decoding_every_type() -> None:
    wire = {
        "s": {"S": "x"},
        "n": {"N": "7"},
        "b": {"B": b"z"},
        "t": {"BOOL": True},
        "z": {"NULL": True},
        "l": {"L": [{"S": "a"}]},
        "m": {"M": {"k": {"N": "1.5"}}},
        "ss": {"SS": ["a"]},
        "ns": {"NS": ["1", "2.5"]},
        "bs": {"BS": [b"q"]},
    }
    assert item_from_dynamo(wire) == {
        "s": "x",
        "n": 7,
        "b": b"z",
        "t": True,
        "z": None,
        "l": ["a"],
        "m": {"k": 1.5},
        "ss": {"a"},
        "ns": {1, 2.5},
        "bs": {b"q"},
    }


def test_unknown_tag() -> None:
    with pytest.raises(TypeError):
        from_dynamo({"X": 1})


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.text()
    | st.integers()
    | st.binary(max_size=8)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)


# No timing checks: on a shared, loaded machine generating nested values can take over a second.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(min_size=1, max_size=8), json_values, max_size=6))
def test_round_trip(item: dict[str, Any]) -> None:
    assert item_from_dynamo(item_to_dynamo(item)) == item
