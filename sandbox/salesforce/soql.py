"""SOQL: a tokenizer and recursive-descent parser for the subset the bot (and people debugging it) use.

    query      := SELECT select_list FROM name [WHERE expr] [ORDER BY order_list] [LIMIT n] [OFFSET n]
    select_list:= item (',' item)*        item := path | COUNT() | COUNT(path) [alias] | '(' subquery ')'
    subquery   := SELECT path_list FROM relationship [WHERE expr] [ORDER BY order_list] [LIMIT n]
    expr       := and_expr (OR and_expr)*     -- mixing AND and OR without parentheses is refused, as in SOQL
    and_expr   := unary (AND unary)*
    unary      := NOT unary | '(' expr ')' | condition
    condition  := path op value | path [NOT] IN '(' values | semi-join ')' | path [NOT] LIKE string
    value      := 'string' | number | true | false | null | date | datetime | TODAY | LAST_N_DAYS:n | ...

Names are case-insensitive; resolution against the schema happens in `query.py`. Every syntax error is a
`SoqlError` with the character offset, rendered the way Salesforce renders MALFORMED_QUERY messages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

KEYWORDS = {
    "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "ORDER", "BY", "ASC", "DESC", "NULLS",
    "FIRST", "LAST", "LIMIT", "OFFSET", "NULL", "TRUE", "FALSE", "GROUP", "HAVING", "WITH", "FOR", "USING",
    "INCLUDES", "EXCLUDES", "TYPEOF",
}
# Date literals: name -> whether it takes ":n".
DATE_LITERALS = {
    "TODAY": False, "YESTERDAY": False, "TOMORROW": False, "LAST_WEEK": False, "THIS_WEEK": False,
    "NEXT_WEEK": False, "LAST_MONTH": False, "THIS_MONTH": False, "NEXT_MONTH": False,
    "LAST_N_DAYS": True, "NEXT_N_DAYS": True, "LAST_N_WEEKS": True, "NEXT_N_WEEKS": True,
    "N_DAYS_AGO": True, "LAST_N_MONTHS": True, "NEXT_N_MONTHS": True,
}


class SoqlError(Exception):
    """A syntax error at character offset `pos` (None: not tied to a position)."""

    def __init__(self, message: str, pos: int | None = None, code: str = "MALFORMED_QUERY") -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.code = code

    def render(self, text: str) -> str:
        if self.pos is None:
            return self.message
        # Salesforce shows the statement, a caret under the offending token, and the row/column.
        line_no = text.count("\n", 0, self.pos) + 1
        line_start = text.rfind("\n", 0, self.pos) + 1
        line_end = text.find("\n", self.pos)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        col = self.pos - line_start + 1
        return f"\n{line}\n{' ' * (col - 1)}^\nERROR at Row:{line_no}:Column:{col}\n{self.message}"


# ---------------------------------------------------------------------------------------------- tokens
@dataclass(frozen=True, slots=True)
class Token:
    kind: str          # IDENT STRING NUMBER DATE DATETIME OP LPAREN RPAREN COMMA COLON DOT EOF
    text: str
    pos: int
    value: object = None      # decoded value (strings, numbers)
    like: str | None = None   # for STRING: the text with LIKE escapes (\%, \_, \\) preserved

    @property
    def upper(self) -> str:
        return self.text.upper()


_DATETIME_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?![\dT:])")
_NUMBER_RE = re.compile(r"[+-]?\d+(?:\.\d+)?(?![\w])")
_IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "'": "'", '"': '"'}


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "'":
            start = i
            i += 1
            value: list[str] = []
            like: list[str] = []
            while True:
                if i >= n:
                    raise SoqlError(f"line 1:{start} no viable alternative at character '''", start)
                c = text[i]
                if c == "'":
                    i += 1
                    break
                if c == "\\":
                    if i + 1 >= n:
                        raise SoqlError("Invalid string literal: unterminated escape", i)
                    e = text[i + 1]
                    if e in _SIMPLE_ESCAPES:
                        value.append(_SIMPLE_ESCAPES[e])
                        like.append(_SIMPLE_ESCAPES[e])
                    elif e == "\\":
                        value.append("\\")
                        like.append("\\\\")
                    elif e in "%_":
                        value.append("\\" + e)
                        like.append("\\" + e)
                    elif e == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[i + 2:i + 6] or ""):
                        cp = chr(int(text[i + 2:i + 6], 16))
                        value.append(cp)
                        like.append(cp)
                        i += 4
                    else:
                        raise SoqlError(f"Invalid string literal '{text[start:i + 2]}'. Illegal character "
                                        f"sequence '\\{e}' in string literal.", i)
                    i += 2
                    continue
                value.append(c)
                like.append("\\" + c if c == "\\" else c)
                i += 1
            tokens.append(Token("STRING", text[start:i], start, "".join(value), "".join(like)))
            continue
        m = _DATETIME_RE.match(text, i)
        if m:
            tokens.append(Token("DATETIME", m.group(), i, m.group()))
            i = m.end()
            continue
        m = _DATE_RE.match(text, i)
        if m:
            tokens.append(Token("DATE", m.group(), i, m.group()))
            i = m.end()
            continue
        m = _NUMBER_RE.match(text, i)
        if m and (ch.isdigit() or (ch in "+-" and (not tokens or tokens[-1].kind in {"OP", "LPAREN", "COMMA"}))):
            s = m.group()
            tokens.append(Token("NUMBER", s, i, float(s) if "." in s else int(s)))
            i = m.end()
            continue
        m = _IDENT_RE.match(text, i)
        if m:
            tokens.append(Token("IDENT", m.group(), i))
            i = m.end()
            continue
        two = text[i:i + 2]
        if two in ("!=", "<>", "<=", ">="):
            tokens.append(Token("OP", "!=" if two == "<>" else two, i))
            i += 2
            continue
        if ch in "=<>":
            tokens.append(Token("OP", ch, i))
            i += 1
            continue
        kinds = {"(": "LPAREN", ")": "RPAREN", ",": "COMMA", ":": "COLON", ".": "DOT"}
        if ch in kinds:
            tokens.append(Token(kinds[ch], ch, i))
            i += 1
            continue
        raise SoqlError(f"line 1:{i} no viable alternative at character '{ch}'", i)
    tokens.append(Token("EOF", "<EOF>", n))
    return tokens


# ------------------------------------------------------------------------------------------------- AST
@dataclass(frozen=True, slots=True)
class Path:
    parts: tuple[str, ...]
    pos: int

    @property
    def text(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True, slots=True)
class Literal:
    kind: str                 # string number boolean null date datetime dateliteral
    value: object
    pos: int
    like: str | None = None   # LIKE form of a string
    n: int | None = None      # for LAST_N_DAYS:n etc.


@dataclass(frozen=True, slots=True)
class Compare:
    path: Path
    op: str                   # = != < <= > >= LIKE
    value: Literal


@dataclass(frozen=True, slots=True)
class InList:
    path: Path
    negate: bool
    values: tuple[Literal, ...]


@dataclass(frozen=True, slots=True)
class SemiJoin:
    path: Path
    negate: bool
    query: Query


@dataclass(frozen=True, slots=True)
class Not:
    expr: Expr


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str                   # AND | OR
    items: tuple[Expr, ...]


Expr = Compare | InList | SemiJoin | Not | BoolOp


@dataclass(frozen=True, slots=True)
class OrderItem:
    path: Path
    descending: bool
    nulls_last: bool


@dataclass(frozen=True, slots=True)
class Count:
    path: Path | None         # COUNT() when None
    alias: str | None
    pos: int


@dataclass(frozen=True, slots=True)
class Query:
    sobject: str
    sobject_pos: int
    fields: tuple[Path | Query | Count, ...]
    where: Expr | None = None
    order: tuple[OrderItem, ...] = ()
    limit: int | None = None
    offset: int | None = None
    pos: int = 0

    @property
    def is_count(self) -> bool:
        return any(isinstance(f, Count) for f in self.fields)


# ---------------------------------------------------------------------------------------------- parser
MAX_CHILD_DEPTH = 4   # the query and four levels of child subqueries below it (five levels in all)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def advance(self) -> Token:
        t = self.tokens[self.i]
        if t.kind != "EOF":
            self.i += 1
        return t

    def unexpected(self, t: Token | None = None) -> SoqlError:
        t = t or self.tok
        return SoqlError(f"unexpected token: {t.text if t.kind != 'STRING' else t.text!s}", t.pos)

    def is_kw(self, *words: str) -> bool:
        return self.tok.kind == "IDENT" and self.tok.upper in words

    def expect_kw(self, word: str) -> Token:
        if not self.is_kw(word):
            if self.tok.kind == "EOF":
                raise SoqlError("unexpected token: <EOF>", self.tok.pos)
            raise self.unexpected()
        return self.advance()

    def expect(self, kind: str) -> Token:
        if self.tok.kind != kind:
            raise self.unexpected()
        return self.advance()

    # -- query
    def parse(self) -> Query:
        q = self.query(sub=False)
        if self.tok.kind != "EOF":
            raise self.unexpected()
        return q

    def query(self, sub: bool, semi: bool = False, depth: int = 0) -> Query:
        start = self.expect_kw("SELECT").pos
        fields: list = []
        while True:
            fields.append(self.select_item(semi, depth))
            if self.tok.kind == "COMMA":
                self.advance()
                continue
            break
        self.expect_kw("FROM")
        name_tok = self.tok
        if name_tok.kind != "IDENT" or name_tok.upper in KEYWORDS:
            raise self.unexpected()
        self.advance()
        where, order, limit, offset = self.clauses(sub=sub, soql=True)
        if sum(isinstance(f, Count) for f in fields) and len(fields) > 1 and any(
                isinstance(f, Count) and f.path is None for f in fields):
            raise SoqlError("COUNT() must be the only element in the SELECT list", start)
        return Query(name_tok.text, name_tok.pos, tuple(fields), where, tuple(order or ()), limit, offset, start)

    def clauses(self, *, sub: bool = False, soql: bool = False) -> tuple:
        """[WHERE] [ORDER BY] [LIMIT] [OFFSET] -> (where, order, limit, offset). With `soql`, clauses the emulator
        does not implement (WITH, GROUP BY, HAVING, FOR ...) are refused by name instead of as unexpected."""
        where = order = limit = offset = None
        if self.is_kw("WHERE"):
            self.advance()
            where = self.expr()
        if soql and self.is_kw("WITH", "GROUP", "HAVING", "USING", "FOR"):
            raise SoqlError(f"The emulator does not support {self.tok.upper} in SOQL", self.tok.pos)
        if self.is_kw("ORDER"):
            self.advance()
            self.expect_kw("BY")
            order = self.order_list()
        if self.is_kw("LIMIT"):
            self.advance()
            limit = self.integer("LIMIT")
        if self.is_kw("OFFSET"):
            if sub:
                raise SoqlError("OFFSET is not allowed in a relationship subquery", self.tok.pos)
            self.advance()
            offset = self.integer("OFFSET")
        if soql and self.is_kw("FOR", "WITH", "GROUP", "HAVING"):
            raise SoqlError(f"The emulator does not support {self.tok.upper} in SOQL", self.tok.pos)
        return where, order, limit, offset

    def integer(self, what: str) -> int:
        t = self.tok
        if t.kind != "NUMBER" or not isinstance(t.value, int):
            raise self.unexpected()
        self.advance()
        if t.value < 0:
            raise SoqlError(f"{what} must be a non-negative integer", t.pos)
        return t.value

    def select_item(self, semi: bool, depth: int = 0):
        """A field, COUNT(), or a relationship subquery: nested up to five levels of parent and children (API
        58.0 and later: "SOQL supports relationship queries that traverse up to five levels of parent-child
        records"), never inside a semi-join."""
        t = self.tok
        if t.kind == "LPAREN":
            if semi or depth >= MAX_CHILD_DEPTH:
                raise SoqlError("Nesting of relationship subqueries is not supported", t.pos)
            self.advance()
            q = self.query(sub=True, depth=depth + 1)
            self.expect("RPAREN")
            return q
        if t.kind == "IDENT" and t.upper == "COUNT" and self.peek().kind == "LPAREN":
            self.advance()
            self.advance()
            path = None
            if self.tok.kind != "RPAREN":
                path = self.path()
            self.expect("RPAREN")
            alias = None
            if path is not None and self.tok.kind == "IDENT" and self.tok.upper not in KEYWORDS:
                alias = self.advance().text
            return Count(path, alias, t.pos)
        if t.kind == "IDENT" and t.upper in ("TYPEOF", "FIELDS") and self.peek().kind in ("LPAREN", "IDENT"):
            raise SoqlError(f"The emulator does not support {t.upper} in SOQL", t.pos)
        if t.kind == "IDENT" and self.peek().kind == "LPAREN":
            raise SoqlError(f"The emulator does not support the function {t.text}()", t.pos)
        return self.path()

    def path(self) -> Path:
        t = self.tok
        if t.kind != "IDENT" or (t.upper in KEYWORDS and t.upper not in {"FIRST", "LAST"}):
            raise self.unexpected()
        parts = [self.advance().text]
        while self.tok.kind == "DOT":
            self.advance()
            if self.tok.kind != "IDENT":
                raise self.unexpected()
            parts.append(self.advance().text)
        return Path(tuple(parts), t.pos)

    def order_list(self) -> list[OrderItem]:
        items = []
        while True:
            p = self.path()
            desc = False
            if self.is_kw("ASC", "DESC"):
                desc = self.advance().upper == "DESC"
            nulls_last = desc  # Salesforce default: NULLS FIRST ascending, NULLS LAST descending
            if self.is_kw("NULLS"):
                self.advance()
                if not self.is_kw("FIRST", "LAST"):
                    raise self.unexpected()
                nulls_last = self.advance().upper == "LAST"
            items.append(OrderItem(p, desc, nulls_last))
            if self.tok.kind == "COMMA":
                self.advance()
                continue
            return items

    # -- conditions
    def expr(self) -> Expr:
        first = self.unary()
        if not self.is_kw("AND", "OR"):
            return first
        op = self.tok.upper
        items = [first]
        while self.is_kw("AND", "OR"):
            if self.tok.upper != op:
                # SOQL refuses "a AND b OR c": the grouping must be explicit.
                raise SoqlError(f"unexpected token: {self.tok.text}", self.tok.pos)
            self.advance()
            items.append(self.unary())
        return BoolOp(op, tuple(items))

    def unary(self) -> Expr:
        if self.is_kw("NOT"):
            self.advance()
            return Not(self.unary())
        if self.tok.kind == "LPAREN":
            self.advance()
            e = self.expr()
            self.expect("RPAREN")
            return e
        return self.condition()

    def condition(self) -> Expr:
        path = self.path()
        t = self.tok
        if t.kind == "OP":
            self.advance()
            return Compare(path, t.text, self.value())
        if self.is_kw("LIKE"):
            self.advance()
            v = self.value()
            if v.kind != "string":
                raise SoqlError("LIKE needs a string pattern", v.pos)
            return Compare(path, "LIKE", v)
        negate = False
        if self.is_kw("NOT") and self.peek().kind == "IDENT" and self.peek().upper == "IN":
            self.advance()
            negate = True
        if self.is_kw("IN"):
            self.advance()
            self.expect("LPAREN")
            if self.is_kw("SELECT"):
                q = self.query(sub=False, semi=True)
                self.expect("RPAREN")
                return SemiJoin(path, negate, q)
            values = [self.value()]
            while self.tok.kind == "COMMA":
                self.advance()
                values.append(self.value())
            self.expect("RPAREN")
            return InList(path, negate, tuple(values))
        if self.is_kw("INCLUDES", "EXCLUDES"):
            raise SoqlError(f"The emulator does not support {t.upper} (multi-select picklists)", t.pos)
        raise self.unexpected()

    def value(self) -> Literal:
        t = self.tok
        if t.kind == "STRING":
            self.advance()
            return Literal("string", t.value, t.pos, like=t.like)
        if t.kind == "NUMBER":
            self.advance()
            return Literal("number", t.value, t.pos)
        if t.kind == "DATE":
            self.advance()
            return Literal("date", t.value, t.pos)
        if t.kind == "DATETIME":
            self.advance()
            return Literal("datetime", t.value, t.pos)
        if t.kind == "IDENT":
            u = t.upper
            if u in ("TRUE", "FALSE"):
                self.advance()
                return Literal("boolean", u == "TRUE", t.pos)
            if u == "NULL":
                self.advance()
                return Literal("null", None, t.pos)
            if u in DATE_LITERALS:
                self.advance()
                n = None
                if DATE_LITERALS[u]:
                    self.expect("COLON")
                    nt = self.tok
                    if nt.kind != "NUMBER" or not isinstance(nt.value, int) or nt.value < 0:
                        raise self.unexpected()
                    self.advance()
                    n = nt.value
                elif self.tok.kind == "COLON":
                    raise self.unexpected()
                return Literal("dateliteral", u, t.pos, n=n)
        if t.kind == "COLON":
            raise SoqlError("Bind variables are only allowed in Apex code", t.pos)
        raise self.unexpected()


def parse(text: str) -> Query:
    """Parse one SOQL statement; raises SoqlError."""
    if not text or not text.strip():
        raise SoqlError("unexpected token: <EOF>", 0)
    return _Parser(text).parse()


def parse_returning(sobject_name: str, sobject_pos: int, content: str) -> Query:
    """Parse the inside of a SOSL `RETURNING Obj( ... )` clause: fields [WHERE] [ORDER BY] [LIMIT] [OFFSET]."""
    p = _Parser(content)
    fields: list = []
    while True:
        fields.append(p.path())
        if p.tok.kind == "COMMA":
            p.advance()
            continue
        break
    where, order, limit, offset = p.clauses()
    if p.tok.kind != "EOF":
        raise p.unexpected()
    return Query(sobject_name, sobject_pos, tuple(fields), where, tuple(order or ()), limit, offset, 0)
