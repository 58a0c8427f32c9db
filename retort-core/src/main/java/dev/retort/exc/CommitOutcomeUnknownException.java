package dev.retort.exc;

import java.sql.SQLException;
import java.util.List;

/**
 * The connection was lost while a COMMIT was under way: the database may or may not have
 * committed the transaction, and no one can tell from this side. Never retried automatically;
 * the application reconciles, typically by looking for the effect of the transaction (a row
 * with an idempotency key it wrote) and running it again only when the effect is absent.
 *
 * <pre>{@code
 * try {
 *     engine.inTransaction(conn -> conn.execute(insert(payments), Map.of("request_id", requestId, "amount", 10)));
 * } catch (CommitOutcomeUnknownException e) {
 *     e.statements();           // what the transaction ran, with parameters
 *     boolean done = engine.transaction(conn -> conn.execute(
 *             select(payments.c("request_id")).where(payments.c("request_id").eq(requestId))).first() != null);
 *     if (!done) { ... run it again ... }
 * }
 * }</pre>
 */
public class CommitOutcomeUnknownException extends OperationalException {
    private final List<Statement> statements;
    private final int statementCount;

    /**
     * @param statements the transaction's statements, or its first ones when it ran many
     * @param statementCount how many statements the transaction ran
     */
    public CommitOutcomeUnknownException(String message, List<Statement> statements, int statementCount, SQLException cause) {
        super(message + describe(statements, statementCount), "COMMIT", List.of(), cause, true, false);
        this.statements = List.copyOf(statements);
        this.statementCount = statementCount;
    }

    /** One statement the transaction ran: its SQL and its parameters (a list of sets for a batch). */
    public record Statement(String sql, List<Object> parameters) {
        public Statement {
            // One copy: new ArrayList<>(a view) copied the view's toArray() again (16 KB for a thousand-row UPDATE FROM VALUES).
            parameters = parameters == null ? List.of() : java.util.Collections.unmodifiableList(java.util.Arrays.asList(parameters.toArray()));
        }
    }

    /**
     * The statements of the transaction whose commit may or may not have happened, in order (the
     * first ones only when it ran more than the connection keeps; see {@link #statementCount()}).
     */
    public List<Statement> statements() {
        return statements;
    }

    /** How many statements the transaction ran. */
    public int statementCount() {
        return statementCount;
    }

    private static String describe(List<Statement> statements, int count) {
        StringBuilder b = new StringBuilder("\n[the transaction ran " + count + " statement(s):");
        int shown = Math.min(10, statements.size());
        for (int i = 0; i < shown; i++) {
            b.append("\n  ").append(statements.get(i).sql());
        }
        if (count > shown) {
            b.append("\n  ... and ").append(count - shown).append(" more");
        }
        return b.append(']').toString();
    }
}
