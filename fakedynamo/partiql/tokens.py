"""PartiQL's tokenizer, and the classes its words fall into.

The classes are those of PartiQL's reference lexer (partiql-lang-kotlin,
LexerConstants.kt): a keyword or an operator word is not an identifier, which
is what decides how DynamoDB's parser words an error at that token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fakedynamo.partiql.errors import lexer_error


@dataclass
class Token:
    kind: str  # name, quoted, string, number, param, op, end
    text: str
    position: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "name" else ""


# Words the reference lexer makes operators: refused as "Unexpected operator" where a term should start.
OPERATOR_WORDS = frozenset({"AND", "OR", "IS", "IN", "LIKE", "BETWEEN", "UNION", "EXCEPT", "INTERSECT"})
# Operator symbols (as opposed to punctuation: parentheses, brackets, commas, dots, * and ;).
OPERATOR_SYMBOLS = frozenset({"+", "-", "/", "%", "<", "<=", ">", ">=", "=", "<>", "!=", "||", "@"})

# The reference lexer's keywords: SQL-92's and PartiQL's own (lower case there).
KEYWORDS = frozenset(
    """
    ABSOLUTE ACTION ADD ALL ALLOCATE ALTER AND ANY ARE AS ASC ASSERTION AT AUTHORIZATION AVG BEGIN BETWEEN BIT
    BIT_LENGTH BY CASCADE CASCADED CASE CAST CATALOG CHAR CHARACTER CHARACTER_LENGTH CHAR_LENGTH CHECK CLOSE
    COALESCE COLLATE COLLATION COLUMN COMMIT CONNECT CONNECTION CONSTRAINT CONSTRAINTS CONTINUE CONVERT
    CORRESPONDING COUNT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURSOR DATE
    DEALLOCATE DEC DECIMAL DECLARE DEFAULT DEFERRABLE DEFERRED DELETE DESC DESCRIBE DESCRIPTOR DIAGNOSTICS
    DISCONNECT DISTINCT DOMAIN DOUBLE DROP ELSE END END-EXEC ESCAPE EXCEPT EXCEPTION EXEC EXECUTE EXISTS EXTERNAL
    EXTRACT DATE_ADD DATE_DIFF FALSE FETCH FIRST FLOAT FOR FOREIGN FOUND FROM FULL GET GLOBAL GO GOTO GRANT GROUP
    HAVING IDENTITY IMMEDIATE IN INDICATOR INITIALLY INNER INPUT INSENSITIVE INSERT INT INTEGER INTERSECT INTERVAL
    INTO IS ISOLATION JOIN KEY LANGUAGE LAST LEFT LEVEL LIKE LOCAL LOWER MATCH MAX MIN MODULE NAMES NATIONAL
    NATURAL NCHAR NEXT NO NOT NULL NULLIF NUMERIC OCTET_LENGTH OF ON ONLY OPEN OPTION OR ORDER OUTER OUTPUT
    OVERLAPS PAD PARTIAL POSITION PRECISION PREPARE PRESERVE PRIMARY PRIOR PRIVILEGES PROCEDURE PUBLIC READ REAL
    REFERENCES RELATIVE RESTRICT REVOKE RIGHT ROLLBACK ROWS SCHEMA SCROLL SECTION SELECT SESSION SESSION_USER SET
    SIZE SMALLINT SOME SPACE SQL SQLCODE SQLERROR SQLSTATE SUBSTRING SUM SYSTEM_USER TABLE TEMPORARY THEN TIME
    TIMESTAMP TO TRANSACTION TRANSLATE TRANSLATION TRIM TRUE UNION UNIQUE UNKNOWN UPDATE UPPER USAGE USER USING
    VALUE VALUES VARCHAR VARYING VIEW WHEN WHENEVER WHERE WITH WORK WRITE ZONE
    CAN_CAST CAN_LOSSLESS_CAST MISSING PIVOT UNPIVOT LIMIT OFFSET TUPLE REMOVE INDEX LET INTEGER2 INT2 INTEGER4
    INT4 INTEGER8 INT8 BIGINT CONFLICT DO NOTHING RETURNING MODIFIED NEW OLD BOOL BOOLEAN STRING SYMBOL CLOB BLOB
    STRUCT LIST SEXP BAG
    """.split()
)
# Keywords that name functions when a parenthesis follows, and the literal words.
FUNCTION_KEYWORDS = frozenset(
    "EXISTS COUNT AVG MAX MIN SUM SUBSTRING CHAR_LENGTH CHARACTER_LENGTH OCTET_LENGTH BIT_LENGTH UPPER LOWER SIZE "
    "NULLIF COALESCE SEXP LIST BAG CAST".split()
)
LITERAL_WORDS = frozenset({"TRUE", "FALSE", "NULL", "MISSING"})

_TWO_CHARACTER_OPERATORS = frozenset({"<<", ">>", "<>", "!=", "<=", ">=", "||"})
_ONE_CHARACTER_OPERATORS = frozenset("=<>()[]{},.:;*+-/%@")
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
        if c == "-" and text.startswith("--", i):
            end = text.find("\n", i)
            i = length if end < 0 else end + 1
            continue
        if c == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise lexer_error()
            i = end + 2
            continue
        if c == "'" or c == '"':
            j, parts = i + 1, []
            while True:
                end = text.find(c, j)
                if end < 0:
                    raise lexer_error()
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
        pair = text[i : i + 2]
        if pair in _TWO_CHARACTER_OPERATORS:
            tokens.append(Token("op", pair, i))
            i += 2
        elif c in _ONE_CHARACTER_OPERATORS:
            tokens.append(Token("op", c, i))
            i += 1
        else:
            raise lexer_error()  # '#', '&' and the like
    tokens.append(Token("end", "", length))
    return tokens
