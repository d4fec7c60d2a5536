"""Tokenizer and recursive-descent parsers for the three expression grammars.

Condition, filter and key-condition expressions share one grammar::

    condition := condition OR condition | condition AND condition | NOT condition
               | ( condition ) | operand comparator operand
               | operand BETWEEN operand AND operand
               | operand IN ( operand, ... ) | function
    operand   := path | :value | function | ( operand )

with NOT binding tighter than AND, and AND tighter than OR. Update and
projection expressions have grammars of their own. Keywords are matched in
any letter case; function names are not.

A syntax error names the token where parsing could not go on (``<EOF>`` at
the end) and the text "near" it: from the start of the token before it to the
end of the token after it, as DynamoDB prints it.
"""

from __future__ import annotations

from typing import Any

from fakedynamo.expressions import messages as m
from fakedynamo.nesting import MAX_NESTING, make_room
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
)

# Token kinds
ID, NAME, VALUE, NUM, SYM, BAD, EOF = "id", "name", "value", "num", "sym", "bad", "eof"

# A name or function name starts with a letter: "_" and digits may only follow
# one (or a "#" or ":"). A lone "_" is a token of its own, so "SET _123 = :v"
# fails on token "_", near "SET _123" (DynamoDB's answer, as quoted by
# ScyllaDB's Alternator tests, test_update_expression.py).
_WORD_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_WORD = _WORD_START | frozenset("0123456789_")
_DIGITS = frozenset("0123456789")
_SPACE = frozenset(" \t\r\n")
_SINGLE = frozenset("=()[].,+-")
COMPARATORS = frozenset(("=", "<>", "<", "<=", ">", ">="))
CONDITION_KEYWORDS = frozenset(("AND", "OR", "NOT", "BETWEEN", "IN"))
UPDATE_KEYWORDS = frozenset(("SET", "REMOVE", "ADD", "DELETE"))


class Token:
    __slots__ = ("kind", "text", "start", "end")

    def __init__(self, kind: str, text: str, start: int, end: int) -> None:
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.text!r})"


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SPACE:
            i += 1
            continue
        start = i
        if c in _WORD_START:
            i += 1
            while i < n and text[i] in _WORD:
                i += 1
            tokens.append(Token(ID, text[start:i], start, i))
        elif c in _DIGITS:
            i += 1
            while i < n and text[i] in _DIGITS:
                i += 1
            tokens.append(Token(NUM, text[start:i], start, i))
        elif c == "#" or c == ":":
            i += 1
            while i < n and text[i] in _WORD:
                i += 1
            if i == start + 1:
                tokens.append(Token(SYM, c, start, i))
            else:
                tokens.append(Token(NAME if c == "#" else VALUE, text[start:i], start, i))
        elif c == "<":
            i += 1
            if i < n and text[i] in "=>":
                i += 1
            tokens.append(Token(SYM, text[start:i], start, i))
        elif c == ">":
            i += 1
            if i < n and text[i] == "=":
                i += 1
            tokens.append(Token(SYM, text[start:i], start, i))
        elif c in _SINGLE:
            i += 1
            tokens.append(Token(SYM, c, start, i))
        else:
            i += 1
            tokens.append(Token(BAD, c, start, i))
    tokens.append(Token(EOF, "<EOF>", n, n))
    return tokens


class ParseError(Exception):
    """A syntax error: the message after the ``Invalid X:`` prefix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Fail(Exception):
    pass


class _Parser:
    def __init__(self, text: str, grammar: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.furthest = -1
        self.grammar = grammar
        # Paren bookkeeping for the "redundant parentheses" rule: nodes that a
        # pair of parentheses wraps exactly, kept alive so their ids stay unique.
        self.wrapped: dict[int, Any] = {}
        self.redundant = False
        self.depth = 0  # parentheses, calls and NOTs open around the current token

    # -- helpers ----------------------------------------------------------------

    def fail(self) -> None:
        if self.pos > self.furthest:
            self.furthest = self.pos
        raise _Fail

    def error(self) -> ParseError:
        index = max(self.furthest, 0)
        tokens = self.tokens
        token = tokens[index]
        window = [token] if token.kind != EOF else []
        if index > 0:
            window.insert(0, tokens[index - 1])
        if index + 1 < len(tokens) and tokens[index + 1].kind != EOF:
            window.append(tokens[index + 1])
        near = self.text[window[0].start : window[-1].end] if window else ""
        return ParseError(m.syntax(token.text, near))

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def at_sym(self, text: str) -> bool:
        token = self.tokens[self.pos]
        return token.kind == SYM and token.text == text

    def at_keyword(self, word: str) -> bool:
        token = self.tokens[self.pos]
        return token.kind == ID and token.text.upper() == word

    def expect_sym(self, text: str) -> None:
        if not self.at_sym(text):
            self.fail()
        self.pos += 1

    def is_keyword(self, token: Token) -> bool:
        if token.kind != ID:
            return False
        keywords = UPDATE_KEYWORDS if self.grammar == "update" else CONDITION_KEYWORDS
        return token.text.upper() in keywords

    def nested(self, rule: Any) -> Any:
        """`rule()` one level deeper; past MAX_NESTING a syntax error at this token (see fakedynamo.nesting)."""
        if self.depth >= MAX_NESTING:
            tokens, pos = self.tokens, self.pos
            if self.grammar == "condition" and pos and tokens[pos].text == tokens[pos - 1].text == "(":
                # "((" wraps one node twice: DynamoDB's answer for 2046 nested parentheses
                # (Alternator's test_limits.py), assuming, unchecked, that the rest parses.
                raise ParseError(m.REDUNDANT_PARENS)
            self.furthest = pos  # inferred: a syntax error where DynamoDB has its own reason to refuse
            raise self.error()
        self.depth += 1
        try:
            return rule()
        finally:
            self.depth -= 1

    def mark_wrapped(self, node: Any) -> None:
        if id(node) in self.wrapped:
            self.redundant = True
        self.wrapped[id(node)] = node

    def finish(self) -> None:
        if self.peek().kind != EOF:
            self.fail()

    # -- paths and operands -----------------------------------------------------

    def path_name(self) -> str:
        token = self.peek()
        if token.kind == NAME:
            self.pos += 1
            return token.text
        if token.kind == ID and not self.is_keyword(token):
            self.pos += 1
            return token.text
        self.fail()
        raise AssertionError  # unreachable

    def path(self) -> Path:
        parts: list[Any] = [self.path_name()]
        while True:
            if self.at_sym("."):
                self.pos += 1
                parts.append(self.path_name())
            elif self.at_sym("["):
                self.pos += 1
                token = self.peek()
                if token.kind != NUM:
                    self.fail()
                self.pos += 1
                self.expect_sym("]")
                parts.append(int(token.text))
            else:
                return Path(tuple(parts))

    def operand(self) -> Any:
        token = self.peek()
        if token.kind == SYM and token.text == "(":
            self.pos += 1
            inner = self.nested(self.operand)
            self.expect_sym(")")
            self.mark_wrapped(inner)
            return inner
        if token.kind == VALUE:
            self.pos += 1
            return Value(token.text)
        if token.kind == ID and not self.is_keyword(token):
            following = self.tokens[self.pos + 1]
            if following.kind == SYM and following.text == "(":
                self.pos += 2
                return Func(token.text, self.nested(self.arguments))
        return self.path()

    def arguments(self) -> tuple[Any, ...]:
        args = [self.operand()]
        while self.at_sym(","):
            self.pos += 1
            args.append(self.operand())
        self.expect_sym(")")
        return tuple(args)

    # -- conditions ---------------------------------------------------------------

    def condition(self) -> Any:
        node = self.or_condition()
        self.finish()
        return node

    def or_condition(self) -> Any:
        node = self.and_condition()
        while self.at_keyword("OR"):
            self.pos += 1
            node = Or(node, self.and_condition())
        return node

    def and_condition(self) -> Any:
        node = self.not_condition()
        while self.at_keyword("AND"):
            self.pos += 1
            node = And(node, self.not_condition())
        return node

    def not_condition(self) -> Any:
        count = 0  # a loop, not recursion: 1000 NOTs fit in 4 KB (too many operators, as DynamoDB says)
        while self.at_keyword("NOT"):
            self.pos += 1
            count += 1
        node = self.primary()
        for _ in range(count):
            node = Not(node)
        return node

    def primary(self) -> Any:
        if not self.at_sym("("):
            return self.comparison()
        start, redundant = self.pos, self.redundant
        try:
            # "(a) = :v": a parenthesised operand on the left of a comparison.
            return self.comparison()
        except _Fail:
            self.pos, self.redundant = start, redundant
        self.pos += 1
        inner = self.nested(self.or_condition)
        self.expect_sym(")")
        self.mark_wrapped(inner)
        return inner

    def comparison(self) -> Any:
        left = self.operand()
        token = self.peek()
        if token.kind == SYM and token.text in COMPARATORS:
            self.pos += 1
            return Compare(token.text, left, self.operand())
        if self.at_keyword("BETWEEN"):
            self.pos += 1
            low = self.operand()
            if not self.at_keyword("AND"):
                self.fail()
            self.pos += 1
            return Between(left, low, self.operand())
        if self.at_keyword("IN"):
            self.pos += 1
            self.expect_sym("(")
            items = [self.operand()]
            while self.at_sym(","):
                self.pos += 1
                items.append(self.operand())
            self.expect_sym(")")
            return In(left, tuple(items))
        if isinstance(left, Func) and id(left) not in self.wrapped:
            return left
        self.fail()
        raise AssertionError  # unreachable

    # -- updates ------------------------------------------------------------------

    def update(self) -> Update:
        clauses: list[Clause] = []
        while True:
            token = self.peek()
            if token.kind == EOF and clauses:
                return Update(tuple(clauses))
            keyword = token.text.upper() if token.kind == ID else ""
            if keyword not in UPDATE_KEYWORDS:
                self.fail()
            self.pos += 1
            actions = [self.update_action(keyword)]
            while self.at_sym(","):
                self.pos += 1
                actions.append(self.update_action(keyword))
            clauses.append(Clause(keyword, tuple(actions)))

    def update_action(self, keyword: str) -> Any:
        path = self.path()
        if keyword == "REMOVE":
            return RemoveAction(path)
        if keyword == "SET":
            self.expect_sym("=")
            return SetAction(path, self.set_value())
        token = self.peek()
        if token.kind != VALUE:
            self.fail()
        self.pos += 1
        value = Value(token.text)
        return AddAction(path, value) if keyword == "ADD" else DeleteAction(path, value)

    def set_value(self) -> Any:
        start = self.pos
        try:
            return self.set_arith()
        except _Fail:
            self.pos = start
            if not self.at_sym("("):
                raise
        # "SET a = (b + :c)": the whole right-hand side in parentheses.
        self.pos += 1
        value = self.nested(self.set_arith)
        self.expect_sym(")")
        return value

    def set_arith(self) -> Any:
        left = self.operand()
        if self.at_sym("+") or self.at_sym("-"):
            op = self.peek().text
            self.pos += 1
            return Arith(op, left, self.operand())
        return left

    # -- projections ----------------------------------------------------------------

    def projection(self) -> Projection:
        paths = [self.path()]
        while self.at_sym(","):
            self.pos += 1
            paths.append(self.path())
        self.finish()
        return Projection(tuple(paths))


def _run(text: str, grammar: str, rule: str) -> tuple[Any, bool]:
    make_room(text)
    parser = _Parser(text, grammar)
    try:
        tree = getattr(parser, rule)()
    except _Fail:
        raise parser.error() from None
    return tree, parser.redundant


def parse_condition(text: str) -> tuple[Any, bool]:
    """Parse a condition; return the tree and whether it has redundant parentheses."""
    return _run(text, "condition", "condition")


def parse_update(text: str) -> Update:
    return _run(text, "update", "update")[0]


def parse_projection(text: str) -> Projection:
    return _run(text, "projection", "projection")[0]
