"""DynamoDB's dialect of PartiQL: a tokenizer and a parser to small statement objects.

`parse(text)` returns a `Select`, `Insert`, `Update`, `Delete` or `Exists`; the
operations (fakedynamo/operations/partiql.py) run them. What is read:

- ``SELECT * | path, ... FROM "table"[."index"] [WHERE cond] [ORDER BY path [ASC|DESC], ...]``
- ``INSERT INTO "table" VALUE {...}``
- ``UPDATE "table" (SET path = value, ... | REMOVE path, ...)... [WHERE cond] [RETURNING ...]``,
  and the FROM-first form ``FROM "table" [WHERE cond] (SET ... | REMOVE ...)... [RETURNING ...]``
- ``DELETE FROM "table" [WHERE cond] [RETURNING ALL OLD *]``
- ``EXISTS(SELECT ...)`` (ExecuteTransaction's condition check)

Conditions: ``= <> != < <= > >=``, ``BETWEEN x AND y``, ``IN [..]`` / ``IN (..)``,
``IS [NOT] MISSING``, ``IS [NOT] NULL``, ``IS [NOT] <type>``, ``AND OR NOT``,
parentheses and the functions begins_with, contains, attribute_type, size,
attribute_exists, attribute_not_exists. Values: 'strings', numbers
(``7.31e6``, ``.73e1``), TRUE / FALSE, NULL, ``{'k': v}`` maps, ``[v, ...]``
lists, ``<<v, ...>>`` sets and ``?`` parameters. Comments: ``-- line`` and
``/* block */``.

The modules: `tokens` (the tokenizer and PartiQL's word classes), `nodes`
(the statement objects), `parser`, `numbers` (number literals) and `errors`
(DynamoDB's words for the parser's error classes).
"""

from fakedynamo.partiql.errors import ALIASING, NOT_WELL_FORMED
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
from fakedynamo.partiql.parser import CONDITION_FUNCTIONS, UPDATE_FUNCTIONS, parse, unrecognized_function
from fakedynamo.partiql.tokens import Token, tokenize

__all__ = [
    "ALIASING", "CONDITION_FUNCTIONS", "NOT_WELL_FORMED", "TYPE_NAMES", "UPDATE_FUNCTIONS", "Arith",
    "Between", "Call", "Compare", "Delete", "Exists", "In", "Insert", "IsNull", "IsType", "ListValue", "Literal",
    "Logic", "MapValue", "Missing", "Not", "Param", "Path", "PathRef", "Select", "SetValue", "Star", "Target",
    "Token", "Update", "number_literal", "parse", "tokenize", "unrecognized_function",
]
