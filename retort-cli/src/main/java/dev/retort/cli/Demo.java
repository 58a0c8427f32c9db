package dev.retort.cli;

import static dev.retort.sql.SQL.*;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.CTE;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.Select;
import dev.retort.types.Types;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A guided tour of Retort on an embedded SQLite file: it defines a schema, inserts rows, and
 * runs a series of statements, printing each one's SQL, parameters and rows.
 *
 * <pre>
 * mvn -q -pl retort-cli -am compile exec:java            # or: exec:java -Dexec.args="other.db"
 * </pre>
 */
public final class Demo {
    private final PrintStream out;

    Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "retort-demo.db");
        Files.deleteIfExists(file);
        new Demo(System.out).run("jdbc:sqlite:" + file);
    }

    /** The demo's schema; each program that uses the database defines it in its own MetaData. */
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

    void run(String url) {
        MetaData metadata = schema();
        Table users = metadata.table("users");
        Table orders = metadata.table("orders");

        Engine engine = Engine.create(url);
        try {
            out.println("Retort demo on " + url + "\n");
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
            for (String d : List.of("default", "sqlite", "postgresql", "mysql")) {
                out.printf("  %-10s %s%n", d, oneLine(s.compile(dev.retort.dialect.Dialects.byName(d)).string()));
            }
        } finally {
            engine.dispose();
        }
    }

    /** One program saves a report definition: the statement, dumped, in a LARGE_BINARY column. */
    private void saveQuery(Engine engine, MetaData metadata) {
        Table users = metadata.table("users");
        Table orders = metadata.table("orders");
        Select report = select(users.c("name"), func("sum", orders.c("qty")).label("total"))
                .join(orders).where(orders.c("status").eq("open")).groupBy(users.c("name")).orderBy(desc(users.c("name")));
        byte[] body = QuerySerializer.dumps(report);
        try (Connection conn = engine.begin()) {
            conn.execute(insert(metadata.table("saved_queries")).values(Map.of("name", "open-orders", "body", body)));
        }
        out.println("-- Saved the report 'open-orders' (" + body.length + " bytes):");
        out.println(oneLine(report.toString()) + "\n");
    }

    /**
     * Another program, with its own MetaData for the same schema, loads the saved statement:
     * its tables are re-bound to this program's Table objects, and it runs as if built here.
     */
    private void runSavedQuery(Engine engine) {
        MetaData mine = schema();
        Table saved = mine.table("saved_queries");
        try (Connection conn = engine.connect()) {
            byte[] body = (byte[]) conn.execute(select(saved.c("body")).where(saved.c("name").eq("open-orders"))).scalar();
            ClauseElement report = (ClauseElement) QuerySerializer.loads(body, mine);
            show(conn, "The saved report, loaded by a second program and run", report);
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
