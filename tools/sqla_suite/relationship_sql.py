"""Expected SQL of the ORM relationship operators any(), has() and contains(), and of joined eager
loads with DISTINCT and LIMIT.

Writes retort-core/src/test/resources/sqla-suite/relationship-sql.tsv (name, SQL) from
SQLAlchemy 2.1.1 for the mapping RelationshipSqlTest declares with Retort:
users(id, name) -< addresses(id, user_id, email) (User.addresses one-to-many, backref
Address.user many-to-one), orders(id, user_id, description) >-< items(id, description) through
order_items(order_id, item_id) (Order.items many-to-many, backref Item.orders),
employees(id, user_id, type, name) with single-table subclass Engineer and joined-table subclass
Manager (managers(id, level)); User.engineers, User.managers, Engineer.user.

Also writes dynamic-sql.tsv (name, SQL) for DynamicSqlTest: the statements of dynamic and write-only collections that
read an association table (test_dynamic.py's DynamicTest / WriteOnlyTest cases), each upstream test's own mapping.

    PYTHONPATH=/tmp/sapkg python3 tools/sqla_suite/relationship_sql.py
"""
from orm_fixture import one_line, resource, users_orders
from sqlalchemy import Column, ForeignKey, Integer, String, and_, not_, select
from sqlalchemy.orm import aliased, declarative_base, joinedload, relationship

Base = declarative_base()

m = users_orders(Base, email="email", ordered=False, items_backref="orders", user_orders=False)
User, Address, Order, Item = m.User, m.Address, m.Order, m.Item


class Employee(Base):
    __tablename__ = "employees"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"))
    type = Column(String(20))
    name = Column(String(40))
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "employee"}


class Engineer(Employee):
    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Manager(Employee):
    __tablename__ = "managers"
    id = Column(Integer, ForeignKey("employees.id"), primary_key=True)
    level = Column(Integer)
    __mapper_args__ = {"polymorphic_identity": "manager"}


User.engineers = relationship(Engineer, viewonly=True)
User.managers = relationship(Manager, viewonly=True)
Engineer.user = relationship(User, viewonly=True)


address5 = Address(id=5, user_id=7, email="a")
item3 = Item(id=3, description="i")
u = aliased(User)

CASES = {
    "one_to_many_any": User.addresses.any(),
    "one_to_many_any_criterion": User.addresses.any(Address.email == "x"),
    "one_to_many_any_two_criteria": User.addresses.any(and_(Address.email == "x", Address.id > 2)),
    "one_to_many_any_in_select": select(User.id).where(User.addresses.any(Address.email == "x")),
    "one_to_many_not_any_in_select": select(User.id).where(not_(User.addresses.any())),
    "one_to_many_any_aliased": u.addresses.any(Address.email == "x"),
    "one_to_many_contains": User.addresses.contains(address5),
    "one_to_many_contains_in_select": select(User.id).where(User.addresses.contains(address5)),
    "many_to_one_has": Address.user.has(),
    "many_to_one_has_criterion": Address.user.has(User.name == "ed"),
    "many_to_one_has_in_select": select(Address.id).where(Address.user.has(User.name == "ed")),
    "many_to_one_has_nested_any": select(Address.id).where(
        Address.user.has(User.addresses.any(Address.email == "x"))),
    "one_to_many_any_correlated_criterion": select(User.id).where(User.addresses.any(Address.email == User.name)),
    "one_to_many_any_aliased_in_select": select(u.id).where(u.addresses.any()),
    "one_to_many_any_single_table_target": select(User.id).where(User.engineers.any(Engineer.name == "e")),
    "one_to_many_any_joined_table_target": select(User.id).where(User.managers.any(Manager.level > 1)),
    "many_to_one_has_from_single_table_subclass": select(Engineer.id).where(Engineer.user.has(User.name == "ed")),
    "many_to_many_any": Order.items.any(),
    "many_to_many_any_criterion": Order.items.any(Item.description == "d"),
    "many_to_many_any_in_select": select(Order.id).where(Order.items.any(Item.description == "d")),
    "many_to_many_backref_any": Item.orders.any(Order.description == "o"),
    "many_to_many_contains": Order.items.contains(item3),
    "many_to_many_any_aliased": aliased(Order).items.any(),
    "many_to_many_contains_in_select": select(Order.id).where(Order.items.contains(item3)),
    # a DISTINCT query with joined eager loads is nested, so that DISTINCT (and LIMIT) apply to the entities' rows
    "joined_eager_collection_distinct_limit": select(User).options(joinedload(User.addresses)).distinct().limit(5),
    "joined_eager_collection_distinct": select(User).options(joinedload(User.addresses)).distinct(),
    "joined_eager_many_to_one_distinct_limit": select(Address).options(joinedload(Address.user)).distinct().limit(5),
    "joined_eager_collection_limit": select(User).options(joinedload(User.addresses)).limit(5),
    "joined_eager_many_to_one_limit": select(Address).options(joinedload(Address.user)).limit(5),
}

with open(resource("relationship-sql.tsv"), "w") as f:
    for name, stmt in CASES.items():
        f.write(name + "\t" + one_line(str(stmt.compile(compile_kwargs={"render_postcompile": True}))) + "\n")


# ---- dynamic and write-only collections (test_dynamic.py's DynamicTest / WriteOnlyTest cases the compiler-test port
# cannot carry: their statements select from the association table): dynamic-sql.tsv, for DynamicSqlTest.
# Each upstream test maps its own classes, so each case has its own declarative base; the parent is made
# persistent without a database (make_transient_to_detached, then added), as test_secondary_as_join_complex_entity does.
from sqlalchemy import Table, join  # noqa: E402
from sqlalchemy.orm import Session, make_transient_to_detached  # noqa: E402


def _persistent(obj):
    make_transient_to_detached(obj)
    Session().add(obj)
    return obj


def _order_items(lazy, **kw):
    """Order.items over order_items (``lazy`` dynamic or write_only), Item.item_keywords to ItemKeyword."""
    base = declarative_base()
    orders = Table("orders", base.metadata, Column("id", Integer, primary_key=True), Column("user_id", Integer, ForeignKey("users.id")),
                   Column("description", String(30)))
    Table("users", base.metadata, Column("id", Integer, primary_key=True), Column("name", String(30)))
    items = Table("items", base.metadata, Column("id", Integer, primary_key=True), Column("description", String(30)))
    order_items = Table("order_items", base.metadata, Column("item_id", Integer, ForeignKey("items.id")),
                        Column("order_id", Integer, ForeignKey("orders.id")))
    item_keywords = Table("item_keywords", base.metadata, Column("item_id", Integer, ForeignKey("items.id")),
                          Column("keyword_id", Integer))

    class ItemKeyword(base):
        __table__ = item_keywords
        __mapper_args__ = {"primary_key": [item_keywords.c.item_id, item_keywords.c.keyword_id]}

    class Item(base):
        __table__ = items
        item_keywords = relationship(ItemKeyword)

    class Order(base):
        __table__ = orders
        items = relationship(Item, secondary=order_items, lazy=lazy,
                             **({"order_by": order_items.c.item_id} if kw.get("ordered") else {}))

    class User(base):
        """test_secondary_as_join's User.items: a join of two tables as the secondary."""
        __table__ = base.metadata.tables["users"]
        items = relationship(Item, secondary=order_items.join(orders), lazy=lazy, viewonly=True)

    return Order, Item, ItemKeyword, order_items, User


def _grand_children(lazy):
    """test_secondary_as_join_complex_entity's GrandParent.grand_children through the parent table to a polymorphic Child."""
    base = declarative_base()

    class GrandParent(base):
        __tablename__ = "grandparent"
        id = Column(Integer, primary_key=True)
        grand_children = relationship("Child", secondary="parent", lazy=lazy, viewonly=True)

    class Parent(base):
        __tablename__ = "parent"
        id = Column(Integer, primary_key=True)
        grand_parent_id = Column(Integer, ForeignKey("grandparent.id"), nullable=False)

    class Child(base):
        __tablename__ = "child"
        id = Column(Integer, primary_key=True)
        type = Column(String)
        parent_id = Column(Integer, ForeignKey("parent.id"), nullable=False)
        __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "unknown", "with_polymorphic": "*"}

    class SubChild(Child):
        __tablename__ = "subchild"
        id = Column(Integer, ForeignKey("child.id"), primary_key=True)
        __mapper_args__ = {"polymorphic_identity": "sub"}

    return _persistent(GrandParent(id=1))


def _dynamic_cases():
    cases = {}
    Order, Item, ItemKeyword, order_items, User = _order_items("dynamic", ordered=True)
    o = _persistent(Order(id=1))
    cases["dynamic_association_nonaliased"] = o.items
    cases["dynamic_association_filter_on_secondary"] = o.items.filter(order_items.c.item_id == 2)
    Order, Item, ItemKeyword, order_items, User = _order_items("dynamic")
    cases["dynamic_secondary_join_to_fromlist"] = _persistent(Order(id=1)).items.join(ItemKeyword)
    cases["dynamic_secondary_as_join"] = _persistent(User(id=7)).items
    Order, Item, ItemKeyword, order_items, User = _order_items("write_only")
    cases["write_only_secondary_join_to_fromlist"] = _persistent(Order(id=1)).items.select().join(ItemKeyword)
    cases["write_only_secondary_as_join"] = _persistent(User(id=7)).items.select()
    cases["dynamic_secondary_complex_entity"] = _grand_children("dynamic").grand_children.filter_by(id=1)
    cases["write_only_secondary_complex_entity"] = _grand_children("write_only").grand_children.select().filter_by(id=1)
    return cases


with open(resource("dynamic-sql.tsv"), "w") as f:
    for name, stmt in _dynamic_cases().items():
        f.write(name + "\t" + one_line(str(stmt)) + "\n")
