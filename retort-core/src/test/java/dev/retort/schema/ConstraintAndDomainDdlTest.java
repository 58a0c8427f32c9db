package dev.retort.schema;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.sql.ClauseElement;
import dev.retort.types.DomainType;
import dev.retort.types.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DROP CONSTRAINT's IF EXISTS / CASCADE, CHECKs declared on columns, CreateColumn and PostgreSQL domains per dialect. */
class ConstraintAndDomainDdlTest {
    private final MetaData md = new MetaData();
    private final Table t = new Table("t", md, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("a", Types.INTEGER).check(new CheckConstraint("ck_a", text("a > 5"))),
            Column.of("b", Types.INTEGER).check(new CheckConstraint(null, text("b < 9"))),
            new UniqueConstraint("uq_a", List.of("a")));

    private Constraint uq() {
        return t.constraints().stream().filter(c -> c instanceof UniqueConstraint).findFirst().orElseThrow();
    }

    @Test
    void dropConstraintIfExistsAndCascade() {
        assertThat(new DropConstraint(uq()).ifExists().cascade().compile(Dialects.postgresql()).string())
                .isEqualTo("ALTER TABLE t DROP CONSTRAINT IF EXISTS uq_a CASCADE");
        assertThat(new DropConstraint(uq()).ifExists().cascade().compile(Dialects.mariadb()).string())
                .as("MariaDB: IF EXISTS after the keyword, no CASCADE").isEqualTo("ALTER TABLE t DROP INDEX IF EXISTS uq_a");
        assertThatThrownBy(() -> new DropConstraint(uq()).ifExists().compile(Dialects.mysql())).isInstanceOf(CompileException.class)
                .hasMessageContaining("no DROP ... IF EXISTS");
        assertThat(new DropConstraint(uq()).toString()).isEqualTo("ALTER TABLE t DROP CONSTRAINT uq_a");
    }

    @Test
    void aColumnsCheckIsWrittenInItsDefinitionAndIsOneOfTheTables() {
        assertThat(new CreateTable(t).toString()).isEqualTo("CREATE TABLE t (\n\tid INTEGER NOT NULL, \n\ta INTEGER CONSTRAINT ck_a CHECK (a > 5), "
                + "\n\tb INTEGER CHECK (b < 9), \n\tPRIMARY KEY (id), \n\tCONSTRAINT uq_a UNIQUE (a)\n)");
        assertThat(t.constraints()).filteredOn(c -> c instanceof CheckConstraint).hasSize(2);
        assertThat(new CreateTable(t).compile(Dialects.mariadb()).string()).as("MariaDB takes no named constraint in a column")
                .contains("b INTEGER CHECK (b < 9)").contains("CONSTRAINT ck_a CHECK (a > 5)").doesNotContain("a INTEGER CONSTRAINT");
        assertThat(new CreateColumn(t.c("a")).toString()).isEqualTo("a INTEGER CONSTRAINT ck_a CHECK (a > 5)");
        CheckConstraint ck = new CheckConstraint("x", text("1 = 1"));
        Column.of("c", Types.INTEGER).check(ck);
        assertThatThrownBy(() -> Column.of("d", Types.INTEGER).check(ck)).hasMessageContaining("already declared on column c");
    }

    @Test
    void systemColumnsAreLeftOutOfCreateTable() {
        Table s = new Table("s", new MetaData(), Column.of("id", Types.INTEGER), Column.of("oid", Types.INTEGER).system(true));
        assertThat(new CreateTable(s).toString()).isEqualTo("CREATE TABLE s (\n\tid INTEGER\n)");
        assertThat(new CreateColumn(s.c("oid")).toString()).isEmpty();
        assertThat(select(s.c("oid")).toString()).isEqualTo("SELECT s.oid \nFROM s");
    }

    @Test
    void domainsWithOptions() {
        DomainType<String> d = Types.domain("foo", Types.TEXT).schema("Sch").collation("CollSchema", "my-coll").defaultValue("foo'bar")
                .constraintName("no bar").notNull(true).check("VALUE != 'bar'");
        assertThat(new CreateDomainType(d).compile(Dialects.postgresql()).string()).isEqualTo(
                "CREATE DOMAIN \"Sch\".foo AS TEXT COLLATE \"CollSchema\".\"my-coll\" DEFAULT 'foo''bar' CONSTRAINT \"no bar\" NOT NULL CHECK (VALUE != 'bar')");
        assertThat(new DropDomainType(d).compile(Dialects.postgresql()).string()).isEqualTo("DROP DOMAIN \"Sch\".foo");
        assertThat(select(cast(column("x"), d)).compile(Dialects.postgresql()).string()).isEqualTo("SELECT CAST(x AS \"Sch\".foo) AS x");
        assertThatThrownBy(() -> new CreateDomainType(d).compile(Dialects.mariadb())).isInstanceOf(CompileException.class)
                .hasMessageContaining("has no domains");
        assertThat(Dialects.postgresql().createTypeStatements(d.createType(false))).as("createType(false): managed elsewhere").isEmpty();
        assertThat(Dialects.postgresql().dropTypeStatements(d.createType(false))).isEmpty();
        assertThat(Dialects.postgresql().createTypeStatements(d)).hasSize(1);
        assertThat(d.notNull(false)).isNotEqualTo(d);
    }

    @Test
    void aDomainsOptionsSurviveTheSerializer() {
        DomainType<Integer> d = Types.domain("pos", Types.INTEGER).schema("s").defaultValue(text("11")).notNull(true).check("VALUE > 0").createType(false);
        ClauseElement stmt = select(cast(column("x"), d));
        for (Protocol p : Protocol.values()) {
            ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
            assertThat(back.compare(stmt)).as(p.name()).isTrue();
        }
    }

    @Test
    void enumTypesInASchemaAndManagedElsewhere() {
        var e = Types.enumOf("somename", "x", "y").schema("someschema");
        assertThat(new CreateEnumType(e).compile(Dialects.postgresql()).string()).isEqualTo("CREATE TYPE someschema.somename AS ENUM ('x', 'y')");
        assertThat(new DropEnumType(e).compile(Dialects.postgresql()).string()).isEqualTo("DROP TYPE someschema.somename");
        assertThat(select(cast(column("bar"), e)).compile(Dialects.postgresql()).string()).isEqualTo("SELECT CAST(bar AS someschema.somename) AS bar");
        assertThat(Dialects.postgresql().createTypeStatements(e.createType(false))).isEmpty();
        assertThat(Dialects.postgresql().dropTypeStatements(e.createType(false))).isEmpty();
        assertThat(e.createType(false)).isNotEqualTo(e);
        ClauseElement stmt = select(cast(column("bar"), e.createType(false)));
        for (Protocol p : Protocol.values()) {
            ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
            assertThat(back.compare(stmt)).as(p.name()).isTrue();
            assertThat(back.compare(select(cast(column("bar"), e)))).as("createType is kept").isFalse();
        }
    }
}
