"""Applying UpdateExpression and AttributeUpdates to items."""

from __future__ import annotations

import copy

import pytest

from fakedynamo import expressions as ex
from fakedynamo.errors import DynamoDBError

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731


def update(item, text, values=None, names=None, keys=("pk",)):
    before = copy.deepcopy(item)
    bound = ex.prepare({"UpdateExpression": text}, names, values).update
    new, paths = ex.apply_update(bound, item, key_names=keys)
    assert item == before, "the input item must not change"
    return new, paths


def update_error(item, text, values=None, names=None, keys=("pk",)):
    with pytest.raises(DynamoDBError) as raised:
        update(item, text, values, names, keys)
    assert raised.value.code == "ValidationException"
    return raised.value.message


BASE = {"pk": S("k")}


# -- SET --------------------------------------------------------------------------------------


def test_set_creates_replaces_and_keeps_others():
    new, _ = update({**BASE, "keep": S("yes"), "data": S("old")}, "SET #d = :v, added = :n", {":v": S("new"), ":n": N("100")}, {"#d": "data"})
    assert new == {**BASE, "keep": S("yes"), "data": S("new"), "added": N("100")}
    new, _ = update(None, "SET a = :v", {":v": S("x")})
    assert new == {"a": S("x")}


def test_set_arithmetic():
    item = {**BASE, "c": N("10"), "m": {"M": {"counter": N("10")}}}
    assert update(item, "SET c = c + :i", {":i": N("5")})[0]["c"] == N("15")
    assert update(item, "SET c = c - :i", {":i": N("12.5")})[0]["c"] == N("-2.5")
    assert update(item, "SET c = :i - c", {":i": N("1")})[0]["c"] == N("-9")
    assert update(item, "SET #m.#c = #m.#c + :i", {":i": N("5")}, {"#m": "m", "#c": "counter"})[0]["m"] == {"M": {"counter": N("15")}}
    assert update(item, "SET c = :a + :b", {":a": N("0.1"), ":b": N("0.2")})[0]["c"] == N("0.3")
    assert update(item, "SET c = :a + :b", {":a": N("1e2"), ":b": N("0")})[0]["c"] == N("100")
    assert update(item, "SET c = c - c")[0]["c"] == N("0")
    # if_not_exists for a counter that may not exist
    assert update(BASE, "SET c = if_not_exists(c, :z) + :one", {":z": N("0"), ":one": N("1")})[0]["c"] == N("1")


def test_set_arithmetic_errors():
    item = {**BASE, "s": S("x"), "c": N("1")}
    assert update_error(item, "SET c = s + :one", {":one": N("1")}) == "An operand in the update expression has an incorrect data type"
    assert update_error(item, "SET c = absent + :one", {":one": N("1")}) == (
        "The provided expression refers to an attribute that does not exist in the item"
    )
    assert update_error(item, "SET c = absent") == "The provided expression refers to an attribute that does not exist in the item"
    big = "9" * 38 + "E+88"
    assert update_error(item, "SET c = :a + :a", {":a": N(big)}) == (
        "Number overflow. Attempting to store a number with magnitude larger than supported range"
    )
    # DynamoDB words a result past 38 significant digits as an overflow too
    # (ScyllaDB's Alternator tests, test_number.py, record it against DynamoDB)
    assert update_error(item, "SET c = :a + :b", {":a": N("1E+30"), ":b": N("1E-30")}) == (
        "Number overflow. Attempting to store a number with magnitude larger than supported range"
    )
    assert update_error(item, "SET c = :a - :b", {":a": N("1E+50"), ":b": N("1")}) == (
        "Number overflow. Attempting to store a number with magnitude larger than supported range"
    )


def test_if_not_exists():
    item = {**BASE, "existing": S("keep-me"), "myval": S("original")}
    new, _ = update(item, "SET existing = if_not_exists(existing, :d), newone = if_not_exists(newone, :d2)", {":d": S("default"), ":d2": S("created")})
    assert (new["existing"], new["newone"]) == (S("keep-me"), S("created"))
    new, _ = update(item, "SET #bk = if_not_exists(#bk, #mv)", names={"#bk": "backup", "#mv": "myval"})
    assert new["backup"] == S("original")


def test_list_append():
    item = {**BASE, "vals": {"L": [S("a"), S("b")]}}
    new, _ = update(item, "SET vals = list_append(vals, :n)", {":n": {"L": [S("c"), S("d")]}})
    assert new["vals"] == {"L": [S("a"), S("b"), S("c"), S("d")]}
    new, _ = update(item, "SET vals = list_append(:n, vals)", {":n": {"L": [S("z")]}})
    assert new["vals"]["L"][0] == S("z")
    new, _ = update(BASE, "SET vals = list_append(if_not_exists(vals, :e), :n)", {":e": {"L": []}, ":n": {"L": [S("c")]}})
    assert new["vals"] == {"L": [S("c")]}
    assert update_error({**BASE, "s": S("x")}, "SET vals = list_append(s, :n)", {":n": {"L": []}}) == (
        "An operand in the update expression has an incorrect data type"
    )


def test_nested_paths():
    item = {**BASE, "a": {"M": {"b": {"M": {"c": S("old")}}}}, "parent": {"M": {"keep": S("k")}}, "topLevel": S("v")}
    new, _ = update(item, "SET #a.#b.#c = :v", {":v": S("new")}, {"#a": "a", "#b": "b", "#c": "c"})
    assert new["a"] == {"M": {"b": {"M": {"c": S("new")}}}}
    # nests under the existing map, siblings survive, no attribute named "parent.child"
    new, _ = update(item, "SET parent.child = :v", {":v": S("nested")})
    assert new["parent"] == {"M": {"keep": S("k"), "child": S("nested")}} and "parent.child" not in new
    # the new map is a copy; the untouched branch is shared
    assert new["a"] is item["a"]
    invalid = "The document path provided in the update expression is invalid for update"
    assert update_error(item, "SET #a.#b.#c = :v", {":v": S("t")}, {"#a": "missing", "#b": "nested", "#c": "deep"}) == invalid
    assert update_error(item, "SET topLevel.x = :v", {":v": S("t")}) == invalid
    assert update_error(item, "SET parent[0] = :v", {":v": S("t")}) == invalid
    assert update_error(item, "ADD nope.x :v", {":v": N("1")}) == invalid
    assert update_error(item, "REMOVE nope.x") == invalid


def test_list_indexes():
    item = {**BASE, "l": {"L": [S("a"), S("b"), S("c"), S("d")]}}
    assert update(item, "SET l[1] = :v", {":v": S("B")})[0]["l"]["L"] == [S("a"), S("B"), S("c"), S("d")]
    # past the end appends, with nothing padded in between (captured)
    assert update(item, "SET l[10] = :v", {":v": S("e")})[0]["l"]["L"] == [S("a"), S("b"), S("c"), S("d"), S("e")]
    assert update(item, "SET l[9] = :x, l[7] = :y", {":x": S("x"), ":y": S("y")})[0]["l"]["L"][-2:] == [S("y"), S("x")]
    assert update({**BASE, "l": {"L": []}}, "SET l[0] = :v", {":v": S("first")})[0]["l"] == {"L": [S("first")]}
    # REMOVE shifts, names elements of the original list, and ignores indexes past the end
    assert update(item, "REMOVE l[1]")[0]["l"]["L"] == [S("a"), S("c"), S("d")]
    assert update(item, "REMOVE l[0], l[1]")[0]["l"]["L"] == [S("c"), S("d")]
    assert update(item, "REMOVE l[3]")[0]["l"]["L"] == [S("a"), S("b"), S("c")]
    assert update(item, "REMOVE l[7]")[0]["l"] == item["l"]
    assert update(item, "SET l[0] = :v REMOVE l[1]", {":v": S("A")})[0]["l"]["L"] == [S("A"), S("c"), S("d")]
    nested = {**BASE, "l": {"L": [{"M": {"x": N("1")}}, S("b")]}}
    assert update(nested, "SET l[0].x = l[0].x + :one", {":one": N("1")})[0]["l"]["L"][0] == {"M": {"x": N("2")}}


def test_operands_read_the_original_item():
    new, _ = update({**BASE, "a": S("1"), "b": S("2")}, "SET a = b, b = a")
    assert (new["a"], new["b"]) == (S("2"), S("1"))


def test_remove():
    item = {**BASE, "keep": S("yes"), "drop": S("no"), "m": {"M": {"n": S("gone"), "k": S("stay")}}}
    new, _ = update(item, "REMOVE #d, m.n", names={"#d": "drop"})
    assert new == {**BASE, "keep": S("yes"), "m": {"M": {"k": S("stay")}}}
    assert update(item, "REMOVE ghost, m.ghost")[0] == item


def test_add():
    item = {**BASE, "count": N("10"), "tags": {"SS": ["a", "b"]}, "nums": {"NS": ["1", "2"]}, "s": S("x")}
    assert update(item, "ADD #c :v", {":v": N("3")}, {"#c": "count"})[0]["count"] == N("13")
    assert update(item, "ADD newc :v", {":v": N("-3")})[0]["newc"] == N("-3")
    assert update(item, "ADD tags :v", {":v": {"SS": ["c", "a"]}})[0]["tags"] == {"SS": ["a", "b", "c"]}
    assert update(item, "ADD tags :v", {":v": {"SS": [""]}})[0]["tags"] == {"SS": ["", "a", "b"]}
    assert update(item, "ADD nums :v", {":v": {"NS": ["2.0", "3"]}})[0]["nums"] == {"NS": ["1", "2", "3"]}
    assert update(item, "ADD fresh :v", {":v": {"SS": ["b", "a"]}})[0]["fresh"] == {"SS": ["a", "b"]}
    mismatch = "An operand in the update expression has an incorrect data type"
    assert update_error(item, "ADD s :v", {":v": N("1")}) == mismatch
    assert update_error(item, "ADD tags :v", {":v": {"NS": ["1"]}}) == mismatch
    assert update_error(item, "ADD #c :v", {":v": {"SS": ["a"]}}, {"#c": "count"}) == mismatch


def test_delete():
    item = {**BASE, "tags": {"SS": ["a", "b", "c"]}, "nums": {"NS": ["1", "2"]}, "s": S("x")}
    assert update(item, "DELETE tags :v", {":v": {"SS": ["a", "c", "z"]}})[0]["tags"] == {"SS": ["b"]}
    assert update(item, "DELETE nums :v", {":v": {"NS": ["1.0"]}})[0]["nums"] == {"NS": ["2"]}
    assert "tags" not in update(item, "DELETE tags :v", {":v": {"SS": ["a", "b", "c"]}})[0]
    assert update(item, "DELETE ghost :v", {":v": {"SS": ["a"]}})[0] == item
    assert update_error(item, "DELETE tags :v", {":v": {"NS": ["1"]}}) == "An operand in the update expression has an incorrect data type"


def test_key_attributes_cannot_be_updated():
    # captured
    assert update_error(BASE, "SET pk = :v", {":v": S("new")}) == (
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"
    )
    item = {"pk": S("p"), "sk": S("s")}
    assert update_error(item, "SET xattr = :v REMOVE sk", {":v": S("x")}, keys=("pk", "sk")) == (
        "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key"
    )
    bound = ex.prepare({"UpdateExpression": "ADD pk :v"}, None, {":v": N("1")}).update
    with pytest.raises(DynamoDBError):
        ex.check_key_updates(bound, ["pk"])


def test_a_failing_update_changes_nothing():
    item = {**BASE, "s": S("x"), "c": N("1")}
    # the second action fails after the first was checked: the item is untouched
    update_error(item, "SET a = :v, c = s + :v", {":v": N("1")})


def test_updated_old_and_new():
    item = {**BASE, "a": {"M": {"existing": S("e"), "b": S("old")}}, "gone": S("g"), "l": {"L": [S("x")]}}
    new, paths = update(item, "SET #a.#b = :x, #a.#c = :y, l[5] = :z REMOVE gone", {":x": S("x"), ":y": S("y"), ":z": S("z")}, {"#a": "a", "#b": "b", "#c": "c"})
    old_view, new_view = ex.updated_attributes(item, new, paths)
    # every written subpath, only those (captured for UPDATED_NEW); an element
    # appended past the end is not at the index written, so it is not returned
    # (ScyllaDB's Alternator tests, test_returnvalues.py, against DynamoDB)
    assert new_view == {"a": {"M": {"b": S("x"), "c": S("y")}}}
    assert old_view == {"a": {"M": {"b": S("old")}}, "gone": S("g")}
    assert list(paths) == [("a", "b"), ("a", "c"), ("l", 5), ("gone",)]
    assert paths.new == list(paths)
    # a removed element's index holds its successor afterwards, and that is returned
    item = {**BASE, "l": {"L": [S("x"), S("y"), S("z")]}}
    new, paths = update(item, "REMOVE l[1]")
    assert ex.updated_attributes(item, new, paths) == ({"l": {"L": [S("y")]}}, {"l": {"L": [S("z")]}})


def test_apply_a_compiled_expression_directly():
    compiled = ex.compile_expression("UpdateExpression", "SET #n = :v")
    new, paths = ex.apply_update(compiled, BASE, {"#n": "name"}, {":v": S("x")}, key_names=["pk"])
    assert new == {**BASE, "name": S("x")} and list(paths) == [("name",)]


# -- AttributeUpdates ----------------------------------------------------------------------------


def legacy(item, updates, keys=("pk",)):
    return ex.apply_update(ex.attribute_updates(updates), item, key_names=keys)[0]


def legacy_error(item, updates, keys=("pk",)):
    with pytest.raises(DynamoDBError) as raised:
        legacy(item, updates, keys)
    return raised.value.message


def test_attribute_updates():
    item = {**BASE, "n": N("1"), "tags": {"SS": ["a"]}, "l": {"L": [S("x")]}, "gone": S("g")}
    new = legacy(item, {
        "put": {"Action": "PUT", "Value": S("v")},
        "default": {"Value": S("d")},
        "n": {"Action": "ADD", "Value": N("2")},
        "tags": {"Action": "ADD", "Value": {"SS": ["b"]}},
        "l": {"Action": "ADD", "Value": {"L": [S("y")]}},
        "gone": {"Action": "DELETE"},
    })
    assert new == {**BASE, "put": S("v"), "default": S("d"), "n": N("3"), "tags": {"SS": ["a", "b"]}, "l": {"L": [S("x"), S("y")]}}
    assert legacy(item, {"tags": {"Action": "DELETE", "Value": {"SS": ["a"]}}}) == {k: v for k, v in item.items() if k != "tags"}
    assert legacy(item, {"fresh": {"Action": "ADD", "Value": N("5")}})["fresh"] == N("5")
    assert legacy_error(item, {"n": {"Action": "ADD", "Value": {"SS": ["a"]}}}) == "Type mismatch for attribute to update"
    assert legacy_error(item, {"pk": {"Action": "PUT", "Value": S("x")}}) == (
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"
    )


def test_attribute_updates_validation():
    invalid = "One or more parameter values were invalid: "
    for updates, message in [
        ({"a": {"Action": "PUT"}}, "Only DELETE action is allowed when no attribute value is specified"),
        ({"a": {"Action": "ADD"}}, "Only DELETE action is allowed when no attribute value is specified"),
        ({"a": {"Action": "DELETE", "Value": N("1")}}, "DELETE action with value is not supported for the type N"),
        ({"a": {"Action": "ADD", "Value": S("x")}}, "ADD action is not supported for the type S"),
    ]:
        with pytest.raises(DynamoDBError) as raised:
            ex.attribute_updates(updates)
        assert raised.value.message == invalid + message
