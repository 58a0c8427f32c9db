"""Expected statements of relationship and column loading: what a query and its loaders emit, in order.

Ported from SQLAlchemy's test/orm/test_selectin_relations.py, inheritance/test_poly_loading.py,
test_lazy_relations.py and test_deferred.py (their CompiledSQL assertions, on a shared fixture):
each scenario maps the classes below, runs a query with loader options on SQLite, touches the
attributes that load lazily, and records every statement the engine sends (SQL and parameters,
in order, from the ``before_cursor_execute`` event) and the loaded object graph. Nothing here is
written by hand but the operations; the SQL comes from SQLAlchemy 2.1.1.

Writes retort-core/src/test/resources/sqla-suite/loader-sql.jsonl: first ``{"fixture": [[table, [row...]]...]}``
(the rows every scenario starts from), then one scenario a line:
``{"name", "source", "statements": [[sql, [params]]...], "raised"?, "unordered"? (the statements after the first in no fixed order), "graph"}``.
``dev.retort.orm.LoaderSqlTest`` runs the same operations with Retort.

    PYTHONPATH=/tmp/sapkg python3 tools/sqla_suite/loader_sql.py
"""
import json

from orm_fixture import one_line, resource, users_orders
from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer, String, Table, create_engine, event, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import (Session, declarative_base, defer, deferred, joinedload, lazyload, load_only,
                            raiseload, relationship, selectin_polymorphic, selectinload, undefer, undefer_group,
                            with_loader_criteria)

Base = declarative_base()

m = users_orders(Base)
User, Address, Order, Item = m.User, m.Address, m.Order, m.Item


class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("nodes.id"))
    data = Column(String(30))
    children = relationship("Node", order_by="Node.id")


class SelectinNode(Base):
    """Node with its children select-in by the mapping: no join_depth, so the recursion check stops at the first level."""
    __tablename__ = "selectin_nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("selectin_nodes.id"))
    data = Column(String(30))
    children = relationship("SelectinNode", order_by="SelectinNode.id", lazy="selectin")


class DepthNode(Base):
    """Node with its children select-in by the mapping, two levels deep (join_depth=2)."""
    __tablename__ = "depth_nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("depth_nodes.id"))
    data = Column(String(30))
    children = relationship("DepthNode", order_by="DepthNode.id", lazy="selectin", join_depth=2)


class JoinedNode(Base):
    """Node with its children joined by the mapping, two levels deep (join_depth=2)."""
    __tablename__ = "joined_nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("joined_nodes.id"))
    data = Column(String(30))
    children = relationship("JoinedNode", order_by="JoinedNode.id", lazy="joined", join_depth=2)


cyc_ab = Table("cyc_ab", Base.metadata, Column("a_id", Integer, ForeignKey("cyc_a.id"), primary_key=True),
               Column("b_id", Integer, ForeignKey("cyc_b.id"), primary_key=True))


class CycA(Base):
    """One side of a many-to-many whose two directions the mapping loads select-in: a cycle of classes."""
    __tablename__ = "cyc_a"
    id = Column(Integer, primary_key=True)
    bs = relationship("CycB", secondary=cyc_ab, order_by="CycB.id", lazy="selectin")


class CycB(Base):
    __tablename__ = "cyc_b"
    id = Column(Integer, primary_key=True)
    a_list = relationship("CycA", secondary=cyc_ab, order_by="CycA.id", lazy="selectin")


class Parent(Base):
    __tablename__ = "parents"
    a = Column(Integer, primary_key=True)
    b = Column(Integer, primary_key=True)
    data = Column(String(30))
    children = relationship("Child", order_by="Child.id")


class Child(Base):
    __tablename__ = "children"
    id = Column(Integer, primary_key=True)
    pa = Column(Integer)
    pb = Column(Integer)
    data = Column(String(30))
    __table_args__ = (ForeignKeyConstraint(["pa", "pb"], ["parents.a", "parents.b"]),)


# a many-to-many over a composite association key (the parent's two key columns)
parent_items = Table(
    "parent_items", Base.metadata,
    Column("pa", Integer, primary_key=True),
    Column("pb", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), primary_key=True),
    ForeignKeyConstraint(["pa", "pb"], ["parents.a", "parents.b"]),
)
Parent.items = relationship("Item", secondary=parent_items, order_by="Item.id")


class Doc(Base):
    __tablename__ = "docs"
    id = Column(Integer, primary_key=True)
    title = Column(String(30))
    body = deferred(Column(String(100)), group="text")
    summary = deferred(Column(String(100)), group="text")


class Company(Base):
    __tablename__ = "companies"
    id = Column(Integer, primary_key=True)
    name = Column(String(30))
    employees = relationship("Person", order_by="Person.id")


class Person(Base):
    __tablename__ = "people"
    id = Column(Integer, primary_key=True)
    company_id = Column(Integer, ForeignKey("companies.id"))
    type = Column(String(30))
    name = Column(String(30))
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "person"}


class Engineer(Person):
    __tablename__ = "engineers"
    id = Column(Integer, ForeignKey("people.id"), primary_key=True)
    primary_language = Column(String(30))
    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Manager(Person):
    __tablename__ = "managers"
    id = Column(Integer, ForeignKey("people.id"), primary_key=True)
    manager_name = Column(String(30))
    __mapper_args__ = {"polymorphic_identity": "manager"}


NODE_ROWS = [dict(id=1, parent_id=None, data="n1"), dict(id=2, parent_id=1, data="n2"), dict(id=3, parent_id=1, data="n3"),
             dict(id=4, parent_id=2, data="n4"), dict(id=5, parent_id=4, data="n5")]
ROWS = [
    ("users", [dict(id=7, name="jack"), dict(id=8, name="ed"), dict(id=9, name="fred"), dict(id=10, name="chuck")]),
    ("addresses", [dict(id=1, user_id=7, email_address="jack@bean.com"), dict(id=2, user_id=8, email_address="ed@wood.com"),
                   dict(id=3, user_id=8, email_address="ed@bettyboop.com"), dict(id=4, user_id=8, email_address="ed@lala.com"),
                   dict(id=5, user_id=9, email_address="fred@fred.com")]),
    ("orders", [dict(id=i, user_id=u, description="order %d" % i) for i, u in [(1, 7), (2, 9), (3, 7), (4, 9), (5, 7)]]),
    ("items", [dict(id=i, description="item %d" % i) for i in range(1, 6)]),
    ("order_items", [dict(order_id=o, item_id=i) for o, i in
                     [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (3, 3), (3, 4), (3, 5), (4, 1), (4, 5), (5, 5)]]),
    ("nodes", NODE_ROWS),
    ("selectin_nodes", NODE_ROWS),
    ("depth_nodes", NODE_ROWS),
    ("joined_nodes", NODE_ROWS),
    ("cyc_a", [dict(id=1), dict(id=2)]),
    ("cyc_b", [dict(id=1), dict(id=2)]),
    ("cyc_ab", [dict(a_id=1, b_id=1), dict(a_id=1, b_id=2), dict(a_id=2, b_id=2)]),
    ("parents", [dict(a=1, b=1, data="p11"), dict(a=1, b=2, data="p12"), dict(a=2, b=1, data="p21")]),
    ("children", [dict(id=1, pa=1, pb=1, data="c1"), dict(id=2, pa=1, pb=1, data="c2"), dict(id=3, pa=1, pb=2, data="c3")]),
    ("docs", [dict(id=1, title="t1", body="b1", summary="s1"), dict(id=2, title="t2", body="b2", summary="s2")]),
    ("companies", [dict(id=1, name="c1"), dict(id=2, name="c2")]),
    ("people", [dict(id=1, company_id=1, type="engineer", name="dilbert"), dict(id=2, company_id=1, type="manager", name="dogbert"),
                dict(id=3, company_id=1, type="person", name="wally"), dict(id=4, company_id=2, type="engineer", name="vlad")]),
    ("engineers", [dict(id=1, primary_language="java"), dict(id=4, primary_language="cobol")]),
    ("managers", [dict(id=2, manager_name="boss")]),
    ("parent_items", [dict(pa=1, pb=1, item_id=1), dict(pa=1, pb=1, item_id=2), dict(pa=1, pb=2, item_id=3)]),
]

# the graph each scenario's roots are dumped with: {attribute: sub-spec}, None for a column
U = {"id": None, "name": None}
A = {"id": None, "user_id": None, "email_address": None}
I = {"id": None, "description": None}
O = {"id": None, "user_id": None, "description": None}
N = {"id": None, "parent_id": None, "data": None}
P = {"id": None, "company_id": None, "type": None, "name": None}
ENG = dict(P, primary_language=None)
MAN = dict(P, manager_name=None)

SCENARIOS = []
STATEMENTS = []  # the statements of the scenario running


# scenarios whose statements after the first come in no fixed order: SQLAlchemy runs the select-in loads of sibling
# relationships in the order of a set of the mapper's properties (hashed by identity), which differs between runs
UNORDERED = set()


def scenario(source, graph, unordered=False):
    def deco(fn):
        SCENARIOS.append((fn.__name__, source, graph, fn))
        if unordered:
            UNORDERED.add(fn.__name__)
        return fn
    return deco


def touch(objs, attr):
    for o in objs:
        getattr(o, attr)


def touch_raising(s, obj, path):
    """Reads the attributes of ``path`` ("user.orders") from ``obj``, noting when one raised (a raiseload)."""
    try:
        for attr in path.split("."):
            obj = getattr(obj, attr)
    except InvalidRequestError:
        s.info["raised"] = True


@scenario("test_selectin_relations.py::EagerTest::test_basic", dict(U, addresses=A))
def selectin_one_to_many(s):
    return s.scalars(select(User).options(selectinload(User.addresses)).order_by(User.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_many_to_one", dict(A, user=U))
def selectin_many_to_one(s):
    return s.scalars(select(Address).options(selectinload(Address.user)).order_by(Address.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_many_to_many", dict(O, items=I))
def selectin_many_to_many(s):
    return s.scalars(select(Order).options(selectinload(Order.items)).order_by(Order.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_many_to_many_plain", dict(O, items=I))
def selectin_many_to_many_filtered(s):
    return s.scalars(select(Order).options(selectinload(Order.items)).where(Order.id > 2).order_by(Order.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_double_w_ac", dict(U, orders=dict(O, items=I)))
def selectin_nested_chain(s):
    return s.scalars(select(User).options(selectinload(User.orders).selectinload(Order.items)).order_by(User.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_multiple", dict(U, addresses=A, orders=O), unordered=True)
def selectin_two_siblings(s):
    return s.scalars(select(User).options(selectinload(User.addresses), selectinload(User.orders)).order_by(User.id)).all()


@scenario("test_selectin_relations.py::SelfReferentialTest::test_basic", dict(N, children=dict(N, children=dict(N, children=N))))
def selectin_self_referential_depth(s):
    return s.scalars(select(Node).options(selectinload(Node.children).selectinload(Node.children).selectinload(Node.children))
                     .where(Node.parent_id.is_(None))).all()


@scenario("test_selectin_relations.py::CompositeKeyTest", {"a": None, "b": None, "data": None,
                                                           "children": {"id": None, "pa": None, "pb": None, "data": None}})
def selectin_composite_key(s):
    return s.scalars(select(Parent).options(selectinload(Parent.children)).order_by(Parent.a, Parent.b)).all()


@scenario("test_selectin_relations.py::EagerTest::test_limit", dict(U, addresses=A))
def selectin_parent_limit(s):
    return s.scalars(select(User).options(selectinload(User.addresses)).order_by(User.id).limit(2).offset(1)).all()


@scenario("test_selectin_relations.py::EagerTest::test_orderby (with_loader_criteria)", dict(U, addresses=A))
def selectin_loader_criteria(s):
    return s.scalars(select(User).options(selectinload(User.addresses),
                                          with_loader_criteria(Address, Address.email_address != "ed@lala.com"))
                     .order_by(User.id)).all()


@scenario("test_selectin_relations.py (relationship.and_)", dict(U, addresses=A))
def selectin_and_criteria(s):
    return s.scalars(select(User).options(selectinload(User.addresses.and_(Address.email_address.like("ed%"))))
                     .order_by(User.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_double_w_ac_against_subquery (joined then selectin)",
          dict(U, orders=dict(O, items=I)))
def joined_then_selectin(s):
    return s.scalars(select(User).options(joinedload(User.orders).selectinload(Order.items)).order_by(User.id)).unique().all()


@scenario("test_selectin_relations.py::LoadOnExistingTest (selectin then joined)", dict(U, orders=dict(O, items=I)))
def selectin_then_joined(s):
    return s.scalars(select(User).options(selectinload(User.orders).joinedload(Order.items)).order_by(User.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_no_empty_in", dict(U, addresses=A))
def selectin_no_parents(s):
    return s.scalars(select(User).options(selectinload(User.addresses)).where(User.id > 100)).all()


@scenario("test_selectin_relations.py::EagerTest::test_many_to_one_null (all parents empty)", dict(U, addresses=A))
def selectin_empty_collections(s):
    return s.scalars(select(User).options(selectinload(User.addresses)).where(User.id == 10)).all()


@scenario("test_lazy_relations.py::LazyTest::test_basic", dict(U, addresses=A))
def lazy_one_to_many(s):
    users = s.scalars(select(User).order_by(User.id)).all()
    touch(users, "addresses")
    return users


@scenario("test_lazy_relations.py::LazyTest::test_many_to_many", dict(O, items=I))
def lazy_many_to_many(s):
    orders = s.scalars(select(Order).where(Order.id < 3).order_by(Order.id)).all()
    touch(orders, "items")
    return orders


@scenario("test_lazy_relations.py::GetterStateTest / M2OGetTest::test_m2o_noload (target in the identity map)", dict(A, user=U))
def lazy_many_to_one_identity_map(s):
    users = s.scalars(select(User).order_by(User.id)).all()  # held: the identity map is weak
    addresses = s.scalars(select(Address).order_by(Address.id)).all()
    touch(addresses, "user")
    assert users
    return addresses


@scenario("test_lazy_relations.py::LazyTest::test_many_to_one", dict(A, user=U))
def lazy_many_to_one(s):
    addresses = s.scalars(select(Address).order_by(Address.id)).all()
    touch(addresses, "user")
    return addresses


@scenario("test_lazy_relations.py::LazyTest::test_uses_get (session.get twice)", U)
def get_from_identity_map(s):
    return [s.get(User, 7), s.get(User, 7)]


@scenario("test_lazy_relations.py::LazyTest::test_self_referential", dict(N, children=dict(N, children=N)))
def lazy_self_referential(s):
    root = s.scalars(select(Node).where(Node.id == 1)).one()
    for c in root.children:
        touch(c.children, "children")
    return [root]


@scenario("test_deferred.py::DeferredTest::test_basic", {"id": None, "title": None, "body": None, "summary": None})
def deferred_column_touch(s):
    docs = s.scalars(select(Doc).order_by(Doc.id)).all()
    touch(docs[:1], "body")
    return docs


@scenario("test_deferred.py::DeferredTest::test_undefer_group", {"id": None, "title": None, "body": None, "summary": None})
def undefer_group_option(s):
    return s.scalars(select(Doc).options(undefer_group("text")).order_by(Doc.id)).all()


@scenario("test_deferred.py::DeferredTest::test_undefer", {"id": None, "title": None, "body": None, "summary": None})
def undefer_one_column(s):
    docs = s.scalars(select(Doc).options(undefer(Doc.body)).order_by(Doc.id)).all()
    touch(docs[:1], "summary")
    return docs


@scenario("test_deferred.py::DeferredOptionsTest::test_load_only", {"id": None, "title": None})
def load_only_then_touch(s):
    docs = s.scalars(select(Doc).options(load_only(Doc.title)).order_by(Doc.id)).all()
    return docs


@scenario("test_deferred.py::DeferredOptionsTest::test_defer_option", {"id": None, "title": None})
def defer_option(s):
    docs = s.scalars(select(Doc).options(defer(Doc.title)).order_by(Doc.id)).all()
    touch(docs[1:], "title")
    return docs


@scenario("test_lazy_relations.py / test_selectin_relations.py::RaiseLoadTest", U)
def raiseload_collection(s):
    users = s.scalars(select(User).options(raiseload(User.addresses)).where(User.id == 7)).all()
    touch_raising(s, users[0], "addresses")
    return users


@scenario("test_selectin_relations.py::EagerTest::test_lazyload_wildcard (lazyload overriding)", dict(U, addresses=A))
def lazyload_option_touch(s):
    users = s.scalars(select(User).options(lazyload(User.addresses)).where(User.id == 8)).all()
    touch(users, "addresses")
    return users


@scenario("test_selectin_relations.py::M2OWDegradeTest (targets in the identity map)", dict(A, user=U))
def selectin_many_to_one_identity_map(s):
    users = s.scalars(select(User).where(User.id < 9).order_by(User.id)).all()
    addresses = s.scalars(select(Address).options(selectinload(Address.user)).order_by(Address.id)).all()
    assert users
    return addresses


@scenario("test_selectin_relations.py::SelfRefInheritanceAliasedTest (recursion_depth)", dict(N, children=dict(N, children=N)))
def selectin_recursion_depth(s):
    return s.scalars(select(Node).options(selectinload(Node.children, recursion_depth=2)).where(Node.id == 1)).all()


@scenario("test_selectin_relations.py::EagerTest::test_many_to_one (joined many-to-one, select-in collection)",
          dict(A, user=dict(U, orders=O)))
def joined_many_to_one_then_selectin(s):
    return s.scalars(select(Address).options(joinedload(Address.user).selectinload(User.orders)).order_by(Address.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_nested_loading (selectin, then lazy below)", dict(U, orders=dict(O, items=I)))
def selectin_then_lazy(s):
    users = s.scalars(select(User).options(selectinload(User.orders)).where(User.id == 7)).all()
    touch(users[0].orders, "items")
    return users


@scenario("test_lazy_relations.py::LazyTest::test_raiseload (many-to-one)", A)
def raiseload_many_to_one(s):
    addresses = s.scalars(select(Address).options(raiseload(Address.user)).where(Address.id == 1)).all()
    touch_raising(s, addresses[0], "user")
    return addresses


@scenario("test_lazy_relations.py::LazyTest::test_noload", dict(U, addresses=A))
def noload_collection(s):
    from sqlalchemy.orm import noload
    users = s.scalars(select(User).options(noload(User.addresses)).where(User.id == 8)).all()
    touch(users, "addresses")
    return users


@scenario("test_lazy_relations.py (lazy load with loader criteria)", dict(U, addresses=A))
def lazy_with_loader_criteria(s):
    users = s.scalars(select(User).options(with_loader_criteria(Address, Address.email_address != "ed@lala.com"))
                      .where(User.id == 8)).all()
    touch(users, "addresses")
    return users


@scenario("test_selectin_relations.py (many users, chunked IN lists)", dict(U, addresses=A))
def selectin_large_parent_set(s):
    s.add_all([User(id=100 + i, name="u%d" % i) for i in range(1, 601)])
    s.commit()  # expires them: their collections load with the query
    s.info["first"] = len(STATEMENTS)
    return s.scalars(select(User).options(selectinload(User.addresses)).where(User.id > 100).order_by(User.id)).all()


@scenario("test_deferred.py::DeferredTest::test_raiseload (defer with raiseload)", {"id": None, "title": None})
def deferred_raiseload(s):
    docs = s.scalars(select(Doc).options(defer(Doc.body, raiseload=True)).where(Doc.id == 1)).all()
    touch_raising(s, docs[0], "body")
    return docs


@scenario("test_deferred.py::DeferredTest::test_group (selectinload with a deferred column)", dict(U, addresses=A))
def selectin_with_load_only(s):
    return s.scalars(select(User).options(selectinload(User.addresses).load_only(Address.email_address)).order_by(User.id)).all()


POLY = {"id": None, "company_id": None, "type": None, "name": None, "primary_language": None, "manager_name": None}


@scenario("inheritance/test_poly_loading.py::BaseAndSubFixture (selectin_polymorphic)", POLY)
def selectin_polymorphic_option(s):
    return s.scalars(select(Person).options(selectin_polymorphic(Person, [Engineer, Manager])).order_by(Person.id)).all()


@scenario("inheritance/test_poly_loading.py::LoaderOptionsTest (subclass query)", ENG)
def joined_subclass_query(s):
    return s.scalars(select(Engineer).order_by(Engineer.id)).all()


@scenario("inheritance/test_poly_loading.py::TestGeometries (selectinload to a polymorphic collection)",
          {"id": None, "name": None, "employees": POLY})
def selectin_to_polymorphic_collection(s):
    return s.scalars(select(Company).options(selectinload(Company.employees).selectin_polymorphic([Engineer, Manager]))
                     .order_by(Company.id)).all()


@scenario("inheritance/test_poly_loading.py::SubclassRelationshipTest (selectinload from a joined-table subclass)",
          dict(ENG))
def subclass_columns_after_base_query(s):
    people = s.scalars(select(Person).order_by(Person.id)).all()
    touch([p for p in people if isinstance(p, Engineer)], "primary_language")
    return [p for p in people if isinstance(p, Engineer)]


PAR = {"a": None, "b": None, "data": None}


@scenario("test_selectin_relations.py::CompositeKeyTest (many-to-many over a composite association key)", dict(PAR, items=I))
def selectin_many_to_many_composite(s):
    return s.scalars(select(Parent).options(selectinload(Parent.items)).order_by(Parent.a, Parent.b)).all()


@scenario("test_lazy_relations.py (many-to-many over a composite association key)", dict(PAR, items=I))
def lazy_many_to_many_composite(s):
    parents = s.scalars(select(Parent).order_by(Parent.a, Parent.b)).all()
    touch(parents, "items")
    return parents


@scenario("test_lazy_relations.py (one-to-many over a composite foreign key)",
          dict(PAR, children={"id": None, "pa": None, "pb": None, "data": None}))
def lazy_composite_key(s):
    parents = s.scalars(select(Parent).order_by(Parent.a, Parent.b)).all()
    touch(parents, "children")
    return parents


@scenario("test_eager_relations.py::EagerTest::test_basic", dict(U, addresses=A))
def joined_one_to_many(s):
    return s.scalars(select(User).options(joinedload(User.addresses)).order_by(User.id)).unique().all()


@scenario("test_eager_relations.py::EagerTest::test_many_to_many", dict(O, items=I))
def joined_many_to_many(s):
    return s.scalars(select(Order).options(joinedload(Order.items)).order_by(Order.id)).unique().all()


@scenario("test_eager_relations.py::EagerTest::test_double (joined chain)", dict(U, orders=dict(O, items=I)))
def joined_nested_chain(s):
    return s.scalars(select(User).options(joinedload(User.orders).joinedload(Order.items)).order_by(User.id)).unique().all()


@scenario("test_eager_relations.py::EagerTest::test_many_to_one", dict(A, user=U))
def joined_many_to_one(s):
    return s.scalars(select(Address).options(joinedload(Address.user)).order_by(Address.id)).unique().all()


@scenario("test_eager_relations.py::EagerTest::test_limit_3 (joined collection below a LIMIT)", dict(U, addresses=A))
def joined_with_limit(s):
    return s.scalars(select(User).options(joinedload(User.addresses)).order_by(User.id).limit(2).offset(1)).unique().all()


@scenario("test_eager_relations.py::EagerTest::test_useget_cancels_eager (joined load, composite key)",
          dict(PAR, children={"id": None, "pa": None, "pb": None, "data": None}))
def joined_composite_key(s):
    return s.scalars(select(Parent).options(joinedload(Parent.children)).order_by(Parent.a, Parent.b)).unique().all()


@scenario("test_selectin_relations.py::EagerTest::test_many_to_one (selectin below selectin)", dict(U, addresses=dict(A, user=U)))
def selectin_back_to_parent(s):
    return s.scalars(select(User).options(selectinload(User.addresses).selectinload(Address.user)).order_by(User.id)).all()


@scenario("inheritance/test_poly_loading.py::BaseAndSubFixture (selectin_polymorphic, one subclass)", POLY)
def selectin_polymorphic_one_subclass(s):
    return s.scalars(select(Person).options(selectin_polymorphic(Person, [Engineer])).order_by(Person.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_many_to_one (selectin many-to-one, then a collection)",
          dict(A, user=dict(U, orders=O)))
def selectin_many_to_one_then_collection(s):
    return s.scalars(select(Address).options(selectinload(Address.user).selectinload(User.orders)).order_by(Address.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_many_to_one (selectin many-to-one, then a joined collection)",
          dict(A, user=dict(U, orders=O)))
def selectin_many_to_one_then_joined(s):
    return s.scalars(select(Address).options(selectinload(Address.user).joinedload(User.orders)).order_by(Address.id)).all()


@scenario("test_selectin_relations.py::M2OWDegradeTest (targets in the identity map, then a collection)",
          dict(A, user=dict(U, orders=O)))
def selectin_many_to_one_identity_map_then_collection(s):
    users = s.scalars(select(User).where(User.id < 9).order_by(User.id)).all()
    addresses = s.scalars(select(Address).options(selectinload(Address.user).selectinload(User.orders)).order_by(Address.id)).all()
    assert users
    return addresses



@scenario("test_selectin_relations.py (relationship.and_ on a select-in many-to-one)", dict(A, user=U))
def selectin_many_to_one_and_criteria(s):
    return s.scalars(select(Address).options(selectinload(Address.user.and_(User.name != "ed"))).order_by(Address.id)).all()


@scenario("test_selectin_relations.py (with_loader_criteria on a select-in many-to-one)", dict(A, user=U))
def selectin_many_to_one_loader_criteria(s):
    return s.scalars(select(Address).options(selectinload(Address.user), with_loader_criteria(User, User.name != "ed"))
                     .order_by(Address.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_lazyload_wildcard (selectinload('*') reaching a many-to-one)", dict(A, user=U))
def selectin_wildcard_many_to_one(s):
    return s.scalars(select(Address).options(selectinload("*")).order_by(Address.id)).all()


@scenario("test_selectin_relations.py (select-in many-to-one, then selectinload('*'))",
          dict(A, user=dict(U, addresses=A, orders=O)), unordered=True)
def selectin_many_to_one_then_wildcard(s):
    return s.scalars(select(Address).options(selectinload(Address.user).selectinload("*")).where(Address.id < 3)
                     .order_by(Address.id)).all()


@scenario("test_selectin_relations.py::RaiseLoadTest (select-in many-to-one, then raiseload('*'))", dict(A, user=U))
def selectin_many_to_one_then_raiseload_wildcard(s):
    addresses = s.scalars(select(Address).options(selectinload(Address.user).raiseload("*")).where(Address.id == 1)).all()
    touch_raising(s, addresses[0], "user.orders")
    return addresses


@scenario("test_selectin_relations.py (select-in many-to-one, then lazyload('*') touched)", dict(A, user=dict(U, orders=O)))
def selectin_many_to_one_then_lazyload_wildcard(s):
    addresses = s.scalars(select(Address).options(selectinload(Address.user).lazyload("*")).where(Address.id == 1)).all()
    touch([addresses[0].user], "orders")
    return addresses


@scenario("test_selectin_relations.py::EagerTest::test_many_to_many_with_join", dict(O, items=I))
def selectin_many_to_many_with_join(s):
    return s.scalars(select(Order).join(Order.items).options(selectinload(Order.items)).where(Item.id == 3)
                     .order_by(Order.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_from_aliased_w_cache_one", dict(U, addresses=A))
def selectin_from_aliased(s):
    from sqlalchemy.orm import aliased
    ua = aliased(User)
    return s.scalars(select(ua).options(selectinload(ua.addresses)).order_by(ua.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_from_get", dict(U, addresses=A))
def selectin_from_get(s):
    return [s.get(User, 7, options=[selectinload(User.addresses)])]


@scenario("test_selectin_relations.py::EagerTest::test_double_same_mappers", dict(U, addresses=A, orders=dict(O, items=I)), unordered=True)
def selectin_double_same_mappers(s):
    return s.scalars(select(User).options(selectinload(User.addresses), selectinload(User.orders).selectinload(Order.items))
                     .where(User.id.in_([7, 8])).order_by(User.id)).all()


@scenario("test_selectin_relations.py::EagerTest::test_populate_existing_propagate", dict(U, addresses=A))
def selectin_populate_existing(s):
    s.scalars(select(User).options(selectinload(User.addresses)).where(User.id == 8)).all()
    return s.scalars(select(User).options(selectinload(User.addresses)).execution_options(populate_existing=True)
                     .where(User.id == 8)).all()


@scenario("test_selectin_relations.py::EagerTest::test_options_pathing (defaultload then selectinload)", dict(U, orders=dict(O, items=I)))
def defaultload_then_selectin(s):
    from sqlalchemy.orm import defaultload
    users = s.scalars(select(User).options(defaultload(User.orders).selectinload(Order.items)).where(User.id == 7)).all()
    touch(users, "orders")
    return users


@scenario("inheritance/test_poly_loading.py::LoaderOptionsTest (selectinload to a polymorphic collection, no option)",
          {"id": None, "name": None, "employees": POLY})
def selectin_to_polymorphic_collection_plain(s):
    return s.scalars(select(Company).options(selectinload(Company.employees)).order_by(Company.id)).all()


@scenario("inheritance/test_poly_loading.py::BaseAndSubFixture (selectin_polymorphic with a filtered base query)", POLY)
def selectin_polymorphic_filtered(s):
    return s.scalars(select(Person).options(selectin_polymorphic(Person, [Engineer, Manager])).where(Person.company_id == 1)
                     .order_by(Person.id)).all()



@scenario("test_selectin_relations.py::EagerTest::test_limit (first())", dict(U, addresses=A))
def selectin_first(s):
    return [s.scalars(select(User).options(selectinload(User.addresses)).order_by(User.id.desc()).limit(1)).first()]


@scenario("test_selectin_relations.py::EagerTest::test_double_w_ac (filtered by an IN list)", dict(U, orders=dict(O, items=I)))
def selectin_nested_chain_in_list(s):
    return s.scalars(select(User).options(selectinload(User.orders).selectinload(Order.items)).where(User.id.in_([7, 9]))
                     .order_by(User.id)).all()


@scenario("test_selectin_relations.py::RaiseLoadTest (selectinload with raiseload('*'))", dict(U, addresses=A))
def selectin_with_raiseload_wildcard(s):
    users = s.scalars(select(User).options(selectinload(User.addresses), raiseload("*")).where(User.id == 8)).all()
    touch_raising(s, users[0], "orders")
    return users


@scenario("test_selectin_relations.py::EagerTest::test_lazyload_wildcard (selectinload with lazyload('*'), touched)",
          dict(U, orders=dict(O, items=I)))
def selectin_with_lazyload_wildcard(s):
    users = s.scalars(select(User).options(selectinload(User.orders), lazyload("*")).where(User.id == 7)).all()
    touch(users[0].orders, "items")
    return users


@scenario("test_eager_relations.py (joinedload('*'))", dict(O, items=I))
def joined_wildcard(s):
    return s.scalars(select(Order).options(joinedload("*")).where(Order.id < 3).order_by(Order.id)).unique().all()


@scenario("test_selectin_relations.py::EagerTest::test_many_to_one (select-in many-to-one with an IN filter on the parents)",
          dict(A, user=U))
def selectin_many_to_one_filtered(s):
    return s.scalars(select(Address).options(selectinload(Address.user)).where(Address.id.in_([2, 5])).order_by(Address.id)).all()


@scenario("inheritance/test_poly_loading.py (query of one joined-table subclass)", MAN)
def joined_subclass_manager_query(s):
    return s.scalars(select(Manager).order_by(Manager.id)).all()


@scenario("inheritance/test_poly_loading.py (with_polymorphic '*')", POLY)
def with_polymorphic_all(s):
    from sqlalchemy.orm import with_polymorphic
    pa = with_polymorphic(Person, "*")
    return s.scalars(select(pa).order_by(pa.id)).all()


@scenario("inheritance/test_poly_loading.py::TestGeometries (selectinload of_type(Engineer))", {"id": None, "name": None, "employees": POLY})
def selectin_of_type_subclass(s):
    return s.scalars(select(Company).options(selectinload(Company.employees.of_type(Engineer))).order_by(Company.id)).all()


@scenario("inheritance/test_poly_loading.py (selectin_polymorphic after a filter on the subclass's column)", POLY)
def selectin_polymorphic_subclass_filter(s):
    return s.scalars(select(Person).options(selectin_polymorphic(Person, [Engineer, Manager])).where(Person.name != "wally")
                     .order_by(Person.id)).all()


NK = {"id": None, "parent_id": None}  # a node without its data column (deferred by some scenarios)


@scenario("test_eager_relations.py (joinedload then selectinload, self-referential: the select-in applies at the second level only)",
          dict(N, children=dict(N, children=N)))
def joined_then_selectin_self_referential(s):
    return s.scalars(select(Node).options(joinedload(Node.children).selectinload(Node.children)).where(Node.id == 1)).unique().all()


@scenario("test_eager_relations.py (joinedload then raiseload, self-referential: the raise applies below the joined level only)",
          dict(N, children=N))
def joined_then_raiseload_self_referential(s):
    nodes = s.scalars(select(Node).options(joinedload(Node.children).raiseload(Node.children)).where(Node.id == 1)).unique().all()
    touch_raising(s, nodes[0].children[0], "children")
    return nodes


@scenario("test_eager_relations.py (joinedload then lazyload, self-referential: the lazy load applies below the joined level)",
          dict(N, children=dict(N, children=N)))
def joined_then_lazyload_self_referential(s):
    nodes = s.scalars(select(Node).options(joinedload(Node.children).lazyload(Node.children)).where(Node.id == 1)).unique().all()
    touch(nodes[0].children, "children")
    return nodes


@scenario("test_deferred.py (joinedload then defer, self-referential: the children's data deferred, the root's not)",
          dict(N, children=NK))
def joined_then_defer_self_referential(s):
    return s.scalars(select(Node).options(joinedload(Node.children).defer(Node.data)).where(Node.id == 1)).unique().all()


@scenario("test_deferred.py (two joined levels then defer, self-referential: only the third level's data deferred)",
          dict(N, children=dict(N, children=NK)))
def joined_twice_then_defer_self_referential(s):
    return s.scalars(select(Node).options(joinedload(Node.children).joinedload(Node.children).defer(Node.data))
                     .where(Node.id == 1)).unique().all()


@scenario("test_deferred.py (joinedload then load_only, self-referential)", dict(N, children=NK))
def joined_then_load_only_self_referential(s):
    return s.scalars(select(Node).options(joinedload(Node.children).load_only(Node.parent_id)).where(Node.id == 1)).unique().all()


@scenario("test_eager_relations.py (joinedload then raiseload, two levels)", dict(U, orders=O))
def joined_then_raiseload(s):
    users = s.scalars(select(User).options(joinedload(User.orders).raiseload(Order.items)).where(User.id == 7)).unique().all()
    touch_raising(s, users[0].orders[0], "items")
    return users


@scenario("test_eager_relations.py (joinedload then lazyload, two levels, touched)", dict(U, orders=dict(O, items=I)))
def joined_then_lazyload(s):
    users = s.scalars(select(User).options(joinedload(User.orders).lazyload(Order.items)).where(User.id == 7)).unique().all()
    touch(users[0].orders, "items")
    return users


@scenario("test_deferred.py (joinedload then defer, two levels)", dict(U, orders={"id": None, "user_id": None}))
def joined_then_defer(s):
    return s.scalars(select(User).options(joinedload(User.orders).defer(Order.description)).order_by(User.id)).unique().all()


@scenario("test_deferred.py (joinedload, joinedload then defer of the second level, two levels)",
          dict(U, orders=dict(O, items={"id": None})))
def joined_twice_then_defer(s):
    return s.scalars(select(User).options(joinedload(User.orders).joinedload(Order.items).defer(Item.description))
                     .where(User.id == 7)).unique().all()


@scenario("test_deferred.py (defer at the root, joinedload of the children: the children's data selected)",
          {"id": None, "parent_id": None, "children": N})
def defer_root_joined_children_self_referential(s):
    return s.scalars(select(Node).options(joinedload(Node.children), defer(Node.data)).where(Node.id == 1)).unique().all()


@scenario("test_deferred.py (joinedload, selectinload then defer, self-referential: the select-in level's data deferred)",
          dict(N, children=dict(N, children=NK)))
def joined_selectin_then_defer_self_referential(s):
    return s.scalars(select(Node).options(joinedload(Node.children).selectinload(Node.children).defer(Node.data))
                     .where(Node.id == 1)).unique().all()


@scenario("test_deferred.py (joinedload, selectinload then defer, two levels)", dict(U, orders=dict(O, items={"id": None})))
def joined_selectin_then_defer(s):
    return s.scalars(select(User).options(joinedload(User.orders).selectinload(Order.items).defer(Item.description))
                     .where(User.id == 7)).unique().all()


@scenario("test_deferred.py (joinedload then defer('*'), self-referential)", dict(N, children={"id": None}))
def joined_then_defer_wildcard_self_referential(s):
    return s.scalars(select(Node).options(joinedload(Node.children).defer("*")).where(Node.id == 1)).unique().all()


@scenario("test_eager_relations.py (joinedload then raiseload('*'), self-referential)", dict(N, children=N))
def joined_then_raiseload_wildcard_self_referential(s):
    nodes = s.scalars(select(Node).options(joinedload(Node.children).raiseload("*")).where(Node.id == 1)).unique().all()
    touch_raising(s, nodes[0].children[0], "children")
    return nodes


@scenario("test_eager_relations.py (joined many-to-one, then joined back to the collection)", dict(A, user=dict(U, addresses=A)))
def joined_many_to_one_then_joined_back(s):
    return s.scalars(select(Address).options(joinedload(Address.user).joinedload(User.addresses)).where(Address.id == 2)).unique().all()


DEEP = dict(N, children=dict(N, children=dict(N, children=dict(N, children=N))))


@scenario("test_selectin_relations.py::SelfReferentialTest (lazy='selectin' without join_depth: the recursion check loads no level)", DEEP)
def selectin_mapped_self_referential(s):
    return s.scalars(select(SelectinNode).where(SelectinNode.id == 1)).all()


@scenario("test_selectin_relations.py::SelfReferentialTest (selectinload of a lazy='selectin' relationship: one level, then the check)", DEEP)
def selectin_option_of_mapped_selectin_self_referential(s):
    return s.scalars(select(SelectinNode).options(selectinload(SelectinNode.children)).where(SelectinNode.id == 1)).all()


@scenario("test_selectin_relations.py::SelfReferentialTest::test_no_depth (lazy='selectin', join_depth=2)", DEEP)
def selectin_mapped_join_depth(s):
    return s.scalars(select(DepthNode).where(DepthNode.id == 1)).all()


@scenario("test_selectin_relations.py::SelfReferentialTest (selectinload of a join_depth=2 relationship)", DEEP)
def selectin_option_of_mapped_join_depth(s):
    return s.scalars(select(DepthNode).options(selectinload(DepthNode.children)).where(DepthNode.id == 1)).all()


@scenario("test_selectin_relations.py::SelfReferentialTest (joinedload then selectinload of a join_depth=2 relationship)", DEEP)
def joined_then_selectin_of_mapped_join_depth(s):
    return s.scalars(select(DepthNode).options(joinedload(DepthNode.children).selectinload(DepthNode.children))
                     .where(DepthNode.id == 1)).unique().all()


@scenario("test_eager_relations.py::SelfReferentialEagerTest::test_basic (lazy='joined', join_depth=2)", DEEP)
def joined_mapped_join_depth(s):
    return s.scalars(select(JoinedNode).where(JoinedNode.id == 1)).unique().all()


@scenario("test_selectin_relations.py::SelfReferentialTest (recursion_depth=-1: every level)", DEEP)
def selectin_unlimited_recursion(s):
    return s.scalars(select(Node).options(selectinload(Node.children, recursion_depth=-1)).where(Node.id == 1)).all()


@scenario("test_selectin_relations.py (a many-to-many select-in both ways by the mapping: the recursion check stops at the class on the path)",
          {"id": None, "bs": {"id": None, "a_list": {"id": None}}})
def selectin_mapped_cycle(s):
    return s.scalars(select(CycA).order_by(CycA.id)).all()


def dump(obj, spec):
    out = {}
    for key, sub in spec.items():
        if not hasattr(type(obj), key) and key not in obj.__dict__:
            continue  # a polymorphic row's subclass column
        value = getattr(obj, key)
        if sub is None:
            out[key] = value
        elif isinstance(value, list):
            out[key] = [dump(v, sub) for v in value]
        else:
            out[key] = None if value is None else dump(value, sub)
    return out


def run(fn, graph):
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        for table, rows in ROWS:
            conn.execute(Base.metadata.tables[table].insert(), rows)
    statements = STATEMENTS
    statements.clear()

    @event.listens_for(engine, "before_cursor_execute")
    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append([one_line(statement), list(parameters)])

    with Session(engine) as s:
        roots = fn(s)
        # the graph walk may load what the scenario left unloaded: those statements are not the scenario's
        recorded = statements[s.info["first"]:] if "first" in s.info else statements
        result = {"statements": list(recorded), "graph": [dump(r, graph) for r in roots]}
        if s.info.get("raised"):
            result["raised"] = True
    engine.dispose()
    return result


if __name__ == "__main__":
    with open(resource("loader-sql.jsonl"), "w") as f:
        f.write(json.dumps({"fixture": ROWS}) + "\n")
        for name, source, graph, fn in SCENARIOS:
            r = run(fn, graph)
            line = {"name": name, "source": source, "statements": r["statements"]}
            if r.get("raised"):
                line["raised"] = True
            if name in UNORDERED:
                line["unordered"] = True
            line["graph"] = r["graph"]
            f.write(json.dumps(line) + "\n")
    print(len(SCENARIOS), "scenarios")
