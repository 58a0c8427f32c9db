"""What the ORM SQL scripts (loader_sql.py, relationship_sql.py) share: the users / addresses / orders / items
mapping of SQLAlchemy's test/orm/_fixtures.py, in the variants they use, and how they write their outputs.

    from orm_fixture import users_orders, resource, one_line
    m = users_orders(declarative_base(), email="email", ordered=False, items_backref="orders", user_orders=False)
    m.User, m.Address, m.Order, m.Item, m.order_items
"""
import os
import re
from types import SimpleNamespace

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import relationship


def users_orders(Base, email="email_address", ordered=True, items_backref=None, user_orders=True):
    """users(id, name) -< addresses(id, user_id, <email>) (User.addresses, backref Address.user),
    orders(id, user_id, description) >-< items(id, description) through order_items (Order.items);
    ``ordered``: the collections load ordered by their targets' ids; ``items_backref``: the name of Item's
    backref of Order.items (None: none); ``user_orders``: User.orders too."""
    def by(key):
        return key if ordered else False

    order_items = Table(
        "order_items", Base.metadata,
        Column("order_id", Integer, ForeignKey("orders.id"), primary_key=True),
        Column("item_id", Integer, ForeignKey("items.id"), primary_key=True),
    )

    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        name = Column(String(30))
        addresses = relationship("Address", backref="user", order_by=by("Address.id"))
        if user_orders:
            orders = relationship("Order", order_by=by("Order.id"))

    # the e-mail column's attribute is named by the caller (the Java side of each script names it so)
    Address = type("Address", (Base,), {
        "__tablename__": "addresses",
        "id": Column(Integer, primary_key=True),
        "user_id": Column(Integer, ForeignKey("users.id")),
        email: Column(String(50)),
    })

    class Order(Base):
        __tablename__ = "orders"
        id = Column(Integer, primary_key=True)
        user_id = Column(Integer, ForeignKey("users.id"))
        description = Column(String(30))
        items = relationship("Item", secondary=order_items, order_by=by("Item.id"), backref=items_backref)

    class Item(Base):
        __tablename__ = "items"
        id = Column(Integer, primary_key=True)
        description = Column(String(30))

    return SimpleNamespace(User=User, Address=Address, Order=Order, Item=Item, order_items=order_items)


def resource(name):
    """The path of ``name`` among the Java tests' expected outputs (retort-core/src/test/resources/sqla-suite/)."""
    return os.path.join(os.path.dirname(__file__), "..", "..", "retort-core", "src", "test", "resources", "sqla-suite", name)


def one_line(sql):
    """``sql`` with its white space folded, as the Java tests compare it."""
    return re.sub(r"\s+", " ", sql).strip()
