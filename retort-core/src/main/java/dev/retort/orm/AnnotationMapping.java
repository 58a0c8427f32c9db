package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Index;
import dev.retort.schema.SchemaItem;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.SQL;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.DiscriminatorColumn;
import jakarta.persistence.DiscriminatorType;
import jakarta.persistence.DiscriminatorValue;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.Lob;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PrimaryKeyJoinColumn;
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
import java.util.Comparator;
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
 * backref is the target's {@code x}. {@code @Column(unique = true)}, {@code @Table(uniqueConstraints)}
 * and {@code @Table(indexes)} (its {@code columnList} in order, {@code DESC} honoured) become the
 * table's unique constraints and indexes, named as given, else by the MetaData's naming convention.
 *
 * <p>Class hierarchies: an entity extending another entity is mapped as its subclass, after it
 * whatever the order given. The root's {@code @Inheritance} strategy (by default, as JPA says,
 * {@code SINGLE_TABLE}) applies to the whole hierarchy: a single-table subclass's columns are
 * added to the root's table (nullable), one column for sibling subclasses that each map a column of that name (each
 * under its own field); a joined subclass gets a table of its own whose key
 * ({@code @PrimaryKeyJoinColumn(name)}, else the superclass's key column name) refers to the
 * superclass's key. The root's table gets the discriminator column, {@code @DiscriminatorColumn}
 * or JPA's default {@code DTYPE VARCHAR(31)} (also for {@code JOINED}: the ORM tells each row's
 * class by it), and each class's value is its {@code @DiscriminatorValue}, else its entity name.
 *
 * <p>An owning {@code @OneToOne} is read as a {@code @ManyToOne} whose join column is unique; its
 * {@code mappedBy} side is a one-to-many holding one target ({@link Relationship#uselist}). With
 * {@code @MapsId} a reference's join column is the entity's one {@code @Id} column. Enums
 * map by {@code @Enumerated} (JPA's default {@code ORDINAL}); a {@code @Convert} field's type is its
 * converter's ({@link ConvertedType}). An {@code @Embedded} (or {@code @Embeddable}-typed) field's
 * columns join the owner's table as an {@link ORM#composite}; an {@code @EmbeddedId} is one whose
 * columns are the key, and several {@code @Id} fields ({@code @IdClass}) make a composite key.
 * An {@code @ElementCollection} gets a collection table of its own ({@link ElementCollectionProp}),
 * a List's with its {@code @OrderColumn}.
 */
final class AnnotationMapping {
    /**
     * What pass one learns of a class: the fields that are relationships, and its place in a
     * hierarchy (its entity superclass; for a root, its discriminator column's name; the
     * discriminator value of either).
     */
    private record Plan(Class<?> type, String entityName, Field version, List<Field> manyToOne, List<Field> oneToMany, List<Field> manyToMany,
            List<Field> embedded, List<Field> elementCollections, Class<?> parent, String discriminator, Object identity) {
    }

    private final Registry registry;
    private final UnaryOperator<String> tableNaming;
    private final Map<Class<?>, Plan> plans = new LinkedHashMap<>();
    /** The columns of each table to build, by the class that owns it (a single-table subclass adds to its root's). */
    private final Map<Class<?>, List<Column<?>>> columns = new LinkedHashMap<>();
    private final Map<Class<?>, Table> tables = new HashMap<>();
    /** The single-table subclass that added each column to its root's table. */
    private final Map<Column<?>, Class<?>> addedBy = new java.util.IdentityHashMap<>();
    /**
     * For a single-table subclass, its fields' columns that a sibling subclass added to the shared table already (the
     * same column name), by the key the class gives it: the class maps that column under its own key.
     */
    private final Map<Class<?>, Map<String, Column<?>>> shared = new HashMap<>();
    /** The enum of each column type {@link #enumerated} made, for its column's CHECK. */
    private final Map<TypeEngine<?>, Class<?>> enums = new java.util.IdentityHashMap<>();
    /** The constraints of each table to build besides its columns' own: composite foreign keys and unique references. */
    private final Map<Class<?>, List<SchemaItem>> constraints = new HashMap<>();

    private AnnotationMapping(Registry registry, UnaryOperator<String> tableNaming) {
        this.registry = registry;
        this.tableNaming = tableNaming;
    }

    /**
     * Maps {@code types}: tables first (so foreign keys between them resolve), then the mappers
     * with their relationships, superclasses before their subclasses.
     */
    static List<Mapper<?>> map(Registry registry, UnaryOperator<String> tableNaming, List<Class<?>> types) {
        AnnotationMapping m = new AnnotationMapping(registry, tableNaming);
        List<Class<?>> sorted = new ArrayList<>();
        for (Class<?> t : types) {
            if (t.isAnnotationPresent(Converter.class)) {
                autoApplied(registry, t);
            } else {
                sorted.add(t);
            }
        }
        sorted.sort(Comparator.comparingInt(AnnotationMapping::depth));
        for (Class<?> t : sorted) {
            m.plans.put(t, m.plan(t, sorted));
        }
        for (Plan p : m.plans.values()) {
            for (Field f : p.oneToMany()) {
                m.childColumns(p, f);
            }
        }
        m.columns.forEach((owner, cols) -> {
            jakarta.persistence.Table t = owner.getAnnotation(jakarta.persistence.Table.class);
            String schema = t == null || t.schema().isEmpty() ? null : t.schema();
            List<SchemaItem> items = new ArrayList<>(cols);
            items.addAll(m.constraints.getOrDefault(owner, List.of()));
            if (t != null) {
                for (jakarta.persistence.UniqueConstraint u : t.uniqueConstraints()) {
                    List<Column<?>> on = new ArrayList<>();
                    for (String name : u.columnNames()) {
                        on.add(listedColumn(owner, cols, name.trim()));
                    }
                    items.add(new UniqueConstraint(u.name().isEmpty() ? null : u.name(), on));
                }
            }
            Table table = new Table(m.tableName(owner), schema, registry.metadata(), items.toArray(new SchemaItem[0]));
            if (t != null) {
                for (jakarta.persistence.Index ix : t.indexes()) {
                    index(owner, cols, ix).attachTo(table);
                }
            }
            m.tables.put(owner, table);
        });
        List<Mapper<?>> out = new ArrayList<>();
        for (Plan p : m.plans.values()) {
            out.add(m.mapper(p));
        }
        return out;
    }

    /**
     * The index a {@code @Table(indexes = @Index(...))} declares: its {@code columnList}
     * ({@code "a, b DESC"}) in order, each column name optionally followed by {@code ASC} or
     * {@code DESC}; unnamed, the MetaData's naming convention names it.
     */
    private static Index index(Class<?> owner, List<Column<?>> cols, jakarta.persistence.Index ix) {
        List<ColumnElement<?>> on = new ArrayList<>();
        for (String part : ix.columnList().split(",")) {
            String[] words = part.trim().split("\\s+");
            if (words.length > 2 || words.length == 2 && !words[1].equalsIgnoreCase("asc") && !words[1].equalsIgnoreCase("desc")) {
                throw new ArgumentException(owner.getName() + " @Index columnList \"" + ix.columnList() + "\": \"" + part.trim()
                        + "\" is not a column name optionally followed by ASC or DESC");
            }
            Column<?> c = listedColumn(owner, cols, words[0]);
            on.add(words.length == 2 && words[1].equalsIgnoreCase("desc") ? c.desc() : c);
        }
        String name = ix.name().isEmpty() ? null : ix.name();
        ColumnElement<?>[] exprs = on.toArray(new ColumnElement<?>[0]);
        return ix.unique() ? Index.unique(name, exprs) : new Index(name, exprs);
    }

    /** The column of {@code owner}'s table named {@code name} in an {@code @Index} or {@code @UniqueConstraint}. */
    private static Column<?> listedColumn(Class<?> owner, List<Column<?>> cols, String name) {
        return cols.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new ArgumentException(owner.getName() + " @Table lists column '" + name
                        + "', which its table does not have (columns: " + cols.stream().map(Column::name).toList() + ")"));
    }

    /**
     * Registers {@code @Converter(autoApply = true)} class {@code c} with {@code registry}: it converts
     * every attribute of its attribute type ({@code X} of its {@code AttributeConverter<X, Y>}) of the
     * classes mapped after it that names no converter of its own.
     */
    private static void autoApplied(Registry registry, Class<?> c) {
        if (!c.getAnnotation(Converter.class).autoApply()) {
            throw new ArgumentException(c.getName() + " is a @Converter without autoApply = true: name it where it applies, with @Convert(converter = "
                    + c.getSimpleName() + ".class), rather than in Registry.map()");
        }
        Class<?> attribute = AttributeConverter.class.isAssignableFrom(c) ? converterArgument(c, 0) : null;
        if (attribute == null) {
            throw new ArgumentException(c.getName() + " is a @Converter(autoApply = true) but does not implement AttributeConverter<X, Y> with X a class");
        }
        Class<?> before = registry.autoApply(attribute, c);
        if (before != null && before != c) {
            throw new ArgumentException(c.getName() + " and " + before.getName() + " are both @Converter(autoApply = true) for " + attribute.getName());
        }
    }

    /** Whether {@code type} is a {@code @Converter(autoApply = true)}: {@link Registry#scan} maps those it finds. */
    static boolean isAutoConverter(Class<?> type) {
        Converter c = type.getAnnotation(Converter.class);
        return c != null && c.autoApply();
    }

    /** Whether {@code type} carries {@code @Entity}. */
    static boolean isEntity(Class<?> type) {
        return type.isAnnotationPresent(Entity.class);
    }

    private Plan plan(Class<?> type, List<Class<?>> all) {
        Entity entity = type.getAnnotation(Entity.class);
        if (entity == null) {
            throw new ArgumentException(type.getName() + " has no @Entity annotation; map it with Registry.mapImperatively(...)");
        }
        if (type.isAnnotationPresent(Convert.class) || type.isAnnotationPresent(jakarta.persistence.Converts.class)) {
            throw new ArgumentException(type.getName() + " has @Convert on the class, which Registry.map() does not read: put it on the field it converts,"
                    + " or make the converter @Converter(autoApply = true)");
        }
        Class<?> parent = entityParent(type);
        Class<?> root = rootOf(type);
        boolean polymorphic = parent != null || type.isAnnotationPresent(Inheritance.class) || type.isAnnotationPresent(DiscriminatorColumn.class)
                || all.stream().anyMatch(t -> t != type && type.isAssignableFrom(t));
        InheritanceType strategy = polymorphic ? strategy(root) : null;
        List<Column<?>> columns = new ArrayList<>();
        List<Field> manyToOne = new ArrayList<>();
        List<Field> oneToMany = new ArrayList<>();
        List<Field> manyToMany = new ArrayList<>();
        List<Field> embedded = new ArrayList<>();
        List<Field> elementCollections = new ArrayList<>();
        List<Field> ids = new ArrayList<>();
        Field version = null;
        Field mapsId = mapsIdReference(type);
        for (Field f : persistentFields(type)) {
            if (f.isAnnotationPresent(ElementCollection.class)) {
                elementCollections.add(f);
            } else if (f.isAnnotationPresent(jakarta.persistence.OrderColumn.class) && !f.isAnnotationPresent(OneToMany.class)
                    && !(f.isAnnotationPresent(ManyToMany.class) && f.getAnnotation(ManyToMany.class).mappedBy().isEmpty())) {
                throw new ArgumentException(type.getSimpleName() + "." + f.getName() + " has @OrderColumn, which Registry.map() reads on element collections,"
                        + " @OneToMany lists and the owning side of @ManyToMany lists");
            } else if (f.isAnnotationPresent(OneToMany.class)) {
                oneToMany.add(f);
            } else if (f.isAnnotationPresent(ManyToMany.class)) {
                manyToMany.add(f);
            } else if (f.isAnnotationPresent(OneToOne.class) && !f.getAnnotation(OneToOne.class).mappedBy().isEmpty()) {
                oneToMany.add(f);
            } else if (f.isAnnotationPresent(ManyToOne.class) || f.isAnnotationPresent(OneToOne.class)) {
                manyToOne.add(f);
                if (!f.equals(mapsId)) {
                    columns.addAll(joinColumns(type, f));
                }
            } else if (f.isAnnotationPresent(EmbeddedId.class) || f.isAnnotationPresent(Embedded.class) || f.getType().isAnnotationPresent(Embeddable.class)) {
                embedded.add(f);
                List<Column<?>> parts = embeddedColumns(type, f);
                if (f.isAnnotationPresent(EmbeddedId.class)) {
                    if (mapsId != null) {
                        // @MapsId("x"): the key's part x is the reference's join column, named as Hibernate names it.
                        String key = mapsIdKey(mapsId);
                        parts.replaceAll(c -> c.key().equals(key) ? joinColumn(type, mapsId).key(key) : c);
                    }
                    parts.forEach(c -> c.primaryKey().autoincrement(false));
                    ids.add(f);
                }
                columns.addAll(parts);
            } else {
                // The identifier that a @MapsId reference gives is its join column.
                columns.add(mapsId != null && f.isAnnotationPresent(Id.class) ? joinColumn(type, mapsId).key(f.getName()) : column(type, f));
                if (f.isAnnotationPresent(Id.class)) {
                    ids.add(f);
                }
                if (f.isAnnotationPresent(Version.class)) {
                    version = f;
                }
            }
        }
        if (parent != null && !ids.isEmpty()) {
            throw new ArgumentException(type.getName() + " declares @Id " + ids.get(0).getName() + ", but inherits its identifier from " + parent.getName());
        }
        if (ids.isEmpty() && parent == null) {
            throw new ArgumentException(type.getName() + " has no @Id field");
        }
        if (ids.size() > 1 && ids.stream().anyMatch(f -> f.isAnnotationPresent(EmbeddedId.class))) {
            throw new ArgumentException(type.getName() + " has an @EmbeddedId and other @Id fields: the embedded identifier is the whole key");
        }
        String discriminator = null;
        if (parent == null && polymorphic) {
            DiscriminatorColumn dc = type.getAnnotation(DiscriminatorColumn.class);
            discriminator = dc == null ? "DTYPE" : dc.name();
            if (columnNamed(columns, discriminator) == null) {
                columns.add(Column.of(discriminator, discriminatorType(dc)).nullable(false));
            }
        } else if (strategy == InheritanceType.JOINED) {
            columns.add(0, inheritedKey(type, parent));
        } else if (strategy == InheritanceType.SINGLE_TABLE) {
            if (!plans.containsKey(root) && !columns.isEmpty()) {
                throw new ArgumentException(type.getName() + " is a single-table subclass of " + root.getName()
                        + ": map them in the same call, as its columns become columns of " + root.getSimpleName() + "'s table");
            }
            // Other classes' rows of the shared table have no value for them.
            columns.forEach(c -> c.nullable(true));
        }
        if (parent != null && !plans.containsKey(parent) && mappedEarlier(type, parent).polymorphicOn() == null) {
            throw new ArgumentException(type.getName() + " extends " + parent.getName() + ", which was mapped without a discriminator column: map them in the same call, or annotate "
                    + parent.getSimpleName() + " with @Inheritance");
        }
        if (tableOwner(type) == type) {
            this.columns.put(type, columns);
        } else {
            columns.forEach(c -> addToRoot(type, root, c));
        }
        return new Plan(type, entityName(type), version, manyToOne, oneToMany, manyToMany, embedded, elementCollections, parent, discriminator, polymorphic ? identity(type, root) : null);
    }

    /**
     * Adds single-table subclass {@code type}'s column {@code c} to its root's table, unless a sibling subclass (not a
     * superclass of {@code type}) added a column of that name: Hibernate lets single-table subclasses map one column
     * each, and {@code type} maps the sibling's column under its own key (SQLAlchemy's {@code use_existing_column}).
     */
    private void addToRoot(Class<?> type, Class<?> root, Column<?> c) {
        List<Column<?>> rootColumns = this.columns.get(root);
        Column<?> same = columnNamed(rootColumns, c.name());
        Class<?> sibling = same == null ? null : addedBy.get(same);
        if (sibling == null || sibling.isAssignableFrom(type)) {
            rootColumns.add(c);
            addedBy.put(c, type);
            return;
        }
        if (same.type().javaType() != c.type().javaType()) {
            throw new ArgumentException(type.getName() + " maps column '" + c.name() + "' of " + root.getSimpleName() + "'s table as " + c.type()
                    + ", but " + sibling.getName() + " maps it as " + same.type() + ": single-table subclasses sharing a column give it one type");
        }
        shared.computeIfAbsent(type, k -> new LinkedHashMap<>()).put(c.key(), same);
    }

    /**
     * {@code type}'s {@code @MapsId} reference, or null: a {@code @ManyToOne}/{@code @OneToOne}
     * whose join column is the entity's one {@code @Id} column, or with {@code @MapsId("x")} the
     * column of its {@code @EmbeddedId}'s field {@code x} (named as the join column, as Hibernate
     * names it), the identifier (or its part) taking the target's on flush.
     */
    private static Field mapsIdReference(Class<?> type) {
        List<Field> refs = persistentFields(type).stream().filter(f -> f.isAnnotationPresent(jakarta.persistence.MapsId.class)).toList();
        if (refs.isEmpty()) {
            return null;
        }
        Field f = refs.get(0);
        String where = type.getName() + "." + f.getName() + " @MapsId";
        List<Field> ids = persistentFields(type).stream().filter(i -> i.isAnnotationPresent(Id.class) || i.isAnnotationPresent(EmbeddedId.class)).toList();
        String value = f.getAnnotation(jakarta.persistence.MapsId.class).value();
        boolean intoEmbedded = ids.size() == 1 && ids.get(0).isAnnotationPresent(EmbeddedId.class)
                && leafPaths(ids.get(0).getType()).stream().anyMatch(path -> path.size() == 1 && path.get(0).getName().equals(value));
        if (refs.size() > 1 || ids.size() != 1 || (value.isEmpty() ? !ids.get(0).isAnnotationPresent(Id.class) : !intoEmbedded)) {
            throw new ArgumentException(where + ": Registry.map() reads one @MapsId, without a value for an entity with one @Id field, or @MapsId(\"x\") naming"
                    + " a basic field of its @EmbeddedId, not an @IdClass key, an embeddable part or a whole embedded key: map it with mapImperatively(...)");
        }
        if (!f.isAnnotationPresent(ManyToOne.class) && !f.isAnnotationPresent(OneToOne.class)) {
            throw new ArgumentException(where + " is on neither a @ManyToOne nor a @OneToOne");
        }
        if (ids.get(0).isAnnotationPresent(GeneratedValue.class)) {
            throw new ArgumentException(where + ": its @Id " + ids.get(0).getName() + " comes from the reference, so cannot be @GeneratedValue");
        }
        return f;
    }

    /** The mapper of {@code type}'s entity superclass {@code parent}, mapped by an earlier call. */
    private static Mapper<?> mappedEarlier(Class<?> type, Class<?> parent) {
        try {
            return Registry.mapperFor(parent);
        } catch (ArgumentException e) {
            throw new ArgumentException(type.getName() + " extends the entity " + parent.getName() + ": map that too, in the same call or before", e);
        }
    }

    /** How many superclasses {@code type} has: superclasses map first. */
    private static int depth(Class<?> type) {
        int n = 0;
        for (Class<?> c = type.getSuperclass(); c != null; c = c.getSuperclass()) {
            n++;
        }
        return n;
    }

    /** The nearest superclass of {@code type} that is an {@code @Entity}, or null. */
    private static Class<?> entityParent(Class<?> type) {
        for (Class<?> c = type.getSuperclass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (isEntity(c)) {
                return c;
            }
        }
        return null;
    }

    /** The entity at the top of {@code type}'s hierarchy (itself if it extends no entity). */
    private static Class<?> rootOf(Class<?> type) {
        Class<?> root = type;
        for (Class<?> up = entityParent(type); up != null; up = entityParent(up)) {
            root = up;
        }
        return root;
    }

    /** The hierarchy's strategy: its root's {@code @Inheritance}, by default {@code SINGLE_TABLE}. */
    private static InheritanceType strategy(Class<?> root) {
        Inheritance in = root.getAnnotation(Inheritance.class);
        InheritanceType s = in == null ? InheritanceType.SINGLE_TABLE : in.strategy();
        if (s == InheritanceType.TABLE_PER_CLASS) {
            throw new ArgumentException(root.getName() + " has @Inheritance(strategy = TABLE_PER_CLASS), which Registry.map() does not read: use SINGLE_TABLE or JOINED");
        }
        return s;
    }

    /** The class whose table holds {@code type}'s own columns: its root's for single-table inheritance. */
    private static Class<?> tableOwner(Class<?> type) {
        Class<?> root = rootOf(type);
        return root != type && strategy(root) == InheritanceType.SINGLE_TABLE ? root : type;
    }

    private static TypeEngine<?> discriminatorType(DiscriminatorColumn dc) {
        DiscriminatorType t = dc == null ? DiscriminatorType.STRING : dc.discriminatorType();
        return switch (t) {
            case INTEGER -> Types.INTEGER;
            case CHAR -> Types.string(1);
            case STRING -> Types.string(dc == null ? 31 : dc.length());
        };
    }

    /** {@code type}'s discriminator value: its {@code @DiscriminatorValue}, else (for a string discriminator) its entity name. */
    private static Object identity(Class<?> type, Class<?> root) {
        DiscriminatorColumn dc = root.getAnnotation(DiscriminatorColumn.class);
        DiscriminatorType t = dc == null ? DiscriminatorType.STRING : dc.discriminatorType();
        DiscriminatorValue dv = type.getAnnotation(DiscriminatorValue.class);
        if (dv == null) {
            if (t != DiscriminatorType.STRING) {
                throw new ArgumentException(type.getName() + " needs @DiscriminatorValue: the discriminator column of " + root.getSimpleName() + " is " + t);
            }
            return entityName(type);
        }
        if (t == DiscriminatorType.INTEGER) {
            try {
                return Integer.valueOf(dv.value().trim());
            } catch (NumberFormatException e) {
                throw new ArgumentException("@DiscriminatorValue(\"" + dv.value() + "\") of " + type.getName() + " is not an integer, as the discriminator column of "
                        + root.getSimpleName() + " is", e);
            }
        }
        return dv.value();
    }

    /**
     * A joined subclass's key column: {@code @PrimaryKeyJoinColumn(name)}, else named as the
     * superclass's, referring to it.
     */
    private Column<?> inheritedKey(Class<?> type, Class<?> parent) {
        Field id = idField(type);
        return Column.of(keyColumnName(type), typeOf(type, id, null)).primaryKey().autoincrement(false)
                .foreignKey(tableName(tableOwner(parent)) + "." + keyColumnName(parent));
    }

    /** The name of {@code type}'s key column in its own table. */
    private static String keyColumnName(Class<?> type) {
        Class<?> parent = entityParent(type);
        if (parent == null || strategy(rootOf(type)) != InheritanceType.JOINED) {
            return columnName(idField(type));
        }
        PrimaryKeyJoinColumn pk = type.getAnnotation(PrimaryKeyJoinColumn.class);
        return pk == null || pk.name().isEmpty() ? keyColumnName(parent) : pk.name();
    }

    private static Column<?>[] columns(Table table, List<String> keys) {
        return keys.stream().map(table::c).toArray(Column<?>[]::new);
    }

    private static Column<?> columnNamed(List<Column<?>> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private Mapper<?> mapper(Plan p) {
        Map<String, Object> props = new HashMap<>();
        for (Field f : p.oneToMany()) {
            props.put(f.getName(), f.isAnnotationPresent(OneToOne.class) ? inverseOneToOne(p, f) : oneToMany(p, f));
        }
        for (Field f : p.manyToOne()) {
            Class<?> target = f.getType();
            if (mappedBy(target, p.type(), f.getName(), false) == null) {
                Table table = tableOf(p.type());
                Relationship<?> r = ORM.relationship(target).foreignKeys(columns(table, joinColumnKeys(f)));
                props.put(f.getName(), target == p.type() ? r.remoteSide(table.primaryKeyColumns().toArray(new Column<?>[0])) : r);
            }
        }
        for (Field f : p.manyToMany()) {
            ManyToMany mtm = f.getAnnotation(ManyToMany.class);
            if (mtm.mappedBy().isEmpty()) {
                props.put(f.getName(), manyToMany(p, f));
            }
        }
        Table table = tableOf(p.type());
        for (Field f : p.embedded()) {
            List<List<Field>> paths = leafPaths(f.getType());
            List<Column<?>> parts = new ArrayList<>();
            for (List<Field> path : paths) {
                parts.add(table.c(embeddedKey(f, path)));
            }
            boolean flat = paths.stream().allMatch(path -> path.size() == 1);
            props.put(f.getName(), flat ? ORM.composite(f.getType(), parts.toArray(new Column<?>[0])) : Composite.nested(f.getType(), parts, paths));
        }
        for (Field f : p.elementCollections()) {
            props.put(f.getName(), elementCollection(p, f));
        }
        lazyBasics(p.type(), table, props);
        shared.getOrDefault(p.type(), Map.of()).forEach((key, c) -> {
            if (!key.equals(c.key())) {
                props.put(key, table.c(c.key()));
            }
        });
        InheritanceSpec spec = null;
        if (p.parent() != null) {
            spec = ORM.inherits(p.parent()).identity(p.identity());
        } else if (p.discriminator() != null) {
            spec = ORM.polymorphicOn(columnNamed(table.columns(), p.discriminator())).identity(p.identity());
        }
        Mapper<?> m = registry.mapImperatively(p.entityName(), p.type(), table, props, spec);
        if (p.version() != null) {
            // Neither inserted nor updated by the application (Hibernate's reading): the database keeps the version.
            jakarta.persistence.Column ann = p.version().getAnnotation(jakarta.persistence.Column.class);
            if (ann != null && !ann.insertable() && !ann.updatable()) {
                m.serverVersionCounter(table.c(p.version().getName()));
            } else {
                m.versionCounter(table.c(p.version().getName()));
            }
        }
        return m;
    }

    /**
     * The {@code @Basic(fetch = LAZY)} fields of {@code type} itself (a superclass's are its own
     * mapper's), deferred ({@link ORM#deferred}): queries leave them out until asked, as Hibernate
     * does with bytecode enhancement.
     */
    private static void lazyBasics(Class<?> type, Table table, Map<String, Object> props) {
        for (Field f : type.getDeclaredFields()) {
            jakarta.persistence.Basic basic = f.getAnnotation(jakarta.persistence.Basic.class);
            if (basic != null && basic.fetch() == FetchType.LAZY && !f.isAnnotationPresent(Id.class) && persistentFields(type).contains(f)) {
                Column<?> c = table.c(columnName(f));
                props.put(c.key(), ORM.deferred(c));
            }
        }
    }

    /** A collection mapped {@code fetch = FetchType.EAGER} loads joined, as Hibernate loads it with its owner. */
    private static Relationship<?> fetched(Relationship<?> r, FetchType fetch) {
        return fetch == FetchType.EAGER ? r.lazy("joined") : r;
    }

    /**
     * The columns a {@code @OneToMany} list {@code f} puts in its target's table, as Hibernate does:
     * without {@code mappedBy}, its {@code @JoinColumn(name)} referring to the owner's key
     * (nullable); with {@code @OrderColumn}, the position column (by default {@code field_ORDER},
     * an INTEGER checked {@code >= 0}, nullable: a row in no list has none). Neither is a field of the target.
     */
    private void childColumns(Plan p, Field f) {
        OneToMany otm = f.getAnnotation(OneToMany.class);
        jakarta.persistence.OrderColumn oc = f.getAnnotation(jakarta.persistence.OrderColumn.class);
        if (otm == null || !otm.mappedBy().isEmpty() && oc == null) {
            return;
        }
        Class<?> target = elementType(p.type(), f);
        String where = "@OneToMany " + p.type().getSimpleName() + "." + f.getName();
        List<Column<?>> cols = plans.containsKey(target) ? columns.get(tableOwner(target)) : null;
        if (cols == null) {
            throw new ArgumentException(where + (otm.mappedBy().isEmpty() ? " (a @JoinColumn)" : " (an @OrderColumn)") + " adds a column to "
                    + target.getSimpleName() + "'s table: map " + target.getSimpleName() + " in the same call");
        }
        if (otm.mappedBy().isEmpty()) {
            JoinColumn jc = f.getAnnotation(JoinColumn.class);
            if (jc == null || jc.name().isEmpty()) {
                throw new ArgumentException(where + " needs mappedBy (the @ManyToOne field of " + target.getSimpleName() + " that holds the foreign key)"
                        + " or @JoinColumn(name) (a column of " + target.getSimpleName() + "'s table); a join table, JPA's default, is not read");
            }
            if (!jc.referencedColumnName().isEmpty() || !jc.table().isEmpty() || !jc.columnDefinition().isEmpty() || jc.unique() || !jc.insertable() || !jc.updatable()) {
                throw new ArgumentException(where + " @JoinColumn: Registry.map() reads its name and nullable");
            }
            if (keyParts(p.type()).size() > 1) {
                throw new ArgumentException(where + " @JoinColumn: " + p.type().getSimpleName() + " has a composite key; map the list with mappedBy");
            }
            if (columnNamed(cols, jc.name()) == null) {
                cols.add(Column.of(jc.name(), typeOf(p.type(), idField(p.type()), null))
                        .foreignKey(tableName(tableOwner(p.type())) + "." + keyColumnName(p.type())).nullable(jc.nullable()));
            }
        }
        if (oc != null) {
            if (!java.util.List.class.isAssignableFrom(f.getType())) {
                throw new ArgumentException(where + " has @OrderColumn but is a " + f.getType().getName() + ": declare it a List to keep its order");
            }
            cols.add(orderColumn(f, oc).nullable(true));
        }
    }

    private Relationship<?> oneToMany(Plan p, Field f) {
        OneToMany otm = f.getAnnotation(OneToMany.class);
        Class<?> target = elementType(p.type(), f);
        Table targetTable = tableOf(target);
        Relationship<?> r = otm.mappedBy().isEmpty()
                ? cascaded(ORM.relationship(target).foreignKeys(targetTable.c(f.getAnnotation(JoinColumn.class).name())), otm.cascade(), otm.orphanRemoval())
                : inverse(ORM.relationship(target), otm.mappedBy(), otm.cascade(), otm.orphanRemoval());
        return fetched(ordered(p, f, r, target, targetTable), otm.fetch());
    }

    /**
     * {@code r} ordered as list {@code f} says: by its {@code @OrderBy}, or kept in order in the
     * {@code @OrderColumn} of {@code holder} (the target's table, or the join table), as {@link Relationship#orderingColumn}.
     */
    private Relationship<?> ordered(Plan p, Field f, Relationship<?> r, Class<?> target, Table holder) {
        OrderBy ob = f.getAnnotation(OrderBy.class);
        jakarta.persistence.OrderColumn oc = f.getAnnotation(jakarta.persistence.OrderColumn.class);
        if (ob != null && oc != null) {
            throw new ArgumentException(p.type().getSimpleName() + "." + f.getName() + " has both @OrderBy and @OrderColumn: keep one");
        }
        if (oc != null) {
            return r.orderingColumn(holder.c(oc.name().isEmpty() ? f.getName() + "_ORDER" : oc.name()));
        }
        return ob == null ? r : r.orderBy(orderBy(target, ob.value()));
    }

    /**
     * The side of a one-to-one that names the owning side ({@code @OneToOne(mappedBy = "x")}):
     * its field holds the one target whose {@code x} refers to it ({@link Relationship#uselist}
     * false). Without a proxy it cannot load on first use, so it loads with its instance, select-in.
     */
    private Relationship<?> inverseOneToOne(Plan p, Field f) {
        OneToOne oto = f.getAnnotation(OneToOne.class);
        Class<?> target = oto.targetEntity() != void.class ? oto.targetEntity() : f.getType();
        return inverse(ORM.relationship(target).uselist(false), oto.mappedBy(), oto.cascade(), oto.orphanRemoval());
    }

    /**
     * {@code r} as the inverse side of the target's reference {@code mappedBy}: its backref,
     * through that reference's join column, deleting its targets with it for {@code CascadeType.REMOVE}
     * ({@code ALL}) and when they leave it for {@code orphanRemoval}.
     */
    private Relationship<?> inverse(Relationship<?> r, String mappedBy, CascadeType[] cascade, boolean orphanRemoval) {
        Field owning = fieldOf(r.target(), mappedBy);
        return cascaded(r.backref(mappedBy).foreignKeys(columns(tableOf(r.target()), joinColumnKeys(owning))), cascade, orphanRemoval);
    }

    /** {@code out} deleting its targets with it for {@code CascadeType.REMOVE} ({@code ALL}) and when they leave it for {@code orphanRemoval}. */
    private static Relationship<?> cascaded(Relationship<?> out, CascadeType[] cascade, boolean orphanRemoval) {
        List<String> cascades = new ArrayList<>();
        for (CascadeType c : cascade) {
            if (c == CascadeType.ALL || c == CascadeType.REMOVE) {
                cascades.add("delete");
            }
        }
        if (orphanRemoval) {
            cascades.add("delete-orphan");
        }
        return cascades.isEmpty() ? out : out.cascade(String.join(",", cascades));
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
        String where = "@ManyToMany " + p.type().getSimpleName() + "." + f.getName();
        List<KeyPart> ownerKey;
        List<KeyPart> targetKey;
        try {
            ownerKey = keyParts(p.type());
            targetKey = keyParts(target);
        } catch (ArgumentException e) {
            throw new ArgumentException(where + ": " + e.getMessage(), e);
        }
        String name = jt == null || jt.name().isEmpty() ? p.entityName() + "_" + entityName(target) : jt.name();
        Table owner = tableOf(p.type());
        List<SchemaItem> items = new ArrayList<>();
        List<Column<?>> ownerColumns = referring(where + " @JoinTable(joinColumns)", inverse != null ? inverse.getName() : p.entityName(), ownerKey,
                jt == null ? new JoinColumn[0] : jt.joinColumns(), owner.key(), items);
        List<Column<?>> targetColumns = referring(where + " @JoinTable(inverseJoinColumns)", f.getName(), targetKey,
                jt == null ? new JoinColumn[0] : jt.inverseJoinColumns(), tableOf(target).key(), items);
        jakarta.persistence.OrderColumn oc = f.getAnnotation(jakarta.persistence.OrderColumn.class);
        Column<?> position = oc == null ? null : orderColumn(f, oc);
        ownerColumns.forEach(c -> c.primaryKey().autoincrement(false));
        // Hibernate's indexed list: keyed by owner and position (a member may be listed twice).
        (position == null ? targetColumns : List.of(position)).forEach(c -> c.primaryKey().autoincrement(false));
        targetColumns.forEach(c -> c.nullable(false));
        items.addAll(0, ownerColumns);
        if (position != null) {
            items.add(ownerColumns.size(), position);
        }
        items.addAll(ownerColumns.size() + (position == null ? 0 : 1), targetColumns);
        Table assoc = new Table(tableNaming.apply(name), owner.schema(), registry.metadata(), items.toArray(new SchemaItem[0]));
        Relationship<?> r = ORM.relationship(target).secondary(assoc);
        if (target == p.type()) {
            // From the class to itself: the join columns are the owner's side, the inverse join columns the members'.
            r = r.foreignKeys(columns(assoc, ownerColumns.stream().map(Column::key).toList()));
        }
        if (inverse != null) {
            r = r.backref(inverse.getName());
        }
        return fetched(ordered(p, f, r, target, assoc), f.getAnnotation(ManyToMany.class).fetch());
    }

    /**
     * An {@code @ElementCollection}: its {@code @CollectionTable} (by default {@code Owner_field})
     * becomes a table of the metadata, whose join column ({@code @CollectionTable(joinColumns)},
     * by default {@code Owner_id}) refers to the owner's key, and whose other columns hold an
     * element: the field's {@code @Column} (by default named as the field) for a basic element,
     * the embeddable's columns (with {@code @AttributeOverride}s) for an {@code @Embeddable} one.
     * As Hibernate makes it, a Set's table has a primary key of all its columns when no element
     * column is nullable; a List's has none.
     */
    private ElementCollectionProp.Spec elementCollection(Plan p, Field f) {
        String where = p.type().getName() + "." + f.getName() + " @ElementCollection";
        boolean set = java.util.Set.class.isAssignableFrom(f.getType());
        if (set ? !f.getType().isAssignableFrom(java.util.LinkedHashSet.class) : !f.getType().isAssignableFrom(ArrayList.class)) {
            throw new ArgumentException(where + " is a " + f.getType().getName() + ": Registry.map() reads element collections declared List, Collection or Set"
                    + " (not Map, nor sorted sets)");
        }
        jakarta.persistence.OrderColumn oc = f.getAnnotation(jakarta.persistence.OrderColumn.class);
        if (oc != null && set) {
            throw new ArgumentException(where + " is a Set with @OrderColumn: declare it a List to keep its order");
        }
        for (Class<? extends java.lang.annotation.Annotation> a : List.of(OrderBy.class, jakarta.persistence.MapKeyColumn.class,
                jakarta.persistence.AssociationOverride.class, jakarta.persistence.AssociationOverrides.class, JoinTable.class, JoinColumn.class)) {
            if (f.isAnnotationPresent(a)) {
                throw new ArgumentException(where + " has @" + a.getSimpleName() + ", which Registry.map() does not read for element collections");
            }
        }
        ElementCollection ec = f.getAnnotation(ElementCollection.class);
        Class<?> element = ec.targetClass() != void.class ? ec.targetClass()
                : f.getGenericType() instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> c ? c : null;
        if (element == null) {
            throw new ArgumentException(where + " needs an element type: List<X>, Set<X> or targetClass");
        }
        if (isEntity(element)) {
            throw new ArgumentException(where + " holds the entity " + element.getName() + ": map it with @OneToMany or @ManyToMany");
        }
        List<KeyPart> ownerKey;
        try {
            ownerKey = keyParts(p.type());
        } catch (ArgumentException e) {
            throw new ArgumentException(where + ": " + e.getMessage(), e);
        }
        jakarta.persistence.CollectionTable ct = f.getAnnotation(jakarta.persistence.CollectionTable.class);
        if (ct != null && (!ct.catalog().isEmpty() || ct.uniqueConstraints().length > 0 || ct.indexes().length > 0
                || !ct.foreignKey().name().isEmpty() || ct.foreignKey().value() != jakarta.persistence.ConstraintMode.PROVIDER_DEFAULT)) {
            throw new ArgumentException(where + " @CollectionTable: Registry.map() reads name, schema and join columns, not catalog,"
                    + " uniqueConstraints, indexes or foreignKey");
        }
        JoinColumn[] given = ct == null ? new JoinColumn[0] : ct.joinColumns();
        for (JoinColumn jc : given) {
            if (ownerKey.size() == 1 && !jc.referencedColumnName().isEmpty() || !jc.table().isEmpty() || !jc.columnDefinition().isEmpty() || jc.unique() || !jc.nullable()) {
                throw new ArgumentException(where + " @CollectionTable(joinColumns = @JoinColumn(...)): Registry.map() reads its name (and, for an owner"
                        + " with a composite key, its referencedColumnName)");
            }
        }
        Table owner = tableOf(p.type());
        List<SchemaItem> constraints = new ArrayList<>();
        // Named as Hibernate names them: Owner_ and the owner's key column.
        List<Column<?>> ownerColumns = referring(where + " @CollectionTable(joinColumns)", p.entityName(), ownerKey, given, owner.key(), constraints);
        ownerColumns.forEach(c -> c.nullable(false));
        List<Column<?>> values;
        List<Field> parts = null;
        if (element.isAnnotationPresent(Embeddable.class)) {
            if (leafPaths(element).stream().anyMatch(path -> path.size() > 1)) {
                throw new ArgumentException(where + ": its elements' class " + element.getSimpleName() + " nests another embeddable, which Registry.map() reads"
                        + " for @Embedded fields but not yet for element collections");
            }
            values = embeddedColumns(p.type(), f, element);
            parts = persistentFields(element);
        } else {
            jakarta.persistence.Column ann = f.getAnnotation(jakarta.persistence.Column.class);
            Column<?> c = enumChecked(Column.of(columnName(f), typeOf(p.type(), f, element, ann)));
            values = List.of(c.nullable(ann == null || ann.nullable()));
            if (ann != null && ann.unique()) {
                c.unique();
            }
        }
        List<Column<?>> all = new ArrayList<>(ownerColumns);
        all.addAll(values);
        Column<?> index = oc == null ? null : orderColumn(f, oc);
        if (index != null) {
            // Hibernate's indexed list: keyed by owner and position.
            all.add(index);
            ownerColumns.forEach(c -> c.primaryKey().autoincrement(false));
            index.primaryKey().autoincrement(false);
        } else if (set && values.stream().noneMatch(Column::isNullable)) {
            all.forEach(c -> c.primaryKey().autoincrement(false));
        }
        List<SchemaItem> items = new ArrayList<>(all);
        items.addAll(constraints);
        String name = ct == null || ct.name().isEmpty() ? p.entityName() + "_" + f.getName() : ct.name();
        String schema = ct == null || ct.schema().isEmpty() ? owner.schema() : ct.schema();
        Table table = new Table(tableNaming.apply(name), schema, registry.metadata(), items.toArray(new SchemaItem[0]));
        return new ElementCollectionProp.Spec(table, ownerColumns.stream().<Column<?>>map(c -> table.c(c.key())).toList(), values.stream().<Column<?>>map(c -> table.c(c.key())).toList(),
                parts == null ? null : element, parts, set, index == null ? null : table.c(index.key()));
    }

    /**
     * The position column of a list's {@code @OrderColumn}: by default {@code field_ORDER}, an INTEGER
     * checked {@code >= 0} and NOT NULL, as Hibernate makes it.
     */
    private static Column<?> orderColumn(Field f, jakarta.persistence.OrderColumn oc) {
        if (!oc.columnDefinition().isEmpty() || !oc.insertable() || !oc.updatable()) {
            throw new ArgumentException(f.getDeclaringClass().getSimpleName() + "." + f.getName() + " @OrderColumn: Registry.map() reads its name,"
                    + " not columnDefinition, insertable or updatable");
        }
        String name = oc.name().isEmpty() ? f.getName() + "_ORDER" : oc.name();
        Column<Integer> c = Column.of(name, Types.INTEGER).nullable(false);
        return c.check(new dev.retort.schema.CheckConstraint(null, c.ge(0)));
    }

    private static Field fieldOf(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = entityParent(c)) {
            for (Field f : persistentFields(c)) {
                if (f.getName().equals(name)) {
                    return f;
                }
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
            OneToOne oto = f.getAnnotation(OneToOne.class);
            String mappedBy = manyToMany ? (mtm == null ? null : mtm.mappedBy()) : otm != null ? otm.mappedBy() : oto == null ? null : oto.mappedBy();
            if (field.equals(mappedBy) && (oto != null && !manyToMany ? f.getType() : elementType(target, f)) == owner) {
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
        Class<?> owner = tableOwner(target);
        Table t = tables.get(owner);
        return t != null ? t : Registry.mapperFor(owner).table();
    }

    /**
     * The {@code @Id} field of {@code type}, or of the entity it extends, where one key column is
     * needed (a join column, a joined subclass's key): a composite identifier does not do there yet.
     */
    private static Field idField(Class<?> type) {
        for (Class<?> c = type; c != null; c = entityParent(c)) {
            List<Field> ids = persistentFields(c).stream().filter(f -> f.isAnnotationPresent(Id.class) || f.isAnnotationPresent(EmbeddedId.class)).toList();
            if (ids.size() == 1 && ids.get(0).isAnnotationPresent(Id.class)) {
                return ids.get(0);
            }
            if (!ids.isEmpty()) {
                throw new ArgumentException(c.getName() + " has a composite identifier, where one key column is needed (a @MapsId without a value, a joined"
                        + " subclass): Registry.map() does not read that yet");
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
    private Column<?> column(Class<?> owner, Field f) {
        jakarta.persistence.Column ann = f.getAnnotation(jakarta.persistence.Column.class);
        Column<?> c = enumChecked(Column.of(columnName(f), typeOf(owner, f, ann)));
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

    /**
     * The columns of an {@code @Embedded} field, one per persistent field of its {@code @Embeddable}
     * class: named by the field's {@code @AttributeOverride(name = "x", column = @Column(...))},
     * else as the embeddable's field is; keyed {@code field_x}, as two embedded values of one class may share none.
     */
    private List<Column<?>> embeddedColumns(Class<?> owner, Field f) {
        return embeddedColumns(owner, f, f.getType());
    }

    /** The columns of {@code embeddable} values held by {@code f} (an {@code @Embedded} field, or an element collection of them). */
    private List<Column<?>> embeddedColumns(Class<?> owner, Field f, Class<?> embeddable) {
        if (f.isAnnotationPresent(Convert.class) || f.isAnnotationPresent(jakarta.persistence.Converts.class)) {
            throw convertByName(owner, f);
        }
        Map<String, jakarta.persistence.Column> overrides = new HashMap<>();
        for (AttributeOverride o : f.getAnnotationsByType(AttributeOverride.class)) {
            overrides.put(o.name(), o.column());
        }
        List<Column<?>> out = new ArrayList<>();
        List<List<Field>> paths = leafPaths(embeddable);
        for (List<Field> path : paths) {
            // A nested embeddable's own @AttributeOverride on its field, unless the outer field overrides the same column.
            for (int i = 0; i < path.size() - 1; i++) {
                for (AttributeOverride o : path.get(i).getAnnotationsByType(AttributeOverride.class)) {
                    overrides.putIfAbsent(dotted(path.subList(0, i + 1)) + "." + o.name(), o.column());
                }
            }
        }
        for (List<Field> path : paths) {
            Field part = path.get(path.size() - 1);
            jakarta.persistence.Column over = overrides.remove(dotted(path));
            jakarta.persistence.Column ann = over != null ? over : part.getAnnotation(jakarta.persistence.Column.class);
            String name = ann == null || ann.name().isEmpty() ? part.getName() : ann.name();
            Column<?> c = enumChecked(Column.of(name, typeOf(part.getDeclaringClass(), part, ann)).key(embeddedKey(f, path)));
            c.nullable((ann == null || ann.nullable()) && !part.getType().isPrimitive());
            if (ann != null && ann.unique()) {
                c.unique();
            }
            out.add(c);
        }
        if (!overrides.isEmpty()) {
            throw new ArgumentException(owner.getSimpleName() + "." + f.getName() + " @AttributeOverride names " + overrides.keySet() + ", not fields of "
                    + embeddable.getSimpleName() + " " + paths.stream().map(AnnotationMapping::dotted).toList());
        }
        return out;
    }

    /**
     * The paths to the basic fields of {@code embeddable}: a field, or for a field holding another
     * embeddable ({@code @Embedded}, or of an {@code @Embeddable} class), that field then the paths in it.
     */
    private static List<List<Field>> leafPaths(Class<?> embeddable) {
        List<List<Field>> out = new ArrayList<>();
        for (Field part : persistentFields(embeddable)) {
            if (part.isAnnotationPresent(Embedded.class) || part.getType().isAnnotationPresent(Embeddable.class)) {
                for (List<Field> inner : leafPaths(part.getType())) {
                    List<Field> path = new ArrayList<>(List.of(part));
                    path.addAll(inner);
                    out.add(path);
                }
            } else {
                out.add(List.of(part));
            }
        }
        return out;
    }

    /** {@code geo.lat}: a path as @AttributeOverride names it. */
    private static String dotted(List<Field> path) {
        return String.join(".", path.stream().map(Field::getName).toList());
    }

    private static ArgumentException convertByName(Class<?> owner, Field f) {
        return new ArgumentException(owner.getSimpleName() + "." + f.getName() + " @Convert(attributeName = ...): Registry.map() reads @Convert(converter) on the"
                + " attribute it converts (an embeddable's own field), not attributeName");
    }

    /** {@code home_geo_lat}: two embedded values of one class share no key. */
    private static String embeddedKey(Field embedded, List<Field> path) {
        return embedded.getName() + "_" + String.join("_", path.stream().map(Field::getName).toList());
    }

    /**
     * The join columns of a {@code @ManyToOne} or owning {@code @OneToOne} field: one
     * ({@link #joinColumn}) to an entity with one key column; to a composite key, one per key
     * column ({@code @JoinColumns}, matched by {@code referencedColumnName}; by default
     * {@code field_column}), under one composite foreign key, NOT NULL for {@code optional = false}
     * and for a one-to-one unique together, as Hibernate makes them.
     */
    private List<Column<?>> joinColumns(Class<?> owner, Field f) {
        if (!isEntity(f.getType())) {
            throw new ArgumentException(where(f) + " refers to " + f.getType().getName() + ", not an @Entity");
        }
        List<KeyPart> key;
        try {
            key = keyParts(f.getType());
        } catch (ArgumentException e) {
            throw new ArgumentException(where(f) + ": " + e.getMessage(), e);
        }
        if (key.size() == 1) {
            if (f.isAnnotationPresent(jakarta.persistence.JoinColumns.class)) {
                throw new ArgumentException(where(f) + " has @JoinColumns, but " + f.getType().getSimpleName() + " has one key column: use @JoinColumn");
            }
            return List.of(joinColumn(owner, f));
        }
        JoinColumn[] given = joinColumnsGiven(f);
        List<SchemaItem> tableConstraints = constraints.computeIfAbsent(tableOwner(owner), k -> new ArrayList<>());
        List<Column<?>> cols = referring(where(f), f.getName(), key, given, tableName(tableOwner(f.getType())), tableConstraints);
        ManyToOne mto = f.getAnnotation(ManyToOne.class);
        boolean optional = mto != null ? mto.optional() : f.getAnnotation(OneToOne.class).optional();
        for (int i = 0; i < cols.size(); i++) {
            cols.get(i).nullable(optional && (given.length == 0 || given[i].nullable()));
        }
        if (f.isAnnotationPresent(OneToOne.class)) {
            tableConstraints.add(new UniqueConstraint(null, cols));
        }
        return cols;
    }

    /** {@code @ManyToOne Owner.field}: a reference named in messages. */
    private static String where(Field f) {
        return (f.isAnnotationPresent(OneToOne.class) ? "@OneToOne " : "@ManyToOne ") + f.getDeclaringClass().getSimpleName() + "." + f.getName();
    }

    /** A reference's {@code @JoinColumns}, else its one {@code @JoinColumn}, else none. */
    private static JoinColumn[] joinColumnsGiven(Field f) {
        jakarta.persistence.JoinColumns several = f.getAnnotation(jakarta.persistence.JoinColumns.class);
        JoinColumn one = f.getAnnotation(JoinColumn.class);
        return several != null ? several.value() : one != null ? new JoinColumn[] {one} : new JoinColumn[0];
    }

    /**
     * A column of an entity's key as a reference refers to it: its {@code name} (what
     * {@code referencedColumnName} names, and a referring column's default name ends with), its
     * {@code key} in the entity's table, its type, and the attribute that holds it
     * ({@code orderNo}, or {@code student} of an {@code @EmbeddedId}).
     */
    private record KeyPart(String name, String key, TypeEngine<?> type, String attribute) {
    }

    /**
     * The columns of {@code type}'s key in its table's order: its (or the entity it extends)
     * one {@code @Id} column, or its {@code @IdClass} {@code @Id} fields' columns, or its
     * {@code @EmbeddedId}'s.
     */
    private List<KeyPart> keyParts(Class<?> type) {
        for (Class<?> c = type; c != null; c = entityParent(c)) {
            List<Field> ids = persistentFields(c).stream().filter(f -> f.isAnnotationPresent(Id.class) || f.isAnnotationPresent(EmbeddedId.class)).toList();
            if (ids.size() == 1 && ids.get(0).isAnnotationPresent(Id.class)) {
                return List.of(new KeyPart(keyColumnName(type), keyColumnName(type), typeOf(type, ids.get(0), null), ids.get(0).getName()));
            }
            if (!ids.isEmpty()) {
                if (c != type && tableOwner(type) == type) {
                    throw new ArgumentException(type.getName() + " is a joined subclass of " + c.getName() + ", whose identifier is composite: Registry.map() does not"
                            + " read that yet");
                }
                List<KeyPart> out = new ArrayList<>();
                for (Field id : ids) {
                    if (id.isAnnotationPresent(EmbeddedId.class)) {
                        List<Column<?>> cols = embeddedColumns(c, id);
                        List<List<Field>> paths = leafPaths(id.getType());
                        for (int i = 0; i < cols.size(); i++) {
                            out.add(new KeyPart(cols.get(i).name(), cols.get(i).key(), cols.get(i).type(), dotted(paths.get(i))));
                        }
                    } else {
                        Column<?> col = column(c, id);
                        out.add(new KeyPart(col.name(), col.key(), col.type(), id.getName()));
                    }
                }
                return out;
            }
        }
        throw new ArgumentException(type.getName() + " has no @Id field");
    }

    /**
     * The names of the columns that refer to the key {@code key}, in its order: each of
     * {@code given} matched to the key column its {@code referencedColumnName} names (one key
     * column: whatever it names), named as it says, else {@code prefix_column}, as JPA names them.
     * Join columns that name no referenced column are matched, as Hibernate matches them, in the
     * order of the key's attribute names.
     */
    private static List<String> referringNames(String where, String prefix, List<KeyPart> key, JoinColumn[] given) {
        if (given.length == 0) {
            return key.stream().map(k -> prefix + "_" + k.name()).toList();
        }
        List<String> keyNames = key.stream().map(KeyPart::name).toList();
        if (given.length != key.size()) {
            throw new ArgumentException(where + " has " + given.length + " join column(s) for the key " + keyNames + ": give one for each");
        }
        if (key.size() == 1) {
            return List.of(given[0].name().isEmpty() ? prefix + "_" + key.get(0).name() : given[0].name());
        }
        String[] out = new String[key.size()];
        List<KeyPart> byAttribute = key.stream().sorted(Comparator.comparing(KeyPart::attribute)).toList();
        boolean positional = java.util.Arrays.stream(given).allMatch(jc -> jc.referencedColumnName().isEmpty());
        for (int j = 0; j < given.length; j++) {
            JoinColumn jc = given[j];
            int i = positional ? key.indexOf(byAttribute.get(j)) : keyNames.indexOf(jc.referencedColumnName());
            if (i < 0 || out[i] != null) {
                throw new ArgumentException(where + ": each of several join columns names the key column it refers to with referencedColumnName, one of " + keyNames
                        + " (" + (i < 0 ? "not '" + jc.referencedColumnName() + "'" : "'" + jc.referencedColumnName() + "' twice") + ")");
            }
            if (!jc.table().isEmpty() || !jc.columnDefinition().isEmpty() || !jc.insertable() || !jc.updatable()) {
                throw new ArgumentException(where + " @JoinColumn(referencedColumnName = \"" + jc.referencedColumnName() + "\"): Registry.map() reads name,"
                        + " referencedColumnName and nullable, not table, columnDefinition, insertable or updatable");
            }
            out[i] = jc.name().isEmpty() ? prefix + "_" + key.get(i).name() : jc.name();
        }
        return List.of(out);
    }

    /**
     * The columns that refer to the key {@code key} of table {@code targetTable} ({@link #referringNames}):
     * one refers to it by its own foreign key; several by one composite foreign key, added to {@code tableConstraints}.
     */
    private static List<Column<?>> referring(String where, String prefix, List<KeyPart> key, JoinColumn[] given, String targetTable,
            List<SchemaItem> tableConstraints) {
        List<String> names = referringNames(where, prefix, key, given);
        List<Column<?>> out = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            Column<?> c = Column.of(names.get(i), key.get(i).type());
            out.add(key.size() == 1 ? c.foreignKey(targetTable + "." + key.get(0).key()) : c);
        }
        if (key.size() > 1) {
            tableConstraints.add(new dev.retort.schema.ForeignKeyConstraint(null, names,
                    key.stream().map(k -> targetTable + "." + k.key()).toList(), null, null));
        }
        return out;
    }

    /**
     * The foreign key column of a {@code @ManyToOne} or owning {@code @OneToOne} field to an
     * entity with one key column, referring
     * to the target's identifier column; NOT NULL for {@code optional = false}, and for a
     * one-to-one unique, as Hibernate makes it.
     */
    private Column<?> joinColumn(Class<?> owner, Field f) {
        Class<?> target = f.getType();
        Field targetId;
        try {
            targetId = idField(target);
        } catch (ArgumentException e) {
            throw new ArgumentException(where(f) + ": " + e.getMessage(), e);
        }
        Column<?> c = Column.of(joinColumnName(f), typeOf(target, targetId, null)).foreignKey(tableName(tableOwner(target)) + "." + referencedColumnName(f));
        JoinColumn jc = f.getAnnotation(JoinColumn.class);
        ManyToOne mto = f.getAnnotation(ManyToOne.class);
        OneToOne oto = f.getAnnotation(OneToOne.class);
        if (f.isAnnotationPresent(jakarta.persistence.MapsId.class)) {
            // The entity's key: unique and NOT NULL as such.
            return c.primaryKey().autoincrement(false);
        }
        if (oto != null || jc != null && jc.unique()) {
            c.unique();
        }
        return c.nullable((mto != null ? mto.optional() : oto.optional()) && (jc == null || jc.nullable()));
    }

    /** The identifier column of a {@code @ManyToOne} field's target that its join column refers to. */
    private static String referencedColumnName(Field f) {
        JoinColumn jc = f.getAnnotation(JoinColumn.class);
        return jc == null || jc.referencedColumnName().isEmpty() ? keyColumnName(f.getType()) : jc.referencedColumnName();
    }

    /**
     * The keys of a reference's join columns in its table: for a {@code @MapsId} reference, its
     * entity's {@code @Id} field, or the key of the {@code @EmbeddedId}'s part it names.
     */
    private List<String> joinColumnKeys(Field f) {
        if (f.isAnnotationPresent(jakarta.persistence.MapsId.class)) {
            return List.of(f.getAnnotation(jakarta.persistence.MapsId.class).value().isEmpty() ? idField(f.getDeclaringClass()).getName() : mapsIdKey(f));
        }
        List<KeyPart> key = keyParts(f.getType());
        return key.size() == 1 ? List.of(joinColumnName(f)) : referringNames(where(f), f.getName(), key, joinColumnsGiven(f));
    }

    /** The key of the {@code @EmbeddedId} column that {@code @MapsId("x")} reference {@code f} gives: {@code id_x}. */
    private static String mapsIdKey(Field f) {
        Field id = persistentFields(f.getDeclaringClass()).stream().filter(i -> i.isAnnotationPresent(EmbeddedId.class)).findFirst().orElseThrow();
        return id.getName() + "_" + f.getAnnotation(jakarta.persistence.MapsId.class).value();
    }

    /** The join column of a {@code @ManyToOne} field: {@code @JoinColumn(name)}, else {@code field_id} as JPA names it. */
    private static String joinColumnName(Field f) {
        JoinColumn jc = f.getAnnotation(JoinColumn.class);
        return jc == null || jc.name().isEmpty() ? f.getName() + "_" + referencedColumnName(f) : jc.name();
    }

    /**
     * The column type of field {@code f}: its {@code @Convert} converter's, an enum's by its
     * {@code @Enumerated} (by default, as JPA says, {@code ORDINAL}), else its Java type's.
     */
    private TypeEngine<?> typeOf(Class<?> owner, Field f, jakarta.persistence.Column ann) {
        return typeOf(owner, f, f.getType(), ann);
    }

    /** {@link #typeOf(Class, Field, jakarta.persistence.Column)} of values of {@code t} (an element collection's elements) that {@code f} holds. */
    private TypeEngine<?> typeOf(Class<?> owner, Field f, Class<?> t, jakarta.persistence.Column ann) {
        Convert convert = f.getAnnotation(Convert.class);
        if (convert != null && !convert.attributeName().isEmpty() || f.isAnnotationPresent(jakarta.persistence.Converts.class)) {
            throw convertByName(owner, f);
        }
        if (convert != null && !convert.disableConversion()) {
            return converted(owner, f, t, convert.converter(), ann);
        }
        // As JPA says, an auto-applied converter converts neither identifiers, versions nor enums given @Enumerated.
        Class<?> auto = convert != null || f.isAnnotationPresent(Id.class) || f.isAnnotationPresent(Version.class) || f.isAnnotationPresent(Enumerated.class)
                ? null : registry.autoConverter(t.isPrimitive() ? java.lang.invoke.MethodType.methodType(t).wrap().returnType() : t);
        if (auto != null) {
            return converted(owner, f, t, auto, ann);
        }
        if (t.isEnum()) {
            Enumerated e = f.getAnnotation(Enumerated.class);
            return enumerated(t.asSubclass(Enum.class), e == null ? EnumType.ORDINAL : e.value(), ann);
        }
        TypeEngine<?> type = basicType(t, f.isAnnotationPresent(Lob.class), ann);
        if (type == null) {
            throw new ArgumentException(owner.getSimpleName() + "." + f.getName() + " is a " + t.getName() + ", which Registry.map() has no column type for; mark it @Transient, "
                    + "give it a @Convert(converter = ...), or map the class with mapImperatively(...)");
        }
        return type;
    }

    /** An enum's column: its constants' names in a VARCHAR (Hibernate's, not a native enum), or its ordinals in a SMALLINT. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private TypeEngine<?> enumerated(Class<? extends Enum> type, EnumType how, jakarta.persistence.Column ann) {
        TypeEngine<?> out = how == EnumType.STRING ? Types.enumOf((Class) type).nativeEnum(false).length(ann == null ? 255 : ann.length())
                : ConvertedType.ordinal((Class) type);
        enums.put(out, type);
        return out;
    }

    /**
     * {@code c} with the CHECK Hibernate gives an {@code @Enumerated} column ({@code ord between 0 and 2},
     * {@code str in ('RED','GREEN','BLUE')}), so that a row no constant stands for is refused as in a schema
     * Hibernate made; other columns as they are.
     */
    private Column<?> enumChecked(Column<?> c) {
        Class<?> type = enums.get(c.type());
        if (type == null) {
            return c;
        }
        Object[] constants = type.getEnumConstants();
        ColumnElement<Boolean> allowed = c.type() instanceof ConvertedType<?, ?>
                ? SQL.column(c.name(), Types.INTEGER).between(0, constants.length - 1)
                : SQL.column(c.name(), Types.string(255)).in(java.util.Arrays.stream(constants).map(e -> ((Enum<?>) e).name()).toList());
        return c.check(new dev.retort.schema.CheckConstraint(null, allowed));
    }

    /**
     * The type of a {@code @Convert} field: the converter's database type ({@code Y} of its
     * {@code AttributeConverter<X, Y>}) decorated with its two conversions. Only a converter
     * class that a mapped class names is ever instantiated, with its no-argument constructor.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeEngine<?> converted(Class<?> owner, Field f, Class<?> valueType, Class<?> converterClass, jakarta.persistence.Column ann) {
        String where = owner.getSimpleName() + "." + f.getName() + (f.isAnnotationPresent(Convert.class) ? " @Convert(converter = " + converterClass.getSimpleName() + ".class)"
                : " (its type's @Converter(autoApply = true) " + converterClass.getSimpleName() + ")");
        if (!AttributeConverter.class.isAssignableFrom(converterClass)) {
            throw new ArgumentException(where + ": the converter must implement jakarta.persistence.AttributeConverter");
        }
        Class<?> columnType = converterArgument(converterClass, 1);
        TypeEngine<?> impl = columnType == null ? null : basicType(columnType, f.isAnnotationPresent(Lob.class), ann);
        if (impl == null) {
            throw new ArgumentException(where + ": its database type " + (columnType == null ? "(not declared)" : columnType.getName())
                    + " has no column type; declare AttributeConverter<X, Y> with Y a String, number, date, time, byte[] or UUID");
        }
        AttributeConverter<Object, Object> converter;
        try {
            java.lang.reflect.Constructor<?> ctor = converterClass.getDeclaredConstructor();
            ctor.setAccessible(true);
            converter = (AttributeConverter<Object, Object>) ctor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ArgumentException(where + ": cannot make the converter with its no-argument constructor: " + e, e);
        }
        Class<?> fieldType = valueType.isPrimitive() ? java.lang.invoke.MethodType.methodType(valueType).wrap().returnType() : valueType;
        return new ConvertedType(impl, fieldType, converter::convertToDatabaseColumn, converter::convertToEntityAttribute, converterClass);
    }

    /** Type argument {@code i} of the {@code AttributeConverter<X, Y>} that {@code c} (or a superclass) implements, if a class. */
    private static Class<?> converterArgument(Class<?> c, int i) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (java.lang.reflect.Type it : k.getGenericInterfaces()) {
                if (it instanceof ParameterizedType pt && pt.getRawType() == AttributeConverter.class) {
                    java.lang.reflect.Type a = pt.getActualTypeArguments()[i];
                    return a instanceof Class<?> ac ? ac : null;
                }
            }
        }
        return null;
    }

    /** The column type of values of {@code t}, or null for none. */
    private static TypeEngine<?> basicType(Class<?> t, boolean lob, jakarta.persistence.Column ann) {
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
        return null;
    }
}
