package dev.retort.schema;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.exc.IntegrityException;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's EXCLUDE constraint: the DDL SQLAlchemy 2.1.1 writes for the same constraint
 * (whitespace collapsed), refusals of what is not an operator, method or operator class, other
 * dialects refusing it by name, and PostgreSQL rejecting overlapping rows.
 */
class ExcludeConstraintTest {
    private final String s = "_" + UUID.randomUUID().toString().substring(0, 8);
    private final MetaData md = new MetaData();

    private Table slots(String name) {
        Table t = new Table(name, md, Column.of("room", Types.INTEGER), Column.of("lo", Types.INTEGER), Column.of("hi", Types.INTEGER));
        ExcludeConstraint x = new ExcludeConstraint(null, ExcludeConstraint.element(t.c("room"), "="),
                ExcludeConstraint.element(func("int4range", t.c("lo"), t.c("hi")), "&&")).where(t.c("room").gt(5));
        x.deferrable(true).initially("deferred");
        x.attachTo(t);
        return t;
    }

    @Test
    void ddlAsSqlalchemyWritesIt() {
        Table bookings = new Table("bookings", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("room", Types.INTEGER),
                Column.of("during", Types.INTEGER),
                new ExcludeConstraint("no_double_booking", ExcludeConstraint.element("room", "="), ExcludeConstraint.element("during", "&&"))
                        .where(text("room > 100")).ops(Map.of("room", "int4_ops")));
        assertThat(new CreateTable(bookings).compile(Dialects.postgresql()).string().replaceAll("\\s+", " ")).isEqualTo(
                "CREATE TABLE bookings ( id SERIAL NOT NULL, room INTEGER, during INTEGER, PRIMARY KEY (id), "
                        + "CONSTRAINT no_double_booking EXCLUDE USING gist (room int4_ops WITH =, during WITH &&) WHERE (room > 100) )");
        Table slots = slots("slots");
        Constraint x = slots.constraints().get(slots.constraints().size() - 1);
        assertThat(new AddConstraint(x).compile(Dialects.postgresql()).string())
                .isEqualTo("ALTER TABLE slots ADD EXCLUDE USING gist (room WITH =, int4range(lo, hi) WITH &&) WHERE (slots.room > 5) DEFERRABLE INITIALLY deferred");
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> ExcludeConstraint.element("room", "= 1; DROP TABLE x")).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("is not an operator");
        assertThatThrownBy(() -> new ExcludeConstraint("x", ExcludeConstraint.element("q", "=")).using("not a keyword"))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("unexpected SQL phrase 'not a keyword'");
        assertThatThrownBy(() -> new ExcludeConstraint("x", ExcludeConstraint.element("q", "=")).ops(Map.of("q", "a b")))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("operator class");
        assertThatThrownBy(() -> new ExcludeConstraint("x")).isInstanceOf(ArgumentException.class).hasMessageContaining("at least one element");
        Table t = slots("slots");
        for (var d : new dev.retort.dialect.Dialect[] {Dialects.sqlite(), Dialects.mariadb(), Dialects.defaultDialect()}) {
            assertThatThrownBy(() -> new CreateTable(t).compile(d)).isInstanceOf(CompileException.class).hasMessageContaining("EXCLUDE constraint");
        }
    }

    @Test
    void postgresqlRejectsOverlappingRows() {
        Engine engine = Databases.postgresql();
        // gist has no equality on a plain integer without btree_gist: one range element only
        Table t = new Table("slots" + s, md, Column.of("room", Types.INTEGER), Column.of("lo", Types.INTEGER), Column.of("hi", Types.INTEGER));
        ExcludeConstraint x = new ExcludeConstraint("no_overlap" + s, ExcludeConstraint.element(func("int4range", t.c("lo"), t.c("hi")), "&&"))
                .where(t.c("room").gt(5));
        x.deferrable(true).initially("DEFERRED");
        x.attachTo(t);
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(t).values(Map.of("room", 7, "lo", 1, "hi", 5)));
            conn.execute(insert(t).values(Map.of("room", 3, "lo", 1, "hi", 5)));   // outside WHERE
            conn.execute(insert(t).values(Map.of("room", 3, "lo", 2, "hi", 4)));
            conn.commit();
            conn.execute(insert(t).values(Map.of("room", 8, "lo", 4, "hi", 9)));   // overlaps [1,5): refused at commit, as deferred
            assertThatThrownBy(conn::commit).isInstanceOf(IntegrityException.class).hasMessageContaining("no_overlap" + s);
            conn.rollback();
            assertThat(conn.execute(select(t.c("room"))).scalars()).hasSize(3);
        } finally {
            md.dropAll(engine);
        }
    }
}
