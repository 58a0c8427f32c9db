"""Expected SQL for a renamed natural key with unflushed changes (session 21, h-keyfix2).

parents(name PK), kids(id PK, parent FK -> parents.name ON UPDATE CASCADE), parent_tags(parent FK -> parents.name ON
UPDATE CASCADE, tag FK -> tags.id); kids one-to-many, tags many-to-many. SQLite with foreign keys on.
1. deleted: a tagged parent renamed (and untagged, tagged again) then deleted in one flush. SQLAlchemy deletes its
   parent_tags row by the NEW key, which no row holds, and raises StaleDataError; Retort deletes by the flushed key the
   row holds (same statement), then the parent.
2. lazy: a kid appended to the unloaded kids of a parent renamed since the flush: the lazy load autoflushes the rename
   first, so the kid already there is loaded.
Run: PYTHONPATH=/tmp/sapkg python3 tools/expect/uow_renamed_keys.py
"""
from sqlalchemy import create_engine, event, Column, String, Integer, ForeignKey, MetaData, Table, select
from sqlalchemy.orm import relationship, Session, registry as orm_registry


class P:
    pass


class K:
    pass


class T:
    pass


def setup(passive):
    md = MetaData()
    parents = Table("parents", md, Column("name", String(20), primary_key=True))
    kids = Table("kids", md, Column("id", Integer, primary_key=True, autoincrement=False),
                 Column("parent", String(20), ForeignKey("parents.name", onupdate="CASCADE")))
    tags = Table("tags", md, Column("id", Integer, primary_key=True, autoincrement=False))
    links = Table("parent_tags", md, Column("parent", String(20), ForeignKey("parents.name", onupdate="CASCADE"), primary_key=True),
                  Column("tag", Integer, ForeignKey("tags.id"), primary_key=True))
    reg = orm_registry()
    reg.map_imperatively(P, parents, properties={"kids": relationship(K, passive_updates=passive),
                                                 "tags": relationship(T, secondary=links, passive_updates=passive)})
    reg.map_imperatively(K, kids)
    reg.map_imperatively(T, tags)
    e = create_engine("sqlite://")

    @event.listens_for(e, "connect")
    def on(dbapi_con, rec):
        dbapi_con.execute("PRAGMA foreign_keys=ON")
    md.create_all(e)
    with e.begin() as c:
        c.execute(parents.insert(), [{"name": "p"}])
        c.execute(kids.insert(), [{"id": 1, "parent": "p"}])
        c.execute(tags.insert(), [{"id": 1}])
        c.execute(links.insert(), [{"parent": "p", "tag": 1}])
    return reg, e, links, kids


def show(seen):
    for x in seen:
        print("  ", x)


def deleted(passive, retag):
    reg, e, links, kids = setup(passive)
    seen = []

    def flushed(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()) + f"  -- {parameters}")
    with Session(e) as s:
        p = s.get(P, "p")
        t = s.get(T, 1)
        list(p.tags)
        event.listen(e, "before_cursor_execute", flushed)
        if retag:
            p.tags.remove(t)
        p.name = "q"
        if retag:
            p.tags.append(t)
        s.delete(p)
        print(f"== deleted passive_updates={passive} retag={retag}")
        try:
            s.flush()
        except Exception as x:
            print("   raised:", type(x).__name__, x)
        event.remove(e, "before_cursor_execute", flushed)
        show(seen)
    reg.dispose()


def lazy(passive):
    reg, e, links, kids = setup(passive)
    seen = []

    def flushed(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()) + f"  -- {parameters}")
    with Session(e) as s:
        p = s.get(P, "p")
        event.listen(e, "before_cursor_execute", flushed)
        p.name = "q"
        k = K()
        k.id = 2
        p.kids.append(k)
        print(f"== lazy passive_updates={passive}")
        print("   in memory:", sorted(x.id for x in p.kids))
        s.flush()
        event.remove(e, "before_cursor_execute", flushed)
        show(seen)
        print("   kids:", s.execute(select(kids)).all())
    reg.dispose()


for passive in (True, False):
    for retag in (False, True):
        deleted(passive, retag)
# passive_updates=False with ON UPDATE CASCADE: SQLAlchemy's autoflush then fails on the parent_tags UPDATE (the database
# moved the row already); the lazy load is the same.
lazy(True)
