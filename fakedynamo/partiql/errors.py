"""DynamoDB's words for what its PartiQL parser refuses.

DynamoDB parses with PartiQL's reference parser (partiql-lang-kotlin,
SqlParser.kt) and prints the parser's own message after its envelope,
"Statement wasn't well formed, can't be processed: ". Each message belongs to
one of the parser's error classes (ErrorCode); the classes below are the ones
this parser raises, with the message the reference parser gives each where a
capture of real DynamoDB pins it (paritysuite/dynamodb-conformance,
tests/tier3/error-messages/partiqlGrammar and partiqlFunctions, eu-west-2,
2026-10). Messages marked "reference" are the reference parser's text for
that class, not yet seen in a capture.
"""

from __future__ import annotations

from fakedynamo.errors import DynamoDBError, validation

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "
ALIASING = "Aliasing is not supported"

# PARSE_UNEXPECTED_TERM: nothing that can start a term (end of statement, a closing bracket, ...).
UNEXPECTED_TERM = "Unexpected term"
# PARSE_UNEXPECTED_KEYWORD / PARSE_UNEXPECTED_OPERATOR: a keyword or an operator where a term should start.
UNEXPECTED_KEYWORD = "Unexpected keyword"
UNEXPECTED_OPERATOR = "Unexpected operator"
# PARSE_UNEXPECTED_TOKEN: something left over after a complete statement.
LEFTOVER = "Unexpected token after expression"
# PARSE_EXPECTED_EXPRESSION: an infix operator with nothing after it.
NO_RIGHT_SIDE = "Missing right-hand side expression of infix operator"
AFTER_AND = "Expected expression after AND"  # reference: BETWEEN x AND <nothing>
EMPTY_GROUP = "Expression group cannot be empty"  # reference
# PARSE_EXPECTED_TYPE_NAME: `x IS <not a type>`.
TYPE_NAME = "Expected type name"
# PARSE_INVALID_PATH_COMPONENT: a table name that is not an identifier; a dot followed by a keyword.
SIMPLE_PATH = "Expected identifier for simple path"
PATH_DOT = "Invalid path dot component"
PATH_COMPONENT = "Invalid path component"  # reference (the [..] of a path)


def syntax(detail: str) -> DynamoDBError:
    """A statement DynamoDB's parser refuses, with the parser's message."""
    return validation(NOT_WELL_FORMED + detail)


def lexer_error() -> DynamoDBError:
    """A literal or comment the lexer cannot read: DynamoDB prints nothing after the colon."""
    return validation(NOT_WELL_FORMED)


def expected_keyword(word: str) -> DynamoDBError:
    return syntax(f"Expected {word} keyword")  # reference: PARSE_EXPECTED_KEYWORD


# The reference lexer's names of the punctuation a parser step may insist on (PARSE_EXPECTED_TOKEN_TYPE).
TOKEN_TYPES = {
    "(": "LEFT_PAREN", ")": "RIGHT_PAREN", "[": "LEFT_BRACKET", "]": "RIGHT_BRACKET", "{": "LEFT_CURLY",
    "}": "RIGHT_CURLY", "<<": "LEFT_DOUBLE_ANGLE_BRACKET", ">>": "RIGHT_DOUBLE_ANGLE_BRACKET", ",": "COMMA",
    ":": "COLON", "*": "STAR", ".": "DOT",
}


def expected_token(op: str) -> DynamoDBError:
    return syntax(f"Expected {TOKEN_TYPES.get(op, op)}")  # reference: PARSE_EXPECTED_TOKEN_TYPE
