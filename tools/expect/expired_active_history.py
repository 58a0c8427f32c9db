from sqlalchemy import *
from sqlalchemy.orm import *
from sqlalchemy import event, inspect
e = create_engine("sqlite://")
m = MetaData()
users = Table("users", m, Column("id", Integer, primary_key=True, autoincrement=False), Column("name", String(50)), Column("bio", String(50)), Column("notes", String(50)))
class User: pass
reg = registry()
reg.map_imperatively(User, users, properties={"bio": column_property(users.c.bio, active_history=True)})
m.create_all(e)
with e.begin() as c:
    c.execute(users.insert(), dict(id=1, name="ed", bio="old bio", notes="old notes"))
log=[]
@event.listens_for(e, "before_cursor_execute")
def b(conn, cur, stmt, params, ctx, many): log.append((stmt.replace("\n",""), params))
for scenario in ["changed-elsewhere", "set-to-db-value"]:
    with e.begin() as c:
        c.execute(users.update().values(bio="old bio", notes="old notes"))
    s = Session(e)
    u = s.get(User, 1)
    s.commit()  # expires
    with e.begin() as c:
        c.execute(users.update().values(bio="other bio", notes="other notes"))
    log.clear()
    if scenario == "changed-elsewhere":
        u.bio = "new bio"
    else:
        u.bio = "other bio"
    print(scenario, "after set:", log); log.clear()
    print(" history bio", inspect(u).attrs.bio.history)
    s.flush()
    print(" flush:", log)
    s.rollback(); s.close()
