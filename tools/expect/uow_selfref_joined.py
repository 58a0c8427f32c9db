"""Expected flush SQL for a self-referential many-to-one across joined-inheritance tables (SQLAlchemy 2.1.1).

employees(id, name, type, manager_id -> managers.id) <- managers(id -> employees.id, data): the tables refer to each
other, so the flush orders rows, not tables (a manager's rows before those of the employees it manages). After
test/orm/inheritance/test_relationship.py SelfReferentialJ2JTest. Run: PYTHONPATH=/tmp/sapkg python3 this file.
"""
import sys
from sqlalchemy import *
from sqlalchemy.orm import *
from sqlalchemy import event


def run(post_update):
    class Employee:
        def __init__(self, name, manager=None):
            self.name = name
            self.manager = manager

    class Manager(Employee):
        pass

    md = MetaData()
    employees = Table("employees", md, Column("id", Integer, primary_key=True, autoincrement=False), Column("name", String(20)),
                      Column("type", String(20)), Column("manager_id", Integer, ForeignKey("managers.id", use_alter=True)))
    managers = Table("managers", md, Column("id", Integer, ForeignKey("employees.id"), primary_key=True), Column("data", String(20)))
    reg = registry()
    reg.map_imperatively(Employee, employees, polymorphic_on=employees.c.type, polymorphic_identity="employee", properties={
        "manager": relationship(Manager, primaryjoin=employees.c.manager_id == managers.c.id, backref="reports", post_update=post_update)})
    reg.map_imperatively(Manager, managers, inherits=Employee, polymorphic_identity="manager", inherit_condition=managers.c.id == employees.c.id)
    e = create_engine("sqlite://")
    md.create_all(e)
    log = []
    event.listen(e, "before_cursor_execute", lambda c, cur, stmt, params, ctx, many: log.append(f"   {' '.join(stmt.split())} -- {params}"))

    def flush(title, s):
        log.clear()
        s.flush()
        print(f"== {title} [post_update={post_update}]")
        print("\n".join(log))

    s = Session(e)
    boss = Manager("boss")
    boss.id = 1
    mid = Manager("mid", boss)
    mid.id = 2
    emp = Employee("emp", mid)
    emp.id = 3
    s.add(emp)
    flush("insert emp -> mid -> boss (only emp added)", s)
    emp.manager = boss
    s.delete(mid)
    flush("emp moves to boss, mid deleted", s)
    mid2 = Manager("mid2", boss)
    mid2.id = 4
    emp.manager = mid2
    flush("emp moves to a new manager", s)
    if not post_update:
        # (with post_update SQLAlchemy 2.1.1 fails this flush: KeyError in unitofwork.py PostUpdateAll)
        s.delete(emp)
        s.delete(mid2)
        s.delete(boss)
        flush("all deleted", s)


for pu in (False, True):
    run(pu)
