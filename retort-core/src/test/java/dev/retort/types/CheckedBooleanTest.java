package dev.retort.types;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.IntegrityException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.CreateTable;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Select;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code Types.checkedBoolean}: SQLAlchemy's {@code Boolean(create_constraint=True, name=...)}. Expected
 * DDL is SQLAlchemy 2.1.1's for {@code Table("flags", m, Column("id", Integer, primary_key=True),
 * Column("active", Boolean(create_constraint=True, name="ck_flags_active")), Column("seen",
 * Boolean(create_constraint=True)), Column("plain", Boolean))}.
 */
class CheckedBooleanTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private static Table flags(MetaData md, String name, String checkName) {
        return new Table(name, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("active", Types.checkedBoolean(checkName)),
                Column.of("seen", Types.checkedBoolean(null)),
                Column.of("plain", Types.BOOLEAN));
    }

    @Test
    void theCheckIsWrittenWhereBooleanIsNotNative() {
        Table t = flags(new MetaData(), "flags", "ck_flags_active");
        assertThat(ddl(t, Dialects.defaultDialect())).isEqualTo(
                "CREATE TABLE flags ( id INTEGER NOT NULL, active BOOLEAN, seen BOOLEAN, plain BOOLEAN, PRIMARY KEY (id) )");
        assertThat(ddl(t, Dialects.postgresql())).isEqualTo(
                "CREATE TABLE flags ( id SERIAL NOT NULL, active BOOLEAN, seen BOOLEAN, plain BOOLEAN, PRIMARY KEY (id) )");
        assertThat(ddl(t, Dialects.sqlite())).isEqualTo(
                "CREATE TABLE flags ( id INTEGER NOT NULL, active BOOLEAN, seen BOOLEAN, plain BOOLEAN, PRIMARY KEY (id),"
                        + " CONSTRAINT ck_flags_active CHECK (active IN (0, 1)), CHECK (seen IN (0, 1)) )");
        assertThat(ddl(t, Dialects.mariadb())).isEqualTo(
                "CREATE TABLE flags ( id INTEGER NOT NULL AUTO_INCREMENT, active BOOL, seen BOOL, plain BOOL, PRIMARY KEY (id),"
                        + " CONSTRAINT ck_flags_active CHECK (active IN (0, 1)), CHECK (seen IN (0, 1)) )");
    }

    @Test
    void equalByTheCheckName() {
        assertThat(Types.checkedBoolean("a")).isEqualTo(Types.checkedBoolean("a")).isNotEqualTo(Types.checkedBoolean("b"))
                .isNotEqualTo(Types.checkedBoolean(null)).isNotEqualTo(Types.BOOLEAN);
        assertThat(Types.checkedBoolean(null).kind()).isEqualTo(TypeKind.BOOLEAN);
    }

    @Test
    void serializedTypeComesBack() {
        for (CheckedBoolean b : List.of(Types.checkedBoolean("ck_x"), Types.checkedBoolean(null))) {
            Select stmt = select(cast(column("x"), b));
            for (Protocol p : Protocol.values()) {
                Select back = (Select) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
                assertThat(back.columns().get(0).type()).as(p + " " + b).isEqualTo(b);
            }
        }
    }

    @EachDatabase
    void theCheckRefusesOtherValuesWhereWritten(Database db) {
        var engine = db.engine();
        MetaData md = new MetaData();
        Table t = flags(md, "flags_" + suffix, "ck_flags_" + suffix);
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(t), List.of(Map.of("id", 1, "active", true, "seen", false, "plain", true)));
            conn.commit();
            assertThat(conn.execute(select(t.c("active"), t.c("seen"))).all().get(0).toList()).containsExactly(true, false);
            if (!engine.dialect().supportsNativeBoolean()) {
                assertThatThrownBy(() -> conn.execute(insert(t).values(Map.of("id", 2, "active", literal(2, Types.INTEGER)))))
                        .isInstanceOf(IntegrityException.class);
            }
        } finally {
            md.dropAll(engine);
        }
    }

    private static String ddl(Table t, Dialect d) {
        return new CreateTable(t).compile(d).string().replaceAll("\\s+", " ").trim();
    }
}
