"""SOSL: `FIND {terms} [IN ALL|NAME|EMAIL|PHONE FIELDS] [RETURNING Obj(fields WHERE ... ORDER BY ... LIMIT n), ...]
[LIMIT n]` -> `{"searchRecords": [...]}`.

Search terms: words and "quoted phrases", AND / OR / AND NOT (implicit AND between terms), parentheses,
wildcards * and ?, SOSL reserved characters escaped with a backslash (`lap\\-top`). Matching is
case-insensitive on word tokens with light English stemming (vpn ~ vpns, connect ~ connecting); a term with
punctuation inside ("lap-top") matches as a phrase. Index lag: with `Options.search_index_delay_seconds`
set, a record created or changed less than that long ago (its SystemModstamp) is not found yet, as on a real
org, whose search index catches up "about 15 minutes or more" after a save.
Results are ranked (Subject and CaseNumber weigh more than Description) unless ORDER BY is given.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta

from . import soql
from .errors import ApiError
from .query import Compiler, QueryError, run
from .fields import SObject
from .knowledge_objects import ARTICLE_VERSION_OBJECTS, CATEGORY_TREE, VIEWS, article_filter_error
from .schema import SCHEMA, Schema
from .store import Org
from .timefmt import format_datetime

_RESERVED = set('?&|!{}[]()^~*:\\"\'+-')
_WORD_RE = re.compile(r"[0-9a-z]+")
_SCOPES = {
    "ALL": None,
    "NAME": {"Case": ("CaseNumber", "Subject"), "Contact": ("Name",), "User": ("Name", "Username")},
    "EMAIL": {"Case": ("SuppliedEmail",), "Contact": ("Email",), "User": ("Email",)},
    "PHONE": {"Case": (), "Contact": ("Phone",), "User": ()},
}
_WEIGHTS = {"CaseNumber": 5.0, "Subject": 3.0, "Name": 3.0, "Email": 3.0, "Title": 3.0, "Summary": 2.0}
_CATEGORY_OPS = ("ABOVE_OR_BELOW", "ABOVE", "BELOW", "AT")
DEFAULT_SNIPPET_LENGTH = 120


def malformed(message: str) -> ApiError:
    return ApiError(400, "MALFORMED_SEARCH", message)


# ------------------------------------------------------------------------------------- search terms
@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]       # one word, or a phrase; words may hold * and ? wildcards


@dataclass(frozen=True)
class Op:
    op: str                      # AND | OR | ANDNOT
    left: Node
    right: Node


Node = Term | Op


def _lex_terms(text: str) -> list[tuple[str, str]]:
    """-> [(kind, value)]: kind WORD / PHRASE / AND / OR / NOT / LP / RP."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c == "(":
            out.append(("LP", c))
            i += 1
            continue
        if c == ")":
            out.append(("RP", c))
            i += 1
            continue
        if c == '"':
            j = i + 1
            buf = []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j + 1])
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            if j >= n:
                raise malformed("unterminated quoted phrase in the search string")
            out.append(("PHRASE", "".join(buf)))
            i = j + 1
            continue
        buf = []
        while i < n and not text[i].isspace() and text[i] not in '()"':
            ch = text[i]
            if ch == "\\":
                if i + 1 >= n:
                    raise malformed("dangling escape at the end of the search string")
                buf.append(text[i + 1])
                i += 2
                continue
            buf.append(ch)
            i += 1
        word = "".join(buf)
        up = word.upper()
        if up in ("AND", "OR", "NOT") and word.isalpha():
            out.append((up, word))
        else:
            out.append(("WORD", word))
    return out


class _TermParser:
    def __init__(self, toks: list[tuple[str, str]]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def parse(self) -> Node:
        node = self.or_expr()
        if self.peek() is not None:
            raise malformed(f"unexpected '{self.toks[self.i][1]}' in the search string")
        return node

    def or_expr(self) -> Node:
        node = self.and_expr()
        while self.peek() == "OR":
            self.i += 1
            node = Op("OR", node, self.and_expr())
        return node

    def and_expr(self) -> Node:
        node = self.atom()
        while True:
            k = self.peek()
            if k == "AND":
                self.i += 1
                if self.peek() == "NOT":
                    self.i += 1
                    node = Op("ANDNOT", node, self.atom())
                else:
                    node = Op("AND", node, self.atom())
            elif k in ("WORD", "PHRASE", "LP"):
                node = Op("AND", node, self.atom())      # implicit AND
            else:
                return node

    def atom(self) -> Node:
        k = self.peek()
        if k == "LP":
            self.i += 1
            node = self.or_expr()
            if self.peek() != "RP":
                raise malformed("unbalanced parentheses in the search string")
            self.i += 1
            return node
        if k in ("WORD", "PHRASE"):
            value = self.toks[self.i][1]
            self.i += 1
            words = tuple(w for w in re.split(r"[^0-9A-Za-z*?]+", value.lower()) if w)
            if not words:
                raise malformed(f"search term '{value}' has no searchable characters")
            if len("".join(w.replace("*", "").replace("?", "") for w in words)) < 2:
                raise malformed("search term must be longer than one character")
            return Term(words)
        raise malformed("the search string is empty or ends with an operator")


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _word_matcher(word: str):
    if "*" in word or "?" in word:
        rx = re.compile("^" + re.escape(word).replace(r"\*", ".*").replace(r"\?", ".") + "$")
        return lambda tok: bool(rx.match(tok))
    stem = _stem(word)
    return lambda tok: tok == word or _stem(tok) == stem


def _matches(node: Node, tokens_by_field: dict[str, list[str]]) -> float:
    """Score > 0 when the record matches."""
    if isinstance(node, Term):
        matchers = [_word_matcher(w) for w in node.words]
        score = 0.0
        for fname, toks in tokens_by_field.items():
            k = len(matchers)
            hits = sum(1 for i in range(len(toks) - k + 1) if all(m(toks[i + j]) for j, m in enumerate(matchers)))
            score += hits * _WEIGHTS.get(fname, 1.0)
        return score
    left = _matches(node.left, tokens_by_field)
    if node.op == "AND":
        right = _matches(node.right, tokens_by_field)
        return left + right if left and right else 0.0
    if node.op == "ANDNOT":
        return left if left and not _matches(node.right, tokens_by_field) else 0.0
    right = _matches(node.right, tokens_by_field)
    return left + right


# -------------------------------------------------------------------------------------- statement
@dataclass
class Returning:
    obj: SObject
    query: soql.Query
    text: str


def _find_clause(text: str) -> tuple[str, int]:
    m = re.match(r"\s*FIND\s*", text, re.I)
    if not m:
        raise malformed("SOSL statements must begin with FIND")
    i = m.end()
    if i >= len(text) or text[i] not in "{'":
        raise malformed("FIND must be followed by {search terms}")
    close = "}" if text[i] == "{" else "'"
    j = i + 1
    buf = []
    while j < len(text):
        c = text[j]
        if c == "\\" and j + 1 < len(text):
            buf.append(text[j:j + 2])     # keep escapes for the term lexer
            j += 2
            continue
        if c == close:
            return "".join(buf), j + 1
        if close == "}" and c == "{":
            raise malformed("unescaped '{' in the search string: reserved characters must be escaped with \\")
        buf.append(c)
        j += 1
    raise malformed(f"missing closing {close} in the FIND clause")


def parse_sosl(text: str, schema: Schema = SCHEMA) -> tuple[Node, str, list[Returning], int | None]:
    terms_text, i = _find_clause(text)
    node = _TermParser(_lex_terms(terms_text)).parse()
    rest = text[i:]
    scope = "ALL"
    m = re.match(r"\s*IN\s+(ALL|NAME|EMAIL|PHONE)\s+FIELDS\b", rest, re.I)
    if m:
        scope = m.group(1).upper()
        rest = rest[m.end():]
    returning: list[Returning] = []
    m = re.match(r"\s*RETURNING\b", rest, re.I)
    if m:
        rest = rest[m.end():]
        while True:
            m = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)", rest)
            if not m:
                raise malformed("RETURNING needs an object name")
            name = m.group(1)
            obj = schema.sobject(name)
            if obj is None:
                raise ApiError(400, "INVALID_TYPE", f"sObject type '{name}' is not supported.")
            rest = rest[m.end():]
            inner = None
            if rest.lstrip().startswith("("):
                rest = rest.lstrip()
                depth, j, quote = 0, 0, False
                while j < len(rest):
                    c = rest[j]
                    if quote:
                        if c == "\\":
                            j += 2
                            continue
                        if c == "'":
                            quote = False
                    elif c == "'":
                        quote = True
                    elif c == "(":
                        depth += 1
                    elif c == ")":
                        depth -= 1
                        if depth == 0:
                            break
                    j += 1
                if depth != 0:
                    raise malformed(f"unbalanced parentheses after RETURNING {name}")
                inner = rest[1:j]
                rest = rest[j + 1:]
            if inner is None or not inner.strip():
                inner = "Id"
            try:
                q = soql.parse_returning(obj.name, 0, inner)
            except soql.SoqlError as e:
                raise malformed(e.render(inner)) from None
            returning.append(Returning(obj, q, inner))
            m = re.match(r"\s*,", rest)
            if not m:
                break
            rest = rest[m.end():]
    else:
        for name in ("Case", "Contact"):
            obj = schema.sobject(name)
            returning.append(Returning(obj, soql.parse_returning(name, 0, "Id"), "Id"))
    extras = Extras()
    while True:
        m = re.match(r"\s*WITH\s+DATA\s+CATEGORY\s+", rest, re.I)
        if m:
            rest = _data_categories(rest[m.end():], extras)
            continue
        m = re.match(r"\s*WITH\s+SNIPPET\b(?:\s*\(\s*target_length\s*=\s*(\d+)\s*\))?", rest, re.I)
        if m:
            extras.snippet = int(m.group(1)) if m.group(1) else DEFAULT_SNIPPET_LENGTH
            rest = rest[m.end():]
            continue
        break
    if extras.categories and not any(r.obj.name in ARTICLE_VERSION_OBJECTS for r in returning):
        raise malformed("WITH DATA CATEGORY needs a RETURNING clause naming an article object")
    limit = None
    m = re.match(r"\s*LIMIT\s+(\d+)", rest, re.I)
    if m:
        limit = int(m.group(1))
        rest = rest[m.end():]
    if rest.strip():
        raise malformed(f"unexpected text in the search statement: {rest.strip()[:40]}")
    return node, scope, returning, limit, extras


@dataclass
class Extras:
    """The optional clauses after RETURNING: WITH DATA CATEGORY (group, operator, categories) AND-ed, and WITH
    SNIPPET's target length."""
    categories: list[tuple[str, str, tuple[str, ...]]] | None = None
    snippet: int | None = None


def _data_categories(rest: str, extras: Extras) -> str:
    """`group__c OP category__c | (a__c, b__c) [AND ...]` -> extras.categories; returns what follows."""
    specs = extras.categories or []
    while True:
        m = re.match(r"\s*([A-Za-z0-9_]+)__c\s+(ABOVE_OR_BELOW|ABOVE|BELOW|AT)\s+", rest, re.I)
        if not m:
            raise malformed("WITH DATA CATEGORY needs groupName__c AT|ABOVE|BELOW|ABOVE_OR_BELOW category__c")
        group, op = m.group(1), m.group(2).upper()
        rest = rest[m.end():]
        m = re.match(r"\(\s*([A-Za-z0-9_]+__c(?:\s*,\s*[A-Za-z0-9_]+__c)*)\s*\)|([A-Za-z0-9_]+__c)", rest)
        if not m:
            raise malformed("WITH DATA CATEGORY: category names end with __c")
        names = tuple(n.strip()[:-3] for n in (m.group(1) or m.group(2)).split(","))
        specs.append((group, op, names))
        rest = rest[m.end():]
        m = re.match(r"\s*AND\s+(?=[A-Za-z0-9_]+__c\s)", rest, re.I)
        if not m:
            extras.categories = specs
            return rest
        rest = rest[m.end():]


def _ancestors(name: str) -> list[str]:
    out = [name]
    while out[-1] in CATEGORY_TREE:
        out.append(CATEGORY_TREE[out[-1]])
    return out


def _category_matches(selected: set[tuple[str, str]], spec: tuple[str, str, tuple[str, ...]]) -> bool:
    group, op, names = spec
    for g, cat in selected:
        if g.lower() != group.lower():
            continue
        for name in names:
            below = name in _ancestors(cat)          # cat is name or one of its subcategories
            above = cat in _ancestors(name)          # cat is name or one of its parents
            if (op == "AT" and cat == name) or (op == "BELOW" and below) or (op == "ABOVE" and above) or (
                    op == "ABOVE_OR_BELOW" and (above or below)):
                return True
    return False


def _snippet(node: Node, text: str, length: int) -> str | None:
    """A window of about `length` characters of `text` around its first matching word, matches in <mark>."""
    words = _terms(node)
    matchers = [_word_matcher(w) for w in words]
    spans = [(m.start(), m.end()) for m in re.finditer(r"[0-9A-Za-z]+", text)
             if any(f(m.group(0).lower()) for f in matchers)]
    if not spans:
        return None
    start = max(0, spans[0][0] - length // 4)
    end = min(len(text), start + length)
    out, pos = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(text[pos:a] + "<mark>" + text[a:b] + "</mark>")
        pos = b
    out.append(text[pos:end])
    return ("..." if start > 0 else "") + "".join(out) + ("..." if end < len(text) else "")


def _terms(node: Node) -> list[str]:
    if isinstance(node, Term):
        return [w for w in node.words]
    if node.op == "ANDNOT":
        return _terms(node.left)
    return _terms(node.left) + _terms(node.right)


def search(org: Org, text: str, version: str, user: str | None = None) -> dict:
    """The answer to GET /search for `user` (fields field-level security hides from them are neither searched nor
    returnable; records sharing hides from them are left out)."""
    if not text or not text.strip():
        raise malformed("No search term found. The search term must be at least 2 characters long.")
    node, scope, returning, overall_limit, extras = parse_sosl(text, org.schema)
    out: list[dict] = []
    remaining = overall_limit if overall_limit is not None else 2000
    for r in returning:
        if remaining <= 0:
            break
        article = r.obj.name in ARTICLE_VERSION_OBJECTS
        if article:
            refused = article_filter_error(r.obj.name, r.query.where, search=True)
            if refused:
                raise malformed(refused)
        searched = org.schema.sobject(VIEWS.get(r.obj.name, r.obj.name)) or r.obj    # a view searches its table
        fields = searched.searchable if _SCOPES[scope] is None or article else _SCOPES[scope].get(r.obj.name, ())
        hidden = org.hidden_fields(user)
        fields = tuple(f for f in fields if searched.field(f) and f"{searched.name}.{f}".lower() not in hidden)
        if not fields:
            continue
        compiler = Compiler(r.text, False, hidden=hidden, schema=org.schema)
        try:
            where = compiler.where_clause("t0", r.obj, r.query.where)
        except QueryError as e:
            raise ApiError(400, e.code, soql.SoqlError(e.message, e.pos).render(r.text)) from None
        sql = ('SELECT t0."Id", ' + ", ".join(f't0."{f}"' for f in fields) + f' FROM "{r.obj.name}" t0 '
               + " ".join(compiler.joins))
        params = [p(org.now()) if callable(p) else p for p in compiler.params]
        delay = org.options.search_index_delay_seconds
        shared = org.sharing_filter(user, r.obj.name)
        if shared is not None:                                # sharing: only what the caller may see
            where = [*where, shared[0].replace("{t}", "t0")]
            params.extend(shared[1])
        if delay > 0 and r.obj.field("SystemModstamp"):
            where = [*where, 't0."SystemModstamp" <= ?']      # not indexed yet: invisible to search
            params.append(format_datetime(org.now() - timedelta(seconds=delay)))
        if where:
            sql += " WHERE " + " AND ".join(f"({w})" for w in where)
        with org.lock:
            rows = org.conn.execute(sql, params).fetchall()
        selections = _selections(org, [row[0] for row in rows]) if article and extras.categories else {}
        scored = []
        texts: dict[str, dict[str, str]] = {}
        for row in rows:
            toks = {f: _WORD_RE.findall((row[i + 1] or "").lower()) for i, f in enumerate(fields)}
            score = _matches(node, toks)
            if score > 0 and extras.categories and not all(
                    _category_matches(selections.get(row[0], set()), spec) for spec in extras.categories):
                score = 0.0
            if score > 0:
                scored.append((score, row[0]))
                texts[row[0]] = {f: str(row[i + 1] or "") for i, f in enumerate(fields)}
        if not scored:
            continue
        scored.sort(key=lambda s: -s[0])
        rank = {rid: i for i, (_, rid) in enumerate(scored)}
        try:
            compiled = Compiler(r.text, False, hidden=hidden, schema=org.schema).compile(
                soql.Query(r.obj.name, 0, r.query.fields, None, r.query.order, None, None),
                obj=r.obj, extra_where=('{t}."Id" IN (SELECT value FROM json_each(?))', [json.dumps(list(rank))]))
        except QueryError as e:
            raise ApiError(400, e.code, soql.SoqlError(e.message, e.pos).render(r.text)) from None
        with org.lock:
            records, _ = run(org.conn, compiled, org.now(), version)
        assert isinstance(records, list)
        if not r.query.order:
            records.sort(key=lambda rec: rank[rec["attributes"]["url"].rsplit("/", 1)[1]])
        start = r.query.offset or 0
        records = records[start:]
        if r.query.limit is not None:
            records = records[:r.query.limit]
        records = records[:remaining]
        if article and extras.snippet:
            for rec in records:
                _add_snippet(rec, node, texts[rec["attributes"]["url"].rsplit("/", 1)[1]], extras.snippet)
        remaining -= len(records)
        out.extend(records)
    return {"searchRecords": out}


def _selections(org: Org, version_ids: list[str]) -> dict[str, set[tuple[str, str]]]:
    """The data categories (group, category) of each article version."""
    out: dict[str, set[tuple[str, str]]] = {}
    with org.lock:
        for pid, group, name in org.conn.execute(
                'SELECT "ParentId", "DataCategoryGroupName", "DataCategoryName" FROM "Knowledge__DataCategorySelection" '
                'WHERE "IsDeleted" = 0 AND "ParentId" IN (SELECT value FROM json_each(?))', (json.dumps(version_ids),)):
            out.setdefault(pid, set()).add((group, name))
    return out


def _add_snippet(rec: dict, node: Node, texts: dict[str, str], length: int) -> None:
    """WITH SNIPPET: "snippet.text" from the body (or the summary), "highlight.Title" when the title matched."""
    for field_name in ("Details__c", "Summary"):
        snippet = _snippet(node, re.sub(r"<[^>]+>", " ", texts.get(field_name, "")), length)
        if snippet:
            rec["snippet.text"] = snippet
            break
    title = _snippet(node, texts.get("Title", ""), max(length, len(texts.get("Title", ""))))
    if title:
        rec["highlight.Title"] = title
