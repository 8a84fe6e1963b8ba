"""Search queries in the SQLite FTS5 syntax, translated to PostgreSQL ``to_tsquery`` text.

Understood: plain words (all must match), ``AND``, ``OR``, ``NOT`` (binary, as in FTS5:
``a NOT b``), ``"a phrase"``, ``prefix*`` and parentheses; precedence NOT > AND > OR as in
FTS5. Column filters (``title:word``, ``text:word``) and ``NEAR(a b)`` are loosened: their
words must occur anywhere in the article. Only runs of word characters ever reach the
tsquery, each one quoted, so no input can inject tsquery syntax; a query that breaks the
grammar raises :class:`QuerySyntaxError` and the store then searches for its words, as the
SQLite store does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r'"(?P<phrase>[^"]*)"|(?P<column>(?i:title|text))\s*:|(?P<near>NEAR)\s*(?=\()'
    r"|(?P<word>\w+)(?P<star>\*?)|(?P<op>[()])|(?P<other>\S)"
)
_WORD = re.compile(r"\w+")
_OPERATORS = {"AND", "OR", "NOT"}


class QuerySyntaxError(ValueError):
    """The query does not follow the FTS5 grammar (unbalanced quote or bracket, a dangling
    operator)."""


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "term", "AND", "OR", "NOT", "(", ")"
    text: str = ""


def _lexeme(word: str, *, prefix: bool = False) -> str:
    return f"'{word.lower()}'" + (":*" if prefix else "")


def _tokens(query: str) -> list[_Token]:
    if query.count('"') % 2:
        raise QuerySyntaxError("unbalanced double quote")
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(query):
        if match["phrase"] is not None:
            words = _WORD.findall(match["phrase"])
            if words:
                tokens.append(_Token("term", " <-> ".join(_lexeme(w) for w in words)))
        elif match["word"] is not None:
            word = match["word"]
            if word in _OPERATORS and not match["star"]:
                tokens.append(_Token(word))
            else:
                tokens.append(_Token("term", _lexeme(word, prefix=bool(match["star"]))))
        elif match["column"] is not None or match["near"] is not None:
            continue  # title:word searches word everywhere; NEAR(a b) requires a and b
        elif match["op"] is not None:
            tokens.append(_Token(match["op"]))
        # anything else (punctuation, a lone '*', ':') separates words, as in FTS5
    return tokens


class _Parser:
    """Recursive descent over or_expr := and_expr (OR and_expr)*;
    and_expr := not_expr ([AND] not_expr)*; not_expr := atom (NOT atom)*;
    atom := term | '(' or_expr ')'."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos].kind if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> str:
        result = self.or_expr()
        if self.peek() is not None:
            raise QuerySyntaxError(f"unexpected {self.peek()!r}")
        return result

    def or_expr(self) -> str:
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    def and_expr(self) -> str:
        parts = [self.not_expr()]
        while self.peek() in {"AND", "term", "("}:
            if self.peek() == "AND":
                self.take()
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"

    def not_expr(self) -> str:
        result = self.atom()
        while self.peek() == "NOT":
            self.take()
            result = f"({result} & !{self.atom()})"
        return result

    def atom(self) -> str:
        kind = self.peek()
        if kind == "term":
            text = self.take().text
            return f"({text})" if "<->" in text else text
        if kind == "(":
            self.take()
            inner = self.or_expr()
            if self.peek() != ")":
                raise QuerySyntaxError("unbalanced bracket")
            self.take()
            return inner
        raise QuerySyntaxError("expected a word" if kind is None else f"unexpected {kind!r}")


def to_tsquery_text(query: str) -> str | None:
    """The tsquery text for an FTS5-style ``query``, or None when it has no words;
    QuerySyntaxError when it breaks the grammar."""
    tokens = _tokens(query)
    if not any(t.kind == "term" for t in tokens):
        if tokens:
            raise QuerySyntaxError("only operators, no words")
        return None
    return _Parser(tokens).parse()


def words_tsquery_text(query: str) -> str | None:
    """Every word of ``query`` required, ignoring its syntax (the fallback for bad syntax)."""
    words = _WORD.findall(query)
    return " & ".join(_lexeme(w) for w in words) if words else None
