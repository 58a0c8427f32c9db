#!/usr/bin/env python3
"""Generate SQLAlchemy conformance corpora for Retort.

Each output line is one JSON object, in the format described in
``shared/conformance/README.md``::

    id, tree, sql, params, rows, rows_ordered, twin, same_key, mutant, mutant_same_key

(``rows`` is null where SQLite has no form of a construct, ``same_key`` and
``mutant_same_key`` are null where SQLAlchemy does not cache the statement.)

How a line is made
------------------
1. A random statement *tree* is drawn in the README's tree language (same node
   names and shapes, same ``users``/``addresses``/``orders`` schema).
2. The tree is turned into a SQLAlchemy 2.x Core statement (:class:`Builder`,
   which mirrors ``retort-core/src/test/java/dev/retort/conformance/CorpusTree.java``).
3. ``sql``    = ``str(stmt.compile(compile_kwargs={"render_postcompile": True}))``
               (default dialect, IN lists expanded);
   ``params`` = that compiled object's ``.params`` (expanded IN names).
4. ``rows``   = the statement run on an in-memory SQLite holding the README's
   rows; for INSERT/UPDATE/DELETE the rowcount, run inside a transaction that
   is rolled back.  ``rows_ordered`` is false when a query has LIMIT/OFFSET.
5. ``twin``   = the tree with other literal values, as in the sample: every
   ``val``/``literal`` value (ints +1, strings +"z"), IN lists (shifted, one
   element longer), LIMIT/OFFSET (+1), and non-zero window frame offsets (one
   further from 0); raw operands such as BETWEEN bounds are kept, as in the
   sample.  ``same_key`` compares ``stmt._generate_cache_key()`` of tree and twin.
6. ``mutant`` = the tree with one integer column swapped for another integer
   column of the same table, or one comparison / arithmetic operator swapped
   (null when the randomly chosen site cannot be mutated);
   ``mutant_same_key`` compares the cache keys.
A tree that SQLAlchemy refuses or SQLite rejects is skipped; its id is not
reused (ids have gaps, like the sample's) and the reasons are summarised on
stderr.

Profiles
--------
``--profile sample`` (default) reproduces the distribution of the 300-line
sample corpus; ``--profile wide`` keeps the same templates but widens them
(outer/reversed/inferred joins, 3-way joins, repeated and same-named columns,
casts, literals, nested case/exists/not, rows and range frames with other
bounds, multi-CTE and union subqueries, 3-way unions, DML with expression
values and reordered keys, ...).  ``--profile shapes`` draws the shapes that
were rendered wrong once (issue 12): compound SELECTs with ORDER BY/LIMIT inside
their members, nested compounds of mixed kinds (UNION, UNION ALL, INTERSECT,
EXCEPT) with ORDER BY/LIMIT on the whole, joins nested on the right, UPDATE and
DELETE whose criteria refer to other tables, and the added constructs (true and
floor division, IS [NOT] DISTINCT FROM, NULLS FIRST/LAST, COLLATE, count
DISTINCT, aggregate FILTER, FOR UPDATE).  Rows are computed on SQLite from a
form SQLite accepts (grouped compound members as subqueries, multi-table DELETE
as a correlated EXISTS); the ``sql`` is SQLAlchemy's own.
``--profile breadth`` draws the constructs added in 2026-12 (bitwise operators and
``op()``/``bool_op()``, tuples compared and IN lists of tuples, FETCH FIRST n ROWS
ONLY / WITH TIES with or without OFFSET, GROUP BY ROLLUP/CUBE/GROUPING SETS).  Rows
of FETCH ... ONLY come from its SQLite LIMIT, rows of XOR from ``(a | b) - (a & b)``;
SQLite has no form of WITH TIES or grouping sets, so those lines record ``rows``
null (the Java test then checks that Retort refuses them on SQLite).
``--profile breadth2`` draws the rest: DISTINCT ON and WITHIN GROUP (no rows: SQLite has
neither), named VALUES (rows from a UNION ALL subquery), ``text().columns()`` as a
subquery, CTE or IN, and FETCH on a compound SELECT.
``--profile operators`` draws the operator modifiers of SQLAlchemy's compiler suite:
LIKE / ILIKE with ESCAPE, contains / startswith / endswith and their i- forms plain,
autoescaped (with ``/`` or another escape character) or with an explicit escape, values full
of wildcard and escape characters; BETWEEN SYMMETRIC (no rows: SQLite has none), IS / IS NOT
against a value, custom prefix and postfix operators (``-x``, ``x ISNULL``).
``--profile judge`` draws what the README's tree language allows that the sample's mix (almost) never
does, 70% of the time, and the wide templates otherwise: edge values (NULL, booleans, quotes, unicode,
empty strings, negative, decimal and 64-bit numbers) in comparisons, IN lists, CASE and DML; CASE
without ELSE and with string/NULL results; casts inside concat and LIKE; ranking and aggregate window
functions with RANGE frames and several partition/order keys; CTEs reading CTEs, used from WHERE
subqueries; joins three tables deep with inferred ON; unions of limited SELECTs as CTEs; subqueries in
UPDATE/DELETE criteria and INSERT values; DISTINCT with ORDER BY; OFFSET alone; LIMIT 0.
``--profile judge3`` draws further corners of the same language: labels, subquery and CTE names that
must be quoted (reserved words, upper case, unicode, spaces, leading digits) and ORDER/GROUP BY such
labels; SQLite string, numeric and date functions (substr, replace, instr, hex, quote, typeof, round
with digits, date/strftime/julianday on constant dates); CASE nested in its conditions, results and
ELSE, inside aggregates; ranking, offset and value window functions (ntile, lag/lead, nth_value,
first/last_value, percent_rank, cume_dist, total) with frames; empty IN lists and NULL inside IN lists;
NOT EXISTS, IN over a UNION or a grouped subquery, scalar subqueries in comparisons; numeric extremes
as literals; DML setting NULL, CASE and function values.
``--profile judge4`` goes beyond the README's nodes, half the time (judge3's templates otherwise), with nodes
``alias`` (of a table, subquery or CTE; null name: anonymous), ``refpos`` (a ``with`` definition's column by
position), ``anonlabel`` (``label(None)``), ``lateral``, ``tablesample``, ``any``/``all``, ``typecoerce``,
``literalcol`` and the SELECT keys ``correlate``/``correlate_except``: aliases of CTEs and subqueries whose
columns are anonymous labels or unlabelled expressions, read by position (selected twice, from two aliases, compared
with values), self-joins of table aliases, LATERAL (joined or in a comma FROM), TABLESAMPLE, x op ANY/ALL (SELECT)
either side, type_coerce and literal_column operands (drawn type-consistent where selected: Retort reads a column
by its type), and scalar/EXISTS subqueries with correlate(t), correlate(None), correlate_except(t).  LATERAL,
TABLESAMPLE and ANY/ALL lines carry no rows (SQLite has none of them).  Comparisons and arithmetic call the left
operand's own method (``a.__lt__(b)``), as Retort's ``a.lt(b)``: Python's ``a < b`` asks ``b > a`` first when b's
class subclasses a's (a table Column right of a literal_column), which swaps the operands in SQLAlchemy's SQL.
``--profile judge5`` renders every line for PostgreSQL, MySQL, MariaDB and SQLite as well (a ``dialects`` field: per
dialect ``sql`` and ``params``, ``error`` where SQLAlchemy refuses, ``refused`` where Retort refuses what the database
lacks, see REFUSED; where Retort differs deliberately, SQLAlchemy's SQL for the construct Retort's form stands for,
see deliberate()), half the time with judge4's mix and otherwise with nodes for JSON, JSONB and ARRAY (``tcol``,
``item``, ``itemtext``, ``path``, ``pathtext``, ``jsonas``, ``slice``, ``pgcontains``, ``containedby``, ``overlap``,
``list``; JSON documents built per row with json_object, so SQLite gives rows), DISTINCT ON in more shapes, and shared
nodes: a ``with`` definition may be an expression, and ``["var", name]`` is that one object wherever it is used (a label
selected twice and ordered / grouped by or used as its expression in a window, an ORDER BY or WHERE expression or both members
of a compound, a bound literal or expression in a CTE, a subquery and the outer query).
``sql`` / ``params`` are null where the default dialect refuses a line (an ARRAY slice).

Usage::

    PYTHONPATH=/tmp/sapkg python3 tools/corpus/generate.py --seed 1 --count 1500 --out /tmp/corpus-a.jsonl
    PYTHONPATH=/tmp/sapkg python3 tools/corpus/generate.py --seed 2 --count 1500 --profile wide --out /tmp/corpus-b.jsonl
    PYTHONPATH=/tmp/sapkg python3 tools/corpus/generate.py --verify shared/conformance/sqlalchemy-select-corpus.jsonl

``--verify FILE`` recomputes every derived field of an existing corpus (all but
the random choice of mutant) and reports the lines where this script disagrees;
it reproduces all 300 lines of the sample, which checks the recipe.
"""

from __future__ import annotations

import argparse
import collections
import copy
import decimal
import json
import random
import re
import sys
import warnings

from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.dialects.postgresql import ARRAY as PG_ARRAY, JSONB
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.types import UserDefinedType
from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    JSON,
    MetaData,
    String,
    Table,
    all_,
    and_,
    any_,
    asc,
    case,
    cast,
    create_engine,
    delete,
    desc,
    except_,
    exists,
    func,
    insert,
    intersect,
    literal,
    literal_column,
    not_,
    or_,
    select,
    column,
    tablesample,
    text,
    tuple_,
    type_coerce,
    values,
    union,
    union_all,
    update,
)

# --------------------------------------------------------------------------
# Schema and data (shared/conformance/README.md)
# --------------------------------------------------------------------------

METADATA = MetaData()
TABLES = {
    "users": Table(
        "users", METADATA,
        Column("id", Integer, primary_key=True),
        Column("name", String(50)),
        Column("age", Integer),
    ),
    "addresses": Table(
        "addresses", METADATA,
        Column("id", Integer, primary_key=True),
        Column("email", String(50)),
        Column("user_id", Integer, ForeignKey("users.id")),
    ),
    "orders": Table(
        "orders", METADATA,
        Column("id", Integer, primary_key=True),
        Column("user_id", Integer, ForeignKey("users.id")),
        Column("qty", Integer),
        Column("status", String(20)),
    ),
}
ROWS = {
    "users": [(1, "ann", 31), (2, "bob", 17), (3, "cy", None), (4, "dee", 52), (5, "ed", 31)],
    "addresses": [(1, "ann@x.org", 1), (2, "bob@y.net", 2), (3, "b2@y.net", 2), (4, "ed@z.com", 5)],
    "orders": [(1, 1, 3, "open"), (2, 1, 1, "done"), (3, 2, 7, "open"), (4, 4, 2, None), (5, 5, 9, "done")],
}
INT_COLS = {"users": ["id", "age"], "addresses": ["id", "user_id"], "orders": ["id", "user_id", "qty"]}
STR_COLS = {"users": ["name"], "addresses": ["email"], "orders": ["status"]}

CMP_OPS = ["eq", "ne", "lt", "le", "gt", "ge"]
ARITH_OPS = ["add", "sub", "mul", "mod"]
AGG_FUNCS = ["max", "min", "sum", "count"]
STRINGS = ["ed", "ann", "bob", "done", "%o%", "open", "a%", "%y%", "x"]
# type names of the typecoerce / tcol nodes (Retort: Types.INTEGER, STRING, JSON, JSONB, array(INTEGER))
TYPES = {"INTEGER": Integer, "VARCHAR": String, "JSON": JSON, "JSONB": JSONB, "INTARRAY": PG_ARRAY(Integer)}


def make_engine():
    """An in-memory SQLite engine holding the README's rows."""
    engine = create_engine("sqlite://")
    METADATA.create_all(engine)
    with engine.begin() as conn:
        for name, rows in ROWS.items():
            cols = [c.name for c in TABLES[name].columns]
            conn.execute(insert(TABLES[name]), [dict(zip(cols, r)) for r in rows])
    return engine


# --------------------------------------------------------------------------
# Tree -> SQLAlchemy (mirrors CorpusTree.java)
# --------------------------------------------------------------------------

def is_node(n):
    return isinstance(n, list) and len(n) > 0 and isinstance(n[0], str)


class Builder:
    """Builds one SQLAlchemy statement from a tree.  One instance per tree:
    ``with`` definitions are kept in ``env`` while building the body."""

    # The left operand's own methods, as Retort's a.eq(b): Python's ``a < b`` tries ``b > a`` first when b's class is a
    # subclass of a's (a table Column right of a literal_column), which swaps the operands in the SQL.
    _BINARY = {
        "eq": lambda a, b: a.__eq__(b),
        "ne": lambda a, b: a.__ne__(b),
        "lt": lambda a, b: a.__lt__(b),
        "le": lambda a, b: a.__le__(b),
        "gt": lambda a, b: a.__gt__(b),
        "ge": lambda a, b: a.__ge__(b),
        "add": lambda a, b: a.__add__(b),
        "sub": lambda a, b: a.__sub__(b),
        "mul": lambda a, b: a.__mul__(b),
        "mod": lambda a, b: a.__mod__(b),
        "concat": lambda a, b: a.concat(b),
        "like": lambda a, b: a.like(b),
        "notlike": lambda a, b: a.not_like(b),
        "div": lambda a, b: a / b,
        "floordiv": lambda a, b: a // b,
        "isdistinct": lambda a, b: a.is_distinct_from(b),
        "isnotdistinct": lambda a, b: a.is_not_distinct_from(b),
        "bitand": lambda a, b: a.bitwise_and(b),
        "bitor": lambda a, b: a.bitwise_or(b),
        "bitxor": lambda a, b: a.bitwise_xor(b),
        "lshift": lambda a, b: a.bitwise_lshift(b),
        "rshift": lambda a, b: a.bitwise_rshift(b),
    }
    _COMPOUND = {"union": union, "union_all": union_all, "intersect": intersect, "except": except_}

    def __init__(self, for_sqlite=False):
        """``for_sqlite``: build the form that runs on SQLite where SQLAlchemy's own SQL would
        not (grouped compound members as subqueries, a multi-table DELETE as a correlated
        EXISTS), to compute the expected rows; ``sql`` always comes from the plain build."""
        self.env = {}
        self.for_sqlite = for_sqlite

    def operand(self, n):
        return self.build(n) if is_node(n) else n

    def build(self, n):
        op = n[0]
        if op == "bitxor" and self.for_sqlite:
            # SQLite has no XOR; SQLAlchemy's sqlite form (a | b - a & b) groups as a | ((b - a) & b)
            a, b = self.build(n[1]), self.operand(n[2])
            return (a.bitwise_or(b)).self_group() - (a.bitwise_and(b)).self_group()
        if op in self._BINARY:
            e = self._BINARY[op](self.build(n[1]), self.operand(n[2]))
            # Rows of a division are read as floats, not as SQLAlchemy's 10-digit Decimals (same SQL).
            return type_coerce(e, Float) if self.for_sqlite and op == "div" else e
        if op == "col":
            return TABLES[n[1]].c[n[2]]
        if op == "table":
            return TABLES[n[1]]
        if op == "val":
            return n[1]
        if op == "literal":
            return literal(n[1])
        if op == "bitnot":
            return self.build(n[1]).bitwise_not()
        if op == "likeesc":
            like = {"like": "like", "notlike": "not_like", "ilike": "ilike", "notilike": "not_ilike"}[n[1]]
            return getattr(self.build(n[2]), like)(self.operand(n[3]), escape=n[4])
        if op == "pattern":
            kw = {"autoescape": True} if n[4] else {}
            if n[5] is not None:
                kw["escape"] = n[5]
            return getattr(self.build(n[2]), n[1])(self.operand(n[3]), **kw)
        if op == "betweensym":
            return self.build(n[1]).between(self.operand(n[2]), self.operand(n[3]), symmetric=True)
        if op == "is":
            return self.build(n[1]).is_(self.operand(n[2]))
        if op == "isnot":
            return self.build(n[1]).is_not(self.operand(n[2]))
        if op == "prefixop":
            e = self.build(n[2])
            return UnaryExpression(e, operator=operators.custom_op(n[1]), type_=e.type)
        if op == "postfixop":
            e = self.build(n[2])
            return UnaryExpression(e, modifier=operators.custom_op(n[1], is_comparison=n[3]),
                                   type_=Boolean if n[3] else e.type)
        if op == "op":
            return self.build(n[2]).op(n[1])(self.operand(n[3]))
        if op == "boolop":
            return self.build(n[2]).bool_op(n[1])(self.operand(n[3]))
        if op == "tuple":
            return tuple_(*[self.operand(x) for x in n[1:]])
        if op == "tuplein":
            return self.build(n[1]).in_([tuple(r) for r in n[2]])
        if op == "tuplenotin":
            return self.build(n[1]).not_in([tuple(r) for r in n[2]])
        if op == "withingroup":
            return self.build(n[1]).within_group(*[self.build(x) for x in n[2]])
        if op == "values":
            cols = [column(c, Integer if t == "INTEGER" else String) for c, t in n[2]]
            if self.for_sqlite:
                # SQLite cannot name a derived table's columns: the rows as a UNION ALL subquery
                return union_all(*[select(*[literal(v, c.type).label(c.name) for v, c in zip(r, cols)])
                                   for r in n[3]]).subquery(n[1])
            return values(*cols, name=n[1]).data([tuple(r) for r in n[3]])
        if op == "textsel":
            return text(n[1]).columns(*[column(c, Integer if t == "INTEGER" else String) for c, t in n[2]])
        if op in ("rollup", "cube", "grouping_sets"):
            return getattr(func, op)(*[self.build(x) for x in n[1:]])
        if op == "and":
            return and_(*[self.build(x) for x in n[1:]])
        if op == "or":
            return or_(*[self.build(x) for x in n[1:]])
        if op == "not":
            return not_(self.build(n[1]))
        if op == "in":
            return self.build(n[1]).in_(list(n[2]))
        if op == "notin":
            return self.build(n[1]).not_in(list(n[2]))
        if op == "insub":
            return self.build(n[1]).in_(self.build(n[2]))
        if op == "between":
            return self.build(n[1]).between(self.operand(n[2]), self.operand(n[3]))
        if op == "isnull":
            return self.build(n[1]).is_(None)
        if op == "isnotnull":
            return self.build(n[1]).is_not(None)
        if op == "func":
            return getattr(func, n[1])(*[self.operand(a) for a in n[2:]])
        if op == "cast":
            return cast(self.build(n[1]), Integer if n[2] == "INTEGER" else String)
        if op == "label":
            return self.build(n[1]).label(n[2])
        if op == "case":
            whens = [(self.build(c), self.operand(t)) for c, t in n[1]]
            other = n[2] if len(n) > 2 else None
            return case(*whens, else_=self.operand(other) if other is not None else None)
        if op == "over":
            spec = n[2]
            kw = {}
            if "partition_by" in spec:
                kw["partition_by"] = [self.build(x) for x in spec["partition_by"]]
            if "order_by" in spec:
                kw["order_by"] = [self.build(x) for x in spec["order_by"]]
            if spec.get("rows") is not None:
                kw["rows"] = tuple(spec["rows"])
            if spec.get("range_") is not None:
                kw["range_"] = tuple(spec["range_"])
            return self.build(n[1]).over(**kw)
        if op == "distinct":
            return self.build(n[1]).distinct()
        if op == "nullsfirst":
            return self.build(n[1]).nulls_first()
        if op == "nullslast":
            return self.build(n[1]).nulls_last()
        if op == "filter":
            return self.build(n[1]).filter(self.build(n[2]))
        if op == "collate":
            return self.build(n[1]).collate(n[2])
        if op == "compound":
            c = self._COMPOUND[n[1]](*[self.member(x) for x in n[2]])
            spec = n[3]
            if "order_by" in spec:
                c = c.order_by(*[self.build(x) for x in spec["order_by"]])
            if spec.get("limit") is not None:
                c = c.limit(spec["limit"])
            return self.fetch(c, spec)
        if op == "desc":
            return desc(self.build(n[1]))
        if op == "asc":
            return asc(self.build(n[1]))
        if op == "exists":
            return exists(self.build(n[1]))
        if op == "scalar":
            return self.build(n[1]).scalar_subquery()
        if op == "join":
            left, right = self.build(n[1]), self.build(n[2])
            if n[3] is None:
                return left.join(right, isouter=bool(n[4]))
            return left.join(right, self.build(n[3]), isouter=bool(n[4]))
        if op == "select":
            return self.select(n[1])
        if op == "with":
            for name, node in n[1]:
                self.env[name] = self.build(node)
            return self.build(n[2])
        if op == "ref":
            return self.env[n[1]].c[n[2]]
        if op == "fromref":
            return self.env[n[1]]
        if op == "alias":
            # ["alias", from, name or null]: an alias of a table, subquery or CTE (null: anonymous)
            return self.build(n[1]).alias(n[2])
        if op == "refpos":
            # ["refpos", name, i]: the i-th column of a ``with`` definition (anonymous labels have no key to name)
            return list(self.env[n[1]].c)[n[2]]
        if op == "anonlabel":
            return self.build(n[1]).label(None)
        if op == "lateral":
            return self.build(n[1]).lateral(n[2])
        if op == "tablesample":
            # ["tablesample", table, sampling, name, seed or null]; a raw number samples with system()
            return tablesample(self.build(n[1]), self.operand(n[2]), name=n[3],
                               seed=self.operand(n[4]) if n[4] is not None else None)
        if op in ("any", "all"):
            return (any_ if op == "any" else all_)(self.build(n[1]))
        if op == "typecoerce":
            return type_coerce(self.operand(n[1]), TYPES[n[2]])
        if op == "tcol":
            # ["tcol", name, type]: a lightweight column of a JSON, JSONB or ARRAY type (no table)
            return column(n[1], TYPES[n[2]])
        if op == "var":
            # a `with` definition that is an expression: the one object, wherever it is used
            return self.env[n[1]]
        if op in ("item", "itemtext", "path", "pathtext"):
            e = self.build(n[1])
            key = tuple(n[2]) if op.startswith("path") else n[2]
            got = e[key]
            return got.astext if op.endswith("text") else got
        if op == "list":
            # ["list", [v, ...]]: one value that is a list (array and key-list operands)
            return list(n[1])
        if op == "jsonas":
            return getattr(self.build(n[1]), "as_" + n[2])()
        if op == "jsonvalue":
            # the element's SQL value (see deliberate()): run as json_extract, written as CAST(... AS UNWRAPPED)
            # for unwrapped() to unwrap
            if self.for_sqlite:
                keys = n[1][2] if n[1][0] == "path" else [n[1][2]]
                path = "$" + "".join("[%d]" % k if isinstance(k, int) else '."%s"' % k for k in keys)
                return func.json_extract(self.build(n[1][1]), literal(path))
            return self.build(n[1]).comparator._binary_w_type(Unwrapped(), "as_unwrapped")
        if op == "slice":
            return self.build(n[1])[n[2]:n[3]]
        if op in ("haskey", "hasall", "hasany", "pgcontains", "containedby", "overlap"):
            method = {"haskey": "has_key", "hasall": "has_all", "hasany": "has_any", "pgcontains": "contains",
                      "containedby": "contained_by", "overlap": "overlap"}[op]
            return getattr(self.build(n[1]), method)(self.operand(n[2]))
        if op == "literalcol":
            return literal_column(n[1], TYPES.get(n[2]))
        if op == "subquery":
            return self.build(n[1]).subquery(n[2])
        if op == "cte":
            return self.build(n[1]).cte(n[2])
        if op == "union":
            return union(*[self.build(x) for x in n[1:]])
        if op == "union_all":
            return union_all(*[self.build(x) for x in n[1:]])
        if op == "update":
            spec = n[2]
            stmt = update(TABLES[n[1]]).where(*[self.build(w) for w in spec.get("where") or []])
            return stmt.values({k: self.operand(v) for k, v in spec["values"].items()})
        if op == "delete":
            where = [self.build(w) for w in n[2].get("where") or []]
            others = sorted({c[1] for c in cols_in(n[2].get("where") or [])} - {n[1]})
            if self.for_sqlite and others:
                return delete(TABLES[n[1]]).where(exists(select(literal(1)).select_from(*[TABLES[o] for o in others]).where(*where)))
            return delete(TABLES[n[1]]).where(*where)
        if op == "insert":
            return insert(TABLES[n[1]]).values({k: self.operand(v) for k, v in n[2]["values"].items()})
        raise ValueError("unknown node " + op)

    def member(self, n):
        """A member of a compound SELECT; on SQLite one that needs grouping is a subquery."""
        m = self.build(n)
        grouped = n[0] == "compound" or (n[0] == "select" and any(k in n[1] for k in ("order_by", "limit", "offset")))
        return select(*m.subquery().c) if self.for_sqlite and grouped else m

    def select(self, spec):
        s = select(*[self.build(c) for c in spec["cols"]])
        if spec.get("from") is not None:
            s = s.select_from(self.build(spec["from"]))
        for w in spec.get("where", []):
            s = s.where(self.build(w))
        if "group_by" in spec:
            s = s.group_by(*[self.build(x) for x in spec["group_by"]])
        for h in spec.get("having", []):
            s = s.having(self.build(h))
        if "order_by" in spec:
            s = s.order_by(*[self.build(x) for x in spec["order_by"]])
        if spec.get("limit") is not None:
            s = s.limit(spec["limit"])
        if spec.get("offset") is not None:
            s = s.offset(spec["offset"])
        s = self.fetch(s, spec)
        if spec.get("distinct_on"):
            s = s.ext(distinct_on(*[self.build(x) for x in spec["distinct_on"]]))
        if spec.get("distinct"):
            s = s.distinct()
        if spec.get("for_update"):
            s = s.with_for_update()
        if "correlate" in spec:
            # [] is correlate(None): no auto-correlation
            s = s.correlate(*[TABLES[t] for t in spec["correlate"]]) if spec["correlate"] else s.correlate(None)
        if "correlate_except" in spec:
            s = s.correlate_except(*[TABLES[t] for t in spec["correlate_except"]])
        return s


    def fetch(self, s, spec):
        """FETCH FIRST n ROWS ONLY / WITH TIES; on SQLite (no FETCH) ROWS ONLY is its LIMIT.
        WITH TIES has no SQLite form: such trees carry no rows (see ``run``)."""
        if spec.get("fetch") is None:
            return s
        if self.for_sqlite and not spec.get("fetch_ties"):
            return s.limit(spec["fetch"])
        return s.fetch(spec["fetch"], with_ties=bool(spec.get("fetch_ties")))


def build(tree):
    return Builder().build(tree)


def cols_in(t):
    """Every ``col`` node of a tree, outside nested SELECTs."""
    if isinstance(t, dict):
        return [c for v in t.values() for c in cols_in(v)]
    if not isinstance(t, list):
        return []
    if is_node(t) and t[0] == "col":
        return [t]
    if is_node(t) and t[0] in ("select", "exists", "scalar", "insub"):
        return [] if t[0] != "insub" else cols_in(t[1])
    return [c for v in t for c in cols_in(v)]


# --------------------------------------------------------------------------
# Derived fields: sql, params, rows, twin, mutant
# --------------------------------------------------------------------------

def compile_stmt(stmt):
    compiled = stmt.compile(compile_kwargs={"render_postcompile": True})
    return str(compiled), dict(compiled.params)


def is_dml(tree):
    return tree[0] in ("insert", "update", "delete")


def sqlite_lacks(t):
    """Whether the tree uses what SQLite cannot run in any form (FETCH WITH TIES, DISTINCT ON,
    WITHIN GROUP, ROLLUP, CUBE, GROUPING SETS, BETWEEN SYMMETRIC, LATERAL, TABLESAMPLE, ANY/ALL): such a line records ``rows`` null, and Retort
    must refuse it on SQLite."""
    if isinstance(t, dict):
        return bool(t.get("fetch_ties") or t.get("distinct_on")) or any(sqlite_lacks(v) for v in t.values())
    if isinstance(t, list):
        return (is_node(t) and (t[0] in ("rollup", "cube", "grouping_sets", "withingroup", "betweensym",
                                          "lateral", "tablesample", "any", "all", "tcol")
                                or (t[0] == "typecoerce" and t[2] in ("JSONB", "INTARRAY")))) or \
            any(sqlite_lacks(v) for v in t)
    return False


def run(engine, tree, stmt):
    """Rows (lists) for a query; the rowcount, rolled back, for DML; None when SQLite lacks a construct."""
    if sqlite_lacks(tree):
        return None
    with engine.connect() as conn:
        if is_dml(tree):
            trans = conn.begin()
            try:
                return conn.execute(stmt).rowcount
            finally:
                trans.rollback()
        return [[float(v) if isinstance(v, decimal.Decimal) else v for v in r] for r in conn.execute(stmt)]


def has_limit(t):
    if isinstance(t, dict):
        if t.get("limit") is not None or t.get("offset") is not None or t.get("fetch") is not None:
            return True
        return any(has_limit(v) for v in t.values())
    if isinstance(t, list):
        return any(has_limit(v) for v in t)
    return False


def twin_value(v):
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        return v + 1
    if isinstance(v, str):
        return v + "z"
    return v


def twin_list(vals):
    out = [twin_value(v) for v in vals]
    if vals and isinstance(vals[0], str):
        return out + ["zz"]
    return out + [99]


def twin_frame(bounds):
    """Non-zero frame offsets move one further from 0 (stay PRECEDING/FOLLOWING)."""
    if bounds is None:
        return None
    return [b if b is None or b == 0 else (b - 1 if b < 0 else b + 1) for b in bounds]


def twin(t):
    """The same tree with other literal values.

    Like the sample: ``val`` and ``literal`` values, IN lists, LIMIT/OFFSET and
    (new) non-zero frame offsets change; raw operands (e.g. BETWEEN bounds) are
    left as they are."""
    if isinstance(t, dict):
        out = {}
        for k, v in t.items():
            if k in ("limit", "offset", "fetch") and v is not None:
                out[k] = v + 1
            elif k in ("rows", "range_"):
                out[k] = twin_frame(v)
            else:
                out[k] = twin(v)
        return out
    if not isinstance(t, list):
        return t
    if not is_node(t):
        return [twin(x) for x in t]
    op = t[0]
    if op in ("val", "literal"):
        return [op, twin_value(t[1])]
    if op in ("in", "notin"):
        return [op, twin(t[1]), twin_list(t[2])]
    if op in ("tuplein", "tuplenotin"):
        # every value +1 and one row more, as a plain IN list
        return [op, twin(t[1]), [[twin_value(v) for v in r] for r in t[2]] + [[99] * (len(t[1]) - 1)]]
    if op in ("op", "boolop"):
        return [op, t[1]] + [twin(x) for x in t[2:]]
    if op == "values":
        return [op, t[1], t[2], [[twin_value(v) for v in r] for r in t[3]]]
    if op == "textsel":
        return t
    if op in ("col", "table", "ref", "fromref", "func", "label", "cast", "subquery", "cte"):
        # names stay; only nested nodes change
        return [op] + [twin(x) if isinstance(x, (list, dict)) else x for x in t[1:]]
    if op == "with":
        return [op, [[name, twin(node)] for name, node in t[1]], twin(t[2])]
    if op in ("update", "delete", "insert"):
        return [op, t[1], twin(t[2])]
    return [op] + [twin(x) for x in t[1:]]


def mutation_sites(t, path=()):
    """Paths of every ``col`` node and every comparison / arithmetic node."""
    out = []
    if isinstance(t, dict):
        for k, v in t.items():
            out += mutation_sites(v, path + (k,))
    elif isinstance(t, list):
        if is_node(t) and t[0] == "col":
            return [path]
        if is_node(t) and t[0] in CMP_OPS + ARITH_OPS:
            out.append(path)
        for i, v in enumerate(t):
            if i == 0 and is_node(t):
                continue
            out += mutation_sites(v, path + (i,))
    return out


def mutant(t, rng):
    """One column or operator swapped, or None if the chosen site can't be."""
    sites = mutation_sites(t)
    if not sites:
        return None
    path = rng.choice(sites)
    m = copy.deepcopy(t)
    node = m
    for k in path:
        node = node[k]
    if node[0] == "col":
        others = [c for c in INT_COLS[node[1]] if c != node[2]] if node[2] in INT_COLS[node[1]] else []
        if not others:
            return None
        node[2] = rng.choice(others)
    else:
        pool = CMP_OPS if node[0] in CMP_OPS else ARITH_OPS
        node[0] = rng.choice([o for o in pool if o != node[0]])
    return m


def cache_key(tree):
    return build(tree)._generate_cache_key()


# The dialects a --profile judge5 line is also rendered for, as tools/sqla_suite/sqla_capture.py makes them: the
# base dialect classes (no driver: no bind casts) with JDBC's ? placeholders; MariaDB told at construction.
DIALECTS = ("postgresql", "mysql", "mariadb", "sqlite")


def dialect_of(name):
    from sqlalchemy.dialects.mysql.base import MySQLDialect
    from sqlalchemy.dialects.postgresql.base import PGDialect
    from sqlalchemy.dialects.sqlite.base import SQLiteDialect
    if name == "postgresql":
        return PGDialect(paramstyle="qmark")
    if name == "sqlite":
        return SQLiteDialect(paramstyle="qmark")
    d = MySQLDialect(paramstyle="qmark", **({"is_mariadb": True} if name == "mariadb" else {}))
    if name == "mariadb":
        d.server_version_info = (10, 11)
    return d


# What Retort refuses at compile time where SQLAlchemy writes SQL the database rejects: the databases lacking it.
REFUSED = {"lateral": ("mariadb", "sqlite"), "tablesample": ("mysql", "mariadb", "sqlite"), "any": ("sqlite",),
           "all": ("sqlite",), "containedby": ("mysql", "mariadb", "sqlite"), "overlap": ("mysql", "mariadb", "sqlite")}


class Unwrapped(UserDefinedType):
    """The type of an element written CAST(... AS UNWRAPPED), which unwrapped() turns into the element alone."""
    cache_ok = True

    def get_col_spec(self, **kw):
        return "UNWRAPPED"


def unwrapped(sql):
    """``sql`` with each ``CAST(x AS UNWRAPPED)`` written ``x``."""
    end = sql.find(" AS UNWRAPPED)")
    while end >= 0:
        depth, i = 0, end - 1
        while sql[i] != "(" or depth:
            depth += {")": 1, "(": -1}.get(sql[i], 0)
            i -= 1
        assert sql[i - 4:i + 1] == "CAST("
        sql = sql[:i - 4] + sql[i + 1:end] + sql[end + len(" AS UNWRAPPED)"):]
        end = sql.find(" AS UNWRAPPED)")
    return sql


def deliberate(t, name):
    """The tree whose SQL SQLAlchemy writes on dialect ``name`` as Retort writes ``t`` where Retort differs deliberately
    (the dialect's expected SQL, and SQLite's rows, come from it): a JSON element compared with a plain value (or an
    IN list of them) -- SQLite compares the element's SQL value, JSON_EXTRACT(doc, ?) = ?: SQLAlchemy's form of
    element.as_integer() and the like without its CAST (its JSON_QUOTE(JSON_EXTRACT(...)) = ? never equals a number or
    string, and it has no construct for the bare value); PostgreSQL makes the value a document, element = to_jsonb(?), where SQLAlchemy's jsonb = ? is
    an error (JsonScalarComparisonTest)."""
    if isinstance(t, dict):
        return {k: deliberate(v, name) for k, v in t.items()}
    if not isinstance(t, list):
        return t
    t = [deliberate(v, name) for v in t]
    if not (is_node(t) and t[0] in CMP_OPS + ["in", "notin"] and is_node(t[1]) and t[1][0] in ("item", "path")):
        return t
    doc = t[1][1]
    jsonb = is_node(doc) and doc[0] in ("tcol", "typecoerce") and doc[2] == "JSONB"
    values = t[2] if t[0] in ("in", "notin") else [t[2][1]] if is_node(t[2]) and t[2][0] == "val" else None
    if not values or any(isinstance(v, (bool, list, dict)) or v is None for v in values):
        return t
    if name == "sqlite" and not jsonb:
        return [t[0], ["jsonvalue", t[1]]] + t[2:]
    if name == "postgresql" and jsonb and t[0] in CMP_OPS:
        return [t[0], t[1], ["func", "to_jsonb", ["literal", values[0]]]]
    return t


def nodes_in(t):
    if isinstance(t, dict):
        return [x for v in t.values() for x in nodes_in(v)]
    if not isinstance(t, list):
        return []
    return ([t] if is_node(t) else []) + [x for v in t for x in nodes_in(v)]


def per_dialect(stmt, tree):
    """{dialect: {"sql", "params"}}, or {"error": class name} where SQLAlchemy refuses the statement, or
    {"refused": construct} where Retort does (REFUSED).  A tree of PostgreSQL's own types (JSONB, ARRAY) is
    rendered for PostgreSQL alone: Retort writes them as plain JSON elsewhere, SQLAlchemy with PostgreSQL's
    operators."""
    out = {}
    nodes = nodes_in(tree)
    pg_typed = any(n[0] in ("tcol", "typecoerce") and n[2] in ("JSONB", "INTARRAY") for n in nodes)
    for name in ("postgresql",) if pg_typed else DIALECTS:
        refused = [n[0] for n in nodes if name in REFUSED.get(n[0], ())]
        if refused:
            out[name] = {"refused": refused[0]}
            continue
        try:
            own = deliberate(tree, name)
            c = (stmt if own == tree else build(own)).compile(dialect=dialect_of(name), compile_kwargs={"render_postcompile": True})
            out[name] = {"sql": unwrapped(str(c)), "params": dict(c.params)}
        except Exception as exc:  # noqa: BLE001 - a refusal is recorded: Retort must refuse it too
            out[name] = {"error": type(exc).__name__}
    return out


def derive(engine, tree, rng, dialects=False):
    """All derived fields of one line (raises if SQLAlchemy/SQLite reject it).  ``dialects``: also
    render it for each of DIALECTS; the default dialect's ``sql`` and ``params`` are then null
    where the default dialect refuses it (an ARRAY slice), and ``rows`` null where SQLite does."""
    stmt = build(tree)
    # compiled from a statement of its own: compiling may memoize state that enters the cache key below
    by_dialect = per_dialect(build(tree), tree) if dialects else None
    try:
        sql, params = compile_stmt(stmt)
    except Exception:  # noqa: BLE001
        if not by_dialect or all("sql" not in v for v in by_dialect.values()):
            raise
        sql, params = None, None
    if by_dialect and "sql" not in by_dialect.get("sqlite", {}):
        rows = None
    else:
        rows = run(engine, tree, Builder(for_sqlite=True).build(deliberate(tree, "sqlite")))
    tw = twin(tree)
    key = stmt._generate_cache_key()
    tw_key = cache_key(tw)
    check = compile_stmt if sql is not None else (lambda st: None)
    check(build(tw))
    mu = mutant(tree, rng)
    mu_same = None
    if mu is not None:
        try:
            mu_same = cache_key(mu) == key
            check(build(mu))
        except Exception:  # noqa: BLE001 - an unbuildable mutant is dropped
            mu, mu_same = None, None
    if key is None:
        # SQLAlchemy does not cache the statement (VALUES): it says nothing about keys
        mu_same = None
    extra = {"dialects": by_dialect} if dialects else {}
    return {
        "sql": sql,
        "params": params,
        "rows": rows,
        "rows_ordered": is_dml(tree) or not has_limit(tree),
        "twin": tw,
        "same_key": None if key is None else key == tw_key,
        "mutant": mu,
        "mutant_same_key": mu_same,
        **extra,
    }


# --------------------------------------------------------------------------
# Random trees
# --------------------------------------------------------------------------

def col(t, c):
    return ["col", t, c]


def val(v):
    return ["val", v]


EXISTS_ORDERS = ["exists", ["select", {"cols": [col("orders", "id")],
                                       "where": [["eq", col("orders", "user_id"), col("users", "id")]]}]]


class Ctx:
    """What a clause may reference: the tables of the FROM, and its base table."""

    def __init__(self, tables, base=None):
        self.tables = list(tables)
        self.base = base or self.tables[0]


class TreeGen:
    """Draws trees.  ``wide`` widens every template (see module docstring)."""

    def __init__(self, rng, wide=False, shapes=False, breadth=None):
        self.r = rng
        self.breadth = breadth
        self.wide = wide or shapes
        self.shapes = shapes

    # ---- helpers -----------------------------------------------------------
    def p(self, x):
        return self.r.random() < x

    def pick(self, seq, weights=None):
        return self.r.choices(seq, weights=weights)[0] if weights else self.r.choice(seq)

    def small_int(self):
        return self.r.randint(0, 9)

    def string(self):
        return self.pick(STRINGS)

    def int_col(self, ctx):
        t = self.pick(ctx.tables)
        return col(t, self.pick(INT_COLS[t]))

    def str_col(self, ctx):
        t = self.pick(ctx.tables)
        return col(t, self.pick(STR_COLS[t]))

    def in_list(self):
        n = self.pick([1, 2, 3, 4], [24, 25, 21, 12])
        return sorted(self.r.sample(range(10), n))

    # ---- expressions -------------------------------------------------------
    def int_operand(self, ctx, depth):
        """Right-hand operand of int arithmetic/comparison."""
        x = self.r.random()
        if x < 0.62:
            return val(self.small_int())
        if x < 0.95 or depth >= 2:
            return self.int_col(ctx)
        return self.int_expr(ctx, depth + 1)

    def int_expr(self, ctx, depth=0, simple=0.55):
        """An integer-valued expression."""
        x = self.r.random()
        if depth >= 2 or x < simple:
            return self.int_col(ctx)
        x = self.r.random()
        if x < 0.55:
            return [self.pick(ARITH_OPS), self.int_expr(ctx, depth + 1, 0.7), self.int_operand(ctx, depth)]
        if x < 0.75:
            if self.p(0.3):
                return ["func", "abs", self.int_expr(ctx, depth + 1, 0.7)]
            return ["func", "coalesce", self.int_expr(ctx, depth + 1, 0.7), val(0)]
        if x < 0.82 and self.wide:
            return self.wide_int_expr(ctx, depth)
        return self.case_expr(ctx, depth)

    def wide_int_expr(self, ctx, depth):
        x = self.r.random()
        if x < 0.3:
            return ["literal", self.small_int()]
        if x < 0.55:
            return ["cast", self.str_col(ctx), "INTEGER"]
        if x < 0.75 and "users" in ctx.tables:
            return ["scalar", self.scalar_select(ctx)]
        return ["add", ["literal", self.small_int()], self.int_col(ctx)]

    def case_expr(self, ctx, depth):
        whens = [[self.pred(ctx, depth + 1, in_case=True), val(self.small_int())]]
        if self.wide:
            while self.p(0.35) and len(whens) < 3:
                whens.append([self.pred(ctx, depth + 1, in_case=True), self.case_then(ctx, depth)])
            if self.p(0.2):
                return ["case", whens, None]
            if self.p(0.2):
                return ["case", whens, self.int_expr(ctx, depth + 1, 0.4)]
        return ["case", whens, val(self.small_int())]

    def case_then(self, ctx, depth):
        x = self.r.random()
        if x < 0.6:
            return val(self.small_int())
        if x < 0.8:
            return self.int_col(ctx)
        return self.case_expr(ctx, depth + 1) if depth < 2 else ["literal", self.small_int()]

    def str_expr(self, ctx):
        x = self.r.random()
        if x < 0.6:
            return self.str_col(ctx)
        if x < 0.8:
            return ["func", self.pick(["lower", "upper"]), self.str_col(ctx)]
        return ["concat", self.str_col(ctx), val(self.string())]

    def col_expr(self, ctx, depth=0):
        """A SELECT-list expression, weights as in the sample."""
        x = self.r.random()
        if x < 0.55:
            return self.pick([self.int_col, self.str_col], [60, 40])(ctx)
        if x < 0.67:
            if self.p(0.55):
                return ["func", self.pick(["lower", "upper"]), self.str_col(ctx)]
            if self.p(0.35):
                return ["func", "abs", self.int_expr(ctx, 1)]
            return ["func", "coalesce", self.int_expr(ctx, 1), val(0)]
        if x < 0.76:
            return ["concat", self.str_col(ctx), val(self.string())]
        if x < 0.83:
            return self.case_expr(ctx, depth)
        if x < 0.87:
            return ["cast", self.int_col(ctx), "VARCHAR"]
        return [self.pick(ARITH_OPS), self.int_expr(ctx, 1, 0.75), self.int_operand(ctx, 1)]

    def wide_col_expr(self, ctx, cols):
        """Widened SELECT-list items: repeats, same-named columns, casts, literals."""
        x = self.r.random()
        plain = [c for c in cols if is_node(c) and c[0] == "col"]
        if x < 0.2 and plain:
            return copy.deepcopy(self.pick(plain))                    # repeated column
        if x < 0.35:
            name = self.pick(["id", "user_id", "name", "age", "email", "qty", "status"])
            owners = [t for t in ctx.tables if name in TABLES[t].c]
            if owners:
                return col(self.pick(owners), name)                  # same name, maybe other table
        if x < 0.5:
            src = self.pick(plain) if plain and self.p(0.5) else self.pick([self.int_col, self.str_col])(ctx)
            return ["cast", copy.deepcopy(src), self.pick(["VARCHAR", "INTEGER"])]
        if x < 0.58:
            return ["literal", self.pick([self.small_int(), self.string()])]
        if x < 0.66 and "users" in ctx.tables:
            return ["scalar", self.scalar_select(ctx)]
        if x < 0.74:
            return ["cast", self.int_expr(ctx, 1, 0.0), "VARCHAR"]
        if x < 0.82:
            return self.case_expr(ctx, 0)
        if x < 0.9:
            return ["func", "coalesce", self.str_col(ctx), val(self.string())]
        return ["concat", ["func", "lower", self.str_col(ctx)], self.str_col(ctx)]

    def scalar_select(self, ctx):
        """A correlated scalar subquery on orders (or addresses)."""
        if self.wide and self.p(0.3):
            f = self.pick(["count", "max", "min"])
            return ["select", {"cols": [["func", f, col("addresses", "id")]],
                               "where": [["eq", col("addresses", "user_id"), col("users", "id")]]}]
        spec = {"cols": [["func", self.pick(AGG_FUNCS), col("orders", "qty")]],
                "where": [["eq", col("orders", "user_id"), col("users", "id")]]}
        if self.wide and self.p(0.15):
            spec["cols"] = [col("orders", "qty")]
            spec["order_by"] = [["desc", col("orders", "qty")]]
            spec["limit"] = 1
        if self.wide and self.p(0.3):
            spec["where"].append(self.simple_pred(Ctx(["orders"])))
        return ["select", spec]

    # ---- predicates --------------------------------------------------------
    def comparison(self, ctx, depth):
        op = self.pick(CMP_OPS, [61, 73, 37, 39, 37, 43])
        if self.p(0.22):
            # string comparison (eq/ne in the sample)
            op = self.pick(["eq", "ne"]) if not self.wide else op
            return [op, self.str_expr(ctx), val(self.string())]
        left = self.int_expr(ctx, depth + 1, 0.8)
        if self.wide and self.p(0.08) and "users" in ctx.tables:
            left = ["scalar", self.scalar_select(ctx)]
        x = self.r.random()
        if x < 0.62:
            right = val(self.small_int())
        elif x < 0.95:
            right = self.int_col(ctx)
        else:
            right = self.int_expr(ctx, depth + 1, 0.0)
        return [op, left, right]

    def simple_pred(self, ctx):
        """One non-compound predicate over ``ctx``."""
        x = self.r.random()
        if x < 0.55:
            return self.comparison(ctx, 2)
        if x < 0.65:
            return [self.pick(["isnull", "isnotnull"]), self.pick([self.int_col, self.str_col])(ctx)]
        if x < 0.75:
            return [self.pick(["like", "notlike"]), self.str_col(ctx), val(self.string())]
        if x < 0.9:
            return [self.pick(["in", "notin"]), self.int_col(ctx), self.in_list()]
        lo = self.r.randint(0, 9)
        return ["between", self.int_col(ctx), lo, lo + self.r.randint(0, 5)]

    def insub(self, ctx, depth):
        """x IN (SELECT orders.user_id ...)."""
        sub = {"cols": [col("orders", "user_id")], "where": [self.simple_pred(Ctx(["orders"]))]}
        left = self.int_col(ctx)
        if self.wide:
            x = self.r.random()
            if x < 0.25:
                sub = {"cols": [col("addresses", "user_id")],
                       "where": [self.simple_pred(Ctx(["addresses"]))]}
            elif x < 0.4 and "users" in ctx.tables:
                # correlated IN subquery
                sub["where"] = [["ge", col("orders", "qty"), col("users", "age")]] if self.p(0.5) else \
                    [["eq", col("orders", "user_id"), col("users", "id")], self.simple_pred(Ctx(["orders"]))]
                left = col("users", "id")
            elif x < 0.5:
                sub = {"cols": [col("users", "id")], "where": [self.simple_pred(Ctx(["users"]))]}
        return ["insub", left, ["select", sub]]

    def exists_pred(self, ctx):
        if not self.wide or self.p(0.5):
            return copy.deepcopy(EXISTS_ORDERS)
        x = self.r.random()
        if x < 0.35:
            return ["exists", ["select", {"cols": [col("orders", "id")], "where": [
                ["eq", col("orders", "user_id"), col("users", "id")], self.simple_pred(Ctx(["orders"]))]}]]
        if x < 0.65:
            return ["exists", ["select", {"cols": [col("addresses", "id")], "where": [
                ["eq", col("addresses", "user_id"), col("users", "id")]]}]]
        # uncorrelated
        return ["exists", ["select", {"cols": [col("orders", "id")], "where": [self.simple_pred(Ctx(["orders"]))]}]]

    def pred(self, ctx, depth=0, in_case=False):
        """A boolean expression over ``ctx`` (weights as in the sample)."""
        kinds = ["cmp", "null", "like", "in", "between", "andor", "not", "exists", "insub"]
        weights = [47, 9, 8, 13, 5, 30, 7, 6, 3] if not in_case else [40, 8, 0, 14, 10, 8, 2, 8, 4]
        if self.wide:
            weights = [40, 8, 8, 12, 6, 18, 12, 6, 5]
        max_depth = 3 if self.wide else 2
        kind = self.pick(kinds, weights)
        if kind == "andor" and depth >= max_depth:
            kind = "cmp"
        if kind == "not" and depth >= max_depth + 1:
            kind = "cmp"
        if kind == "exists" and "users" not in ctx.tables:
            kind = "cmp"
        if kind == "cmp":
            return self.comparison(ctx, depth)
        if kind == "null":
            return [self.pick(["isnull", "isnotnull"]), self.pick([self.int_col, self.str_col])(ctx)]
        if kind == "like":
            left = self.str_col(ctx) if self.p(0.85) else self.str_expr(ctx)
            return [self.pick(["like", "notlike"], [16, 24]), left, val(self.string())]
        if kind == "in":
            op = self.pick(["in", "notin"], [43, 39])
            if self.wide and self.p(0.12):
                names = sorted(self.r.sample(["ann", "bob", "cy", "ed", "x"], self.r.randint(1, 3)))
                return [op, self.str_col(ctx), names]
            if self.wide and self.p(0.05):
                return [op, self.int_col(ctx), []]                   # empty IN
            return [op, self.int_col(ctx), self.in_list()]
        if kind == "between":
            lo = self.r.randint(0, 9)
            hi = lo + self.pick([0, 1, 2, 3, 4, 5], [5, 12, 5, 4, 3, 2])
            left = self.int_expr(ctx, depth + 1, 0.85)
            if self.wide and self.p(0.4):
                # bounds as bound values (twinned) or as columns
                lo, hi = val(lo), (val(hi) if self.p(0.7) else self.int_col(ctx))
            return ["between", left, lo, hi]
        if kind == "andor":
            n = self.pick([2, 3], [55, 45])
            return [self.pick(["and", "or"]), *[self.pred(ctx, depth + 1) for _ in range(n)]]
        if kind == "not":
            inner = self.pred(ctx, depth + 1)
            if self.wide and self.p(0.15) and "users" in ctx.tables:
                inner = self.exists_pred(ctx)
            return ["not", inner]
        if kind == "exists":
            return self.exists_pred(ctx)
        return self.insub(ctx, depth)

    # ---- FROM --------------------------------------------------------------
    def from_clause(self, join_p):
        """(from-node or None, Ctx)."""
        if not self.p(join_p):
            if self.wide:
                t = self.pick(["users", "orders", "addresses"], [60, 25, 15])
            else:
                t = self.pick(["users", "orders"], [84, 16])
            return None, Ctx([t])
        if self.wide and self.p(0.15):
            return self.three_way_join()
        other = self.pick(["addresses", "orders"], [64, 36])
        outer = self.p(0.3)
        if other == "addresses":
            on = None
        else:
            on = ["eq", col("users", "id"), col("orders", "user_id")]
        left, right = ["table", "users"], ["table", other]
        if self.wide:
            on = None if self.p(0.5) else self.pick([
                ["eq", col("users", "id"), col(other, "user_id")],
                ["eq", col(other, "user_id"), col("users", "id")]])
            if self.p(0.35):
                left, right = right, left
        ctx = Ctx([left[1], right[1]], base="users")
        return ["join", left, right, on, outer], ctx

    def three_way_join(self):
        inner = ["join", ["table", "users"], ["table", "addresses"], None, self.p(0.3)]
        on = None if self.p(0.5) else ["eq", col("orders", "user_id"), col("users", "id")]
        return ["join", inner, ["table", "orders"], on, self.p(0.3)], Ctx(["users", "addresses", "orders"], "users")

    def order_by(self, ctx):
        key = col(ctx.base, "id")
        if self.wide and self.p(0.4):
            keys = []
            for _ in range(self.pick([1, 2], [60, 40])):
                e = self.pick([self.int_col, self.str_col])(ctx) if self.p(0.7) else self.int_expr(ctx, 1, 0.0)
                keys.append([self.pick(["asc", "desc"]), e] if self.p(0.7) else e)
            return keys
        return [[self.pick(["asc", "desc"]), key]]

    def tail(self, spec, ctx, p_order, p_limit, p_distinct):
        if self.p(p_order):
            spec["order_by"] = self.order_by(ctx)
        if self.p(p_limit):
            spec["limit"] = self.r.randint(1, 5)
            if self.p(0.55):
                spec["offset"] = self.r.randint(0, 3)
        if self.p(p_distinct):
            spec["distinct"] = True

    def where(self, ctx, weights):
        n = self.pick([0, 1, 2], weights)
        return [self.pred(ctx) for _ in range(n)]

    # ---- templates ---------------------------------------------------------
    def t_plain(self):
        frm, ctx = self.from_clause(0.36 if not self.wide else 0.5)
        cols = []
        if self.p(0.24):
            cols.append(["table", ctx.base if frm is None or self.p(0.8) else self.pick(ctx.tables)])
        n = self.pick([1, 2, 3, 4, 5], [46, 46, 49, 13, 2]) if not self.wide else self.r.randint(1, 6)
        while len(cols) < n:
            e = self.wide_col_expr(ctx, cols) if self.wide and self.p(0.4) else self.col_expr(ctx)
            if self.p(0.27):
                e = ["label", e, "c%d" % len(cols)]
            cols.append(e)
        spec = {"cols": cols}
        if frm is not None:
            spec["from"] = frm
        w = self.where(ctx, [30, 65, 61])
        if w:
            spec["where"] = w
        self.tail(spec, ctx, 0.41, 0.2, 0.12)
        labelled = [c for c in cols if c[0] == "label"]
        if self.wide and labelled and self.p(0.15):
            # ORDER BY a label equal to one in the SELECT list
            lab = copy.deepcopy(self.pick(labelled))
            spec["order_by"] = [[self.pick(["asc", "desc"]), lab] if self.p(0.6) else lab]
        return ["select", spec]

    def t_group(self):
        frm, ctx = self.from_clause(0.32)
        gcol = self.pick([self.int_col, self.str_col])(ctx)
        if self.wide and self.p(0.15):
            f = ["func", "count"]
        else:
            f = ["func", self.pick(AGG_FUNCS, [48, 21, 20, 23]), self.int_col(ctx)]
        agg = ["label", f, "agg"] if self.p(0.55) else f
        cols = [gcol, agg]
        group = [copy.deepcopy(gcol)]
        if self.wide and self.p(0.3):
            g2 = self.pick([self.int_col, self.str_col])(ctx)
            cols.insert(1, g2)
            group.append(copy.deepcopy(g2))
        spec = {"cols": cols, "group_by": group}
        if self.p(0.3):
            having = ["gt", copy.deepcopy(f), val(self.small_int())]
            if self.wide and self.p(0.4):
                having = [self.pick(["and", "or"]), having,
                          [self.pick(CMP_OPS), ["func", self.pick(AGG_FUNCS), self.int_col(ctx)], val(self.small_int())]]
            spec["having"] = [having]
        if frm is not None:
            spec["from"] = frm
        w = self.where(ctx, [9, 17, 12])
        if w:
            spec["where"] = w
        self.tail(spec, ctx, 0.37, 0.24, 0.0)
        if self.wide and self.p(0.2):
            spec["order_by"] = [[self.pick(["asc", "desc"]), copy.deepcopy(f)]]
        return ["select", spec]

    def frame(self):
        if not self.wide:
            return {"rows": [None, 0]} if self.p(0.5) else {}
        x = self.r.random()
        bounds = self.pick([[None, 0], [None, None], [0, None], [-2, 1], [-1, 0], [0, 2], [1, 3],
                            [-3, -1], [None, 2], [2, None], [0, 0]])
        if x < 0.3:
            return {}
        if x < 0.7:
            return {"rows": bounds}
        return {"range_": bounds}

    def over(self, ctx):
        fname = self.pick(AGG_FUNCS) if self.wide else "max"
        fn = ["func", fname, self.int_col(ctx)]
        spec = {}
        if not self.wide or self.p(0.8):
            spec["partition_by"] = [self.str_col(ctx)]
            if self.wide and self.p(0.2):
                spec["partition_by"].append(self.int_col(ctx))
        fr = self.frame()
        if not self.wide or self.p(0.85) or fr:
            spec["order_by"] = [col(ctx.base, "id")]
            if self.wide and self.p(0.25) and "range_" not in fr:
                spec["order_by"] = [[self.pick(["asc", "desc"]), self.int_col(ctx)]]
        spec.update(fr)
        return ["over", fn, spec]

    def t_window(self):
        frm, ctx = self.from_clause(0.32)
        cols = []
        if self.p(0.16):
            cols.append(["table", "users" if "users" in ctx.tables else ctx.base])
        n = self.pick([1, 2, 3], [6, 6, 7])
        while len(cols) < n:
            e = self.col_expr(ctx)
            if self.p(0.35):
                e = ["label", e, "c%d" % len(cols)]
            cols.append(e)
        cols.append(self.over(ctx))
        if self.wide and self.p(0.3):
            o = self.over(ctx)
            cols.append(["label", o, "w"] if self.p(0.5) else o)
        spec = {"cols": cols}
        if frm is not None:
            spec["from"] = frm
        w = self.where(ctx, [6, 8, 5])
        if w:
            spec["where"] = w
        self.tail(spec, ctx, 0.47, 0.21, 0.1)
        return ["select", spec]

    def t_scalar(self):
        ctx = Ctx(["users"])
        spec = {"cols": [col("users", "name"), ["label", ["scalar", self.scalar_select(ctx)], "n"]],
                "where": [self.pred(ctx)]}
        if self.wide and self.p(0.3):
            spec["cols"].append(["scalar", self.scalar_select(ctx)])
        return ["select", spec]

    def agg_select(self):
        f = self.pick(["max", "count", "min", "sum"])
        inner = {"cols": [col("orders", "user_id"), ["label", ["func", f, col("orders", "qty")], "total"]],
                 "group_by": [col("orders", "user_id")]}
        if self.p(0.35):
            inner["where"] = [self.pred(Ctx(["orders"]), 1)]
        if self.wide and self.p(0.15):
            inner["order_by"] = [col("orders", "user_id")]
            inner["limit"] = self.r.randint(2, 4)
        return inner

    def t_with(self):
        name = self.pick(["totals", "agg", "t"])
        kind = self.pick(["cte", "subquery"])
        if self.wide and self.p(0.6):
            return self.t_with_wide(name, kind)
        inner = self.agg_select()
        outer = {"cols": [col("users", "name"), ["ref", name, "total"]],
                 "from": ["join", ["table", "users"], ["fromref", name],
                          ["eq", col("users", "id"), ["ref", name, "user_id"]], self.p(0.4)]}
        if self.p(0.55):
            outer["where"] = [["gt", ["ref", name, "total"], val(self.small_int())]]
        if self.p(0.35):
            outer["order_by"] = [["desc", ["ref", name, "total"]]]
        return ["with", [[name, [kind, ["select", inner], name]]], ["select", outer]]

    def keys_of(self, defs, name):
        """Column keys SQLAlchemy gives the named subquery/CTE (handles de-duplication)."""
        b = Builder()
        for n, node in defs:
            b.env[n] = b.build(node)
        return list(b.env[name].c.keys())

    def t_with_wide(self, name, kind):
        x = self.r.random()
        defs = []
        if x < 0.25:
            # a union as the subquery / CTE
            body = ["union" if self.p(0.5) else "union_all",
                    ["select", {"cols": [col("users", "id"), col("users", "name")],
                                "where": [self.simple_pred(Ctx(["users"]))]}],
                    ["select", {"cols": [col("orders", "user_id"), col("orders", "status")]}]]
            defs.append([name, [kind, body, name]])
        elif x < 0.5:
            # a join inside, with same-named columns (SQLAlchemy de-duplicates the keys)
            body = ["select", {"cols": [col("users", "id"), col("users", "name"), col("addresses", "id"),
                                        col("addresses", "email")],
                               "from": ["join", ["table", "users"], ["table", "addresses"], None, False],
                               "where": [self.simple_pred(Ctx(["users", "addresses"]))]}]
            defs.append([name, [kind, body, name]])
        else:
            defs.append([name, [kind, ["select", self.agg_select()], name]])
        if kind == "cte" and self.p(0.3):
            # a second CTE reading the first
            keys = self.keys_of(defs, name)
            defs.append(["t2", ["cte", ["select", {"cols": [["ref", name, k] for k in keys[:2]],
                                                   "where": [["isnotnull", ["ref", name, keys[0]]]]}], "t2"]])
            name = "t2"
        keys = self.keys_of(defs, name)
        y = self.r.random()
        refcols = [["ref", name, k] for k in self.r.sample(keys, self.r.randint(1, len(keys)))]
        if y < 0.3:
            outer = {"cols": refcols}
            if self.p(0.5):
                outer["from"] = ["fromref", name]
        elif y < 0.45:
            outer = {"cols": [["fromref", name]]}
        elif y < 0.75:
            other = self.pick(["users", "orders", "addresses"])
            key0 = keys[0]
            joincol = "id" if other == "users" else "user_id"
            on = ["eq", col(other, joincol), ["ref", name, key0]]
            left, right = ["table", other], ["fromref", name]
            if self.p(0.3):
                left, right = right, left
            outer = {"cols": [col(other, "id")] + refcols,
                     "from": ["join", left, right, on, self.p(0.4)]}
        else:
            # referenced from a WHERE subquery
            outer = {"cols": [col("users", "id"), col("users", "name")],
                     "where": [["insub", col("users", "id"), ["select", {"cols": [["ref", name, keys[0]]]}]]]}
        if self.p(0.3) and y < 0.75:
            outer["order_by"] = [["desc", refcols[0]]]
        return ["with", defs, ["select", outer]]

    def t_union(self):
        op = self.pick(["union", "union_all"])
        n = 2 if not self.wide or self.p(0.5) else 3
        two_cols = self.wide and self.p(0.3)
        parts = []
        for t in ["users", "orders", "addresses"][:n]:
            spec = {"cols": [col(t, "id") if t == "users" else col(t, "user_id")]}
            if two_cols:
                spec["cols"].append(col(t, STR_COLS[t][0]))
            if self.p(0.6):
                spec["where"] = [self.pred(Ctx([t]), 1)]
            parts.append(["select", spec])
        return [op] + parts

    def t_delete(self):
        t = self.pick(["addresses", "orders"]) if not self.wide else self.pick(["addresses", "orders", "users"])
        ctx = Ctx([t])
        if self.p(0.1):
            w = self.insub(ctx, 0)
        else:
            w = self.pred(ctx, 1)
        if self.wide and t == "users" and self.p(0.4):
            w = self.exists_pred(ctx) if self.p(0.5) else ["not", self.exists_pred(ctx)]
        return ["delete", t, {"where": [w]}]

    def t_update(self):
        t = "users" if not self.wide else self.pick(["users", "users", "orders", "addresses"])
        ctx = Ctx([t])
        values = {}
        if not self.wide:
            values["name"] = val(self.string())
            if self.p(0.35):
                values["age"] = ["add", col("users", "age"), val(1)] if self.p(0.6) else val(self.small_int())
            return ["update", t, {"where": [self.pred(ctx, 1)], "values": values}]
        for c in [c.name for c in TABLES[t].columns if c.name != "id"]:
            if self.p(0.6):
                values[c] = self.dml_value(t, c, correlate=True)
        if not values:
            c = STR_COLS[t][0]
            values[c] = val(self.string())
        items = list(values.items())
        self.r.shuffle(items)
        spec = {"where": [self.pred(ctx, 1)], "values": dict(items)}
        if self.p(0.07):
            del spec["where"]
        elif self.p(0.2):
            spec["where"].append(self.pred(ctx, 1))
        return ["update", t, spec]

    def dml_value(self, t, c, correlate):
        """A value for column ``t.c`` in INSERT/UPDATE: plain or an expression."""
        is_int = c in INT_COLS[t]
        x = self.r.random()
        if x < 0.45:
            return val(self.small_int() if is_int else self.string())
        if x < 0.55:
            return ["literal", self.small_int() if is_int else self.string()]
        if is_int:
            if correlate and x < 0.75:
                return [self.pick(ARITH_OPS), col(t, c), val(self.r.randint(1, 9))]
            if correlate and t == "users" and x < 0.85:
                return ["scalar", ["select", {"cols": [["func", "count", col("orders", "id")]],
                                              "where": [["eq", col("orders", "user_id"), col("users", "id")]]}]]
            if correlate and x < 0.92:
                return ["case", [[self.simple_pred(Ctx([t])), val(self.small_int())]], col(t, c)]
            return ["add", ["literal", self.small_int()], val(self.small_int())]
        if correlate and x < 0.8:
            return ["concat", col(t, c), val(self.string())]
        if correlate and x < 0.9:
            return ["func", self.pick(["upper", "lower"]), col(t, c)]
        return ["func", "upper", val(self.string())]

    def t_insert(self):
        if not self.wide:
            return ["insert", "orders", {"values": {
                "id": val(self.r.randint(101, 140)), "user_id": val(self.r.randint(1, 5)),
                "qty": val(self.r.randint(1, 9)), "status": val(self.pick(["open", "done"]))}}]
        t = self.pick(["orders", "users", "addresses"])
        values = {"id": val(self.r.randint(101, 140))}
        for c in [c.name for c in TABLES[t].columns if c.name != "id"]:
            if self.p(0.75):
                values[c] = self.dml_value(t, c, correlate=False)
        if t == "orders" and self.p(0.15):
            values["qty"] = ["scalar", ["select", {"cols": [["func", "max", col("orders", "qty")]]}]]
        items = list(values.items())
        if self.p(0.5):
            self.r.shuffle(items)
        return ["insert", t, {"values": dict(items)}]

    # ---- shapes of issue 12 (profile "shapes") ------------------------------
    def member_select(self, t, limited):
        spec = {"cols": [col(t, "id") if t == "users" else col(t, "user_id")]}
        if self.p(0.5):
            spec["where"] = [self.pred(Ctx([t]), 1)]
        if limited:
            spec["order_by"] = [[self.pick(["asc", "desc"]), col(t, "id")]]
            spec["limit"] = self.r.randint(1, 4)
        return ["select", spec]

    def compound(self, depth=0):
        kinds = ["union", "union_all", "intersect", "except"]
        members = []
        for t in self.r.sample(["users", "orders", "addresses"], self.pick([2, 3], [70, 30])):
            if depth == 0 and self.p(0.3):
                members.append(self.compound(depth + 1))
            else:
                members.append(self.member_select(t, self.p(0.35)))
        spec = {}
        if depth == 0 and self.p(0.4):
            spec["order_by"] = [self.pick([["desc", col("users", "id")], ["asc", col("users", "id")], col("users", "id")])]
            if self.p(0.5):
                spec["limit"] = self.r.randint(1, 5)
        if depth == 0 and spec.get("order_by") and members[0][0] == "select" and members[0][1]["cols"][0][1] != "users":
            # the compound's ORDER BY names the first SELECT's column: keep it users.id
            members[0] = self.member_select("users", "limit" in members[0][1])
        return ["compound", self.pick(kinds), members, spec]

    def t_compound(self):
        return self.compound()

    def t_right_join(self):
        inner = ["join", ["table", "addresses"], ["table", "orders"], ["eq", col("addresses", "user_id"), col("orders", "user_id")], self.p(0.3)]
        j = ["join", ["table", "users"], inner, ["eq", col("users", "id"), col("addresses", "user_id")], self.p(0.4)]
        ctx = Ctx(["users", "addresses", "orders"], "users")
        spec = {"cols": [col("users", "name"), col("addresses", "email"), col("orders", "qty")], "from": j}
        if self.p(0.6):
            spec["where"] = [self.pred(ctx, 1)]
        return ["select", spec]

    def t_correlated_dml(self):
        if self.p(0.5):
            values = {"name": col("addresses", "email")} if self.p(0.6) else {"age": ["add", col("users", "age"), col("addresses", "id")]}
            where = [["eq", col("users", "id"), col("addresses", "user_id")], ["eq", col("addresses", "id"), val(self.r.randint(1, 4))]]
            return ["update", "users", {"where": where, "values": values}]
        t = self.pick(["orders", "addresses"])
        where = [["eq", col(t, "user_id"), col("users", "id")], self.comparison(Ctx(["users"]), 1)]
        return ["delete", t, {"where": where}]

    def t_constructs(self):
        ctx = Ctx(["users"])
        cols = [col("users", "id")]
        for _ in range(self.pick([1, 2])):
            cols.append(self.pick([
                lambda: ["div", col("users", "age"), val(self.r.randint(1, 9))],
                lambda: ["floordiv", col("users", "age"), val(self.r.randint(1, 9))],
                lambda: ["div", col("users", "id"), col("users", "age")],
            ])())
        spec = {"cols": cols}
        if self.p(0.5):
            spec["where"] = [[self.pick(["isdistinct", "isnotdistinct"]), col("users", "age"), val(self.pick([31, 17, None]))]]
        if self.p(0.5):
            spec["order_by"] = [[self.pick(["nullsfirst", "nullslast"]), [self.pick(["asc", "desc"]), col("users", "age")]], col("users", "id")]
        if self.p(0.3):
            spec["where"] = spec.get("where", []) + [["eq", ["collate", col("users", "name"), "NOCASE"], val(self.pick(["ANN", "Bob", "ed"]))]]
        if self.p(0.25):
            spec["for_update"] = True
        if self.p(0.35):
            agg = ["func", "count", ["distinct", col("users", "age")]] if self.p(0.5) else \
                ["filter", ["func", self.pick(["count", "sum", "max"]), col("users", "age")], self.comparison(ctx, 1)]
            spec = {"cols": [agg], "where": spec.get("where", [])}
            if not spec["where"]:
                del spec["where"]
        return ["select", spec]

    # ---- constructs added by h-sqlbreadth (profile "breadth") ------------------
    BIT_OPS = ["bitand", "bitor", "bitxor", "lshift", "rshift"]

    def bit_expr(self, ctx, depth=0):
        """An integer expression made of bitwise operators (and op() with a custom spelling)."""
        x = self.r.random()
        left = self.int_col(ctx) if depth > 0 or self.p(0.7) else self.bit_expr(ctx, depth + 1)
        right = val(self.r.randint(0, 7)) if self.p(0.65) else self.int_col(ctx)
        if 0.6 <= x < 0.75:
            return ["bitnot", left]
        node = [self.pick(self.BIT_OPS), left, right] if x < 0.6 else ["op", self.pick(["&", "|", "<<", ">>"]), left, right]
        if node[0] == "lshift" or node[1] == "<<":
            # a column and at most 7 bits, so results fit 32 bits: the expression is typed INTEGER and
            # Retort refuses a wider result naming the column (Python's int has no width; see IntegerWidthTest)
            node[-2:] = [self.int_col(ctx), val(self.r.randint(0, 7))]
        return node

    def t_bitwise(self):
        t = self.pick(["users", "orders"], [60, 40])
        ctx = Ctx([t])
        cols = [col(t, "id")] + [self.bit_expr(ctx) for _ in range(self.r.randint(1, 3))]
        cols = [["label", c, "b%d" % i] if i and self.p(0.3) else c for i, c in enumerate(cols)]
        spec = {"cols": cols}
        if self.p(0.6):
            w = [self.pick(["eq", "ne", "gt"]), self.bit_expr(ctx), val(self.r.randint(0, 4))]
            if self.p(0.25):
                w = ["boolop", self.pick(["<", ">=", "="]), self.int_col(ctx), self.bit_expr(ctx)]
            spec["where"] = [w]
        if self.p(0.3):
            spec["order_by"] = [self.bit_expr(ctx), col(t, "id")]
        return ["select", spec]

    # ---- operator modifiers (--profile operators) -----------------------------
    LIKE_CHARS = "aeoOnNd%_/^#\\"

    def like_value(self):
        """A value holding wildcard and escape characters, often part of a stored name."""
        if self.p(0.5):
            name = self.pick(["ann", "bob", "cy", "dee", "ed", "open", "done", "ann@x.org"])
            i = self.r.randint(0, len(name) - 1)
            v = name[i:i + self.r.randint(1, 3)]
            return v if self.p(0.75) else v + self.pick(["%", "_", "/", "^"])
        return "".join(self.pick(self.LIKE_CHARS) for _ in range(self.r.randint(1, 3)))

    def operator_pred(self, ctx):
        x = self.r.random()
        c = self.str_col(ctx)
        if x < 0.2:
            esc = self.pick(["/", "^", "#", "\\"])
            v = self.like_value().replace(esc, esc + esc)
            return ["likeesc", self.pick(["like", "notlike", "ilike", "notilike"]), c, val("%" + v + "%"), esc]
        if x < 0.6:
            kind = self.pick(["contains", "startswith", "endswith", "icontains", "istartswith", "iendswith"])
            auto = self.p(0.7)
            esc = self.pick([None, "^", "#", "/"]) if auto else self.pick(["^", "\\", "/"])
            node = ["pattern", kind, c, val(self.like_value()), auto, esc]
            return ["not", node] if self.p(0.25) else node
        if x < 0.7:
            lo = self.r.randint(0, 60)
            return ["betweensym", self.int_col(ctx), lo, self.r.randint(0, 60)]
        if x < 0.8:
            return [self.pick(["is", "isnot"]), self.int_col(ctx), val(self.r.randint(0, 9))]
        if x < 0.9:
            return ["postfixop", self.pick(["ISNULL", "NOTNULL"]), self.int_col(ctx), True]
        return [self.pick(CMP_OPS), ["prefixop", self.pick(["-", "~"]), self.int_col(ctx)], val(self.r.randint(-9, 9))]

    def t_operators(self):
        t = self.pick(["users", "orders", "addresses"], [50, 30, 20])
        ctx = Ctx([t])
        cols = [col(t, "id"), col(t, STR_COLS[t][0])]
        if self.p(0.2):
            cols.append(["prefixop", "-", self.int_col(ctx)])
        spec = {"cols": cols, "where": [self.operator_pred(ctx)]}
        if self.p(0.3):
            spec["where"].append(self.pick([self.operator_pred(ctx), self.pred(ctx, 2)]))
        if self.p(0.3):
            spec["order_by"] = [col(t, "id")]
        return ["select", spec]

    def tuple_pred(self, ctx):
        t = ctx.base
        names = self.r.sample(INT_COLS[t], self.pick([2, 3], [75, 25]) if len(INT_COLS[t]) > 2 else 2)
        tup = ["tuple"] + [col(t, c) for c in names]
        x = self.r.random()
        if x < 0.55:
            rows = [self.tuple_row(t, names) for _ in range(self.pick([1, 2, 3], [30, 45, 25]))]
            return [self.pick(["tuplein", "tuplenotin"], [65, 35]), tup, rows]
        other = ["tuple"] + [val(self.r.randint(0, 9)) for _ in names]
        if self.p(0.2):
            other[1] = self.int_col(ctx)
        return [self.pick(CMP_OPS), tup, other]

    def tuple_row(self, t, names):
        """Values of the named columns: of a stored row (so the IN matches) or random."""
        if self.p(0.6):
            stored = self.pick(ROWS[t])
            cols = [c.name for c in TABLES[t].columns]
            row = [stored[cols.index(c)] for c in names]
            if None not in row:
                return row
        return [self.r.randint(0, 9) for _ in names]

    def t_tuple(self):
        t = self.pick(["users", "orders", "addresses"], [50, 35, 15])
        ctx = Ctx([t])
        spec = {"cols": [col(t, "id"), col(t, STR_COLS[t][0])], "where": [self.tuple_pred(ctx)]}
        if self.p(0.3):
            spec["where"].append(self.pred(ctx, 2))
        if self.p(0.15):
            spec["where"] = [["not", spec["where"][0]]] + spec["where"][1:]
        return ["select", spec]

    def t_fetch(self):
        frm, ctx = self.from_clause(0.3)
        spec = {"cols": [col(ctx.base, "id"), self.pick([self.int_col, self.str_col])(ctx)]}
        if frm is not None:
            spec["from"] = frm
        if self.p(0.4):
            spec["where"] = [self.pred(ctx, 1)]
        spec["order_by"] = self.order_by(ctx) if self.p(0.85) else []
        if not spec["order_by"]:
            del spec["order_by"]
        if self.p(0.3):
            spec["offset"] = self.r.randint(0, 3)
        spec["fetch"] = self.r.randint(1, 4)
        if self.p(0.3):
            spec["fetch_ties"] = True
        return ["select", spec]

    def t_grouping(self):
        t = self.pick(["users", "orders"])
        ctx = Ctx([t])
        keys = [col(t, c) for c in self.r.sample([c for c in (INT_COLS[t] + STR_COLS[t]) if c != "id"], 2)]
        kind = self.pick(["rollup", "cube", "grouping_sets"])
        if kind == "grouping_sets":
            sets = [["tuple", k] for k in keys] + ([["tuple"] + keys] if self.p(0.4) else []) + ([["tuple"]] if self.p(0.5) else [])
            g = ["grouping_sets"] + sets
        else:
            g = [kind] + keys
        spec = {"cols": keys + [["func", self.pick(["count", "sum", "max"]), col(t, "id")]], "group_by": [g]}
        if self.p(0.3):
            spec["where"] = [self.simple_pred(ctx)]
        return ["select", spec]

    def t_distinct_on(self):
        t = self.pick(["users", "orders"])
        ctx = Ctx([t])
        keys = [self.pick([self.int_col, self.str_col])(ctx) for _ in range(self.pick([1, 2], [70, 30]))]
        spec = {"cols": [col(t, "id")] + [k for k in keys if k != col(t, "id")], "distinct_on": keys,
                "order_by": keys + [[self.pick(["asc", "desc"]), col(t, "id")]]}
        if self.p(0.3):
            spec["where"] = [self.simple_pred(ctx)]
        return ["select", spec]

    def t_within_group(self):
        t = self.pick(["users", "orders"])
        ctx = Ctx([t])
        f = self.pick([["func", "percentile_cont", val(self.pick([0.25, 0.5, 0.9]))],
                       ["func", "percentile_disc", val(0.5)], ["func", "mode"],
                       ["func", "rank", val(self.small_int())]])
        order = [self.int_col(ctx) if self.p(0.6) else [self.pick(["asc", "desc"]), self.int_col(ctx)]]
        spec = {"cols": [["label", ["withingroup", f, order], "w"]]}
        if self.p(0.4):
            g = self.str_col(ctx)
            spec["cols"].insert(0, g)
            spec["group_by"] = [g]
        return ["select", spec]

    def t_values(self):
        """A named VALUES list joined to a table (or read alone)."""
        n = self.pick([1, 2, 3], [25, 45, 30])
        rows = [[self.r.randint(1, 6), self.pick(["a", "b", "ann", "x"])] for _ in range(n)]
        v = ["values", "v", [["id", "INTEGER"], ["label", "VARCHAR"]], rows]
        if self.p(0.3):
            spec = {"cols": [["ref", "v", "id"], ["ref", "v", "label"]], "from": ["fromref", "v"]}
            if self.p(0.5):
                spec["where"] = [["gt", ["ref", "v", "id"], val(self.r.randint(0, 4))]]
        else:
            t = self.pick(["users", "orders"])
            on = ["eq", col(t, "id"), ["ref", "v", "id"]]
            left, right = (["table", t], ["fromref", "v"]) if self.p(0.7) else (["fromref", "v"], ["table", t])
            spec = {"cols": [col(t, "id"), ["ref", "v", "label"]], "from": ["join", left, right, on, self.p(0.3)]}
        return ["with", [["v", v]], ["select", spec]]

    TEXTS = [("SELECT id, name FROM users WHERE id > 2", [["id", "INTEGER"], ["name", "VARCHAR"]]),
             ("SELECT user_id, qty FROM orders", [["user_id", "INTEGER"], ["qty", "INTEGER"]]),
             ("SELECT id, email FROM addresses ORDER BY id", [["id", "INTEGER"], ["email", "VARCHAR"]])]

    def t_textual(self):
        """text(...).columns(...) as a subquery, a CTE, or the right side of IN."""
        sql, cols = self.pick(self.TEXTS)
        ts = ["textsel", sql, cols]
        if self.p(0.25):
            return ["select", {"cols": [col("users", "id"), col("users", "name")],
                               "where": [["insub", col("users", "id"), ["textsel", "SELECT user_id FROM orders WHERE qty > %d" % self.small_int(), [["user_id", "INTEGER"]]]]]}]
        kind = self.pick(["subquery", "cte"])
        refs = [["ref", "t", c] for c, _ in cols]
        spec = {"cols": refs if self.p(0.6) else [["fromref", "t"]], "from": ["fromref", "t"]}
        if self.p(0.5):
            spec["where"] = [["lt", refs[0], val(self.r.randint(1, 5))]]
        return ["with", [["t", [kind, ts, "t"]]], ["select", spec]]

    def t_compound_fetch(self):
        c = self.compound()
        c[3] = {"order_by": [col("users", "id")], "fetch": self.r.randint(1, 4)}
        if c[2][0][0] == "select" and c[2][0][1]["cols"][0][1] != "users":
            c[2][0] = self.member_select("users", False)
        return c

    # ---- what the README's tree language allows beyond the sample (--profile judge) -----
    ODD_STRINGS = ["O'Brien", "it''s", "caf\u00e9", "\u65e5\u672c", "a\"b", "back\\slash", "", " ", "ann", "%", "_d%", "ed"]
    # Wider than 32 bits only where a value is bound, never read back: Retort refuses an INTEGER
    # result it would cut (IntegerWidthTest), and a twin crossing 2**31 changes a Java value's type.
    ODD_INTS = [-1, -7, 0, 2147483646, 2147483648, 3000000000, -9000000000, 10 ** 15, 31, 17]
    NARROW_INTS = [-1, -7, 0, 1000, -32768, 31, 17, 65536]
    ODD_FLOATS = [0.5, 2.5, -1.25, 31.0, 1e-3, 1e10]

    def odd_value(self, kind, narrow=False):
        """A value of ``kind`` ("int", "str") drawn from the edges: quotes, unicode, empty,
        negative, wider than 32 bits (unless ``narrow``: the value is read back), decimal, NULL,
        boolean."""
        x = self.r.random()
        if x < 0.12:
            return None
        if kind == "str":
            return self.pick(self.ODD_STRINGS)
        if x < 0.3:
            return self.pick(self.ODD_FLOATS)
        if x < 0.36:
            return self.pick([True, False])
        return self.pick(self.NARROW_INTS if narrow else self.ODD_INTS)

    def odd_operand(self, kind, ctx, narrow=False):
        x = self.r.random()
        if x < 0.55:
            return val(self.odd_value(kind, narrow))
        if x < 0.8:
            return ["literal", self.odd_value(kind, narrow)]
        return self.int_col(ctx) if kind == "int" else self.str_col(ctx)

    def odd_pred(self, ctx, depth=0):
        """Predicates over odd values and the operator forms the sample does not draw."""
        x = self.r.random()
        if x < 0.2:
            return [self.pick(CMP_OPS), self.int_expr(ctx, 1, 0.7), self.odd_operand("int", ctx)]
        if x < 0.32:
            return [self.pick(CMP_OPS), self.str_expr(ctx), self.odd_operand("str", ctx)]
        if x < 0.42:
            vals = [self.odd_value("int") for _ in range(self.r.randint(1, 4))]
            vals = [v for v in vals if not isinstance(v, (bool, float))] or [None]
            return [self.pick(["in", "notin"]), self.int_col(ctx), vals]
        if x < 0.48:
            vals = [self.odd_value("str") for _ in range(self.r.randint(1, 3))]
            return [self.pick(["in", "notin"]), self.str_col(ctx), vals]
        if x < 0.56:
            left = ["cast", self.int_col(ctx), "VARCHAR"] if self.p(0.5) else \
                ["concat", ["cast", self.int_col(ctx), "VARCHAR"], self.str_col(ctx)]
            return [self.pick(["like", "notlike"]), left, val(self.pick(["1%", "%3%", "_", "%"]))]
        if x < 0.64:
            return [self.pick(["like", "notlike"]), self.str_col(ctx), self.pick([self.str_col(ctx), ["concat", val("%"), self.str_col(ctx)]])]
        if x < 0.72:
            inner = self.pick([lambda: self.comparison(ctx, 2), lambda: self.simple_pred(ctx),
                               lambda: [self.pick(["isnull", "isnotnull"]), self.int_col(ctx)],
                               lambda: ["not", self.simple_pred(ctx)],
                               lambda: ["and", self.simple_pred(ctx), self.simple_pred(ctx)],
                               lambda: ["or", self.simple_pred(ctx)]])()
            return ["not", inner]
        if x < 0.78:
            lo = self.pick([-5, -1, 0, 2.5, 30])
            return ["between", self.int_expr(ctx, 1, 0.7), self.pick([lo, val(lo), ["literal", lo]]), self.pick([40, val(60), self.int_col(ctx)])]
        if x < 0.84:
            return ["between", self.str_col(ctx), val(self.pick(["a", "b", "O'Brien"])), val(self.pick(["e", "z", "\u00e9"]))]
        if x < 0.9:
            return [self.pick(["and", "or"]), self.pred(ctx, depth + 1), val(self.pick([True, False]))]
        if x < 0.95:
            return [self.pick(["and", "or"]), [self.pick(["and", "or"]), self.simple_pred(ctx), self.simple_pred(ctx)], self.simple_pred(ctx)]
        return ["eq", self.pick([self.int_col, self.str_col])(ctx), val(None)] if self.p(0.5) else \
            ["ne", self.pick([self.int_col, self.str_col])(ctx), ["literal", None]]

    def j_pred(self, ctx, depth=0):
        return self.odd_pred(ctx, depth) if self.p(0.5) else self.pred(ctx, max(depth, 1))

    def j_col(self, ctx, cols):
        if self.breadth == "judge2" and self.p(0.15):
            return self.real_in_integer(ctx)
        x = self.r.random()
        if x < 0.2:
            return self.col_expr(ctx)
        if x < 0.3:
            return ["case", [[self.j_pred(ctx, 2), self.pick([val(self.string()), self.str_col(ctx), val(None)])]
                             for _ in range(self.r.randint(1, 3))]] + ([] if self.p(0.5) else [val(self.pick(["", "O'Brien", "x"]))])
        if x < 0.4:
            return ["concat", ["cast", self.int_col(ctx), "VARCHAR"], self.pick([val(self.odd_value("str") or "x"), self.str_col(ctx), ["literal", "-"]])]
        if x < 0.48:
            return [self.pick(ARITH_OPS), self.int_col(ctx), self.odd_operand("int", ctx, narrow=True)]
        if x < 0.56:
            return ["literal", self.odd_value(self.pick(["int", "str"]), narrow=True)]
        if x < 0.62 and "users" in ctx.tables:
            return self.pick([EXISTS_ORDERS, ["scalar", self.scalar_select(ctx)]])
        if x < 0.7:
            return ["func", self.pick(["length", "trim", "lower"]), self.str_col(ctx)]
        if x < 0.78:
            return ["func", self.pick(["coalesce", "nullif", "max", "min"]), self.int_col(ctx), self.odd_operand("int", ctx, narrow=True)] if self.p(0.6) \
                else ["func", "coalesce", self.str_col(ctx), self.str_col(ctx), val(self.odd_value("str") or "?")]
        if x < 0.84:
            return ["func", self.pick(["round", "abs"]), [self.pick(["mul", "add"]), self.int_col(ctx), val(self.pick([0.5, 2.5, -1.25]))]]
        if x < 0.9:
            return ["cast", self.pick([self.str_col(ctx), ["concat", self.str_col(ctx), val("1")], self.int_col(ctx)]), self.pick(["INTEGER", "VARCHAR"])]
        return ["func", "count"] if self.p(0.5) else ["func", "count", ["literal", "*"] if self.p(0.3) else self.int_col(ctx)]

    # Fractions on both sides of the corpus's integers, so that SQLite's scalar min/max pick them.
    FRACTIONS = [-1.25, -0.5, 0.5, 2.5, 31.5, 1e10 + 0.5]

    def real_in_integer(self, ctx):
        """An expression SQLAlchemy types INTEGER (by its first argument) whose SQLite value is a
        REAL with a fraction: scalar min/max of columns and a fraction, coalesce of a nullable
        column (users.age holds a NULL) and a fraction. Retort read these with getLong() and cut
        -1.25 to -1 (judge seeds 402, 403); drawn once in 2,000 lines by ``judge``."""
        frac = self.pick(self.FRACTIONS)
        operand = self.pick([val(frac), ["literal", frac]])
        x = self.r.random()
        if x < 0.6:
            args = [self.int_col(ctx) for _ in range(self.r.randint(1, 2))]
            args.insert(self.r.randint(1, len(args)), operand)
            e = ["func", self.pick(["min", "max"])] + args
        elif x < 0.8 and "users" in ctx.tables:
            e = ["func", "coalesce", col("users", "age"), operand]
        else:
            e = ["func", self.pick(["min", "max"]), ["func", "coalesce", self.int_col(ctx), operand], operand]
        return ["label", e, self.pick(["m", "x"])] if self.p(0.3) else e

    def j_from(self):
        x = self.r.random()
        if x < 0.35:
            return self.from_clause(0.0)
        if x < 0.7:
            return self.from_clause(1.0)
        # three tables deep, the ON clause inferred from the foreign keys (or given)
        order = self.pick([["users", "addresses", "orders"], ["users", "orders", "addresses"],
                           ["addresses", "users", "orders"], ["orders", "users", "addresses"]])
        inner = ["join", ["table", order[0]], ["table", order[1]], None, self.p(0.3)]
        on = None
        if self.p(0.3):
            on = ["eq", col(order[2], "user_id"), col("users", "id")] if order[2] != "users" else \
                ["eq", col("users", "id"), col(order[0], "user_id")]
        j = ["join", inner, ["table", order[2]], on, self.p(0.3)]
        return j, Ctx(order, "users")

    def t_jselect(self):
        frm, ctx = self.j_from()
        cols = []
        if self.p(0.15):
            cols.append(["table", self.pick(ctx.tables)])
        for i in range(self.r.randint(1, 4)):
            e = self.j_col(ctx, cols)
            if self.p(0.35):
                e = ["label", e, self.pick(["c%d" % i, "x", "name", "id", "total"])]
            cols.append(e)
        spec = {"cols": cols}
        if frm is not None:
            spec["from"] = frm
        w = [self.j_pred(ctx) for _ in range(self.pick([0, 1, 2, 3], [15, 45, 30, 10]))]
        if w:
            spec["where"] = w
        if self.p(0.5):
            labelled = [c for c in cols if c[0] == "label"]
            keys = []
            for _ in range(self.r.randint(1, 3)):
                k = copy.deepcopy(self.pick(labelled)) if labelled and self.p(0.4) else \
                    self.pick([self.int_col, self.str_col])(ctx)
                keys.append([self.pick(["asc", "desc"]), k] if self.p(0.6) else k)
            spec["order_by"] = keys
        if self.p(0.3):
            if self.p(0.75):
                spec["limit"] = self.pick([0, 1, 2, 3, 10])
            if self.p(0.5) or "limit" not in spec:
                spec["offset"] = self.pick([0, 1, 2, 4])
        if self.p(0.25):
            spec["distinct"] = True
        return ["select", spec]

    def t_jgroup(self):
        frm, ctx = self.j_from()
        g = [self.pick([self.int_col, self.str_col])(ctx)]
        if self.p(0.3):
            g.append(self.pick([["cast", self.int_col(ctx), "VARCHAR"], ["func", "lower", self.str_col(ctx)], self.int_col(ctx)]))
        agg = ["func", self.pick(["count", "sum", "max", "min", "avg"]), self.int_col(ctx)]
        if self.p(0.2):
            agg = ["func", "count"]
        lab = ["label", agg, self.pick(["n", "total", "agg"])]
        spec = {"cols": copy.deepcopy(g) + [lab], "group_by": g}
        if frm is not None:
            spec["from"] = frm
        if self.p(0.4):
            spec["where"] = [self.j_pred(ctx)]
        if self.p(0.5):
            spec["having"] = [[self.pick(CMP_OPS), copy.deepcopy(agg), self.odd_operand("int", ctx) if self.p(0.3) else val(self.small_int())]]
            if self.p(0.3):
                spec["having"].append(["isnotnull", copy.deepcopy(g[0])])
        if self.p(0.5):
            spec["order_by"] = [self.pick([copy.deepcopy(lab), ["desc", copy.deepcopy(lab)], ["asc", copy.deepcopy(agg)], copy.deepcopy(g[0])])]
        if self.p(0.2):
            spec["limit"] = self.r.randint(1, 3)
        if self.p(0.2):
            spec["distinct"] = True
        return ["select", spec]

    def t_jwindow(self):
        frm, ctx = self.j_from()
        cols = [col(ctx.base, "id")]
        for _ in range(self.r.randint(1, 3)):
            fn = self.pick([["func", self.pick(["row_number", "rank", "dense_rank"])],
                            ["func", self.pick(AGG_FUNCS + ["avg"]), self.int_col(ctx)],
                            ["func", "count"]])
            spec = {}
            if self.p(0.7):
                spec["partition_by"] = [self.pick([self.int_col, self.str_col])(ctx) for _ in range(self.pick([1, 2], [70, 30]))]
            if self.p(0.8) or fn[1] in ("row_number", "rank", "dense_rank"):
                spec["order_by"] = [self.pick([lambda: self.int_col(ctx), lambda: [self.pick(["asc", "desc"]), self.int_col(ctx)],
                                               lambda: self.str_col(ctx)])() for _ in range(self.pick([1, 2], [70, 30]))]
            if fn[1] not in ("row_number", "rank", "dense_rank") and self.p(0.6):
                bounds = self.pick([[None, 0], [None, None], [0, None], [-2, 1], [-1, 0], [0, 2], [1, 3], [-3, -1],
                                    [None, 2], [2, None], [0, 0], [-1, None], [None, -1], [-10, 10]])
                if self.p(0.5):
                    spec["range_"] = bounds
                    spec["order_by"] = [self.int_col(ctx)]
                else:
                    spec["rows"] = bounds
            o = ["over", fn, spec]
            cols.append(["label", o, "w%d" % len(cols)] if self.p(0.5) else o)
        s = {"cols": cols}
        if frm is not None:
            s["from"] = frm
        if self.p(0.4):
            s["where"] = [self.j_pred(ctx)]
        if self.p(0.4):
            s["order_by"] = [[self.pick(["asc", "desc"]), col(ctx.base, "id")]]
        return ["select", s]

    def t_jwith(self):
        kind = self.pick(["cte", "subquery"])
        defs = [["a", [kind, ["select", self.agg_select()], "a"]]]
        keys = ["user_id", "total"]
        name = "a"
        x = self.r.random()
        if x < 0.5:
            # a second one reading the first (a CTE may read a CTE, a subquery a subquery)
            k2 = self.pick(["cte", "subquery"]) if kind == "cte" else "subquery"
            sel = {"cols": [["ref", "a", "user_id"], ["label", ["mul", ["ref", "a", "total"], val(self.pick([2, -1, 0.5]))], "t2"]],
                   "where": [[self.pick(CMP_OPS), ["ref", "a", "total"], val(self.small_int())]]}
            if self.p(0.4):
                sel["from"] = ["join", ["fromref", "a"], ["table", "users"], ["eq", ["ref", "a", "user_id"], col("users", "id")], self.p(0.5)]
                sel["cols"].append(col("users", "name"))
            defs.append(["b", [k2, ["select", sel], "b"]])
            name, keys = "b", ["user_id", "t2"]
            if self.p(0.3) and k2 == "cte":
                defs.append(["c", ["cte", ["select", {"cols": [["ref", "b", "user_id"]],
                                                     "where": [["insub", ["ref", "b", "user_id"], ["select", {"cols": [["ref", "a", "user_id"]]}]]]}], "c"]])
        y = self.r.random()
        if y < 0.35:
            outer = {"cols": [["ref", name, k] for k in keys] + ([["ref", "a", "total"]] if name != "a" and self.p(0.4) else []),
                     "from": ["fromref", name] if name == "a" or self.p(0.5) else
                     ["join", ["fromref", name], ["fromref", "a"], ["eq", ["ref", name, "user_id"], ["ref", "a", "user_id"]], self.p(0.5)]}
        elif y < 0.55:
            outer = {"cols": [col("users", "id"), col("users", "name")],
                     "where": [self.pick([["insub", col("users", "id"), ["select", {"cols": [["ref", name, "user_id"]]}]],
                                          ["exists", ["select", {"cols": [["ref", name, "user_id"]], "where": [["eq", ["ref", name, "user_id"], col("users", "id")]]}]],
                                          ["gt", ["scalar", ["select", {"cols": [["func", "max", ["ref", name, keys[1]]]]}]], col("users", "age")]])]}
        elif y < 0.75:
            outer = {"cols": [col("users", "name"), ["label", ["scalar", ["select", {"cols": [["ref", name, keys[1]]],
                     "where": [["eq", ["ref", name, "user_id"], col("users", "id")]]}]], "s"]]}
        else:
            outer = {"cols": [col("users", "name"), ["ref", name, keys[1]]],
                     "from": ["join", ["table", "users"], ["fromref", name], ["eq", col("users", "id"), ["ref", name, "user_id"]], self.p(0.5)]}
        if self.p(0.3):
            outer["order_by"] = [["desc", outer["cols"][-1]]]
        if self.p(0.2):
            outer["distinct"] = True
        return ["with", defs, ["select", outer]]

    def t_junion(self):
        op = self.pick(["union", "union_all"])
        parts = []
        for t in self.r.sample(["users", "orders", "addresses"], self.pick([2, 3])):
            c = col(t, "id") if t == "users" else col(t, "user_id")
            spec = {"cols": [c, ["literal", t] if self.p(0.3) else col(t, STR_COLS[t][0])]}
            if self.p(0.6):
                spec["where"] = [self.j_pred(Ctx([t]))]
            if self.p(0.3):
                spec["limit"] = self.r.randint(1, 3)
                if self.p(0.7):
                    spec["order_by"] = [[self.pick(["asc", "desc"]), col(t, "id")]]
            if self.p(0.15):
                spec["distinct"] = True
            parts.append(["select", spec])
        u = [op] + parts
        if self.p(0.35):
            kind = self.pick(["subquery", "cte"])
            refs = [["ref", "u", "id" if parts[0][1]["cols"][0][1] == "users" else "user_id"]]
            body = {"cols": refs + [["func", "count"]], "from": ["fromref", "u"], "group_by": copy.deepcopy(refs)}
            return ["with", [["u", [kind, u, "u"]]], ["select", body]]
        return u

    def t_jdml(self):
        x = self.r.random()
        t = self.pick(["users", "orders", "addresses"])
        ctx = Ctx([t])
        sub = self.pick([
            lambda: ["insub", col(t, "id" if t == "users" else "user_id"), ["select", {"cols": [col("orders", "user_id")], "where": [self.simple_pred(Ctx(["orders"]))]}]],
            lambda: ["exists", ["select", {"cols": [col("orders", "id")], "where": [["eq", col("orders", "user_id"), col(t, "id" if t == "users" else "user_id")]]}]],
            lambda: [self.pick(CMP_OPS), col(t, "id"), ["scalar", ["select", {"cols": [["func", self.pick(["max", "min", "count"]), col("orders", "qty")]]}]]],
            lambda: ["not", ["exists", ["select", {"cols": [col("addresses", "id")], "where": [["eq", col("addresses", "user_id"), col(t, "id" if t == "users" else "user_id")]]}]]],
            lambda: self.odd_pred(ctx, 1),
        ])()
        if x < 0.35:
            return ["delete", t, {"where": [sub] + ([self.j_pred(ctx, 1)] if self.p(0.3) else [])}]
        if x < 0.7:
            values = {}
            for c in [c.name for c in TABLES[t].columns if c.name != "id"]:
                if self.p(0.6):
                    values[c] = self.j_dml_value(t, c)
            if not values:
                values[STR_COLS[t][0]] = val(None)
            spec = {"where": [sub], "values": values}
            return ["update", t, spec]
        values = {"id": val(self.r.randint(101, 140))}
        for c in [c.name for c in TABLES[t].columns if c.name != "id"]:
            if self.p(0.75):
                values[c] = self.j_dml_value(t, c)
        return ["insert", t, {"values": values}]

    def j_dml_value(self, t, c):
        is_int = c in INT_COLS[t]
        x = self.r.random()
        if x < 0.35:
            v = self.odd_value("int" if is_int else "str", narrow=True)
            return val(v if not isinstance(v, bool) else int(v))
        if x < 0.45:
            return ["literal", self.odd_value("int" if is_int else "str", narrow=True)]
        if is_int and x < 0.65:
            return ["scalar", ["select", {"cols": [["func", self.pick(["max", "min", "count", "sum"]), col("orders", "qty")]],
                                          "where": [self.simple_pred(Ctx(["orders"]))] if self.p(0.5) else []}]]
        if is_int and x < 0.8:
            return ["case", [[self.simple_pred(Ctx([t])), val(self.small_int())]] + ([] if self.p(0.5) else [val(self.odd_value("int"))])]
        if is_int:
            return [self.pick(ARITH_OPS), col(t, c), val(self.pick([-1, 2, 2.5]))]
        if x < 0.7:
            return ["concat", ["cast", col(t, "id"), "VARCHAR"], val(self.odd_value("str") or "-")]
        return ["case", [[self.simple_pred(Ctx([t])), val(self.pick(self.ODD_STRINGS))]]] + ([] if self.p(0.5) else [col(t, c)])

    # ---- further corners of the tree language (--profile judge3) -----------------
    # Names SQLAlchemy must quote (reserved words, upper case, unicode, spaces, digits first)
    # and ones it must not, as labels, subquery and CTE names.
    ODD_NAMES = ["order", "select", "user", "group", "Total", "MiXed", "n\u00e4me", "a b", "1st", "from",
                 "lower_case", "x_1", "\u65e5\u672c", "case", "desc", "c0"]
    STR_FUNCS = [("upper", 0), ("lower", 0), ("length", 0), ("trim", 0), ("ltrim", 0), ("rtrim", 0), ("hex", 0),
                 ("quote", 0), ("typeof", 0), ("substr", 2), ("replace", 2), ("instr", 1), ("ifnull", 1),
                 ("nullif", 1), ("coalesce", 2), ("unicode", 0)]
    WINDOW_FUNCS = ["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
                    "first_value", "last_value", "nth_value", "sum", "avg", "count", "max", "min", "total"]
    FRAMES = [[None, 0], [None, None], [0, None], [-2, 1], [-1, 0], [0, 2], [1, 3], [-3, -1],
              [None, 2], [2, None], [0, 0], [-1, None], [None, -1], [-10, 10]]

    def k_name(self):
        return self.pick(self.ODD_NAMES)

    def k_str_func(self, ctx):
        name, extra = self.pick(self.STR_FUNCS)
        args = [self.str_col(ctx) if self.p(0.8) else ["concat", self.str_col(ctx), val(self.pick(["!", " ", "\u00e9"]))]]
        if name == "substr":
            args += [self.pick([1, 2, -2, val(1)]), self.pick([2, 3, val(1)])][:self.pick([1, 2])]
        elif name == "replace":
            args += [val(self.pick(["a", "o", "%", "'"])), val(self.pick(["", "0", "''"]))]
        elif extra:
            args += [val(self.pick(["a", "o", "ann", "?", None, "O'Brien"])) if self.p(0.7) else self.str_col(ctx)
                     for _ in range(extra)]
        return ["func", name] + args

    def k_num_func(self, ctx):
        x = self.r.random()
        if x < 0.25:
            return ["func", "abs", [self.pick(["sub", "mul"]), self.int_col(ctx), val(self.pick([10, -3, 2.5]))]]
        if x < 0.45:
            return ["func", "round", ["mul", self.int_col(ctx), val(self.pick([0.37, 1.5, -2.25]))], self.pick([0, 1, 2, val(1)])]
        if x < 0.6:
            return ["func", "coalesce"] + [self.int_col(ctx) for _ in range(self.r.randint(1, 3))] + [val(self.pick([0, -1, 65536]))]
        if x < 0.75:
            return ["func", self.pick(["max", "min"]), self.int_col(ctx), self.int_col(ctx), val(self.pick([3, 30, -1]))]
        if x < 0.88:
            # date arithmetic on constant dates (deterministic rows)
            d = val(self.pick(["2024-01-31", "2000-02-29", "1999-12-31 23:59:59"]))
            return self.pick([["func", "date", d, val(self.pick(["+1 month", "-1 day", "start of month"]))],
                              ["func", "strftime", val(self.pick(["%Y", "%m-%d", "%j"])), d],
                              ["cast", ["func", "julianday", d], "INTEGER"],
                              ["add", ["cast", ["func", "strftime", val("%Y"), d], "INTEGER"], self.int_col(ctx)]])
        return ["func", "length", ["cast", self.int_expr(ctx, 1, 0.5), "VARCHAR"]]

    def k_case(self, ctx, depth=0):
        """CASE nested in its conditions, results and ELSE; results of one kind."""
        kind = self.pick(["int", "str"])
        def result():
            if depth < 2 and self.p(0.25):
                return self.k_case_of(ctx, depth + 1, kind)
            if kind == "int":
                return self.pick([lambda: val(self.pick([0, 1, -1, 100])), lambda: self.int_col(ctx), lambda: val(None),
                                  lambda: ["add", self.int_col(ctx), val(1)]])()
            return self.pick([lambda: val(self.pick(["x", "O'Brien", "", "\u65e5"])), lambda: self.str_col(ctx),
                              lambda: ["literal", "lit"]])()
        whens = []
        for _ in range(self.r.randint(1, 3)):
            cond = self.pred(ctx, 2) if self.p(0.7) else ["eq", self.k_case_of(ctx, 2, "int"), val(1)]
            whens.append([cond, result()])
        return ["case", whens] + ([] if self.p(0.3) else [result()])

    def k_case_of(self, ctx, depth, kind):
        whens = [[self.simple_pred(ctx), val(1) if kind == "int" else val("y")]]
        other = self.int_col(ctx) if kind == "int" else self.str_col(ctx)
        return ["case", whens, other] if depth < 3 else ["case", whens]

    def k_col(self, ctx):
        x = self.r.random()
        if x < 0.25:
            return self.k_str_func(ctx)
        if x < 0.45:
            return self.k_num_func(ctx)
        if x < 0.65:
            return self.k_case(ctx)
        if x < 0.75 and "users" in ctx.tables:
            return self.pick([["exists", ["select", {"cols": [col("orders", "id")], "where": [
                ["eq", col("orders", "user_id"), col("users", "id")], self.pred(Ctx(["orders"]), 2)]}]],
                ["not", EXISTS_ORDERS]])
        if x < 0.85:
            return ["literal", self.pick([0, -1, 2 ** 31 - 2, 9007199254740993, 1.5e300, -2.5e-300, 0.1, "", "\u00e9t\u00e9", True, None])]
        return self.col_expr(ctx)

    def k_pred(self, ctx):
        x = self.r.random()
        if x < 0.12:
            # empty IN lists, NULL inside IN lists
            vals = self.pick([[], [None], [1, None], [None, None, 3], list(range(1, 30))])
            return [self.pick(["in", "notin"]), self.pick([self.int_col(ctx), ["add", self.int_col(ctx), val(1)]]), vals]
        if x < 0.2:
            return [self.pick(["in", "notin"]), self.str_col(ctx), self.pick([[], [None, "ann"], ["O'Brien", "", "ed"]])]
        if x < 0.32:
            return [self.pick(CMP_OPS), self.k_str_func(ctx), self.pick([val(self.pick(["ANN", "3", "", "bob"])), self.str_col(ctx)])]
        if x < 0.42:
            return [self.pick(CMP_OPS), self.k_num_func(ctx), self.pick([val(self.pick([0, 2, 31, 2024])), self.int_col(ctx)])]
        if x < 0.52:
            return [self.pick(CMP_OPS), self.k_case(ctx), self.pick([val(1), val("x"), val(None), ["literal", 0]])]
        if x < 0.6:
            # NULL handling: comparisons with NULL on either side of an expression
            return self.pick([["eq", ["literal", None], self.int_col(ctx)], ["ne", ["add", self.int_col(ctx), val(None)], val(1)],
                              ["isnull", ["func", "nullif", self.int_col(ctx), self.int_col(ctx)]],
                              ["not", ["isnull", self.k_case(ctx)]], ["between", self.int_col(ctx), val(None), val(9)],
                              [self.pick(CMP_OPS), ["literal", 3], self.int_col(ctx)]])
        if x < 0.7:
            return ["like", self.pick([self.str_col(ctx), self.k_str_func(ctx)]),
                    val(self.pick(["%\\%", "a\\_b", "%''%", "_", "%\u00e9%", "%%", "[a]%", "%ED"]))]
        if x < 0.85 and "users" in ctx.tables:
            return self.k_subpred(ctx)
        return self.pred(ctx, 1)

    def k_subpred(self, ctx):
        """Correlated and uncorrelated subquery predicates, negated, over set operations."""
        x = self.r.random()
        corr = ["eq", col("orders", "user_id"), col("users", "id")]
        if x < 0.25:
            return ["not", ["exists", ["select", {"cols": [col("orders", "id")], "where": [corr, self.pred(Ctx(["orders"]), 2)]}]]]
        if x < 0.45:
            u = [self.pick(["union", "union_all"]), ["select", {"cols": [col("orders", "user_id")], "where": [self.pred(Ctx(["orders"]), 2)]}],
                 ["select", {"cols": [col("addresses", "user_id")]}]]
            return ["insub", col("users", "id"), u] if self.p(0.6) else ["not", ["insub", col("users", "id"), u]]
        if x < 0.65:
            g = {"cols": [col("orders", "user_id")], "group_by": [col("orders", "user_id")],
                 "having": [[self.pick(CMP_OPS), ["func", self.pick(["count", "sum", "max"]), col("orders", "qty")], val(self.small_int())]]}
            return ["insub", col("users", "id"), ["select", g]]
        if x < 0.85:
            sc = ["scalar", ["select", {"cols": [["func", self.pick(["count", "sum", "max", "min"]), col("orders", "qty")]], "where": [corr]}]]
            return [self.pick(CMP_OPS), self.pick([sc, ["func", "coalesce", sc, val(0)]]), self.pick([val(self.small_int()), col("users", "age")])]
        return ["gt", ["scalar", ["select", {"cols": [["func", "count"]], "from": ["table", "addresses"],
                                            "where": [["eq", col("addresses", "user_id"), col("users", "id")]]}]], val(0)]

    def k_over(self, ctx):
        name = self.pick(self.WINDOW_FUNCS)
        if name in ("row_number", "rank", "dense_rank", "percent_rank", "cume_dist"):
            fn = ["func", name]
        elif name == "ntile":
            fn = ["func", name, self.pick([2, 3, val(2)])]
        elif name in ("lag", "lead"):
            fn = ["func", name, self.int_col(ctx)] + self.pick([[], [self.pick([1, 2])], [1, val(0)]])
        elif name == "nth_value":
            fn = ["func", name, self.int_col(ctx), self.pick([1, 2])]
        elif name == "count" and self.p(0.3):
            fn = ["func", "count"]
        else:
            fn = ["func", name, self.pick([self.int_col(ctx), ["mul", self.int_col(ctx), val(2)], self.k_case_of(ctx, 2, "int")])]
        spec = {}
        if self.p(0.7):
            spec["partition_by"] = [self.pick([self.int_col, self.str_col, self.k_str_func])(ctx) for _ in range(self.pick([1, 2]))]
        if self.p(0.85):
            spec["order_by"] = [self.pick([lambda: self.int_col(ctx), lambda: [self.pick(["asc", "desc"]), self.int_col(ctx)],
                                           lambda: ["desc", self.k_case_of(ctx, 2, "int")]])() for _ in range(self.pick([1, 2]))]
        ranking = name in ("row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead")
        if not ranking and self.p(0.7):
            bounds = self.pick(self.FRAMES)
            if self.p(0.4):
                spec["range_"] = bounds
                spec["order_by"] = [self.int_col(ctx)]
            else:
                spec["rows"] = bounds
        return ["over", fn, spec]

    def t_kselect(self):
        frm, ctx = self.j_from()
        cols, labels = [], []
        for i in range(self.r.randint(1, 4)):
            e = self.pick([self.k_col, self.k_col, self.k_over])(ctx)
            if self.p(0.5) or e[0] == "literal":
                name = self.k_name()
                if name not in labels:
                    labels.append(name)
                    e = ["label", e, name]
            cols.append(e)
        spec = {"cols": cols}
        if frm is not None:
            spec["from"] = frm
        w = [self.k_pred(ctx) for _ in range(self.pick([0, 1, 2], [20, 55, 25]))]
        if w:
            spec["where"] = w
        if self.p(0.5):
            labelled = [c for c in cols if c[0] == "label" and c[1][0] != "literal"]
            keys = []
            for _ in range(self.r.randint(1, 2)):
                k = copy.deepcopy(self.pick(labelled)) if labelled and self.p(0.5) else \
                    self.pick([self.int_col, self.str_col, self.k_str_func, self.k_case])(ctx)
                keys.append([self.pick(["asc", "desc"]), k] if self.p(0.6) else k)
            spec["order_by"] = keys
        if self.p(0.25):
            spec["limit"] = self.pick([0, 1, 3, 1000000])
            if self.p(0.4):
                spec["offset"] = self.pick([0, 2, 1000])
        if self.p(0.15):
            spec["distinct"] = True
        return ["select", spec]

    def t_kgroup(self):
        frm, ctx = self.j_from()
        g = [self.pick([self.int_col, self.str_col, self.k_str_func, self.k_case])(ctx)]
        agg = self.pick([["func", "sum", self.k_case_of(ctx, 2, "int")], ["func", "count", self.k_case_of(ctx, 3, "int")],
                         ["func", self.pick(["max", "min"]), self.k_str_func(ctx)], ["func", "avg", self.int_col(ctx)],
                         ["func", "total", self.int_col(ctx)], ["func", "group_concat", self.str_col(ctx)]])
        lab = ["label", agg, self.k_name()]
        glab = ["label", copy.deepcopy(g[0]), "g"] if self.p(0.4) else copy.deepcopy(g[0])
        spec = {"cols": [glab, lab], "group_by": [copy.deepcopy(glab)] if glab[0] == "label" and self.p(0.5) else g}
        if frm is not None:
            spec["from"] = frm
        if self.p(0.4):
            spec["where"] = [self.k_pred(ctx)]
        if self.p(0.4):
            spec["having"] = [[self.pick(CMP_OPS), copy.deepcopy(agg), val(self.small_int())]]
        if self.p(0.5):
            spec["order_by"] = [self.pick([copy.deepcopy(lab), ["desc", copy.deepcopy(lab)], ["asc", copy.deepcopy(glab)]])]
        return ["select", spec]

    def t_knames(self):
        """Subqueries and CTEs with names to quote, read through ref/fromref, joined to a table."""
        kind = self.pick(["subquery", "cte"])
        name = self.k_name()
        inner_label = self.k_name()
        inner = {"cols": [col("orders", "user_id"), ["label", ["func", self.pick(["sum", "count", "max"]), col("orders", "qty")], inner_label]],
                 "group_by": [col("orders", "user_id")]}
        if self.p(0.4):
            inner["where"] = [self.k_pred(Ctx(["orders"]))]
        if self.p(0.3):
            inner = {"cols": [col("orders", "user_id"), ["label", col("orders", "qty"), inner_label]]}
            body = [self.pick(["union", "union_all"]), ["select", inner],
                    ["select", {"cols": [col("addresses", "user_id"), ["label", col("addresses", "id"), inner_label]],
                                "order_by": [["desc", col("addresses", "id")]], "limit": self.pick([1, 2])}]]
        else:
            body = ["select", inner]
        defs = [[name, [kind, body, name]]]
        outer = {"cols": [col("users", "name"), ["label", ["ref", name, inner_label], self.k_name()]],
                 "from": ["join", ["table", "users"], ["fromref", name], ["eq", col("users", "id"), ["ref", name, "user_id"]], self.p(0.4)]}
        if self.p(0.5):
            outer["where"] = [[self.pick(CMP_OPS), ["ref", name, inner_label], val(self.small_int())]]
        if self.p(0.5):
            outer["order_by"] = [self.pick([["desc", copy.deepcopy(outer["cols"][1])], ["asc", ["ref", name, "user_id"]]])]
        return ["with", defs, ["select", outer]]

    def t_kdml(self):
        t = self.pick(["users", "orders", "addresses"])
        ctx = Ctx([t])
        where = [self.k_pred(ctx)] if self.p(0.7) else []
        if "users" not in ctx.tables and where and where[0][0] in ("insub", "not", "gt"):
            where = [self.pred(ctx, 1)]
        kind = self.pick(["update", "delete", "insert"], [50, 25, 25])
        if kind == "delete":
            return ["delete", t, {"where": where}]
        c = self.pick(INT_COLS[t][1:] + STR_COLS[t])
        is_int = c in INT_COLS[t]
        v = self.pick([lambda: val(None), lambda: self.k_case_of(ctx, 2, "int" if is_int else "str"),
                       lambda: self.k_num_func(ctx) if is_int else self.k_str_func(ctx),
                       lambda: ["literal", 7 if is_int else "\u00e9"]])()
        if kind == "update":
            return ["update", t, {"where": where, "values": {c: v}}]
        values = {"id": val(self.pick([100, 2 ** 31 - 2]))}
        values[c] = v if v[0] in ("val", "literal") else val(None)
        return ["insert", t, {"values": values}]

    # ---- beyond the README's nodes (--profile judge4) -------------------------------
    # Aliases of CTEs and subqueries whose columns are anonymous labels (read by position), table
    # aliases (self-joins), LATERAL, TABLESAMPLE, ANY/ALL, type_coerce, literal_column and explicit
    # correlation; half the lines are judge3's.
    def anon_item(self, ctx):
        """A SELECT-list item without a name of its own: an anonymous label or an unlabelled expression."""
        e = self.pick([lambda: ["func", self.pick(["max", "min", "sum", "count"]), self.int_col(ctx)],
                       lambda: ["add", self.int_col(ctx), val(self.small_int())],
                       lambda: ["func", "lower", self.str_col(ctx)],
                       lambda: ["literal", self.pick([1, "x"])],
                       lambda: self.k_case_of(ctx, 3, "int"),
                       lambda: ["typecoerce", self.int_col(ctx), "INTEGER"]])()
        return ["anonlabel", e] if self.p(0.7) else e

    def t_lalias(self):
        """An alias (named or anonymous) of a CTE or subquery whose columns are anonymous labels,
        read by position; sometimes two aliases of one CTE joined to each other."""
        grouped = self.p(0.5)
        inner = {"cols": [col("orders", "user_id")] + [self.anon_item(Ctx(["orders"])) for _ in range(self.r.randint(1, 3))]}
        if grouped:
            inner["cols"][1:] = [["anonlabel", ["func", self.pick(["max", "min", "sum", "count"]), col("orders", "qty")]]
                                 if self.p(0.6) else ["func", self.pick(["max", "sum"]), col("orders", "qty")]
                                 for _ in range(len(inner["cols"]) - 1)]
            inner["group_by"] = [col("orders", "user_id")]
        if self.p(0.4):
            inner["where"] = [self.simple_pred(Ctx(["orders"]))]
        kind = self.pick(["cte", "cte", "subquery"])
        name = self.pick([None, "c", "order", "Sub"]) if kind == "subquery" else self.pick(["c", "order", "Sub", "x_1"])
        defs = [["c", [kind, ["select", inner], name]]]
        aliases = ["a"]
        defs.append(["a", ["alias", ["fromref", "c"], self.pick([None, "a", "user", "Al"])]])
        ncols = len(inner["cols"])
        if self.p(0.3):
            defs.append(["b", ["alias", ["fromref", "c"], self.pick([None, "b"])]])
            aliases.append("b")
        def ref(a=None):
            return ["refpos", a or self.pick(aliases), self.r.randrange(ncols)]
        cols = [ref() for _ in range(self.r.randint(1, 3))]
        if self.p(0.4):
            # position 0 is orders.user_id: an INTEGER whatever the other (anonymous) columns are
            cols.append(["anonlabel", ["add", ["refpos", self.pick(aliases), 0], val(1)]])
        if self.p(0.3):
            cols.append(["label", ref(), self.pick(["v", "select", "Q"])])
        if len(aliases) == 2:
            frm = ["join", ["fromref", "a"], ["fromref", "b"], ["eq", ["refpos", "a", 0], ["refpos", "b", 0]], self.p(0.3)]
        elif self.p(0.6):
            frm = ["join", ["table", "users"], ["fromref", "a"], ["eq", col("users", "id"), ["refpos", "a", 0]], self.p(0.4)]
            cols.insert(0, col("users", "name"))
        else:
            frm = ["fromref", "a"]
        spec = {"cols": cols, "from": frm}
        if self.p(0.5):
            spec["where"] = [[self.pick(CMP_OPS), ref(), val(self.small_int())]]
        if self.p(0.5):
            spec["order_by"] = [self.pick([ref(), ["desc", ref()], copy.deepcopy(self.pick(cols))])]
        if self.p(0.2):
            spec["limit"] = self.pick([1, 2])
        return ["with", defs, ["select", spec]]

    def t_lselfjoin(self):
        """Aliases of tables: self-joins and a table joined to its alias, with anonymous labels."""
        t = self.pick(["users", "orders"])
        other = self.pick([t, "addresses" if t == "users" else "users"])
        defs = [["p", ["alias", ["table", t], self.pick([None, "p", "user", "T2"])]],
                ["q", ["alias", ["table", other], self.pick([None, "q"])]]]
        key = "id" if t == "users" else "user_id"
        okey = "id" if other == "users" else "user_id"
        on = ["eq", ["ref", "p", key], ["ref", "q", okey]] if self.p(0.8) else \
            ["lt", ["ref", "p", "id"], ["ref", "q", "id"]]
        cols = [["ref", "p", "id"], ["ref", "q", "id"]]
        if self.p(0.5):
            cols.append(["anonlabel", ["add", ["ref", "p", "id"], ["ref", "q", "id"]]])
        if self.p(0.4):
            cols.append(["label", ["ref", "q", self.pick(STR_COLS[other])], self.pick(["name", "n", "Name"])])
        spec = {"cols": cols, "from": ["join", ["fromref", "p"], ["fromref", "q"], on, self.p(0.3)]}
        if self.p(0.5):
            spec["where"] = [[self.pick(CMP_OPS), ["ref", "p", "id"], val(self.small_int())]]
        if self.p(0.5):
            spec["order_by"] = [self.pick([["desc", ["ref", "q", "id"]], copy.deepcopy(cols[-1])])]
        return ["with", defs, ["select", spec]]

    def t_llateral(self):
        """LATERAL subqueries, joined or in a comma FROM (no rows: SQLite has no LATERAL)."""
        inner = {"cols": [["label", ["func", self.pick(["max", "sum", "count"]), col("orders", "qty")], "m"],
                          ["label", ["func", "min", col("orders", "user_id")], "uid"]],
                 "where": [["eq", col("orders", "user_id"), col("users", "id")]]}
        if self.p(0.3):
            inner = {"cols": [col("orders", "qty"), col("orders", "user_id")],
                     "where": [["eq", col("orders", "user_id"), col("users", "id")]],
                     "order_by": [["desc", col("orders", "qty")]], "limit": self.pick([1, 2])}
        name = self.pick(["l", "lat", None])
        defs = [["l", ["lateral", ["select", inner], name]]]
        first = ["ref", "l", "qty" if "limit" in inner else self.pick(["m", "uid"])]
        cols = [col("users", "name"), first]
        if self.p(0.5):
            frm = ["join", ["table", "users"], ["fromref", "l"], ["ge", copy.deepcopy(first), val(0)], self.p(0.5)]
            spec = {"cols": cols, "from": frm}
        else:
            # FROM users, LATERAL (...): users comes from the correlated column
            spec = {"cols": cols, "from": ["fromref", "l"]}
        if self.p(0.4):
            spec["where"] = [self.simple_pred(Ctx(["users"]))]
        return ["with", defs, ["select", spec]]

    def t_lsample(self):
        """TABLESAMPLE (no rows on SQLite)."""
        t = self.pick(["users", "orders"])
        sampling = self.pick([lambda: val(self.pick([10, 50, 1.5])), lambda: ["func", "bernoulli", val(self.pick([1, 20]))],
                              lambda: ["func", "system", ["literal", 5]]])()
        seed = self.pick([None, None, ["literal", self.small_int()], ["func", "random"]])
        defs = [["s", ["tablesample", ["table", t], sampling, self.pick(["s", "Samp", "user"]), seed]]]
        cols = [["ref", "s", "id"]] + ([["ref", "s", self.pick(STR_COLS[t])]] if self.p(0.5) else [])
        spec = {"cols": cols, "from": ["fromref", "s"]}
        if self.p(0.5):
            spec["where"] = [[self.pick(CMP_OPS), ["ref", "s", "id"], val(self.small_int())]]
        if self.p(0.3):
            spec["from"] = ["join", ["fromref", "s"], ["table", "addresses" if t == "users" else "users"],
                            ["eq", ["ref", "s", "id" if t == "users" else "user_id"],
                             col("addresses", "user_id") if t == "users" else col("users", "id")], self.p(0.5)]
        return ["with", defs, ["select", spec]]

    def t_lanyall(self):
        """x op ANY / ALL (SELECT ...), either side (no rows: SQLite has neither)."""
        frm, ctx = self.from_clause(0.3)
        sub = ["scalar", ["select", {"cols": [col("orders", "qty")], "where": [self.simple_pred(Ctx(["orders"]))]}]]
        agg = [self.pick(["any", "all"]), sub]
        left = self.pick([lambda: self.int_col(ctx), lambda: val(self.small_int()), lambda: ["add", self.int_col(ctx), val(1)]])()
        if left[0] == "val" or self.p(0.3):
            cond = [self.pick(CMP_OPS), agg, left]
        else:
            cond = [self.pick(CMP_OPS), left, agg]
        if self.p(0.3):
            cond = ["not", cond]
        spec = {"cols": [self.int_col(ctx), self.str_col(ctx)], "where": [cond]}
        if frm is not None:
            spec["from"] = frm
        if self.p(0.3):
            spec["where"].append(self.simple_pred(ctx))
        return ["select", spec]

    def lcoerce(self, ctx, selected=False):
        """(type_coerce or literal_column operand, "int" or "str").  A selected one is coerced to the type its
        values have on SQLite: Retort reads a column by its type (an INTEGER coerced to String reads "2", where
        SQLAlchemy passes SQLite's 2 through) and refuses a value that does not fit its type ("5" as INTEGER)."""
        x = self.r.random()
        if x < 0.2:
            return (["typecoerce", self.str_col(ctx), "VARCHAR"], "str") if selected else (["typecoerce", self.str_col(ctx), "INTEGER"], "int")
        if x < 0.35:
            return (["typecoerce", self.int_col(ctx), "INTEGER"], "int") if selected else (["typecoerce", self.int_col(ctx), "VARCHAR"], "str")
        if x < 0.45:
            v, kind = self.pick([(5, "int"), ("5", "str"), ("x", "str"), (-1, "int")])
            return ["typecoerce", val(v), "INTEGER" if kind == "int" else "VARCHAR"], kind
        if x < 0.55:
            return ["typecoerce", ["add", self.int_col(ctx), val(1)], "INTEGER" if selected else self.pick(["INTEGER", "VARCHAR"])], "int"
        t = self.pick(ctx.tables)
        text, kind = self.pick([("%s.id" % t, "int"), ("1", "int"), ("'x'", "str"), ("%s.id + 1" % t, "int"), ("2", "int")])
        return ["literalcol", text, self.pick([None, "INTEGER" if kind == "int" else "VARCHAR"])], kind

    def t_lcoerce(self):
        frm, ctx = self.from_clause(0.3)
        cols = []
        for _ in range(self.r.randint(1, 3)):
            e, kind = self.lcoerce(ctx, selected=True)
            if self.p(0.4):
                e = self.pick([["add", e, val(2)], ["func", "coalesce", e, val(0)]] if kind == "int" else
                              [["concat", e, val("z")], ["func", "upper", e]] + [["cast", e, "VARCHAR"]])
            if self.p(0.4):
                e = ["label", e, self.pick(["c", "v", "order", "Lc"]) + str(len(cols))]
            elif self.p(0.3):
                e = ["anonlabel", e]
            cols.append(e)
        cols.append(self.int_col(ctx))
        spec = {"cols": cols}
        if frm is not None:
            spec["from"] = frm
        if self.p(0.6):
            e, kind = self.lcoerce(ctx)
            spec["where"] = [[self.pick(CMP_OPS), e, self.pick([val(1) if kind == "int" else val("1"), self.int_col(ctx)])]]
        if self.p(0.4):
            spec["order_by"] = [self.pick([copy.deepcopy(cols[0]), ["desc", self.lcoerce(ctx)[0]], self.int_col(ctx)])]
        return ["select", spec]

    def t_lcorrelate(self):
        """Scalar and EXISTS subqueries with explicit correlation: correlate(t), correlate(None), correlate_except(t)."""
        frm, ctx = self.from_clause(0.5)
        if "users" not in ctx.tables:
            frm, ctx = None, Ctx(["users"])
        inner = {"cols": [["func", self.pick(["count", "max"]), col("addresses", "id")]],
                 "where": [["eq", col("addresses", "user_id"), col("users", "id")]]}
        mode = self.pick(["correlate", "none", "except", "except_other"])
        if mode == "correlate":
            inner["correlate"] = ["users"]
        elif mode == "none":
            inner["correlate"] = []
        elif mode == "except":
            inner["correlate_except"] = ["addresses"]
        else:
            inner["correlate_except"] = ["users"]
        if self.p(0.3):
            inner["where"].append(["gt", col("users", "age"), val(self.small_int() * 5)])
        use = self.pick(["col", "where", "exists"])
        spec = {"cols": [col("users", "name")]}
        if use == "col":
            spec["cols"].append(["label", ["scalar", ["select", inner]], self.pick(["n", "cnt", "Count"])])
        elif use == "where":
            spec["where"] = [[self.pick(CMP_OPS), ["scalar", ["select", inner]], val(self.small_int())]]
        else:
            inner["cols"] = [col("addresses", "id")]
            spec["where"] = [self.pick([lambda e: e, lambda e: ["not", e]])(["exists", ["select", inner]])]
        if frm is not None:
            spec["from"] = frm
        return ["select", spec]

    # ---- JSON / ARRAY, DISTINCT ON and shared nodes, rendered per dialect (--profile judge5) -------------
    # JSON documents are built per users row with json_object (rows on SQLite) or are lightweight JSON / JSONB
    # columns (SQL only); ARRAYs are lightweight or type_coerce'd columns.  ``with`` may name an expression
    # (["var", name] is that one object wherever it is used): a label selected twice and ordered / grouped by,
    # a bound literal shared by a CTE, a subquery and the outer query.  Half the lines are judge4's.
    def m_doc(self):
        """(document node, "JSON" | "JSONB")."""
        if self.p(0.6):
            return ["typecoerce", ["func", "json_object", ["literal", "n"], col("users", "name"), ["literal", "a"],
                                   col("users", "age"), ["literal", "l"],
                                   ["func", "json_array", col("users", "id"), col("users", "age")]], "JSON"], "JSON"
        kind = self.pick(["JSON", "JSONB"])
        return ["tcol", self.pick(["data", "doc"]), kind], kind

    def m_elem(self, doc, kind):
        """(a scalar element of the document, "int" | "str" | "json")."""
        key, k = self.pick([("n", "str"), ("a", "int")])
        x = self.r.random()
        if kind == "JSONB" and x < 0.25:
            return (["itemtext", doc, key], "str") if self.p(0.6) else (["pathtext", doc, ["l", self.pick([0, 1])]], "str")
        e = ["item", doc, key] if x < 0.65 else ["path", doc, ["l", self.pick([0, 1])]]
        if e[0] == "path":
            k = "int"
        if self.p(0.6):
            as_ = self.pick(["integer", "integer", "float", "string"]) if k == "int" else "string"
            return ["jsonas", e, as_], "str" if as_ == "string" else "int"
        return e, "json"

    def m_json_pred(self, doc, kind):
        # (no ?, ?& or ?|: Retort doubles their question mark for JDBC, a known difference of the compiler suite)
        if kind == "JSONB" and self.p(0.3):
            return [self.pick(["pgcontains", "containedby"]), doc, val(self.pick(["x", 1]))]
        e, k = self.m_elem(doc, kind)
        if k == "int":
            return [self.pick(CMP_OPS), e, val(self.small_int() * 5)]
        if k == "str":
            return self.pick([["eq", e, val(self.pick(["ann", "ed"]))], ["like", e, val("%e%")], ["isnotnull", e]])
        # the element itself compared with a plain value, which binds as itself (see deliberate()), or an IN list of them
        # (not of a JSONB element: Retort wraps each item in to_jsonb, which SQLAlchemy has no form for)
        x = self.r.random()
        if x < 0.2:
            return [self.pick(["isnull", "isnotnull"]), e]
        if x < 0.35 and kind == "JSON":
            return [self.pick(["in", "notin"]), e, self.pick([[self.small_int() * 5, 31], ["ann", "ed"]])]
        return [self.pick(CMP_OPS), e, val(self.pick([self.small_int() * 5, 31, "ann", "ed"]))]

    def t_mjson(self):
        doc, kind = self.m_doc()
        cols = []
        for _ in range(self.r.randint(1, 3)):
            e = self.m_elem(doc, kind)[0]
            if self.p(0.3):
                e = ["label", e, self.pick(["v", "n", "order"]) + str(len(cols))]
            cols.append(e)
        cols.append(col("users", "id"))
        spec = {"cols": cols, "from": ["table", "users"]}
        if self.p(0.7):
            spec["where"] = [self.m_json_pred(doc, kind) for _ in range(self.pick([1, 2], [70, 30]))]
        if self.p(0.4):
            spec["order_by"] = [self.pick([["desc", self.m_elem(doc, kind)[0]], copy.deepcopy(cols[0]), col("users", "id")])]
        if self.p(0.25):
            # the document's elements read through a subquery or CTE
            spec["cols"] = [["label", c, "c%d" % i] if c[0] != "label" else c for i, c in enumerate(cols)]
            spec.pop("order_by", None)
            names = [c[2] for c in spec["cols"]]
            defs = [["s", [self.pick(["subquery", "cte"]), ["select", spec], "s"]]]
            outer = {"cols": [["ref", "s", nm] for nm in names[:self.r.randint(1, len(names))]], "from": ["fromref", "s"]}
            return ["with", defs, ["select", outer]]
        return ["select", spec]

    def m_array(self):
        return self.pick([["tcol", "tags", "INTARRAY"], ["typecoerce", self.int_col(Ctx(["users"])), "INTARRAY"]])

    def m_array_elem(self, arr):
        x = self.r.random()
        if x < 0.5:
            return ["item", arr, self.r.randint(1, 3)]
        lo = self.r.randint(1, 2)
        sl = ["slice", arr, lo, lo + self.r.randint(0, 2)]
        return ["item", sl, 1] if x < 0.65 else sl

    def m_array_pred(self, arr):
        return self.pick([lambda: [self.pick(CMP_OPS), ["item", arr, self.r.randint(1, 3)], val(self.small_int())],
                          lambda: ["eq", [self.pick(["any", "all"]), arr], val(self.small_int())],
                          lambda: [self.pick(["pgcontains", "containedby", "overlap"]), arr,
                                   ["list", sorted(self.r.sample(range(1, 6), self.r.randint(1, 3)))]]])()

    def t_marray(self):
        arr = self.m_array()
        cols = [self.m_array_elem(arr) for _ in range(self.r.randint(1, 2))]
        if self.p(0.3):
            cols[0] = ["label", cols[0], self.pick(["e", "first", "Elem"])]
        cols.append(col("users", "name"))
        spec = {"cols": cols, "from": ["table", "users"]}
        if self.p(0.8):
            spec["where"] = [self.m_array_pred(arr)]
            if self.p(0.3):
                spec["where"].append(self.simple_pred(Ctx(["users"])))
        if self.p(0.3):
            spec["order_by"] = [self.pick([["desc", ["item", arr, 1]], copy.deepcopy(cols[0])])]
        return ["select", spec]

    def t_mdistinct_on(self):
        """DISTINCT ON, with DISTINCT, LIMIT, a join, or inside a subquery (PostgreSQL only: refused elsewhere)."""
        frm, ctx = self.from_clause(0.3)
        keys = [self.pick([self.int_col, self.str_col])(ctx) for _ in range(self.pick([1, 2], [70, 30]))]
        cols = [col(ctx.base, "id")] + [k for k in keys if k != col(ctx.base, "id")]
        if self.p(0.3):
            keys = [["label", keys[0], "k"]] + keys[1:]
            cols = [keys[0]] + cols
        spec = {"cols": cols, "distinct_on": keys}
        if frm is not None:
            spec["from"] = frm
        if self.p(0.7):
            spec["order_by"] = copy.deepcopy(keys) + [[self.pick(["asc", "desc"]), col(ctx.base, "id")]]
        if self.p(0.2):
            spec["distinct"] = True
        if self.p(0.3):
            spec["limit"] = self.r.randint(1, 3)
        if self.p(0.3):
            spec["where"] = [self.simple_pred(ctx)]
        if self.p(0.25):
            return ["with", [["d", ["subquery", ["select", spec], self.pick(["d", None])]]],
                    ["select", {"cols": [["refpos", "d", 0]], "from": ["fromref", "d"]}]]
        return ["select", spec]

    def t_mshared(self):
        kind = self.pick(["label", "label", "bind", "expr", "labeluse"])
        if kind == "labeluse":
            return self.m_label_uses()
        if kind == "label":
            e = self.pick([["add", col("users", "age"), val(1)], ["func", "lower", col("users", "name")],
                           col("users", "age"), ["func", "coalesce", col("users", "age"), val(0)],
                           ["case", [[["gt", col("users", "age"), val(30)], val("old")]], val("young")]])
            defs = [["L", ["label", e, self.pick(["x", "n", "order", "Lbl", "age"])]]]
            cols = [["var", "L"]] + ([["var", "L"]] if self.p(0.4) else [])
            spec = {"cols": cols}
            if self.p(0.45):
                spec["cols"].append(["label", ["func", "count", col("users", "id")], "cnt"])
                spec["group_by"] = [["var", "L"]]
                if self.p(0.3):
                    spec["having"] = [["gt", ["func", "count", col("users", "id")], val(0)]]
            else:
                spec["cols"].append(col("users", "id"))
                if self.p(0.3):
                    spec["where"] = [["isnotnull", ["var", "L"]]]
            spec["order_by"] = self.pick([[["var", "L"]], [["desc", ["var", "L"]]], [["var", "L"], ["desc", ["var", "L"]]], []])
            if not spec["order_by"]:
                del spec["order_by"]
            if self.p(0.3):
                # the label also selected by a CTE / subquery the outer query reads
                defs.append(["c", [self.pick(["cte", "subquery"]), ["select", {"cols": [col("users", "id"), ["var", "L"]]}], "c"]])
                body = {"cols": [["ref", "c", defs[0][1][2]], ["var", "L"]], "from": ["join", ["table", "users"], ["fromref", "c"],
                                                                                   ["eq", col("users", "id"), ["ref", "c", "id"]], False],
                        "order_by": [["var", "L"]]}
                return ["with", defs, ["select", body]]
            return ["with", defs, ["select", spec]]
        if kind == "bind":
            # one bound literal in the outer WHERE and in a CTE, subquery or scalar subquery
            b = ["literal", self.small_int()]
            defs = [["B", b]]
            inner = {"cols": [col("orders", "user_id")], "where": [[self.pick(CMP_OPS), col("orders", "qty"), ["var", "B"]]]}
            use = self.pick(["cte", "insub", "scalar"])
            outer = {"cols": [col("users", "id"), col("users", "name")], "where": [[self.pick(CMP_OPS), col("users", "id"), ["var", "B"]]]}
            if use == "cte":
                defs.append(["c", ["cte", ["select", inner], "c"]])
                outer["from"] = ["join", ["table", "users"], ["fromref", "c"], ["eq", col("users", "id"), ["ref", "c", "user_id"]], False]
            elif use == "insub":
                outer["where"].append(["insub", col("users", "id"), ["select", inner]])
            else:
                outer["cols"].append(["label", ["scalar", ["select", {"cols": [["func", "count", col("orders", "id")]],
                                                                      "where": inner["where"]}]], "k"])
            if self.p(0.3):
                outer["cols"].append(["label", ["var", "B"], "b"])
            return ["with", defs, ["select", outer]]
        # one expression object in a CTE's columns and in the outer query's WHERE / ORDER BY
        e = self.pick([["add", col("users", "age"), ["literal", 1]], ["func", "upper", col("users", "name")],
                       ["mul", col("users", "id"), val(2)]])
        defs = [["E", e], ["c", ["cte", ["select", {"cols": [col("users", "id"), ["label", ["var", "E"], "e"]],
                                                    "where": [["isnotnull", ["var", "E"]]]}], self.pick(["c", "E"])]]]
        outer = {"cols": [["ref", "c", "e"], col("users", "name")],
                 "from": ["join", ["table", "users"], ["fromref", "c"], ["eq", col("users", "id"), ["ref", "c", "id"]], False],
                 "order_by": [self.pick([["var", "E"], ["desc", ["var", "E"]], ["ref", "c", "e"]])]}
        if self.p(0.4):
            outer["where"] = [["isnotnull", ["var", "E"]]]
        return ["with", defs, ["select", outer]]

    def m_label_uses(self):
        """One numeric label object used where it is written as its expression rather than its name, beside a use
        by name: in a window's ORDER BY / PARTITION BY, inside an ORDER BY or WHERE expression, or selected by both
        members of a compound SELECT ordered by it."""
        e = self.pick([["add", col("users", "age"), val(1)], ["func", "coalesce", col("users", "age"), val(0)], col("users", "age")])
        defs = [["L", ["label", e, self.pick(["x", "order", "Lbl", "age"])]]]
        form = self.pick(["window", "expression", "compound"])
        if form == "compound":
            members = [["select", {"cols": [["var", "L"], col("users", "id")],
                                   "where": [[self.pick(CMP_OPS), col("users", "id"), val(self.r.randint(1, 5))]]}]
                       for _ in range(2)]
            return ["with", defs, ["compound", self.pick(["union", "union_all"]), members,
                                   {"order_by": [self.pick([["var", "L"], ["desc", ["var", "L"]]]), col("users", "id")]}]]
        cols = [["var", "L"], col("users", "id")]
        spec = {"cols": cols}
        if form == "window":
            over = {"order_by": [self.pick([["var", "L"], ["desc", ["var", "L"]]]), col("users", "id")]}
            if self.p(0.4):
                over["partition_by"] = [["var", "L"]]
            cols.append(["label", ["over", ["func", self.pick(["row_number", "rank"])], over], "rn"])
            spec["order_by"] = [["var", "L"], col("users", "id")]
        else:
            spec["order_by"] = [self.pick([["desc", ["add", ["var", "L"], val(1)]], ["mul", ["var", "L"], val(2)]]),
                                self.pick([["var", "L"], col("users", "id")])]
            if self.p(0.5):
                spec["where"] = [[self.pick(CMP_OPS), ["var", "L"], val(self.r.randint(15, 40))]]
        return ["with", defs, ["select", spec]]

    JUDGE5 = ["mjson", "marray", "mdistinct_on", "mshared"]
    JUDGE5_WEIGHTS = [35, 20, 15, 30]

    JUDGE4 = ["lalias", "lselfjoin", "llateral", "lsample", "lanyall", "lcoerce", "lcorrelate"]
    JUDGE4_WEIGHTS = [30, 12, 10, 6, 10, 17, 15]

    JUDGE3 = ["kselect", "kgroup", "knames", "kdml"]
    JUDGE3_WEIGHTS = [50, 20, 15, 15]

    JUDGE = ["jselect", "jgroup", "jwindow", "jwith", "junion", "jdml"]
    JUDGE_WEIGHTS = [35, 12, 15, 15, 10, 13]

    TEMPLATES = ["plain", "group", "window", "scalar", "with", "union", "delete", "update", "insert"]
    SAMPLE_WEIGHTS = [156, 38, 19, 13, 29, 17, 12, 9, 7]
    WIDE_WEIGHTS = [130, 35, 30, 13, 45, 25, 15, 18, 12]
    SHAPES = ["compound", "right_join", "correlated_dml", "constructs"]
    SHAPES_WEIGHTS = [40, 20, 20, 20]
    BREADTH = ["bitwise", "tuple", "fetch", "grouping"]
    BREADTH_WEIGHTS = [30, 30, 25, 15]
    # drawn after the lines above (--profile breadth2), so those stay as generated
    BREADTH2 = ["distinct_on", "within_group", "values", "textual", "compound_fetch"]
    BREADTH2_WEIGHTS = [20, 20, 25, 20, 15]

    def tree(self):
        if self.breadth == "judge5" and self.p(0.5):
            return getattr(self, "t_" + self.pick(self.JUDGE5, self.JUDGE5_WEIGHTS))()
        if self.breadth in ("judge4", "judge5") and self.p(0.5):
            return getattr(self, "t_" + self.pick(self.JUDGE4, self.JUDGE4_WEIGHTS))()
        if self.breadth in ("judge3", "judge4", "judge5"):
            return getattr(self, "t_" + self.pick(self.JUDGE3, self.JUDGE3_WEIGHTS))()
        if self.breadth in ("judge", "judge2"):
            if self.p(0.3):
                return getattr(self, "t_" + self.pick(self.TEMPLATES, self.WIDE_WEIGHTS))()
            return getattr(self, "t_" + self.pick(self.JUDGE, self.JUDGE_WEIGHTS))()
        if self.breadth == "operators":
            return self.t_operators()
        if self.breadth == "breadth":
            return getattr(self, "t_" + self.pick(self.BREADTH, self.BREADTH_WEIGHTS))()
        if self.breadth == "breadth2":
            return getattr(self, "t_" + self.pick(self.BREADTH2, self.BREADTH2_WEIGHTS))()
        if self.shapes:
            return getattr(self, "t_" + self.pick(self.SHAPES, self.SHAPES_WEIGHTS))()
        w = self.WIDE_WEIGHTS if self.wide else self.SAMPLE_WEIGHTS
        return getattr(self, "t_" + self.pick(self.TEMPLATES, w))()


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def skip_reason(exc):
    msg = re.sub(r"<[^>]* object at 0x[0-9a-f]+>", "<...>", str(exc).split("\n")[0])
    msg = re.sub(r"\(Background on this error.*", "", msg)
    return "%s: %s" % (type(exc).__name__, msg[:150])


def generate(seed, count, out, profile):
    rng = random.Random(seed)
    gen = TreeGen(rng, profile in ("wide", "judge", "judge2", "judge3", "judge4", "judge5"), profile == "shapes",
                  profile if profile.startswith("breadth") or profile in ("operators", "judge", "judge2", "judge3", "judge4", "judge5") else None)
    engine = make_engine()
    skipped = collections.Counter()
    warned = collections.Counter()
    written = attempt = 0
    with open(out, "w", encoding="utf-8") as fh:
        while written < count:
            attempt += 1
            tree = gen.tree()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    fields = derive(engine, tree, rng, dialects=profile == "judge5")
                except Exception as exc:  # noqa: BLE001 - any rejection skips the tree
                    skipped[skip_reason(exc)] += 1
                    continue
            for w in caught:
                warned[str(w.message).split("\n")[0][:110]] += 1
            line = {"id": "d%04d" % attempt, "tree": tree, **fields}
            fh.write(json.dumps(line) + "\n")
            written += 1
    print("wrote %d lines to %s (%d trees drawn, %d skipped)" % (written, out, attempt, sum(skipped.values())),
          file=sys.stderr)
    for reason, n in skipped.most_common():
        print("  skipped %4d  %s" % (n, reason), file=sys.stderr)
    for msg, n in warned.most_common():
        print("  warning %4d  %s" % (n, msg), file=sys.stderr)


def verify(path):
    """Recompute the derived fields of an existing corpus; report differences."""
    engine = make_engine()
    bad = 0
    total = 0
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        total += 1
        d = json.loads(line)
        problems = []
        try:
            stmt = build(d["tree"])
            # as the file holds them (a JSON path's tuple is a list there)
            if "dialects" in d and json.loads(json.dumps(per_dialect(build(d["tree"]), d["tree"]))) != d["dialects"]:
                problems.append("dialects")
            sql, params = compile_stmt(stmt) if d["sql"] is not None else (None, None)
            params = json.loads(json.dumps(params))
            if sql != d["sql"]:
                problems.append("sql:\n    mine %r\n    file %r" % (sql, d["sql"]))
            if params != d["params"]:
                problems.append("params: mine %r file %r" % (params, d["params"]))
            rows = run(engine, d["tree"], Builder(for_sqlite=True).build(deliberate(d["tree"], "sqlite")))
            if not isinstance(rows, list):
                same = rows == d["rows"]
            elif d["rows_ordered"]:
                same = sorted(map(repr, rows)) == sorted(map(repr, d["rows"]))
            else:
                same = len(rows) == len(d["rows"])
            if not same:
                problems.append("rows: mine %r file %r" % (rows, d["rows"]))
            if d["rows_ordered"] != (is_dml(d["tree"]) or not has_limit(d["tree"])):
                problems.append("rows_ordered")
            if twin(d["tree"]) != d["twin"]:
                problems.append("twin: mine %s" % json.dumps(twin(d["tree"])))
            key = stmt._generate_cache_key()
            if (None if key is None else cache_key(d["twin"]) == key) != d["same_key"]:
                problems.append("same_key")
            if d["mutant"] is not None and key is not None and (cache_key(d["mutant"]) == key) != d["mutant_same_key"]:
                problems.append("mutant_same_key")
        except Exception as exc:  # noqa: BLE001
            problems.append("error " + skip_reason(exc))
        if problems:
            bad += 1
            print(d["id"], *problems, sep="\n  ")
    print("%d/%d lines reproduced" % (total - bad, total), file=sys.stderr)
    return bad == 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--out", help="output .jsonl file")
    ap.add_argument("--profile", choices=["sample", "wide", "shapes", "breadth", "breadth2", "operators", "judge", "judge2", "judge3", "judge4", "judge5"], default="sample")
    ap.add_argument("--verify", metavar="FILE", help="check an existing corpus against this recipe")
    args = ap.parse_args(argv)
    if args.verify:
        return 0 if verify(args.verify) else 1
    if not args.out:
        ap.error("--out is required")
    generate(args.seed, args.count, args.out, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
