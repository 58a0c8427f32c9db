package dev.retort.cli;

import static dev.retort.sql.SQL.*;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.ReflectOptions;
import dev.retort.schema.Table;
import dev.retort.sql.CTE;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.Select;
import dev.retort.types.Types;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code retort demo [--url JDBC_URL]}: a guided tour of Retort. It defines a schema, inserts
 * rows, and runs a series of statements, printing each one's SQL, parameters and rows; then one
 * program saves a report as a dumped query in a table, and a second one, with no schema code of
 * its own, reflects the database, loads the report and runs it.
 *
 * <p>By default the tour runs on an embedded SQLite file, {@code retort-demo.db}, made anew and
 * kept. Given {@code --url}, it runs there instead: it refuses a database that already has one of
 * its tables, and drops them again at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Takes the guided tour of Retort.",
            "A schema, rows, a series of statements with their SQL, parameters and rows, and a report saved by"
                + " one program and loaded and run by another. Runs on a new SQLite file, retort-demo.db (kept"
                + " afterwards), or on the database given by --url, which must not have the tables users, orders or"
                + " saved_queries: the tour creates them and drops them at the end."})
final class DemoCommand implements Callable<Integer> {
    static final Path DEFAULT_FILE = Path.of("retort-demo.db");

    @Option(names = "--url", paramLabel = "JDBC_URL", description = "The database to run the tour on (default: jdbc:sqlite:retort-demo.db, made anew).")
    String url;

    @Mixin
    Login login;

    @Spec
    CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        Engine engine = url == null ? freshFile() : login.engine(url, spec);
        try {
            MetaData metadata = schema();
            if (url != null) {
                refuseExistingTables(engine, metadata);
            }
            try {
                tour(engine, metadata, url == null ? "jdbc:sqlite:" + DEFAULT_FILE : Login.redact(url));
            } finally {
                if (url != null) {
                    metadata.dropAll(engine);
                    spec.commandLine().getErr().println("Dropped the tour's tables from " + Login.redact(url));
                }
            }
        } finally {
            engine.dispose();
            out.flush();
        }
        return Retort.OK;
    }

    private static Engine freshFile() {
        try {
            Files.deleteIfExists(DEFAULT_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot replace " + DEFAULT_FILE + ": " + e.getMessage(), e);
        }
        return Engine.create("jdbc:sqlite:" + DEFAULT_FILE);
    }

    /** The tour creates, fills and drops its tables: it must not touch ones of the same names that it did not make. */
    private void refuseExistingTables(Engine engine, MetaData metadata) {
        MetaData existing = new MetaData();
        existing.reflect(engine, ReflectOptions.builder().only(metadata.tables()::containsKey).build());
        if (!existing.tables().isEmpty()) {
            throw new ArgumentException("The tour creates and drops the tables " + String.join(", ", metadata.tables().keySet()) + "; "
                    + Login.redact(url) + " already has " + String.join(", ", existing.tables().keySet()) + ". Give an empty database or schema.");
        }
    }

    /** The demo's schema, as the first program defines it in code. */
    static MetaData schema() {
        MetaData metadata = new MetaData();
        new Table("users", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(50)).nullable(false),
                Column.of("age", Types.INTEGER));
        new Table("orders", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("user_id", Types.INTEGER).foreignKey("users.id"),
                Column.of("qty", Types.INTEGER),
                Column.of("status", Types.string(20)));
        new Table("saved_queries", metadata,
                Column.of("name", Types.string(40)).primaryKey(),
                Column.of("body", Types.LARGE_BINARY).nullable(false));
        return metadata;
    }

    private void tour(Engine engine, MetaData metadata, String shownUrl) {
        Table users = metadata.table("users");
        Table orders = metadata.table("orders");
        out.println("Retort demo on " + shownUrl + "\n");
        metadata.createAll(engine);
        try (Connection conn = engine.begin()) {
            conn.execute(insert(users), List.of(
                    Map.of("id", 1, "name", "ann", "age", 31), Map.of("id", 2, "name", "bob", "age", 17),
                    Map.of("id", 3, "name", "cy"), Map.of("id", 4, "name", "dee", "age", 52)));
            conn.execute(insert(orders), List.of(
                    Map.of("id", 1, "user_id", 1, "qty", 3, "status", "open"), Map.of("id", 2, "user_id", 1, "qty", 1, "status", "done"),
                    Map.of("id", 3, "user_id", 2, "qty", 7, "status", "open"), Map.of("id", 4, "user_id", 4, "qty", 2, "status", "done")));
        }
        try (Connection conn = engine.connect()) {
            show(conn, "Adults, oldest first",
                    select(users.c("name"), users.c("age")).where(users.c("age").ge(18)).orderBy(desc(users.c("age"))));
            show(conn, "A join inferred from the foreign key, grouped",
                    select(users.c("name"), func("sum", orders.c("qty")).label("total"))
                            .join(orders).groupBy(users.c("name")).having(func("sum", orders.c("qty")).gt(2)));
            show(conn, "IN lists expand; NULL comparisons become IS NULL",
                    select(users.c("name")).where(or(users.c("id").in(List.of(1, 2)), users.c("age").eq(null))));
            show(conn, "CASE and a correlated scalar subquery",
                    select(users.c("name"),
                            caseWhen(users.c("age").lt(18), "minor").otherwise("adult").label("kind"),
                            select(func("count", orders.c("id"))).where(orders.c("user_id").eq(users.c("id"))).label("orders")));
            show(conn, "A window function",
                    select(orders.c("id"), orders.c("qty"),
                            func("sum", orders.c("qty")).over().partitionBy(orders.c("user_id")).orderBy(orders.c("id")).rows(null, 0).label("running")));
            CTE open = select(orders.c("user_id"), func("count", orders.c("id")).label("n"))
                    .where(orders.c("status").eq("open")).groupBy(orders.c("user_id")).cte("open_orders");
            show(conn, "A CTE joined to a table",
                    select(users.c("name"), open.c("n")).selectFrom(users.join(open, users.c("id").eq(open.c("user_id")))));
            show(conn, "UNION",
                    union(select(users.c("id")).where(users.c("age").gt(40)), select(orders.c("user_id")).where(orders.c("qty").gt(5))));
            show(conn, "UPDATE with an expression",
                    update(users).where(users.c("name").eq("bob")).values(Map.of("age", users.c("age").add(1))));
            show(conn, "Hostile input stays a value",
                    select(users.c("name")).where(users.c("name").eq("x'; DROP TABLE users; --")));
            conn.commit();
        }
        saveQuery(engine, metadata);
        runSavedQuery(engine);
        out.println("The same statement for each dialect:");
        ClauseElement s = select(users.c("name").concat("!")).where(users.c("name").ilike("A%")).limit(2);
        for (String d : Retort.DIALECTS) {
            out.printf("  %-10s %s%n", d, oneLine(s.compile(Dialects.byName(d)).string()));
        }
    }

    /** The report the tour saves: the quantity of open orders per user, through the join the foreign key gives. */
    static Select openOrdersReport(MetaData metadata) {
        Table users = metadata.table("users");
        Table orders = metadata.table("orders");
        return select(users.c("name"), func("sum", orders.c("qty")).label("total"))
                .join(orders).where(orders.c("status").eq("open")).groupBy(users.c("name")).orderBy(desc(users.c("name")));
    }

    /** One program saves a report definition: the statement, dumped, in a LARGE_BINARY column. */
    private void saveQuery(Engine engine, MetaData metadata) {
        Select report = openOrdersReport(metadata);
        byte[] body = QuerySerializer.dumps(report);
        try (Connection conn = engine.begin()) {
            conn.execute(insert(metadata.table("saved_queries")).values(Map.of("name", "open-orders", "body", body)));
        }
        out.println("-- Saved the report 'open-orders' (" + body.length + " bytes):");
        out.println(oneLine(report.toString()) + "\n");
    }

    /**
     * Another program, without the schema code, reflects the database into a MetaData of its own
     * and loads the saved statement: its tables are re-bound to the reflected Table objects, and
     * it runs as if built there.
     */
    private void runSavedQuery(Engine engine) {
        MetaData reflected = new MetaData();
        reflected.reflect(engine);
        Table saved = reflected.table("saved_queries");
        try (Connection conn = engine.connect()) {
            byte[] body = (byte[]) conn.execute(select(saved.c("body")).where(saved.c("name").eq("open-orders"))).scalar();
            ClauseElement report = (ClauseElement) QuerySerializer.loads(body, reflected);
            show(conn, "The saved report, loaded by a second program into its reflected schema and run", report);
        }
    }

    private void show(Connection conn, String title, ClauseElement stmt) {
        Compiled c = stmt.compile(conn.dialect());
        out.println("-- " + title);
        out.println(oneLine(c.string()));
        if (!c.params().isEmpty()) {
            out.println("   params " + c.params());
        }
        var result = conn.execute(stmt);
        if (c.returnsRows()) {
            for (Row r : result.all()) {
                out.println("   " + r.toList());
            }
        } else {
            out.println("   " + result.rowCount() + " row(s) affected");
        }
        out.println();
    }

    private static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ").trim();
    }
}
