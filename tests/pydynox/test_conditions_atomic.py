"""Conditions and atomic updates render to DynamoDB expressions with placeholders (no I/O here)."""

from __future__ import annotations

from typing import Any

import pytest

from pydynox import Model, ModelConfig
from pydynox._internal._atomic import serialize_atomic
from pydynox.attributes import ListAttribute, MapAttribute, NumberAttribute, StringAttribute
from pydynox.conditions import And, Condition, ConditionAnd, ConditionComparison, Not, Or  # noqa: F401 - importable node classes


class Item(Model):
    model_config = ModelConfig(table="items")
    pk = StringAttribute(partition_key=True)
    name = StringAttribute(alias="n")
    age = NumberAttribute()
    tags = ListAttribute()
    meta = MapAttribute()


def rendered(condition: Any) -> tuple[str, dict[str, str], dict[str, Any]]:
    names: dict[str, str] = {}
    values: dict[str, Any] = {}
    return condition.serialize(names, values), names, values


@pytest.mark.parametrize(
    ("condition", "text"),
    [
        (Item.age == 1, "#n0 = :v0"),
        (Item.age != 1, "#n0 <> :v0"),
        (Item.age < 1, "#n0 < :v0"),
        (Item.age <= 1, "#n0 <= :v0"),
        (Item.age > 1, "#n0 > :v0"),
        (Item.age >= 1, "#n0 >= :v0"),
        (Item.age.between(1, 9), "#n0 BETWEEN :v0 AND :v1"),
        (Item.age.is_in(1, 2, 3), "#n0 IN (:v0, :v1, :v2)"),
        (Item.age.exists(), "attribute_exists(#n0)"),
        (Item.age.not_exists(), "attribute_not_exists(#n0)"),
        (Item.name.begins_with("A"), "begins_with(#n0, :v0)"),
        (Item.tags.contains("x"), "contains(#n0, :v0)"),
        ((Item.age > 1) & (Item.age < 9), "(#n0 > :v0 AND #n0 < :v1)"),
        ((Item.age > 1) | (Item.name == "x"), "(#n0 > :v0 OR #n1 = :v1)"),
        (~Item.age.exists(), "(NOT attribute_exists(#n0))"),
        (Not(Item.age.exists()), "(NOT attribute_exists(#n0))"),
        (And(Item.age > 1, Item.age < 5, Item.name == "a"), "((#n0 > :v0 AND #n0 < :v1) AND #n1 = :v2)"),
        (Or(Item.age == 1, Item.age == 2, Item.age == 3), "((#n0 = :v0 OR #n0 = :v1) OR #n0 = :v2)"),
        (Item.meta["a"]["b"] == 1, "#n0.#n1.#n2 = :v0"),
        (Item.tags[0] == "x", "#n0[0] = :v0"),
        (Item.meta["a"][2] != 3, "#n0.#n1[2] <> :v0"),
        (Item.meta["a"].exists(), "attribute_exists(#n0.#n1)"),
    ],
)
def test_rendering(condition: Condition, text: str) -> None:
    assert rendered(condition)[0] == text


def test_names_map_name_to_placeholder_using_aliases_and_values_are_raw() -> None:
    text, names, values = rendered((Item.name == "Ada") & (Item.meta["n"] == {"k": 1}))
    assert text == "(#n0 = :v0 AND #n1.#n0 = :v1)"
    assert names == {"n": "#n0", "meta": "#n1"}
    assert values == {":v0": "Ada", ":v1": {"k": 1}}


def test_comparing_two_attributes_uses_no_value() -> None:
    assert rendered(Item.age > Item.name) == ("#n0 > #n1", {"age": "#n0", "n": "#n1"}, {})


def test_and_or_need_two_conditions() -> None:
    with pytest.raises(ValueError):
        And(Item.age == 1)
    with pytest.raises(ValueError):
        Or()


def test_is_in_needs_values_and_paths_need_str_or_int() -> None:
    with pytest.raises(ValueError):
        Item.age.is_in()
    with pytest.raises(TypeError):
        Item.meta[1.5]  # type: ignore[index]


def test_operands_are_unhashable() -> None:
    with pytest.raises(TypeError):
        hash(Item.age)


def test_repr_shows_the_expression() -> None:
    assert "#n0 = :v0" in repr(Item.age == 3)


@pytest.mark.parametrize(
    ("ops", "text", "values"),
    [
        ([Item.age.set(5)], "SET #n0 = :v0", {":v0": 5}),
        ([Item.age.add(2)], "SET #n0 = if_not_exists(#n0, :v1) + :v0", {":v0": 2, ":v1": 0}),
        ([Item.age.add(-2)], "SET #n0 = if_not_exists(#n0, :v1) + :v0", {":v0": -2, ":v1": 0}),
        ([Item.age.remove()], "REMOVE #n0", {}),
        ([Item.tags.append(["a"])], "SET #n0 = list_append(#n0, :v0)", {":v0": ["a"]}),
        ([Item.tags.prepend(["a"])], "SET #n0 = list_append(:v0, #n0)", {":v0": ["a"]}),
        ([Item.age.if_not_exists(0)], "SET #n0 = if_not_exists(#n0, :v0)", {":v0": 0}),
        (
            [Item.age.add(1), Item.name.remove(), Item.tags.append([1])],
            "SET #n0 = if_not_exists(#n0, :v1) + :v0, #n2 = list_append(#n2, :v2) REMOVE #n1",
            {":v0": 1, ":v1": 0, ":v2": [1]},
        ),
    ],
)
def test_atomic_rendering(ops: list[Any], text: str, values: dict[str, Any]) -> None:
    expression, names, rendered_values = serialize_atomic(ops)
    assert expression == text
    assert rendered_values == values
    assert set(names) <= {"age", "n", "tags"}


def test_atomic_op_serialize_and_repr() -> None:
    names: dict[str, str] = {}
    values: dict[str, Any] = {}
    assert Item.age.set(1).serialize(names, values) == "#n0 = :v0"
    assert "AtomicAdd" in repr(Item.age.add(1))
