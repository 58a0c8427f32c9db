package dev.retort.ext.serializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.SerializationException;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.CustomOperator;
import dev.retort.sql.SQL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Documents whose hint, prefix, custom operator or raw SQL text holds a NUL character (a crafted JSON document with
 * {@code \u0000}, a binary dump with a byte of the text set to 0) are refused when loaded, with a SerializationException
 * naming the node and what holds the NUL, as the same text is refused when given (see {@code NulInStatementTextTest}).
 * Before, a loaded hint, hint or prefix dialect, or operator visit name kept its NUL (the compiler refused the hint,
 * as a statement's SQL holding one; the others were kept).
 */
class HostileNulTextTest {
    /** In each document's text, where a NUL is put ({@code zqmark} becomes {@code zq\0ark}). */
    private static final String MARK = "zqmark";

    /** Documents with {@link #MARK} (or an operator) in the text that is to hold a NUL, and what the refusal says. */
    private static Map<ClauseElement, String[]> documents() {
        Table users = SerializerFuzzTest.MD.tables().get("users");
        var id = users.c("id");
        Map<ClauseElement, String[]> m = new LinkedHashMap<>();
        m.put(SQL.select(id).withHint(users, "USE INDEX (" + MARK + ")", "mysql"), new String[] {MARK, "A hint cannot contain a NUL"});
        m.put(SQL.select(id).withStatementHint(MARK), new String[] {MARK, "A hint cannot contain a NUL"});
        m.put(SQL.update(users).values(Map.of("name", "x")).withHint(MARK, "mysql"), new String[] {MARK, "A hint cannot contain a NUL"});
        m.put(SQL.select(id).withHint(users, "USE INDEX (ix)", MARK), new String[] {MARK, "A hint's dialect name cannot contain a NUL"});
        m.put(SQL.select(id).prefixWithDialect(MARK, "HIGH_PRIORITY"), new String[] {MARK, "A prefix's or suffix's dialect name cannot contain a NUL"});
        m.put(SQL.select(id).prefixWith(MARK), new String[] {MARK, "SQL text cannot contain a NUL"});
        m.put(SQL.select(id.op(CustomOperator.of("->>").visitName(MARK), 1)), new String[] {MARK, "visit name cannot contain a NUL"});
        m.put(SQL.select(id.op("<->", 1)), new String[] {"<->", "A custom operator cannot contain a NUL"});
        m.put(SQL.select(id.boolOp("<->", 1)), new String[] {"<->", "A custom operator cannot contain a NUL"});
        m.put(SQL.select(id.prefixOp(CustomOperator.of("|/"))), new String[] {"|/", "A custom operator cannot contain a NUL"});
        m.put(SQL.select(id.postfixOp(CustomOperator.of("<->"))), new String[] {"<->", "A custom operator cannot contain a NUL"});
        return m;
    }

    /** {@code text} with the second character of each {@code mark} a NUL, as it is written in {@code protocol}'s document. */
    private static byte[] withNul(byte[] doc, String mark, Protocol protocol) {
        if (protocol == Protocol.JSON) {
            String text = new String(doc, StandardCharsets.UTF_8);
            assertThat(text).contains(mark);
            return text.replace(mark, mark.charAt(0) + "\\u0000" + mark.substring(2)).getBytes(StandardCharsets.UTF_8);
        }
        byte[] m = mark.getBytes(StandardCharsets.UTF_8);
        byte[] out = doc.clone();
        int found = 0;
        for (int i = 0; i + m.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + m.length, m, 0, m.length)) {
                out[i + 1] = 0;
                found++;
            }
        }
        assertThat(found).as("'%s' in the binary dump", mark).isPositive();
        return out;
    }

    @Test
    void aLoadedHintPrefixOrOperatorHoldingANulIsRefusedNamingIt() {
        for (var e : documents().entrySet()) {
            for (Protocol protocol : new Protocol[] {Protocol.JSON, Protocol.BINARY}) {
                byte[] doc = QuerySerializer.dumps(e.getKey(), protocol);
                QuerySerializer.loads(doc, SerializerFuzzTest.MD);     // as dumped, it loads
                byte[] hostile = withNul(doc, e.getValue()[0], protocol);
                assertThatThrownBy(() -> QuerySerializer.loads(hostile, SerializerFuzzTest.MD)).as("%s %s", protocol, e.getValue()[1])
                        .isInstanceOf(SerializationException.class).hasMessageContaining(e.getValue()[1]).hasMessageContaining("node '");
            }
        }
    }
}
