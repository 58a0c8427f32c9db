package dev.retort.spring;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.exc.DBAPIException;
import dev.retort.exc.DataException;
import dev.retort.exc.IntegrityException;
import dev.retort.exc.OperationalException;
import dev.retort.exc.ProgrammingException;
import dev.retort.exc.RetortException;
import dev.retort.exc.SerializationException;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Translates Retort's exceptions into Spring's {@link DataAccessException} hierarchy, as Spring
 * translates JDBC's: an error from the database goes through the same
 * {@link SQLErrorCodeSQLExceptionTranslator} {@code JdbcTemplate} uses (a duplicate key becomes
 * {@code DuplicateKeyException}, a deadlock {@code PessimisticLockingFailureException}, ...);
 * where Spring knows no error codes for the database (SQLite), Retort's own classification
 * decides ({@code IntegrityException} → {@code DataIntegrityViolationException}, ...); a
 * statement Retort itself refuses becomes {@link InvalidDataAccessApiUsageException}.
 * Spring applies it to the beans annotated {@code @Repository}; call
 * {@link #translateExceptionIfPossible} directly elsewhere.
 *
 * <pre>{@code
 * @Repository
 * class Users {   // a Retort IntegrityException thrown here reaches callers as DataIntegrityViolationException
 *     void add(User u) { engine.inTransaction(c -> c.execute(insert(users).values(...))); }
 * }
 * }</pre>
 */
public class RetortExceptionTranslator implements PersistenceExceptionTranslator {
    private final SQLExceptionTranslator jdbc;

    /** Uses the error codes of the database behind {@code dataSource}. */
    public RetortExceptionTranslator(DataSource dataSource) {
        this.jdbc = new SQLErrorCodeSQLExceptionTranslator(dataSource);
    }

    /** Null (left as it is) for exceptions that are not Retort's. */
    @Override
    public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
        if (ex instanceof DBAPIException db && db.sqlException() != null) {
            DataAccessException translated = jdbc.translate("Retort", db.sql(), db.sqlException());
            return translated != null && !(translated instanceof UncategorizedSQLException) ? translated : byRetortsKind(db);
        }
        if (ex instanceof ArgumentException || ex instanceof CompileException || ex instanceof SerializationException) {
            return new InvalidDataAccessApiUsageException(ex.getMessage(), ex);
        }
        if (ex instanceof RetortException) {
            return new RetortDataAccessException(ex);
        }
        return null;
    }

    /**
     * Where Spring has no error codes for the database (SQLite) or the SQLSTATE tells nothing,
     * Retort's own classification of the driver's exception decides.
     */
    private static DataAccessException byRetortsKind(DBAPIException db) {
        String task = "Retort";
        if (db instanceof IntegrityException || db instanceof DataException) {
            return new DataIntegrityViolationException(db.getMessage(), db.sqlException());
        }
        if (db instanceof ProgrammingException) {
            return new BadSqlGrammarException(task, db.sql(), db.sqlException());
        }
        if (db instanceof OperationalException) {
            return new DataAccessResourceFailureException(db.getMessage(), db.sqlException());
        }
        return new UncategorizedSQLException(task, db.sql(), db.sqlException());
    }

    /** A Retort exception of no more specific kind, in Spring's hierarchy. */
    public static final class RetortDataAccessException extends org.springframework.dao.UncategorizedDataAccessException {
        RetortDataAccessException(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
