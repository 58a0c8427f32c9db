"""Expected SQL for a natural key renamed in a self-referential tree (session 21, h-keyfix).

parents(name PK, boss FK -> parents.name ON UPDATE CASCADE), reports = one-to-many on boss. Rows z, a (boss z), b.
One flush: z is renamed y while its reports are loaded, and b is moved under it. SQLite with foreign keys on
(passive_updates=True: the database cascades a's boss) or off (passive_updates=False: the ORM updates a's row).
SQLAlchemy's per-row sort of a self-referential mapper writes z's rename before the reports' boss UPDATEs.
Run: PYTHONPATH=/tmp/sapkg python3 tools/expect/uow_selfref_keys.py
"""
from sqlalchemy import create_engine, event, Column, String, ForeignKey, MetaData, Table, select
from sqlalchemy.orm import relationship, Session, registry as orm_registry


class P:
    pass


def run(passive):
    md = MetaData()
    parents = Table("parents", md, Column("name", String(20), primary_key=True),
                    Column("boss", String(20), ForeignKey("parents.name", onupdate="CASCADE")))
    reg = orm_registry()
    reg.map_imperatively(P, parents, properties={"reports": relationship(P, passive_updates=passive)})
    e = create_engine("sqlite://")

    @event.listens_for(e, "connect")
    def on(dbapi_con, rec):
        dbapi_con.execute("PRAGMA foreign_keys=ON")
    md.create_all(e)
    with e.begin() as c:
        c.execute(parents.insert(), [{"name": "z", "boss": None}])
        c.execute(parents.insert(), [{"name": "a", "boss": "z"}, {"name": "b", "boss": None}])
    seen = []

    def flushed(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()) + f"  -- {parameters}")
    with Session(e) as s:
        z, a, b = s.get(P, "z"), s.get(P, "a"), s.get(P, "b")
        list(z.reports)
        event.listen(e, "before_cursor_execute", flushed)
        z.name = "y"
        z.reports.append(b)
        s.flush()
        event.remove(e, "before_cursor_execute", flushed)
        print(f"== passive_updates={passive}")
        for x in seen:
            print("  ", x)
        print("   in memory:", sorted((p.name, p.boss) for p in (z, a, b)))
        print("   rows:", sorted(tuple(r) for r in s.execute(select(parents.c.name, parents.c.boss))))
    reg.dispose()


run(True)
run(False)
