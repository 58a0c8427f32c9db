package dev.retort.schema;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.NextValue;
import dev.retort.types.TypeEngine;

/**
 * A database sequence: SQLAlchemy's {@code Sequence}. Immutable; each option returns a copy.
 * {@link CreateSequence} and {@link DropSequence} write its DDL, {@link #nextValue()} is its next
 * value in a statement ({@code nextval('s')} on PostgreSQL, {@code nextval(s)} on MariaDB; SQLite and
 * MySQL, which have no sequences, refuse it). Given to a column ({@link Column#sequence}), it makes
 * the column's values: an INSERT without one takes the sequence's next value, and
 * {@code MetaData.createAll} creates the sequence before the tables ({@code dropAll} drops it after).
 *
 * <pre>{@code
 * Sequence seq = new Sequence("order_id_seq").start(1000).increment(10);
 * Table orders = new Table("orders", metadata, Column.of("id", Types.BIGINT).primaryKey().sequence(seq));
 * new CreateSequence(seq).compile(Dialects.postgresql()).string();   // CREATE SEQUENCE order_id_seq INCREMENT BY 10 START WITH 1000
 * conn.execute(select(seq.nextValue())).scalar();                     // SELECT nextval('order_id_seq') AS next_value_1
 * }</pre>
 *
 * @param name the sequence's name
 * @param schema its schema, or null for the connection's
 * @param start START WITH, or null
 * @param increment INCREMENT BY, or null
 * @param minValue MINVALUE, or null
 * @param maxValue MAXVALUE, or null
 * @param noMinValue NO MINVALUE
 * @param noMaxValue NO MAXVALUE
 * @param cache CACHE, or null
 * @param cycle CYCLE (true), NO CYCLE (false), or null for neither
 * @param dataType the values' type: {@code AS type} on PostgreSQL, and the type of {@link #nextValue()} (INTEGER when null)
 * @param optional whether the sequence is used only where the database has no other way to generate
 *        a key (SQLAlchemy's {@code optional=True}): PostgreSQL then writes the column SERIAL and leaves it out
 */
public record Sequence(String name, String schema, Long start, Long increment, Long minValue, Long maxValue, boolean noMinValue,
        boolean noMaxValue, Long cache, Boolean cycle, TypeEngine<?> dataType, boolean optional) {

    public Sequence {
        if (name == null || name.isEmpty()) {
            throw new ArgumentException("A sequence needs a name");
        }
        if (cache != null && cache < 1) {
            throw new ArgumentException("A sequence's CACHE is at least 1, got " + cache);
        }
    }

    /** A sequence named {@code name} in the connection's schema, with the database's defaults. */
    public Sequence(String name) {
        this(name, null, null, null, null, null, false, false, null, null, null, false);
    }

    public Sequence schema(String value) {
        return new Sequence(name, value, start, increment, minValue, maxValue, noMinValue, noMaxValue, cache, cycle, dataType, optional);
    }

    public Sequence start(long value) {
        return new Sequence(name, schema, value, increment, minValue, maxValue, noMinValue, noMaxValue, cache, cycle, dataType, optional);
    }

    public Sequence increment(long value) {
        return new Sequence(name, schema, start, value, minValue, maxValue, noMinValue, noMaxValue, cache, cycle, dataType, optional);
    }

    public Sequence minValue(long value) {
        return new Sequence(name, schema, start, increment, value, maxValue, noMinValue, noMaxValue, cache, cycle, dataType, optional);
    }

    public Sequence maxValue(long value) {
        return new Sequence(name, schema, start, increment, minValue, value, noMinValue, noMaxValue, cache, cycle, dataType, optional);
    }

    /** {@code NO MINVALUE} (true): the type's least value. */
    public Sequence noMinValue(boolean value) {
        return new Sequence(name, schema, start, increment, minValue, maxValue, value, noMaxValue, cache, cycle, dataType, optional);
    }

    /** {@code NO MAXVALUE} (true): the type's greatest value. */
    public Sequence noMaxValue(boolean value) {
        return new Sequence(name, schema, start, increment, minValue, maxValue, noMinValue, value, cache, cycle, dataType, optional);
    }

    /** CACHE n: how many values the database hands out ahead; at least 1. */
    public Sequence cache(long value) {
        return new Sequence(name, schema, start, increment, minValue, maxValue, noMinValue, noMaxValue, value, cycle, dataType, optional);
    }

    /** {@code CYCLE} (true) or {@code NO CYCLE} (false; MariaDB's {@code NOCYCLE}). */
    public Sequence cycle(boolean value) {
        return new Sequence(name, schema, start, increment, minValue, maxValue, noMinValue, noMaxValue, cache, value, dataType, optional);
    }

    /** The values' type ({@code CREATE SEQUENCE s AS BIGINT} on PostgreSQL). */
    public Sequence dataType(TypeEngine<?> type) {
        return new Sequence(name, schema, start, increment, minValue, maxValue, noMinValue, noMaxValue, cache, cycle, type, optional);
    }

    /** Used only where the database has no other way to generate a key (SQLAlchemy's {@code optional=True}). */
    public Sequence optional(boolean value) {
        return new Sequence(name, schema, start, increment, minValue, maxValue, noMinValue, noMaxValue, cache, cycle, dataType, value);
    }

    /**
     * The sequence's next value in a statement: SQLAlchemy's {@code next_value()}. Each evaluation
     * advances the sequence.
     *
     * <pre>{@code
     * conn.execute(insert(t).values(Map.of("id", seq.nextValue(), "name", "x")));
     * }</pre>
     */
    public NextValue<?> nextValue() {
        return new NextValue<>(name, schema, dataType);
    }

    /** {@code schema.name}, or the name: how {@code MetaData} keys it. */
    public String key() {
        return schema == null ? name : schema + "." + name;
    }
}
