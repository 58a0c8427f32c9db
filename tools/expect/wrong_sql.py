"""Prints the SQL SQLAlchemy 2.1.1 gives for WrongSqlFixesTest's cases (issue 12, wrong SQL).

Run: PYTHONPATH=/tmp/sapkg python3 tools/expect/wrong_sql.py
"""
from sqlalchemy import Integer, column, not_, any_, all_, func
from sqlalchemy.dialects import postgresql

f = column("f", Integer)
x = column("x", Integer)
arr = column("arr")

CASES = {
    "sub_of_labelled_sub": f - (f - f).label("foo"),
    "labelled_sub_minus": (f - f).label("foo") - f,
    "div_by_labelled_sub": f / (f - f).label("foo"),
    "mul_of_labelled_add": f * (f + f).label("foo"),
    "add_of_labelled_add": f + (f + f).label("foo"),
}

for name, expr in CASES.items():
    print(name, "|", expr.compile())
