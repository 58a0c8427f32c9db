package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.SQL;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.Lob;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Reads the Jakarta Persistence annotations of entity classes and maps them through
 * {@link Registry#mapImperatively}: the declarative side of {@link Registry#map}. The only class
 * of the ORM that refers to {@code jakarta.persistence}, so that the API is needed at run time
 * only by those who map annotated classes.
 *
 * <p>Each class gets a table (its {@code @Table} name, or the entity name) whose columns are its
 * persistent fields (not static, not {@code transient}, not {@code @Transient}), named by
 * {@code @Column(name)} or after the field; a {@code @ManyToOne} field adds its
 * {@code @JoinColumn} (by default {@code field_id}) with a foreign key to the target's
 * identifier. A {@code @OneToMany(mappedBy = "x")} collection becomes a relationship whose
 * backref is the target's {@code x}.
 */
final class AnnotationMapping {
    /** What pass one learns of a class: its table, and the fields that are relationships. */
    private record Plan(Class<?> type, String entityName, Table table, Field idField, Field version, List<Field> manyToOne, List<Field> oneToMany,
            List<Field> manyToMany) {
    }

    private final Registry registry;
    private final UnaryOperator<String> tableNaming;
    private final Map<Class<?>, Plan> plans = new LinkedHashMap<>();

    private AnnotationMapping(Registry registry, UnaryOperator<String> tableNaming) {
        this.registry = registry;
        this.tableNaming = tableNaming;
    }

    /** Maps {@code types}: tables first (so foreign keys between them resolve), then the mappers with their relationships. */
    static List<Mapper<?>> map(Registry registry, UnaryOperator<String> tableNaming, List<Class<?>> types) {
        AnnotationMapping m = new AnnotationMapping(registry, tableNaming);
        for (Class<?> t : types) {
            m.plans.put(t, m.plan(t));
        }
        List<Mapper<?>> out = new ArrayList<>();
        for (Plan p : m.plans.values()) {
            out.add(m.mapper(p));
        }
        return out;
    }

    /** Whether {@code type} carries {@code @Entity}. */
    static boolean isEntity(Class<?> type) {
        return type.isAnnotationPresent(Entity.class);
    }

    private Plan plan(Class<?> type) {
        Entity entity = type.getAnnotation(Entity.class);
        if (entity == null) {
            throw new ArgumentException(type.getName() + " has no @Entity annotation; map it with Registry.mapImperatively(...)");
        }
        List<Column<?>> columns = new ArrayList<>();
        List<Field> manyToOne = new ArrayList<>();
        List<Field> oneToMany = new ArrayList<>();
        List<Field> manyToMany = new ArrayList<>();
        Field id = null;
        Field version = null;
        for (Field f : persistentFields(type)) {
            if (f.isAnnotationPresent(OneToMany.class)) {
                oneToMany.add(f);
            } else if (f.isAnnotationPresent(ManyToMany.class)) {
                manyToMany.add(f);
            } else if (f.isAnnotationPresent(ManyToOne.class)) {
                manyToOne.add(f);
                columns.add(joinColumn(type, f));
            } else {
                columns.add(column(type, f));
                if (f.isAnnotationPresent(Id.class)) {
                    if (id != null) {
                        throw new ArgumentException(type.getName() + " has two @Id fields; composite identifiers (@IdClass, @EmbeddedId) are not read");
                    }
                    id = f;
                }
                if (f.isAnnotationPresent(Version.class)) {
                    version = f;
                }
            }
        }
        if (id == null) {
            throw new ArgumentException(type.getName() + " has no @Id field");
        }
        jakarta.persistence.Table t = type.getAnnotation(jakarta.persistence.Table.class);
        String schema = t == null || t.schema().isEmpty() ? null : t.schema();
        Table table = new Table(tableName(type), schema, registry.metadata(), columns.toArray(new Column<?>[0]));
        return new Plan(type, entityName(type), table, id, version, manyToOne, oneToMany, manyToMany);
    }

    private Mapper<?> mapper(Plan p) {
        Map<String, Object> props = new HashMap<>();
        for (Field f : p.oneToMany()) {
            props.put(f.getName(), oneToMany(p, f));
        }
        for (Field f : p.manyToOne()) {
            Class<?> target = f.getType();
            if (mappedBy(target, p.type(), f.getName(), false) == null) {
                Relationship<?> r = ORM.relationship(target).foreignKeys(p.table().c(joinColumnName(f)));
                props.put(f.getName(), target == p.type() ? r.remoteSide(p.table().c(idField(target).getName())) : r);
            }
        }
        for (Field f : p.manyToMany()) {
            ManyToMany mtm = f.getAnnotation(ManyToMany.class);
            if (mtm.mappedBy().isEmpty()) {
                props.put(f.getName(), manyToMany(p, f));
            }
        }
        Mapper<?> m = registry.mapImperatively(p.entityName(), p.type(), p.table(), props);
        if (p.version() != null) {
            m.versionCounter(p.table().c(p.version().getName()));
        }
        return m;
    }

    private Relationship<?> oneToMany(Plan p, Field f) {
        OneToMany otm = f.getAnnotation(OneToMany.class);
        Class<?> target = elementType(p.type(), f);
        if (otm.mappedBy().isEmpty()) {
            throw new ArgumentException("@OneToMany " + p.type().getSimpleName() + "." + f.getName()
                    + " needs mappedBy (the @ManyToOne field of " + target.getSimpleName() + " that holds the foreign key)");
        }
        Field owning = fieldOf(target, otm.mappedBy());
        Relationship<?> r = ORM.relationship(target).backref(otm.mappedBy()).foreignKeys(tableOf(target).c(joinColumnName(owning)));
        List<String> cascades = new ArrayList<>();
        for (CascadeType c : otm.cascade()) {
            if (c == CascadeType.ALL || c == CascadeType.REMOVE) {
                cascades.add("delete");
            }
        }
        if (otm.orphanRemoval()) {
            cascades.add("delete-orphan");
        }
        if (!cascades.isEmpty()) {
            r = r.cascade(String.join(",", cascades));
        }
        OrderBy ob = f.getAnnotation(OrderBy.class);
        if (ob != null) {
            r = r.orderBy(orderBy(target, ob.value()));
        }
        return r;
    }

    /**
     * The owning side of a many-to-many: its {@code @JoinTable} (by default {@code Owner_Target},
     * columns named as JPA does) becomes a table of the metadata, and the relationship's
     * {@code secondary}; a {@code @ManyToMany(mappedBy)} on the target becomes its backref.
     */
    private Relationship<?> manyToMany(Plan p, Field f) {
        Class<?> target = elementType(p.type(), f);
        Field inverse = mappedBy(target, p.type(), f.getName(), true);
        JoinTable jt = f.getAnnotation(JoinTable.class);
        Field ownerId = idField(p.type());
        Field targetId = idField(target);
        String name = jt == null || jt.name().isEmpty() ? p.entityName() + "_" + entityName(target) : jt.name();
        String ownerColumn = jt != null && jt.joinColumns().length == 1 && !jt.joinColumns()[0].name().isEmpty() ? jt.joinColumns()[0].name()
                : (inverse != null ? inverse.getName() : p.entityName()) + "_" + columnName(ownerId);
        String targetColumn = jt != null && jt.inverseJoinColumns().length == 1 && !jt.inverseJoinColumns()[0].name().isEmpty()
                ? jt.inverseJoinColumns()[0].name() : f.getName() + "_" + columnName(targetId);
        Table assoc = new Table(tableNaming.apply(name), p.table().schema(), registry.metadata(),
                Column.of(ownerColumn, typeOf(p.type(), ownerId, null)).primaryKey().autoincrement(false)
                        .foreignKey(p.table().key() + "." + columnName(ownerId)),
                Column.of(targetColumn, typeOf(target, targetId, null)).primaryKey().autoincrement(false)
                        .foreignKey(tableOf(target).key() + "." + columnName(targetId)));
        Relationship<?> r = ORM.relationship(target).secondary(assoc);
        if (inverse != null) {
            r = r.backref(inverse.getName());
        }
        OrderBy ob = f.getAnnotation(OrderBy.class);
        return ob == null ? r : r.orderBy(orderBy(target, ob.value()));
    }

    private static Field fieldOf(Class<?> type, String name) {
        for (Field f : persistentFields(type)) {
            if (f.getName().equals(name)) {
                return f;
            }
        }
        throw new ArgumentException(type.getSimpleName() + " has no field '" + name + "' for mappedBy");
    }

    /** {@code @OrderBy("name DESC, id")}: attribute names of {@code target} (empty: by its identifier). */
    private ColumnElement<?>[] orderBy(Class<?> target, String spec) {
        Table table = tableOf(target);
        List<ColumnElement<?>> out = new ArrayList<>();
        String text = spec.isBlank() ? idField(target).getName() : spec;
        for (String part : text.split(",")) {
            String[] words = part.trim().split("\\s+");
            ColumnElement<?> c = table.c(words[0]);
            boolean desc = words.length > 1 && words[1].equalsIgnoreCase("desc");
            out.add(desc ? SQL.desc(c) : c);
        }
        return out.toArray(new ColumnElement<?>[0]);
    }

    /**
     * The collection of {@code owner}s on {@code target} (a {@code @ManyToMany}, else a
     * {@code @OneToMany}) whose {@code mappedBy} is {@code field}: the side that maps it as a backref; or null.
     */
    private static Field mappedBy(Class<?> target, Class<?> owner, String field, boolean manyToMany) {
        for (Field f : persistentFields(target)) {
            ManyToMany mtm = f.getAnnotation(ManyToMany.class);
            OneToMany otm = f.getAnnotation(OneToMany.class);
            String mappedBy = manyToMany ? (mtm == null ? null : mtm.mappedBy()) : (otm == null ? null : otm.mappedBy());
            if (field.equals(mappedBy) && elementType(target, f) == owner) {
                return f;
            }
        }
        return null;
    }

    private static Class<?> elementType(Class<?> owner, Field f) {
        OneToMany otm = f.getAnnotation(OneToMany.class);
        if (otm != null && otm.targetEntity() != void.class) {
            return otm.targetEntity();
        }
        ManyToMany mtm = f.getAnnotation(ManyToMany.class);
        if (mtm != null && mtm.targetEntity() != void.class) {
            return mtm.targetEntity();
        }
        if (f.getGenericType() instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        throw new ArgumentException(owner.getSimpleName() + "." + f.getName() + " needs an element type: List<Target> or targetEntity");
    }

    /** The fields that map to columns or relationships, the superclasses' first. */
    private static List<Field> persistentFields(Class<?> type) {
        List<Field> out = new ArrayList<>();
        if (type.getSuperclass() != null && type.getSuperclass() != Object.class && type.getSuperclass() != Record.class
                && type.getSuperclass().isAnnotationPresent(jakarta.persistence.MappedSuperclass.class)) {
            out.addAll(persistentFields(type.getSuperclass()));
        }
        for (Field f : type.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (!Modifier.isStatic(mod) && !Modifier.isTransient(mod) && !f.isAnnotationPresent(Transient.class) && !f.isSynthetic()) {
                out.add(f);
            }
        }
        return out;
    }

    private static String entityName(Class<?> type) {
        Entity e = type.getAnnotation(Entity.class);
        return e == null || e.name().isEmpty() ? type.getSimpleName() : e.name();
    }

    private String tableName(Class<?> type) {
        jakarta.persistence.Table t = type.getAnnotation(jakarta.persistence.Table.class);
        return tableNaming.apply(t == null || t.name().isEmpty() ? entityName(type) : t.name());
    }

    /** The table of {@code target}: planned in this call, or of its mapper. */
    private Table tableOf(Class<?> target) {
        Plan p = plans.get(target);
        return p != null ? p.table() : Registry.mapperFor(target).table();
    }

    private static Field idField(Class<?> type) {
        for (Field f : persistentFields(type)) {
            if (f.isAnnotationPresent(Id.class)) {
                return f;
            }
        }
        throw new ArgumentException(type.getName() + " has no @Id field");
    }

    private static String columnName(Field f) {
        jakarta.persistence.Column c = f.getAnnotation(jakarta.persistence.Column.class);
        return c == null || c.name().isEmpty() ? f.getName() : c.name();
    }

    /**
     * A generated BIGINT key as SQLite's {@code INTEGER} (which alone aliases the rowid that
     * SQLite generates), its values still Longs.
     */
    @SuppressWarnings("unchecked")
    private static Column<Long> sqliteRowid(Column<Long> c) {
        TypeEngine<Long> rowid = (TypeEngine<Long>) Types.named("sqlite", "INTEGER", TypeKind.BIGINT);
        Column<Long> out = Column.of(c.name(), Types.BIGINT.withVariant(rowid, "sqlite")).key(c.key());
        return out.primaryKey().autoincrement(true);
    }

    @SuppressWarnings("unchecked")
    private static Column<?> column(Class<?> owner, Field f) {
        jakarta.persistence.Column ann = f.getAnnotation(jakarta.persistence.Column.class);
        Column<?> c = Column.of(columnName(f), typeOf(owner, f, ann));
        if (!c.key().equals(f.getName())) {
            c.key(f.getName());
        }
        if (f.isAnnotationPresent(Id.class)) {
            c.primaryKey().autoincrement(f.isAnnotationPresent(GeneratedValue.class));
            if (f.isAnnotationPresent(GeneratedValue.class) && c.type().javaType() == Long.class) {
                c = sqliteRowid((Column<Long>) c);
            }
        } else {
            boolean nullable = (ann == null || ann.nullable()) && !f.getType().isPrimitive();
            c.nullable(nullable);
            if (ann != null && ann.unique()) {
                c.unique();
            }
        }
        return c;
    }

    /** The foreign key column of a {@code @ManyToOne} field, referring to the target's identifier column. */
    private Column<?> joinColumn(Class<?> owner, Field f) {
        Class<?> target = f.getType();
        if (!isEntity(target)) {
            throw new ArgumentException("@ManyToOne " + owner.getSimpleName() + "." + f.getName() + " refers to " + target.getName() + ", not an @Entity");
        }
        Field targetId = idField(target);
        Column<?> c = Column.of(joinColumnName(f), typeOf(target, targetId, null)).foreignKey(tableName(target) + "." + referencedColumnName(f));
        JoinColumn jc = f.getAnnotation(JoinColumn.class);
        ManyToOne mto = f.getAnnotation(ManyToOne.class);
        return c.nullable(mto.optional() && (jc == null || jc.nullable()));
    }

    /** The identifier column of a {@code @ManyToOne} field's target that its join column refers to. */
    private static String referencedColumnName(Field f) {
        JoinColumn jc = f.getAnnotation(JoinColumn.class);
        return jc == null || jc.referencedColumnName().isEmpty() ? columnName(idField(f.getType())) : jc.referencedColumnName();
    }

    /** The join column of a {@code @ManyToOne} field: {@code @JoinColumn(name)}, else {@code field_id} as JPA names it. */
    private static String joinColumnName(Field f) {
        JoinColumn jc = f.getAnnotation(JoinColumn.class);
        return jc == null || jc.name().isEmpty() ? f.getName() + "_" + referencedColumnName(f) : jc.name();
    }

    private static TypeEngine<?> typeOf(Class<?> owner, Field f, jakarta.persistence.Column ann) {
        Class<?> t = f.getType();
        boolean lob = f.isAnnotationPresent(Lob.class);
        if (t == String.class) {
            return lob ? Types.TEXT : Types.string(ann == null ? 255 : ann.length());
        }
        if (t == Integer.class || t == int.class) {
            return Types.INTEGER;
        }
        if (t == Long.class || t == long.class) {
            return Types.BIGINT;
        }
        if (t == Short.class || t == short.class) {
            return Types.SMALLINT;
        }
        if (t == Boolean.class || t == boolean.class) {
            return Types.BOOLEAN;
        }
        if (t == Double.class || t == double.class || t == Float.class || t == float.class) {
            return Types.DOUBLE;
        }
        if (t == BigDecimal.class) {
            boolean given = ann != null && ann.precision() > 0;
            return Types.numeric(given ? ann.precision() : 19, given ? ann.scale() : 2);
        }
        if (t == LocalDate.class) {
            return Types.DATE;
        }
        if (t == LocalTime.class) {
            return Types.TIME;
        }
        if (t == LocalDateTime.class) {
            return Types.DATETIME;
        }
        if (t == OffsetDateTime.class) {
            return Types.TIMESTAMP;
        }
        if (t == byte[].class) {
            return Types.LARGE_BINARY;
        }
        if (t == UUID.class) {
            return Types.UUID;
        }
        throw new ArgumentException(owner.getSimpleName() + "." + f.getName() + " is a " + t.getName() + ", which Registry.map() has no column type for; mark it @Transient, or map the class with mapImperatively(...)");
    }
}
