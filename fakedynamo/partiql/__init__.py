"""DynamoDB's dialect of PartiQL: a tokenizer and a parser to small statement objects.

`parse(text)` returns a `Select`, `Insert`, `Update` or `Delete`; the
operations (fakedynamo/operations/partiql.py) run them. What is read:

- ``SELECT * | path, ... FROM "table"[."index"] [WHERE cond] [ORDER BY path [ASC|DESC], ...]``
- ``INSERT INTO "table" VALUE {...}``
- ``UPDATE "table" (SET path = value, ... | REMOVE path, ...)... [WHERE cond] [RETURNING ...]``,
  and the FROM-first form ``FROM "table" WHERE cond (SET ... | REMOVE ...)... [RETURNING ...]``
- ``DELETE FROM "table" [WHERE cond] [RETURNING ALL OLD *]``

Conditions: ``= <> != < <= > >=``, ``BETWEEN x AND y``, ``IN [..]`` / ``IN (..)``,
``IS [NOT] MISSING``, ``IS [NOT] NULL``, ``AND OR NOT``, parentheses and the
functions begins_with, contains, attribute_type, size, attribute_exists,
attribute_not_exists. Values: 'strings', numbers (``7.31e6``, ``.73e1``),
TRUE / FALSE, NULL, ``{'k': v}`` maps, ``[v, ...]`` lists, ``<<v, ...>>``
sets and ``?`` parameters. Comments: ``-- line`` and ``/* block */``.

Errors are DynamoDB's (paritysuite/dynamodb-conformance
tests/tier3/error-messages/partiqlGrammar.test.ts, eu-west-2, 2026-10):
"Statement wasn't well formed, can't be processed: " and a detail ("Unexpected
token after expression" for anything left after a complete statement; nothing
after the colon for a literal or comment the tokenizer cannot read); "Aliasing
is not supported" for a table alias; a number literal outside DynamoDB's range
gets the number message and " under root" with its path inside the value.
Other details after the colon are fakedynamo's own wording (not captured).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fakedynamo.errors import DynamoDBError, validation
from fakedynamo.nesting import MAX_NESTING, make_room
from fakedynamo.values import CURRENT, normalize_number

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "
LEFTOVER = NOT_WELL_FORMED + "Unexpected token after expression"
ALIASING = "Aliasing is not supported"

_INT32 = 1 << 31
_RANGE_MESSAGES = ("Number overflow", "Number underflow", "Attempting to store more than 38")

# -- tokens -------------------------------------------------------------------------------------


@dataclass
class Token:
    kind: str  # name, quoted, string, number, param, op, end
    text: str
    position: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "name" else ""


_OPERATORS = ("<<", ">>", "<>", "!=", "<=", ">=", "=", "<", ">", "(", ")", "[", "]", "{", "}", ",", ".", ":", "*", "+", "-")
_NUMBER = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, length = 0, len(text)
    while i < length:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if text.startswith("--", i):
            end = text.find("\n", i)
            i = length if end < 0 else end + 1
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise validation(NOT_WELL_FORMED)
            i = end + 2
            continue
        if c == "'" or c == '"':
            j, parts = i + 1, []
            while True:
                end = text.find(c, j)
                if end < 0:
                    raise validation(NOT_WELL_FORMED)
                parts.append(text[j:end])
                if text.startswith(c, end + 1):  # a doubled quote stands for one
                    parts.append(c)
                    j = end + 2
                    continue
                break
            tokens.append(Token("string" if c == "'" else "quoted", "".join(parts), i))
            i = end + 1
            continue
        if c.isdigit() or (c == "." and i + 1 < length and text[i + 1].isdigit()):
            match = _NUMBER.match(text, i)
            assert match is not None
            tokens.append(Token("number", match.group(), i))
            i = match.end()
            continue
        if c == "?":
            tokens.append(Token("param", "?", i))
            i += 1
            continue
        match = _NAME.match(text, i)
        if match is not None:
            tokens.append(Token("name", match.group(), i))
            i = match.end()
            continue
        for op in _OPERATORS:
            if text.startswith(op, i):
                tokens.append(Token("op", op, i))
                i += len(op)
                break
        else:
            raise validation(NOT_WELL_FORMED)  # '#', ';', '@' and the like
    tokens.append(Token("end", "", length))
    return tokens


# -- the statement objects ----------------------------------------------------------------------

# A document path: a tuple of str (attribute names) and int (list indexes).
Path = tuple


@dataclass
class Param:
    index: int


@dataclass
class Literal:
    value: dict[str, Any]  # an AttributeValue


@dataclass
class PathRef:
    path: Path
    at: str = ""  # "line:column:length" of its first token, as DynamoDB points at it


@dataclass
class Call:
    name: str  # lower case
    args: list[Any]
    at: str = ""  # "line:column:length" of the function name


@dataclass
class Compare:
    op: str
    left: Any
    right: Any


@dataclass
class Between:
    operand: Any
    low: Any
    high: Any


@dataclass
class In:
    operand: Any
    values: list[Any]


@dataclass
class Missing:
    path: Path
    negated: bool


@dataclass
class IsNull:
    operand: Any
    negated: bool


@dataclass
class IsType:
    operand: Any
    type: str  # DynamoDB's type name: S, N, B, BOOL, NULL, L, M, SS, NS, BS
    negated: bool


# PartiQL's type names in ``x IS <type>``, as DynamoDB's data types.
TYPE_NAMES = {
    "STRING": "S", "NUMBER": "N", "BINARY": "B", "BLOB": "B", "BOOL": "BOOL", "BOOLEAN": "BOOL",
    "LIST": "L", "MAP": "M", "STRUCT": "M", "TUPLE": "M",
}


@dataclass
class Logic:
    op: str  # AND, OR
    left: Any
    right: Any


@dataclass
class Not:
    operand: Any


@dataclass
class Arith:
    op: str  # + or -
    left: Any
    right: Any


@dataclass
class Target:
    table: str
    index: str | None = None


@dataclass
class Select:
    target: Target
    projection: list[Path] | None  # None for *
    where: Any = None
    order: list[tuple[Path, bool]] = field(default_factory=list)  # (path, descending)
    params: int = 0


@dataclass
class Insert:
    target: Target
    item: Any  # a map value (Literal or a dict of name -> value nodes)
    params: int = 0


@dataclass
class Update:
    target: Target
    sets: list[tuple[Path, Any]]
    removes: list[Path]
    where: Any = None
    returning: str | None = None  # e.g. "ALL NEW", "MODIFIED OLD"
    params: int = 0
    actions: list[tuple[str, Path, Any]] = field(default_factory=list)  # in statement order


@dataclass
class Delete:
    target: Target
    where: Any = None
    returning: str | None = None
    params: int = 0


@dataclass
class MapValue:
    entries: list[tuple[str, Any]]


@dataclass
class ListValue:
    items: list[Any]


@dataclass
class SetValue:
    items: list[Any]


# -- the parser ---------------------------------------------------------------------------------

_CLAUSE_WORDS = frozenset({"WHERE", "ORDER", "SET", "REMOVE", "RETURNING", "VALUE", "LIMIT"})
_COMPARATORS = frozenset({"=", "<>", "!=", "<", "<=", ">", ">="})
# Functions a WHERE clause may call, and those only a SET value may.
CONDITION_FUNCTIONS = frozenset(
    {"begins_with", "contains", "attribute_type", "size", "attribute_exists", "attribute_not_exists"}
)
UPDATE_FUNCTIONS = frozenset({"list_append", "set_add", "set_delete", "if_not_exists"})


def parse(text: str) -> Select | Insert | Update | Delete:
    """The statement `text` states, or DynamoDB's ValidationException for one it cannot read."""
    make_room(text)
    return _Parser(tokenize(text), text).statement()


def unrecognized_function(call: Call) -> DynamoDBError:
    return validation(f"Unrecognized function: {call.name} at {call.at}")


class _Parser:
    def __init__(self, tokens: list[Token], text: str = "") -> None:
        self.tokens = tokens
        self.text = text
        self.at = 0
        self.params = 0
        self.functions = CONDITION_FUNCTIONS  # what a call may name where the parser is
        self.depth = 0  # parentheses, calls and NOTs open around the current token

    def where(self, token: Token) -> str:
        """DynamoDB's "line:column:length" for a token."""
        line = self.text.count("\n", 0, token.position) + 1
        column = token.position - (self.text.rfind("\n", 0, token.position) + 1) + 1
        return f"{line}:{column}:{len(token.text)}"

    # -- helpers
    @property
    def token(self) -> Token:
        return self.tokens[self.at]

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
            self.fail(f"Expected {word}")

    def op(self, *ops: str) -> bool:
        return self.token.kind == "op" and self.token.text in ops

    def take_op(self, *ops: str) -> bool:
        if self.op(*ops):
            self.advance()
            return True
        return False

    def expect_op(self, op: str) -> None:
        if not self.take_op(op):
            self.fail(f"Expected {op}")

    def nested(self, rule: Any) -> Any:
        """`rule()` one level deeper; refused past MAX_NESTING (see fakedynamo.nesting)."""
        if self.depth >= MAX_NESTING:
            self.fail("Expression nested too deeply")  # inferred wording, no capture
        self.depth += 1
        try:
            return rule()
        finally:
            self.depth -= 1

    def fail(self, detail: str) -> None:
        if self.token.kind == "end":
            raise validation(NOT_WELL_FORMED + "Unexpected end of statement")
        raise validation(NOT_WELL_FORMED + detail)

    def finish(self) -> None:
        if self.token.kind != "end":
            raise validation(LEFTOVER)

    # -- statements
    def statement(self) -> Select | Insert | Update | Delete:
        if self.take_word("SELECT"):
            result: Any = self.select()
        elif self.take_word("INSERT"):
            result = self.insert()
        elif self.take_word("UPDATE"):
            result = self.update()
        elif self.take_word("DELETE"):
            result = self.delete()
        elif self.take_word("FROM"):
            result = self.from_first_update()
        else:
            self.fail("Unexpected keyword")
        self.finish()
        result.params = self.params
        return result

    def target(self, allow_index: bool = True, alias_is_leftover: bool = False) -> Target:
        name = self.identifier()
        index = None
        if allow_index and self.take_op("."):
            index = self.identifier()
        if self.word("AS") or (self.token.kind in ("name", "quoted") and self.token.upper not in _CLAUSE_WORDS):
            if alias_is_leftover:
                raise validation(LEFTOVER)
            raise validation(ALIASING)
        return Target(name, index)

    def identifier(self) -> str:
        token = self.token
        if token.kind in ("quoted", "name"):
            self.advance()
            return token.text
        self.fail("Expected identifier")
        raise AssertionError

    def select(self) -> Select:
        projection: list[Path] | None
        if self.take_op("*"):
            projection = None
        else:
            projection = [self.path()]
            while self.take_op(","):
                projection.append(self.path())
        self.expect_word("FROM")
        target = self.target()
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
        return Select(target, projection, where, order)

    def insert(self) -> Insert:
        self.expect_word("INTO")
        target = self.target(allow_index=False, alias_is_leftover=True)
        self.expect_word("VALUE")
        if not self.op("{") and self.token.kind != "param":
            self.fail("Expected a tuple value")
        item = self.value(item=True)
        return Insert(target, item)

    def update(self) -> Update:
        target = self.target(allow_index=False)
        statement = Update(target, [], [])
        self.update_clauses(statement)
        if not statement.actions:
            self.fail("Expected SET or REMOVE")
        if self.take_word("WHERE"):
            statement.where = self.condition()
        self.returning(statement)
        return statement

    def from_first_update(self) -> Update:
        target = self.target(allow_index=False)
        statement = Update(target, [], [])
        self.expect_word("WHERE")
        statement.where = self.condition()
        self.update_clauses(statement)
        if not statement.actions:
            self.fail("Expected SET or REMOVE")
        self.returning(statement)
        return statement

    def update_clauses(self, statement: Update) -> None:
        while True:
            if self.take_word("SET"):
                while True:
                    path = self.path()
                    self.expect_op("=")
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
        self.expect_word("FROM")
        target = self.target(allow_index=False)
        statement = Delete(target)
        if self.take_word("WHERE"):
            statement.where = self.condition()
        self.returning(statement)
        return statement

    # -- paths
    def path(self) -> Path:
        token = self.token
        if token.kind not in ("name", "quoted"):
            self.fail("Expected identifier for simple path")
        self.advance()
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
                    self.fail("Invalid path component")
                self.expect_op("]")
            else:
                return tuple(parts)

    # -- conditions
    def condition(self) -> Any:
        left = self.conjunction()
        while self.take_word("OR"):
            left = Logic("OR", left, self.conjunction())
        return left

    def conjunction(self) -> Any:
        left = self.negation()
        while self.take_word("AND"):
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
            try:
                inner = self.nested(self.condition)
                if self.take_op(")") and not self.op(*_COMPARATORS, "+", "-") and not self.word("BETWEEN", "IN", "IS", "NOT"):
                    return inner
            except DynamoDBError:
                pass
            self.at, self.params = mark, params
        left = self.operand_expression()
        if self.op(*_COMPARATORS):
            op = self.advance().text
            return Compare("<>" if op == "!=" else op, left, self.operand_expression())
        negated = self.take_word("NOT")
        if self.take_word("BETWEEN"):
            low = self.operand_expression()
            self.expect_word("AND")
            node: Any = Between(left, low, self.operand_expression())
            return Not(node) if negated else node
        if self.take_word("IN"):
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
            if self.token.upper in TYPE_NAMES:
                return IsType(left, TYPE_NAMES[self.advance().upper], negated)
            self.fail("Expected MISSING, NULL or a type name")
        if isinstance(left, Call):
            return left
        if isinstance(left, Literal) and left.value.get("BOOL") is True:
            return left
        self.fail("Expected a comparison")

    def operand_expression(self) -> Any:
        left = self.operand()
        while self.op("+", "-"):
            op = self.advance().text
            left = Arith(op, left, self.operand())
        return left

    def operand(self) -> Any:
        token = self.token
        if token.kind == "name" and self.tokens[self.at + 1].kind == "op" and self.tokens[self.at + 1].text == "(":
            call = Call(token.text.lower(), [], self.where(token))
            if call.name not in self.functions:
                raise unrecognized_function(call)
            self.advance()
            self.advance()
            call.args = self.nested(self.arguments)
            return call
        if token.kind in ("name", "quoted") and token.upper not in ("TRUE", "FALSE", "NULL", "MISSING"):
            return PathRef(self.path(), self.where(token))
        if self.take_op("("):
            inner = self.nested(self.operand_expression)
            self.expect_op(")")
            return inner
        return self.value()

    def arguments(self) -> list[Any]:
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
        if token.kind == "param":
            self.advance()
            self.params += 1
            return Param(self.params - 1)
        if token.kind == "string":
            self.advance()
            return Literal({"S": token.text})
        if token.kind == "number":
            self.advance()
            return Literal({"N": number_literal(token.text, path)})
        if self.op("-") and self.tokens[self.at + 1].kind == "number":
            self.advance()
            text = "-" + self.advance().text
            return Literal({"N": number_literal(text, path)})
        if token.kind == "name" and token.upper in ("TRUE", "FALSE"):
            self.advance()
            return Literal({"BOOL": token.upper == "TRUE"})
        if token.kind == "name" and token.upper == "NULL":
            self.advance()
            return Literal({"NULL": True})
        if self.take_op("{"):
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
        self.fail("Unexpected token")
        raise AssertionError


def number_literal(text: str, path: str = "root") -> str:
    """A number literal's normalised text, or DynamoDB's error for one it refuses."""
    mantissa, _, exponent = text.lower().partition("e")
    if exponent:
        value = int(exponent)
        fraction = mantissa.partition(".")[2]
        if not -_INT32 <= value < _INT32 or not -_INT32 <= len(fraction) - value < _INT32:
            raise validation(NOT_WELL_FORMED)
    try:
        return normalize_number(text, CURRENT)
    except DynamoDBError as error:
        if error.message and error.message.startswith(_RANGE_MESSAGES):
            raise validation(f"{error.message} under {path}") from None
        raise
