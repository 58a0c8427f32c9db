package dev.retort.orm;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;

/**
 * Loaders cut their IN lists into chunks of 500 (as the seeds' selectin loader), so loads past
 * every database's parameter limit work: PostgreSQL and MariaDB take at most 65,535 parameters
 * a statement, SQLite 32,766. 70,000 parents with one child each, inserted in one batch.
 */
class ChunkedInTest {
    static final int N = 70_000;

    @AutoClose
    private ParentChildModel model;

    @EachDatabase
    void selectinAndManyToOneLoadsPastTheParameterLimit(Databases.Database db) {
        model = new ParentChildModel(db, "save-update");
        List<Map<String, Object>> parents = new ArrayList<>(N);
        List<Map<String, Object>> children = new ArrayList<>(N);
        for (int i = 1; i <= N; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", i);
            p.put("name", "p" + i);
            parents.add(p);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", i);
            c.put("name", "c" + i);
            c.put("parent_id", i);
            children.add(c);
        }
        model.engine.inTransaction(conn -> {
            conn.execute(insert(model.parents), parents);
            conn.execute(insert(model.children), children);
        });
        if (db == Databases.Database.POSTGRESQL) {
            // Statistics, as autovacuum would soon gather: on a table PostgreSQL has never analysed, the
            // generic plan it switches to for a statement run many times scans all 70,000 rows once per
            // IN value (seconds per chunk), where a real table's plan looks the keys up in the index.
            model.engine.inTransaction(conn -> {
                conn.execute(text("ANALYZE " + model.parents.name()));
                conn.execute(text("ANALYZE " + model.children.name()));
            });
        }

        Session s = model.open();
        model.sql.clear();
        List<P> all = s.query(P.class).options(ORM.selectinLoad(ORM.attr(P.class, "children"))).all();
        assertThat(all).hasSize(N);
        assertThat(model.sql).hasSize(1 + N / Loading.CHUNK);
        assertThat(all).allMatch(p -> p.children.size() == 1 && p.children.get(0).id.equals(p.id) && p.children.get(0).parent == p);
        s.close();

        Session other = model.open();
        model.sql.clear();
        List<C> kids = other.query(C.class).all();
        assertThat(kids).hasSize(N);
        assertThat(model.sql).hasSize(1 + N / Loading.CHUNK);
        assertThat(kids).allMatch(c -> c.parent != null && c.parent.id.equals(c.id) && c.parent.name.equals("p" + c.id));
    }
}
