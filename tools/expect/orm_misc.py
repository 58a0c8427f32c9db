"""Expected SQL for the ORM parity tests of session 19 (Session.get options, fetch with RETURNING).

Runs the ORM on SQLite and renders each statement it executes for SQLite, PostgreSQL and MariaDB
(qmark). Dialect capabilities that decide the statements (update_returning, delete_returning) are
set on the SQLite dialect as the target database has them, so the ORM chooses as it would there.
Run: PYTHONPATH=/tmp/sapkg python3 tools/expect/orm_misc.py
"""
from sqlalchemy import create_engine, event, Column, Integer, String, ForeignKey, func, select, update, delete
from sqlalchemy.orm import DeclarativeBase, relationship, Session, selectinload, joinedload, raiseload
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.dialects.sqlite.base import SQLiteDialect
from sqlalchemy.dialects.mysql.base import MySQLDialect


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(30))
    addresses = relationship("Address", order_by="Address.id")


class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"))
    email = Column(String(50))


def mariadb():
    d = MySQLDialect(paramstyle="qmark")
    d.is_mariadb = True
    d.delete_returning = True      # as MariaDB's initialize() sets it (10.0.5 and later)
    d.insert_returning = True      # 10.5 and later
    return d


TARGETS = {
    "sqlite": (SQLiteDialect(paramstyle="qmark"), True, True, False),
    "postgresql": (PGDialect(paramstyle="qmark"), True, True, True),
    "mariadb": (mariadb(), False, True, False),
}


def run(title, body, only=None):
    for name, (dialect, upd, dele, dele_multi) in TARGETS.items():
        if only and name not in only:
            continue
        e = create_engine("sqlite://")
        Base.metadata.create_all(e)
        with Session(e) as s:
            s.add_all([User(id=5, name="jack", addresses=[Address(id=1, email="j1"), Address(id=2, email="j2")]),
                       User(id=6, name="ed", addresses=[Address(id=3, email="e1")])])
            s.commit()
        e.dialect.update_returning = upd
        e.dialect.delete_returning = dele
        e.dialect.delete_returning_multifrom = dele_multi
        seen = []
        event.listen(e, "before_execute", lambda conn, stmt, mp, p, eo: seen.append(str(stmt.compile(dialect=dialect)).replace("\n", " ")))
        with Session(e) as s:
            body(s, seen)
        print(f"== {title} [{name}]")
        for x in seen:
            print("  ", " ".join(x.split()))


def get_selectin(s, seen):
    u = s.get(User, 5, options=[selectinload(User.addresses)])
    seen.append(f"-- loaded addresses: {'addresses' in u.__dict__}")
    s.get(User, 5, options=[selectinload(User.addresses)])
    seen.append("-- again: (nothing above this line from the second get)")


def get_joined(s, seen):
    u = s.get(User, 6, options=[joinedload(User.addresses)])
    seen.append(f"-- addresses: {[a.email for a in u.addresses]}")


def get_populate(s, seen):
    u = s.get(User, 5)
    s.execute(update(User).where(User.id == 5).values(name="db"), execution_options={"synchronize_session": False})
    s.get(User, 5)
    seen.append(f"-- no populate: {u.name}")
    s.get(User, 5, populate_existing=True)
    seen.append(f"-- populated: {u.name}")


def get_for_update(s, seen):
    s.get(User, 5)
    s.get(User, 5, with_for_update=True)


def get_missing_options(s, seen):
    seen.append(f"-- {s.get(User, 99, options=[selectinload(User.addresses)])}")


def update_fetch(s, seen):
    us = s.scalars(select(User).order_by(User.id)).all()
    seen.clear()
    s.query(User).filter(User.id > 5).update({"name": func.upper(User.name)}, synchronize_session="fetch")
    seen.append(f"-- {[u.name for u in us]}")


def delete_fetch(s, seen):
    addrs = s.scalars(select(Address).order_by(Address.id)).all()
    seen.clear()
    s.query(Address).filter(Address.email.like("j%")).delete(synchronize_session="fetch")
    seen.append(f"-- {[a in s for a in addrs]}")


def update_fetch_2_0(s, seen):
    s.execute(update(User).where(User.name == "jack").values(name="x"), execution_options={"synchronize_session": "fetch"})


def update_fetch_values(s, seen):
    us = s.scalars(select(User).order_by(User.id)).all()
    seen.clear()
    n = s.query(User).filter(User.name.in_(["jack", "ed"])).update({"name": "x"}, synchronize_session="fetch")
    seen.append(f"-- {n} {[u.name for u in us]}")


run("get with selectinload", get_selectin)
run("get with joinedload", get_joined)
run("get populate_existing", get_populate)
run("get with_for_update", get_for_update)
run("get missing with options", get_missing_options)
run("query update fetch", update_fetch)
run("query delete fetch", delete_fetch)
run("update() fetch", update_fetch_2_0)
run("query update fetch, plain value", update_fetch_values)


# ---- server-side version counter (version_id_generator=False), after test_versioning.py ServerVersioningTest
from sqlalchemy import MetaData, Table, column
from sqlalchemy.orm import registry as orm_registry


class Foo:
    pass


def server_versioning(title, body):
    for name, (dialect, upd, dele, dele_multi) in TARGETS.items():
        md = MetaData()
        vt = Table("version_table", md,
                   Column("id", Integer, primary_key=True),
                   Column("version_id", Integer, nullable=False, server_default="1", onupdate=column("version_id") + 1),
                   Column("value", String(40), nullable=False))
        reg = orm_registry()
        reg.map_imperatively(Foo, vt, version_id_col=vt.c.version_id, version_id_generator=False)
        e = create_engine("sqlite://")
        md.create_all(e)
        e.dialect.update_returning = upd
        seen = []

        def flushed(conn, cursor, statement, parameters, context, executemany):
            # the statement the flush compiled (with its RETURNING and its columns), rendered for the target
            c = context.compiled
            if c is None:
                seen.append(statement)
            else:
                seen.append(str(c.statement.compile(dialect=dialect, column_keys=c.column_keys)))

        event.listen(e, "before_cursor_execute", flushed)
        with Session(e) as s:
            body(s, seen)
        reg.dispose()
        print(f"== {title} [{name}]")
        for x in seen:
            print("  ", " ".join(x.split()))


def sv_insert_update_delete(s, seen):
    f = Foo()
    f.value = "f1"
    s.add(f)
    s.flush()
    seen.append(f"-- after insert: version {f.__dict__.get('version_id')}")
    f.value = "f2"
    s.flush()
    seen.append(f"-- after update: version {f.__dict__.get('version_id')}")
    f.value = "f3"
    s.flush()
    seen.append(f"-- after update: version {f.__dict__.get('version_id')}")
    s.delete(f)
    s.flush()


def sv_stale(s, seen):
    f = Foo()
    f.value = "f1"
    s.add(f)
    s.flush()
    s.execute(text("UPDATE version_table SET version_id = 7"))
    seen.clear()
    f.value = "f2"
    try:
        s.flush()
    except Exception as ex:
        seen.append(f"-- {type(ex).__name__}")


from sqlalchemy import text
server_versioning("server version: insert, update, update, delete", sv_insert_update_delete)
server_versioning("server version: stale", sv_stale)


# ---- passive_updates=False, after test_naturalpks.py NaturalPKTest._test_onetomany
class NUser:
    pass


class NAddress:
    pass


def natural_users(md):
    return Table("users", md, Column("username", String(50), primary_key=True), Column("fullname", String(100)))


def natural_tables(md):
    """users keyed by username, and addresses referring to it ON UPDATE CASCADE."""
    users = natural_users(md)
    addresses = Table("addresses", md, Column("email", String(50), primary_key=True),
                      Column("username", String(50), ForeignKey("users.username", onupdate="cascade")))
    return users, addresses


def insert_jack(e, users, *rows):
    """The user jack, then each (table, rows) in turn."""
    with e.begin() as c:
        c.execute(users.insert(), [{"username": "jack", "fullname": "jack"}])
        for table, values in rows:
            c.execute(table.insert(), values)


def run_natural(heading, dialect, e, reg, body):
    """Runs body in a session on e and prints each statement it sends, compiled for dialect, with its parameters."""
    seen = []

    def flushed(conn, cursor, statement, parameters, context, executemany):
        c = context.compiled
        seen.append(statement if c is None else str(c.statement.compile(dialect=dialect, column_keys=c.column_keys)) + f"  -- {parameters}")

    event.listen(e, "before_cursor_execute", flushed)
    with Session(e) as s:
        body(s, seen)
    reg.dispose()
    print(f"== {heading}")
    for x in seen:
        print("  ", " ".join(x.split()))


def natural(title, body, passive):
    for name, (dialect, upd, dele, dele_multi) in TARGETS.items():
        md = MetaData()
        users, addresses = natural_tables(md)
        reg = orm_registry()
        reg.map_imperatively(NUser, users, properties={"addresses": relationship(NAddress, passive_updates=passive, order_by=addresses.c.email)})
        reg.map_imperatively(NAddress, addresses)
        e = create_engine("sqlite://")
        md.create_all(e)
        run_natural(f"{title} [{name}]", dialect, e, reg, body)


def nat_onetomany(s, seen):
    u = NUser()
    u.username, u.fullname = "jack", "jack"
    for em in ("jack1", "jack2"):
        a = NAddress()
        a.email = em
        u.addresses.append(a)
    s.add(u)
    s.commit()
    seen.append("-- loaded children, key changed:")
    u = s.get(NUser, "jack")
    u.addresses
    u.username = "ed"
    s.flush()
    seen.append(f"-- {[a.username for a in u.addresses]}")
    s.commit()
    s.expunge_all()
    seen.append("-- unloaded children, key changed:")
    u = s.get(NUser, "ed")
    u.username = "jack"
    s.flush()
    s.commit()


natural("passive_updates=False one-to-many", nat_onetomany, False)
natural("passive_updates=True one-to-many", nat_onetomany, True)


# ---- cascade without "merge": session.merge() leaves the relationship alone (RelationshipProperty.merge).
# Not used by a test yet: Retort's cascade strings do not turn merge off (see /work/notes/h-ormmisc.md)
class MUser:
    pass


class MAddress:
    pass


def merge_cascade(title, cascade):
    for name, (dialect, upd, dele, dele_multi) in TARGETS.items():
        md = MetaData()
        users = Table("users", md, Column("id", Integer, primary_key=True), Column("name", String(30)))
        addresses = Table("addresses", md, Column("id", Integer, primary_key=True),
                          Column("user_id", Integer, ForeignKey("users.id")), Column("email", String(50)))
        reg = orm_registry()
        kw = {} if cascade is None else {"cascade": cascade}
        reg.map_imperatively(MUser, users, properties={"addresses": relationship(MAddress, order_by=addresses.c.id, **kw)})
        reg.map_imperatively(MAddress, addresses)
        e = create_engine("sqlite://")
        md.create_all(e)
        with e.begin() as c:
            c.execute(users.insert(), [{"id": 5, "name": "jack"}])
            c.execute(addresses.insert(), [{"id": 1, "user_id": 5, "email": "j1"}, {"id": 2, "user_id": 5, "email": "j2"}])
        with Session(e) as s:
            u = s.get(MUser, 5)
            u.addresses
        s.close()
        u.name = "ed"
        u.addresses = []
        seen = []

        def flushed(conn, cursor, statement, parameters, context, executemany):
            c = context.compiled
            seen.append(statement if c is None else str(c.statement.compile(dialect=dialect, column_keys=c.column_keys)))

        event.listen(e, "before_cursor_execute", flushed)
        with Session(e) as s:
            m = s.merge(u)
            seen.append("-- merged; flush:")
            s.flush()
            seen.append(f"-- {m.name} {[a.email for a in m.addresses]}")
        reg.dispose()
        print(f"== {title} [{name}]")
        for x in seen:
            print("  ", " ".join(x.split()))


merge_cascade("merge, default cascade", None)
merge_cascade("merge, cascade=save-update", "save-update")


# ---- passive_updates on the many-to-one side (no one-to-many back), after test_naturalpks.py NaturalPKTest._test_manytoone
def natural_m2o(title, body, passive):
    for name, (dialect, upd, dele, dele_multi) in TARGETS.items():
        md = MetaData()
        users, addresses = natural_tables(md)
        reg = orm_registry()
        reg.map_imperatively(NUser, users)
        reg.map_imperatively(NAddress, addresses, properties={"user": relationship(NUser, passive_updates=passive)})
        e = create_engine("sqlite://")
        md.create_all(e)
        insert_jack(e, users, (addresses, [{"email": "jack1", "username": "jack"}, {"email": "jack2", "username": "jack"}]))
        run_natural(f"{title} [{name}]", dialect, e, reg, body)


def nat_manytoone(s, seen):
    u = s.get(NUser, "jack")
    a1, a2 = s.scalars(select(NAddress).order_by(NAddress.email)).all()
    seen.append(f"-- a1.user loaded: {'user' in a1.__dict__}")
    a1.user
    seen.append(f"-- after a1.user: a1.user loaded: {'user' in a1.__dict__}, a2.user loaded: {'user' in a2.__dict__}")
    u.username = "ed"
    s.flush()
    seen.append(f"-- {a1.username} {a2.username}")
    s.flush()
    seen.append("-- flushed again (nothing above)")
    s.commit()


def nat_manytoone_referrers_first(s, seen):
    a1, a2 = s.scalars(select(NAddress).order_by(NAddress.email).options(raiseload(NAddress.user, sql_only=True))).all()
    u = s.get(NUser, "jack")
    u.username = "ed"
    s.flush()
    seen.append(f"-- {a1.username} {a2.username} {'user' in a1.__dict__}")
    s.commit()


natural_m2o("passive_updates=False many-to-one", nat_manytoone, False)
natural_m2o("passive_updates=False many-to-one, referrers loaded first", nat_manytoone_referrers_first, False)
natural_m2o("passive_updates=True many-to-one", nat_manytoone, True)


# ---- passive_updates=False on a many-to-many, after test_naturalpks.py NaturalPKTest._test_manytomany
class NItem:
    pass


def natural_m2m(title, body, passive, declared=False):
    for name, (dialect, upd, dele, dele_multi) in TARGETS.items():
        md = MetaData()
        users = natural_users(md)
        items = Table("items", md, Column("itemname", String(50), primary_key=True), Column("description", String(100)))
        users_to_items = Table("users_to_items", md,
                               Column("username", String(50), ForeignKey("users.username", onupdate="cascade"), primary_key=True),
                               Column("itemname", String(50), ForeignKey("items.itemname", onupdate="cascade"), primary_key=True))
        reg = orm_registry()
        joins = dict(primaryjoin=users.c.username == users_to_items.c.username,
                     secondaryjoin=items.c.itemname == users_to_items.c.itemname) if declared else {}
        reg.map_imperatively(NUser, users, properties={"items": relationship(NItem, secondary=users_to_items, passive_updates=passive,
                                                                            order_by=items.c.itemname, **joins)})
        reg.map_imperatively(NItem, items)
        e = create_engine("sqlite://")
        md.create_all(e)
        insert_jack(e, users, (items, [{"itemname": "item1", "description": "d1"}, {"itemname": "item2", "description": "d2"}]),
                    (users_to_items, [{"username": "jack", "itemname": "item1"}, {"username": "jack", "itemname": "item2"}]))
        run_natural(f"{title} [{name}]", dialect, e, reg, body)


def nat_m2m_loaded(s, seen):
    u = s.get(NUser, "jack")
    seen.append(f"-- {[i.itemname for i in u.items]}")
    u.username = "ed"
    s.flush()
    s.commit()
    seen.append(f"-- {[i.itemname for i in s.get(NUser, 'ed').items]}")


def nat_m2m_unloaded(s, seen):
    u = s.get(NUser, "jack")
    u.username = "ed"
    s.flush()
    s.commit()


natural_m2m("passive_updates=False many-to-many, loaded", nat_m2m_loaded, False)
natural_m2m("passive_updates=False many-to-many, not loaded", nat_m2m_unloaded, False)
# the same with the joins declared (primaryjoin/secondaryjoin): the same statements
natural_m2m("passive_updates=False many-to-many, declared joins, loaded", nat_m2m_loaded, False, declared=True)
natural_m2m("passive_updates=False many-to-many, declared joins, not loaded", nat_m2m_unloaded, False, declared=True)
