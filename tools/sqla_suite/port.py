#!/usr/bin/env python3
"""Ports SQLAlchemy's own compiler tests into Retort's data-driven suite.

Runs the upstream test files with pytest and SQLAlchemy's testing plugin, with capture.py
recording every assert_compile call; writes

  retort-core/src/test/resources/sqla-suite/cases.jsonl   the ported cases (expected SQL from SQLAlchemy)
  tools/sqla_suite/NOT_PORTED.md                         every call not ported, per test function, with why

Usage (from the project root):
  PYTHONPATH=/tmp/sapkg python3 tools/sqla_suite/port.py [--src /work/sqla-src]
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CASES = os.path.join(ROOT, "retort-core/src/test/resources/sqla-suite/cases.jsonl")
NOT_PORTED = os.path.join(HERE, "NOT_PORTED.md")

FILES = [
    "test/sql/test_compiler.py", "test/sql/test_operators.py", "test/sql/test_functions.py",
    "test/sql/test_text.py", "test/sql/test_cte.py", "test/sql/test_selectable.py",
    "test/sql/test_insert.py", "test/sql/test_update.py", "test/sql/test_delete.py", "test/sql/test_lateral.py",
    "test/sql/test_values.py", "test/sql/test_labels.py", "test/sql/test_quote.py",
    "test/dialect/postgresql/test_compiler.py", "test/dialect/mysql/test_compiler.py",
    "test/dialect/sqlite/test_compiler.py",
    "test/sql/test_select.py", "test/sql/test_type_expressions.py",
    "test/sql/test_types.py", "test/sql/test_table_via_select.py",
    "test/sql/test_lambdas.py", "test/sql/test_constraints.py", "test/sql/test_metadata.py",
    "test/dialect/mysql/test_for_update.py", "test/dialect/postgresql/test_types.py",
    "test/dialect/mysql/test_types.py", "test/sql/test_external_traversal.py", "test/orm/test_lockmode.py",
    "test/orm/test_core_compilation.py", "test/orm/test_joins.py", "test/orm/test_froms.py",
    "test/orm/inheritance/test_single.py", "test/orm/test_query.py", "test/orm/test_eager_relations.py",
    "test/orm/test_deferred.py", "test/orm/test_relationship_criteria.py",
    "test/orm/inheritance/test_polymorphic_rel.py", "test/orm/inheritance/test_basic.py",
    "test/sql/test_sequences.py", "test/sql/test_defaults.py",
    "test/orm/test_of_type.py",
    "test/sql/test_returning.py",
    "test/sql/test_syntax_extensions.py",
    "test/sql/test_case_statement.py",
    "test/orm/inheritance/test_relationship.py",
    "test/orm/inheritance/test_assorted_poly.py",
    "test/sql/test_identity_column.py", "test/sql/test_tablesample.py",
    "test/orm/test_composites.py", "test/orm/test_bundle.py", "test/orm/test_relationships.py",
    "test/orm/dml/test_orm_upd_del_assorted.py", "test/orm/dml/test_orm_upd_del_inheritance.py", "test/orm/test_dynamic.py",
    "test/ext/test_hybrid.py",
    "test/sql/test_computed.py", "test/sql/test_roles.py", "test/engine/test_ddlevents.py", "test/sql/test_deprecations.py", "test/dialect/sqlite/test_dialect.py", "test/engine/test_reflection.py", "test/dialect/mysql/test_deprecations.py", "test/dialect/sqlite/test_on_conflict.py", "test/ext/test_serializer.py",
    "test/orm/declarative/test_typed_mapping.py", "test/orm/declarative/test_tm_future_annotations_sync.py", "test/orm/declarative/test_tm_future_annotations.py", "test/orm/test_deprecations.py", "test/orm/test_rel_fn.py", "test/orm/declarative/test_mixin.py", "test/ext/test_associationproxy.py", "test/orm/declarative/test_basic.py", "test/orm/test_mapper.py", "test/orm/declarative/test_inheritance.py", "test/orm/test_utils.py", "test/orm/test_options.py", "test/orm/declarative/test_dc_transforms.py", "test/orm/test_text.py", "test/orm/dml/test_bulk_statements.py", "test/ext/declarative/test_reflection.py", "test/orm/test_ac_relationships.py", "test/ext/test_automap.py", "test/orm/inheritance/test_concrete.py", "test/orm/test_events.py", "test/ext/declarative/test_inheritance.py", "test/orm/test_lambdas.py", "test/orm/test_selectable.py", "test/orm/test_subquery_relations.py", "test/orm/test_syntax_extensions.py",
]


# Upstream test functions whose calls this suite cannot carry but another generated suite does, with where:
# DynamicTest / WriteOnlyTest statements that select from the association table, which relationship_sql.py writes
# to dynamic-sql.tsv for DynamicSqlTest (run against Retort's dynamic / write-only collections).
_DYNAMIC = "dynamic-sql.tsv, DynamicSqlTest (written by relationship_sql.py)"
_DYNAMIC_JOIN = _DYNAMIC + "; there listed as not expressible: a JOIN of tables as the secondary"
ELSEWHERE = {
    ("test/orm/test_dynamic.py", "DynamicTest::test_association_nonaliased"): _DYNAMIC,
    ("test/orm/test_dynamic.py", "DynamicTest::test_secondary_doesnt_interfere_w_join_to_fromlist"): _DYNAMIC,
    ("test/orm/test_dynamic.py", "WriteOnlyTest::test_secondary_doesnt_interfere_w_join_to_fromlist"): _DYNAMIC,
    ("test/orm/test_dynamic.py", "DynamicTest::test_secondary_as_join_complex_entity"): _DYNAMIC,
    ("test/orm/test_dynamic.py", "WriteOnlyTest::test_secondary_as_join_complex_entity"): _DYNAMIC,
    ("test/orm/test_dynamic.py", "DynamicTest::test_secondary_as_join"): _DYNAMIC_JOIN,
    ("test/orm/test_dynamic.py", "WriteOnlyTest::test_secondary_as_join"): _DYNAMIC_JOIN,
}


def category(reason):
    """Why a call is not ported, in the issue's three categories."""
    python_only = ("an expected-error case", "bindparam callable", "assert_compile(",
                   "compile-time column_keys", "converter error", "Query", "two tables named",
                   "column not found in its table by key", "Python-side column default",
                   "Insert.inline with column defaults", "Column(_omit_from_statements", "bind named after",
                   "anonymous bind of None", "bindparam unique", "Select.params",
                   "empty and_()/or_()", "constraint isolated from CREATE TABLE", "custom compilation (@compiles)",
                   "Select._distinct set to a string")
    java = ("dialect ", "value of type", "value nan", "value inf", "reflected operator",
            "SELECT self_group() compiled on its own", "subquery compiled on its own")
    if reason.startswith(("dialect type postgresql.", "dialect type mysql.", "dialect type sqlite.")):
        return "construct not supported yet"  # a type of a dialect Retort has (RANGE, JSONB, TINYINT, ...)
    if reason.startswith(java):
        return "not meaningful in Java"
    if reason.startswith(python_only):
        return "Python-only feature"
    return "construct not supported yet"


def run(src, out):
    import sqlalchemy
    lib = os.path.dirname(os.path.dirname(os.path.abspath(sqlalchemy.__file__)))
    work = tempfile.mkdtemp(prefix="sqla-suite-")
    try:
        # the upstream conftest finds the library at ../lib relative to test/
        shutil.copytree(os.path.join(src, "test"), os.path.join(work, "test"))
        os.symlink(lib, os.path.join(work, "lib"))
        for f in ("pyproject.toml", "setup.cfg"):
            shutil.copy(os.path.join(src, f), work)
        env = dict(os.environ, SQLA_SUITE_OUT=out,
                   PYTHONPATH=os.pathsep.join([HERE, lib, os.environ.get("PYTHONPATH", "")]))
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "sqla_capture",
               "--disable-warnings"] + FILES
        subprocess.run(cmd, cwd=work, env=env, stdout=subprocess.DEVNULL)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_function(name):
    """'SelectTest::test_foo[param]' -> 'SelectTest::test_foo'."""
    return name.split("[", 1)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default="/work/sqla-src")
    ap.add_argument("--raw", help="capture file: reused if it exists, else written")
    a = ap.parse_args()
    raw = a.raw or os.path.join(tempfile.mkdtemp(prefix="sqla-raw-"), "raw.jsonl")
    if not os.path.exists(raw):
        run(a.src, raw)
    recs = [json.loads(line) for line in open(raw)]
    os.makedirs(os.path.dirname(CASES), exist_ok=True)
    with open(CASES, "w") as f:
        for r in recs:
            if "skip" not in r:
                f.write(json.dumps(r, separators=(",", ":")) + "\n")

    calls = collections.Counter(r["file"] for r in recs)
    with open(os.path.join(os.path.dirname(CASES), "calls.json"), "w") as f:
        json.dump({k: calls[k] for k in FILES}, f, indent=1)
        f.write("\n")

    per_fn = collections.OrderedDict()
    for r in recs:
        per_fn.setdefault((r["file"], test_function(r["test"])), []).append(r)
    lines = ["# SQLAlchemy compiler tests not ported",
             "",
             "Generated by `tools/sqla_suite/port.py`; do not edit. Each entry is an upstream test "
             "function with assert_compile calls that are not in the suite, the number of such calls "
             "out of the function's total, and why (category: reason).", ""]
    totals = collections.Counter()
    for file in FILES:
        fns = [(fn, rs) for (fl, fn), rs in per_fn.items() if fl == file]
        calls = sum(len(rs) for _, rs in fns)
        ported = sum(1 for _, rs in fns for r in rs if "skip" not in r)
        elsewhere = sum(1 for fn, rs in fns if (file, fn) in ELSEWHERE for r in rs if "skip" in r)
        lines += ["## %s (%d calls, %d ported%s)" % (file, calls, ported,
                                                     ", %d ported elsewhere" % elsewhere if elsewhere else ""), ""]
        for fn, rs in fns:
            skipped = [r for r in rs if "skip" in r]
            if not skipped:
                continue
            if (file, fn) in ELSEWHERE:
                lines.append("- `%s` — %d/%d ported elsewhere — %s" % (fn, len(skipped), len(rs), ELSEWHERE[(file, fn)]))
                totals["ported elsewhere"] += len(skipped)
                continue
            reasons = collections.Counter(r["skip"] for r in skipped)
            why = "; ".join("%s: %s%s" % (category(k), k, " (x%d)" % n if n > 1 else "")
                            for k, n in reasons.most_common())
            lines.append("- `%s` — %d/%d not ported — %s" % (fn, len(skipped), len(rs), why))
            for k, n in reasons.items():
                totals[category(k)] += n
        lines.append("")
    lines += ["## Totals by category", ""] + ["- %s: %d calls" % (k, n) for k, n in totals.most_common()]
    with open(NOT_PORTED, "w") as f:
        f.write("\n".join(lines) + "\n")
    n = sum(1 for r in recs if "skip" not in r)
    print("%d assert_compile calls captured, %d ported -> %s" % (len(recs), n, CASES))


if __name__ == "__main__":
    main()
