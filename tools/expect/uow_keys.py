"""Expected SQL and in-memory state for the unit of work's key cascades (session 20, h-uow).

A parent's natural key changes; a loaded, dirty child whose primary key includes the foreign key is
UPDATEd (test_naturalpks.py NaturalPKTest / NonPKCascadeTest / CascadeToFKPKTest). SQLite with
foreign keys on (passive: ON UPDATE CASCADE) or off (passive_updates=False: the ORM updates the rows).
Run: PYTHONPATH=/tmp/sapkg python3 tools/expect/uow_keys.py
"""
from sqlalchemy import create_engine, event, Column, Integer, String, ForeignKey, MetaData, Table, inspect, and_
from sqlalchemy.orm import relationship, Session, registry as orm_registry


class U:
    pass


class I:
    pass


def engine(fks):
    e = create_engine("sqlite://")

    @event.listens_for(e, "connect")
    def on(dbapi_con, rec):
        if fks:
            dbapi_con.execute("PRAGMA foreign_keys=ON")
    return e


def record(e, seen):
    def flushed(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()) + f"  -- {parameters}")
    event.listen(e, "before_cursor_execute", flushed)


def filled(e, md, *inserts):
    """Creates md's tables on e, inserts each (table, rows) in turn, and returns the record of what e runs after."""
    md.create_all(e)
    with e.begin() as c:
        for table, rows in inserts:
            c.execute(table.insert(), rows)
    seen = []
    record(e, seen)
    return seen


def show(title, seen, reg):
    reg.dispose()
    print(f"== {title}")
    for x in seen:
        print("  ", x)


def pk_child(title, passive, collection, join=False):
    """items(username FK + n) PK: the dirty child's UPDATE after its parent's key changed."""
    md = MetaData()
    users = Table("users", md, Column("username", String(50), primary_key=True), Column("fullname", String(100)))
    items = Table("items", md, Column("username", String(50), ForeignKey("users.username", onupdate="cascade"), primary_key=True),
                  Column("n", Integer, primary_key=True), Column("note", String(50)))
    reg = orm_registry()
    kw = {"primaryjoin": users.c.username == items.c.username} if join else {}
    if collection:
        reg.map_imperatively(U, users, properties={"items": relationship(I, passive_updates=passive, order_by=items.c.n, **kw)})
        reg.map_imperatively(I, items)
    else:
        reg.map_imperatively(U, users)
        reg.map_imperatively(I, items, properties={"user": relationship(U, passive_updates=passive, **kw)})
    e = engine(passive)
    seen = filled(e, md, (users, [{"username": "jack", "fullname": "jack"}]), (items, [{"username": "jack", "n": 1, "note": "a"}, {"username": "jack", "n": 2, "note": "b"}]))
    with Session(e) as s:
        u = s.get(U, "jack")
        its = list(u.items) if collection else s.query(I).order_by(I.n).all()
        if not collection:
            [i.user for i in its]
        u.username = "ed"
        its[0].note = "changed"
        seen.append("-- flush")
        try:
            s.flush()
        except Exception as x:
            seen.append(f"-- {type(x).__name__}: {str(x).splitlines()[0]}")
            return show(title, seen, reg)
        seen.append(f"-- usernames {[i.username for i in its]} keys {[inspect(i).key[1] for i in its]}")
        seen.append(f"-- get(ed,1) is its[0]: {s.get(I, ('ed', 1)) is its[0]}; old key mapped: {(I, ('jack', 1), None) in s.identity_map}")
        s.commit()
        seen.append(f"-- rows {e.connect().execute(items.select().order_by(items.c.n)).fetchall()}")
    show(title, seen, reg)


class P:
    pass


class C:
    pass


def unique_ref(title, passive, collection, dirty=False):
    """A many-to-one to a UNIQUE column of the parent that is not its primary key (NonPKCascadeTest)."""
    md = MetaData()
    users = Table("users", md, Column("id", Integer, primary_key=True), Column("username", String(50), unique=True))
    addresses = Table("addresses", md, Column("id", Integer, primary_key=True), Column("email", String(50)),
                      Column("username", String(50), ForeignKey("users.username", onupdate="cascade")))
    reg = orm_registry()
    if collection:
        reg.map_imperatively(P, users, properties={"addresses": relationship(C, passive_updates=passive, order_by=addresses.c.id)})
        reg.map_imperatively(C, addresses)
    else:
        reg.map_imperatively(P, users)
        reg.map_imperatively(C, addresses, properties={"user": relationship(P, passive_updates=passive)})
    e = engine(passive)
    seen = filled(e, md, (users, [{"id": 1, "username": "jack"}]), (addresses, [{"id": 1, "email": "j1", "username": "jack"}, {"id": 2, "email": "j2", "username": "jack"}]))
    with Session(e) as s:
        u = s.get(P, 1)
        cs = list(u.addresses) if collection else s.query(C).order_by(C.id).all()
        if not collection:
            [a.user for a in cs]
        u.username = "ed"
        if dirty:
            cs[0].email = "changed"
        seen.append("-- flush")
        try:
            s.flush()
        except Exception as x:
            seen.append(f"-- {type(x).__name__}: {str(x).splitlines()[0]}")
            return show(title, seen, reg)
        seen.append(f"-- usernames {[a.username for a in cs]}")
        s.flush()
        seen.append("-- second flush done")
        s.commit()
        seen.append(f"-- rows {e.connect().execute(addresses.select().order_by(addresses.c.id)).fetchall()}")
    show(title, seen, reg)


for passive in (True, False):
    pk_child(f"pk child, one-to-many, passive_updates={passive}", passive, True)
    pk_child(f"pk child, many-to-one, passive_updates={passive}", passive, False)
    pk_child(f"pk child, one-to-many with primaryjoin, passive_updates={passive}", passive, True, join=True)
    pk_child(f"pk child, many-to-one with primaryjoin, passive_updates={passive}", passive, False, join=True)
    unique_ref(f"unique non-pk, many-to-one, passive_updates={passive}", passive, False)
    unique_ref(f"unique non-pk, one-to-many, passive_updates={passive}", passive, True)
    unique_ref(f"unique non-pk, one-to-many, a dirty member, passive_updates={passive}", passive, True, dirty=True)


def join_others(title):
    """passive_updates=False, a primaryjoin with a condition besides the key pair, the collection not loaded: it is loaded by
    the old key and the whole join, and only the members it gives are UPDATEd."""
    md = MetaData()
    users = Table("users", md, Column("username", String(50), primary_key=True), Column("fullname", String(100)))
    items = Table("items", md, Column("username", String(50), ForeignKey("users.username"), primary_key=True),
                  Column("n", Integer, primary_key=True), Column("note", String(50)))
    reg = orm_registry()
    reg.map_imperatively(U, users, properties={"items": relationship(
        I, passive_updates=False, order_by=items.c.n, primaryjoin=and_(users.c.username == items.c.username, items.c.note != "skip"))})
    reg.map_imperatively(I, items)
    e = engine(False)
    seen = filled(e, md, (users, [{"username": "jack", "fullname": "jack"}]), (items, [{"username": "jack", "n": 1, "note": "a"}, {"username": "jack", "n": 2, "note": "skip"}]))
    with Session(e) as s:
        u = s.get(U, "jack")
        u.username = "ed"
        seen.append("-- flush")
        s.flush()
        s.commit()
        seen.append(f"-- rows {e.connect().execute(items.select().order_by(items.c.n)).fetchall()}")
    show(title, seen, reg)


join_others("primaryjoin with another condition, collection not loaded, passive_updates=False")


class N:
    pass


def self_ref(title, rename_child):
    """nodes(name PK, parent_name FK -> nodes.name ON UPDATE CASCADE, note): the parent renamed and its loaded child
    changed in one flush; the child's UPDATE leaves the cascaded parent_name to the database."""
    md = MetaData()
    nodes = Table("nodes", md, Column("name", String(50), primary_key=True),
                  Column("parent_name", String(50), ForeignKey("nodes.name", onupdate="cascade")), Column("note", String(50)))
    reg = orm_registry()
    reg.map_imperatively(N, nodes, properties={"children": relationship(N, order_by=nodes.c.name)})
    e = engine(True)
    seen = filled(e, md, (nodes, [{"name": "p", "note": "x"}]), (nodes, [{"name": "c", "parent_name": "p", "note": "y"}]))
    with Session(e) as s:
        c = s.get(N, "c")
        p = s.get(N, "p")
        assert list(p.children) == [c]
        p.name = "q"
        if rename_child:
            c.name = "d"
        else:
            c.note = "z"
        seen.append("-- flush")
        s.flush()
        seen.append(f"-- child parent_name {c.parent_name}")
        s.commit()
        seen.append(f"-- rows {e.connect().execute(nodes.select().order_by(nodes.c.name)).fetchall()}")
    show(title, seen, reg)


self_ref("self-referential, parent renamed, child renamed", True)
self_ref("self-referential, parent renamed, child's note changed", False)
