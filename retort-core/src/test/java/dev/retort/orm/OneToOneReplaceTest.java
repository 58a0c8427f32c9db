package dev.retort.orm;

import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.orm.UnitOfWorkSqlTest.Holder;
import dev.retort.orm.UnitOfWorkSqlTest.Passport;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.Map;

/**
 * A one-to-one member replaced where the foreign key is UNIQUE (a real one-to-one): the flush UPDATEs the old member's
 * key to NULL before it INSERTs the new member, as SQLAlchemy's {@code save_obj} runs a table's UPDATEs before its
 * INSERTs. (The INSERT came first and broke the constraint.) {@code UnitOfWorkSqlTest}'s {@code o2o_replace} found it.
 */
class OneToOneReplaceTest {
    @Databases.EachDatabase
    void replacedMemberGivesUpTheUniqueKeyFirst(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table holders = new Table("holders" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("name", Types.string(30)));
            Table passports = new Table("passports" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("holder_id", Types.INTEGER).unique().foreignKey("holders" + t.suffix + ".id"),
                    Column.of("number", Types.string(30)));
            t.registry.mapImperatively(Holder.class, holders, Map.of("passport",
                    ORM.relationship(Passport.class).uselist(false).backref("holder")));
            t.registry.mapImperatively(Passport.class, passports);
            t.start(db);
            Session s = t.open();
            UnitOfWorkSqlTest.HOLDERS_SETUP.run(s);
            s.commit();
            Holder h = s.query(Holder.class).orderBy(ORM.attr(Holder.class, "id")).all().get(0);
            int old = h.passport.id;
            h.passport = new Passport("p3");
            s.commit();
            try (Connection c = t.engine().connect()) {
                assertThat(c.execute(select(passports.c("holder_id")).where(passports.c("id").eq(old))).scalar()).isNull();
                assertThat(c.execute(select(passports.c("number")).where(passports.c("holder_id").eq(h.id))).scalar()).isEqualTo("p3");
            }
        }
    }
}
