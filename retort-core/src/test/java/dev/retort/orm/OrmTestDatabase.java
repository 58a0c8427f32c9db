package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import dev.retort.engine.ExecutionListener;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.MetaData;
import dev.retort.testing.Databases;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What an ORM test on one database holds: its tables (in {@link #metadata}, named with
 * {@link #suffix} so that tests share nothing), the {@link #registry} mapping them, the engine,
 * the sessions it opened and the statements they ran (without the suffix). {@link #close()}
 * closes the sessions, drops the tables and disposes the registry.
 *
 * <pre>{@code
 * OrmTestDatabase t = new OrmTestDatabase();
 * Table users = new Table("users" + t.suffix, t.metadata, ...);
 * t.registry.mapImperatively(User.class, users);
 * t.start(db);
 * Session s = t.open();  ...  t.take("INSERT");
 * }</pre>
 */
final class OrmTestDatabase implements AutoCloseable {
    final String suffix = "_" + UUID.randomUUID().toString().substring(0, 8);
    final MetaData metadata = new MetaData();
    final Registry registry = new Registry(metadata);
    /** The statements run since {@link #start}, without the suffix and with white space folded. */
    final List<String> sql = new ArrayList<>();
    private final ExecutionListener recorder = (s, p) -> sql.add(s.replace(suffix, "").replaceAll("\\s+", " ").trim());
    private final List<Session> sessions = new ArrayList<>();
    private Engine engine;

    /** Names the tables the registry maps from annotated classes with {@link #suffix} at the end; returns this. */
    OrmTestDatabase suffixingMappedTables() {
        registry.tableNaming(n -> n + suffix);
        return this;
    }

    /** Creates the tables on {@code db} and starts recording statements; returns its engine. */
    Engine start(Databases.Database db) {
        return start(db.engine());
    }

    /** Creates the tables through {@code engine} (one the test made; it disposes it) and starts recording statements. */
    Engine start(Engine engine) {
        this.engine = engine;
        metadata.createAll(engine);
        engine.addListener(recorder);
        return engine;
    }

    Engine engine() {
        return engine;
    }

    /** A new session, closed by {@link #close()}. */
    Session open() {
        return open(SessionFactory.of(engine));
    }

    /** A new session of {@code factory}, closed by {@link #close()}. */
    Session open(SessionFactory factory) {
        Session s = factory.open();
        sessions.add(s);
        return s;
    }

    /** The statements run since the last call that start with {@code prefix} (all: ""); forgets them all. */
    List<String> take(String prefix) {
        List<String> out = sql.stream().filter(s -> s.startsWith(prefix)).toList();
        sql.clear();
        return out;
    }

    /** The statement {@code q} runs, as the default dialect renders it, without the suffix. */
    String sqlOf(Query<?> q) {
        return q.statement().compile().string().replace(suffix, "").replaceAll("\\s+", " ").trim();
    }

    /**
     * Asserts that each query, dumped and loaded again against {@code metadata} and {@code scoped}'s session,
     * compiles to the same SQL and loads the same instances (the identity map gives back the very objects).
     */
    /** Whether this Retort writes serializer format 1.18 (the attributes and kinds declared {@code since(18)}). */
    static boolean writesFormat118() {
        String version = new String(QuerySerializer.dumps(dev.retort.sql.SQL.literal(1), dev.retort.ext.serializer.Protocol.JSON),
                java.nio.charset.StandardCharsets.UTF_8).replaceAll("(?s).*\"version\"\\s*:\\s*\"1\\.(\\d+)\".*", "$1");
        return Integer.parseInt(version) >= 18;
    }

    static void assertRoundTrips(List<? extends Query<?>> queries, MetaData metadata, ScopedSession scoped) {
        for (Query<?> q : queries) {
            Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q), metadata, scoped);
            assertThat(back.statement().compile().string()).isEqualTo(q.statement().compile().string());
            assertThat(back.all()).isEqualTo(q.all());
        }
    }

    /** {@link #assertRoundTrips(List, MetaData, ScopedSession)} with {@code session} as the scoped session, so that loads give back its instances. */
    void assertRoundTrips(List<? extends Query<?>> queries, Session session) {
        assertRoundTrips(queries, metadata, scoped(session));
    }

    /** A scoped session whose current session is always {@code session}: loading a dumped query binds it to that session. */
    ScopedSession scoped(Session session) {
        return new ScopedSession(SessionFactory.of(engine), new ScopedSession.Scope() {
            @Override
            public Session current() {
                return session;
            }

            @Override
            public void set(Session s) {
            }

            @Override
            public void clear() {
            }
        });
    }

    @Override
    public void close() {
        try {
            if (engine != null) {
                engine.removeListener(recorder);
                sessions.forEach(Session::close);
                metadata.dropAll(engine);
            }
        } finally {
            registry.dispose();
        }
    }
}
