"""The PartiQL parser: tokens to statement objects, refusing as DynamoDB's parser does.

Where a term should start, what stands there decides the error, as in the
reference parser's parseTerm: nothing (or a closing bracket) is "Unexpected
term", a keyword "Unexpected keyword", an operator "Unexpected operator"
(`term_error`). An infix operator with only the end of the statement after it
is "Missing right-hand side expression of infix operator" (`right_side`).
"""

from __future__ import annotations

from typing import Any

from fakedynamo.errors import DynamoDBError, validation
from fakedynamo.nesting import MAX_NESTING, make_room
from fakedynamo.partiql import errors as e
from fakedynamo.partiql.nodes import (
    TYPE_NAMES,
    Arith,
    Between,
    Call,
    Compare,
    Delete,
    Exists,
    In,
    Insert,
    IsNull,
    IsType,
    ListValue,
    Literal,
    Logic,
    MapValue,
    Missing,
    Not,
    Param,
    Path,
    PathRef,
    Select,
    SetValue,
    Star,
    Target,
    Update,
)
from fakedynamo.partiql.numbers import number_literal
from fakedynamo.partiql.tokens import (
    FUNCTION_KEYWORDS,
    KEYWORDS,
    LITERAL_WORDS,
    OPERATOR_SYMBOLS,
    OPERATOR_WORDS,
    Token,
    tokenize,
)

_CLAUSE_WORDS = frozenset({"WHERE", "ORDER", "SET", "REMOVE", "RETURNING", "VALUE", "LIMIT"})
_COMPARATORS = frozenset({"=", "<>", "!=", "<", "<=", ">", ">="})
# Functions a WHERE clause may call, and those only a SET value may.
CONDITION_FUNCTIONS = frozenset(
    {"begins_with", "contains", "attribute_type", "size", "attribute_exists", "attribute_not_exists"}
)
UPDATE_FUNCTIONS = frozenset({"list_append", "set_add", "set_delete", "if_not_exists"})
# The reference parser's type names (and their aliases) that `x IS <type>` accepts; the ones
# DynamoDB has a type for are in TYPE_NAMES.
PARTIQL_TYPES = frozenset(
    """
    BOOLEAN SMALLINT INTEGER4 INTEGER8 INTEGER FLOAT REAL DOUBLE_PRECISION DECIMAL NUMERIC TIMESTAMP DATE TIME
    CHARACTER CHARACTER_VARYING STRING SYMBOL CLOB BLOB STRUCT TUPLE LIST SEXP BAG ANY
    VARCHAR CHAR DEC INT INT2 INTEGER2 INT4 INT8 BIGINT BOOL
    """.split()
)
_TWO_WORD_TYPES = {("DOUBLE", "PRECISION"): "DOUBLE_PRECISION", ("CHARACTER", "VARYING"): "CHARACTER_VARYING"}
# The reference AST's names for the expressions a bare statement can be; DynamoDB refuses one as
# "Unsupported operation: <name>" (captured for IsType; the other names are inferred from PartiqlAst).
_OPERATION_NAMES = {
    "=": "Eq", "<>": "Ne", "<": "Lt", "<=": "Lte", ">": "Gt", ">=": "Gte", "+": "Plus", "-": "Minus",
    "AND": "And", "OR": "Or",
}


def parse(text: str) -> Any:
    """The statement `text` states, or DynamoDB's ValidationException for one it cannot read."""
    make_room(text)
    return _Parser(tokenize(text), text).statement()


def unrecognized_function(call: Call) -> DynamoDBError:
    return validation(f"Unrecognized function: {call.name} at {call.at}")


def term_error(token: Token) -> DynamoDBError:
    """The parser's error for `token` standing where a term should start."""
    if token.kind == "name":
        word = token.upper
        if word in OPERATOR_WORDS:
            return e.syntax(e.UNEXPECTED_OPERATOR)
        if word in KEYWORDS:
            return e.syntax(e.UNEXPECTED_KEYWORD)
    elif token.kind == "op" and token.text in OPERATOR_SYMBOLS:
        return e.syntax(e.UNEXPECTED_OPERATOR)
    return e.syntax(e.UNEXPECTED_TERM)


def operation_name(node: Any) -> str:
    if isinstance(node, (IsType, IsNull, Missing)):
        return "IsType"
    if isinstance(node, (Compare, Logic, Arith)):
        return _OPERATION_NAMES.get(node.op, "Call")
    return {Not: "Not", Between: "Between", In: "InCollection", Call: "Call", PathRef: "Id"}.get(type(node), "Lit")


class _Parser:
    def __init__(self, tokens: list[Token], text: str = "") -> None:
        self.tokens = tokens
        self.text = text
        self.at = 0
        self.params = 0
        self.functions = CONDITION_FUNCTIONS  # what a call may name where the parser is
        self.depth = 0  # parentheses, calls, NOTs and literals open around the current token

    def where(self, token: Token) -> str:
        """DynamoDB's "line:column:length" for a token."""
        line = self.text.count("\n", 0, token.position) + 1
        column = token.position - (self.text.rfind("\n", 0, token.position) + 1) + 1
        return f"{line}:{column}:{len(token.text)}"

    # -- helpers
    @property
    def token(self) -> Token:
        return self.tokens[self.at]

    def peek(self) -> Token:
        """The token after this one (the end token after the end)."""
        tokens = self.tokens
        return tokens[self.at + 1] if self.at + 1 < len(tokens) else tokens[-1]

    def advance(self) -> Token:
        token = self.tokens[self.at]
        if token.kind != "end":
            self.at += 1
        return token

    def word(self, *words: str) -> bool:
        return self.token.kind == "name" and self.token.upper in words

    def take_word(self, *words: str) -> bool:
        if self.word(*words):
            self.advance()
            return True
        return False

    def expect_word(self, word: str) -> None:
        if not self.take_word(word):
            raise e.expected_keyword(word)

    def op(self, *ops: str) -> bool:
        return self.token.kind == "op" and self.token.text in ops

    def take_op(self, *ops: str) -> bool:
        if self.op(*ops):
            self.advance()
            return True
        return False

    def expect_op(self, op: str) -> None:
        if not self.take_op(op):
            raise e.expected_token(op)

    def fail(self, detail: str) -> None:
        raise e.syntax(detail)

    def nested(self, rule: Any) -> Any:
        """`rule()` one level deeper; refused past MAX_NESTING (see fakedynamo.nesting)."""
        if self.depth >= MAX_NESTING:
            self.fail("Expression nested too deeply")  # inferred wording, no capture
        self.depth += 1
        try:
            return rule()
        finally:
            self.depth -= 1

    def right_side(self) -> None:
        """After an infix operator: the statement may not end there."""
        if self.token.kind == "end":
            raise e.syntax(e.NO_RIGHT_SIDE)

    def finish(self) -> None:
        if self.op(";"):  # one trailing semicolon ends a statement, as in the reference parser
            self.advance()
            if self.token.kind != "end":
                raise e.syntax("Unexpected token after semicolon. (Only one query is allowed.)")  # reference
        if self.token.kind != "end":
            raise e.syntax(e.LEFTOVER)

    # -- statements
    def statement(self) -> Any:
        if self.take_word("SELECT"):
            result: Any = self.select()
        elif self.word("INSERT") and self.peek().upper == "INTO":
            self.advance()
            self.advance()
            result = self.insert()
        elif self.take_word("UPDATE"):
            result = self.update()
        elif self.take_word("DELETE"):
            result = self.delete()
        elif self.take_word("FROM"):
            result = self.from_first_update()
        elif self.word("EXISTS") and self.peek().text == "(":
            result = self.exists()
        else:
            node = self.condition()  # a bare expression parses, then is refused
            self.finish()
            raise validation(f"Unsupported operation: {operation_name(node)}")
        self.finish()
        result.params = self.params
        return result

    def exists(self) -> Exists:
        self.advance()
        self.advance()
        self.expect_word("SELECT")
        select = self.select()
        self.expect_op(")")
        return Exists(select)

    def target(self, simple: bool, allow_index: bool = True, alias_is_leftover: bool = False) -> Target:
        """A table (or "table"."index"): a simple path in a write, an expression after a FROM."""
        token = self.token
        if token.kind == "quoted" or (token.kind == "name" and token.upper not in KEYWORDS):
            self.advance()
        elif simple:
            raise e.syntax(e.SIMPLE_PATH)
        else:
            raise term_error(token)
        index = None
        if allow_index and self.take_op("."):
            index = self.identifier()
        if self.word("AS") or (self.token.kind in ("name", "quoted") and self.token.upper not in _CLAUSE_WORDS):
            if alias_is_leftover:
                raise e.syntax(e.LEFTOVER)
            raise validation(e.ALIASING)
        return Target(token.text, index)

    def identifier(self) -> str:
        token = self.token
        if token.kind == "quoted" or (token.kind == "name" and token.upper not in KEYWORDS):
            self.advance()
            return token.text
        raise e.syntax(e.PATH_DOT)

    def select(self) -> Select:
        projection: list[Path] | None
        column_call = ""
        if self.take_op("*"):
            projection = None
        else:
            projection = []
            while True:
                token = self.token
                if token.kind == "name" and self.peek().text == "(":
                    self.call(any_name=True)  # parsed, refused when the statement runs
                    column_call = column_call or self.where(token)
                else:
                    projection.append(self.path())
                if not self.take_op(","):
                    break
        if not self.take_word("FROM"):
            raise e.syntax("Expected FROM after SELECT list")  # reference: PARSE_SELECT_MISSING_FROM
        target = self.target(simple=False)
        where = self.condition() if self.take_word("WHERE") else None
        order: list[tuple[Path, bool]] = []
        if self.take_word("ORDER"):
            self.expect_word("BY")
            while True:
                path = self.path()
                descending = False
                if self.take_word("DESC"):
                    descending = True
                else:
                    self.take_word("ASC")
                order.append((path, descending))
                if not self.take_op(","):
                    break
        return Select(target, projection, where, order, column_call=column_call)

    def insert(self) -> Insert:
        target = self.target(simple=True, allow_index=False, alias_is_leftover=True)
        self.expect_word("VALUE")
        if not self.op("{") and self.token.kind != "param":
            if self.token.kind == "end":
                raise term_error(self.token)
            self.fail("Expected a tuple value")
        item = self.value(item=True)
        return Insert(target, item)

    def update(self) -> Update:
        target = self.target(simple=True, allow_index=False)
        statement = Update(target, [], [])
        self.update_clauses(statement)
        if self.take_word("WHERE"):
            statement.where = self.condition()
        self.returning(statement)
        return statement

    def from_first_update(self) -> Update:
        """``FROM "table" [WHERE cond] (SET ... | REMOVE ...)...``: the WHERE is optional to the parser."""
        target = self.target(simple=False, allow_index=False)
        statement = Update(target, [], [])
        if self.take_word("WHERE"):
            statement.where = self.condition()
        self.update_clauses(statement)
        self.returning(statement)
        return statement

    def update_clauses(self, statement: Update) -> None:
        while True:
            if self.take_word("SET"):
                while True:
                    path = self.path()
                    self.expect_op("=")
                    self.right_side()
                    self.functions = UPDATE_FUNCTIONS | CONDITION_FUNCTIONS
                    try:
                        value = self.operand_expression()
                    finally:
                        self.functions = CONDITION_FUNCTIONS
                    statement.sets.append((path, value))
                    statement.actions.append(("SET", path, value))
                    if not self.take_op(","):
                        break
            elif self.take_word("REMOVE"):
                while True:
                    path = self.path()
                    statement.removes.append(path)
                    statement.actions.append(("REMOVE", path, None))
                    if not self.take_op(","):
                        break
            else:
                if not statement.actions:
                    raise e.syntax("Expected data manipulation")  # reference: PARSE_MISSING_OPERATION
                return

    def returning(self, statement: Update | Delete) -> None:
        if not self.take_word("RETURNING"):
            return
        which = self.advance()
        age = self.advance()
        if which.upper not in ("ALL", "MODIFIED") or age.upper not in ("OLD", "NEW"):
            self.fail("Invalid returning clause")
        self.expect_op("*")
        statement.returning = f"{which.upper} {age.upper}"

    def delete(self) -> Delete:
        if not self.take_word("FROM"):
            raise e.syntax("Expected FROM after DELETE")  # reference: PARSE_UNEXPECTED_TOKEN
        target = self.target(simple=True, allow_index=False)
        statement = Delete(target)
        if self.take_word("WHERE"):
            statement.where = self.condition()
        self.returning(statement)
        return statement

    # -- paths
    def path(self, checked: bool = False) -> Path:
        """A document path; `checked` when the caller has seen its first token is a name or quoted."""
        token = self.token
        if not checked and token.kind != "quoted" and (token.kind != "name" or token.upper in KEYWORDS):
            raise term_error(token)
        self.at += 1
        parts: list[Any] = [token.text]
        while True:
            if self.take_op("."):
                parts.append(self.identifier())
            elif self.op("["):
                self.advance()
                token = self.advance()
                if token.kind == "number" and token.text.isdigit():
                    parts.append(int(token.text))
                elif token.kind == "string":
                    parts.append(token.text)
                else:
                    raise e.syntax(e.PATH_COMPONENT)
                self.expect_op("]")
            else:
                return tuple(parts)

    # -- conditions
    def condition(self) -> Any:
        left = self.conjunction()
        while self.take_word("OR"):
            self.right_side()
            left = Logic("OR", left, self.conjunction())
        return left

    def conjunction(self) -> Any:
        left = self.negation()
        while self.take_word("AND"):
            self.right_side()
            left = Logic("AND", left, self.negation())
        return left

    def negation(self) -> Any:
        if self.take_word("NOT"):
            return Not(self.nested(self.negation))
        return self.predicate()

    def predicate(self) -> Any:
        if self.op("("):
            # A parenthesised condition (the operand form is handled by operand()).
            mark, params = self.at, self.params
            self.advance()
            first: DynamoDBError | None = None
            try:
                inner = self.nested(self.condition)
                if self.take_op(")") and not self.op(*_COMPARATORS, "+", "-") and not self.word("BETWEEN", "IN", "IS", "NOT"):
                    return inner
            except DynamoDBError as error:
                first = error
            self.at, self.params = mark, params
            if first is not None:
                try:
                    return self.comparison()
                except DynamoDBError:
                    raise first from None
        return self.comparison()

    def comparison(self) -> Any:
        left = self.operand_expression()
        if self.op(*_COMPARATORS):
            op = self.advance().text
            self.right_side()
            return Compare("<>" if op == "!=" else op, left, self.operand_expression())
        negated = self.take_word("NOT")
        if self.take_word("BETWEEN"):
            self.right_side()
            low = self.operand_expression()
            self.expect_word("AND")
            if self.token.kind == "end":
                raise e.syntax(e.AFTER_AND)
            node: Any = Between(left, low, self.operand_expression())
            return Not(node) if negated else node
        if self.take_word("IN"):
            self.right_side()
            closer = "]" if self.op("[") else ")"
            if not self.take_op("[", "("):
                self.fail("Expected a list")
            values = [self.operand_expression()]
            while self.take_op(","):
                values.append(self.operand_expression())
            self.expect_op(closer)
            node = In(left, values)
            return Not(node) if negated else node
        if negated:
            self.fail("Unexpected NOT")
        if self.take_word("IS"):
            negated = self.take_word("NOT")
            if self.take_word("MISSING"):
                if not isinstance(left, PathRef):
                    self.fail("IS MISSING takes a path")
                return Missing(left.path, negated)
            if self.take_word("NULL"):
                return IsNull(left, negated)
            return IsType(left, self.type_name(), negated)
        if isinstance(left, Call):
            return left
        if isinstance(left, Literal) and left.value.get("BOOL") is True:
            return left
        self.fail("Expected a comparison")

    def type_name(self) -> str | None:
        """The type after IS: DynamoDB's name for it, None for a PartiQL type DynamoDB lacks."""
        word = self.token.upper
        joined = _TWO_WORD_TYPES.get((word, self.peek().upper))
        if joined is not None:
            self.advance()
            word = joined
        if word not in TYPE_NAMES and word not in PARTIQL_TYPES:
            raise e.syntax(e.TYPE_NAME)
        self.advance()
        if self.take_op("("):  # a type's parameters, e.g. VARCHAR(10)
            while not self.take_op(")"):
                if self.token.kind == "end":
                    raise e.expected_token(")")
                self.advance()
        return TYPE_NAMES.get(word)

    def operand_expression(self) -> Any:
        left = self.operand()
        while self.op("+", "-"):
            op = self.advance().text
            self.right_side()
            left = Arith(op, left, self.operand())
        return left

    def operand(self) -> Any:
        token = self.tokens[self.at]
        kind = token.kind
        if kind == "name":
            following = self.tokens[self.at + 1]  # a name is never the last token
            if following.text == "(" and following.kind == "op":
                return self.call()
            word = token.text.upper()
            if word not in LITERAL_WORDS:
                if word in KEYWORDS:
                    raise term_error(token)
                return PathRef(self.path(checked=True), self.where(token))
        elif kind == "quoted":
            return PathRef(self.path(checked=True), self.where(token))
        elif self.take_op("("):
            inner = self.nested(self.operand_expression)
            self.expect_op(")")
            return inner
        return self.value()

    def call(self, any_name: bool = False) -> Call:
        token = self.token
        call = Call(token.text.lower(), [], self.where(token))
        if not any_name and call.name not in self.functions:
            raise unrecognized_function(call)
        self.advance()
        self.advance()
        call.args = self.nested(self.arguments)
        return call

    def arguments(self) -> list[Any]:
        if self.take_op("*"):
            args: list[Any] = [Star()]
        else:
            args = [] if self.op(")") else [self.operand_expression()]
        while self.take_op(","):
            args.append(self.operand_expression())
        self.expect_op(")")
        return args

    # -- values
    def value(self, path: str = "root", item: bool = False) -> Any:
        """A value; `path` is where a bad number in it is reported. The
        attributes of an INSERT's item are each their own root."""
        token = self.token
        kind = token.kind
        if kind == "param":
            self.advance()
            self.params += 1
            return Param(self.params - 1)
        if kind == "string":
            self.advance()
            return Literal({"S": token.text})
        if kind == "number":
            self.advance()
            return Literal({"N": number_literal(token.text, path)})
        if kind == "name":
            word = token.upper
            if word in ("TRUE", "FALSE"):
                self.advance()
                return Literal({"BOOL": word == "TRUE"})
            if word == "NULL":
                self.advance()
                return Literal({"NULL": True})
            if self.peek().text == "(":
                # A call is no value: DynamoDB names it as a data type it cannot store.
                raise validation(f"Unsupported data type: {token.text.lower()} under key root at {self.where(token)}")
        elif kind == "op":
            if self.op("-", "+"):
                sign = self.advance().text
                number = self.token
                if number.kind != "number":
                    raise term_error(number)
                self.advance()
                text = number.text if sign == "+" else "-" + number.text
                return Literal({"N": number_literal(text, path)})
            if self.take_op("{"):
                return self.map_value(path, item)
            if self.take_op("["):
                items: list[Any] = []
                if not self.op("]"):
                    while True:
                        items.append(self.nested(lambda: self.value(f"{path}[{len(items)}]")))
                        if not self.take_op(","):
                            break
                self.expect_op("]")
                return ListValue(items)
            if self.take_op("<<"):
                items = []
                if not self.op(">>"):
                    while True:
                        items.append(self.nested(lambda: self.value(path)))
                        if not self.take_op(","):
                            break
                self.expect_op(">>")
                return SetValue(items)
        raise term_error(token)

    def map_value(self, path: str, item: bool) -> MapValue:
        entries: list[tuple[str, Any]] = []
        if not self.op("}"):
            while True:
                key = self.advance()
                if key.kind != "string":
                    self.fail("Expected a string key")
                self.expect_op(":")
                entries.append((key.text, self.nested(lambda: self.value(path if item else f"{path}.{key.text}"))))
                if not self.take_op(","):
                    break
        self.expect_op("}")
        return MapValue(entries)
