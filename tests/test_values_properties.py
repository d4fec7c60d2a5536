"""Properties of the value model (fakedynamo.values), checked with hypothesis.

The behaviour itself is pinned against real DynamoDB in conformance/test_values.py;
these tests check the model's invariants over many generated inputs, and a few
exact figures that are cheaper to pin here than through a client.
"""

from __future__ import annotations

import base64
import copy
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fakedynamo import values
from fakedynamo.errors import DynamoDBError

settings.register_profile("values", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("values")

# -- strategies --------------------------------------------------------------------

digit_strings = st.text(alphabet="0123456789", min_size=1, max_size=45)


@st.composite
def number_literals(draw: st.DrawFn) -> str:
    """Number literals in every spelling DynamoDB reads: signs, points, exponents, padding zeros."""
    sign = draw(st.sampled_from(["", "-", "+"]))
    int_part = draw(st.text(alphabet="0123456789", max_size=20))
    frac_part = draw(st.one_of(st.none(), st.text(alphabet="0123456789", max_size=20)))
    if not int_part and not frac_part:
        int_part = "0"
    text = sign + int_part + ("" if frac_part is None else "." + frac_part)
    if draw(st.booleans()):
        text += draw(st.sampled_from(["e", "E"])) + draw(st.sampled_from(["", "+", "-"]))
        text += str(draw(st.integers(min_value=0, max_value=150)))
    return text


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    """Literals DynamoDB accepts: at most 38 significant digits, magnitude in range."""
    significant = draw(st.text(alphabet="0123456789", min_size=1, max_size=38).filter(lambda s: s.strip("0")))
    significant = significant.strip("0")
    leading = draw(st.integers(min_value=-130, max_value=125))
    sign = "-" if draw(st.booleans()) else ""
    value = Decimal(f"{sign}0.{significant}E{leading + 1}")  # exact: no context rounding
    style = draw(st.sampled_from(["plain", "sci", "eng"]))
    if style == "plain":
        return format(value, "f")
    if style == "sci":
        return format(value, "E")
    return value.to_eng_string()


junk_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789.eE+- \t", max_size=30),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e", "e1", ".", "-", "+", "1_000", "0x10", "１", "٣"]),
)

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8))
json_junk = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL", "x", ""]), inner, max_size=3
        ),
    ),
    max_leaves=12,
)

b64 = st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode())


def attribute_values(max_leaves: int = 10) -> st.SearchStrategy[dict]:
    scalars = st.one_of(
        st.builds(lambda s: {"S": s}, st.text(max_size=10)),
        st.builds(lambda n: {"N": n}, valid_numbers()),
        st.builds(lambda b: {"B": b}, b64),
        st.builds(lambda b: {"BOOL": b}, st.booleans()),
        st.just({"NULL": True}),
        st.builds(lambda s: {"SS": sorted(s)}, st.sets(st.text(max_size=6), min_size=1, max_size=4)),
        st.builds(
            lambda s: {"NS": [str(d) for d in s]},
            st.sets(st.integers(min_value=-10**6, max_value=10**6), min_size=1, max_size=4),
        ),
        st.builds(
            lambda s: {"BS": [base64.b64encode(b).decode() for b in s]},
            st.sets(st.binary(max_size=6), min_size=1, max_size=4),
        ),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.builds(lambda items: {"L": items}, st.lists(inner, max_size=4)),
            st.builds(lambda m: {"M": m}, st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=4)),
        ),
        max_leaves=max_leaves,
    )


items = st.dictionaries(st.text(min_size=1, max_size=8), attribute_values(), max_size=6)

# -- numbers -----------------------------------------------------------------------


@given(number_literals())
def test_normalising_is_idempotent(text: str) -> None:
    try:
        normal = values.normalize_number(text)
    except DynamoDBError:
        return
    assert values.normalize_number(normal) == normal


@given(number_literals())
def test_normalised_number_equals_the_literal(text: str) -> None:
    try:
        normal = values.normalize_number(text)
    except DynamoDBError as error:
        assert error.code == "ValidationException"
        return
    assert Decimal(normal) == Decimal(text)


@given(valid_numbers())
def test_numbers_in_range_are_accepted_in_every_layer(text: str) -> None:
    results = {values.normalize_number(text, layer) for layer in values.LAYERS}
    assert len(results) == 1
    assert Decimal(results.pop()) == Decimal(text)


@given(number_literals())
def test_normal_form_is_plain_decimal(text: str) -> None:
    try:
        normal = values.normalize_number(text)
    except DynamoDBError:
        return
    assert "e" not in normal.lower() and "+" not in normal
    assert normal != "-0"
    unsigned = normal.lstrip("-")
    whole, _, fraction = unsigned.partition(".")
    assert whole == "0" or not whole.startswith("0")
    assert not fraction.endswith("0")
    assert "." not in normal or fraction
    significant = (whole + fraction).strip("0")
    assert len(significant) <= 38


@given(junk_text)
def test_junk_numbers_raise_only_dynamodb_errors(text: str) -> None:
    for layer in values.LAYERS:
        try:
            normal = values.normalize_number(text, layer)
        except DynamoDBError as error:
            assert error.code == "ValidationException"
        else:
            assert Decimal(normal) == Decimal(text)


@given(st.integers(min_value=-200, max_value=200), digit_strings)
def test_range_limits_follow_the_leading_digit(exponent: int, digits: str) -> None:
    significant = digits.strip("0")
    assume(significant)
    text = f"0.{significant}e{exponent + 1}"  # leading digit at 10**exponent
    try:
        values.normalize_number(text)
    except DynamoDBError as error:
        if exponent > 125:
            assert error.message.startswith("Number overflow")
        elif exponent < -130:
            assert error.message.startswith("Number underflow")
        else:
            assert error.message == values.TOO_MANY_DIGITS
            assert len(significant) > 38
    else:
        assert -130 <= exponent <= 125 and len(significant) <= 38


def reference_number_size(text: str) -> int:
    """The base-100 rule written the long way: pad to pairs either side of the point, trim zero pairs."""
    value = Decimal(text)
    if value == 0:
        return 1
    whole, _, fraction = format(value.copy_abs(), "f").partition(".")
    whole = whole.lstrip("0")
    fraction = fraction.rstrip("0")
    whole = whole.zfill(len(whole) + len(whole) % 2)
    fraction = fraction.ljust(len(fraction) + len(fraction) % 2, "0")
    digits = whole + fraction
    pairs = [digits[i : i + 2] for i in range(0, len(digits), 2)]
    while pairs and pairs[0] == "00":
        pairs.pop(0)
    while pairs and pairs[-1] == "00":
        pairs.pop()
    return min(21, 1 + len(pairs) + (value < 0))


@given(valid_numbers())
def test_number_size_is_the_base_100_rule(text: str) -> None:
    assert values.number_size(text) == reference_number_size(text)
    assert values.number_size(values.normalize_number(text)) == values.number_size(text)


# Measured to the byte against eu-west-2 (paritysuite, src/item-size.ts, 2026-08-18).
CAPTURED_NUMBER_BYTES = [
    ("0", 1), ("1", 2), ("12", 2), ("123", 3), ("1234", 3),
    ("12345678901234567890123456789012345678", 20), ("0042", 2), ("100", 2), ("1010", 3),
    ("0.0000001", 2), ("1E125", 2), ("1E-100", 2), ("1.5", 3), ("15", 2), ("1.2", 3),
    ("1.200", 3), ("1.234", 4), ("3.14159", 5), ("123456", 4), ("100.5", 4), ("0.15", 2),
    ("-42", 3), ("-0", 1),
]  # fmt: skip


@pytest.mark.parametrize(("literal", "size"), CAPTURED_NUMBER_BYTES)
def test_captured_number_sizes(literal: str, size: int) -> None:
    assert values.number_size(literal) == size
    assert values.check_value({"N": literal}) == size


# -- attribute values --------------------------------------------------------------


@given(attribute_values())
def test_valid_values_are_accepted_and_sized(value: dict) -> None:
    for layer in values.LAYERS:
        copied = copy.deepcopy(value)
        size = values.check_value(copied, layer)
        assert size == values.value_size(copied)
        # Checking again changes nothing: the stored form is already normal.
        again = copy.deepcopy(copied)
        assert values.check_value(again, layer) == size
        assert again == copied


@given(json_junk)
def test_junk_values_raise_only_dynamodb_errors(junk: object) -> None:
    for layer in values.LAYERS:
        try:
            values.check_value(copy.deepcopy(junk), layer)
        except DynamoDBError as error:
            assert error.code in ("ValidationException", "SerializationException")
            assert error.message


@settings(max_examples=60)
@given(st.dictionaries(st.text(max_size=4), json_junk, max_size=4))
def test_junk_items_raise_only_dynamodb_errors(junk: dict) -> None:
    try:
        values.check_item(junk)
    except DynamoDBError as error:
        assert error.code in ("ValidationException", "SerializationException")


@settings(max_examples=60)
@given(items)
def test_check_item_returns_the_item_size(item: dict) -> None:
    size = values.check_item(item)
    assert size == values.item_size(item)
    assert size == sum(len(name.encode()) + values.value_size(value) for name, value in item.items())


@settings(max_examples=60)
@given(items, items)
def test_item_size_is_additive(first: dict, second: dict) -> None:
    second = {f"2{name}": value for name, value in second.items()}
    values.check_item(first)
    values.check_item(second)
    assert values.item_size({**first, **second}) == values.item_size(first) + values.item_size(second)


@settings(max_examples=60)
@given(items)
def test_item_size_survives_a_json_round_trip(item: dict) -> None:
    values.check_item(item)
    wire = json.loads(json.dumps(item))
    assert values.item_size(wire) == values.item_size(item)
    assert values.check_item(wire) == values.item_size(item)


@given(st.lists(valid_numbers(), min_size=1, max_size=5))
def test_number_sets_are_normalised_and_deduplicated_numerically(members: list[str]) -> None:
    value = {"NS": list(members)}
    distinct = {Decimal(m) for m in members}
    try:
        values.check_value(value, values.CURRENT)
    except DynamoDBError as error:
        assert len(distinct) < len(members)
        assert error.message == values.NUMBER_SET_DUPLICATES
    else:
        assert len(distinct) == len(members)
        assert value["NS"] == [values.normalize_number(m) for m in members]


def deep(levels: int, leaf: dict | None = None) -> dict:
    value = leaf or {"S": "leaf"}
    for _ in range(levels):
        value = {"M": {"n": value}}
    return value


@given(st.integers(min_value=0, max_value=40), st.booleans())
def test_nesting_limit(wraps: int, use_list: bool) -> None:
    value: dict = {"S": "leaf"}
    for _ in range(wraps):
        value = {"L": [value]} if use_list else {"M": {"n": value}}
    if wraps <= 31:
        values.check_value(value, values.CURRENT)
    else:
        with pytest.raises(DynamoDBError) as caught:
            values.check_value(value, values.CURRENT)
        assert caught.value.message == values.NESTING_TOO_DEEP


# -- exact messages and order ------------------------------------------------------


def message(call, *args) -> str:  # noqa: ANN001
    with pytest.raises(DynamoDBError) as caught:
        call(*args)
    return caught.value.message


def test_duplicate_messages_by_layer() -> None:
    ss = {"SS": ["b", "a", "b"]}
    bs = {"BS": ["/w==", "AA==", "AA=="]}
    ns = {"NS": ["2", "1", "2"]}
    invalid = values.INVALID
    assert message(values.check_value, copy.deepcopy(ss), values.CURRENT) == (
        f'{invalid}Input collection ["a", "b", "b"] contains duplicates.'
    )
    assert message(values.check_value, copy.deepcopy(bs), values.CURRENT) == (
        f'{invalid}Input collection ["AA==","/w==","AA=="]of type BS contains duplicates.'
    )
    assert message(values.check_value, copy.deepcopy(ns), values.CURRENT) == (
        f"{invalid}Input collection contains duplicates."
    )
    assert message(values.check_value, copy.deepcopy(ss), values.OLDER) == (
        f"{invalid}Input collection [b, a, b] contains duplicates."
    )
    assert message(values.check_value, copy.deepcopy(bs), values.OLDER) == (
        f"{invalid}Input collection [/w==, AA==, AA==]of type BS contains duplicates."
    )
    assert message(values.check_value, copy.deepcopy(ns), values.OLDER) == "Input collection contains duplicates"
    assert message(values.check_value, copy.deepcopy(ns), values.ENVELOPED) == (
        f"1 validation error detected: {invalid}Input collection contains duplicates."
    )


def test_number_messages_by_layer() -> None:
    shapes = ["abc", "", "1e126", "1e2147483647"]
    want_current = [
        f"{values.NOT_NUMERIC}: abc",
        f"{values.NOT_NUMERIC}: ",
        values.NUMBER_OVERFLOW,
        values.NUMBER_OVERFLOW,
    ]
    want_older = [f"{values.NOT_NUMERIC}: abc", values.NOT_NUMERIC, values.NUMBER_OVERFLOW, values.NUMBER_UNDERFLOW]
    assert [message(values.normalize_number, s, values.CURRENT) for s in shapes] == want_current
    assert [message(values.normalize_number, s, values.OLDER) for s in shapes] == want_older
    assert [message(values.check_value, {"N": s}, values.ENVELOPED) for s in shapes] == [
        values.ENVELOPE + m for m in want_current
    ]
    # PartiQL parameters (older layer): an exponent past 32 bits cannot be converted.
    for text in ["1e99999999999", "-1e99999999999", "1e-99999999999", "1e2147483648", "1e-2147483648"]:
        assert message(values.normalize_number, text, values.OLDER) == f"{values.NOT_NUMERIC}: {text}"
    # The current layer reads a 64-bit exponent and range-checks it.
    assert message(values.normalize_number, "1e-2147483648") == values.NUMBER_UNDERFLOW
    assert message(values.normalize_number, "1e9223372036854775807") == values.NUMBER_OVERFLOW
    assert message(values.normalize_number, "1e9223372036854775808") == f"{values.NOT_NUMERIC}: 1e9223372036854775808"


def test_value_order_of_checks() -> None:
    # A bad number beats the several-types error; the types error beats nothing else.
    assert message(values.check_value, {"S": "a", "N": "b"}, values.CURRENT) == f"{values.NOT_NUMERIC}: b"
    assert message(values.check_value, {"S": "a", "N": "1"}, values.CURRENT) == values.MULTIPLE_TYPES
    assert message(values.check_value, {}, values.CURRENT) == values.EMPTY_VALUE
    assert message(values.check_value, {"x": "1"}, values.CURRENT) == values.EMPTY_VALUE
    assert message(values.check_value, {"S": None}, values.CURRENT) == values.EMPTY_VALUE
    assert message(values.check_value, {"NULL": False}, values.CURRENT) == values.NULL_NOT_TRUE
    assert message(values.check_value, {"SS": []}, values.CURRENT) == values.EMPTY_STRING_SET
    assert message(values.check_value, {"NS": []}, values.CURRENT) == values.EMPTY_NUMBER_SET
    assert message(values.check_value, {"BS": []}, values.CURRENT) == values.EMPTY_BINARY_SET
    assert message(values.check_value, {"NS": ["1", "x", "1"]}, values.CURRENT) == f"{values.NOT_NUMERIC}: x"
    assert message(values.check_value, {"NS": ["1", "1.0"]}, values.CURRENT) == values.NUMBER_SET_DUPLICATES
    # Nesting is met in document order: a too-deep value before a bad number, and after.
    assert message(values.check_value, deep(40, {"N": "abc"}), values.CURRENT) == values.NESTING_TOO_DEEP
    assert message(values.check_value, {"M": {"d": deep(40), "bad": {"N": "abc"}}}, values.CURRENT) == (
        values.NESTING_TOO_DEEP
    )
    assert message(values.check_value, {"M": {"bad": {"N": "abc"}, "d": deep(40)}}, values.CURRENT) == (
        f"{values.NOT_NUMERIC}: abc"
    )


def test_item_order_of_checks() -> None:
    # Top-level empty names come first, whatever follows; a nested empty map key comes last.
    assert message(values.check_item, {"pk": {"S": "a"}, "d": deep(100), "": {"S": "x"}}) == values.EMPTY_ATTRIBUTE_NAME
    assert message(values.check_item, {"m": {"M": {"": {"S": "x"}}}, "d": deep(40)}, values.OLDER) == (
        values.NESTING_TOO_DEEP
    )
    assert message(values.check_item, {"m": {"M": {"": {"S": "x"}}}}, values.OLDER) == values.EMPTY_ATTRIBUTE_NAME


def test_empty_strings_and_binaries_are_values() -> None:
    item = {"s": {"S": ""}, "b": {"B": ""}, "ss": {"SS": [""]}, "bs": {"BS": [""]}, "l": {"L": [{"S": ""}]}}
    assert values.check_item(item) == 1 + 1 + 2 + 2 + 1 + 3 + 1
    assert message(values.check_value, {"SS": ["", ""]}, values.OLDER) == (
        f"{values.INVALID}Input collection [, ] contains duplicates."
    )


def test_documented_sizes() -> None:
    assert values.value_size({"BOOL": False}) == 1
    assert values.value_size({"NULL": True}) == 1
    assert values.value_size({"L": []}) == 3
    assert values.value_size({"M": {}}) == 3
    assert values.value_size({"L": [{"S": "ab"}, {"N": "1"}]}) == 3 + (1 + 2) + (1 + 2)
    assert values.value_size({"M": {"ab": {"S": "é"}}}) == 3 + 1 + 2 + 2
    assert values.value_size({"B": base64.b64encode(bytes(17)).decode()}) == 17
    assert values.value_size({"SS": ["£", "a"]}) == 3
    assert values.item_size({"£": {"S": ""}}) == 2


def test_item_size_limit() -> None:
    item = {"pk": {"S": "k"}, "p": {"S": "x" * (values.MAX_ITEM_SIZE - 4)}}
    assert values.check_item_size(item) == values.MAX_ITEM_SIZE
    item["p"]["S"] += "x"
    assert message(values.check_item_size, item) == values.ITEM_TOO_LARGE


def test_base64_errors_are_serialization_errors() -> None:
    for text, expected in [
        ("23456", "Base64 encoded length is expected a multiple of 4 bytes but found: 5"),
        ("=+/=", values.BASE64_LAST_CHARACTER),
        ("+/+=", values.BASE64_LAST_CHARACTER),
    ]:
        with pytest.raises(DynamoDBError) as caught:
            values.check_value({"B": text})
        assert (caught.value.code, caught.value.message) == ("SerializationException", expected)
    assert values.decode_binary("AAEC") == b"\x00\x01\x02"


def test_the_write_operations_envelope_only_the_number_and_set_family() -> None:
    enveloped = [{"N": "x"}, {"NS": ["1", "1"]}, {"SS": []}, {"BS": ["AA==", "AA=="]}, {"N": "1e200"}]
    bare = [deep(40), {"NULL": False}, {}, {"S": "a", "BOOL": True}]
    for value in enveloped:
        with pytest.raises(DynamoDBError) as caught:
            values.check_value(copy.deepcopy(value))
        assert caught.value.enveloped_on_writes is True
        assert values.envelope(caught.value).message == values.ENVELOPE + caught.value.message
        assert message(values.check_value, copy.deepcopy(value), values.ENVELOPED).startswith(values.ENVELOPE)
    for value in bare:
        with pytest.raises(DynamoDBError) as caught:
            values.check_value(copy.deepcopy(value))
        assert caught.value.enveloped_on_writes is False
        assert message(values.check_value, copy.deepcopy(value), values.ENVELOPED) == caught.value.message


def test_expression_values() -> None:
    eav = {":a": {"N": "1.50"}, ":d": deep(40)}
    assert message(values.check_expression_values, copy.deepcopy(eav)) == values.NESTING_TOO_DEEP
    assert message(values.check_expression_values, copy.deepcopy(eav), values.OLDER) == (
        f"ExpressionAttributeValues contains invalid value: {values.NESTING_TOO_DEEP} for key :d"
    )
    values.check_expression_values(eav, values.OLDER, check_nesting=False)
    assert eav[":a"] == {"N": "1.5"}
    assert message(values.check_expression_values, {":v": {"N": "1e2147483647"}}, values.OLDER) == (
        f"ExpressionAttributeValues contains invalid value: {values.NUMBER_UNDERFLOW} for key :v"
    )
