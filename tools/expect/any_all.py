"""Prints the SQL SQLAlchemy 2.1.1 gives for AnyAllTest's cases (any_() / all_()).

Run: PYTHONPATH=/tmp/sapkg python3 tools/expect/any_all.py
"""
from sqlalchemy import ARRAY, Integer, all_, any_, column, not_, null, select, table

t = table("t", column("x", Integer), column("arr", ARRAY(Integer)))
x, arr = t.c.x, t.c.arr

CASES = {
    "eq_any": x == any_(arr),
    "any_gt_value": any_(arr) > 5,
    "any_le_column": any_(arr) <= x,
    "any_eq_none": any_(arr) == None,  # noqa: E711
    "null_eq_any": null() == any_(arr),
    "not_any_ne": ~(any_(arr) != 5),
    "not_eq_all": not_(x == all_(arr)),
    "gt_all_subquery": x > all_(select(t.c.x).where(t.c.x < 10).scalar_subquery()),
    "eq_any_expression": x == any_(x + 1),
    "select_any": select(any_(arr)),
    "and_of_any_all": (any_(arr) == 1) & (all_(arr) != 2),
}

for name, expr in CASES.items():
    c = expr.compile(compile_kwargs={"render_postcompile": True})
    print(name, "|", " ".join(str(c).split()), "|", c.params)
