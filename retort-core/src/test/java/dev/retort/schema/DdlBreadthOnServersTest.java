package dev.retort.schema;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.DBAPIException;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The DDL of {@link DdlBreadthTest} on the real databases: deferred foreign keys are checked at
 * commit, identity and computed columns generate their values, IF [NOT] EXISTS makes a second
 * CREATE / DROP do nothing, and PostgreSQL's INHERITS / PARTITION BY and MariaDB's partitions
 * are taken. Names carry a random suffix, since other builds use the same servers.
 */
class DdlBreadthOnServersTest {
    private final String s = "_" + UUID.randomUUID().toString().substring(0, 8);
    private final MetaData md = new MetaData();

    /** Creates {@code tables} in order on {@code engine}, runs {@code checks}, then drops them in reverse order. */
    private static void withTables(Engine engine, List<Table> tables, Consumer<Connection> checks) {
        try (Connection conn = engine.connect()) {
            try {
                for (Table t : tables) {
                    conn.execute(new CreateTable(t));
                }
                conn.commit();
                checks.accept(conn);
            } finally {
                conn.rollback();
                List<Table> reversed = new ArrayList<>(tables);
                java.util.Collections.reverse(reversed);
                for (Table t : reversed) {
                    conn.execute(new DropTable(t).ifExists());
                }
                conn.commit();
            }
        }
    }

    private Table parent() {
        return new Table("p" + s, md, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false));
    }

    private Table deferredChild() {
        return new Table("c" + s, md, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("p_id", Types.INTEGER),
                new ForeignKeyConstraint("fk_c" + s, List.of("p_id"), List.of("p" + s + ".id"), "CASCADE", null)
                        .deferrable(true).initially("DEFERRED"));
    }

    /** A child row before its parent, both in one transaction: accepted, since the key is checked at commit. */
    private static void deferredKeyIsCheckedAtCommit(Connection conn, Table p, Table c) {
        conn.execute(insert(c).values(Map.of("id", 1, "p_id", 7)));
        conn.execute(insert(p).values(Map.of("id", 7)));
        conn.commit();
        conn.execute(insert(c).values(Map.of("id", 2, "p_id", 8)));
        assertThatThrownBy(conn::commit).as("a dangling key still fails, at commit").isInstanceOf(DBAPIException.class);
        conn.rollback();
        assertThat(conn.execute(select(c.c("p_id"))).scalars()).containsExactly(7);
    }

    @dev.retort.testing.Databases.EachDatabase
    void aTemporaryTableIsCreated(dev.retort.testing.Databases.Database db) {
        Table scratch = new Table("scratch" + s, md, Column.of("id", Types.INTEGER)).prefixes("TEMPORARY");
        try (Connection conn = db.engine().connect()) {
            conn.execute(new CreateTable(scratch));
            conn.execute(insert(scratch).values(Map.of("id", 5)));
            assertThat(conn.execute(select(scratch.c("id"))).scalars()).containsExactly(5);
            conn.rollback();
            conn.execute(new DropTable(scratch).ifExists());
            conn.commit();
        }
    }

    @Test
    void postgresql() {
        Engine engine = Databases.postgresql();
        Table p = parent();
        Table c = deferredChild();
        Table ident = new Table("ident" + s, md,
                Column.of("id", Types.INTEGER).primaryKey().identity(Identity.generatedAlways().start(100).increment(10).noMinValue(true).noMaxValue(true)),
                Column.of("qty", Types.INTEGER),
                Column.of("twice", Types.INTEGER).computed("qty * 2", true));
        Table base = new Table("base" + s, md, Map.of("postgresql_using", "heap"), Column.of("id", Types.INTEGER), Column.of("name", Types.string(20)));
        Table heir = new Table("heir" + s, md, Map.of("postgresql_inherits", "base" + s), Column.of("extra", Types.INTEGER));
        Table meas = new Table("meas" + s, md, Map.of("postgresql_partition_by", "RANGE (logdate)"),
                Column.of("id", Types.INTEGER), Column.of("logdate", Types.DATE));
        Index ix = new Index("ix_name" + s, base.c("name"));
        withTables(engine, List.of(p, c, ident, base, heir, meas), conn -> {
            deferredKeyIsCheckedAtCommit(conn, p, c);

            conn.execute(insert(ident).values(Map.of("qty", 3)));
            conn.execute(insert(ident).values(Map.of("qty", 4)));
            assertThat(conn.execute(text("SELECT id, twice FROM " + ident.name() + " ORDER BY id")).all())
                    .extracting(r -> List.of(r.get(0), r.get(1))).containsExactly(List.of(100, 6), List.of(110, 8));
            assertThatThrownBy(() -> conn.execute(insert(ident).values(Map.of("id", 1, "qty", 1))))
                    .as("GENERATED ALWAYS refuses a given value").isInstanceOf(DBAPIException.class);
            conn.rollback();

            conn.execute(text("INSERT INTO " + heir.name() + " (id, name, extra) VALUES (1, 'x', 2)"));
            assertThat(conn.execute(text("SELECT name FROM " + base.name())).scalars()).as("the parent sees its heir's rows").containsExactly("x");
            conn.execute(text("CREATE TABLE " + meas.name() + "_2026 PARTITION OF " + meas.name() + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"));
            conn.execute(text("INSERT INTO " + meas.name() + " (id, logdate) VALUES (1, '2026-05-01')"));
            assertThat(conn.execute(text("SELECT count(*) FROM " + meas.name() + "_2026")).scalar()).isEqualTo(1L);
            conn.execute(text("DROP TABLE " + meas.name() + "_2026"));

            conn.execute(new CreateTable(base).ifNotExists());
            conn.execute(new CreateIndex(ix));
            conn.execute(new CreateIndex(ix).ifNotExists());
            conn.execute(new DropIndex(ix));
            conn.execute(new DropIndex(ix).ifExists());
            assertThatThrownBy(() -> conn.execute(new DropIndex(ix))).isInstanceOf(DBAPIException.class);
            conn.rollback();
        });
    }

    @Test
    void sqlite() {
        Engine engine = Databases.sqlite();
        Table p = parent();
        Table c = deferredChild();
        Table calc = new Table("calc" + s, md, Column.of("id", Types.INTEGER).primaryKey().identity(Identity.generatedAlways()),
                Column.of("qty", Types.INTEGER), Column.of("twice", Types.INTEGER).computed("qty * 2", true));
        Index ix = new Index("ix_qty" + s, calc.c("qty"));
        withTables(engine, List.of(p, c, calc), conn -> {
            deferredKeyIsCheckedAtCommit(conn, p, c);
            conn.execute(insert(calc).values(Map.of("qty", 5)));
            assertThat(conn.execute(text("SELECT id, twice FROM " + calc.name())).all())
                    .extracting(r -> List.of(r.get(0), r.get(1))).containsExactly(List.of(1, 10));
            conn.execute(new CreateTable(calc).ifNotExists());
            conn.execute(new CreateIndex(ix).ifNotExists());
            conn.execute(new CreateIndex(ix).ifNotExists());
            conn.execute(new DropIndex(ix).ifExists());
            conn.execute(new DropIndex(ix).ifExists());
            conn.commit();
        });
    }

    @Test
    void mariadb() {
        Engine engine = Databases.mariadb();
        Table hashed = new Table("hp" + s, md, Map.of("mysql_partition_by", "HASH(other_id)", "mysql_partitions", 4),
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(true), Column.of("other_id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("twice", Types.INTEGER).computed("other_id * 2", true));
        Index ix = new Index("ix_twice" + s, hashed.c("twice"));
        withTables(engine, List.of(hashed), conn -> {
            assertThat(conn.execute(text("SELECT count(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :n")
                    .bindparams(Map.of("n", hashed.name()))).scalar()).isEqualTo(4L);
            conn.execute(insert(hashed).values(Map.of("other_id", 21)));
            assertThat(conn.execute(text("SELECT twice FROM " + hashed.name())).scalar()).isEqualTo(42);
            conn.execute(new CreateTable(hashed).ifNotExists());
            conn.execute(new CreateIndex(ix).ifNotExists());
            conn.execute(new CreateIndex(ix).ifNotExists());
            conn.execute(new DropIndex(ix).ifExists());
            conn.execute(new DropIndex(ix).ifExists());
            conn.commit();
        });
    }
}
