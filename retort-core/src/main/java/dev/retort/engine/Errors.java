package dev.retort.engine;

import dev.retort.dialect.Dialect;
import dev.retort.exc.DBAPIException;
import dev.retort.exc.DataException;
import dev.retort.exc.IntegrityException;
import dev.retort.exc.OperationalException;
import dev.retort.exc.ProgrammingException;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Turns a driver's {@link SQLException} into the {@link DBAPIException} of its category. The
 * category comes from the SQLSTATE class where the driver reports one (PostgreSQL, MariaDB):
 * 23 integrity, 22 data, 42 programming, anything else operational. sqlite-jdbc reports no
 * SQLSTATE but SQLite's result code as the error code: CONSTRAINT (19, and the extended codes
 * whose low byte is 19) integrity, TOOBIG and MISMATCH data, ERROR (missing tables and columns,
 * syntax) and RANGE programming, anything else (BUSY, LOCKED, ...) operational. MySQL and
 * MariaDB report some constraint and data errors with the general SQLSTATE HY000; their error
 * codes decide those: a NOT NULL column left without a value is an integrity error, as it is on
 * the other databases, and a value the column type refuses is a data error. An operational
 * error says whether it is a lost connection or a serialization failure, as the dialect tells
 * ({@link Dialect#isDisconnect}, {@link Dialect#isSerializationFailure}).
 */
final class Errors {
    // SQLite primary result codes (the low byte of an extended code).
    private static final int SQLITE_ERROR = 1;
    private static final int SQLITE_TOOBIG = 18;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_MISMATCH = 20;
    private static final int SQLITE_RANGE = 25;
    // MySQL/MariaDB error codes that come with SQLSTATE HY000 or 01000.
    private static final int ER_WARN_DATA_TRUNCATED = 1265;
    private static final int ER_NO_DEFAULT_FOR_FIELD = 1364;
    private static final int ER_TRUNCATED_WRONG_VALUE_FOR_FIELD = 1366;

    private enum Category { INTEGRITY, DATA, PROGRAMMING, OPERATIONAL }

    private Errors() {
    }

    /**
     * The exception to throw for {@code e}, raised while running {@code sql} (null when no
     * statement was involved, as when connecting) with {@code params}.
     */
    static DBAPIException translate(SQLException e, Dialect dialect, String sql, List<?> params) {
        String message = "(" + e.getClass().getName() + ") " + e.getMessage();
        // The pool's time-out says only that no connection came; the driver's reason is its cause.
        if (e.getCause() instanceof SQLException cause && !Objects.equals(cause.getMessage(), e.getMessage())) {
            message += ": " + cause.getMessage();
        }
        // A driver may quote the URL it failed to connect to.
        message = JdbcTarget.redact(message);
        Category category = category(e, dialect.name());
        boolean disconnect = dialect.isDisconnect(e);
        boolean serialization = dialect.isSerializationFailure(e);
        // ... in its causes too, which a logged stack trace prints.
        SQLException cause = leaksSecret(e) ? redactedCopy(e) : e;
        switch (category) {
            case INTEGRITY: return new IntegrityException(message, sql, params, cause);
            case DATA: return new DataException(message, sql, params, cause);
            case PROGRAMMING: return new ProgrammingException(message, sql, params, cause);
            default: return new OperationalException(message, sql, params, cause, disconnect, serialization);
        }
    }

    private static boolean leaksSecret(Throwable e) {
        for (int depth = 0; e != null && depth < 10; depth++, e = e.getCause()) {
            if (e.getMessage() != null && !e.getMessage().equals(JdbcTarget.redact(e.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /** {@code e} and its causes with their messages redacted: the SQLSTATE, error code and stack traces kept, the driver's classes named. */
    private static SQLException redactedCopy(SQLException e) {
        SQLException copy = new SQLException("(" + e.getClass().getName() + ") " + JdbcTarget.redact(e.getMessage()), e.getSQLState(), e.getErrorCode(),
                redactedCopy(e.getCause(), 0));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private static Throwable redactedCopy(Throwable t, int depth) {
        return t == null || depth >= 10 ? null : new RedactedCause(t, redactedCopy(t.getCause(), depth + 1));
    }

    /** A driver exception's cause, its message redacted. */
    private static final class RedactedCause extends Exception {
        private final String className;

        RedactedCause(Throwable original, Throwable cause) {
            super(JdbcTarget.redact(original.getMessage()), cause, false, true);
            className = original.getClass().getName();
            setStackTrace(original.getStackTrace());
        }

        @Override
        public String toString() {
            return getMessage() == null ? className : className + ": " + getMessage();
        }
    }

    private static Category category(SQLException e, String dialect) {
        // A batch failure or a pool time-out may carry no SQLSTATE of its own: the driver's
        // error is then its cause or its next exception. The depth bound guards against cycles.
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++) {
            if (t instanceof SQLException s) {
                Category c = fromVendorCode(dialect, s.getErrorCode());
                if (c == null) {
                    c = fromSqlState(s.getSQLState());
                }
                if (c != null) {
                    return c;
                }
            }
            t = t.getCause() != null ? t.getCause() : t instanceof SQLException s ? s.getNextException() : null;
        }
        return Category.OPERATIONAL;
    }

    private static Category fromSqlState(String state) {
        if (state == null || state.length() < 2) {
            return null;
        }
        switch (state.substring(0, 2)) {
            case "23": return Category.INTEGRITY;
            case "22": return Category.DATA;
            case "42": return Category.PROGRAMMING;
            default: return Category.OPERATIONAL;
        }
    }

    private static Category fromVendorCode(String dialect, int code) {
        switch (dialect) {
            case "sqlite": return fromSqliteCode(code);
            case "mysql":
            case "mariadb": return fromMysqlCode(code);
            default: return null;
        }
    }

    private static Category fromMysqlCode(int code) {
        switch (code) {
            case ER_NO_DEFAULT_FOR_FIELD: return Category.INTEGRITY;
            case ER_WARN_DATA_TRUNCATED:
            case ER_TRUNCATED_WRONG_VALUE_FOR_FIELD: return Category.DATA;
            default: return null;
        }
    }

    private static Category fromSqliteCode(int code) {
        switch (code & 0xff) {
            case 0: return null;
            case SQLITE_CONSTRAINT: return Category.INTEGRITY;
            case SQLITE_TOOBIG:
            case SQLITE_MISMATCH: return Category.DATA;
            case SQLITE_ERROR:
            case SQLITE_RANGE: return Category.PROGRAMMING;
            default: return Category.OPERATIONAL;
        }
    }
}
