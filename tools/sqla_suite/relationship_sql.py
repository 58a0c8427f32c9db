"""Expected SQL of the ORM relationship operators any(), has() and contains(), and of joined eager
loads with DISTINCT and LIMIT.

Writes retort-core/src/test/resources/sqla-suite/relationship-sql.tsv (name, SQL) from
SQLAlchemy 2.1.1 for the mapping RelationshipSqlTest declares with Retort:
users(id, name) -< addresses(id, user_id, email) (User.addresses one-to-many, backref
Address.user many-to-one), orders(id, user_id, description) >-< items(id, description) through
order_items(order_id, item_id) (Order.items many-to-many, backref Item.orders),
employees(id, user_id, type, name) with single-table subclass Engineer and joined-table subclass
Manager (managers(id, level)); User.engineers, User.managers, Engineer.user.

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
