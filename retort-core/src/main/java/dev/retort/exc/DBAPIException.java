package dev.retort.exc;

import java.sql.SQLException;
import java.util.List;

/**
 * An error raised by the database driver. Wraps the driver's {@link SQLException} and carries
 * the SQL and the parameters of the statement that failed.
 *
 * <pre>{@code
 * catch (IntegrityException e) { e.sql(); e.parameters(); e.getCause(); }
 * }</pre>
 */
public class DBAPIException extends RetortException {
    private final String sql;
    private final List<Object> parameters;

    public DBAPIException(String message, String sql, List<?> parameters, SQLException cause) {
        super(message + (sql == null ? "" : "\n[SQL: " + sql + "]") + describe(parameters), cause);
        this.sql = sql;
        this.parameters = parameters == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
    }

    /** The parameters for the message: a batch's sets beyond the tenth are counted, not listed. */
    private static String describe(List<?> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            return "";
        }
        if (parameters.size() > 10 && parameters.get(0) instanceof List<?>) {
            return "\n[parameters: " + parameters.subList(0, 10) + " ... and " + (parameters.size() - 10) + " more parameter sets]";
        }
        return "\n[parameters: " + parameters + "]";
    }

    /** The SQL text sent to the driver, or null when the failure came before any statement. */
    public String sql() {
        return sql;
    }

    /** The parameter values, in the order they were bound. */
    public List<Object> parameters() {
        return parameters;
    }

    /** The driver's exception. */
    public SQLException sqlException() {
        return (SQLException) getCause();
    }
}
