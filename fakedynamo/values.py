"""The value model: AttributeValue checks, number normalisation and item size.

Everything here follows what real DynamoDB answers, message for message.

Layers
------
DynamoDB checks attribute values in one of two layers, and which one an
operation runs decides the wording of some messages (as captured against real
DynamoDB in 2026 by paritysuite/dynamodb-conformance,
``tests/tier3/error-messages/valueLayers.test.ts``):

``ENVELOPED``
    PutItem, UpdateItem and DeleteItem. The current wording; malformed numbers,
    duplicate set members and empty sets come inside the
    ``1 validation error detected: `` envelope wherever the value sits (item,
    key, expression value, AttributeUpdates, Expected, set member, nested).
    The other value errors (nesting, NULL false, empty or several data types,
    empty attribute name) are still bare in most regions and stay bare here.
    Every ValidationException raised here carries ``enveloped_on_writes``
    (True or False) so that an operation can apply the envelope itself.
``CURRENT``
    GetItem, BatchGetItem, Query, Scan, and the transactions (which the
    newest regions check up front in this wording, nesting included). The
    current wording, bare.
``OLDER``
    BatchWriteItem and PartiQL parameters. The older wording, bare. Numbers are read the way Java's
    BigDecimal reads them (an exponent must fit 32 bits; the magnitude check
    wraps in 32-bit arithmetic), duplicates in a set are listed as sent and a
    duplicate in a number set loses its prefix.

Order of the checks (first problem wins)
-----------------------------------------
For an item: every top-level attribute name first ("Empty attribute name"),
then the values in document order. Within a value: numbers are read, sets are
checked (empty, members, duplicates), maps and lists are walked in order, and
a map or list at level 32 that holds anything raises the nesting error before
its contents are read. Only then is "more than one datatypes" reported (a bad
number in ``{"S": "a", "N": "b"}`` wins). An empty key inside a nested map is
reported after the whole item has been walked (a too-deep value later in the
item wins over it).

Numbers
-------
Stored and returned in plain decimal notation without exponent, leading zeros
or trailing fractional zeros: ``"1E2"`` -> ``"100"``, ``"0042.1200"`` ->
``"42.12"``, ``"-0"`` -> ``"0"``, ``"1E-130"`` -> ``"0.000...001"``.

Item size
---------
Each attribute name's UTF-8 bytes plus its value: a string its UTF-8 bytes, a
binary its raw bytes, BOOL and NULL 1 byte, a list or map 3 bytes plus 1 per
element plus the elements (a map element also its name), a set the sum of its
members. A number costs 1 byte plus one byte per pair of digits, the pairs aligned on
the decimal point (base-100 digits, as Oracle's NUMBER stores them), counted
from the first to the last pair holding a non-zero digit, plus 1 byte if
negative, at most 21 bytes. This agrees with all twenty-three literals
paritysuite measured to the byte against eu-west-2 (2026-08-18), with
dynalite's formula and with Zac Charles's measured calculator.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from fakedynamo.errors import DynamoDBError

Item = dict[str, dict[str, Any]]

# -- layers ------------------------------------------------------------------------

ENVELOPED = "enveloped"
CURRENT = "current"
OLDER = "older"
LAYERS = (ENVELOPED, CURRENT, OLDER)

ENVELOPE = "1 validation error detected: "

# -- limits ------------------------------------------------------------------------

MAX_ITEM_SIZE = 409_600
MAX_NESTING_DEPTH = 32
MAX_SIGNIFICANT_DIGITS = 38
MAX_EXPONENT = 125  # the largest magnitude is 9.99...9E+125
MIN_EXPONENT = -130  # the smallest is 1E-130
MAX_PARTITION_KEY_SIZE = 2048
MAX_SORT_KEY_SIZE = 1024
MAX_ATTRIBUTE_NAME_SIZE = 65_535  # service model: AttributeName max 65535
# The spellings fakedynamo/keys.py uses.
MAX_PARTITION_KEY_BYTES = MAX_PARTITION_KEY_SIZE
MAX_SORT_KEY_BYTES = MAX_SORT_KEY_SIZE

# -- messages ----------------------------------------------------------------------

INVALID = "One or more parameter values were invalid: "

NOT_NUMERIC = "The parameter cannot be converted to a numeric value"
NUMBER_OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
NUMBER_UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"
TOO_MANY_DIGITS = "Attempting to store more than 38 significant digits in a Number"

EMPTY_VALUE = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
MULTIPLE_TYPES = (
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
)
NULL_NOT_TRUE = INVALID + "Null attribute value types must have the value of true"
# The double space and "An string" are DynamoDB's.
EMPTY_STRING_SET = INVALID + "An string set  may not be empty"
EMPTY_NUMBER_SET = INVALID + "An number set  may not be empty"
EMPTY_BINARY_SET = INVALID + "Binary sets should not be empty"
NUMBER_SET_DUPLICATES = INVALID + "Input collection contains duplicates."
NUMBER_SET_DUPLICATES_OLDER = "Input collection contains duplicates"
NESTING_TOO_DEEP = (
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"
)
EMPTY_ATTRIBUTE_NAME = "Empty attribute name"
# DynamoDB Local's wording (its ErrorFactory), taken as DynamoDB's: no capture of the refusal found.
ATTRIBUTE_NAME_TOO_LARGE = "Attribute name is too large, must be less than 65536 bytes"

ITEM_TOO_LARGE = "Item size has exceeded the maximum allowed size"
ITEM_TO_UPDATE_TOO_LARGE = "Item size to update has exceeded the maximum allowed size"
# DynamoDB really leaves out the space before 2048.
PARTITION_KEY_TOO_LARGE = (
    INVALID + f"Size of hashkey has exceeded the maximum size limit of{MAX_PARTITION_KEY_SIZE} bytes"
)
SORT_KEY_TOO_LARGE = (
    INVALID + f"Aggregated size of all range keys has exceeded the size limit of {MAX_SORT_KEY_SIZE} bytes"
)

# Base64 of a B or BS member (SerializationException; "dectected" is DynamoDB's).
BASE64_LENGTH = "Base64 encoded length is expected a multiple of 4 bytes but found: {}"
BASE64_LAST_CHARACTER = "Invalid last non-pad Base64 character dectected"
BASE64_CHARACTER = "Invalid Base64 character: '{}'"

_AV_CLASS = "com.amazonaws.dynamodb.v20120810.AttributeValue"
_STRUCTURE_NOT_EXPECTED = "Start of structure or map found where not expected"


def empty_key_value_message(name: str, kind: str) -> str:
    """PutItem/GetItem/... refusing an empty S or B key value (`kind` "S" or "B")."""
    noun = "string" if kind == "S" else "binary"
    return (
        "One or more parameter values are not valid. The AttributeValue for a key attribute "
        f"cannot contain an empty {noun} value. Key: {name}"
    )


def partition_key_too_large() -> DynamoDBError:
    return _invalid(PARTITION_KEY_TOO_LARGE)


def sort_key_too_large() -> DynamoDBError:
    return _invalid(SORT_KEY_TOO_LARGE)


def item_too_large() -> DynamoDBError:
    return _invalid(ITEM_TOO_LARGE)


def item_to_update_too_large() -> DynamoDBError:
    return _invalid(ITEM_TO_UPDATE_TOO_LARGE)


def envelope(error: DynamoDBError) -> DynamoDBError:
    """`error` as PutItem, UpdateItem and DeleteItem report it.

    A value error of the enveloped family (``error.enveloped_on_writes``) comes
    inside ``1 validation error detected: ``; anything else is returned as is.
    """
    if not getattr(error, "enveloped_on_writes", False) or error.message is None:
        return error
    wrapped = DynamoDBError("ValidationException", ENVELOPE + error.message, **error.extra)
    wrapped.enveloped_on_writes = False  # type: ignore[attr-defined]
    return wrapped


def _invalid(message: str, enveloped_on_writes: bool = False) -> DynamoDBError:
    error = DynamoDBError("ValidationException", message)
    error.enveloped_on_writes = enveloped_on_writes  # type: ignore[attr-defined]
    return error


def _enveloped(message: str) -> DynamoDBError:
    """A value error that the write operations report inside the envelope."""
    return _invalid(message, True)


def _serialization(message: str) -> DynamoDBError:
    return DynamoDBError("SerializationException", message)


def _utf8_size(text: str) -> int:
    """Bytes of `text` in UTF-8; a lone surrogate is refused as the wire refuses it (bare
    SerializationException, see wire/protocol.py), so nothing unencodable is ever stored."""
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise DynamoDBError("SerializationException") from None


# -- numbers -----------------------------------------------------------------------

_NUMBER = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?\Z")
_INT64 = 1 << 63
_INT32 = 1 << 31

# Successful readings, by literal: (normalised text, byte size). The same
# literal always reads the same way in either layer when it is in range.
_number_cache: dict[str, tuple[str, int]] = {}
_NUMBER_CACHE_LIMIT = 8192


def normalize_number(text: str, layer: str = CURRENT) -> str:
    """DynamoDB's normalised form of the number literal `text`, or DynamoDB's error.

    ``layer`` picks the wording and the exponent rules (see the module docstring);
    ENVELOPED wraps the message in ``1 validation error detected: ``.
    """
    try:
        return _read_number(text, layer == OLDER)[0]
    except DynamoDBError as error:
        if layer == ENVELOPED:
            raise envelope(error) from None
        raise


def number_size(text: str) -> int:
    """The bytes a valid number literal costs in an item (its normalised form is measured)."""
    return _read_number(text, False)[1]


def _read_number(text: Any, older: bool) -> tuple[str, int]:
    """(normalised text, size) of a number literal; raises DynamoDBError."""
    cached = _number_cache.get(text) if type(text) is str else None
    if cached is not None:
        return cached
    if type(text) is not str:
        raise _type_error(text, "String")
    # Fast path: a plain integer in canonical form is its own normal form.
    digits = text[1:] if text[:1] == "-" else text
    if (
        digits.isdigit()
        and digits.isascii()
        and len(digits) <= MAX_SIGNIFICANT_DIGITS
        and (digits[0] != "0" or text == "0")
    ):
        trailing = len(digits) - len(digits.rstrip("0"))
        size = 1 + (len(digits) + 1) // 2 - trailing // 2 if digits != "0" else 1
        if digits is not text:
            size += 1
        result = (text, size)
    else:
        result = _read_number_slow(text, older)
    if len(_number_cache) >= _NUMBER_CACHE_LIMIT:
        _number_cache.clear()
    _number_cache[text] = result
    return result


def _not_numeric(text: str, older: bool) -> DynamoDBError:
    if older and text == "":
        return _enveloped(NOT_NUMERIC)
    return _enveloped(f"{NOT_NUMERIC}: {text}")


def _read_number_slow(text: str, older: bool) -> tuple[str, int]:
    match = _NUMBER.match(text)
    if match is None:
        raise _not_numeric(text, older)
    sign, int_text, frac_text, exp_text = match.groups()
    frac_text = frac_text or ""
    if not int_text and not frac_text:
        raise _not_numeric(text, older)

    # The exponent: 64 bits in the current layer, 32 bits (BigDecimal) in the older.
    if exp_text is None:
        exponent = 0
    else:
        stripped = exp_text.lstrip("+-").lstrip("0")
        if len(stripped) > 20:  # far past 64 bits; int() would refuse huge texts anyway
            raise _not_numeric(text, older)
        exponent = int(exp_text)
        bound = _INT32 if older else _INT64
        if not -bound <= exponent < bound:
            raise _not_numeric(text, older)

    digits = int_text + frac_text
    first = len(digits) - len(digits.lstrip("0"))  # leading zeros
    if older:
        scale = len(frac_text) - exponent
        if not -_INT32 <= scale < _INT32:  # BigDecimal: "Scale out of range"
            raise _not_numeric(text, older)
        precision = max(1, len(digits) - first)  # digits of the unscaled value
        magnitude = (precision - scale + _INT32) % (2 * _INT32) - _INT32  # 32-bit wrap
        if magnitude > MAX_EXPONENT + 1:
            raise _enveloped(NUMBER_OVERFLOW)
        if magnitude < MIN_EXPONENT + 1:
            raise _enveloped(NUMBER_UNDERFLOW)

    if first == len(digits):
        # Zero, range-checked by the exponent it is written with: 0e126 overflows.
        if not older:
            magnitude = exponent - len(frac_text)
            if magnitude > MAX_EXPONENT:
                raise _enveloped(NUMBER_OVERFLOW)
            if magnitude < MIN_EXPONENT:
                raise _enveloped(NUMBER_UNDERFLOW)
        return "0", 1

    significant = digits[first:].rstrip("0")
    # The power of ten of the first significant digit.
    leading = len(int_text) - first - 1 + exponent
    if not older:
        if leading > MAX_EXPONENT:
            raise _enveloped(NUMBER_OVERFLOW)
        if leading < MIN_EXPONENT:
            raise _enveloped(NUMBER_UNDERFLOW)
    count = len(significant)
    if count > MAX_SIGNIFICANT_DIGITS:
        raise _enveloped(TOO_MANY_DIGITS)

    point = leading + 1  # digits before the decimal point
    if point <= 0:
        int_part = ""
        normal = "0." + "0" * -point + significant
        frac_part = "0" * -point + significant
    elif point >= count:
        int_part = significant + "0" * (point - count)
        normal = int_part
        frac_part = ""
    else:
        int_part = significant[:point]
        frac_part = significant[point:]
        normal = int_part + "." + frac_part
    negative = sign == "-"
    if negative:
        normal = "-" + normal
    return normal, _number_bytes(int_part, frac_part, negative)


def _number_bytes(int_part: str, frac_part: str, negative: bool) -> int:
    """Bytes of a non-zero number: 1 + base-100 digits aligned on the point (+1 if negative), at most 21."""
    if not frac_part:
        trailing = len(int_part) - len(int_part.rstrip("0"))
        pairs = (len(int_part) + 1) // 2 - trailing // 2
    elif not int_part:
        leading = len(frac_part) - len(frac_part.lstrip("0"))
        pairs = (len(frac_part) + 1) // 2 - leading // 2
    else:
        pairs = (len(int_part) + 1) // 2 + (len(frac_part) + 1) // 2
    return min(21, 1 + pairs + negative)


# -- binary ------------------------------------------------------------------------

_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}\Z")
_BASE64_VALUES = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def decode_binary(text: Any) -> bytes:
    """The bytes of a B value as the wire carries it (base64), or DynamoDB's SerializationException."""
    _check_base64(text)
    return base64.b64decode(text)


def _check_base64(text: Any) -> int:
    """Validate base64 text; return the length of the bytes it encodes."""
    if type(text) is not str:
        raise _type_error(text, "Blob")
    length = len(text)
    if length % 4:
        raise _serialization(BASE64_LENGTH.format(length))
    if not length:
        return 0
    pads = 2 if text.endswith("==") else 1 if text[-1] == "=" else 0
    # The decoder looks at the last character before the padding first: it must
    # not carry bits past the end of the data.
    last = _BASE64_VALUES.get(text[-1 - pads])
    if last is None or (pads == 1 and last & 0b11) or (pads == 2 and last & 0b1111):
        if last is None and text[-1 - pads] != "=":
            raise _serialization(BASE64_CHARACTER.format(text[-1 - pads]))
        raise _serialization(BASE64_LAST_CHARACTER)
    if _BASE64.match(text) is None:
        bad = next(c for c in text[: length - pads] if c not in _BASE64_VALUES)
        raise _serialization(BASE64_CHARACTER.format(bad))
    return length // 4 * 3 - pads


def _binary_size(text: str) -> int:
    """Bytes encoded by valid base64 `text`."""
    length = len(text)
    if not length:
        return 0
    return length // 4 * 3 - (2 if text.endswith("==") else 1 if text[-1] == "=" else 0)


def _canonical_base64(text: str) -> str:
    return base64.b64encode(base64.b64decode(text)).decode("ascii")


# -- wrong JSON types (the service framework's SerializationException) -----------


def _type_error(raw: Any, target: str) -> DynamoDBError:
    """Coral's SerializationException for `raw` where a `target` was expected."""
    if isinstance(raw, dict):
        return _serialization(_STRUCTURE_NOT_EXPECTED)
    if target == "String":
        if raw is True or raw is False:
            return _serialization(f"{'TRUE' if raw else 'FALSE'}_VALUE cannot be converted to String")
        if isinstance(raw, int):
            return _serialization("NUMBER_VALUE cannot be converted to String")
        if isinstance(raw, float):
            return _serialization("DECIMAL_VALUE cannot be converted to String")
        if isinstance(raw, list):
            return _serialization("Unrecognized collection type class java.lang.String")
    elif target == "Blob":
        if isinstance(raw, list):
            return _serialization("Unrecognized collection type class java.nio.ByteBuffer")
        return _serialization("only base-64-encoded strings are convertible to bytes")
    elif target == "Boolean":
        if raw is True or raw is False:
            pass
        elif isinstance(raw, str):
            return _serialization("Unexpected token received from parser")
        elif isinstance(raw, int):
            return _serialization("NUMBER_VALUE cannot be converted to Boolean")
        elif isinstance(raw, float):
            return _serialization("DECIMAL_VALUE cannot be converted to Boolean")
        elif isinstance(raw, list):
            return _serialization("Unrecognized collection type class java.lang.Boolean")
    elif target == "List":
        return _serialization("Unexpected field type")
    elif target == "Map":
        if isinstance(raw, list):
            return _serialization(f"Unrecognized collection type java.util.Map<java.lang.String, {_AV_CLASS}>")
        return _serialization("Unexpected field type")
    elif target == "AttributeValue":
        if isinstance(raw, list):
            return _serialization(f"Unrecognized collection type class {_AV_CLASS}")
    return _serialization("Unexpected value type in payload")


# -- attribute values --------------------------------------------------------------

_TYPES = frozenset(("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"))


class _Walk:
    """State of one check: the layer, the depth limit, and an empty nested map key to report at the end."""

    __slots__ = ("older", "max_depth", "empty_name")

    def __init__(self, older: bool, max_depth: int = MAX_NESTING_DEPTH) -> None:
        self.older = older
        self.max_depth = max_depth
        self.empty_name = False


def _check(value: Any, level: int, walk: _Walk) -> int:
    """Validate one AttributeValue (normalising numbers in place); return its size in bytes."""
    if type(value) is dict and len(value) == 1:
        for kind, raw in value.items():
            break
        # The common scalar cases first, straight through.
        if kind == "S":
            if type(raw) is str:
                return len(raw) if raw.isascii() else _utf8_size(raw)
        elif kind == "N":
            if type(raw) is str:
                normal, size = _read_number(raw, walk.older)
                if normal is not raw:
                    value["N"] = normal
                return size
        elif raw is not None and kind in _TYPES:
            return _check_member(value, kind, raw, level, walk)
    return _check_general(value, level, walk)


def _check_general(value: Any, level: int, walk: _Walk) -> int:
    """Any AttributeValue: JSON nulls and unknown members dropped, several members, junk."""
    if type(value) is not dict:
        if value is None:
            raise _invalid(EMPTY_VALUE)
        raise _type_error(value, "AttributeValue")
    kinds = [kind for kind, raw in value.items() if raw is not None and kind in _TYPES]
    if not kinds:
        raise _invalid(EMPTY_VALUE)
    size = 0
    for kind in kinds:
        size = _check_member(value, kind, value[kind], level, walk)
    if len(kinds) > 1:
        raise _invalid(MULTIPLE_TYPES)
    # What DynamoDB ignores is not stored either.
    for kind in [kind for kind in value if kind not in kinds]:
        del value[kind]
    return size


def _check_member(value: dict[str, Any], kind: str, raw: Any, level: int, walk: _Walk) -> int:
    """Validate `raw` as the `kind` member of `value`; return its size."""
    if kind == "S":
        if type(raw) is not str:
            raise _type_error(raw, "String")
        return _utf8_size(raw)
    if kind == "N":
        normal, size = _read_number(raw, walk.older)
        if normal is not raw:
            value["N"] = normal
        return size
    if kind == "B":
        return _check_base64(raw)
    if kind == "BOOL":
        if raw is not True and raw is not False:
            raise _type_error(raw, "Boolean")
        return 1
    if kind == "NULL":
        if raw is not True:
            if raw is not False:
                raise _type_error(raw, "Boolean")
            raise _invalid(NULL_NOT_TRUE)
        return 1
    if kind == "M":
        if type(raw) is not dict:
            raise _type_error(raw, "Map")
        size = 3
        if raw:
            if level >= walk.max_depth:
                raise _invalid(NESTING_TOO_DEEP)
            below = level + 1
            _check_names_fit(raw)
            for name, member in raw.items():
                if not name:
                    walk.empty_name = True
                size += 1 + (len(name) if name.isascii() else _utf8_size(name))
                size += _check(member, below, walk)
        return size
    if kind == "L":
        if type(raw) is not list:
            raise _type_error(raw, "List")
        size = 3 + len(raw)
        if raw:
            if level >= walk.max_depth:
                raise _invalid(NESTING_TOO_DEEP)
            below = level + 1
            for member in raw:
                size += _check(member, below, walk)
        return size
    if kind == "SS":
        return _check_string_set(raw, walk)
    if kind == "NS":
        return _check_number_set(value, raw, walk)
    return _check_binary_set(raw, walk)


def _check_string_set(raw: Any, walk: _Walk) -> int:
    if type(raw) is not list:
        raise _type_error(raw, "List")
    if not raw:
        raise _enveloped(EMPTY_STRING_SET)
    size = 0
    for member in raw:
        if type(member) is not str:
            raise _type_error(member, "String")
        size += len(member) if member.isascii() else _utf8_size(member)
    if len(set(raw)) != len(raw):
        if walk.older:
            shown = "[" + ", ".join(raw) + "]"
        else:
            shown = "[" + ", ".join(f'"{member}"' for member in _first_repeat_order(raw)) + "]"
        raise _enveloped(f"{INVALID}Input collection {shown} contains duplicates.")
    return size


def _check_number_set(value: dict[str, Any], raw: Any, walk: _Walk) -> int:
    if type(raw) is not list:
        raise _type_error(raw, "List")
    if not raw:
        raise _enveloped(EMPTY_NUMBER_SET)
    size = 0
    normals = []
    older = walk.older
    for member in raw:
        if member is None:
            raise _not_numeric("", older)
        normal, member_size = _read_number(member, older)
        normals.append(normal)
        size += member_size
    if len(set(normals)) != len(normals):
        raise _enveloped(NUMBER_SET_DUPLICATES_OLDER if older else NUMBER_SET_DUPLICATES)
    if normals != raw:
        value["NS"] = normals
    return size


def _check_binary_set(raw: Any, walk: _Walk) -> int:
    if type(raw) is not list:
        raise _type_error(raw, "List")
    if not raw:
        raise _enveloped(EMPTY_BINARY_SET)
    size = 0
    for member in raw:
        size += _check_base64(member)
    decoded = [base64.b64decode(member) for member in raw]
    if len(set(decoded)) != len(decoded):
        if walk.older:
            shown = "[" + ", ".join(_canonical_base64(member) for member in raw) + "]"
        else:
            ordered = _first_repeat_order(decoded)
            shown = "[" + ",".join('"' + base64.b64encode(member).decode("ascii") + '"' for member in ordered) + "]"
        raise _enveloped(f"{INVALID}Input collection {shown}of type BS contains duplicates.")
    return size


def _first_repeat_order(members: list[Any]) -> list[Any]:
    """How the current layer lists a set with a repeat: the members before the
    first repeat in byte order, then the repeat, then the rest as sent."""
    seen: set[Any] = set()
    for index, member in enumerate(members):
        if member in seen:
            return sorted(seen, key=_byte_order) + [member] + list(members[index + 1 :])
        seen.add(member)
    return list(members)


def _byte_order(member: Any) -> Any:
    return member.encode("utf-8", "surrogatepass") if type(member) is str else member


def attribute_name_error(name: str) -> str | None:
    """What DynamoDB says of an attribute name it refuses (empty, or over 65535 bytes), or None."""
    if not name:
        return EMPTY_ATTRIBUTE_NAME
    if len(name) * 4 > MAX_ATTRIBUTE_NAME_SIZE and len(name.encode("utf-8", "surrogatepass")) > MAX_ATTRIBUTE_NAME_SIZE:
        return ATTRIBUTE_NAME_TOO_LARGE
    return None


def _check_names_fit(names: dict[str, Any]) -> None:
    """Refuse a map whose names include one over 65535 bytes (only long names are measured)."""
    if max(map(len, names), default=0) * 4 > MAX_ATTRIBUTE_NAME_SIZE:
        for name in names:
            if attribute_name_error(name) == ATTRIBUTE_NAME_TOO_LARGE:
                raise _invalid(ATTRIBUTE_NAME_TOO_LARGE)


def check_attribute_name(name: str) -> None:
    """Refuse a name AttributesToGet or AttributeUpdates gives, as an item's own names are refused."""
    message = attribute_name_error(name)
    if message is not None:
        raise _invalid(message)


def _finish(walk: _Walk) -> None:
    if walk.empty_name:
        raise _invalid(EMPTY_ATTRIBUTE_NAME)


def check_value(value: Any, layer: str = CURRENT, *, check_nesting: bool = True) -> int:
    """Validate one AttributeValue as DynamoDB does, normalising its numbers in place.

    Returns the value's size in bytes (as `value_size` measures it). Raises
    DynamoDBError: ValidationException in `layer`'s wording, or
    SerializationException for a JSON value of the wrong type or bad base64.
    ``check_nesting=False`` skips the 32-level limit, as TransactWriteItems did
    for ExpressionAttributeValues before the 2026 up-front checks.
    """
    walk = _Walk(layer == OLDER, MAX_NESTING_DEPTH if check_nesting else 1 << 62)
    try:
        size = _check(value, 1, walk)
        _finish(walk)
    except DynamoDBError as error:
        if layer == ENVELOPED:
            raise envelope(error) from None
        raise
    return size


def check_item(item: Item, layer: str = CURRENT) -> int:
    """Validate every attribute of `item`, normalising its N and NS values in place.

    Empty strings and binaries are allowed (DynamoDB has taken them in non-key
    attributes since 2020; the key checks are keys.py's). Returns the item's
    size in bytes, so a caller need not measure it again. Raises DynamoDBError.
    """
    walk = _Walk(layer == OLDER)
    try:
        if type(item) is not dict:
            raise _type_error(item, "Map")
        if "" in item:
            raise _invalid(EMPTY_ATTRIBUTE_NAME)
        _check_names_fit(item)
        size = 0
        for name, value in item.items():
            size += (len(name) if name.isascii() else _utf8_size(name)) + _check(
                value, 1, walk
            )
        _finish(walk)
    except DynamoDBError as error:
        if layer == ENVELOPED:
            raise envelope(error) from None
        raise
    return size


def check_key(key: Item, layer: str = CURRENT) -> None:
    """Validate the attribute values of a Key map (the key rules themselves are keys.py's)."""
    check_item(key, layer)


def check_expression_values(values: dict[str, Any], layer: str = CURRENT, *, check_nesting: bool = True) -> None:
    """Validate ExpressionAttributeValues, normalising their numbers in place.

    The older layer names the placeholder: ``ExpressionAttributeValues contains
    invalid value: <message> for key :v``; the current layer reports the value's
    message as is (enveloped for ENVELOPED). UpdateItem checks the nesting of
    these values in most regions; TransactWriteItems did not before its 2026
    up-front checks (``check_nesting=False``).
    """
    if type(values) is not dict:
        raise _type_error(values, "Map")
    for key, value in values.items():
        try:
            check_value(value, layer, check_nesting=check_nesting)
        except DynamoDBError as error:
            if layer == OLDER and error.code == "ValidationException":
                raise _invalid(
                    f"ExpressionAttributeValues contains invalid value: {error.message} for key {key}"
                ) from None
            raise


# -- sizes -------------------------------------------------------------------------


def value_size(value: dict[str, Any]) -> int:
    """The bytes DynamoDB counts for one (valid, normalised) AttributeValue."""
    for kind, raw in value.items():
        break
    else:
        return 0
    if kind == "S":
        return len(raw) if raw.isascii() else len(raw.encode("utf-8", "surrogatepass"))
    if kind == "N":
        return number_size(raw)
    if kind == "B":
        return _binary_size(raw) if type(raw) is str else len(raw)
    if kind == "BOOL" or kind == "NULL":
        return 1
    if kind == "M":
        size = 3
        for name, member in raw.items():
            size += 1 + (len(name) if name.isascii() else len(name.encode("utf-8", "surrogatepass")))
            size += value_size(member)
        return size
    if kind == "L":
        size = 3 + len(raw)
        for member in raw:
            size += value_size(member)
        return size
    if kind == "SS":
        return sum(len(member.encode("utf-8", "surrogatepass")) for member in raw)
    if kind == "NS":
        return sum(number_size(member) for member in raw)
    if kind == "BS":
        return sum(_binary_size(member) if type(member) is str else len(member) for member in raw)
    return 0


def item_size(item: Item) -> int:
    """The size DynamoDB charges for `item`, in bytes: each name's UTF-8 bytes plus its value."""
    size = 0
    for name, value in item.items():
        size += (len(name) if name.isascii() else len(name.encode("utf-8", "surrogatepass"))) + value_size(value)
    return size


def check_item_size(item: Item) -> int:
    """The size of `item`, or DynamoDB's error if it is over 400 KB (409,600 bytes; exactly that is allowed)."""
    size = item_size(item)
    if size > MAX_ITEM_SIZE:
        raise item_too_large()
    return size


def key_value_size(value: dict[str, Any]) -> int:
    """Bytes of a key attribute's value as the key size limits count them (S: UTF-8, B: raw, N: as stored)."""
    return value_size(value)
