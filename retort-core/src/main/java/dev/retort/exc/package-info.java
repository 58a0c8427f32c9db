/**
 * Retort's exceptions. {@link dev.retort.exc.RetortException} is the unchecked root.
 *
 * <ul>
 *   <li>{@code ArgumentException}: a bad argument to an API call ({@code NoSuchColumnException},
 *       {@code NoSuchTableException} name the table and key).
 *   <li>{@code CompileException}: a construct that cannot be rendered for a dialect.
 *   <li>{@code DBAPIException}: the database refused a statement; {@code IntegrityException}
 *       (constraint violations), {@code DataException} (bad values), {@code ProgrammingException}
 *       (SQL errors, missing tables), {@code OperationalException} (connection and other failures;
 *       {@code isDisconnect()}, {@code isSerializationFailure()}), and {@code CommitOutcomeUnknownException}
 *       (an {@code OperationalException}: the connection was lost during COMMIT).
 *   <li>{@code StaleDataException}: a flush's UPDATE or DELETE of a versioned ORM entity matched
 *       no row (the entity name and key say which).
 *   <li>{@code SerializationException} and {@code UnresolvedReferenceException}: the serializer.
 * </ul>
 */
package dev.retort.exc;
