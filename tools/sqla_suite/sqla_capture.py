"""pytest plugin: records every assert_compile call of SQLAlchemy's own test suite.

Loaded by port.py (``-p sqla_capture``). The original assert_compile still runs (so each test
behaves as upstream); afterwards the statement is converted to the tree language and compiled
again by SQLAlchemy for the target dialect, which gives the expected SQL and parameters.
Results are appended, one JSON object a line, to the file named by $SQLA_SUITE_OUT.
"""

import inspect
import json
import warnings
import os
import re

from sqlalchemy.engine import default
from sqlalchemy.testing import assertions

import convert
import convert_orm

OUT = os.environ["SQLA_SUITE_OUT"]
_orig = assertions.AssertsCompiledSQL.assert_compile
_counter = {}
_SIG = inspect.signature(_orig)

# assert_compile options that change what is compiled in ways the tree cannot carry (check_literal_execute only checks
# the values of __[POSTCOMPILE_x] parameters, which the expected SQL, compiled with render_postcompile, writes inline)
UNPORTABLE_KW = ("for_executemany", "use_literal_execute_for_simple_int", "check_post_param")


def _origin():
    cur = os.environ.get("PYTEST_CURRENT_TEST", "?::? (call)").rsplit(" ", 1)[0]
    path, _, name = cur.partition("::")
    return path, name


def _dialect_name(self, kw):
    """The test's effective dialect, as assert_compile would pick it; None when not ours."""
    dialect = kw.get("dialect")
    if kw.get("use_default_dialect") or kw.get("allow_dialect_select"):
        return "default"
    if dialect is None:
        dialect = getattr(self, "__dialect__", None)
    if dialect is None:
        return "default"  # the suite's sqlite config db is never asked for by these tests' SQL
    if isinstance(dialect, str):
        if dialect in ("default", "default_qmark", "default_enhanced"):
            return "default"
        name = dialect.split("+")[0].split(":")[0]
        return name if name in ("sqlite", "postgresql", "mysql", "mariadb") else None
    if type(dialect) is default.DefaultDialect and "colspecs" in vars(dialect):
        # a test's dialect with its own type implementations (their expressions): not a dialect of Retort's
        raise convert.Unsupported("dialect with its own colspecs")
    if isinstance(dialect, default.StrCompileDialect) or type(dialect) is default.DefaultDialect:
        return "default"
    name = dialect.name
    if name == "mysql" and getattr(dialect, "is_mariadb", False):
        return "mariadb"
    return name if name in ("sqlite", "postgresql", "mysql", "mariadb") else None


def _label_length(self, kw, name):
    """The test dialect's label length (label_length, else max_identifier_length) when it is not
    the base dialect's, else None: a case then compiles with Dialect.withLabelLength on both sides."""
    dialect = kw.get("dialect")
    if dialect is None or isinstance(dialect, str):
        return None
    base = _target(name) or default.StrCompileDialect()
    length = dialect.label_length or dialect.max_identifier_length
    return length if length != (base.label_length or base.max_identifier_length) else None


def _target(name, label_length=None):
    """A fresh dialect of the base compiler with JDBC-style placeholders."""
    if name == "default":
        return default.StrCompileDialect(label_length=label_length) if label_length else None
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql.base import PGDialect as D
    elif name in ("mysql", "mariadb"):
        from sqlalchemy.dialects.mysql.base import MySQLDialect as D
    else:
        from sqlalchemy.dialects.sqlite.base import SQLiteDialect as D
    # MariaDB is told at construction, which picks its identifier preparer (its own reserved words)
    d = D(paramstyle="qmark", label_length=label_length, **({"is_mariadb": True} if name == "mariadb" else {}))
    if name == "mariadb":
        d.server_version_info = (10, 11)
    if _float_cast and name in ("mysql", "mariadb"):
        d._support_float_cast = True
    return d


# whether the test's own MySQL dialect object casts to FLOAT / DOUBLE (a server version of MySQL 8.0.17+ or
# MariaDB 10.4.5+ it was initialized with: a fresh dialect drops such a CAST), for _target
_float_cast = False


def expected(stmt, dialect_name, literal_binds, column_params=None, label_length=None):
    ck = {"render_postcompile": True}
    if literal_binds:
        ck["literal_binds"] = True
    kw = {"compile_kwargs": ck}
    if column_params is not None:
        kw["column_keys"] = list(column_params)
    d = _target(dialect_name, label_length)
    if _translating:
        kw.update(schema_translate_map=dict(_translating), render_schema_translate=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = stmt.compile(dialect=d, **kw) if d is not None else stmt.compile(**kw)
    values = (c.construct_params(column_params) if column_params is not None else c.params) or {}
    params = {} if literal_binds else {k: convert.value(v) for k, v in values.items()}
    positional = None
    if d is not None and not literal_binds and getattr(c, "positiontup", None) is not None:
        # the order the ? placeholders take, to run SQLAlchemy's own SQL on a server
        positional = [params[k] for k in c.positiontup]
    return str(c), params, positional


def runnable(stmt, literal_binds):
    """For a generic SELECT: SQLAlchemy's SQL and positional parameters on each server's dialect."""
    out = {}
    for name in ("sqlite", "postgresql", "mariadb"):
        try:
            sql, _, positional = expected(stmt, name, literal_binds)
        except Exception:
            continue  # a construct that dialect cannot render
        out[name] = [sql, positional or []]
    return out


def _column_params(clause, params):
    """assert_compile(params=...) on INSERT/UPDATE names the columns given at execution; as a
    tree those are values() of plain values, which SQLAlchemy renders the same way."""
    if params is None or type(clause).__name__ not in ("Insert", "Update"):
        return None
    keys = {c.key for c in clause.table.columns}
    given = {k if isinstance(k, str) else k.key for k in (clause._values or {})}
    if getattr(clause, "_multi_values", None) or getattr(clause, "select", None) is not None \
            or not set(params) <= keys or not params:
        raise convert.Unsupported("compile-time column_keys (params=) on INSERT/UPDATE")
    # keys that values() already set keep their value expression; the others become plain values
    return {k: v for k, v in params.items() if k not in given}, params


def _without_restated_limit(clause, kw):
    """.ext(mysql.limit(n)) binds n anonymously (param_1) and, compiled with render_postcompile, writes it inline
    (LIMIT n), which SQLAlchemy cannot compile again with params=; the tests' params= only restate that value and
    the values() given, so those entries are left out."""
    # only a DML statement is asked: a column element's unknown attribute goes to its comparator, which caches itself
    # on the element (and breaks a later pickle of it, test_serializer's)
    params = kw.get("params")
    ext = clause._post_criteria_clause if type(clause).__name__ in ("Update", "Delete") else None
    if not params or type(ext).__name__ != "DMLLimitClause":
        return kw
    given = {getattr(k, "key", k): getattr(v, "value", v) for k, v in (getattr(clause, "_values", None) or {}).items()}
    kept = {k: v for k, v in params.items()
            if not (isinstance(k, str) and re.fullmatch(r"param_\d+", k) and v == ext._limit_clause.value)
            and not (k in given and given[k] == v)}
    return dict(kw, params=kept or None)


def _for_execution(clause, kw, dname):
    """assert_compile(params=...) on an INSERT/UPDATE whose params _column_params cannot turn into
    values() (keys that are Column objects or name binds of the statement, no keys at all, a
    multi-row or INSERT...SELECT): ["for_execution", tree, keys] (Retort's forExecution(keys), the
    statement an execution with those parameter keys runs), the params' values bound with
    ["params", ...]. None when _column_params handles the call."""
    params = kw.get("params")
    if params is None or type(clause).__name__ not in ("Insert", "Update"):
        return None
    named = {k if isinstance(k, str) else k.key: v for k, v in params.items()}
    try:
        if all(isinstance(k, str) for k in params) and _column_params(clause, params) is not None:
            return None
    except convert.Unsupported:
        pass
    if _label_length(None, kw, dname) is not None:
        raise convert.Unsupported("compile-time column_keys (params=) with a label length")
    tables, tree = convert.convert(clause)
    tree = ["for_execution", tree, list(named)]
    bound = {k: convert.value(v) for k, v in named.items()}
    if bound:
        tree = ["params", tree, bound]
    lb = bool(kw.get("literal_binds"))
    sql, values, positional = expected(clause, dname, lb, named)
    rec = {"dialect": dname, "literal_binds": lb, "tables": tables, "tree": tree, "sql": sql, "params": values}
    if positional is not None:
        rec["positional"] = positional
    return rec


def _bare_type(clause, dname):
    """A bare type (assert_compile(String(50), ...)): its DDL name; Dialect.typeDdl in Java."""
    name = convert.type_name(clause)
    if name is None:
        raise convert.Unsupported("NullType")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sql = clause.compile(dialect=_target(dname) or default.StrCompileDialect())
    return {"dialect": dname, "literal_binds": False, "tables": [], "tree": ["type_ddl", name],
            "sql": sql, "params": {}}


def _orm_statement(clause, kw, dname, orm):
    """An ORM query or ORM-enabled SELECT: its mapping travels with the case ("orm")."""
    stmt, legacy = orm
    # params= only gives binds values at execution: as for a Core SELECT, the statement's own are compared
    lb, label_length = bool(kw.get("literal_binds")), _label_length(None, kw, dname)
    tables, mapping, tree = _orm_with_params(stmt, legacy)
    sql, params, positional = expected(stmt, dname, lb, label_length=label_length)
    rec = {"dialect": dname, "literal_binds": lb, "tables": tables, "orm": mapping, "tree": tree,
           "sql": sql, "params": params}
    if label_length is not None:
        rec["label_length"] = label_length
    if positional is not None:
        rec["positional"] = positional
    return rec


def _orm_with_params(stmt, legacy):
    """convert_orm, a statement's .params(...) values (Executable._params) as ["params", tree, values]
    around its body (ClauseElement.params in Java)."""
    values = getattr(stmt, "_params", None)
    if not values:
        return convert_orm.convert_orm(stmt, legacy)
    bare = stmt._generate()
    bare._params = type(values)()
    tables, mapping, tree = convert_orm.convert_orm(bare, legacy)
    bound = {k: convert.value(v) for k, v in values.items()}
    if tree[0] == "with":
        return tables, mapping, ["with", tree[1], ["params", tree[2], bound]]
    return tables, mapping, ["params", tree, bound]


def _orm_expression(clause, kw, dname):
    """An expression over mapped attributes compiled on its own (User.id + 5): its mapping travels
    with the case ("orm") as an ORM statement's does."""
    if kw.get("params") is not None or kw.get("literal_binds") or _label_length(None, kw, dname) is not None:
        raise convert.Unsupported("ORM expression compiled with params= / literal_binds / a label length")
    tables, mapping, tree = convert_orm.convert_orm_expression(clause)
    sql, params, _ = expected(clause, dname, False)
    return {"dialect": dname, "literal_binds": False, "tables": tables, "orm": mapping, "tree": tree,
            "sql": sql, "params": params}


def _orm_dml(clause, kw, dname):
    """insert(User) / update(User) / delete(User): Core DML of the class's table, its mapping with the case."""
    if kw.get("literal_binds") or _label_length(None, kw, dname) is not None:
        raise convert.Unsupported("ORM DML compiled with literal_binds / a label length")
    # params= names the columns an execution would give, as for Core DML (_statement)
    column_params = _column_params(clause, kw.get("params"))
    tables, mapping, tree = convert_orm.convert_orm_dml(
        clause.values(**column_params[0]) if column_params and column_params[0] else clause)
    if column_params:
        bound = {k: convert.value(v) for k, v in column_params[1].items() if k not in column_params[0]}
        if bound:
            tree = ["params", tree, bound]
    sql, params, positional = expected(clause, dname, False, column_params[1] if column_params else None)
    rec = {"dialect": dname, "literal_binds": False, "tables": tables, "orm": mapping, "tree": tree,
           "sql": sql, "params": params}
    if positional is not None:
        rec["positional"] = positional
    return rec


def _statement(self, clause, kw, dname):
    orm = convert_orm.orm_statement(clause)
    if orm is not None:
        return _orm_statement(clause, kw, dname, orm)
    from sqlalchemy.sql.elements import ColumnElement
    if (isinstance(clause, ColumnElement) or convert_orm.is_orm_join(clause)) and convert_orm.orm_entity_of(clause) is not None:
        return _orm_expression(clause, kw, dname)
    if convert_orm.is_orm_dml(clause):
        return _orm_dml(clause, kw, dname)
    executed = _for_execution(clause, kw, dname)
    if executed is not None:
        return executed
    column_params = _column_params(clause, kw.get("params"))
    from sqlalchemy.sql.elements import ClauseElement
    if not isinstance(clause, ClauseElement):
        raise convert.Unsupported(type(clause).__name__)
    # params= names the columns an execution would give; as a tree they are values() of plain values
    tree_source = clause.values(**column_params[0]) if column_params and column_params[0] else clause
    from sqlalchemy.sql.base import Executable
    # (not getattr on any element: a ColumnElement's __getattr__ would build and cache its comparator, which a
    # later pickle of it carries; test_serializer's loads() then recurses)
    values = tree_source._params if isinstance(tree_source, Executable) else None
    if values:
        # select(...).params(x=5) (Executable._params): ClauseElement.params in Java, as for an ORM statement
        tree_source = tree_source._generate()
        tree_source._params = type(values)()
    tables, tree = convert.convert(tree_source)
    if values:
        bound = {k: convert.value(v) for k, v in values.items()}
        tree = ["with", tree[1], ["params", tree[2], bound]] if tree[0] == "with" else ["params", tree, bound]
    if column_params:
        # the other params= entries give values to bindparam()s already in the statement
        bound = {k: convert.value(v) for k, v in column_params[1].items() if k not in column_params[0]}
        if bound:
            tree = ["params", tree, bound]
    lb = bool(kw.get("literal_binds"))
    label_length = _label_length(self, kw, dname)
    sql, params, positional = expected(clause, dname, lb, column_params[1] if column_params else None, label_length)
    rec = {"dialect": dname, "literal_binds": lb, "tables": tables, "tree": tree, "sql": sql, "params": params}
    if label_length is not None:
        rec["label_length"] = label_length
    if positional is not None:
        rec["positional"] = positional
    if dname == "default" and type(clause).__name__ in ("Select", "CompoundSelect"):
        rec["run"] = runnable(clause, lb)
    return rec


# the schema_translate_map of the assert_compile call being recorded (see _translated), else None
_translating = None


def _translated(self, clause, kw, dname):
    """assert_compile(schema_translate_map=...): the expected SQL is SQLAlchemy's
    compile(schema_translate_map=..., render_schema_translate=True) whatever the call's
    render_schema_translate (Retort writes the translated schemas at compile time; the
    __[SCHEMA_x] placeholders are SQLAlchemy's cache device). The map is recorded as
    [from, to] pairs (JSON has no null key); such a case is not run on the servers."""
    global _translating
    from sqlalchemy.types import TypeEngine
    if isinstance(clause, TypeEngine):
        raise convert.Unsupported("assert_compile(schema_translate_map=...) of a bare type")
    _translating = kw["schema_translate_map"]
    try:
        rec = _statement(self, clause, kw, dname)
    finally:
        _translating = None
    rec.pop("run", None)
    # "_none" is SQLAlchemy's own alias of the None key, which its compile adds to the caller's map
    rec["schema_translate_map"] = [[k, v] for k, v in kw["schema_translate_map"].items() if k != "_none"]
    return rec


def _record(self, clause, kw, error):
    path, name = _origin()
    n = _counter[(path, name)] = _counter.get((path, name), 0) + 1
    rec = {"id": "%s::%s#%d" % (path, name, n), "file": path, "test": name}
    global _float_cast
    _float_cast = bool(getattr(kw.get("dialect"), "_support_float_cast", False))
    try:
        if error is not None:
            raise convert.Unsupported("an expected-error case (%s)" % type(error).__name__)
        dname = _dialect_name(self, kw)
        if dname is None:
            d = kw.get("dialect") or getattr(self, "__dialect__", None)
            raise convert.Unsupported("dialect %s" % (d if isinstance(d, str) else getattr(d, "name", d)))
        for k in UNPORTABLE_KW:
            if kw.get(k):
                raise convert.Unsupported("assert_compile(%s=...)" % k)
        from sqlalchemy.types import TypeEngine
        if kw.get("schema_translate_map"):
            rec.update(_translated(self, clause, kw, dname))
        else:
            rec.update(_bare_type(clause, dname) if isinstance(clause, TypeEngine)
                       else _statement(self, clause, _without_restated_limit(clause, kw), dname))
    except convert.Unsupported as e:
        rec["skip"] = str(e)
    except Exception as e:  # the converter or the recompile tripped: not ported, with why
        rec["skip"] = "converter error: %s: %s" % (type(e).__name__, str(e).splitlines()[0][:120] if str(e) else "")
    with open(OUT, "a") as f:
        f.write(json.dumps(rec, sort_keys=False) + "\n")


def assert_compile(self, clause, result, *args, **kw):
    opts = _SIG.bind(self, clause, result, *args, **kw).arguments
    try:
        r = _orig(self, clause, result, *args, **kw)
    except Exception as e:
        _record(self, clause, opts, e)
        raise
    _record(self, clause, opts, None)
    return r


assertions.AssertsCompiledSQL.assert_compile = assert_compile
