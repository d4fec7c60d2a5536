"""Parsing, compile-time checks and request binding of DynamoDB expressions.

Messages marked "captured" were taken from real DynamoDB (paritysuite
captures, public issue reports); the rest follow dynalite's grammar facts.
"""

from __future__ import annotations

import pytest

from fakedynamo import expressions as ex
from fakedynamo.errors import DynamoDBError
from fakedynamo.expressions.ast import (
    AddAction,
    And,
    Arith,
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

C, F, K, P, U = (
    "ConditionExpression",
    "FilterExpression",
    "KeyConditionExpression",
    "ProjectionExpression",
    "UpdateExpression",
)


def error(expressions, names=None, values=None) -> str:
    with pytest.raises(DynamoDBError) as raised:
        ex.prepare(expressions, names, values)
    assert raised.value.code == "ValidationException"
    return raised.value.message


def tree(kind: str, text: str):
    return ex.compile_expression(kind, text).tree


def a(*parts):
    return Path(tuple(parts))


# -- syntax ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, text, message",
    [
        # captured
        (U, "INVALID SYNTAX HERE", 'Syntax error; token: "INVALID", near: "INVALID SYNTAX"'),
        (U, "ADD hits : incr", 'Syntax error; token: ":", near: "hits : incr"'),
        (C, "a = = b", 'Syntax error; token: "=", near: "= = b"'),
        (C, "attribute_exists(car_id) AND NOT #x", 'Syntax error; token: "<EOF>", near: "#x"'),
        (K, "()", 'Syntax error; token: ")", near: "()"'),
        (F, "#articleId attribute_not_exists :ckpst", 'Syntax error; token: "attribute_not_exists", near: "#articleId attribute_not_exists :ckpst"'),
        # the same rule on other shapes
        (C, "a =", 'Syntax error; token: "<EOF>", near: "="'),
        (C, "a = 5", 'Syntax error; token: "5", near: "= 5"'),
        (C, "a ! b", 'Syntax error; token: "!", near: "a ! b"'),
        (C, "a = :v AND", 'Syntax error; token: "<EOF>", near: "AND"'),
        (C, "a BETWEEN :x", 'Syntax error; token: "<EOF>", near: ":x"'),
        (C, "a IN ()", 'Syntax error; token: ")", near: "()"'),
        (C, "a.1 = :v", 'Syntax error; token: "1", near: ".1 ="'),
        (C, "a[x] = :v", 'Syntax error; token: "x", near: "[x]"'),
        (C, "_a = :v", 'Syntax error; token: "_", near: "_a"'),
        # captured (ScyllaDB's Alternator tests quote it): "_" starts no name
        (U, "SET _123 = :v", 'Syntax error; token: "_", near: "SET _123"'),
        (U, "SET a = _f(b)", 'Syntax error; token: "_", near: "= _f"'),
        (C, "a AND b", 'Syntax error; token: "AND", near: "a AND b"'),
        (C, "# = :v", 'Syntax error; token: "#", near: "# ="'),
        (C, "a = :v b = :w", 'Syntax error; token: "b", near: ":v b ="'),
        (U, "SET a = :v,", 'Syntax error; token: "<EOF>", near: ","'),
        (U, "SET a :v", 'Syntax error; token: ":v", near: "a :v"'),
        (U, "REMOVE", 'Syntax error; token: "<EOF>", near: "REMOVE"'),
        (U, "SET a = b + c + d", 'Syntax error; token: "+", near: "c + d"'),
        (U, "DELETE s", 'Syntax error; token: "<EOF>", near: "s"'),
        (U, "SET set = :v", 'Syntax error; token: "set", near: "SET set ="'),
        (P, "a,", 'Syntax error; token: "<EOF>", near: ","'),
        (P, "a b", 'Syntax error; token: "b", near: "a b"'),
        (P, "a[-1]", 'Syntax error; token: "-", near: "[-1"'),
        (C, "   ", 'Syntax error; token: "<EOF>", near: ""'),
    ],
)
def test_syntax_errors(kind, text, message):
    assert error({kind: text}) == f"Invalid {kind}: {message}"


def test_syntax_error_inside_a_transaction_capture():
    # captured: 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"'
    assert error({C: "a = = b"}) == 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"'


# -- trees ------------------------------------------------------------------------------


def test_condition_trees():
    assert tree(C, "a = :v") == Compare("=", a("a"), Value(":v"))
    assert tree(C, "a.b[2].#c <> :v") == Compare("<>", a("a", "b", 2, "#c"), Value(":v"))
    assert tree(C, "a BETWEEN :x AND :y") == Between(a("a"), Value(":x"), Value(":y"))
    assert tree(C, "a IN (:x, :y, b)") == In(a("a"), (Value(":x"), Value(":y"), a("b")))
    assert tree(C, "size(a) >= :n") == Compare(">=", Func("size", (a("a"),)), Value(":n"))
    assert tree(C, "(a) = :v") == Compare("=", a("a"), Value(":v"))
    assert tree(C, "(size(a)) > :n") == Compare(">", Func("size", (a("a"),)), Value(":n"))
    assert tree(C, "(begins_with(a, :p))") == Func("begins_with", (a("a"), Value(":p")))
    assert tree(C, "a [ 1 ] . b = :v") == Compare("=", a("a", 1, "b"), Value(":v"))


def test_precedence_not_and_or():
    x, y, z = (Compare("=", a(n), Value(":v")) for n in "xyz")
    assert tree(C, "x = :v OR y = :v AND z = :v") == Or(x, And(y, z))
    assert tree(C, "NOT x = :v AND y = :v") == And(Not(x), y)
    assert tree(C, "NOT (x = :v AND y = :v)") == Not(And(x, y))
    assert tree(C, "(x = :v OR y = :v) AND z = :v") == And(Or(x, y), z)
    assert tree(C, "NOT NOT x = :v") == Not(Not(x))
    assert tree(C, "x = :v AND y = :v AND z = :v") == And(And(x, y), z)


def test_keywords_are_case_insensitive():
    assert tree(C, "a = :v and b between :x AnD :y or not c in (:z)") == tree(
        C, "a = :v AND b BETWEEN :x AND :y OR NOT c IN (:z)"
    )
    assert tree(U, "set a = :v remove b add c :d delete e :f") == tree(U, "SET a = :v REMOVE b ADD c :d DELETE e :f")


def test_function_names_are_case_sensitive():
    assert error({C: "BEGINS_WITH(a, :v)"}, None, {":v": {"S": "x"}}) == (
        "Invalid ConditionExpression: Invalid function name; function: BEGINS_WITH"
    )
    assert error({U: "SET a = List_Append(a, :v)"}, None, {":v": {"L": []}}) == (
        "Invalid UpdateExpression: Invalid function name; function: List_Append"
    )


def test_update_trees():
    assert tree(U, "SET a = :v, b = c + :d REMOVE x[1], y.z ADD n :one DELETE s :t") == Update(
        (
            Clause("SET", (SetAction(a("a"), Value(":v")), SetAction(a("b"), Arith("+", a("c"), Value(":d"))))),
            Clause("REMOVE", (RemoveAction(a("x", 1)), RemoveAction(a("y", "z")))),
            Clause("ADD", (AddAction(a("n"), Value(":one")),)),
            Clause("DELETE", (DeleteAction(a("s"), Value(":t")),)),
        )
    )
    assert tree(U, "SET a = (b + :c)") == tree(U, "SET a = b + :c") == tree(U, "SET a = (b) + :c")
    assert tree(U, "SET l = list_append(if_not_exists(l, :e), :v)") == Update(
        (Clause("SET", (SetAction(a("l"), Func("list_append", (Func("if_not_exists", (a("l"), Value(":e"))), Value(":v")))),)),)
    )
    assert tree(U, "SET private_ = :v, #_ = :_") == Update(
        (Clause("SET", (SetAction(a("private_"), Value(":v")), SetAction(a("#_"), Value(":_")))),)
    )
    # clauses in any order
    assert [c.keyword for c in tree(U, "DELETE s :t ADD n :o REMOVE r SET a = :v").clauses] == [
        "DELETE", "ADD", "REMOVE", "SET"
    ]


def test_projection_trees():
    assert tree(P, "a, b.c, d[1][2], #e.f") == Projection((a("a"), a("b", "c"), a("d", 1, 2), a("#e", "f")))


@pytest.mark.parametrize(
    "kind, text",
    [
        (C, "a = :v"),
        (C, "NOT (a = :v OR b <> :w) AND c IN (:x, d.e[3])"),
        (C, "a = :v AND (b = :w AND c = :x)"),
        (C, "a = :v OR (b = :w OR c = :x)"),
        (C, "NOT NOT attribute_exists(a)"),
        (C, "size(a.b) BETWEEN :lo AND :hi"),
        (U, "SET a = if_not_exists(a, :z) + :one, b[1] = :v REMOVE c ADD d :e DELETE f :g"),
        (P, "a, b[1].c, #d"),
    ],
)
def test_printer_round_trip(kind, text):
    parsed = tree(kind, text)
    assert tree(kind, to_text(parsed)) == parsed


# -- compile-time checks ---------------------------------------------------------------------


def test_empty_expression():
    # captured
    for kind in (C, F, K, P, U):
        assert error({kind: ""}) == f"Invalid {kind}: The expression can not be empty;"


def test_expression_size_limit():
    at_limit = "attribute_not_exists(" + "a" * (4096 - 22) + ")"
    assert len(at_limit) == 4096
    ex.compile_expression(C, at_limit)
    # captured: 'a = :v' and 373 repeats of ' AND a = :v' is 4109 characters
    over = "a = :v" + " AND a = :v" * 373
    assert error({C: over}, None, {":v": {"S": "x"}}) == (
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4109"
    )
    # captured: the UpdateExpression form has no size tail
    update = "SET " + ", ".join(f"a{i} = :v" for i in range(500))
    assert error({U: update}, None, {":v": {"S": "x"}}) == (
        "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;"
    )
    # measured in UTF-8 bytes of the raw text: aliases are not expanded
    assert error({P: "é" * 2049}).endswith("expression size: 4098")


def test_operator_limit():
    ok = " OR ".join(f"a{i} = :v" for i in range(150))  # 150 comparisons + 149 ORs
    ex.compile_expression(F, ok)
    over = " OR ".join(f"a{i} = :v" for i in range(151))  # 301
    # captured wording
    assert error({F: over}, None, {":v": {"S": "x"}}) == (
        "Invalid FilterExpression: The expression contains too many operators; operator count: 301"
    )


def test_in_operand_limit():
    items = ", ".join([":v"] * 100)
    ex.compile_expression(C, f"a IN ({items})")
    # captured wording
    assert error({F: f"a IN ({items}, :v)"}, None, {":v": {"S": "x"}}) == (
        "Invalid FilterExpression: The IN operator is provided with too many operands; number of operands: 101"
    )


def test_redundant_parentheses():
    # captured
    assert error({C: "((attribute_not_exists(pk)))"}) == "Invalid ConditionExpression: The expression has redundant parentheses;"
    assert error({C: "((#a = :v))"}, {"#a": "a"}, {":v": {"S": "x"}}).endswith("redundant parentheses;")
    assert error({C: "((a)) = :v"}, None, {":v": {"S": "x"}}).endswith("redundant parentheses;")
    assert error({C: "NOT ((a = :v))"}, None, {":v": {"S": "x"}}).endswith("redundant parentheses;")
    # one pair is fine, and so is a pair around a combination
    ex.compile_expression(C, "(a = :v)")
    ex.compile_expression(C, "((a = :v) AND (b = :v))")
    ex.compile_expression(C, "(a) = :v")


def test_function_checks():
    assert error({C: "foo(a)"}) == "Invalid ConditionExpression: Invalid function name; function: foo"
    # the other grammar's functions are named as such (DynamoDB says "not allowed")
    assert error({C: "if_not_exists(a, :v) = :v"}) == (
        "Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists"
    )
    assert error({C: "list_append(a, a) = :v"}).endswith("not allowed in a condition expression; function: list_append")
    assert error({C: "size(a)"}) == (
        "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"
    )
    assert error({C: "size(a) AND b = :v"}).endswith("function: size")
    assert error({C: "begins_with(a, :v) = :w"}).endswith(
        "The function is not allowed to be used this way in an expression; function: begins_with"
    )
    assert error({C: "contains(attribute_type(a, :t), :v)"}).endswith("function: attribute_type")
    assert error({U: "SET a = size(b)"}) == (
        "Invalid UpdateExpression: The function is not allowed in an update expression; function: size"
    )
    assert error({U: "SET a = contains(b, c)"}).endswith("not allowed in an update expression; function: contains")
    assert error({U: "SET a = f(b)"}) == "Invalid UpdateExpression: Invalid function name; function: f"


def test_reserved_words():
    assert len(ex.RESERVED_WORDS) == 573
    # the brief's example
    assert error({C: "status = :v"}, None, {":v": {"S": "x"}}) == (
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"
    )
    assert error({P: "a, Name"}) == "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: Name"
    assert error({U: "SET a.size = :v"}, None, {":v": {"S": "x"}}) == (
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: size"
    )
    assert error({U: "SET and = :v"}, None, {":v": {"S": "x"}}).endswith("reserved keyword: and")
    # placeholders stand in for reserved words
    ex.prepare({C: "#s = :v"}, {"#s": "status"}, {":v": {"S": "x"}})


def test_check_order_within_a_condition():
    # redundant parentheses before an unknown function before a misused one before a reserved word
    assert error({C: "((a = :v)) AND foo(b)"}).endswith("redundant parentheses;")
    assert error({C: "status = :v AND foo(b)"}).endswith("Invalid function name; function: foo")
    assert error({C: "status = :v AND size(b)"}).endswith("function: size")
    # syntax errors come first of all
    assert "Syntax error" in error({C: "((foo(status))) AND"})


def test_sections_used_once():
    assert error({U: "SET a = :v SET b = :v"}, None, {":v": {"S": "x"}}) == (
        'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'
    )
    assert error({U: "REMOVE a ADD b :v REMOVE c"}, None, {":v": {"N": "1"}}).endswith(
        'The "REMOVE" section can only be used once in an update expression;'
    )


def test_compiled_expressions_are_cached():
    first = ex.compile_expression(C, "cached = :v")
    assert ex.compile_expression(C, "cached = :v") is first
    assert ex.compile_expression(F, "cached = :v") is not first
    with pytest.raises(DynamoDBError):
        ex.compile_expression(C, "cached = = :v")
    with pytest.raises(DynamoDBError) as raised:
        ex.compile_expression(C, "cached = = :v")
    assert "Syntax error" in raised.value.message


# -- placeholders -----------------------------------------------------------------------------


def test_undefined_placeholders():
    # captured
    assert error({U: "SET attr1 = :v"}) == (
        "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v"
    )
    assert error({C: "#x = :v"}, None, {":v": {"S": "a"}}) == (
        "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x"
    )
    # captured: the UpdateExpression's own value is defined, the condition's is not
    assert error({U: "SET b = :w", C: "a = :v"}, None, {":w": {"S": "x"}}) == (
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v"
    )
    assert error({P: "a, #b"}) == (
        "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #b"
    )


def test_update_reports_undefined_names_before_values():
    assert error({U: "SET a = :v, #b = :w"}).endswith("attribute name: #b")


def test_unused_placeholders_span_the_request():
    # captured
    assert error({U: "SET attr1 = :v"}, {"#unused": "x"}, {":v": {"S": "val"}}) == (
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"
    )
    assert error({U: "SET attr1 = :v"}, None, {":v": {"S": "val"}, ":unused": {"S": "e"}}) == (
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"
    )
    # names before values, all unused keys listed
    assert error({C: "a = :v"}, {"#a": "a", "#b": "b"}, {":v": {"S": "x"}, ":w": {"S": "y"}}) == (
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}"
    )
    # used by any expression of the request counts
    prepared = ex.prepare(
        {K: "#pk = :p", F: "#f > :n", P: "#f, #pk"},
        {"#pk": "pk", "#f": "f"},
        {":p": {"S": "x"}, ":n": {"N": "1"}},
    )
    assert prepared.projection == [("f",), ("pk",)]


def test_attribute_maps():
    assert error({C: "attribute_exists(a)"}, None, {}) == "ExpressionAttributeValues must not be empty"
    assert error({C: "attribute_exists(a)"}, {}, None) == "ExpressionAttributeNames must not be empty"
    assert error({C: "attribute_exists(a)"}, {"a": "b"}) == 'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"'
    assert error({C: "a = :v"}, None, {"v": {"S": "x"}}) == 'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"'


def test_expression_and_legacy_parameters():
    def check(request, expression, legacy):
        with pytest.raises(DynamoDBError) as raised:
            ex.check_expression_params(request, expression, legacy)
        return raised.value.message

    # captured
    assert check(
        {"Expected": {"pk": {"Exists": False}}, "ConditionExpression": "attribute_not_exists(pk)"},
        ["ConditionExpression"], ["Expected"],
    ) == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"
    )
    assert check(
        {"UpdateExpression": "SET a = :v", "AttributeUpdates": {"a": {"Action": "PUT", "Value": {"S": "v"}}}},
        ["UpdateExpression", "ConditionExpression"], ["AttributeUpdates", "Expected"],
    ).endswith("Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}")
    assert check({"ExpressionAttributeValues": {":v": {"S": "x"}}}, ["ConditionExpression"], ["Expected"]) == (
        "ExpressionAttributeValues can only be specified when using expressions"
    )
    assert check(
        {"Expected": {"a": {"Exists": False}}, "ExpressionAttributeNames": {"#a": "a"}}, ["ConditionExpression"], ["Expected"]
    ) == "ExpressionAttributeNames can only be specified when using expressions"
    assert check(
        {"ProjectionExpression": "a", "ExpressionAttributeValues": {":v": {"S": "x"}}},
        ["ProjectionExpression"], ["AttributesToGet"],
    ) == "ExpressionAttributeValues can only be specified when using expressions"
    # a Query may pair KeyConditions with a FilterExpression
    ex.check_expression_params(
        {"KeyConditions": {}, "FilterExpression": "a = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
        ["ProjectionExpression", "FilterExpression", "KeyConditionExpression"],
        ["AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"],
    )


# -- value-dependent checks in conditions ------------------------------------------------------


@pytest.mark.parametrize(
    "text, values, message",
    [
        ("begins_with(a)", {}, "Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1"),
        ("attribute_exists(a, b)", {}, "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"),
        ("size(a, b) > :n", {":n": {"N": "1"}}, "Incorrect number of operands for operator or function; operator or function: size, number of operands: 2"),
        ("begins_with(a, :v)", {":v": {"N": "1"}}, "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        ("begins_with(a, :v)", {":v": {"BOOL": True}}, "Incorrect operand type for operator or function; operator or function: begins_with, operand type: BOOL"),
        ("attribute_exists(:v)", {":v": {"S": "a"}}, "Operator or function requires a document path; operator or function: attribute_exists"),
        ("attribute_type(a, :t)", {":t": {"N": "1"}}, "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"),
        ("attribute_type(a, :t)", {":t": {"S": "XX"}}, "Invalid attribute type name found; type: XX, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"),
        ("size(:v) > :n", {":v": {"N": "1"}, ":n": {"N": "1"}}, "Incorrect operand type for operator or function; operator or function: size, operand type: N"),
        ("a < :v", {":v": {"BOOL": True}}, "Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"),
        (":v >= a", {":v": {"SS": ["x"]}}, "Incorrect operand type for operator or function; operator or function: >=, operand type: SS"),
        ("a BETWEEN :x AND :y", {":x": {"BOOL": False}, ":y": {"BOOL": True}}, "Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: BOOL"),
        ("a BETWEEN :x AND :y", {":x": {"N": "5"}, ":y": {"S": "a"}}, "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {S:a}"),
        ("a BETWEEN :x AND :y", {":x": {"N": "5"}, ":y": {"N": "1"}}, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"),
        ("a = a", {}, "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"),
        ("a.b[1] < a.b[1]", {}, "The first operand must be distinct from the remaining operands for this operator or function; operator: <, first operand: [a, b, [1]]"),
    ],
)
def test_condition_operand_errors(text, values, message):
    assert error({C: text}, None, values or None) == f"Invalid ConditionExpression: {message}"


def test_contains_distinct_operands_capture():
    # captured
    assert error({C: "contains(#a, #a)"}, {"#a": "data"}) == (
        "Invalid ConditionExpression: The first operand must be distinct from the remaining operands "
        "for this operator or function; operator: contains, first operand: [data]"
    )


def test_equal_and_in_take_any_operand_type():
    values = {":v": {"BOOL": True}, ":m": {"M": {}}}
    ex.prepare({C: "a = :v AND b <> :m AND c IN (:v, :m) AND contains(d, :m)"}, None, values)


def test_leaf_problems_are_reported_in_written_order():
    # captured (Query KeyConditionExpression ordering)
    undefined = "An expression attribute value used in expression is not defined; attribute value: :missing"
    operand = "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
    n = {":n": {"N": "1"}}
    assert error({K: "pk = :missing AND begins_with(sk, :n)"}, None, n).endswith(undefined)
    assert error({K: "begins_with(sk, :n) AND pk = :missing"}, None, n).endswith(operand)
    assert error({K: "pk = :p AND begins_with(sk, :n) AND sk = :missing"}, None, {**n, ":p": {"S": "q"}}).endswith(operand)
    # within one leaf, an undefined placeholder comes first
    assert error({C: "begins_with(:n, :missing)"}, None, n).endswith(":missing")


def test_update_operand_errors():
    def update_error(text, values):
        return error({U: text}, None, values)

    assert update_error("ADD a :v", {":v": {"S": "x"}}) == (
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"
    )
    assert update_error("DELETE a :v", {":v": {"N": "1"}}).endswith("operator: DELETE, operand type: NUMBER")
    assert update_error("ADD a :v", {":v": {"M": {}}}).endswith("operator: ADD, operand type: MAP")
    assert update_error("SET a = b + :v", {":v": {"S": "x"}}).endswith(
        "Incorrect operand type for operator or function; operator or function: +, operand type: S"
    )
    assert update_error("SET a = list_append(a, :v)", {":v": {"N": "1"}}).endswith(
        "operator or function: list_append, operand type: N"
    )
    assert update_error("SET a = list_append(a, :v, :v)", {":v": {"L": []}}).endswith(
        "Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 3"
    )
    assert update_error("SET a = if_not_exists(:v, :v)", {":v": {"L": []}}).endswith(
        "Operator or function requires a document path; operator or function: if_not_exists"
    )
    # overlap is reported before operand types
    assert "overlap" in update_error("ADD a :v, a :v", {":v": {"S": "x"}})
    ex.prepare({U: "ADD a :n, s :ss DELETE t :ns"}, None, {":n": {"N": "1"}, ":ss": {"SS": ["a"]}, ":ns": {"NS": ["1"]}})


def test_path_overlap_and_conflict():
    v = {":v": {"S": "x"}}
    # captured (aiodynamo report)
    assert error({U: "SET #f = :v, #f = :v"}, {"#f": "f"}, v) == (
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; "
        "path one: [f], path two: [f]"
    )
    assert error({U: "SET a = :v REMOVE a.b"}, None, v).endswith("path one: [a], path two: [a, b]")
    assert error({U: "SET a[0] = :v, a.b = :v"}, None, v) == (
        "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; "
        "path one: [a, [0]], path two: [a, b]"
    )
    # the brief's projection example
    assert error({P: "a.b, a"}) == (
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; "
        "path one: [a, b], path two: [a]"
    )
    # names are compared after substitution
    assert "overlap" in error({P: "#x, a"}, {"#x": "a"})
    # an overlap anywhere is reported before a conflict
    assert "overlap" in error({P: "a[0], a.b, c, c"})
    ex.prepare({P: "a.b, a.c, a.d[1], e[0], e[1]"})


# -- key conditions ---------------------------------------------------------------------------


def key_error(text, values, hash_key="pk", range_key="sk", types=None):
    values = {k: v for k, v in values.items() if k in text}
    prepared = ex.prepare({K: text}, None, values or None)
    with pytest.raises(DynamoDBError) as raised:
        prepared.key_condition.resolve(hash_key, range_key, types)
    return raised.value.message


def test_key_condition_shapes():
    p = {":p": {"S": "q"}}
    v = {**p, ":a": {"N": "1"}, ":b": {"N": "5"}}
    # captured
    assert key_error("pk = :p AND sk > :a AND sk < :b", v) == (
        "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key"
    )
    assert key_error("pk = :p AND sk > :a AND extra = :b", v) == (
        "The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)"
    )
    assert key_error("pk = :p OR sk = :a", v) == "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR"
    assert key_error("pk = :p AND NOT sk = :a", v).endswith("Invalid operator used in KeyConditionExpression: NOT")
    assert key_error("pk IN (:p)", v).endswith("Invalid operator used in KeyConditionExpression: IN")
    assert key_error("pk <> :p", v).endswith("Invalid operator used in KeyConditionExpression: <>")
    assert key_error("pk = :p AND contains(sk, :a)", v).endswith("Invalid operator used in KeyConditionExpression: contains")
    assert key_error("pk = :p AND size(sk) > :a", v).endswith("KeyConditionExpressions cannot contain nested operations")
    assert key_error("pk = :p AND sk.x = :a", v).endswith("KeyConditionExpressions cannot have conditions on nested attributes")
    assert key_error("pk = sk", v).endswith("Multiple attribute names used in one condition")
    assert key_error(":p = :a", v).endswith("Invalid condition in KeyConditionExpression: No key attribute specified")
    assert key_error("pk = :p AND :a BETWEEN sk AND :b", v).endswith(
        "BETWEEN operator must have the key attribute as its first operand"
    )
    assert key_error("pk = :p AND begins_with(:a, sk)", {":p": p[":p"], ":a": {"S": "x"}}).endswith(
        "begins_with operator must have the key attribute as its first operand"
    )


def test_key_condition_schema():
    values = {":p": {"S": "q"}, ":a": {"N": "1"}, ":s": {"S": "a"}}
    assert key_error("sk = :a", values) == "Query condition missed key schema element: pk"
    assert key_error("pk = :p AND xattr = :a", values) == "Query condition missed key schema element: sk"
    assert key_error("pk > :p", values) == "Query key condition not supported"
    assert key_error("pk = :p AND sk = :a", values, range_key=None) == (
        "The number of query conditions (2) exceeds the number of key attributes defined in the schema (1)"
    )
    # captured
    schema = "One or more parameter values were invalid: Condition parameter type does not match schema type"
    assert key_error("pk = :p AND begins_with(sk, :s)", values, types={"pk": "S", "sk": "N"}) == schema
    assert key_error("pk = :p AND sk = :b", {":p": values[":p"], ":b": {"BOOL": True}}, types={"pk": "S", "sk": "N"}) == schema
    assert error({K: "pk = :p AND sk < :v"}, None, {":p": {"S": "q"}, ":v": {"BOOL": True}}) == (
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"
    )
    assert error({K: "pk = :p AND :v >= sk"}, None, {":p": {"S": "q"}, ":v": {"BOOL": True}}).endswith(
        "operator or function: >=, operand type: BOOL"
    )


def test_key_condition_results():
    values = {":p": {"S": "q"}, ":a": {"N": "1"}, ":b": {"N": "5"}, ":s": {"S": "pre"}}
    def resolve(text):
        used = {k: v for k, v in values.items() if k in text}
        return ex.prepare({K: text}, None, used).key_condition.resolve("pk", "sk")

    key = resolve("pk = :p")
    assert (key.partition, key.sort_op) == ({"S": "q"}, None)
    key = resolve("(pk = :p) AND (sk BETWEEN :a AND :b)")
    assert (key.sort_name, key.sort_op, key.sort_values) == ("sk", "BETWEEN", ({"N": "1"}, {"N": "5"}))
    assert key.sort_matches({"N": "3"}) and not key.sort_matches({"N": "6"})
    key = resolve(":a < sk AND pk = :p")
    assert (key.sort_op, key.sort_values) == (">", ({"N": "1"},))
    key = resolve("pk = :p AND begins_with(sk, :s)")
    assert key.sort_op == "BEGINS_WITH" and key.sort_matches({"S": "prefix"}) and not key.sort_matches({"S": "x"})
    # the same text against an index keyed differently
    key = ex.prepare({K: "gpk = :p"}, None, {":p": {"S": "q"}}).key_condition.resolve("gpk")
    assert key.partition_name == "gpk"
