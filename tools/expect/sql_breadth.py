"""Expected SQL for SqlBreadthTest: the constructs of the SQL-breadth work (custom and bitwise
operators, ...), each compiled by SQLAlchemy 2.1 for the default string compiler and the
PostgreSQL, SQLite, MySQL and MariaDB base dialects with JDBC-style placeholders.

    PYTHONPATH=/tmp/sapkg python3 tools/expect/sql_breadth.py \\
        > retort-core/src/test/resources/sql-breadth-expected.json

A case that SQLAlchemy refuses for a dialect is recorded as {"error": message}.
"""
import json
import sys

from sqlalchemy import text, column, values, true, exists, Column, Float, ForeignKey, Integer, MetaData, String, Table, func, not_, select, tuple_, union
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.dialects.mysql.base import MySQLDialect
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.dialects.sqlite.base import SQLiteDialect

m = MetaData()
users = Table("users", m, Column("id", Integer, primary_key=True), Column("name", String(50)), Column("age", Integer),
              Column("score", Float))
addresses = Table("addresses", m, Column("id", Integer, primary_key=True), Column("email", String(50)),
                  Column("user_id", Integer, ForeignKey("users.id")))

DIALECTS = {"default": None, "postgresql": PGDialect(paramstyle="qmark"), "sqlite": SQLiteDialect(paramstyle="qmark"),
            "mysql": MySQLDialect(paramstyle="qmark"), "mariadb": MySQLDialect(paramstyle="qmark", is_mariadb=True)}
u = users.c

first = select(addresses.c.email).where(addresses.c.user_id == u.id).order_by(addresses.c.id).limit(1).lateral("first_address")
v = values(column("id", Integer), column("label", String), name="v").data([(1, "one"), (2, "two")])
ts = text("SELECT id, name FROM users WHERE id > :low").bindparams(low=1).columns(column("id", Integer), column("name", String))
tsq = ts.subquery("t")
CASES = {
    "textual_subquery": select(tsq.c.name).where(tsq.c.id < 4).order_by(tsq.c.id),
    "textual_join": select(u.age, tsq.c.name).join(tsq, u.id == tsq.c.id),
    "textual_in": select(u.name).where(u.id.in_(text("SELECT user_id FROM addresses").columns(column("user_id", Integer)))),
    "textual_select": ts,
    "values_select": select(v),
    "values_join": select(u.name, v.c.label).join(v, u.id == v.c.id),
    "values_where": select(v.c.id).where(v.c.label == "two"),
    "values_in": select(u.name).where(u.id.in_(select(values(column("x", Integer), name="w").data([(1,), (3,)])))),
    "lateral_join": select(u.name, first.c.email).select_from(users.join(first, true())),
    "lateral_outer_join": select(u.name, first.c.email).select_from(users.outerjoin(first, true())).order_by(u.id),
    "lateral_select_join": select(u.name, first.c.email).join(first, true()),
    "lateral_from": select(u.name, first.c.email).select_from(users).select_from(first),
    "bitwise": select(u.age.bitwise_and(6), u.age.bitwise_or(u.id), u.age.bitwise_xor(3), u.age.bitwise_not(),
                      u.age.bitwise_lshift(2), u.age.bitwise_rshift(1)),
    "bitwise_grouping": select(u.age.bitwise_and(6) + 1, (u.age + 1).bitwise_and(6), u.age.bitwise_and(6).bitwise_or(1),
                               (u.age * 2).bitwise_and(6)).where(u.age.bitwise_and(4) == 4).where(~u.id.bitwise_and(1)),
    "custom_op": select(u.age.op("&")(5), u.name.op("||")("x"), u.age.op("&")(5) + 1).where(u.age.op("&")(4) != 0),
    "bool_op": select(u.id).where(u.name.bool_op("LIKE")("a%")).where(not_(u.name.bool_op("=")("x"))),
    "custom_op_precedence": select(u.age.op("+", precedence=7)(1).op("*", precedence=8)(2), (u.age + 1).op("%%", precedence=15)(3),
                                   u.name.op("||", precedence=5, return_type=String)("x") + "y"),
    "tuple_in": select(u.id).where(tuple_(u.age, u.name).in_([(30, "ann"), (7, "bob")])),
    "tuple_not_in": select(u.id).where(tuple_(u.age, u.name).not_in([(30, "ann"), (7, "bob")])),
    "tuple_in_empty": select(u.id).where(tuple_(u.age, u.name).in_([])),
    "tuple_in_select": select(u.id).where(tuple_(u.id, u.name).in_(select(addresses.c.user_id, addresses.c.email))),
    "tuple_compare": select(u.id).where(tuple_(u.age, u.name) > (7, "bob")).where(tuple_(u.id, u.age) != tuple_(1, 2)),
    "fetch": select(u.id).order_by(u.age).fetch(2),
    "fetch_ties": select(u.id).order_by(u.age).fetch(1, with_ties=True),
    "fetch_percent": select(u.id).order_by(u.age).fetch(50, percent=True),
    "fetch_offset": select(u.id).order_by(u.id).offset(1).fetch(2),
    "fetch_replaces_limit": select(u.id).order_by(u.id).limit(3).fetch(2),
    "limit_replaces_fetch": select(u.id).order_by(u.id).fetch(2).limit(3),
    "fetch_compound": union(select(u.id), select(u.age)).order_by("id").offset(1).fetch(2),
    "distinct_on": select(u.age, u.name).ext(distinct_on(u.age)).order_by(u.age, u.name),
    "distinct_on_two": select(u.id).ext(distinct_on(u.age + 1)).ext(distinct_on(u.name)).order_by(u.age + 1, u.name, u.id),
    "within_group": select(u.id, func.percentile_cont(0.5).within_group(u.age)),
    "within_group_multi_desc": select(func.mode().within_group(u.name.desc(), u.id)),
    "within_group_over": select(u.name, func.percentile_cont(0.5).within_group(u.age.desc()).over(partition_by=u.name)),
    "within_group_filter": select(func.percentile_disc(0.5).within_group(u.age).filter(u.id > 1)),
    "rollup": select(u.age, u.name, func.count(u.id)).group_by(func.rollup(u.age, u.name)),
    "cube": select(u.age, u.name, func.count(u.id)).group_by(func.cube(u.age, u.name)),
    "grouping_sets": select(u.age, u.name, func.count(u.id)).group_by(func.grouping_sets(tuple_(u.age, u.name), u.age, tuple_())),
}
LITERAL = {"tuple_in_literal": select(u.id).where(tuple_(u.age, u.name).in_([(30, "ann"), (7, "bob")]))}

out = {}
for name, stmt in CASES.items():
    out[name] = {}
    for dname, d in DIALECTS.items():
        try:
            c = stmt.compile(dialect=d, compile_kwargs={"render_postcompile": True})
            out[name][dname] = {"sql": " ".join(str(c).split())}
        except Exception as e:  # noqa: BLE001 - the refusal is the expectation
            out[name][dname] = {"error": str(e)}
for name, stmt in LITERAL.items():
    out[name] = {}
    for dname, d in DIALECTS.items():
        c = stmt.compile(dialect=d, compile_kwargs={"literal_binds": True})
        out[name][dname] = {"sql": " ".join(str(c).split())}
json.dump(out, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
