package dev.retort.orm;

import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.literalColumn;
import static dev.retort.sql.SQL.select;

import dev.retort.dialect.SqlCompiler;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.sql.Alias;
import dev.retort.sql.Attr;
import dev.retort.sql.BindParameter;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.ColumnProxy;
import dev.retort.sql.FromClause;
import dev.retort.sql.Operator;
import dev.retort.sql.SQL;
import dev.retort.sql.Select;
import dev.retort.sql.Traversal;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * A mapped attribute of an entity (a mapper or an aliased entity), usable as a column
 * expression: {@code ORM.attr(User.class, "name").eq("ed")} renders {@code users.name = :name_1}.
 * A relationship attribute is used in {@code join}, loader options and the relationship
 * operators: {@link #any}, {@link #has}, {@link #contains}, and comparison with an instance
 * ({@link #eq}, {@link #ne}). An element collection ({@code @ElementCollection}) is used in
 * {@code join}, {@link #any} and {@link #contains}, its values named by {@link #element()}.
 * In a serialized query an attribute is written as its entity and key.
 *
 * <pre>{@code
 * ORM.attr(User.class, "addresses").any(ORM.attr(Address.class, "email").eq("x"));
 * // EXISTS (SELECT 1 FROM addresses, users WHERE users.id = addresses.user_id AND addresses.email = :email_1)
 * ORM.attr(Address.class, "user").eq(someUser);      // :param_1 = addresses.user_id
 * ORM.attr(Person.class, "tags").contains("admin");
 * // EXISTS (SELECT 1 FROM person_tags WHERE person.id = person_tags.person_id AND person_tags.tag = :tag_1)
 * }</pre>
 *
 * @param <T> the Java type of the attribute's values
 */
public final class QueryableAttribute<T> extends ColumnElement<T> {
    static final Traversal<QueryableAttribute<?>> TRAVERSAL = Traversal.of("orm_attribute",
            a -> withCriteria(withOfType(entityOf(a[0]).attr(keyOf(a[1])), a.length > 3 ? a[3] : null), a.length > 2 ? a[2] : null),
            Attr.optionalClause("entity", QueryableAttribute::entity),
            Attr.struct("key", QueryableAttribute::key),
            Attr.<QueryableAttribute<?>>clauses("and", a -> a.criteria).since(14),
            Attr.<QueryableAttribute<?>>optionalClause("ofType", a -> a.ofType).since(18));

    private final Entity entity;
    private final Prop prop;
    private final ColumnElement<T> expression;
    /** A relationship's extra criteria ({@link #and}), else empty. */
    private final List<ColumnElement<?>> criteria;
    /** A relationship's target as {@link #ofType} names it (a subclass's mapper or an aliased entity), else null. */
    private final Entity ofType;
    /** An element collection's rows: its table, or an alias of it ({@link #aliased}); else null. */
    private final FromClause elementRows;

    QueryableAttribute(Entity entity, Prop prop) {
        this(entity, prop, List.of(), null);
    }

    private QueryableAttribute(Entity entity, Prop prop, List<ColumnElement<?>> criteria, Entity ofType) {
        this(entity, prop, criteria, ofType, prop instanceof ElementCollectionProp ec ? ec.spec.table() : null);
    }

    @SuppressWarnings("unchecked")
    private QueryableAttribute(Entity entity, Prop prop, List<ColumnElement<?>> criteria, Entity ofType, FromClause elementRows) {
        this.entity = entity;
        this.prop = prop;
        this.criteria = criteria;
        this.ofType = ofType;
        this.elementRows = elementRows;
        FromClause sel = entity.selectable();
        if (prop instanceof ColumnProp c) {
            Column<?> own = prop.mapper.attributeColumn(c);
            // a selectable without the subclass table's key column (a subquery of the base's columns) has the base's
            Column<?> col = own != c.column && Selectables.corresponding(sel, prop.mapper, own) == null ? c.column : own;
            expression = (ColumnElement<T>) Selectables.adapt(sel, prop.mapper, col);
        } else if (prop instanceof ExpressionProp e) {
            expression = (ColumnElement<T>) Selectables.computed(sel, prop.mapper, e.expression);
        } else if (prop instanceof HybridProp h) {
            expression = (ColumnElement<T>) h.hybrid.expressionFor(entity);
        } else {
            expression = null;
        }
    }

    /**
     * The attribute of {@code prop} on {@code entity}, made once and kept in {@code cache}, so that the same key gives the same
     * object; a hybrid attribute's is made at each call.
     */
    @SuppressWarnings("unchecked")
    static <V> QueryableAttribute<V> cached(java.util.Map<String, QueryableAttribute<?>> cache, Entity entity, Prop prop) {
        if (prop instanceof HybridProp) {
            // a hybrid's expression is built at each use, as SQLAlchemy's: two uses have binds of their own
            return new QueryableAttribute<>(entity, prop);
        }
        return (QueryableAttribute<V>) cache.computeIfAbsent(prop.key, k -> new QueryableAttribute<>(entity, prop));
    }

    private static QueryableAttribute<?> withCriteria(QueryableAttribute<?> a, Object criteria) {
        if (!(criteria instanceof List<?> l) || l.isEmpty()) {
            return a;
        }
        ColumnElement<?>[] out = new ColumnElement<?>[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof ColumnElement<?> c)) {
                throw new ArgumentException("A relationship's extra criterion is an expression, not " + l.get(i));
            }
            out[i] = c;
        }
        return a.and(out);
    }

    private static QueryableAttribute<?> withOfType(QueryableAttribute<?> a, Object ofType) {
        if (ofType == null) {
            return a;
        }
        if (ofType instanceof AliasedEntity<?> e) {
            return a.ofType(e);
        }
        if (ofType instanceof Mapper<?> m) {
            return a.ofType(m.mappedClass());
        }
        throw new ArgumentException("A relationship's of_type is a mapper or an aliased entity, not " + ofType);
    }

    /**
     * This relationship with extra criteria for its targets (SQLAlchemy's {@code relationship.and_()}):
     * in {@code join()} they join the ON clause, in a loader option they filter the members loaded.
     *
     * <pre>{@code
     * session.query(User.class).join(ORM.attr(User.class, "addresses").and(ORM.attr(Address.class, "email").ne("x")));
     * // ... JOIN addresses ON users.id = addresses.user_id AND addresses.email != :email_1
     * session.query(User.class).options(ORM.selectinLoad(ORM.attr(User.class, "addresses").and(ORM.attr(Address.class, "deleted").eq(false))));
     * }</pre>
     */
    public QueryableAttribute<T> and(ColumnElement<?>... criterion) {
        relationship();
        List<ColumnElement<?>> out = new ArrayList<>(criteria);
        for (ColumnElement<?> c : criterion) {
            if (c == null) {
                throw new ArgumentException("null is not a criterion for " + prop);
            }
            out.add(c);
        }
        return new QueryableAttribute<>(entity, prop, List.copyOf(out), ofType);
    }

    /**
     * This relationship towards {@code type}, its target class or a mapped subclass of it (SQLAlchemy's
     * {@code relationship.of_type(Sub)}): {@code join()} joins the subclass's tables and keeps its rows only;
     * a joined or select-in load loads the targets with the subclass's columns, as instances of their own classes.
     *
     * <pre>{@code
     * session.query(Company.class).join(ORM.attr(Company.class, "employees").ofType(Engineer.class));
     * // ... FROM companies JOIN (people JOIN engineers ON people.person_id = engineers.person_id) ON companies.company_id = people.company_id
     * session.query(Company.class).options(ORM.selectinLoad(ORM.attr(Company.class, "employees").ofType(Engineer.class)));
     * }</pre>
     */
    public QueryableAttribute<T> ofType(Class<?> type) {
        return towards(checkedTarget(Registry.mapperFor(type)));
    }

    /**
     * This relationship towards {@code target}, an aliased entity of its target class or of a subclass
     * ({@link ORM#aliased}, {@link ORM#withPolymorphic}): {@code join()} joins that entity, a joined load
     * loads from its FROM clause, {@link ORM#containsEager} reads the query's join to it.
     *
     * <pre>{@code
     * AliasedEntity<Person> wp = ORM.withPolymorphic(Person.class, List.of(Engineer.class), ORM.Aliasing.FLAT);
     * session.query(Company.class).options(ORM.joinedLoad(ORM.attr(Company.class, "employees").ofType(wp)));
     * // ... LEFT OUTER JOIN (people AS people_1 LEFT OUTER JOIN engineers AS engineers_1 ON ...) ON companies.company_id = people_1.company_id
     * }</pre>
     */
    public QueryableAttribute<T> ofType(AliasedEntity<?> target) {
        checkedTarget(target.mapper());
        return towards(target);
    }

    private QueryableAttribute<T> towards(Entity target) {
        if (ofType != null && ofType != target) {
            throw new ArgumentException(this + " is of_type(" + ofType.label() + ") already, not of_type(" + target.label() + ")");
        }
        return new QueryableAttribute<>(entity, prop, criteria, target);
    }

    private Mapper<?> checkedTarget(Mapper<?> m) {
        Mapper<?> target = relationship().target;
        if (m != target && !target.descendants().contains(m)) {
            throw new ArgumentException("of_type(" + m.entityName() + ") of " + prop + ": not " + target.entityName() + " or a mapped subclass of it");
        }
        return m;
    }

    /** The entity {@link #ofType} names, or null. */
    Entity ofType() {
        return ofType;
    }

    /** The entity the relationship's targets are read as: {@link #ofType}'s, else the target class. */
    Entity targetEntity() {
        return ofType != null ? ofType : relationship().target;
    }

    /** Whether it is a relationship with extra criteria ({@link #and}). */
    boolean hasCriteria() {
        return !criteria.isEmpty();
    }

    /** The relationship's extra criteria ({@link #and}) for its targets in {@code target} (the target's table or an alias of it), or empty. */
    List<ColumnElement<Boolean>> criteriaFor(FromClause target) {
        if (criteria.isEmpty()) {
            return List.of();
        }
        List<ColumnElement<Boolean>> out = new ArrayList<>();
        Mapper<?> m = relationship().target;
        for (ColumnElement<?> c : criteria) {
            @SuppressWarnings("unchecked")
            ColumnElement<Boolean> b = (ColumnElement<Boolean>) Selectables.core(c);
            // criteria over an alias's attributes (of_type(alias).and(...)) are that alias's already
            out.add(b.fromObjects().contains(m.table()) ? Selectables.adapt(target, m.table(), b) : b);
        }
        return out;
    }

    private static Entity entityOf(Object o) {
        if (o instanceof Entity e) {
            return e;
        }
        throw new ArgumentException("An attribute's entity must be a mapper or an aliased entity, not " + o);
    }

    /** A loaded attribute's key: a name (null was a NullPointerException in the mapper's lookup). */
    private static String keyOf(Object o) {
        if (o instanceof String key) {
            return key;
        }
        throw new ArgumentException("An attribute's key is its name, not " + o);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.process(expression());
    }

    /** The entity (a {@link Mapper} or an {@link AliasedEntity}) this attribute belongs to. */
    public ClauseElement entity() {
        return entity;
    }

    /** The attribute's key. */
    public String key() {
        return prop.key;
    }

    /** Whether this is a relationship rather than a column or computed attribute. */
    public boolean isRelationship() {
        return prop instanceof RelationshipProp;
    }

    /**
     * The Core expression this attribute stands for: the column (of the alias, for an aliased
     * entity) or the computed expression. A relationship has none and raises {@link CompileException}.
     */
    public ColumnElement<T> expression() {
        if (expression == null && prop instanceof ElementCollectionProp) {
            throw new CompileException("The element collection " + prop + " is not a column; use it in join(), any() or contains(), its values as element()");
        }
        if (expression == null) {
            throw new CompileException("The relationship " + prop + " is not a column; use it in join(), loader options, any(), has() or eq(instance)");
        }
        return expression;
    }

    Entity owner() {
        return entity;
    }

    Prop prop() {
        return prop;
    }

    RelationshipProp relationship() {
        if (!(prop instanceof RelationshipProp r)) {
            throw new ArgumentException(prop + " is not a relationship");
        }
        return r;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public TypeEngine<T> type() {
        return expression == null ? (TypeEngine) Types.NULLTYPE : expression.type();
    }

    /** A hybrid attribute ({@link ORM#hybrid}) over more than a column is named by its key, as SQLAlchemy labels it. */
    @Override
    public String nonAnonLabel() {
        return isLabelledHybrid() ? prop.key : expression().nonAnonLabel();
    }

    /** A hybrid attribute whose expression is not a column attribute: selected, it is labelled with its key. */
    boolean isLabelledHybrid() {
        return prop instanceof HybridProp && !(expression instanceof QueryableAttribute<?> a && a.prop() instanceof ColumnProp);
    }

    @Override
    public String anonPrefix() {
        return expression().anonPrefix();
    }

    /** A value compared with a column is named after the column's key; with a computed attribute, {@code param}. */
    @Override
    protected String bindPrefix() {
        return expression instanceof ColumnClause<?> c ? c.key() : expression instanceof ColumnProxy<?> p ? p.key() : "param";
    }

    @Override
    public boolean isNamedColumn() {
        return expression().isNamedColumn();
    }

    @Override
    public List<FromClause> fromObjects() {
        return expression == null ? List.of(entity.selectable()) : expression.fromObjects();
    }

    /** A column attribute of a joined-table class (not an alias of it): the class's tables inner-joined. */
    @Override
    protected FromClause rowsFrom() {
        return expression != null && entity instanceof Mapper<?> m ? m.rowsSelectable() : null;
    }

    /** Where the expression needs parentheses, the grouped expression itself (an attribute does not group). */
    @Override
    public ColumnElement<T> selfGroup(Operator against) {
        if (expression == null) {
            return this;
        }
        ColumnElement<T> g = expression.selfGroup(against);
        return g == expression ? this : g;
    }

    /**
     * For a many-to-one relationship, "refers to {@code instance}" ({@code null}: refers to nothing); otherwise {@code =}.
     * A key the instance does not have yet (transient or pending) is read when the statement runs, so a query
     * built before a flush uses the key the flush gives it; such a statement cannot be serialized.
     * For a {@link Composite}, {@code =} column by column, ANDed ({@code null}: each IS NULL).
     *
     * <pre>{@code
     * User u = new User("ann");
     * Query<Address> q = session.query(Address.class).filter(ORM.attr(Address.class, "user").eq(u));  // :param_1 = addresses.user_id
     * session.add(u);
     * session.flush();
     * q.all();   // the addresses of u, by the id the flush gave it
     * }</pre>
     */
    @Override
    public ColumnElement<Boolean> eq(Object other) {
        if (prop instanceof CompositeProp c) {
            return c.compare(entity, other, ColumnElement::eq);
        }
        return prop instanceof RelationshipProp r ? refersTo(r, other, false) : super.eq(other);
    }

    /** For a many-to-one relationship, "does not refer to {@code instance}"; otherwise {@code !=}. */
    @Override
    public ColumnElement<Boolean> ne(Object other) {
        if (prop instanceof CompositeProp c) {
            return c.compare(entity, other, ColumnElement::ne);
        }
        return prop instanceof RelationshipProp r ? refersTo(r, other, true) : super.ne(other);
    }

    /**
     * {@code <}; for a {@link Composite}, column by column, ANDed, as SQLAlchemy's composite comparator does.
     *
     * <pre>{@code
     * ORM.select(Edge.class).filter(ORM.attr(Edge.class, "start").lt(point));   // WHERE edge.x1 < :x1_1 AND edge.y1 < :y1_1
     * }</pre>
     */
    @Override
    public ColumnElement<Boolean> lt(Object other) {
        return prop instanceof CompositeProp c ? c.compare(entity, other, ColumnElement::lt) : super.lt(other);
    }

    /** {@code <=}; for a {@link Composite}, column by column, ANDed. */
    @Override
    public ColumnElement<Boolean> le(Object other) {
        return prop instanceof CompositeProp c ? c.compare(entity, other, ColumnElement::le) : super.le(other);
    }

    /** {@code >}; for a {@link Composite}, column by column, ANDed. */
    @Override
    public ColumnElement<Boolean> gt(Object other) {
        return prop instanceof CompositeProp c ? c.compare(entity, other, ColumnElement::gt) : super.gt(other);
    }

    /** {@code >=}; for a {@link Composite}, column by column, ANDed. */
    @Override
    public ColumnElement<Boolean> ge(Object other) {
        return prop instanceof CompositeProp c ? c.compare(entity, other, ColumnElement::ge) : super.ge(other);
    }

    /**
     * For a one-to-many or many-to-many relationship: {@code EXISTS} a member of the collection meeting
     * {@code criterion} (none given: any member at all). For an element collection, an element meeting it,
     * the criteria naming its values with {@link #element()} (JPQL's {@code join p.tags t where t like 'a%'},
     * as an EXISTS).
     *
     * <pre>{@code
     * QueryableAttribute<?> tags = ORM.attr(Person.class, "tags");
     * tags.any(tags.element().like("a%"));
     * // EXISTS (SELECT 1 FROM person_tags WHERE person.id = person_tags.person_id AND person_tags.tag LIKE :tag_1)
     * }</pre>
     */
    public ColumnElement<Boolean> any(ColumnElement<?>... criterion) {
        if (prop instanceof ElementCollectionProp) {
            return elementsExist(List.of(criterion));
        }
        RelationshipProp r = relationship();
        if (!r.collection || r.scalar) {
            throw new ArgumentException("any() applies to one-to-many relationships; " + r + (r.scalar ? " holds one instance" : " is many-to-one") + ": use has()");
        }
        return exists(r, criterion);
    }

    /**
     * For a many-to-one relationship, or one-to-many holding one instance ({@link Relationship#uselist}):
     * {@code EXISTS} a referred-to instance meeting {@code criterion}.
     */
    public ColumnElement<Boolean> has(ColumnElement<?>... criterion) {
        RelationshipProp r = relationship();
        if (r.collection && !r.scalar) {
            throw new ArgumentException("has() applies to many-to-one relationships; " + r + " is one-to-many: use any()");
        }
        return exists(r, criterion);
    }

    /**
     * For a one-to-many or many-to-many relationship: whether {@code instance} is a member. The
     * foreign key's value of the instance, or a row of the association table pairing it
     * ({@code posts.id = anon_1.post_id AND :param_1 = anon_1.tag_id}).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public ColumnElement<Boolean> contains(Object instance) {
        if (prop instanceof ElementCollectionProp ec) {
            return elementsExist(elementEquals(ec, instance));
        }
        RelationshipProp r = relationship();
        if (!r.collection) {
            throw new ArgumentException("contains() applies to collections; " + r + " is many-to-one: use eq()");
        }
        if (!r.target.mappedClass().isInstance(instance)) {
            throw new ArgumentException(r + " holds " + r.target.mappedClass().getName() + " instances, not " + instance);
        }
        FromClause sel = entity.selectable();
        List<ColumnElement<?>> parts = new ArrayList<>();
        if (r.isManyToMany()) {
            Secondary sec = r.secondary;
            FromClause assoc = sec.table.alias();
            parts.add(sec.parentCondition(sel, r.mapper.table(), assoc));
            for (int i = 0; i < sec.targetKeys.size(); i++) {
                ColumnElement<?> key = Selectables.adapt(assoc, sec.table, sec.targetKeys.get(i));
                parts.add(keyValue(r.target, instance, sec.targetColumns.get(i), (TypeEngine) key.type()).eq(key));
            }
        } else if (r.declared.join() != null) {
            // a declared join condition: as written, the member's columns bound to its values
            return r.boundToTarget(instance, sel);
        } else {
            for (int i = 0; i < r.referenced.size(); i++) {
                ColumnElement<?> local = Selectables.adapt(sel, r.mapper.table(), r.referenced.get(i));
                parts.add(local.eq(keyValue(r.target, instance, r.referencing.get(i), (TypeEngine) local.type())));
            }
        }
        return SQL.and(parts.toArray(new ColumnElement<?>[0]));
    }

    /**
     * For an element collection of basic values: the column holding an element, for criteria of {@link #any},
     * or of a query that {@code join}s the collection (JPQL's {@code join p.tags t where t = 'x'}).
     *
     * <pre>{@code
     * session.query(Person.class).join(tags).filter(tags.element().eq("admin"));
     * // SELECT ... FROM person JOIN person_tags ON person.id = person_tags.person_id WHERE person_tags.tag = :tag_1
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public <V> ColumnElement<V> element() {
        ElementCollectionProp ec = elementCollection();
        if (ec.spec.parts() != null) {
            throw new ArgumentException(ec + " holds " + ec.spec.embeddable().getSimpleName() + " objects: name a field, element(\"field\")");
        }
        return (ColumnElement<V>) onElementRows(ec.spec.values().get(0));
    }

    /** For an element collection of embeddable objects: the column holding field {@code field} of an element. */
    @SuppressWarnings("unchecked")
    public <V> ColumnElement<V> element(String field) {
        ElementCollectionProp ec = elementCollection();
        for (int i = 0; ec.spec.parts() != null && i < ec.spec.parts().size(); i++) {
            if (ec.spec.parts().get(i).getName().equals(field)) {
                return (ColumnElement<V>) onElementRows(ec.spec.values().get(i));
            }
        }
        throw new ArgumentException(ec + (ec.spec.parts() == null ? " holds basic values: element() names them"
                : ": " + ec.spec.embeddable().getSimpleName() + " has no field '" + field + "' among " + ec.spec.parts().stream().map(Field::getName).toList()));
    }

    /**
     * This element collection on a new alias of its table, for a query that joins it more than once (JPQL's
     * {@code join p.tags a join p.tags b}): {@code join}, {@link #element()}, {@link #any} and {@link #contains}
     * use the alias.
     *
     * <pre>{@code
     * QueryableAttribute<?> a = tags.aliased(), b = tags.aliased();
     * session.query(Person.class).join(a).join(b).filter(a.element().eq("admin"), b.element().eq("author"));
     * // ... JOIN person_tags AS person_tags_1 ON person.id = person_tags_1.person_id JOIN person_tags AS person_tags_2 ON ...
     * }</pre>
     */
    public QueryableAttribute<T> aliased() {
        return new QueryableAttribute<>(entity, prop, criteria, ofType, elementCollection().spec.table().alias());
    }

    /** {@code column} of the element collection's table on {@link #elementRows}. */
    private ColumnElement<?> onElementRows(Column<?> column) {
        return Selectables.adapt(elementRows, elementCollection().spec.table(), column);
    }

    private ElementCollectionProp elementCollection() {
        if (!(prop instanceof ElementCollectionProp ec)) {
            throw new ArgumentException(prop + " is not an element collection");
        }
        return ec;
    }

    /** Whether this is an element collection ({@code @ElementCollection}), which {@code join} joins as its table. */
    boolean isElementCollection() {
        return prop instanceof ElementCollectionProp;
    }

    /** An element collection's table (or its alias: {@link #aliased}), which {@code join} joins. */
    FromClause elementRows() {
        elementCollection();
        return elementRows;
    }

    /**
     * An element collection's rows of this attribute's owner: {@code person.id = person_tags.person_id}, the owner's
     * column the one its join column refers to (a joined subclass's own table's key, as a relationship's foreign key).
     */
    ColumnElement<Boolean> elementsOfOwner() {
        ElementCollectionProp ec = elementCollection();
        FromClause sel = entity.selectable();
        List<ColumnProp> key = ec.mapper.primaryKeyProps();
        List<ColumnElement<Boolean>> parts = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            Column<?> joinColumn = ec.spec.ownerKeys().get(i);
            Column<?> owner = joinColumn.foreignKeys().isEmpty() ? key.get(i).column : joinColumn.foreignKeys().get(0).column();
            parts.add(eqColumns(Selectables.adapt(sel, ec.mapper, owner), onElementRows(joinColumn)));
        }
        return parts.size() == 1 ? parts.get(0) : SQL.and(parts.toArray(new ColumnElement<?>[0]));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ColumnElement<Boolean> eqColumns(ColumnElement<?> a, ColumnElement<?> b) {
        return ((ColumnElement) a).eq(b);
    }

    /** {@code EXISTS} a row of the element collection's table of the owner meeting {@code criteria}; the table never correlates away. */
    private ColumnElement<Boolean> elementsExist(List<ColumnElement<?>> criteria) {
        List<ClauseElement> where = new ArrayList<>();
        where.add(elementsOfOwner());
        criteria.forEach(c -> where.add(Selectables.core(c)));
        return SQL.exists(select(literalColumn("1")).selectFrom(elementRows).correlateExcept(elementRows).where(where.toArray(new ClauseElement[0])));
    }

    /** The element equal to {@code value}: its column, or each field's column, equal to the value (IS NULL for null). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<ColumnElement<?>> elementEquals(ElementCollectionProp ec, Object value) {
        if (ec.spec.parts() != null && value != null && !ec.spec.embeddable().isInstance(value)) {
            throw new ArgumentException(ec + " holds " + ec.spec.embeddable().getName() + " objects, not " + value);
        }
        List<Object> values = ec.rows(java.util.Collections.singletonList(value)).get(0);
        List<ColumnElement<?>> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            ColumnElement c = onElementRows(ec.spec.values().get(i));
            out.add(values.get(i) == null ? c.isNull() : c.eq(values.get(i)));
        }
        return out;
    }

    /**
     * The value of {@code column} of {@code instance} (of {@code mapper}'s class) as a parameter: its value when it
     * has one, else a parameter that reads it when the statement runs (SQLAlchemy's callable bind), so that
     * a comparison built with a transient or pending instance uses the key a flush gives it later. A key
     * still null then compares as {@code = NULL}, matching no row (SQLAlchemy does the same, with a warning).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ColumnElement<?> keyValue(Mapper<?> mapper, Object instance, Column<?> column, TypeEngine type) {
        return keyValue(mapper, instance, column, type, null);
    }

    /** {@link #keyValue(Mapper, Object, Column, TypeEngine)}, named {@code name} made unique ({@code :user_id_1}); null: {@code :param_1}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ColumnElement<?> keyValue(Mapper<?> mapper, Object instance, Column<?> column, TypeEngine type, String name) {
        ColumnProp p = mapper.columnProp(column);
        Object value = p.get(instance, null);
        if (value != null) {
            return name == null ? literal(value, type) : SQL.bindparam(name, value, type).asUnique();
        }
        BindParameter<?> read = SQL.bindparamCallable(name, () -> p.get(instance, null), type);
        return name == null ? read : read.asUnique();
    }

    /** The relationship's target class as an entity (for {@link ORM#withParent(Object, QueryableAttribute)}). */
    Entity relationshipTarget() {
        return relationship().targetEntity();
    }

    /**
     * {@link ORM#withParent(Object, QueryableAttribute, AliasedEntity)}: the rows of {@code from} (the
     * relationship's target or an alias of it) related to {@code instance} through this relationship.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    ColumnElement<Boolean> withParent(Object instance, Entity from) {
        RelationshipProp r = relationship();
        if (!r.mapper.mappedClass().isInstance(instance)) {
            throw new ArgumentException(r + " belongs to " + r.mapper.mappedClass().getName() + " instances, not " + instance);
        }
        if (from.mapper() != r.target) {
            throw new ArgumentException(r + " leads to " + r.target.entityName() + ", not " + from.label());
        }
        FromClause sel = from.selectable();
        Table table = r.target.table();
        if (r.declared.join() != null) {
            return r.boundToParent(instance, sel);
        }
        List<ColumnElement<?>> parts = new ArrayList<>();
        if (r.isManyToMany()) {
            // a row of the association table pairing the parent with the member, as SQLAlchemy renders it
            Secondary sec = r.secondary;
            FromClause assoc = sec.table.alias();
            for (int i = 0; i < sec.parentKeys.size(); i++) {
                ColumnElement<?> key = Selectables.adapt(assoc, sec.table, sec.parentKeys.get(i));
                parts.add(keyValue(r.mapper, instance, sec.parentColumns.get(i), (TypeEngine) key.type()).eq(key));
            }
            parts.add(sec.targetCondition(sel, table, assoc));
        } else {
            for (int i = 0; i < r.referenced.size(); i++) {
                if (r.collection) {
                    ColumnElement<?> fk = Selectables.adapt(sel, table, r.referencing.get(i));
                    parts.add(keyValue(r.mapper, instance, r.referenced.get(i), (TypeEngine) fk.type()).eq(fk));
                } else {
                    ColumnElement<?> key = Selectables.adapt(sel, table, r.referenced.get(i));
                    parts.add(key.eq(keyValue(r.mapper, instance, r.referencing.get(i), (TypeEngine) key.type())));
                }
            }
        }
        return SQL.and(parts.toArray(new ColumnElement<?>[0]));
    }

    private ColumnElement<Boolean> exists(RelationshipProp r, ColumnElement<?>[] criterion) {
        Table table = r.target.table();
        // The target's tables (a joined-table class's, joined; of_type: the subclass's, or the aliased entity's);
        // from a table to itself, the members are rows of an alias of it, and so are the criteria's columns.
        // A relationship to an aliased class: its members are the rows of that class's FROM clause.
        Mapper<?> members = ofType != null ? ofType.mapper() : r.target;
        List<FromClause> outer = entity.selectable().fromObjects();
        FromClause target;
        if (ofType instanceof AliasedEntity<?> a) {
            target = a.selectable();
        } else if (ofType == null && r.aliasedTarget != null) {
            FromClause own = r.aliasedTarget.selectable();
            target = outer.contains(own) ? r.aliasedTargetSelectable() : own;
        } else if (members.tables().stream().anyMatch(outer::contains)) {
            // SQLAlchemy's anonymous FROM clause of a target sharing the parent's tables: a table's alias, a join's
            // labelled subquery (the criteria go to its columns, and an EXISTS nested in them stays its own)
            target = members.selectable() instanceof Table t ? t.alias() : ORM.labelledSubquery(members.selectable());
        } else {
            target = members.selectable();
        }
        List<ClauseElement> where = new ArrayList<>();
        where.add(r.condition(entity.selectable(), target));
        // a single-table subclass's members are only its rows among its base's table
        ColumnElement<Boolean> subclassRows = members.singleTableCriterion(target);
        if (subclassRows != null) {
            where.add(subclassRows);
        }
        for (ColumnElement<?> c : criterion) {
            // criteria over an of_type entity's attributes are on its FROM clause already
            ColumnElement<?> core = Selectables.core(c);
            where.add(ofType instanceof AliasedEntity<?> ? core
                    : ofType == null && r.aliasedTarget != null ? r.onTarget(core, target) : onExistsTarget(target, table, core));
        }
        // As SQLAlchemy's: the members' FROM clauses never correlate away, even where the enclosing query joins them
        Select s = select(literalColumn("1")).selectFrom(target);
        s = r.isManyToMany() ? s.selectFrom(r.secondary.table).correlateExcept(target, r.secondary.table) : s.correlateExcept(target);
        return SQL.exists(s.where(where.toArray(new ClauseElement[0])));
    }

    /**
     * {@link Selectables#adapt} of a criterion onto an EXISTS target, leaving alone the aliases in it (a nested has()/any()'s
     * FROM clause): what they select from is their own, as SQLAlchemy's no_replacement_traverse keeps it.
     */
    @SuppressWarnings("unchecked")
    private static <V> ColumnElement<V> onExistsTarget(FromClause target, Table table, ColumnElement<V> criterion) {
        if (target == table) {
            return criterion;
        }
        return (ColumnElement<V>) criterion.replace(n -> n instanceof Alias ? n : n instanceof Column<?> c ? target.correspondingColumn(c)
                : n instanceof Table t ? Selectables.aliasOf(target, t) : null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ColumnElement<Boolean> refersTo(RelationshipProp r, Object instance, boolean negate) {
        if (r.collection && r.scalar && r.isManyToMany() && instance != null && !negate) {
            // uselist(false) through an association table: a row of it pairs the parent with the instance, as SQLAlchemy renders it
            return contains(instance);
        }
        if (r.collection) {
            throw new ArgumentException("Cannot compare the collection " + r + " with an instance; use any()");
        }
        FromClause sel = entity.selectable();
        if (instance != null && !negate && r.declared.join() != null && r.target.mappedClass().isInstance(instance)) {
            // a declared join condition: as written, the target's columns bound to the instance's values
            return r.boundToTarget(instance, sel);
        }
        if (instance != null && negate && !(r.declared.others().isEmpty() && r.remoteIsPrimaryKey()) && r.target.mappedClass().isInstance(instance)) {
            // not found by its key alone (SQLAlchemy's use_get): no target of the join is the instance, by its key's value now
            List<ColumnElement<?>> key = new ArrayList<>();
            for (ColumnProp p : r.target.primaryKeyProps()) {
                Object value = p.get(instance, null);
                key.add(value == null ? p.column.isNull() : p.column.eq(SQL.bindparam(p.column.key(), value, (TypeEngine) p.column.type()).asUnique()));
            }
            return SQL.not(exists(r, key.toArray(new ColumnElement<?>[0])));
        }
        List<ColumnElement<?>> parts = new ArrayList<>();
        for (int i = 0; i < r.referencing.size(); i++) {
            ColumnElement<?> fk = Selectables.adapt(sel, r.mapper.table(), r.referencing.get(i));
            if (instance == null) {
                parts.add(negate ? fk.isNotNull() : fk.isNull());
                continue;
            }
            if (!r.target.mappedClass().isInstance(instance)) {
                throw new ArgumentException(r + " refers to " + r.target.mappedClass().getName() + " instances, not " + instance.getClass().getName());
            }
            // negated, the parameter is named after the foreign key's column, as SQLAlchemy names it
            ColumnElement<?> bound = keyValue(r.target, instance, r.referenced.get(i), (TypeEngine) fk.type(), negate ? r.referencing.get(i).key() : null);
            parts.add(negate ? SQL.or(fk.ne(bound), fk.isNull()) : bound.eq(fk));
        }
        return SQL.and(parts.toArray(new ColumnElement<?>[0]));
    }

    @Override
    public String toString() {
        return expression == null ? entity.label() + "." + prop.key + (ofType == null ? "" : ".ofType(" + ofType.label() + ")")
                + (criteria.isEmpty() ? "" : ".and(" + criteria + ")") : super.toString();
    }
}
