package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Select#labelStyle}: expected SQL from SQLAlchemy 2.1.1
 * ({@code select(...).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)}, default dialect).
 */
class LabelStyleTest {
    private final MetaData md = new MetaData();
    private final Table t = new Table("t", md, Column.of("a", Types.INTEGER), Column.of("b", Types.INTEGER), Column.of("t_a", Types.INTEGER));
    private final Table u = new Table("u", "s", md, Column.of("a", Types.INTEGER));

    private static String sql(ClauseElement e) {
        return e.compile(Dialects.defaultDialect()).string().replace(" \n", " ").replace("\n", " ");
    }

    @Test
    void tableColumnsAreQualifiedAndClashesNumbered() {
        Select s = select(t.c("a"), u.c("a"), t.c("a"), func("count", t.c("b")), t.c("b").label("x"), column("free"), literalColumn("lit"),
                cast(t.c("b"), Types.STRING), t.c("a").add(1)).labelStyle(LabelStyle.TABLENAME_PLUS_COL);
        assertThat(sql(s)).isEqualTo("SELECT t.a AS t_a_1, s.u.a AS s_u_a, t.a AS t_a_1__1, count(t.b) AS count_1, t.b AS x, free, lit, "
                + "CAST(t.b AS VARCHAR) AS t_b, t.a + :a_1 AS anon_1 FROM t, s.u");
    }

    @Test
    void subqueryExportsTheQualifiedNames() {
        Alias sq = select(t.c("a"), u.c("a")).labelStyle(LabelStyle.TABLENAME_PLUS_COL).subquery();
        assertThat(sql(select(sq))).isEqualTo("SELECT anon_1.t_a_1, anon_1.s_u_a FROM (SELECT t.a AS t_a_1, s.u.a AS s_u_a FROM t, s.u) AS anon_1");
        assertThat(sq.c("s_u_a")).isNotNull();
    }

    @Test
    void compoundStylesItsFirstMember() {
        CompoundSelect c = union(select(t.c("a")), select(u.c("a"))).labelStyle(LabelStyle.TABLENAME_PLUS_COL);
        assertThat(sql(c)).isEqualTo("SELECT t.a AS t_a_1 FROM t UNION SELECT s.u.a FROM s.u");
    }

    @Test
    void noneLeavesColumnsBareAtTheTopOnly() {
        Select s = select(t.c("a"), t.c("a"), func("count", t.c("b")), t.c("b").add(1), t.c("b").label("x")).labelStyle(LabelStyle.NONE);
        assertThat(sql(s)).isEqualTo("SELECT t.a, t.a, count(t.b) AS count_1, t.b + :b_1 AS anon_1, t.b AS x FROM t");
        Select outer = select(select(t.c("a"), u.c("a")).labelStyle(LabelStyle.NONE).subquery());
        assertThat(sql(outer)).isEqualTo("SELECT anon_1.a, anon_1.a_1 FROM (SELECT t.a AS a, s.u.a AS a_1 FROM t, s.u) AS anon_1");
    }

    @Test
    void noneRowsAreReadByPosition() {
        MetaData m = new MetaData();
        Table p = new Table("ls_p", m, Column.of("a", Types.INTEGER), Column.of("b", Types.INTEGER));
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        m.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(p).values(Map.of("a", 1, "b", 2)));
            Row row = conn.execute(select(p.c("a"), p.c("b"), p.c("a")).labelStyle(LabelStyle.NONE)).one();
            assertThat(List.of(row.get(0), row.get(1), row.get(2))).containsExactly(1, 2, 1);
        } finally {
            engine.dispose();
        }
    }

    @Test
    void defaultStyleLeavesKeyAndDocumentUnchanged() {
        Select plain = select(t.c("a"));
        assertThat(plain.labelStyle(LabelStyle.DISAMBIGUATE_ONLY).cacheKey()).isEqualTo(plain.cacheKey());
        assertThat(plain.labelStyle(LabelStyle.TABLENAME_PLUS_COL).cacheKey()).isNotEqualTo(plain.cacheKey());
        assertThat(plain.labelStyle(LabelStyle.TABLENAME_PLUS_COL).labelStyle()).isEqualTo(LabelStyle.TABLENAME_PLUS_COL);
    }

    @Test
    void unknownLoadedStyleIsRefusedByName() {
        assertThatThrownBy(() -> LabelStyle.named("BOGUS")).isInstanceOf(ArgumentException.class).hasMessageContaining("BOGUS");
    }
}
