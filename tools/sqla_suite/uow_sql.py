"""Expected statements of unit-of-work flushes, from SQLAlchemy 2.1.1 on SQLite.

Scenarios ported from SQLAlchemy's test/orm/test_unitofworkv2.py, test_cycles.py,
test_versioning.py and inheritance/test_basic.py (the upstream test each follows is named in
its comment): a mapping, a setup committed in one session, then in a fresh session the objects
are loaded (collections touched, so that no lazy load runs during the flush) and the scenario's
operations run and flush. Every INSERT / UPDATE / DELETE the flush sends to the cursor is
recorded in order with its parameters (engine event ``before_cursor_execute``; an executemany
is one row per parameter set, as the upstream ``CompiledSQL`` asserts compare them).

Writes retort-core/src/test/resources/sqla-suite/uow-sql.jsonl: one line per scenario,
``{"name", "statements": [[sql, [params]], ...], "allof": [[first, last], ...]}``. ``allof``
marks index ranges whose order SQLAlchemy's own assert leaves free (``AllOf``): statements on
unrelated rows in one flush step. ``UnitOfWorkSqlTest`` replays each scenario with Retort.

    PYTHONPATH=/tmp/sapkg python3 tools/sqla_suite/uow_sql.py
"""
import json
import os
import re

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine, event
from sqlalchemy.orm import Session, backref, registry, relationship

SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


class Base:
    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


class User(Base): pass
class Address(Base): pass
class Node(Base): pass
class Person(Base): pass
class Ball(Base): pass
class Keyword(Base): pass
class Item(Base): pass
class Versioned(Base): pass
class Employee(Base): pass
class Engineer(Employee): pass
class Manager(Employee): pass
class NatUser(Base): pass


def users_addresses(md, reg, cascade="save-update, merge"):
    users = Table("users", md, Column("id", Integer, primary_key=True), Column("name", String(30)))
    addresses = Table("addresses", md, Column("id", Integer, primary_key=True),
                      Column("user_id", Integer, ForeignKey("users.id")), Column("email", String(50)))
    reg.map_imperatively(User, users, properties={
        "addresses": relationship(Address, backref="user", cascade=cascade, order_by=addresses.c.id)})
    reg.map_imperatively(Address, addresses)


def nodes(md, reg):
    t = Table("nodes", md, Column("id", Integer, primary_key=True),
              Column("parent_id", Integer, ForeignKey("nodes.id")), Column("data", String(30)))
    reg.map_imperatively(Node, t, properties={
        "children": relationship(Node, backref=backref("parent", remote_side=t.c.id),
                                 cascade="all", order_by=t.c.id)})


def person_ball(md, reg):
    # test_cycles.OneToManyManyToOneTest: a person's balls, and one of them its favorite (post_update)
    person = Table("person", md, Column("id", Integer, primary_key=True),
                   Column("favorite_ball_id", Integer, ForeignKey("ball.id")), Column("data", String(30)))
    ball = Table("ball", md, Column("id", Integer, primary_key=True),
                 Column("person_id", Integer, ForeignKey("person.id")), Column("data", String(30)))
    reg.map_imperatively(Ball, ball)
    reg.map_imperatively(Person, person, properties={
        "balls": relationship(Ball, primaryjoin=ball.c.person_id == person.c.id, cascade="all",
                              order_by=ball.c.id),
        "favorite": relationship(Ball, primaryjoin=person.c.favorite_ball_id == ball.c.id, post_update=True)})


def keywords(md, reg):
    keywords = Table("keywords", md, Column("id", Integer, primary_key=True), Column("name", String(30)))
    items = Table("items", md, Column("id", Integer, primary_key=True), Column("description", String(30)))
    item_keywords = Table("item_keywords", md,
                          Column("item_id", Integer, ForeignKey("items.id"), primary_key=True),
                          Column("keyword_id", Integer, ForeignKey("keywords.id"), primary_key=True))
    reg.map_imperatively(Keyword, keywords)
    reg.map_imperatively(Item, items, properties={
        "keywords": relationship(Keyword, secondary=item_keywords, backref="items", order_by=keywords.c.id)})


def versioned(md, reg):
    t = Table("versioned", md, Column("id", Integer, primary_key=True),
              Column("version_id", Integer, nullable=False), Column("value", String(40)))
    reg.map_imperatively(Versioned, t, version_id_col=t.c.version_id)


def employees(md, reg):
    people = Table("people", md, Column("id", Integer, primary_key=True), Column("type", String(20)),
                   Column("name", String(30)))
    engineers = Table("engineers", md, Column("id", Integer, ForeignKey("people.id"), primary_key=True),
                      Column("language", String(30)))
    managers = Table("managers", md, Column("id", Integer, ForeignKey("people.id"), primary_key=True),
                     Column("budget", Integer))
    reg.map_imperatively(Employee, people, polymorphic_on=people.c.type, polymorphic_identity="employee")
    reg.map_imperatively(Engineer, engineers, inherits=Employee, polymorphic_identity="engineer")
    reg.map_imperatively(Manager, managers, inherits=Employee, polymorphic_identity="manager")


def nat_users(md, reg):
    t = Table("nat_users", md, Column("username", String(30), primary_key=True), Column("fullname", String(30)))
    reg.map_imperatively(NatUser, t)


# ---- scenarios: (mapping, setup(session), ops(session)); each ops gets the objects by query ----

def all_of(cls, s):
    return s.query(cls).order_by(*cls.__mapper__.primary_key).all()


@scenario
def o2m_insert(): # test_unitofworkv2.RudimentaryFlushTest.test_one_to_many_save
    def ops(s):
        s.add(User(name="u1", addresses=[Address(email="a1"), Address(email="a2")]))
    return users_addresses, None, ops, []


def ua_setup(s):
    s.add_all([User(name="u1", addresses=[Address(email="a1"), Address(email="a2")]),
               User(name="u2", addresses=[Address(email="a3")])])


def ua_loaded(s):
    us = all_of(User, s)
    for u in us:
        u.addresses
    return us, all_of(Address, s)


def move_address(us, i=0):
    # out of the first user's collection, then into the second's
    a = us[0].addresses[i]
    us[0].addresses.remove(a)
    us[1].addresses.append(a)


@scenario
def o2m_delete_all(): # RudimentaryFlushTest.test_one_to_many_delete_all
    def ops(s):
        us, addrs = ua_loaded(s)
        for a in addrs[:2]:
            s.delete(a)
        s.delete(us[0])
    return users_addresses, ua_setup, ops, [[0, 1]]


@scenario
def o2m_delete_parent_nullifies(): # RudimentaryFlushTest.test_one_to_many_delete_parent
    def ops(s):
        us, _ = ua_loaded(s)
        s.delete(us[0])
    return users_addresses, ua_setup, ops, [[0, 1]]


@scenario
def o2m_delete_cascade(): # test_unitofworkv2 cascade="all, delete-orphan" delete of the parent
    def ops(s):
        us, _ = ua_loaded(s)
        s.delete(us[0])
    return (lambda md, reg: users_addresses(md, reg, "all, delete-orphan")), ua_setup, ops, [[0, 1]]


@scenario
def o2m_delete_orphan(): # test_unitofworkv2.SingleCycleTest-style delete-orphan of one child
    def ops(s):
        us, _ = ua_loaded(s)
        us[0].addresses.remove(us[0].addresses[0])
    return (lambda md, reg: users_addresses(md, reg, "all, delete-orphan")), ua_setup, ops, []


@scenario
def o2m_remove_child(): # child removed from the collection: its foreign key set to NULL
    def ops(s):
        us, _ = ua_loaded(s)
        us[0].addresses.remove(us[0].addresses[1])
    return users_addresses, ua_setup, ops, []


@scenario
def o2m_move_child(): # a child moved to another parent's collection
    def ops(s):
        us, _ = ua_loaded(s)
        move_address(us)
    return users_addresses, ua_setup, ops, []


@scenario
def o2m_move_child_add_only(): # appended to the other parent without removing (backref moves it)
    def ops(s):
        us, _ = ua_loaded(s)
        us[1].addresses.append(us[0].addresses[0])
    return users_addresses, ua_setup, ops, []


@scenario
def m2o_save(): # RudimentaryFlushTest.test_many_to_one_save
    def ops(s):
        u = User(name="u1")
        s.add_all([Address(email="a1", user=u), Address(email="a2", user=u)])
    return users_addresses, None, ops, []


@scenario
def m2o_delete_child(): # RudimentaryFlushTest.test_many_to_one_delete_target-ish: delete the child
    def ops(s):
        _, addrs = ua_loaded(s)
        s.delete(addrs[2])
    return users_addresses, ua_setup, ops, []


@scenario
def m2o_change_parent(): # many-to-one reference set to another parent
    def ops(s):
        us, addrs = ua_loaded(s)
        addrs[0].user = us[1]
    return users_addresses, ua_setup, ops, []


@scenario
def m2o_new_parent(): # many-to-one reference set to a new parent
    def ops(s):
        _, addrs = ua_loaded(s)
        addrs[2].user = User(name="u3")
    return users_addresses, ua_setup, ops, []


@scenario
def m2o_set_none(): # many-to-one reference cleared
    def ops(s):
        _, addrs = ua_loaded(s)
        addrs[2].user = None
    return users_addresses, ua_setup, ops, []


@scenario
def update_scalar(): # a column changed
    def ops(s):
        us, _ = ua_loaded(s)
        us[0].name = "u1x"
    return users_addresses, ua_setup, ops, []


@scenario
def update_many_same_columns(): # test_unitofworkv2.BatchInsertsTest / executemany of UPDATEs
    def ops(s):
        _, addrs = ua_loaded(s)
        for i, a in enumerate(addrs):
            a.email = "e%d" % i
    return users_addresses, ua_setup, ops, []


@scenario
def update_different_columns(): # UPDATEs of different columns are separate statements
    def ops(s):
        _, addrs = ua_loaded(s)
        addrs[0].email = "x"
        addrs[1].email = "y"
        addrs[1].user_id = None
        addrs[2].email = "z"
    return users_addresses, ua_setup, ops, []


@scenario
def insert_many_parents(): # BatchInsertsTest: inserts of one table
    def ops(s):
        s.add_all([User(name="n%d" % i) for i in range(4)])
    return users_addresses, None, ops, []


@scenario
def insert_with_explicit_keys(): # BatchInsertsTest: keys given, one executemany
    def ops(s):
        s.add_all([User(id=10 + i, name="n%d" % i) for i in range(3)])
    return users_addresses, None, ops, []


@scenario
def delete_many(): # RudimentaryFlushTest: DELETEs of one table batched
    def ops(s):
        _, addrs = ua_loaded(s)
        for a in addrs:
            s.delete(a)
    return users_addresses, ua_setup, ops, []


@scenario
def mixed_insert_update_delete(): # inserts, then updates, then deletes
    def ops(s):
        us, addrs = ua_loaded(s)
        s.add(Address(email="new", user=us[1]))
        us[1].name = "u2x"
        s.delete(addrs[0])
    return users_addresses, ua_setup, ops, []


@scenario
def row_switch(): # test_unitofworkv2.RowswitchAccountingTest: delete + add of one key is an UPDATE
    def ops(s):
        us, _ = ua_loaded(s)
        for a in list(us[1].addresses):
            s.delete(a)
        s.flush()
        s.delete(us[1])
        s.add(User(id=us[1].id, name="replacement"))
    return users_addresses, ua_setup, ops, []


def tree_setup(s):
    s.add(Node(data="root", children=[Node(data="c1", children=[Node(data="c11")]), Node(data="c2")]))


def tree_setup_keyed(s):
    # keys given, so that the scenarios below are about their flush, not about the setup's insert order
    s.add(Node(id=1, data="root", children=[Node(id=2, data="c1", children=[Node(id=4, data="c11")]),
                                            Node(id=3, data="c2")]))


def tree_loaded(s):
    ns = all_of(Node, s)
    for n in ns:
        n.children
        n.parent
    return {n.data: n for n in ns}


@scenario
def tree_insert(): # test_unitofworkv2.SingleCycleTest.test_one_to_many_save
    def ops(s):
        tree_setup(s)
    return nodes, None, ops, []


@scenario
def tree_delete_cascade(): # SingleCycleTest.test_one_to_many_delete_all
    def ops(s):
        ns = tree_loaded(s)
        s.delete(ns['root'])
    return nodes, tree_setup_keyed, ops, [[0, 1]]


@scenario
def tree_delete_leaf(): # SingleCycleTest: delete one node
    def ops(s):
        ns = tree_loaded(s)
        s.delete(ns['c11'])
    return nodes, tree_setup_keyed, ops, []


@scenario
def tree_move_subtree(): # SingleCycleTest: change parent
    def ops(s):
        ns = tree_loaded(s)
        ns['c1'].children.remove(ns['c11'])
        ns['c2'].children.append(ns['c11'])
    return nodes, tree_setup_keyed, ops, []


@scenario
def tree_add_to_existing(): # SingleCycleTest.test_many_to_one_save-ish: new children of a persistent node
    def ops(s):
        ns = tree_loaded(s)
        ns['c2'].children.append(Node(data="c21", children=[Node(data="c211")]))
    return nodes, tree_setup_keyed, ops, []


@scenario
def tree_delete_mixed(): # SingleCycleTest.test_delete_one_to_many_... parent and child deleted
    def ops(s):
        ns = tree_loaded(s)
        s.delete(ns['c11'])
        s.delete(ns['c1'])
    return nodes, tree_setup_keyed, ops, []


def pb_setup(s):
    p = Person(data="p1", balls=[Ball(data="b1"), Ball(data="b2")])
    p.favorite = p.balls[0]
    s.add(p)


def pb_loaded(s):
    p = all_of(Person, s)[0]
    p.balls
    p.favorite
    return p


@scenario
def cycle_post_update_insert(): # test_cycles.OneToManyManyToOneTest.test_cycle
    def ops(s):
        pb_setup(s)
    return person_ball, None, ops, []


@scenario
def cycle_post_update_change(): # OneToManyManyToOneTest.test_post_update_m2o
    def ops(s):
        p = pb_loaded(s)
        p.favorite = p.balls[1]
    return person_ball, pb_setup, ops, []


@scenario
def cycle_post_update_delete(): # OneToManyManyToOneTest.test_post_update_o2m / delete
    def ops(s):
        s.delete(pb_loaded(s))
    return person_ball, pb_setup, ops, [[1, 2]]


@scenario
def cycle_post_update_new_favorite(): # OneToManyManyToOneTest: favorite set to a new ball
    def ops(s):
        p = pb_loaded(s)
        b = Ball(data="b3")
        p.balls.append(b)
        p.favorite = b
    return person_ball, pb_setup, ops, []


@scenario
def cycle_post_update_clear(): # OneToManyManyToOneTest: favorite cleared
    def ops(s):
        pb_loaded(s).favorite = None
    return person_ball, pb_setup, ops, []


def kw_setup(s):
    k1, k2, k3 = Keyword(name="k1"), Keyword(name="k2"), Keyword(name="k3")
    s.add_all([Item(description="i1", keywords=[k1, k2]), Item(description="i2", keywords=[k2]), k3])


def kw_loaded(s):
    items = all_of(Item, s)
    kws = all_of(Keyword, s)
    for i in items:
        i.keywords
    for k in kws:
        k.items
    return items, kws


@scenario
def m2m_insert(): # test_unitofworkv2 many-to-many save
    def ops(s):
        kw_setup(s)
    return keywords, None, ops, []


@scenario
def m2m_add(): # many-to-many add of a persistent member
    def ops(s):
        items, kws = kw_loaded(s)
        items[1].keywords.append(kws[2])
    return keywords, kw_setup, ops, []


@scenario
def m2m_remove(): # many-to-many remove
    def ops(s):
        items, kws = kw_loaded(s)
        items[0].keywords.remove(kws[0])
    return keywords, kw_setup, ops, []


@scenario
def m2m_delete_owner(): # deleting an item deletes its association rows first
    def ops(s):
        items, _ = kw_loaded(s)
        s.delete(items[0])
    return keywords, kw_setup, ops, []


@scenario
def m2m_delete_member(): # deleting a keyword (backref) deletes its association rows first
    def ops(s):
        _, kws = kw_loaded(s)
        s.delete(kws[1])
    return keywords, kw_setup, ops, []


@scenario
def m2m_move(): # a member moved from one item to another
    def ops(s):
        items, kws = kw_loaded(s)
        items[0].keywords.remove(kws[0])
        items[1].keywords.append(kws[0])
    return keywords, kw_setup, ops, []


@scenario
def m2m_add_new(): # a new member added to a persistent item
    def ops(s):
        items, _ = kw_loaded(s)
        items[1].keywords.append(Keyword(name="k4"))
    return keywords, kw_setup, ops, []


def v_setup(s):
    s.add_all([Versioned(value="v1"), Versioned(value="v2")])


@scenario
def version_insert(): # test_versioning.VersioningTest.test_notsane_warning-style insert
    def ops(s):
        v_setup(s)
    return versioned, None, ops, []


@scenario
def version_update(): # VersioningTest.test_bump_version
    def ops(s):
        all_of(Versioned, s)[0].value = "v1x"
    return versioned, v_setup, ops, []


@scenario
def version_update_twice(): # VersioningTest.test_bump_version: two flushes
    def ops(s):
        v = all_of(Versioned, s)[0]
        v.value = "a"
        s.flush()
        v.value = "b"
    return versioned, v_setup, ops, []


@scenario
def version_update_many(): # VersioningTest: several versioned rows
    def ops(s):
        for i, v in enumerate(all_of(Versioned, s)):
            v.value = "w%d" % i
    return versioned, v_setup, ops, []


@scenario
def version_delete(): # VersioningTest.test_versioncheck-style delete
    def ops(s):
        s.delete(all_of(Versioned, s)[0])
    return versioned, v_setup, ops, []


def emp_setup(s):
    s.add_all([Employee(name="e1"), Engineer(name="g1", language="java"), Manager(name="m1", budget=10)])


@scenario
def joined_insert(): # inheritance/test_basic joined-table inserts
    def ops(s):
        emp_setup(s)
    return employees, None, ops, []


@scenario
def joined_update_sub(): # only the subclass table's column changed
    def ops(s):
        [e for e in all_of(Employee, s) if isinstance(e, Engineer)][0].language = "python"
    return employees, emp_setup, ops, []


@scenario
def joined_update_base(): # only the base table's column changed
    def ops(s):
        [e for e in all_of(Employee, s) if isinstance(e, Engineer)][0].name = "g2"
    return employees, emp_setup, ops, []


@scenario
def joined_update_both(): # both tables' columns changed
    def ops(s):
        m = [e for e in all_of(Employee, s) if isinstance(e, Manager)][0]
        m.name = "m2"
        m.budget = 20
    return employees, emp_setup, ops, []


@scenario
def joined_delete(): # subclass row deleted before the base row
    def ops(s):
        for e in all_of(Employee, s):
            s.delete(e)
    return employees, emp_setup, ops, []


@scenario
def natural_pk_change(): # test_naturalpks.NaturalPKTest.test_update
    def ops(s):
        all_of(NatUser, s)[0].username = "jack"
    return nat_users, lambda s: s.add(NatUser(username="jill", fullname="jill")), ops, []



# ---- cascades, moves between parents, unloaded collections (test_unitofworkv2, test_cascade) ----

ORPHANS = lambda md, reg: users_addresses(md, reg, "all, delete-orphan")


@scenario
def orphan_move_child(): # test_cascade.O2MCascadeDeleteOrphanTest: a child moved to another parent is kept
    def ops(s):
        us, _ = ua_loaded(s)
        move_address(us)
    return ORPHANS, ua_setup, ops, []


@scenario
def orphan_move_child_add_only(): # appended to the other parent only (the backref takes it out of the first)
    def ops(s):
        us, _ = ua_loaded(s)
        us[1].addresses.append(us[0].addresses[0])
    return ORPHANS, ua_setup, ops, []


@scenario
def orphan_move_by_reference(): # many-to-one assigned: the child leaves the first parent's collection, not an orphan
    def ops(s):
        us, addrs = ua_loaded(s)
        addrs[0].user = us[1]
    return ORPHANS, ua_setup, ops, []


@scenario
def orphan_removed_and_put_back(): # removed then appended again before the flush: nothing to write
    def ops(s):
        us, _ = ua_loaded(s)
        a = us[0].addresses[0]
        us[0].addresses.remove(a)
        us[0].addresses.append(a)
    return ORPHANS, ua_setup, ops, []


@scenario
def orphan_move_then_delete_parent(): # test_cascade: moved child kept, the rest of the deleted parent's children deleted
    def ops(s):
        us, _ = ua_loaded(s)
        move_address(us)
        s.delete(us[0])
    return ORPHANS, ua_setup, ops, [[0, 1]]


@scenario
def orphan_replace_collection(): # the collection replaced: new member inserted, the old ones deleted
    def ops(s):
        us, _ = ua_loaded(s)
        us[0].addresses = [Address(email="n1")]
    return ORPHANS, ua_setup, ops, []


@scenario
def orphan_pending_added_and_removed(): # test_cascade: a pending orphan is expunged, never inserted
    def ops(s):
        us, _ = ua_loaded(s)
        a = Address(email="n1")
        us[0].addresses.append(a)
        us[0].addresses.remove(a)
    return ORPHANS, ua_setup, ops, []


@scenario
def orphan_set_reference_none(): # many-to-one cleared on a delete-orphan child: deleted as an orphan
    def ops(s):
        _, addrs = ua_loaded(s)
        addrs[2].user = None
    return ORPHANS, ua_setup, ops, []


@scenario
def move_child_to_new_parent(): # a child moved to a pending parent: the parent inserted first
    def ops(s):
        us, _ = ua_loaded(s)
        a = us[0].addresses[0]
        User(name="u3", addresses=[a])
        s.add(a.user)
    return users_addresses, ua_setup, ops, []


@scenario
def swap_children(): # two children swapped between parents
    def ops(s):
        us, _ = ua_loaded(s)
        a, b = us[0].addresses[0], us[1].addresses[0]
        us[0].addresses.remove(a)
        us[1].addresses.remove(b)
        us[0].addresses.append(b)
        us[1].addresses.append(a)
    return users_addresses, ua_setup, ops, []


def ua_plain(s):
    # nothing loaded but the users: their collections load when the flush (or the delete) needs them
    return all_of(User, s)


@scenario
def unloaded_delete_parent_nullifies(): # RudimentaryFlushTest.test_one_to_many_delete_parent, collection not loaded
    def ops(s):
        s.delete(ua_plain(s)[0])
    return users_addresses, ua_setup, ops, [[0, 1]]


@scenario
def unloaded_delete_parent_cascade(): # RudimentaryFlushTest.test_cascade_delete, collection not loaded
    def ops(s):
        s.delete(ua_plain(s)[0])
    return ORPHANS, ua_setup, ops, [[0, 1]]


@scenario
def unloaded_delete_child(): # RudimentaryFlushTest.test_many_to_one_delete_childonly_unloaded
    def ops(s):
        s.delete(all_of(Address, s)[0])
    return users_addresses, ua_setup, ops, []


@scenario
def unloaded_delete_child_and_parent(): # RudimentaryFlushTest.test_many_to_one_delete_unloaded
    def ops(s):
        us = ua_plain(s)
        addrs = all_of(Address, s)
        s.delete(addrs[2])
        s.delete(us[1])
    return users_addresses, ua_setup, ops, []


@scenario
def tree_move_to_new_node(): # SingleCycleTest: a subtree moved under a new node
    def ops(s):
        ns = tree_loaded(s)
        n = Node(data="n5")
        ns['root'].children.append(n)
        ns['c1'].children.remove(ns['c11'])
        n.children.append(ns['c11'])
    return nodes, tree_setup_keyed, ops, []


@scenario
def tree_reparent_by_reference(): # SingleCycleTest.test_many_to_one_set_null_unloaded-style: parent assigned
    def ops(s):
        ns = tree_loaded(s)
        ns['c11'].parent = ns['root']
        ns['c2'].parent = None
    return nodes, tree_setup_keyed, ops, []


@scenario
def cycle_post_update_delete_favorite(): # OneToManyManyToOneTest: the favorite cleared and its ball deleted
    def ops(s):
        p = pb_loaded(s)
        b = p.favorite
        p.favorite = None
        s.delete(b)
    return person_ball, pb_setup, ops, []


@scenario
def cycle_post_update_two_people(): # OneToManyManyToOneTest.test_cycle with two people
    def ops(s):
        pb_setup(s)
        p = Person(data="p2", balls=[Ball(data="b3")])
        p.favorite = p.balls[0]
        s.add(p)
    return person_ball, None, ops, []


@scenario
def m2m_replace_collection(): # the association rows of a replaced collection
    def ops(s):
        items, kws = kw_loaded(s)
        items[0].keywords = [kws[1], kws[2]]
    return keywords, kw_setup, ops, []


@scenario
def m2m_remove_via_backref(): # removed from the other side of the backref
    def ops(s):
        items, kws = kw_loaded(s)
        kws[1].items.remove(items[1])
    return keywords, kw_setup, ops, []


@scenario
def m2m_clear(): # all members removed
    def ops(s):
        items, _ = kw_loaded(s)
        items[0].keywords.clear()
    return keywords, kw_setup, ops, []


@scenario
def version_update_and_delete(): # VersioningTest: one row updated, the other deleted, in one flush
    def ops(s):
        vs = all_of(Versioned, s)
        vs[0].value = "x"
        s.delete(vs[1])
    return versioned, v_setup, ops, []


@scenario
def version_row_switch(): # VersioningTest.test_versioncheck_for_update-ish: delete and add of one key
    def ops(s):
        v = all_of(Versioned, s)[0]
        s.delete(v)
        s.flush()
        n = Versioned(id=v.id, value="again")
        s.add(n)
    return versioned, v_setup, ops, []


# ---- query-level UPDATE / DELETE (dml/test_orm_upd_del_basic.py) ----

def query_update_u1(sync):
    # the users and addresses loaded, then u1 renamed by a query-level UPDATE
    def ops(s):
        ua_loaded(s)
        s.query(User).filter(User.name == "u1").update({"name": "x"}, synchronize_session=sync)
    return users_addresses, ua_setup, ops, []


@scenario
def query_update_evaluate(): # UpdateDeleteTest.test_update: synchronize_session="evaluate"
    return query_update_u1("evaluate")


@scenario
def query_update_expression(): # UpdateDeleteTest.test_update_with_expression
    def ops(s):
        ua_loaded(s)
        s.query(Address).filter(Address.user_id == 1).update({"email": Address.email + "!"},
                                                            synchronize_session="evaluate")
    return users_addresses, ua_setup, ops, []


@scenario
def query_delete_evaluate(): # UpdateDeleteTest.test_delete: synchronize_session="evaluate"
    def ops(s):
        ua_loaded(s)
        s.query(Address).filter(Address.email == "a3").delete(synchronize_session="evaluate")
    return users_addresses, ua_setup, ops, []


@scenario
def query_update_autoflush(): # UpdateDeleteTest.test_update_autoflush: pending changes flushed first
    def ops(s):
        us, _ = ua_loaded(s)
        us[1].name = "u2x"
        s.query(User).filter(User.name == "u2x").update({"name": "y"}, synchronize_session="evaluate")
    return users_addresses, ua_setup, ops, []


@scenario
def query_update_none(): # UpdateDeleteTest: synchronize_session=False
    def ops(s):
        s.query(Address).filter(Address.user_id == 1).update({"user_id": None}, synchronize_session=False)
    return users_addresses, ua_setup, ops, []


@scenario
def query_delete_none(): # UpdateDeleteTest: synchronize_session=False
    def ops(s):
        s.query(Address).filter(Address.user_id == 1).delete(synchronize_session=False)
    return users_addresses, ua_setup, ops, []


@scenario
def query_update_versioned(): # test_versioning: a query-level UPDATE does not touch the version column
    def ops(s):
        s.query(Versioned).filter(Versioned.value == "v1").update({"value": "q"}, synchronize_session="evaluate")
    return versioned, v_setup, ops, []


# ---- natural primary keys (test_naturalpks) ----

class NatAddress(Base): pass


def nat_users_addresses(md, reg):
    users = Table("nat_users", md, Column("username", String(30), primary_key=True), Column("fullname", String(30)))
    addresses = Table("nat_addresses", md, Column("email", String(50), primary_key=True),
                      Column("username", String(30), ForeignKey("nat_users.username")))
    reg.map_imperatively(NatUser, users, properties={
        "addresses": relationship(NatAddress, backref="user", order_by=addresses.c.email)})
    reg.map_imperatively(NatAddress, addresses)


def nat_setup(s):
    s.add(NatUser(username="jack", fullname="jack", addresses=[NatAddress(email="jack1"), NatAddress(email="jack2")]))
    s.add(NatUser(username="ed", fullname="ed"))


@scenario
def natural_pk_insert(): # NaturalPKTest.test_onetomany: keys given, parent then children
    def ops(s):
        nat_setup(s)
    return nat_users_addresses, None, ops, []


@scenario
def natural_pk_move_child(): # NaturalPKTest.test_manytoone: a child's reference to another natural key
    def ops(s):
        us = all_of(NatUser, s)
        a = all_of(NatAddress, s)[0]
        a.user = us[0]
    return nat_users_addresses, nat_setup, ops, []


@scenario
def natural_pk_delete_parent(): # NaturalPKTest: the children's foreign keys set to NULL
    def ops(s):
        u = [u for u in all_of(NatUser, s) if u.username == "jack"][0]
        u.addresses
        s.delete(u)
    return nat_users_addresses, nat_setup, ops, [[0, 1]]


@scenario
def natural_pk_row_switch(): # NaturalPKTest.test_delete_and_add_same_key-ish: DELETE + INSERT of one key is an UPDATE
    def ops(s):
        u = [u for u in all_of(NatUser, s) if u.username == "ed"][0]
        s.delete(u)
        s.add(NatUser(username="ed", fullname="ed2"))
    return nat_users_addresses, nat_setup, ops, []



# ---- deletes meeting moves (test_cascade), bulk inserts (dml/test_bulk), fetch synchronisation ----

DELETES = lambda md, reg: users_addresses(md, reg, "save-update, delete")


@scenario
def delete_cascade_move_child_first(): # test_cascade.O2MCascadeTest: a child moved out before its parent's delete is kept
    def ops(s):
        us, _ = ua_loaded(s)
        move_address(us)
        s.delete(us[0])
    return DELETES, ua_setup, ops, []


def delete_parent_then_move(s):
    us, _ = ua_loaded(s)
    s.delete(us[0])
    move_address(us)


@scenario
def delete_cascade_move_child_after(): # the parent deleted first (its children marked too), then one moved out
    return DELETES, ua_setup, delete_parent_then_move, []


@scenario
def orphan_delete_parent_then_move(): # as above, with delete-orphan
    return ORPHANS, ua_setup, delete_parent_then_move, []


@scenario
def delete_cascade_pending_child(): # a new child appended to a parent being deleted
    def ops(s):
        us, _ = ua_loaded(s)
        s.delete(us[1])
        us[1].addresses.append(Address(email="n1"))
    return DELETES, ua_setup, ops, []


@scenario
def delete_parent_nullifies_moved_child(): # no delete cascade: the moved child's key is the new parent's, the rest NULL
    def ops(s):
        us, _ = ua_loaded(s)
        move_address(us, 1)
        s.delete(us[0])
    return users_addresses, ua_setup, ops, []


@scenario
def bulk_insert_return_defaults(): # dml/test_bulk.BulkInsertUpdateTest.test_bulk_save_return_defaults
    def ops(s):
        s.bulk_save_objects([User(name="b%d" % i) for i in range(3)], return_defaults=True)
    return users_addresses, None, ops, []


@scenario
def bulk_insert_with_keys(): # dml/test_bulk: keys given
    def ops(s):
        s.bulk_save_objects([User(id=20 + i, name="b%d" % i) for i in range(3)], return_defaults=True)
    return users_addresses, None, ops, []


@scenario
def query_update_fetch(): # UpdateDeleteTest.test_update_fetch: synchronize_session="fetch"
    return query_update_u1("fetch")


@scenario
def query_delete_fetch(): # UpdateDeleteTest.test_delete_fetch
    def ops(s):
        ua_loaded(s)
        s.query(Address).filter(Address.user_id == 1).delete(synchronize_session="fetch")
    return users_addresses, ua_setup, ops, []


@scenario
def query_update_joined_subclass(): # inheritance: a query-level UPDATE of a subclass table's column
    def ops(s):
        s.query(Engineer).filter(Engineer.language == "java").update({"language": "kotlin"},
                                                                     synchronize_session="evaluate")
    return employees, emp_setup, ops, []



@scenario
def delete_then_add(): # Session.add() of an instance marked for deletion takes it out of session.deleted
    def ops(s):
        _, addrs = ua_loaded(s)
        s.delete(addrs[0])
        s.add(addrs[0])
    return ORPHANS, ua_setup, ops, []


@scenario
def delete_parent_then_add(): # the parent's delete taken back; the children its delete cascaded to stay deleted
    def ops(s):
        us, _ = ua_loaded(s)
        s.delete(us[0])
        s.add(us[0])
    return ORPHANS, ua_setup, ops, []



# ---- one-to-one (uselist=False): the replaced member (test_unitofworkv2.OneToManyTest / test_cascade.O2OSingleParentTest) ----

class Holder(Base): pass
class Passport(Base): pass


def holders(cascade):
    def mapping(md, reg):
        h = Table("holders", md, Column("id", Integer, primary_key=True), Column("name", String(30)))
        p = Table("passports", md, Column("id", Integer, primary_key=True),
                  Column("holder_id", Integer, ForeignKey("holders.id")), Column("number", String(30)))
        reg.map_imperatively(Holder, h, properties={
            "passport": relationship(Passport, uselist=False, backref="holder", cascade=cascade)})
        reg.map_imperatively(Passport, p)
    return mapping


def holders_setup(s):
    s.add_all([Holder(name="h1", passport=Passport(number="p1")), Holder(name="h2", passport=Passport(number="p2"))])


def holders_loaded(s):
    hs = all_of(Holder, s)
    for h in hs:
        h.passport
    return hs


@scenario
def o2o_replace(): # the old member's foreign key set to NULL, the new one inserted
    def ops(s):
        holders_loaded(s)[0].passport = Passport(number="p3")
    return holders("save-update, merge"), holders_setup, ops, []


@scenario
def o2o_replace_orphan(): # with delete-orphan the old member is deleted
    def ops(s):
        holders_loaded(s)[0].passport = Passport(number="p3")
    return holders("all, delete-orphan"), holders_setup, ops, []


@scenario
def o2o_clear(): # the member's foreign key set to NULL
    def ops(s):
        holders_loaded(s)[0].passport = None
    return holders("save-update, merge"), holders_setup, ops, []


@scenario
def o2o_swap(): # two holders' passports swapped
    def ops(s):
        hs = holders_loaded(s)
        a, b = hs[0].passport, hs[1].passport
        hs[0].passport = b
        hs[1].passport = a
    return holders("save-update, merge"), holders_setup, ops, []


def run(fn):
    mapping, setup, ops, allof = fn()
    md = MetaData()
    reg = registry()
    mapping(md, reg)
    reg.configure()
    engine = create_engine("sqlite://")
    md.create_all(engine)
    if setup:
        with Session(engine) as s:
            setup(s)
            s.commit()
    recorded = []
    recording = [False]

    @event.listens_for(engine, "before_cursor_execute")
    def capture(conn, cursor, statement, parameters, context, executemany):
        if not recording[0] or not re.match(r"\s*(INSERT|UPDATE|DELETE)", statement):
            return
        many = executemany and len(parameters) > 0 and isinstance(parameters[0], (list, tuple))
        for p in (parameters if many else [parameters]):
            recorded.append([re.sub(r"\s+", " ", statement).strip(), list(p)])

    with Session(engine) as s:
        # the loads inside ops are SELECTs (not recorded); a flush inside ops is recorded too
        recording[0] = True
        ops(s)
        s.flush()
        recording[0] = False
        s.rollback()
    reg.dispose()
    return {"name": fn.__name__, "statements": recorded, "allof": allof}


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(__file__), "..", "..", "retort-core", "src", "test", "resources",
                       "sqla-suite", "uow-sql.jsonl")
    with open(out, "w") as f:
        for fn in SCENARIOS:
            f.write(json.dumps(run(fn)) + "\n")
    print(len(SCENARIOS), "scenarios")
