package dev.retort.ext.serializer;

import dev.retort.engine.Engine;
import dev.retort.exc.SerializationException;
import dev.retort.orm.Mapper;
import dev.retort.orm.Session;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.Attr;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.TableClause;
import dev.retort.sql.Traversal;
import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Walks a tree and writes it to a {@link TreeSink}: schema tables and columns, mapped classes
 * (by entity name), sessions and engines as references,
 * lightweight tables and columns by value, every other node by its kind's declared attributes.
 * A node reached again is written as a reference to its first occurrence, so shared nodes
 * (a bind parameter used twice, a subquery and its columns) stay shared.
 */
final class Encoder {
    private final TreeSink sink;
    private final Map<Object, Integer> ids = new IdentityHashMap<>();
    private final Map<TypeEngine<?>, Integer> typeIds = new java.util.HashMap<>();

    Encoder(TreeSink sink) {
        this.sink = sink;
    }

    void write(Object value) {
        if (value == null) {
            sink.nullValue();
        } else if (value instanceof ClauseElement e) {
            node(e);
        } else if (value instanceof TypeEngine<?> t) {
            type(t);
        } else if (value instanceof dev.retort.schema.ColumnDefault d) {
            // a parameter taking its column's default (a later row of a multi-row INSERT leaving the column out):
            // the column's reference, loaded as the loading side's default, so a supplier is asked there at each execution
            if (d.column().defaultValue() != d) {
                throw new SerializationException("A parameter takes the on-update value of column '" + d.column().name()
                        + "', which cannot be written as a reference (only a column's default can)");
            }
            node(d.column());
        } else if (value instanceof List<?> l) {
            sink.beginList(l.size());
            for (Object o : l) {
                write(o);
            }
            sink.endList();
        } else {
            scalar(value);
        }
    }

    private void node(ClauseElement e) {
        Integer prior = ids.get(e);
        if (prior != null) {
            sink.ref(prior);
            return;
        }
        if (e instanceof Table t) {
            sink.tableRef(t.key());
            return;
        }
        if (e instanceof Mapper<?> m) {
            sink.entityRef(m.entityName());
            return;
        }
        if (e instanceof Column<?> c) {
            if (c.table() == null) {
                throw new SerializationException("Column '" + c.name() + "' belongs to no table and cannot be written as a reference");
            }
            sink.columnRef(c.table().key(), c.key());
            return;
        }
        int id = ids.size();
        ids.put(e, id);
        if (e instanceof TableClause t) {
            lightTable(id, t);
        } else if (e instanceof ColumnClause<?> c) {
            lightColumn(id, c);
        } else {
            declared(id, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void declared(int id, ClauseElement e) {
        Traversal t = e.declaration();
        if (t.isIdentity() || Traversal.forKind(t.kind()) != t) {
            throw new SerializationException("Cannot serialize a " + e.getClass().getName() + " (node kind '" + t.kind() + "')");
        }
        if (e instanceof dev.retort.sql.BindParameter<?> b && b.supplier() != null) {
            // asking the supplier now would freeze one execution's value into the document
            throw new SerializationException("Bind parameter '" + (b.key() != null ? b.key() : b.prefix())
                    + "' takes its value from a Supplier at each execution and cannot be serialized; give it a value (params()) first");
        }
        List<Attr> attrs = t.attrs();
        Object[] values = t.values(e);
        // A document holds the attributes of its format version (readers count them by it): one
        // declared for a later version is left out while unset, and refused when set.
        int written = 0;
        for (int i = 0; i < values.length; i++) {
            if (attrs.get(i).since() <= BinaryFormat.MINOR) {
                written++;
            } else if (values[i] != null && !(values[i] instanceof List<?> l && l.isEmpty())) {
                throw new SerializationException("Attribute '" + attrs.get(i).name() + "' of node kind '" + t.kind() + "' needs serializer format "
                        + BinaryFormat.MAJOR + "." + attrs.get(i).since() + "; this Retort writes " + BinaryFormat.MAJOR + "." + BinaryFormat.MINOR);
            }
        }
        sink.beginNode(t.kind(), id, written);
        for (int i = 0; i < values.length; i++) {
            if (attrs.get(i).since() <= BinaryFormat.MINOR) {
                sink.field(attrs.get(i).name());
                // a count (an ORM query's LIMIT) is a parameter in the tree and its integer in a document, as it always was
                write(attrs.get(i).isCount() && values[i] instanceof dev.retort.sql.BindParameter<?> b ? b.value() : values[i]);
            }
        }
        sink.endNode();
    }

    private void lightTable(int id, TableClause t) {
        List<? extends ColumnClause<?>> cols = t.columns();
        sink.beginLightTable(id, t.name(), t.schema(), cols.size());
        for (ColumnClause<?> c : cols) {
            sink.beginLightTableColumn(c.name(), c.isLiteral());
            sink.field("type");
            type(c.type());
            sink.endLightTableColumn();
        }
        sink.endLightTable();
    }

    private void lightColumn(int id, ColumnClause<?> c) {
        sink.beginLightColumn(id, c.name(), c.isLiteral());
        sink.field("table");
        write(c.table());
        sink.field("type");
        type(c.type());
        sink.endLightColumn();
    }

    /** Each distinct type is written once; later occurrences refer to it (most nodes carry one). */
    private void type(TypeEngine<?> t) {
        Integer prior = typeIds.get(t);
        if (prior != null) {
            sink.typeRef(prior);
            return;
        }
        writeType(t);
        typeIds.put(t, typeIds.size());
    }

    private void writeType(TypeEngine<?> t) {
        if (t instanceof SqlType<?> s) {
            Map<String, ? extends TypeEngine<?>> variants = s.variants();
            sink.beginSqlType(s.kind().name(), s.length(), s.precision(), s.scale(), variants.size());
            for (Map.Entry<String, ? extends TypeEngine<?>> v : new java.util.TreeMap<>(variants).entrySet()) {
                sink.variantDialect(v.getKey());
                type(v.getValue());
            }
            sink.endSqlType(variants.size());
            return;
        }
        TypeCodec<?> codec = Codecs.typeCodecFor(t.getClass());
        if (codec == null) {
            throw new SerializationException("No TypeCodec is registered for the type " + t.getClass().getName() + " (" + t
                    + "); register one with Codecs.register(TypeCodec.of(...)) on both sides");
        }
        sink.codecType(codec.name(), codec.encode(t));
    }

    private void scalar(Object v) {
        if (v instanceof String s) {
            sink.string(s);
        } else if (v instanceof Integer i) {
            sink.intValue(i);
        } else if (v instanceof Boolean b) {
            sink.bool(b);
        } else if (v instanceof Long l) {
            sink.longValue(l);
        } else if (v instanceof Short s) {
            sink.shortValue(s);
        } else if (v instanceof Double d) {
            sink.doubleValue(d);
        } else if (v instanceof Float f) {
            sink.floatValue(f);
        } else if (v instanceof BigDecimal d) {
            sink.text(ScalarTag.DECIMAL, d.toString());
        } else if (v instanceof BigInteger b) {
            sink.text(ScalarTag.BIG_INTEGER, b.toString());
        } else if (v instanceof LocalDate d) {
            sink.text(ScalarTag.DATE, d.toString());
        } else if (v instanceof LocalTime t) {
            sink.text(ScalarTag.TIME, t.toString());
        } else if (v instanceof LocalDateTime t) {
            sink.text(ScalarTag.DATETIME, t.toString());
        } else if (v instanceof OffsetDateTime t) {
            sink.text(ScalarTag.OFFSET_DATETIME, t.toString());
        } else if (v instanceof Instant t) {
            sink.text(ScalarTag.INSTANT, t.toString());
        } else if (v instanceof java.time.ZonedDateTime z) {
            // As the instant at its offset: what a TIMESTAMP keeps of it on every database (the zone's rules are not kept).
            sink.text(ScalarTag.OFFSET_DATETIME, z.toOffsetDateTime().toString());
        } else if (v instanceof java.time.Duration d) {
            sink.text(ScalarTag.DURATION, d.toString());
        } else if (v instanceof byte[] b) {
            sink.bytes(b);
        } else if (v instanceof UUID u) {
            sink.uuid(u);
        } else if (v instanceof dev.retort.orm.LoaderCriteria.Criterion c) {
            throw new SerializationException("Cannot serialize loader criteria given as a Java lambda (" + c
                    + "); give ORM.withLoaderCriteria an expression over the class's attributes");
        } else if (v instanceof Class<?> c) {
            // a document never names a class to load
            throw new SerializationException(c.isRecord() ? "Cannot serialize a bundle making records of " + c.getName()
                    + "; dump the bundle of rows and call as(" + c.getSimpleName() + ".class) on the loaded one"
                    : c == Map.class ? "Cannot serialize a bundle making maps (ORM.dictBundle); dump a bundle of rows (ORM.bundle) instead"
                    : "Cannot serialize loader criteria for the unmapped class " + c.getName() + "; give ORM.withLoaderCriteria a mapped class");
        } else if (v instanceof Session) {
            sink.sessionRef();
        } else if (v instanceof Engine) {
            sink.engineRef();
        } else if (v instanceof Enum<?> e && EnumFamilies.familyOf(e) != null) {
            sink.enumValue(EnumFamilies.familyOf(e), e.name());
        } else {
            ValueCodec<?> codec = Codecs.valueCodecFor(v.getClass());
            if (codec == null) {
                throw new SerializationException("No ValueCodec is registered for values of " + v.getClass().getName()
                        + "; register one with Codecs.register(ValueCodec.of(...)) on both sides");
            }
            sink.codecValue(codec.name(), codec.encode(v));
        }
    }
}
