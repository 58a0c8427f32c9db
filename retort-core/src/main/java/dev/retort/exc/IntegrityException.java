package dev.retort.exc;

import java.sql.SQLException;
import java.util.List;

/** A {@link DBAPIException} of one category; see the package documentation. */
public class IntegrityException extends DBAPIException {
    public IntegrityException(String message, String sql, List<?> parameters, SQLException cause) {
        super(message, sql, parameters, cause);
    }
}
