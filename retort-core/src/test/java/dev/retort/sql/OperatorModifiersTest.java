package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.types.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator modifiers of format 1.9 where the SQLAlchemy suite cannot reach: negation keeps
 * them, hostile modifiers from a loaded tree are refused, databases that lack a form refuse it.
 */
class OperatorModifiersTest {
    private static final TableClause T = table("t", column("name", Types.STRING), column("n", Types.INTEGER));

    @Test
    void negationKeepsTheEscapeAndTheFlags() {
        assertThat(not(T.c("name").like("a^%", "^")).compile().string()).isEqualTo("t.name NOT LIKE :name_1 ESCAPE '^'");
        assertThat(not(T.c("name").icontains("a%", true, "#")).compile(Dialects.postgresql()).string())
                .isEqualTo("t.name NOT ILIKE '%' || ? || '%' ESCAPE '#'");
        assertThat(not(T.c("name").regexpMatch("^a", "i")).compile(Dialects.postgresql()).string()).isEqualTo("t.name !~* ?");
        assertThat(not(T.c("n").between(5, 1, true)).compile().string()).isEqualTo("t.n NOT BETWEEN SYMMETRIC :n_1 AND :n_2");
    }

    @Test
    void autoescapeEscapesTheEscapeCharacterFirst() {
        BinaryExpression<?> b = (BinaryExpression<?>) T.c("name").startsWith("a^%_", true, "^");
        assertThat(b.escape()).isEqualTo("^");
        assertThat(b.compile().params()).containsEntry("name_1", "a^^^%^_");
        assertThatThrownBy(() -> T.c("name").contains(5, true)).isInstanceOf(ArgumentException.class).hasMessageContaining("autoescape");
    }

    @Test
    void escapeCharactersAreStringLiteralsOfTheDialect() {
        assertThat(T.c("name").like("x", "'").compile().string()).isEqualTo("t.name LIKE :name_1 ESCAPE ''''");
        assertThat(T.c("name").like("x", "\\").compile(Dialects.mysql()).string()).isEqualTo("t.name LIKE ? ESCAPE '\\\\'");
        assertThat(T.c("name").regexpMatch("x", "i'g").compile(Dialects.mysql()).string()).isEqualTo("REGEXP_LIKE(t.name, ?, 'i''g')");
    }

    /** A loaded tree's MATCH modifier is rendered as SQL on MySQL: only a modifier's name is taken. */
    @Test
    void aMatchModifierFromALoadedTreeMustBeAName() {
        ColumnElement<?> good = T.c("name").match("q", MatchModifier.QUERY_EXPANSION);
        String json = new String(QuerySerializer.dumps(good, dev.retort.ext.serializer.Protocol.JSON), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("QUERY_EXPANSION");
        byte[] hostile = json.replace("\"QUERY_EXPANSION\"", "\") OR 1=1 -- \"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> QuerySerializer.loads(hostile, new dev.retort.schema.MetaData()))
                .isInstanceOf(dev.retort.exc.SerializationException.class).hasMessageContaining("Unknown MATCH modifier");
        assertThat(((ClauseElement) QuerySerializer.loads(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), new dev.retort.schema.MetaData()))
                .compile(Dialects.mysql()).string()).isEqualTo("MATCH (t.name) AGAINST (? WITH QUERY EXPANSION)");
    }

    /** What only a loaded tree can hold: a REGEXP_REPLACE without flags or without its two arguments. */
    @Test
    void aRegexpReplaceNodeNeedsFlagsAndTwoArguments() {
        Traversal<?> binary = Traversal.forKind("binary");
        ColumnElement<?> name = T.c("name");
        assertThatThrownBy(() -> binary.build(name, literal("a"), Operator.REGEXP_REPLACE, Types.STRING, null, "g", null))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("REGEXP_REPLACE");
        ClauseElement args = ((BinaryExpression<?>) name.regexpReplace("a", "b", "g")).right();
        assertThatThrownBy(() -> binary.build(name, args, Operator.REGEXP_REPLACE, Types.STRING, null, null, null))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("REGEXP_REPLACE");
        assertThat(((ClauseElement) binary.build(name, args, Operator.REGEXP_REPLACE, Types.STRING, null, "g", null)).compile(Dialects.postgresql()).string())
                .isEqualTo("REGEXP_REPLACE(t.name, ?, ?, 'g')");
    }

    @Test
    void databasesWithoutAFormRefuseIt() {
        for (var d : List.of(Dialects.sqlite(), Dialects.mysql(), Dialects.byName("mariadb"))) {
            assertThatThrownBy(() -> T.c("n").between(1, 5, true).compile(d)).isInstanceOf(CompileException.class).hasMessageContaining("BETWEEN SYMMETRIC");
        }
        assertThatThrownBy(() -> T.c("name").regexpReplace("a", "b", "g").compile(Dialects.sqlite())).isInstanceOf(CompileException.class);
        assertThat(match(List.of(T.c("name"), T.c("n")), "q", null).compile(Dialects.mysql()).string())
                .isEqualTo("MATCH (t.name, t.n) AGAINST (? IN BOOLEAN MODE)");
    }
}
