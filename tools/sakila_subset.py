#!/usr/bin/env python3
"""Builds the Sakila/Pagila test resources from the upstream repositories.

Reads jOOQ's Sakila (github.com/jOOQ/sakila, BSD-2-Clause) and Pagila
(github.com/devrimgunduz/pagila, MIT-style licence) from local git checkouts and writes, under
retort-core/src/test/resources/sakila/:

- postgres-schema.sql, mysql-schema.sql, sqlite-schema.sql: the tables, sequences, types,
  domains, keys and indexes of each upstream schema (no functions, triggers, views, or the
  payment partition children), runnable statement by statement with ';' at line end;
- pagila-schema.sql: the same for Pagila (without film_embedding, which needs pgvector, and
  with payment as a plain table instead of a partitioned one, and gen_random_uuid() for
  PostgreSQL 18's uuidv7() as column default, and without film.length_hours, a PostgreSQL 18
  virtual generated column);
- postgres-data.sql: a subset of jOOQ's COPY data that keeps every foreign key satisfied:
  films 1-50 and what refers to them, rentals of customers 1-300, all small tables.

Usage: tools/sakila_subset.py [SAKILA_GIT_DIR] [PAGILA_GIT_DIR]
(defaults: /work/.mirror/jOOQ+sakila/repo and /work/.mirror/devrimgunduz+pagila/repo)
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "retort-core/src/test/resources/sakila")
FILMS = 50
CUSTOMERS = 300


def show(repo, path):
    return subprocess.run(["git", "-C", repo, "show", "HEAD:" + path], check=True, capture_output=True).stdout.decode("utf-8")


def statements(sql):
    """Splits SQL into statements at ';', outside quotes, dollar quotes and comments."""
    out, buf, i, n = [], [], 0, len(sql)
    while i < n:
        c = sql[i]
        if sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if sql.startswith("/*", i):
            j = sql.find("*/", i)
            i = n if j < 0 else j + 2
            continue
        if c == "'":
            j = i + 1
            while j < n and not (sql[j] == "'" and (j + 1 >= n or sql[j + 1] != "'")):
                j += 2 if sql[j] == "'" else 1
            buf.append(sql[i:j + 1])
            i = j + 1
            continue
        m = re.match(r"\$[A-Za-z_]*\$", sql[i:])
        if m:
            tag = m.group(0)
            j = sql.find(tag, i + len(tag))
            buf.append(sql[i:j + len(tag)])
            i = j + len(tag)
            continue
        if c == ";":
            s = "".join(buf).strip()
            if s:
                out.append(s)
            buf = []
        else:
            buf.append(c)
        i += 1
    return out


def keep_pg(stmt, skip_tables):
    s = " ".join(stmt.split())
    head = s.upper()
    if any(re.search(r"\b%s\b" % t, s) for t in skip_tables):
        return False
    if head.startswith(("CREATE DOMAIN", "CREATE TYPE", "CREATE SEQUENCE", "CREATE TABLE", "CREATE INDEX", "CREATE UNIQUE INDEX")):
        return True
    if head.startswith(("ALTER TABLE", "ALTER SEQUENCE")):
        return " OWNER TO " not in head and "ATTACH PARTITION" not in head and "TRIGGER" not in head
    return False


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(text)


def pg_schema(sql, skip_tables, transform=lambda s: s):
    kept = [transform(s) for s in statements(sql) if keep_pg(s, skip_tables)]
    return "\n".join(s + ";\n" for s in kept)


def pagila_stmt(s):
    s = s.replace("public.", "")
    # uuidv7() is PostgreSQL 18's; the servers here run 15, which has gen_random_uuid().
    s = s.replace("DEFAULT uuidv7()", "DEFAULT gen_random_uuid()")
    # A virtual generated column is PostgreSQL 18's too; Retort does not reflect computed columns.
    s = re.sub(r",\s*length_hours numeric\(4,2\) GENERATED ALWAYS AS \(round\(length / 60\.0, 2\)\) VIRTUAL", "", s)
    s = re.sub(r"\)\s*PARTITION BY RANGE \(payment_date\)\s*$", ")", s)
    return s


def mysql_schema(sql):
    sql = re.sub(r"(?ms)^DELIMITER ;;.*?^DELIMITER ;\s*$", "", sql)
    kept = [s for s in statements(sql) if s.upper().startswith("CREATE TABLE")]
    return "\n".join(s + ";\n" for s in kept)


def sqlite_schema(sql):
    kept = [s for s in statements(sql) if s.upper().startswith(("CREATE TABLE", "CREATE INDEX", "CREATE UNIQUE INDEX"))]
    return "\n".join(s + ";\n" for s in kept)


def copy_blocks(sql):
    """(header, column names, rows) of each COPY ... FROM stdin block."""
    lines = sql.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("COPY "):
            cols = [c.strip() for c in line[line.index("(") + 1:line.index(")")].split(",")]
            rows = []
            i += 1
            while lines[i] != "\\.":
                rows.append(lines[i].split("\t"))
                i += 1
            yield line, cols, rows
        i += 1


def subset(sql):
    blocks = list(copy_blocks(sql))
    films = {str(i) for i in range(1, FILMS + 1)}
    customers = {str(i) for i in range(1, CUSTOMERS + 1)}
    inventory, rentals = set(), set()
    out = []
    for header, cols, rows in blocks:
        table = header.split()[1].split(".")[-1]
        col = {c: k for k, c in enumerate(cols)}
        if table in ("film", "film_actor", "film_category", "inventory"):
            rows = [r for r in rows if r[col["film_id"]] in films]
        if table == "inventory":
            inventory = {r[col["inventory_id"]] for r in rows}
        if table == "customer":
            rows = [r for r in rows if r[col["customer_id"]] in customers]
        if table == "rental":
            rows = [r for r in rows if r[col["inventory_id"]] in inventory and r[col["customer_id"]] in customers]
            rentals = {r[col["rental_id"]] for r in rows}
        if table == "payment":
            rows = [r for r in rows if r[col["rental_id"]] in rentals]
        out.append(header.replace("public.", "") + "\n" + "".join("\t".join(r) + "\n" for r in rows) + "\\.\n")
        print("%-14s %5d rows" % (table, len(rows)))
    return "\n".join(out)


def main():
    sakila = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/jOOQ+sakila/repo"
    pagila = sys.argv[2] if len(sys.argv) > 2 else "/work/.mirror/devrimgunduz+pagila/repo"
    os.makedirs(OUT, exist_ok=True)
    partitions = [r"payment_p\d{4}_\d{2}"]
    write("postgres-schema.sql", pg_schema(show(sakila, "postgres-sakila-db/postgres-sakila-schema.sql"), partitions))
    write("mysql-schema.sql", mysql_schema(show(sakila, "mysql-sakila-db/mysql-sakila-schema.sql")))
    write("sqlite-schema.sql", sqlite_schema(show(sakila, "sqlite-sakila-db/sqlite-sakila-schema.sql")))
    write("postgres-data.sql", subset(show(sakila, "postgres-sakila-db/postgres-sakila-insert-data-using-copy.sql")))
    write("pagila-schema.sql", pg_schema(show(pagila, "pagila-schema.sql"), partitions + ["film_embedding", "vector", "rental_by_category"], pagila_stmt))
    write("LICENSE-sakila.txt", "Sakila schemas and data (subset) from https://github.com/jOOQ/sakila\n\n" + show(sakila, "LICENSE"))
    write("LICENSE-pagila.txt", "Pagila schema from https://github.com/devrimgunduz/pagila\n\n" + show(pagila, "LICENSE.txt"))


if __name__ == "__main__":
    main()
