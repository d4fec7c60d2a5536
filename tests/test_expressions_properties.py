"""Properties of the expression engine, checked on random inputs.

1. A random tree printed with `to_text` parses back to the same tree.
2. Random updates applied to random items raise nothing but DynamoDBError,
   never change the input item, and agree with a plain reference model.
3. Condition evaluation agrees with a small reference evaluator written
   here from the Developer Guide's rules, independently of the engine.
"""

from __future__ import annotations

import base64
import copy
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakedynamo import expressions as ex
from fakedynamo.errors import DynamoDBError
from fakedynamo.expressions.ast import (
    AddAction,
    And,
    Between,
    Clause,
    Compare,
    DeleteAction,
    Func,
    In,
    Not,
    Or,
    Path,
    Projection,
    RemoveAction,
    SetAction,
    Update,
    Value,
    to_text,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = ["a", "b", "c"]
identifier = st.sampled_from(["a", "b", "c", "x1", "y_z", "Abc"])
placeholder_name = st.sampled_from(["#n", "#m1", "#_q"])
placeholder_value = st.sampled_from([":v", ":w1", ":_x"])

# -- 1. printing and parsing -------------------------------------------------------------------

path_part = st.one_of(identifier, placeholder_name)
paths = st.builds(
    lambda head, rest: Path((head, *rest)),
    path_part,
    st.lists(st.one_of(path_part, st.integers(0, 30)), max_size=3),
)
operands = st.one_of(paths, st.builds(Value, placeholder_value), st.builds(lambda p: Func("size", (p,)), paths))
leaves = st.one_of(
    st.builds(Compare, st.sampled_from(["=", "<>", "<", "<=", ">", ">="]), operands, operands),
    st.builds(Between, operands, operands, operands),
    st.builds(lambda o, items: In(o, tuple(items)), operands, st.lists(operands, min_size=1, max_size=4)),
    st.builds(lambda p: Func("attribute_exists", (p,)), paths),
    st.builds(lambda p: Func("attribute_not_exists", (p,)), paths),
    st.builds(lambda p, v: Func("attribute_type", (p, Value(v))), paths, placeholder_value),
    st.builds(lambda x, y: Func("begins_with", (x, y)), operands, operands),
    st.builds(lambda x, y: Func("contains", (x, y)), operands, operands),
)
conditions = st.recursive(
    leaves,
    lambda inner: st.one_of(st.builds(And, inner, inner), st.builds(Or, inner, inner), st.builds(Not, inner)),
    max_leaves=8,
)
set_values = st.one_of(
    operands.filter(lambda o: not isinstance(o, Func)),
    st.builds(lambda p, v: Func("if_not_exists", (p, v)), paths, operands.filter(lambda o: not isinstance(o, Func))),
    st.builds(lambda x, y: Func("list_append", (x, y)), paths, st.builds(Value, placeholder_value)),
)


@st.composite
def updates(draw: Any) -> Update:
    keywords = draw(st.permutations(["SET", "REMOVE", "ADD", "DELETE"]))[: draw(st.integers(1, 4))]
    clauses = []
    for keyword in keywords:
        count = draw(st.integers(1, 3))
        if keyword == "SET":
            actions = [SetAction(draw(paths), draw(set_values)) for _ in range(count)]
        elif keyword == "REMOVE":
            actions = [RemoveAction(draw(paths)) for _ in range(count)]
        elif keyword == "ADD":
            actions = [AddAction(draw(paths), Value(draw(placeholder_value))) for _ in range(count)]
        else:
            actions = [DeleteAction(draw(paths), Value(draw(placeholder_value))) for _ in range(count)]
        clauses.append(Clause(keyword, tuple(actions)))
    return Update(tuple(clauses))


@SETTINGS
@given(conditions)
def test_conditions_print_and_parse_back(tree: Any) -> None:
    assert ex.compile_expression("FilterExpression", to_text(tree)).tree == tree


@SETTINGS
@given(updates())
def test_updates_print_and_parse_back(tree: Update) -> None:
    assert ex.compile_expression("UpdateExpression", to_text(tree)).tree == tree


@SETTINGS
@given(st.lists(paths, min_size=1, max_size=5))
def test_projections_print_and_parse_back(path_list: list[Path]) -> None:
    tree = Projection(tuple(path_list))
    assert ex.compile_expression("ProjectionExpression", to_text(tree)).tree == tree


# -- random values and items --------------------------------------------------------------------

numbers = st.builds(str, st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)).map(
    lambda s: format(Decimal(s).normalize(), "f") if Decimal(s) else "0"
)
strings = st.text(alphabet="abcé", max_size=4)
binaries = st.binary(max_size=3).map(lambda b: base64.b64encode(b).decode())
scalars = st.one_of(
    strings.map(lambda s: {"S": s}),
    numbers.map(lambda n: {"N": n}),
    binaries.map(lambda b: {"B": b}),
    st.booleans().map(lambda b: {"BOOL": b}),
    st.just({"NULL": True}),
    st.lists(strings, min_size=1, max_size=3, unique=True).map(lambda x: {"SS": x}),
    st.lists(st.integers(-5, 5), min_size=1, max_size=3, unique=True).map(lambda x: {"NS": [str(i) for i in x]}),
    st.lists(st.binary(max_size=2), min_size=1, max_size=3, unique=True).map(
        lambda x: {"BS": [base64.b64encode(b).decode() for b in x]}
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda x: {"L": x}),
        st.dictionaries(st.sampled_from(NAMES), inner, max_size=3).map(lambda x: {"M": x}),
    ),
    max_leaves=6,
)
items = st.dictionaries(st.sampled_from(NAMES + ["pk"]), values, max_size=4)
item_paths = st.builds(
    lambda head, rest: (head, *rest), st.sampled_from(NAMES), st.lists(st.one_of(st.sampled_from(NAMES), st.integers(0, 3)), max_size=2)
)


# -- 2. updates -------------------------------------------------------------------------------------


@st.composite
def update_requests(draw: Any) -> tuple[str, dict[str, Any]]:
    actions: dict[str, list[str]] = {}
    bound: dict[str, Any] = {}
    for index in range(draw(st.integers(1, 4))):
        keyword = draw(st.sampled_from(["SET", "REMOVE", "ADD", "DELETE"]))
        target = ex.to_text(Path(draw(item_paths)))
        name = f":v{index}"
        if keyword == "SET":
            source = ex.to_text(Path(draw(item_paths)))
            form = draw(st.sampled_from(["value", "plus", "append", "ifne", "path"]))
            text = {
                "value": f"{target} = {name}",
                "plus": f"{target} = {source} + {name}",
                "append": f"{target} = list_append({source}, {name})",
                "ifne": f"{target} = if_not_exists({source}, {name})",
                "path": f"{target} = {source}",
            }[form]
            if form != "path":
                bound[name] = draw(values)
        elif keyword == "REMOVE":
            text = target
        else:
            text = f"{target} {name}"
            bound[name] = draw(values)
        actions.setdefault(keyword, []).append(text)
    expression = " ".join(f"{k} {', '.join(v)}" for k, v in actions.items())
    return expression, bound


@SETTINGS
@given(items, update_requests())
def test_updates_raise_only_dynamodb_errors(item: dict[str, Any], request: tuple[str, dict[str, Any]]) -> None:
    expression, bound = request
    before = copy.deepcopy(item)
    try:
        prepared = ex.prepare({"UpdateExpression": expression}, None, bound or None)
        new, paths = ex.apply_update(prepared.update, item, key_names=["pk"])
    except DynamoDBError as error:
        assert error.code == "ValidationException"
        return
    finally:
        assert item == before
    assert "pk" not in {p[0] for p in paths} or "pk" not in item
    for parts, action in zip(paths, prepared.update.actions):
        if isinstance(action, SetAction) and not isinstance(parts[-1], int):
            written = ex.get_path(new, parts)
            assert written is not None


@SETTINGS
@given(items, st.sampled_from(NAMES), values)
def test_top_level_set_replaces_exactly_one_attribute(item: dict[str, Any], name: str, value: Any) -> None:
    new, _ = ex.apply_update(ex.prepare({"UpdateExpression": f"SET {name} = :v"}, None, {":v": value}).update, item)
    assert new == {**item, name: value}


# -- 3. conditions against a reference evaluator -------------------------------------------------------


def canonical(value: Any) -> Any:
    """A hashable Python form in which equal DynamoDB values are equal."""
    (type_, raw), = value.items()
    if type_ == "N":
        return ("N", Decimal(raw))
    if type_ == "B":
        return ("B", base64.b64decode(raw))
    if type_ == "SS":
        return ("SS", frozenset(raw))
    if type_ == "NS":
        return ("NS", frozenset(Decimal(x) for x in raw))
    if type_ == "BS":
        return ("BS", frozenset(base64.b64decode(x) for x in raw))
    if type_ == "L":
        return ("L", tuple(canonical(x) for x in raw))
    if type_ == "M":
        return ("M", frozenset((k, canonical(v)) for k, v in raw.items()))
    return (type_, raw)


def lookup(item: dict[str, Any], parts: tuple[Any, ...]) -> Any:
    current: Any = {"M": item}
    for part in parts:
        container = current.get("L" if isinstance(part, int) else "M")
        if container is None:
            return None
        if isinstance(part, int):
            if part >= len(container):
                return None
            current = container[part]
        else:
            if part not in container:
                return None
            current = container[part]
    return current


def reference(node: Any, item: dict[str, Any], bound: dict[str, Any]) -> Any:
    if isinstance(node, Path):
        return lookup(item, node.parts)
    if isinstance(node, Value):
        return bound[node.name]
    if isinstance(node, And):
        return reference(node.left, item, bound) and reference(node.right, item, bound)
    if isinstance(node, Or):
        return reference(node.left, item, bound) or reference(node.right, item, bound)
    if isinstance(node, Not):
        return not reference(node.operand, item, bound)
    if isinstance(node, Compare):
        x, y = reference(node.left, item, bound), reference(node.right, item, bound)
        if node.op in ("=", "<>"):
            same = x is not None and y is not None and canonical(x) == canonical(y)
            return same if node.op == "=" else not same
        if x is None or y is None:
            return False
        cx, cy = canonical(x), canonical(y)
        if cx[0] != cy[0] or cx[0] not in ("S", "N", "B"):
            return False
        return {"<": cx[1] < cy[1], "<=": cx[1] <= cy[1], ">": cx[1] > cy[1], ">=": cx[1] >= cy[1]}[node.op]
    if isinstance(node, Func):
        if node.name == "size":
            x = reference(node.args[0], item, bound)
            if x is None:
                return None
            (type_, raw), = x.items()
            if type_ == "S":
                return {"N": str(len(raw.encode()))}
            if type_ == "B":
                return {"N": str(len(base64.b64decode(raw)))}
            if type_ in ("SS", "NS", "BS", "L", "M"):
                return {"N": str(len(raw))}
            return None
        if node.name == "attribute_exists":
            return reference(node.args[0], item, bound) is not None
        if node.name == "attribute_not_exists":
            return reference(node.args[0], item, bound) is None
        x, y = (reference(a, item, bound) for a in node.args)
        if x is None or y is None:
            return False
        cx, cy = canonical(x), canonical(y)
        if node.name == "begins_with":
            return cx[0] == cy[0] and cx[0] in ("S", "B") and cx[1][: len(cy[1])] == cy[1]
        if node.name == "contains":
            if cx[0] in ("S", "B"):
                return cy[0] == cx[0] and cy[1] in cx[1]
            if cx[0] in ("SS", "NS", "BS"):
                return cy[0] == cx[0][0] and cy[1] in cx[1]
            if cx[0] == "L":
                return cy in cx[1]
            return False
    raise AssertionError(node)


ref_operands = st.one_of(
    st.builds(Path, item_paths),
    st.builds(Value, st.sampled_from([":v", ":w"])),
    st.builds(lambda p: Func("size", (Path(p),)), item_paths),
)
ref_leaves = st.one_of(
    st.builds(Compare, st.sampled_from(["=", "<>", "<", "<=", ">", ">="]), ref_operands, ref_operands),
    st.builds(lambda p: Func("attribute_exists", (Path(p),)), item_paths),
    st.builds(lambda p: Func("attribute_not_exists", (Path(p),)), item_paths),
    st.builds(lambda x, v: Func("begins_with", (Path(x), Value(v))), item_paths, st.sampled_from([":v", ":w"])),
    st.builds(lambda x, y: Func("contains", (x, y)), ref_operands, ref_operands),
)
ref_conditions = st.recursive(
    ref_leaves,
    lambda inner: st.one_of(st.builds(And, inner, inner), st.builds(Or, inner, inner), st.builds(Not, inner)),
    max_leaves=5,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ref_conditions, items, values, values)
def test_conditions_agree_with_the_reference(tree: Any, item: dict[str, Any], v: Any, w: Any) -> None:
    text = to_text(tree)
    bound = {key: value for key, value in ((":v", v), (":w", w)) if key in text}
    try:
        prepared = ex.prepare({"FilterExpression": text}, None, bound or None)
    except DynamoDBError as error:
        # refused up front, as DynamoDB refuses operand types and identical operands
        assert error.code == "ValidationException"
        return
    assert prepared.filter.matches(item) == bool(reference(tree, item, bound))
