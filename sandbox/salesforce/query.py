"""SOQL -> parameterised SQLite SQL, plus the shaping of rows into Salesforce's JSON records.

A parsed `soql.Query` is resolved against the schema (unknown object -> INVALID_TYPE, unknown field or
relationship -> INVALID_FIELD, wrong literal type -> INVALID_FIELD, bad Id -> INVALID_QUERY_FILTER_OPERATOR)
and compiled once into a `CompiledQuery` (cached by statement text). Parent relationship fields become LEFT
JOINs, child subqueries run as one extra SQL statement per subquery for the whole page of parents.

SOQL semantics kept: string comparison is case-insensitive (text columns use NOCASE), `!=` and `NOT IN`
match nulls, ASC sorts nulls first and DESC nulls last unless told otherwise, date literals (TODAY,
LAST_N_DAYS:n...) are evaluated when the query runs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from . import ids, soql
from .errors import ApiError
from .knowledge_objects import article_filter_error
from .reply_objects import RESTRICTED_FILTERS, RESTRICTED_QUERY
from .fields import BASE64, BOOLEAN, DATE, DATETIME, DOUBLE, ID, INT, REFERENCE, Field, SObject
from .schema import SCHEMA, Schema
from .timefmt import date_literal_range, format_datetime, format_instant, parse_datetime

MAX_OFFSET = 2000
PARENT_IDS = object()   # placeholder parameter: the page's parent Ids (JSON array) for child subqueries


def q(name: str) -> str:
    return '"' + name + '"'


class QueryError(Exception):
    """A semantic error tied to a position in the statement."""

    def __init__(self, code: str, message: str, pos: int | None) -> None:
        super().__init__(message)
        self.code, self.message, self.pos = code, message, pos


@dataclass
class Shape:
    """How to turn one SQL row into a record: entries in selection order."""
    obj: SObject
    id_col: int
    polymorphic: bool = False
    entries: list = field(default_factory=list)   # ("f", name, col, conv) | ("r", name, Shape) | ("c", name, idx)

    def find_rel(self, name: str) -> "Shape | None":
        for e in self.entries:
            if e[0] == "r" and e[1] == name:
                return e[2]
        return None


@dataclass
class ChildPlan:
    name: str                 # relationship name, e.g. CaseComments
    compiled: "CompiledQuery"
    parent_field: str         # ParentId
    parent_col: int           # where the parent id sits in the child's rows


@dataclass
class CompiledQuery:
    obj: SObject
    sql: str
    params: list              # values or callables(now) -> value
    shape: Shape | None
    children: list[ChildPlan]
    count: bool = False       # SELECT COUNT()
    aggregate: list[tuple[str, int]] | None = None   # COUNT(field) aliases
    limit: int | None = None
    child_limit: int | None = None

    def bind(self, now: datetime) -> list:
        return [p(now) if callable(p) else p for p in self.params]


def _conv(f: Field) -> Callable[[Any], Any] | None:
    if f.type == BOOLEAN:
        return lambda v: None if v is None else bool(v)
    if f.type == INT:
        return lambda v: None if v is None else int(v)
    if f.type == DOUBLE:
        return lambda v: None if v is None else float(v)
    return None


class Compiler:
    def __init__(self, text: str, include_deleted: bool, alias_prefix: str = "t",
                 hidden: frozenset[str] = frozenset(), schema: Schema = SCHEMA) -> None:
        self.schema = schema          # the org's objects
        self.text = text
        self.include_deleted = include_deleted
        self.hidden = hidden          # "object.field" (lower case) hidden by field-level security
        self.prefix = alias_prefix
        self.cols: list[str] = []
        self.params: list = []
        self.joins: list[str] = []
        self.join_alias: dict[tuple[str, ...], tuple[str, SObject, Field]] = {}
        self.counter = 0

    # -- names
    def field_of(self, obj: SObject, name: str) -> Field | None:
        """`obj`'s field `name`, or None when it does not exist or field-level security hides it (Salesforce
        answers both the same way)."""
        f = obj.field(name)
        return None if f is None or f"{obj.name}.{f.name}".lower() in self.hidden else f

    def resolve_object(self, name: str, pos: int) -> SObject:
        obj = self.schema.sobject(name)
        if obj is None:
            raise QueryError("INVALID_TYPE", f"sObject type '{name}' is not supported. If you are attempting to "
                             "use a custom object, be sure to append the '__c' after the entity name. Please "
                             "reference your WSDL or the describe call for the appropriate names.", pos)
        return obj

    def no_column(self, name: str, obj: SObject, pos: int) -> QueryError:
        return QueryError("INVALID_FIELD", f"No such column '{name}' on entity '{obj.name}'. If you are "
                          "attempting to use a custom field, be sure to append the '__c' after the custom field "
                          "name. Please reference your WSDL or the describe call for the appropriate names.", pos)

    def rel_alias(self, base: str, obj: SObject, chain: tuple[str, ...], pos: int) -> tuple[str, SObject]:
        """Alias of the table reached through relationship names `chain` from the base table."""
        alias, cur = base, obj
        for i in range(len(chain)):
            key = tuple(p.lower() for p in chain[:i + 1])
            if key in self.join_alias:
                alias, cur, _ = self.join_alias[key]
                continue
            rel = cur.relationship(chain[i])
            if rel is None:
                raise QueryError("INVALID_FIELD", f"Didn't understand relationship '{chain[i]}' in field path. "
                                 "If you are attempting to use a custom relationship, be sure to append the '__r' "
                                 "after the custom relationship name. Please reference your WSDL or the describe "
                                 "call for the appropriate names.", pos)
            target = self.schema.sobject(rel.reference_to[-1] if rel.polymorphic else rel.reference_to[0])
            assert target is not None
            self.counter += 1
            new_alias = f"{self.prefix}j{self.counter}"
            self.joins.append(f"LEFT JOIN {q(target.name)} {new_alias} ON {new_alias}.\"Id\" = {alias}.{q(rel.name)}")
            self.join_alias[key] = (new_alias, target, rel)
            alias, cur = new_alias, target
        return alias, cur

    def resolve(self, base: str, obj: SObject, path: soql.Path) -> tuple[str, Field, SObject]:
        alias, target = self.rel_alias(base, obj, path.parts[:-1], path.pos)
        f = self.field_of(target, path.parts[-1])
        if f is None:
            if len(path.parts) == 1 and obj.relationship(path.parts[0]):
                raise QueryError("INVALID_FIELD", f"No such column '{path.parts[0]}' on entity '{obj.name}'. "
                                 "If you are attempting to use a custom field, be sure to append the '__c' after "
                                 "the custom field name. Please reference your WSDL or the describe call for the "
                                 "appropriate names.", path.pos)
            raise self.no_column(path.parts[-1], target, path.pos)
        return f"{alias}.{q(f.name)}", f, target

    def add_col(self, expr: str) -> int:
        self.cols.append(expr)
        return len(self.cols) - 1

    # -- select
    def compile(self, query: soql.Query, extra_where: tuple[str, list] | None = None,
                obj: SObject | None = None) -> CompiledQuery:
        obj = obj or self.resolve_object(query.sobject, query.sobject_pos)
        if obj.name == RESTRICTED_QUERY and extra_where is None and not _filters_on(query.where, RESTRICTED_FILTERS):
            raise QueryError("MALFORMED_QUERY", "Implementation restriction: ContentDocumentLink requires a filter "
                             "by a single Id on ContentDocumentId or LinkedEntityId using the equals operator or "
                             "multiple Id's using the IN operator.", query.pos)
        base = f"{self.prefix}0"
        counts = [f for f in query.fields if isinstance(f, soql.Count)]
        shape: Shape | None = None
        children: list[ChildPlan] = []
        aggregate = None
        if counts and counts[0].path is None:
            select_sql = "COUNT(*)"
        elif counts:
            others = [f for f in query.fields if not isinstance(f, soql.Count)]
            if others:
                p = others[0]
                raise QueryError("MALFORMED_QUERY", f"Field must be grouped or aggregated: "
                                 f"{p.text if isinstance(p, soql.Path) else p.sobject}", query.pos)
            aggregate = []
            for i, c in enumerate(counts):
                col, _, _ = self.resolve(base, obj, c.path)
                aggregate.append((c.alias or f"expr{i}", self.add_col(f"COUNT({col})")))
            select_sql = ", ".join(self.cols)
        else:
            shape = Shape(obj, self.add_col(f"{base}.\"Id\""))
            seen: set[str] = set()
            for item in query.fields:
                if isinstance(item, soql.Query):
                    children.append(self.child_plan(obj, item))
                    shape.entries.append(("c", children[-1].name, len(children) - 1))
                    continue
                assert isinstance(item, soql.Path)
                key = item.text.lower()
                if key in seen:
                    raise QueryError("MALFORMED_QUERY", f"duplicate field selected: {item.text}", item.pos)
                seen.add(key)
                self.select_path(base, obj, shape, item)
            select_sql = ", ".join(self.cols)
        where_sql = self.where_clause(base, obj, query.where)
        if extra_where:
            where_sql.append(extra_where[0].replace("{t}", base))
            self.params.extend(extra_where[1])
        order_sql = []
        for o in query.order:
            col, f, _ = self.resolve(base, obj, o.path)
            if not f.filterable:
                raise QueryError("INVALID_FIELD", f"field '{f.name}' can not be sorted in a query call", o.path.pos)
            order_sql.append(f"{col} {'DESC' if o.descending else 'ASC'} NULLS {'LAST' if o.nulls_last else 'FIRST'}")
        if not counts:
            order_sql.append(f"{base}.rowid {'DESC' if query.order and query.order[-1].descending else 'ASC'}")
        if query.offset is not None and query.offset > MAX_OFFSET:
            raise QueryError("NUMBER_OUTSIDE_VALID_RANGE",
                             f"Maximum SOQL offset allowed is {MAX_OFFSET}", query.pos)
        sql = f"SELECT {select_sql} FROM {q(obj.name)} {base} " + " ".join(self.joins)
        if where_sql:
            sql += " WHERE " + " AND ".join(f"({w})" for w in where_sql)
        if not counts or aggregate is None:
            if not (counts and counts[0].path is None):
                sql += " ORDER BY " + ", ".join(order_sql)
        if counts and counts[0].path is None:
            if query.limit is not None or query.offset:
                sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {q(obj.name)} {base} " + " ".join(self.joins)
                if where_sql:
                    sql += " WHERE " + " AND ".join(f"({w})" for w in where_sql)
                sql += f" LIMIT {int(query.limit) if query.limit is not None else -1} OFFSET {int(query.offset or 0)})"
        elif query.limit is not None or query.offset:
            sql += f" LIMIT {int(query.limit) if query.limit is not None else -1} OFFSET {int(query.offset or 0)}"
        return CompiledQuery(obj, sql, self.params, shape, children,
                             count=bool(counts and counts[0].path is None), aggregate=aggregate,
                             limit=query.limit)

    def select_path(self, base: str, obj: SObject, shape: Shape, path: soql.Path) -> None:
        cur_shape, cur_obj, alias = shape, obj, base
        for i, part in enumerate(path.parts[:-1]):
            rel = cur_obj.relationship(part)
            if rel is None:
                self.rel_alias(base, obj, path.parts[:i + 1], path.pos)   # raises the right error
            alias, target = self.rel_alias(base, obj, path.parts[:i + 1], path.pos)
            sub = cur_shape.find_rel(rel.relationship_name)
            if sub is None:
                sub = Shape(target, self.add_col(f"{alias}.\"Id\""), polymorphic=rel.polymorphic)
                cur_shape.entries.append(("r", rel.relationship_name, sub))
            cur_shape, cur_obj = sub, target
        f = self.field_of(cur_obj, path.parts[-1])
        if f is None:
            self.resolve(base, obj, path)   # raises
            raise AssertionError
        col = self.add_col(f"{alias}.{q(f.name)}")
        conv: Callable | None = _conv(f)
        if f.type == BASE64:
            conv = "body-url"   # type: ignore[assignment]
        cur_shape.entries.append(("f", f.name, col, conv))

    def child_plan(self, parent: SObject, sub: soql.Query) -> ChildPlan:
        rel = parent.child(sub.sobject)
        if rel is None:
            raise QueryError("INVALID_TYPE", f"Didn't understand relationship '{sub.sobject}' in FROM part of "
                             "query call. If you are attempting to use a custom relationship, be sure to append "
                             "the '__r' after the custom relationship name. Please reference your WSDL or the "
                             "describe call for the appropriate names.", sub.sobject_pos)
        child_obj = self.schema.sobject(rel.child)
        assert child_obj is not None
        inner = Compiler(self.text, self.include_deleted, alias_prefix=f"c{self.counter}x", hidden=self.hidden,
                         schema=self.schema)
        self.counter += 1
        parent_filter = f"{{t}}.{q(rel.field)} IN (SELECT value FROM json_each(?))"
        compiled = inner.compile(sub, obj=child_obj, extra_where=(parent_filter, [PARENT_IDS]))
        if compiled.count or compiled.aggregate is not None:
            raise QueryError("MALFORMED_QUERY", "COUNT() is not allowed in a relationship subquery", sub.pos)
        # the parent id column, to group child rows
        parent_col = len(inner.cols)
        compiled.sql = compiled.sql.replace(" FROM ", f", {inner.prefix}0.{q(rel.field)} FROM ", 1)
        compiled.limit = None
        # Per-parent LIMIT is applied while grouping; drop the SQL LIMIT (it would apply to all parents).
        if sub.limit is not None:
            compiled.sql = compiled.sql.rsplit(" LIMIT ", 1)[0]
        compiled.child_limit = sub.limit
        return ChildPlan(rel.name, compiled, rel.field, parent_col)

    # -- where
    def where_clause(self, base: str, obj: SObject, expr: soql.Expr | None) -> list[str]:
        parts = []
        if obj.field("IsDeleted") and not self.include_deleted:
            parts.append(f"{base}.\"IsDeleted\" = 0")
        if expr is not None:
            parts.append(self.expr(base, obj, expr))
        return parts

    def expr(self, base: str, obj: SObject, e: soql.Expr) -> str:
        if isinstance(e, soql.BoolOp):
            return "(" + f" {e.op} ".join(self.expr(base, obj, x) for x in e.items) + ")"
        if isinstance(e, soql.Not):
            return f"NOT ({self.expr(base, obj, e.expr)})"
        if isinstance(e, soql.Compare):
            return self.compare(base, obj, e)
        if isinstance(e, soql.InList):
            col, f, _ = self.filter_col(base, obj, e.path)
            values = [self.value_for(f, v, "IN") for v in e.values]
            has_null = any(v is None for v in values)
            values = [v for v in values if v is not None]
            if any(callable(v) or isinstance(v, tuple) for v in values):
                raise QueryError("MALFORMED_QUERY", "date literals are not supported in IN lists by the emulator",
                                 e.path.pos)
            marks = ", ".join("?" for _ in values)
            self.params.extend(values)
            inner = f"{col} IN ({marks})" if values else "0"
            if e.negate:
                return f"({col} IS NULL OR NOT ({inner}))" if not has_null else f"({col} IS NOT NULL AND NOT ({inner}))"
            return f"({col} IS NOT NULL AND {inner})" + (f" OR {col} IS NULL" if has_null else "")
        if isinstance(e, soql.SemiJoin):
            col, f, _ = self.filter_col(base, obj, e.path)
            if f.type not in (ID, REFERENCE):
                raise QueryError("INVALID_FIELD", f"semi join sub-selects are only allowed on Id fields: "
                                 f"{e.path.text}", e.path.pos)
            sub = e.query
            if len(sub.fields) != 1 or not isinstance(sub.fields[0], soql.Path):
                raise QueryError("MALFORMED_QUERY", "semi join sub-selects must select exactly one Id field", sub.pos)
            inner = Compiler(self.text, False, alias_prefix=f"s{self.counter}x", hidden=self.hidden,
                             schema=self.schema)
            self.counter += 1
            sub_obj = inner.resolve_object(sub.sobject, sub.sobject_pos)
            scol, sf, _ = inner.resolve(f"{inner.prefix}0", sub_obj, sub.fields[0])
            if sf.type not in (ID, REFERENCE):
                raise QueryError("INVALID_FIELD", "semi join sub-selects must select an Id field", sub.pos)
            where = inner.where_clause(f"{inner.prefix}0", sub_obj, sub.where)
            sql = f"SELECT {scol} FROM {q(sub_obj.name)} {inner.prefix}0 " + " ".join(inner.joins)
            if where:
                sql += " WHERE " + " AND ".join(f"({w})" for w in where)
            self.params.extend(inner.params)
            if e.negate:
                return f"({col} IS NULL OR {col} NOT IN ({sql}))"
            return f"{col} IN ({sql})"
        raise AssertionError(e)

    def filter_col(self, base: str, obj: SObject, path: soql.Path) -> tuple[str, Field, SObject]:
        col, f, target = self.resolve(base, obj, path)
        if not f.filterable:
            raise QueryError("INVALID_FIELD", f"field '{f.name}' can not be filtered in query call", path.pos)
        return col, f, target

    def compare(self, base: str, obj: SObject, e: soql.Compare) -> str:
        col, f, _ = self.filter_col(base, obj, e.path)
        if e.op == "LIKE":
            if not f.is_text:
                raise QueryError("INVALID_FIELD", f"invalid operator on {f.type} field: {f.name}", e.path.pos)
            self.params.append(e.value.like)
            return f"({col} IS NOT NULL AND {col} LIKE ? ESCAPE '\\')"
        v = self.value_for(f, e.value, e.op)
        if isinstance(v, tuple):                      # a date literal range [start, end)
            start, end = v
            ops = {"=": (f"{col} >= ? AND {col} < ?", [start, end]),
                   "!=": (f"({col} IS NULL OR {col} < ? OR {col} >= ?)", [start, end]),
                   "<": (f"{col} < ?", [start]), "<=": (f"{col} < ?", [end]),
                   ">": (f"{col} >= ?", [end]), ">=": (f"{col} >= ?", [start])}
            sql, ps = ops[e.op]
            self.params.extend(ps)
            return f"({col} IS NOT NULL AND {sql})" if e.op != "!=" else sql
        if v is None:
            if e.op == "=":
                return f"{col} IS NULL"
            if e.op == "!=":
                return f"{col} IS NOT NULL"
            return "0"
        if f.type in (BOOLEAN,) and e.op not in ("=", "!="):
            raise QueryError("INVALID_FIELD", f"invalid operator on boolean field: {f.name}", e.path.pos)
        self.params.append(v)
        if e.op == "!=":
            return f"({col} IS NULL OR {col} != ?)"
        return f"({col} IS NOT NULL AND {col} {e.op} ?)"

    def value_for(self, f: Field, lit: soql.Literal, op: str) -> Any:
        """The SQL parameter for literal `lit` compared with field `f` (type-checked as SOQL does)."""
        if lit.kind == "null":
            if op not in ("=", "!=", "IN"):
                raise QueryError("MALFORMED_QUERY", "null can only be compared with = or !=", lit.pos)
            return None
        t = f.type
        quotes = " and should not be enclosed in quotes" if lit.kind == "string" else ""

        def wrong(kind: str) -> QueryError:
            return QueryError("INVALID_FIELD", f"value of filter criterion for field '{f.name}' must be of type "
                              f"{kind}{quotes}", lit.pos)

        if t == BOOLEAN:
            if lit.kind != "boolean":
                raise wrong("boolean")
            return 1 if lit.value else 0
        if t == DATETIME:
            if lit.kind == "datetime":
                return format_instant(parse_datetime(str(lit.value)))
            if lit.kind == "dateliteral":
                name, n = str(lit.value), lit.n
                if op == "IN":
                    return (0, 0)
                # evaluated when the query runs: a range of two bound parameters
                return (lambda now: format_datetime(date_literal_range(name, n, now)[0]),
                        lambda now: format_datetime(date_literal_range(name, n, now)[1]))
            raise wrong("dateTime")
        if t == DATE:
            if lit.kind == "date":
                return str(lit.value)
            if lit.kind == "dateliteral":
                name, n = str(lit.value), lit.n
                return (lambda now: date_literal_range(name, n, now)[0].date().isoformat(),
                        lambda now: date_literal_range(name, n, now)[1].date().isoformat())
            raise wrong("date")
        if t in (INT, DOUBLE):
            if lit.kind != "number":
                raise wrong("double" if t == DOUBLE else "int")
            return lit.value
        # text-like
        if lit.kind != "string":
            raise QueryError("INVALID_FIELD", f"value of filter criterion for field '{f.name}' must be of type "
                             f"{'id' if t in (ID, REFERENCE) else 'string'} and should be enclosed in quotes",
                             lit.pos)
        s = str(lit.value)
        if t in (ID, REFERENCE):
            norm = ids.normalize(s)
            if norm is None:
                raise QueryError("INVALID_QUERY_FILTER_OPERATOR", f"invalid ID field: {s}", lit.pos)
            return norm
        return s


def _filters_on(expr: soql.Expr | None, names: frozenset[str]) -> bool:
    """True when `expr` (AND-ed terms) restricts one of the fields `names` by =, IN or a semi-join."""
    if isinstance(expr, soql.BoolOp):
        return expr.op == "AND" and any(_filters_on(e, names) for e in expr.items)
    if isinstance(expr, soql.Compare):
        return expr.op == "=" and expr.path.text.lower() in names
    if isinstance(expr, (soql.InList, soql.SemiJoin)):
        return not expr.negate and expr.path.text.lower() in names
    return False


def sobject_named_in(text: str, schema: Schema = SCHEMA) -> str:
    """The object a SOQL statement reads (its top-level FROM), or "" when it does not parse."""
    try:
        obj = schema.sobject(soql.parse(text).sobject)
    except soql.SoqlError:
        return ""
    return obj.name if obj else ""


def compile_query(text: str, include_deleted: bool, hidden: frozenset[str] = frozenset(),
                  shared: tuple[str, list] | None = None, schema: Schema = SCHEMA) -> CompiledQuery:
    """Parse and compile; raises ApiError (400) with Salesforce's error code and message. `hidden`: the fields
    field-level security hides from the caller ("object.field", lower case); `shared`: the sharing condition
    on the top-level object's rows (`Org.sharing_filter`)."""
    try:
        parsed = soql.parse(text)
        obj = schema.sobject(parsed.sobject)
        refused = article_filter_error(obj.name, parsed.where) if obj is not None else None
        if refused:
            raise QueryError("MALFORMED_QUERY", refused, parsed.pos)
        return Compiler(text, include_deleted, hidden=hidden, schema=schema).compile(parsed, extra_where=shared)
    except soql.SoqlError as e:
        raise ApiError(400, e.code, e.render(text)) from None
    except QueryError as e:
        raise ApiError(400, e.code, soql.SoqlError(e.message, e.pos).render(text)) from None


def compile_where(obj: SObject, expr: soql.Expr | None, text: str) -> tuple[str, list]:
    """Compile a bare condition on `obj` (alias t0) for SOSL RETURNING clauses."""
    c = Compiler(text, False)
    try:
        parts = c.where_clause("t0", obj, expr)
    except QueryError as e:
        raise ApiError(400, e.code, soql.SoqlError(e.message, e.pos).render(text)) from None
    return " AND ".join(f"({p})" for p in parts), c.params


# ------------------------------------------------------------------------------------------- execution
def shape_rows(shape: Shape, rows: list, version: str) -> list[dict]:
    base = f"/services/data/v{version}/sobjects/"
    return [_shape(shape, row, base, None) for row in rows]


def _shape(shape: Shape, row, base: str, children: dict | None) -> dict:
    obj = shape.obj
    rid = row[shape.id_col]
    rec: dict[str, Any] = {"attributes": {"type": "Name" if shape.polymorphic else obj.name,
                                          "url": f"{base}{obj.name}/{rid}"}}
    for e in shape.entries:
        kind = e[0]
        if kind == "f":
            v = row[e[2]]
            conv = e[3]
            if conv is not None and v is not None:
                v = f"{base}{obj.name}/{rid}/{e[1]}" if conv == "body-url" else conv(v)
            rec[e[1]] = v
        elif kind == "r":
            sub: Shape = e[2]
            rec[e[1]] = None if row[sub.id_col] is None else _shape(sub, row, base, None)
        else:
            rec[e[1]] = None if children is None else children.get(e[1], {}).get(rid)
    return rec


def _children(conn, compiled: CompiledQuery, rows: list, now: datetime, base: str) -> dict[str, dict] | None:
    """The child subqueries' records of these parent rows, by relationship name and parent Id: one SQL
    statement per subquery for the whole page, and so on down for nested subqueries."""
    if not compiled.children or not rows:
        return None
    assert compiled.shape is not None
    parent_ids = json.dumps([r[compiled.shape.id_col] for r in rows])
    child_maps: dict[str, dict] = {}
    for plan in compiled.children:
        cparams = [parent_ids if p is PARENT_IDS else p for p in plan.compiled.bind(now)]
        grouped: dict[str, list] = {}
        for crow in conn.execute(plan.compiled.sql, cparams):
            grouped.setdefault(crow[plan.parent_col], []).append(crow)
        if plan.compiled.child_limit is not None:
            grouped = {pid: crows[:plan.compiled.child_limit] for pid, crows in grouped.items()}
        kept = [r for crows in grouped.values() for r in crows]
        below = _children(conn, plan.compiled, kept, now, base)
        out = {}
        for pid, crows in grouped.items():
            if crows:
                recs = [_shape(plan.compiled.shape, r, base, below) for r in crows]
                out[pid] = {"totalSize": len(recs), "done": True, "records": recs}
        child_maps[plan.name] = out
    return child_maps


def run(conn, compiled: CompiledQuery, now: datetime, version: str) -> tuple[list[dict] | int, int]:
    """Execute a compiled query. Returns (records, totalSize) or (count, count) for COUNT()."""
    params = compiled.bind(now)
    if compiled.count:
        n = conn.execute(compiled.sql, params).fetchone()[0]
        return n, n
    rows = conn.execute(compiled.sql, params).fetchall()
    if compiled.aggregate is not None:
        row = rows[0]
        rec = {"attributes": {"type": "AggregateResult"}}
        for alias, col in compiled.aggregate:
            rec[alias] = row[col]
        return [rec], 1
    assert compiled.shape is not None
    base = f"/services/data/v{version}/sobjects/"
    child_maps = _children(conn, compiled, rows, now, base)
    records = [_shape(compiled.shape, r, base, child_maps) for r in rows]
    return records, len(records)
