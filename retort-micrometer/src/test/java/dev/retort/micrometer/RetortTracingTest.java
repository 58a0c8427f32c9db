package dev.retort.micrometer;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;

/** What Micrometer Tracing (an OpenTelemetry or Brave bridge) receives: a span per statement, child of the caller's span. */
class RetortTracingTest {

    @Test
    void eachStatementIsASpanUnderTheCallersSpanWithItsSqlTemplate() {
        SimpleTracer tracer = new SimpleTracer();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try {
            RetortObservations.observe(engine, registry);
            TableClause t = table("sqlite_master", column("name", Types.STRING));
            Observation request = Observation.start("request", registry);
            try (Observation.Scope scope = request.openScope()) {
                engine.inTransaction(c -> c.execute(select(t.c("name")).where(t.c("name").eq("secret-table"))).all());
            }
            request.stop();

            SimpleSpan requestSpan = tracer.getSpans().stream().filter(s -> s.getName().equals("request")).findFirst().orElseThrow();
            SimpleSpan statement = tracer.getSpans().stream().filter(s -> s.getName().equals("select")).findFirst().orElseThrow();
            assertThat(statement.getParentId()).isEqualTo(requestSpan.getSpanId());
            assertThat(statement.getTraceId()).isEqualTo(requestSpan.getTraceId());
            assertThat(statement.getTags()).containsEntry("db.statement", "SELECT sqlite_master.name \nFROM sqlite_master \nWHERE sqlite_master.name = ?")
                    .containsEntry("db.operation", "select").containsEntry("db.system", "sqlite")
                    .containsEntry("retort.compiled.cache", "miss");
            assertThat(statement.getTags().values()).noneMatch(v -> v.contains("secret-table"));
            assertThat(statement.getEndTimestamp()).isAfterOrEqualTo(statement.getStartTimestamp());
        } finally {
            engine.dispose();
        }
    }
}
