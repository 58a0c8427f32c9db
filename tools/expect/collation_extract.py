"""Prints the SQL SQLAlchemy 2.1.1 gives for CollationAndExtractTest's cases.

Run: PYTHONPATH=/tmp/sapkg python3 tools/expect/collation_extract.py
"""
from sqlalchemy import Integer, String, column, extract, select, table
from sqlalchemy.dialects import mysql, postgresql

t = table("t", column("name", String), column("n", Integer))

CASES = {
    "collate_schema_pg": (select(t.c.name.collate("en_US", collation_schema="myschema")), postgresql.dialect()),
    "collate_schema_order_by": (select(t.c.n).order_by(t.c.name.collate("bar", collation_schema="some schema")),
                                postgresql.dialect()),
    "extract_milliseconds_mysql": (select(extract("milliseconds", t.c.n)), mysql.dialect()),
    "extract_milliseconds_pg": (select(extract("milliseconds", t.c.n)), postgresql.dialect()),
}

for name, (expr, dialect) in CASES.items():
    dialect.paramstyle = "qmark"
    dialect.positional = True
    print(name, "|", " ".join(str(expr.compile(dialect=dialect)).split()))
