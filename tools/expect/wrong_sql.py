"""Prints the SQL SQLAlchemy 2.1.1 gives for WrongSqlFixesTest's cases (issue 12, wrong SQL).

Run: PYTHONPATH=/tmp/sapkg python3 tools/expect/wrong_sql.py
"""
from sqlalchemy import Integer, column, not_, any_, all_, func, table
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
    "not_eq_any_rhs": ~(x == func.any(arr)),
    "not_eq_all_lhs": ~(func.all(arr) == x),
    "not_function_some": not_(x == func.some(arr)),
    "not_lt_all": ~(x < func.all(arr)),
    "not_ne_any_upper": ~(x != func.ANY(arr)),
    "not_eq_any_": ~(x == any_(arr)),
    "not_eq_all_": ~(x == all_(arr)),
    "not_eq_coalesce": ~(x == func.coalesce(arr)),
}

for name, expr in CASES.items():
    print(name, "|", expr.compile())

myid = table("mytable", column("myid", Integer)).c.myid
for values in ([1, 2, None, 3], [None, None, None], [None, 2, 3, 3]):
    c = myid.in_(values).compile(compile_kwargs={"render_postcompile": True})
    print(values, "|", c, c.params)
    print(values, "literal |", myid.in_(values).compile(compile_kwargs={"literal_binds": True}))
