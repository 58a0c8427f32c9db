package dev.retort.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Same key ⇒ same SQL: over generated statements, their twins (same shape, other values) and
 * single-detail mutants, also after a serializer round trip, any two statements with equal
 * cache keys compile to the same SQL, parameter order and result columns on every dialect, and
 * a statement bound into the compiled form of another of its key (the engine's hit path)
 * sends exactly what compiling it alone sends.
 */
class CacheKeyPropertyTest {
    private static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql(),
            Dialects.mysql(), Dialects.mariadb());
    static final int BASES = 200;
    static final int MUTANTS = 12;

    /** The first statement seen per key and dialect: its compiled form and where its parameters sit. */
    private record First(ClauseElement statement, String outcome, Compiled compiled, Compiled.Positions positions) {
    }

    @Test
    void equalKeysGiveTheSameSqlOnEveryDialect() {
        StatementGenerator gen = new StatementGenerator();
        Random r = new Random(20261204L);
        List<Map<CacheKey, First>> firsts = new ArrayList<>();
        DIALECTS.forEach(d -> firsts.add(new HashMap<>()));
        int statements = 0;
        int sharedKeys = 0;
        int mutantsWithOwnKey = 0;
        for (int b = 0; b < BASES; b++) {
            int[] genes = StatementGenerator.genes(r);
            long valueSeed = r.nextLong();
            List<ClauseElement> family = new ArrayList<>();
            ClauseElement base = gen.build(genes, new Random(valueSeed));
            if (base == null) {
                b--;
                continue;
            }
            family.add(base);
            family.add(gen.build(genes, new Random(r.nextLong())));
            for (int m = 0; m < MUTANTS; m++) {
                ClauseElement mutant = gen.build(StatementGenerator.mutate(genes, r), new Random(valueSeed));
                if (mutant == null) {
                    continue;
                }
                family.add(mutant);
                if (!mutant.cacheKey().equals(base.cacheKey())) {
                    mutantsWithOwnKey++;
                }
            }
            for (ClauseElement s : List.copyOf(family)) {
                for (Protocol p : Protocol.values()) {
                    family.add((ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(s, p), gen.metadata));
                }
            }
            for (ClauseElement s : family) {
                statements++;
                CacheKey key = s.cacheKey();
                assertThat(key).as("every generated construct is cacheable: %s", s).isNotNull();
                for (int d = 0; d < DIALECTS.size(); d++) {
                    First first = firsts.get(d).get(key);
                    if (first == null) {
                        firsts.get(d).put(key, first(s, DIALECTS.get(d)));
                    } else {
                        sharedKeys++;
                        check(first, s, DIALECTS.get(d));
                    }
                }
            }
        }
        System.out.printf("CacheKeyPropertyTest: %d statements, %d keyed by a shape seen before (per dialect), %d of %d mutants with a key of their own%n",
                statements, sharedKeys, mutantsWithOwnKey, BASES * MUTANTS);
        assertThat(sharedKeys).as("the property was exercised").isGreaterThan(BASES * DIALECTS.size());
        assertThat(mutantsWithOwnKey).as("most single-detail mutants change the key").isGreaterThan(BASES * MUTANTS / 4);
    }

    private static First first(ClauseElement s, Dialect d) {
        try {
            Compiled c = s.compile(d);
            return new First(s, outcome(c, c.bind(Map.of())), c, c.positionsIn(s.cacheKey()));
        } catch (RuntimeException e) {
            return new First(s, "error " + e.getClass().getSimpleName(), null, null);
        }
    }

    private static void check(First first, ClauseElement s, Dialect d) {
        String alone;
        Compiled c;
        try {
            c = s.compile(d);
            alone = outcome(c, c.bind(Map.of()));
        } catch (RuntimeException e) {
            assertThat("error " + e.getClass().getSimpleName()).as("%s on %s, same key as %s", s, d.name(), first.statement()).isEqualTo(first.outcome());
            return;
        }
        assertThat(alone).as("%s on %s, same key as:%n%s", s, d.name(), first.statement()).isEqualTo(first.outcome().startsWith("error") ? first.outcome()
                : outcome(first.compiled(), first.compiled().bind(first.positions(), s.cacheKey(), Map.of())));
        assertThat(c.templateString()).as("SQL of %s on %s, same key as %s", s, d.name(), first.statement()).isEqualTo(first.compiled().templateString());
        assertThat(c.slots().stream().map(Compiled.Slot::name).toList()).as("parameter order")
                .isEqualTo(first.compiled().slots().stream().map(Compiled.Slot::name).toList());
    }

    /** What the engine sends and reads back: SQL, values with their types, result columns. */
    private static String outcome(Compiled c, Compiled.BoundSql bound) {
        return bound.sql() + " | " + bound.values() + " | " + bound.types() + " | " + c.resultColumns() + " | " + c.returnsRows();
    }

    @Test
    void lightweightTablesOfOneNameInOtherSchemasHaveTheirOwnKeys() {
        TableClause a = TableClause.of("users", "tenant_a", SQL.column("id"));
        TableClause b = TableClause.of("users", "tenant_b", SQL.column("id"));
        TableClause none = SQL.table("users", SQL.column("id"));
        Select sa = SQL.select(a.c("id")).where(a.c("id").eq(1));
        Select sb = SQL.select(b.c("id")).where(b.c("id").eq(1));
        Select sn = SQL.select(none.c("id")).where(none.c("id").eq(1));
        assertThat(sa.cacheKey()).isNotEqualTo(sb.cacheKey()).isNotEqualTo(sn.cacheKey());
        assertThat(sb.cacheKey()).isNotEqualTo(sn.cacheKey());
        // Two tables of one name are two FROM entries; one table twice is one.
        TableClause a2 = TableClause.of("users", "tenant_a", SQL.column("id"), SQL.column("name"));
        TableClause a3 = TableClause.of("users", "tenant_a", SQL.column("id"), SQL.column("name"));
        Select once = SQL.select(a2.c("id"), a2.c("name"));
        Select twice = SQL.select(a2.c("id"), a3.c("name"));
        assertThat(once.toString()).isNotEqualTo(twice.toString());
        assertThat(once.cacheKey()).isNotEqualTo(twice.cacheKey());
        // An INSERT without values lists the table's columns: their types shape the binds.
        TableClause typed = TableClause.of("t", null, SQL.column("d", dev.retort.types.Types.DATE));
        TableClause untyped = TableClause.of("t", null, SQL.column("d"));
        assertThat(SQL.insert(typed).cacheKey()).isNotEqualTo(SQL.insert(untyped).cacheKey());
        assertThat(SQL.insert(typed).cacheKey()).isEqualTo(SQL.insert(TableClause.of("t", null, SQL.column("d", dev.retort.types.Types.DATE))).cacheKey());
    }

    @Test
    void schemaTablesOfOneNameInOtherSchemasHaveTheirOwnKeys() {
        StatementGenerator gen = new StatementGenerator();
        Table a = gen.schemaTables.get(2);
        Table b = gen.schemaTables.get(4);
        assertThat(a.name()).isEqualTo(b.name());
        assertThat(SQL.select(a.c("id")).cacheKey()).isNotEqualTo(SQL.select(b.c("id")).cacheKey());
    }
}
