package dev.retort.exc;

import java.sql.SQLException;
import java.util.List;

/** A {@link DBAPIException} of one category; see the package documentation. */
public class DataException extends DBAPIException {
    public DataException(String message, String sql, List<?> parameters, SQLException cause) {
        super(message, sql, parameters, cause);
    }
}
