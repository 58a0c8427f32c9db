"""ORM statements in the suite's tree language (see README.md, "ORM statements").

An ORM-enabled SELECT (``select(User)``, ``session.query(User)``) is carried as what a Retort user
writes for it: ``ORM.select(...)`` with its joins, criteria, loader options and lock, over classes
mapped from a description of the test's mappers (the case's ``orm`` section), never a per-case
hand-written mapping. Anything the description or the node has no field for is refused with a
reason, as the Core converter does.
"""

from sqlalchemy import Column, Table
from sqlalchemy.orm import Mapper, RelationshipProperty, ColumnProperty
from sqlalchemy.orm.util import AliasedInsp
from sqlalchemy.ext import hybrid
from sqlalchemy.sql import elements, operators, selectable, util as sql_util, visitors
from sqlalchemy.sql.selectable import SelectLabelStyle

import copy
import convert
from convert import Unsupported


def _missing(what):
    return Unsupported("construct not supported yet: %s" % what)


def orm_statement(clause):
    """(statement, legacy) for an ORM query or ORM-enabled SELECT, else None."""
    from sqlalchemy.orm import Query
    if isinstance(clause, Query):
        return clause._statement_20(), True
    if isinstance(clause, selectable.Select) and clause._propagate_attrs.get("compile_state_plugin") == "orm":
        return clause, False
    if type(clause).__name__ == "FromStatement":
        return clause, False
    if isinstance(clause, selectable.Select) and clause._label_style is SelectLabelStyle.LABEL_STYLE_LEGACY_ORM:
        return _final_statement_query(clause)
    return None


def _final_statement_query(clause):
    """Query._final_statement(legacy_query_style=): the Core statement the ORM compiles the query to, which
    is what the query itself compiles to in Java (Query.compile / Query.statement()). (the query's statement
    in that style, legacy) when the statement was remembered by _remember_final_statements and compiles alike."""
    from sqlalchemy.engine import default
    origin = clause.__dict__.get("_retort_final_of")
    if origin is None:
        raise Unsupported("Query._final_statement() (a statement the ORM compiled)")
    query, legacy = origin
    stmt = query._statement_20(use_legacy_query_style=legacy)
    d = default.StrCompileDialect()
    if str(stmt.compile(dialect=d)) != str(clause.compile(dialect=d)):
        raise Unsupported("Query._final_statement() compiling unlike its query")
    return stmt, legacy


def _remember_final_statements():
    """Query._final_statement() remembers the query and style it compiled ("_retort_final_of"), so that the
    converter carries the query (see _final_statement_query)."""
    from sqlalchemy.orm import Query
    orig = Query._final_statement
    if getattr(orig, "_retort", False):
        return

    def final_statement(self, legacy_query_style=True):
        stmt = orig(self, legacy_query_style=legacy_query_style)
        stmt.__dict__["_retort_final_of"] = (self._clone(), legacy_query_style)
        return stmt

    final_statement._retort = True
    Query._final_statement = final_statement


_remember_final_statements()


def _remember_query_exists():
    """Query.exists() remembers its query ("_retort_exists_of"): the converter carries the query and Java calls
    Query.exists() on it, rather than rebuilding the EXISTS (SELECT 1 ...) SQLAlchemy made of it."""
    from sqlalchemy.orm import Query
    orig = Query.exists
    if getattr(orig, "_retort", False):
        return

    def exists(self):
        out = orig(self)
        out.__dict__["_retort_exists_of"] = self._clone()
        return out

    exists._retort = True
    Query.exists = exists


_remember_query_exists()


# Select attributes an ORM select carries as tree fields; any other attribute must hold its default
HANDLED = {"_raw_columns", "_where_criteria", "_order_by_clauses", "_setup_joins", "_limit_clause",
           "_offset_clause", "_distinct", "_label_style", "_for_update_arg", "_with_options", "_propagate_attrs",
           "_compile_options", "_from_obj"} | {"_group_by_clauses", "_having_criteria", "_distinct_on", "_pre_columns_clause",
                                               "_correlate", "_correlate_except",
                                               "_fetch_clause", "_fetch_clause_options", "_memoized_select_entities"}


class OrmConverter(convert.Converter):
    def __init__(self):
        super().__init__()
        self.mappers = {}  # id(mapper) -> class name, for every mapper of the described registries
        self.aliases = {}  # id(AliasedInsp) -> alias id
        self.registry = None  # the registry whose classes the case maps
        self.unmapped = {}  # (class, key) -> why: relationships the description leaves out
        self.mapping = None
        self.described = set()  # id(mapper) of the classes described so far (see describe)
        self.in_order_by = False  # converting an ORM select's ORDER BY (a composite attribute is its columns there)
        self.hybrids = set()  # (id(mapper), key) of the hybrid attributes the mapping describes

    # ---- the mapping -----------------------------------------------------------------------
    def describe(self, mapper):
        """The mapping of every class of mapper's registry: [{class, table, inherits?, ...}], bases first."""
        ms = self.mapping_order(sorted(mapper.registry.mappers, key=lambda m: (len(list(m.iterate_to_root())), m.class_.__name__)))
        names = [m.class_.__name__ for m in ms]
        if len(set(names)) != len(names):
            raise Unsupported("two mapped classes of one name")
        for m in ms:
            self.mappers[id(m)] = m.class_.__name__
        # mapped in this order: a class's properties may use the attributes of those before it
        self.described = set()
        out = []
        for m in ms:
            out.append(self.describe_one(m))
            self.described.add(id(m))
        return out

    @staticmethod
    def mapping_order(ms):
        """ms (bases first, by name), each class after its base and after the classes its column_property
        expressions name (count(Store.id) in Retailer.store_count), so that those keep their ORM attributes."""
        by_id = {id(m): m for m in ms}

        def needs(m):
            out = [m.inherits] if m.inherits is not None else []
            for prop in m._props.values():
                if prop.parent is m and isinstance(prop, ColumnProperty):
                    for col in prop.columns:
                        for x in visitors.iterate(col):
                            e = x._annotations.get("parententity")
                            if e is not None and not isinstance(e, AliasedInsp) and e.mapper is not m:
                                out.append(e.mapper)
            return [n for n in out if id(n) in by_id]
        out, placed, visiting = [], set(), set()

        def place(m):
            if id(m) in placed or id(m) in visiting:
                return  # placed already, or a cycle: the order as sorted
            visiting.add(id(m))
            for n in needs(m):
                place(n)
            visiting.discard(id(m))
            placed.add(id(m))
            out.append(m)
        for m in ms:
            place(m)
        return out

    def describe_one(self, m):
        if not isinstance(m.local_table, selectable.TableClause):
            raise _missing("class mapped to %s" % type(m.local_table).__name__)
        if m.concrete:
            # (polymorphic_abstract: a class with no discriminator value of its own, as a Retort mapping without identity())
            raise _missing("mapper concrete / abstract")
        out = {"class": m.class_.__name__, "table": self.table_key(m.local_table), "properties": {}}
        self.with_polymorphic_mapping(m, out)
        if m.inherits is not None:
            out["inherits"] = m.inherits.class_.__name__  # joined when its table is not the superclass's
        if m.polymorphic_on is not None and (m.inherits is None or m.inherits.polymorphic_on is not m.polymorphic_on):
            col = m.polymorphic_on
            if not isinstance(convert.plain(col), elements.ColumnClause) or convert.plain(col).table is not m.local_table:
                raise _missing("polymorphic_on an expression")
            out["polymorphic_on"] = col.key
        if m.polymorphic_identity is not None:
            out["identity"] = convert.value(m.polymorphic_identity)
        for prop in m._props.values():
            if prop.parent is not m:
                continue  # inherited: the superclass's description has it
            if isinstance(prop, ColumnProperty):
                self.column_prop(m, prop, out)
            elif isinstance(prop, RelationshipProperty):
                if prop.lazy not in ("select", True, "dynamic", "write_only"):
                    # an eager default changes every statement of the class: its relationship must be described
                    out["properties"][prop.key] = self.relationship_with_default(prop)
                    continue
                try:
                    out["properties"][prop.key] = self.relationship(prop)
                except Unsupported as e:
                    # left out of the mapping: a lazy relationship changes no SQL unless a statement names it
                    self.unmapped[(m.class_.__name__, prop.key)] = e
            elif self.synonym_prop(prop, out):
                continue
            elif self.composite_prop(m, prop, out):
                continue
            else:
                raise _missing("mapped property %s" % type(prop).__name__)
        self.excluded_columns(m, out)
        self.hybrid_props(m, out)
        self.late_props(m, out)
        return out

    @staticmethod
    def excluded_columns(m, out):
        """["excluded"] (ORM.excluded()) under the key of each column of the class's tables its mapper leaves out:
        declarative gives a single-table subclass's own column (C.foo on a) to that subclass alone, and a class mapped
        with exclude_properties lacks those columns; Retort maps every column of the tables unless told. A key some
        mapped column of those tables has, or a mapped property has, is left as it was (Retort excludes by key)."""
        mapped = {c.key for t in m.tables for c in t.columns if c in m._columntoproperty}
        for t in m.tables:
            for c in t.columns:
                if c not in m._columntoproperty and c.key not in mapped and c.key not in out["properties"] \
                        and not m.has_property(c.key):
                    out["properties"][c.key] = ["excluded"]

    def hybrid_props(self, m, out):
        """The class's own hybrid_property attributes: ["hybrid", node], ORM.hybrid whose expression is the class-level
        one over the class's attributes (another hybrid it names is that hybrid's ORM attribute). One whose expression
        does not convert is left out: a statement naming it is then not ported."""
        for key, desc in list(m.class_.__dict__.items()):
            if not isinstance(desc, hybrid.hybrid_property) or key in out["properties"] or m.has_property(key):
                continue
            defs = len(self.defs)
            try:
                node = self.node(getattr(m.class_, key).comparator.__clause_element__())
            except Exception:  # an expression that is no SQL, or a construct the converter lacks
                del self.defs[defs:]
                continue
            if len(self.defs) != defs:
                del self.defs[defs:]
                continue
            out["properties"][key] = ["hybrid", node]
            self.hybrids.add((id(m), key))

    def hybrid_attr(self, el):
        """A hybrid_property selected as a column (its expression annotated with proxy_key and proxy_owner, the entity it
        was asked of): ["orm_attr", entity, key] when the mapping describes that hybrid, else None."""
        ann = getattr(el, "_annotations", None)
        if not ann or "proxy_owner" not in ann:
            return None
        owner = ann["proxy_owner"]
        for m in owner.mapper.iterate_to_root():
            if (id(m), ann["proxy_key"]) in self.hybrids:
                return ["orm_attr", self.entity(owner), ann["proxy_key"]]
        return None

    @staticmethod
    def late_props(m, out):
        """The class's computed properties and relationships that come after a table column in the mapper's properties:
        added after mapping (add_property, `User.total = column_property(...)`, `Link.child = relationship(...)`), which
        SQLAlchemy selects (a joined load's columns) after the columns. "late": [keys], Mapper.addProperty."""
        seen_column, late = False, []
        for key, prop in m._props.items():
            if isinstance(prop, ColumnProperty) and all(
                    isinstance(c, elements.ColumnClause) and isinstance(c.table, selectable.TableClause) for c in prop.columns):
                seen_column = True
            elif seen_column and prop.parent is m and isinstance(prop, ColumnProperty) \
                    and out["properties"].get(key, [None])[0] in ("expr", "query_expression"):
                late.append(key)
            elif seen_column and prop.parent is m and isinstance(prop, RelationshipProperty) and key in out["properties"] \
                    and not any(f.backref is not None for f in prop._reverse_property):
                late.append(key)  # Link.child = relationship(...) after mapping (a backref's own comes after the columns too)
        if late:
            out["late"] = late

    @staticmethod
    def synonym_prop(prop, out):
        """synonym("name"): ["synonym", "name"] (ORM.synonym), a plain one only (no comparator_factory or map_column;
        a Python descriptor changes no SQL)."""
        from sqlalchemy.orm.descriptor_props import SynonymProperty
        if not isinstance(prop, SynonymProperty) or prop.comparator_factory is not None or prop.map_column:
            return False
        out["properties"][prop.key] = ["synonym", prop.name]
        return True

    @staticmethod
    def composite_prop(m, prop, out):
        """composite(Point, x1, y1): ["composite", [column keys]] (ORM.composite, a value class of as many fields);
        a plain one only: a comparator_factory of the test's own changes the SQL its operators make."""
        from sqlalchemy.orm.descriptor_props import CompositeProperty
        if not isinstance(prop, CompositeProperty):
            return False
        if prop.comparator_factory is not CompositeProperty.Comparator:
            raise _missing("composite() with a comparator_factory of the test's own")
        if prop.deferred or prop.group or prop.active_history:
            raise _missing("composite() with deferred / group / active_history")
        cols = prop.columns
        if not all(isinstance(c, Column) and c.table is m.local_table for c in cols):
            raise _missing("composite() over expressions or another table's columns")
        out["properties"][prop.key] = ["composite", [c.key for c in cols]]
        return True

    def n_AnnotatedClauseList(self, cl):
        """A composite attribute in ORDER BY (Edge.start: its CompositeBundle's columns): its columns' attributes as
        orderByList(...); Retort has no ORDER BY of a composite attribute itself. A Bundle: ["orm_bundle", name, cols]."""
        from sqlalchemy.orm.descriptor_props import CompositeProperty
        if isinstance(cl._annotations.get("bundle"), CompositeProperty.CompositeBundle):
            if not self.in_order_by:
                raise _missing("a composite attribute outside ORDER BY (selected or grouped by: a Bundle)")
            return ["orderbylist"] + self.nodes(cl.clauses)
        from sqlalchemy.orm import Bundle
        b = cl._annotations.get("bundle")
        if b is not None and type(b) is Bundle:
            # ORM.bundle(name, cols): selected, its one value per row; ordered by or compiled alone, its columns
            if b.single_entity:
                raise _missing("Bundle(single_entity=True)")
            return ["orm_bundle", b.name, self.nodes(cl.clauses)]
        return convert.Converter.n_AnnotatedClauseList(self, cl)

    def with_polymorphic_mapping(self, m, out):
        """A mapper's with_polymorphic: {"classes": [names] | null ("*"), "selectable"?: FROM node}
        (InheritanceSpec.withPolymorphic); "*" without a selectable is Retort's default, left out."""
        from sqlalchemy import inspect
        if not m.with_polymorphic:
            return
        spec, sel = m.with_polymorphic
        if spec == "*" and sel is None:
            return
        desc = {"classes": None if spec == "*" else [inspect(c).mapper.class_.__name__ for c in spec]}
        if sel is not None:
            desc["selectable"] = self.mapping_from(sel)
        out["with_polymorphic"] = desc

    def mapping_from(self, f):
        """A FROM clause of the mapping, built before the statement: a derived one carries its
        definitions, ["with", defs, ["fromref", id]], their ids prefixed "m<n>" so that the statement's
        own never clash (and a statement naming the same FROM clause refers to the mapping's)."""
        saved = self.defs
        self.defs = []
        try:
            node = self.from_node(f)
            defs = self.defs
        finally:
            self.defs = saved
        if not defs:
            return node
        n = self.__dict__.setdefault("mapping_froms", [0])
        n[0] += 1
        renamed = {fid: "m%d%s" % (n[0], fid) for fid, _ in defs}

        def rename(n):
            if isinstance(n, list):
                if len(n) == 2 and n[0] in ("fromref", "ref") and n[1] in renamed:
                    return [n[0], renamed[n[1]]]
                if len(n) == 3 and n[0] == "ref" and n[1] in renamed:
                    return ["ref", renamed[n[1]], n[2]]
                return [rename(x) for x in n]
            if isinstance(n, dict):
                return {k: rename(v) for k, v in n.items()}
            return n
        for k, v in list(self.def_ids.items()):
            if v in renamed:
                self.def_ids[k] = renamed[v]
        for k, lst in self.def_lineages.items():
            self.def_lineages[k] = [(renamed.get(fid, fid), n) for fid, n in lst]
        return ["with", [[renamed[fid], rename(n)] for fid, n in defs], rename(node)]

    def with_polymorphic_entity(self, ent):
        """with_polymorphic(Base, [...]) as ["orm_wpoly", id, class, [classes], how]: how null (the tables
        themselves, ORM.withPolymorphic(base, classes)), "flat" / "aliased" (ORM.Aliasing) or
        ["selectable", FROM node]; later ["orm_alias", id]. Its view as a subclass (wp.Engineer) is
        ["orm_wpoly_of", wpoly, class] (AliasedEntity.of)."""
        base = ent._base_alias()
        if base is not ent:
            if not base._is_with_polymorphic:
                raise _missing("a subclass view of an aliased entity")
            return ["orm_wpoly_of", self.entity(base), self.mappers[id(ent.mapper)]]
        if id(ent) in self.aliases:
            return ["orm_alias", self.aliases[id(ent)]]
        if ent._adapt_on_names or id(ent.mapper) not in self.mappers:
            raise _missing("with_polymorphic with adapt_on_names or of another registry")
        if any(id(m) not in self.mappers for m in ent.with_polymorphic_mappers):
            raise Unsupported("entity of another registry")
        classes = [self.mappers[id(m)] for m in ent.with_polymorphic_mappers if m is not ent.mapper]
        sel = ent.selectable

        def leaves(f):
            return leaves(f.left) + leaves(f.right) if isinstance(f, selectable.Join) else [f]

        def inner(f):
            return isinstance(f, selectable.Join) and (not f.isouter or inner(f.left))
        if inner(sel) or type(sel) is selectable.Subquery and isinstance(sel.element, selectable.Select) \
                and any(inner(f) for f in sel.element._from_obj):
            raise _missing("with_polymorphic(innerjoin=True)")  # ORM.withPolymorphic outer-joins the subclasses' tables
        how = None
        if isinstance(sel, selectable.Join) and all(type(x) is Table for x in leaves(sel)):
            how = None
        elif isinstance(sel, selectable.Join) and all(type(x) is selectable.Alias and type(x.element) is Table
                                                      and convert.is_anon(x.name) for x in leaves(sel)):
            how = "flat"
        elif type(sel) is selectable.Subquery and convert.is_anon(sel.name) and isinstance(sel.element, selectable.Select) \
                and sel.element._label_style is SelectLabelStyle.LABEL_STYLE_TABLENAME_PLUS_COL \
                and len(sel.element._from_obj) == 1 and isinstance(sel.element._from_obj[0], selectable.Join):
            how = "aliased"
        else:
            how = ["selectable", self.from_node(sel)]
        aid = "a%d" % len(self.aliases)
        self.aliases[id(ent)] = aid
        self.keep.append(ent)
        return ["orm_wpoly", aid, self.mappers[id(ent.mapper)], classes, how]

    def column_prop(self, m, prop, out):
        cols = list(prop.columns)
        if m.inherits is not None and len(cols) > 1 and all(any(c.table is t for t in m.inherits.tables) for c in cols[1:]):
            # joined inheritance: the subclass table's key column and the superclass's it refers to, one attribute
            cols = cols[:1]
        if len(cols) == 1 and (prop.deferred or prop.group) and not prop.active_history and self.deferred_column(m, prop, cols[0], out):
            return
        if dict(prop.strategy_key).get("query_expression"):
            # ["query_expression", default?]: ORM.queryExpression(), with its default unless that is NULL
            if len(cols) != 1:
                raise _missing("query_expression() of several columns")
            none = isinstance(getattr(cols[0], "element", cols[0]), elements.Null)
            out["properties"][prop.key] = ["query_expression"] + ([] if none else [self.expression_prop(cols[0])[1]])
            return
        if len(cols) == 1 and _is_deferred_expression(prop, cols[0]):
            out["properties"][prop.key] = self.expression_prop(cols[0]) + [True]
            return
        if len(cols) != 1 or prop.deferred or prop.group or prop.active_history:
            raise _missing("column_property with options / several columns")
        col = cols[0]
        if not isinstance(col, elements.ColumnClause) or col.table is None or not isinstance(col.table, selectable.TableClause):
            out["properties"][prop.key] = self.expression_prop(col)
            return
        if col.table is not m.local_table:
            if m.inherits is not None and any(col.table is t for t in m.inherits.tables):
                return  # the superclass's column, shadowed in joined inheritance
            raise _missing("column of another table mapped")
        if prop.key != col.key:
            out["properties"][prop.key] = ["column", col.key]

    def expression_prop(self, col):
        """column_property(expr) as ["expr", node]: ORM.columnProperty(expr); built before the statement,
        so no derived FROM of its own. A label of its own name stays: SQLAlchemy selects the property under it."""
        expr = col.element if isinstance(col, elements.Label) and convert.is_anon(col.name) else col
        defs = len(self.defs)
        # column_property(A.id + 1000): the table's columns, as the mapping is built before any ORM attribute; but a
        # subquery of classes mapped before keeps their attributes (its ORM select takes the query's loader criteria)
        ents = [e for e in (x._annotations.get("parententity") for x in visitors.iterate(expr)) if e is not None]
        keep = isinstance(expr, selectable.ScalarSelect) and ents and all(
            not isinstance(e, AliasedInsp) and id(e.mapper) in self.described for e in ents)
        node = self.node(expr if keep else sql_util._deep_deannotate(expr))
        if len(self.defs) != defs:
            raise _missing("column_property over a derived FROM clause")
        return ["expr", node]

    def relationship(self, r):
        # a backref's relationship is given its forward's join condition: the foreign keys' own when the forward's is
        forward = [f for f in r._reverse_property if f.backref is not None]
        declared = any(getattr(rel._init_args, name).argument is not None
                       for rel in forward or [r] for name in ("primaryjoin", "secondaryjoin", "foreign_keys"))
        if r.innerjoin and r.lazy not in ("joined", False):
            raise _missing("relationship(innerjoin=...)")
        spec = {"target": r.mapper.class_.__name__}
        if r.entity is not r.mapper:
            spec["target_alias"] = self.aliased_target(r.entity)
        if r.secondary is not None:
            if not isinstance(r.secondary, selectable.TableClause):
                raise _missing("relationship secondary that is not a table")
            spec["secondary"] = self.table_key(r.secondary)
        if r.order_by:
            # order_by=Address.id: the mapped column (the mapping is made before any entity)
            spec["order_by"] = [self.node(c._deannotate()) for c in r.order_by]
        if r.lazy in ("dynamic", "write_only"):
            # the Java field is a DynamicCollection / WriteOnlyCollection (Relationship.lazy("dynamic") needs one)
            spec["lazy"] = r.lazy
        if not r.uselist and r.direction.name != "MANYTOONE":
            # one target, not a list (Relationship.uselist(false))
            spec["uselist"] = False
        if r.remote_side and r.parent.local_table is r.mapper.local_table and r.direction.name == "MANYTOONE":
            spec["remote_side"] = [[self.table_key(c.table), c.key] for c in r.remote_side]
        if declared or r.viewonly:
            self.declared_join(r, forward, spec)
        return spec

    def aliased_target(self, ent):
        """relationship(aliased(B, subquery)): ["orm_alias", id, class, null, from] (ORM.relationship(AliasedEntity)),
        its subquery a FROM clause of the mapping, which a statement naming the aliased class refers to."""
        derived = self.entity_subquery(ent)
        if derived is None or ent._is_with_polymorphic or id(ent.mapper) not in self.mappers:
            raise _missing("relationship to an aliased class of a join or a table alias")
        aid = "a%d" % len(self.aliases)
        self.aliases[id(ent)] = aid
        self.keep.append(ent)
        return ["orm_alias", aid, self.mappers[id(ent.mapper)], None, self.mapping_from(derived)]

    # ---- entities ----------------------------------------------------------------------------
    def entity(self, ent):
        """A Mapper or AliasedInsp as ["orm_entity", class] / ["orm_alias", id, class, name]."""
        if isinstance(ent, Mapper):
            if id(ent) not in self.mappers:
                raise Unsupported("entity of another registry")
            return ["orm_entity", self.mappers[id(ent)]]
        if isinstance(ent, AliasedInsp):
            # (a with_polymorphic of a class with no subclasses is a plain alias)
            if ent._is_with_polymorphic and len(ent.with_polymorphic_mappers) > 1 or ent._base_alias() is not ent:
                return self.with_polymorphic_entity(ent)
            if ent.with_polymorphic_mappers and len(ent.with_polymorphic_mappers) > 1 \
                    and not (ent.mapper.with_polymorphic and ent.mapper.with_polymorphic[1] is None):
                # aliased() of a class whose mapping loads subclasses from a selectable of its own
                raise _missing("with_polymorphic")
            derived = self.entity_subquery(ent)
            flat = self.flat_subclass_alias_name(ent)
            if flat is not None:
                return self.flat_subclass_alias(ent, flat)
            if derived is None and (ent._adapt_on_names or not isinstance(ent.selectable, selectable.Alias)
                                    or not isinstance(ent.selectable.element, selectable.TableClause)):
                raise _missing("aliased() of a selectable")
            if id(ent.mapper) not in self.mappers:
                raise Unsupported("entity of another registry")
            if id(ent) in self.aliases:
                return ["orm_alias", self.aliases[id(ent)]]
            aid = "a%d" % len(self.aliases)
            self.aliases[id(ent)] = aid
            self.keep.append(ent)
            if derived is not None:
                # aliased(User, subquery): ORM.aliased(User.class, subquery), the subquery converted as any FROM clause
                return ["orm_alias", aid, self.mappers[id(ent.mapper)], None, self.from_node(derived)]
            name = ent.selectable.name
            return ["orm_alias", aid, self.mappers[id(ent.mapper)], None if convert.is_anon(name) else str(name)]
        raise Unsupported("entity %s" % type(ent).__name__)

    @staticmethod
    def flat_subclass_alias_name(ent):
        """For aliased(Manager, flat=True) of a joined-table subclass (people AS people_1 JOIN managers AS
        managers_1), which ORM.aliased(Manager.class[, name]) makes, the alias's name ("" when anonymous;
        a name gives name_people, name_managers); else None."""
        sel = ent.selectable
        if not isinstance(sel, selectable.Join) or ent._adapt_on_names or ent._is_with_polymorphic or ent.mapper.inherits is None:
            return None

        def leaves(f):
            return leaves(f.left) + leaves(f.right) if isinstance(f, selectable.Join) else [f]
        tables = [t for m in reversed(list(ent.mapper.iterate_to_root())) for t in [m.local_table] if m.inherits is None
                  or m.local_table is not m.inherits.local_table]
        got = leaves(sel)
        if len(got) != len(tables) or any(type(a) is not selectable.Alias or a.element is not t for a, t in zip(got, tables)):
            return None
        if all(convert.is_anon(a.name) for a in got):
            return ""
        names = {str(a.name)[:-len(t.name) - 1] for a, t in zip(got, tables) if str(a.name).endswith("_" + t.name)}
        return names.pop() if len(names) == 1 and len(got) == sum(str(a.name).endswith("_" + t.name) for a, t in zip(got, tables)) else None

    def flat_subclass_alias(self, ent, name):
        """["orm_alias", id, class, name or null]: ORM.aliased(Manager.class[, name]), table by table."""
        if id(ent.mapper) not in self.mappers:
            raise Unsupported("entity of another registry")
        if id(ent) in self.aliases:
            return ["orm_alias", self.aliases[id(ent)]]
        aid = "a%d" % len(self.aliases)
        self.aliases[id(ent)] = aid
        self.keep.append(ent)
        return ["orm_alias", aid, self.mappers[id(ent.mapper)], name or None]

    @staticmethod
    def entity_subquery(ent):
        """The plain subquery an aliased(User, subquery) loads from, or None for an alias of the table.
        Refused: adapt_on_names (columns matched by name, not lineage) and derived FROM clauses other
        than a SELECT's subquery."""
        sel = convert.plain(ent.selectable)
        if isinstance(sel, selectable.CTE) and not ent._adapt_on_names and isinstance(sel.element, (selectable.Select, selectable.CompoundSelect)):
            return sel  # aliased(User, cte): the CTE's name in FROM, its definition in the WITH clause
        if not isinstance(sel, selectable.Subquery) or isinstance(sel, selectable.CTE):
            return None
        if ent._adapt_on_names:
            raise _missing("aliased() of a selectable, adapt_on_names")
        if not isinstance(sel.element, (selectable.Select, selectable.CompoundSelect)):
            raise _missing("aliased() of a selectable")
        return sel

    def n_AnnotatedColumn(self, c):
        ann = c._annotations
        ent = ann.get("parententity")
        if ent is None:
            return self.entityless_column(c)
        if "proxy_key" not in ann:
            raise Unsupported("annotated column without an attribute key")
        prop = ent.mapper.get_property(ann["proxy_key"]) if ent.mapper.has_property(ann["proxy_key"]) else None
        prop = self.synonym_target(ent, prop)
        if not isinstance(prop, ColumnProperty):
            raise _missing("attribute %s" % ann["proxy_key"])
        return ["orm_attr", self.entity(ent), ann["proxy_key"]]

    @staticmethod
    def synonym_target(ent, prop):
        """The property a synonym names (ORM.attr of the synonym's key is that attribute), else prop."""
        from sqlalchemy.orm.descriptor_props import SynonymProperty
        return ent.mapper.get_property(prop.name) if isinstance(prop, SynonymProperty) else prop

    def n_AnnotatedLabel(self, c):
        """A labelled column_property (User.email_ad) used in a statement: ORM.attr."""
        return self.n_AnnotatedColumn(c) if "parententity" in c._annotations else self.n_Label(c)

    def n_AnnotatedTable(self, t):
        ent = t._annotations.get("parententity")
        if ent is None:
            raise Unsupported("annotated table without an entity")
        return self.entity(ent)

    n_AnnotatedAlias = n_AnnotatedTable
    n_AnnotatedJoin = n_AnnotatedTable
    n_AnnotatedSubquery = n_AnnotatedTable
    # a joined-table subclass's selectable (people JOIN engineers) stands for its entity too
    n_AnnotatedJoin = n_AnnotatedTable

    def node(self, el):
        # an entity is one Java object however often it is named: nothing to share (the Core converter
        # shares a join met twice, and the builder may meet a sharedref in a FROM definition first)
        if type(el).__name__ == "AnnotatedJoin":
            return self.n_AnnotatedJoin(el)
        if id(el) in _INSTANCE_COMPARISONS and _INSTANCE_COMPARISONS[id(el)][0] is el:
            return _instance_comparison(self, el)
        if id(el) in _COMPOSITE_COMPARISONS and _COMPOSITE_COMPARISONS[id(el)][0] is el:
            return _composite_comparison(self, el)
        if id(el) in _WITH_PARENTS and _WITH_PARENTS[id(el)][0] is el:
            return _with_parent_node(self, el)
        if id(el) in _HIERARCHY_EXISTS and _HIERARCHY_EXISTS[id(el)][0] is el:
            return _hierarchy_exists_node(self, el)
        h = self.hybrid_attr(el)
        if h is not None:
            return h
        return super().node(el)

    def n__ORMJoin(self, j):
        """orm.join(left, right, onclause, isouter, full): ["orm_join", left, right, onclause, isouter, full],
        ORM.join in Java, from the arguments orm.join() was given (remember_orm_join_arguments)."""
        args = getattr(j, "_retort_args", None)
        if args is None:
            raise _missing("_ORMJoin not made by orm.join()")
        left, right, onclause, isouter, full, extra = args
        if extra:
            raise _missing("orm.join() with extra criteria")
        from sqlalchemy.orm.attributes import QueryableAttribute
        # the sides first: the Java builder builds them first, so an alias's first occurrence is there
        node = ["orm_join", self.orm_join_side(left), self.orm_join_side(right)]
        if isinstance(onclause, QueryableAttribute):
            self.check_orm_join_of_type(onclause, right)
            on = self.relationship_attribute(onclause)
        else:
            on = None if onclause is None else self.node(onclause)
        return node + [on, bool(isouter), bool(full)]

    n_Annotated_ORMJoin = n__ORMJoin

    @staticmethod
    def check_orm_join_of_type(attr, right):
        """orm.join(Company, p1, Company.employees.of_type(p1)): a relationship's of_type() that is the
        join's right side says nothing ORM.join(left, right, attr) does not (the right side is the target);
        another of_type() is refused."""
        from sqlalchemy import inspect
        if attr._of_type is not None and inspect(attr._of_type) is not inspect(right, raiseerr=False):
            raise _missing("orm.join() along relationship.of_type() other than its right side")

    def orm_join_side(self, x):
        """A side of orm.join(): a mapped class or aliased entity, another orm.join(), or a Core FROM clause."""
        from sqlalchemy import inspect
        from sqlalchemy.orm.util import _ORMJoin
        if isinstance(x, _ORMJoin):
            return self.node(x)
        info = inspect(x, raiseerr=False)
        if isinstance(info, (Mapper, AliasedInsp)):
            return self.entity(info)
        if isinstance(x, selectable.FromClause) and "parententity" in x._annotations:
            return self.node(x)
        if isinstance(x, selectable.FromClause):
            return self.from_node(x)
        raise _missing("orm.join() side %s" % type(x).__name__)

    def join(self, target, onclause):
        """[target, onclause] of a join: [relationship, null] is Query.join(attr); [entity, relationship]
        (join(Address, User.addresses), join(User.addresses.of_type(a))) is Query.join(entity, attr);
        [entity, expression] is Query.join(entity, onclause)."""
        from sqlalchemy.orm.attributes import QueryableAttribute
        if isinstance(target, QueryableAttribute):
            if onclause is not None:
                raise _missing("join(relationship, onclause)")
            of_type = target._of_type
            # the entity first: and_() criteria over it name it only by its id
            ent = self.entity(of_type) if of_type is not None else None
            attr = self.relationship_attribute(target)
            return [ent, attr] if of_type is not None else [attr, None]
        if isinstance(target, selectable.FromClause) and "parententity" not in target._annotations \
                and isinstance(target, (Table, selectable.Subquery, selectable.Lateral, selectable.CTE)):
            tnode = self.from_node(target)  # a Core FROM clause: Query.join(FromClause)
        elif not isinstance(target, elements.ClauseElement) or "parententity" not in getattr(target, "_annotations", {}):
            raise _missing("join target %s" % type(target).__name__)
        else:
            tnode = self.node(target)
        if onclause is None:
            return [tnode, None]
        if isinstance(onclause, QueryableAttribute):
            if onclause._of_type is not None and not self.of_type_is_target(onclause, target):
                raise _missing("join(target, relationship.of_type())")
            return [tnode, self.relationship_attribute(onclause)]
        return [tnode, self.node(onclause)]

    @staticmethod
    def of_type_is_target(attr, target):
        """join(wp, Company.employees.of_type(wp)): the relationship's of_type is the join's target,
        which Query.join(entity, attr) says already."""
        from sqlalchemy import inspect
        return inspect(attr._of_type) is getattr(target, "_annotations", {}).get("parententity")

    def relationship_attribute(self, attr):
        """A relationship given to join(), with its and_() criteria (relationship_criteria)."""
        if attr._extra_criteria:
            return self.relationship_criteria(attr)
        if not isinstance(attr.property, RelationshipProperty):
            raise _missing("join along a %s" % type(attr.property).__name__)
        return self.relationship_attr(attr._parententity, attr.key)

    def relationship_attr(self, ent, key):
        node = ["orm_attr", self.entity(ent), key]
        owner = ent.mapper.get_property(key).parent if ent.mapper.has_property(key) else ent.mapper
        why = self.unmapped.get((owner.class_.__name__, key))
        if why is not None:
            raise why
        return node

    # ---- the statement -----------------------------------------------------------------------
    def orm_select(self, s):
        from sqlalchemy.orm.context import _ORMCompileState as ORMCompileState
        if type(s).__name__ == "FromStatement":
            return self.from_statement(s)
        for attr, _ in type(s)._traverse_internals:
            if attr in HANDLED or attr in ("_annotations", "_compile_state_funcs"):
                continue
            if not convert.empty(getattr(s, attr, None)):
                if attr == "dialect_options" and not any(len(x._non_defaults) for x in getattr(s, attr).values()):
                    continue
                raise _missing("ORM select %s" % attr.strip("_"))
        default = ORMCompileState.default_compile_options
        for k, v in s._compile_options.__dict__.items():
            if self.compile_option_changes_nothing(s, k):
                continue
            if k == "_enable_eagerloads" and not v and not any(self.joined_option(o) for o in s._with_options):
                continue  # Query.subquery() and the like: no eager load to disable
            if k not in ("_use_legacy_query_style", "_for_statement") and getattr(default, k, None) != v \
                    and not self.set_operation_option(s, k):
                raise _missing("ORM compile option %s" % k.strip("_"))
        plugin = s._propagate_attrs.get("plugin_subject")
        if plugin is None:
            # session.query(users_table): no mapped class to describe; an entity named later is refused
            if self.mapping is None:
                self.mapping = []
        elif self.registry is None:
            self.registry = plugin.mapper.registry
            self.mapping = self.describe(plugin.mapper)
        elif plugin.mapper.registry is not self.registry:
            raise Unsupported("ORM selects of two registries")
        # a Core FROM clause selected (select(User, subq)) stands for its columns: the FROM clause in Java too
        spec = {"entities": [x for c in s._raw_columns
                             for x in ([self.node(c)] if "parententity" in c._annotations else self.column_entities(c))]}
        if s._from_obj and not self.set_operation(s, spec):
            spec["from"] = [self.select_from(f) for f in s._from_obj]
        style, opts = s._label_style, s._compile_options
        if style is SelectLabelStyle.LABEL_STYLE_LEGACY_ORM:
            # session.query() run: its columns labelled tablename_colname, Select.labelStyle(TABLENAME_PLUS_COL) in
            # Java; its .statement / .subquery() (for_statement) disambiguates only, as a select() does
            if opts._use_legacy_query_style and not opts._for_statement:
                spec["label_style"] = "TABLENAME_PLUS_COL"
        elif style is not SelectLabelStyle.LABEL_STYLE_DISAMBIGUATE_ONLY:
            spec["label_style"] = style.name[len("LABEL_STYLE_"):]
        if s._memoized_select_entities:
            spec["memoized"] = self.memoized(s._memoized_select_entities)
        if s._setup_joins:
            spec["joins"] = self.setup_joins(s._setup_joins)
        if s._where_criteria:
            spec["where"] = self.nodes(s._where_criteria)
        self.grouping(s, spec)
        if s._order_by_clauses:
            self.in_order_by = True
            try:
                spec["order_by"] = self.nodes(s._order_by_clauses)
            finally:
                self.in_order_by = False
        for attr, key in (("_limit_clause", "limit"), ("_offset_clause", "offset")):
            v = getattr(s, attr)
            if v is not None:
                if not isinstance(v, selectable._OffsetLimitParam) or not isinstance(v.value, int):
                    raise _missing("ORM select %s expression" % key)
                spec[key] = v.value
        if s._fetch_clause is not None:
            # Query.fetch(Fetch.first(n)...), as the Core select's "fetch"
            cl, opts = s._fetch_clause, s._fetch_clause_options or {}
            if not isinstance(cl, selectable._OffsetLimitParam) or not isinstance(cl.value, int):
                raise _missing("ORM select fetch expression")
            spec["fetch"] = {"count": cl.value, "with_ties": bool(opts.get("with_ties")), "percent": bool(opts.get("percent"))}
        if s._distinct:
            spec["distinct"] = True
        self.statement_text(s, spec)
        if s._with_options:
            spec["options"] = [n for o in s._with_options for n in self.loader_options(o)]
        fu = s._for_update_arg
        if fu is not None:
            spec["for_update"] = {"read": bool(fu.read), "nowait": bool(fu.nowait), "skip_locked": bool(fu.skip_locked),
                                  "key_share": bool(fu.key_share), "of": [self.node(x) for x in (fu.of or [])]}
        return ["orm_select", spec]

    def setup_joins(self, setup_joins):
        """A select's joins: [target, onclause, isouter(, left)]."""
        joins = []
        for target, onclause, from_, flags in setup_joins:
            if flags.get("full"):
                raise _missing("full join in an ORM select")
            # join_from(left, ...): the left side named, Query.joinFrom in Java
            left = [] if from_ is None else [self.select_from(from_, "join_from")]
            joins.append(self.join(target, onclause) + [bool(flags.get("isouter"))] + left)
        return joins

    def memoized(self, memos):
        """The entities a select had when with_only_columns replaced them after joins, and those joins
        (select(User).join(Address).with_only_columns(Address.id)): [{entities, joins}], Query.withEntities
        in Java, which keeps them as the joins' left sides."""
        out = []
        for m in memos:
            if not m._setup_joins and not m._with_options:
                continue  # entities replaced before any join or option: nothing of them stays in the statement
            if not m._setup_joins:
                out.append(_memoized_options(self, m))
                continue
            out.append({"entities": [x for c in m._raw_columns
                                     for x in ([self.node(c)] if "parententity" in c._annotations else self.column_entities(c))],
                        "joins": self.setup_joins(m._setup_joins)})
        return out

    def grouping(self, s, spec):
        """group_by / having / distinct on / correlation of an ORM select: Query.groupBy, having,
        distinctOn, correlate, correlateExcept (the Core select's keys; correlated entities as entities)."""
        if s._group_by_clauses:
            spec["group_by"] = self.nodes([self.group_by_item(x) for x in s._group_by_clauses])
        if s._having_criteria:
            spec["having"] = self.nodes(s._having_criteria)
        on = list(s._distinct_on)
        pre = s._pre_columns_clause
        if pre is not None:
            if type(pre).__name__ != "DistinctOnClause":
                raise _missing("ORM select pre_columns_clause %s" % type(pre).__name__)
            on += list(pre._distinct_on)
        if on:
            spec["distinct_on"] = self.nodes(on)
        self.correlation(s, spec, self.correlated)

    def correlated(self, f):
        """A FROM clause an entity stands for (correlate(User), correlate(aliased(User))) is the entity."""
        return self.node(f) if "parententity" in getattr(f, "_annotations", {}) else self.from_node(f)

    def select_from(self, f, what="select_from"):
        """select_from(Class / aliased / Table): Query.selectFrom; a derived FROM clause would adapt the entities.
        The left side join_from names alike."""
        if "parententity" in getattr(f, "_annotations", {}) or is_orm_join(f):
            return self.node(f)
        if type(f) is selectable.Join:
            return self.from_node(f)  # select_from(sql.join(User, Address)): a Core join of the tables
        if what == "select_from" and type(f) in (selectable.Subquery, selectable.Alias, selectable.CTE):
            # a derived FROM clause: a 2.0 select() does not adapt its entities to it, nor does Query.selectFrom
            return self.from_node(f)
        if type(f) is not Table:
            raise _missing("ORM %s(%s)" % (what, type(f).__name__))
        return self.node(f)

    def n_Select(self, s):
        """An ORM select inside another statement: its Core statement in Java (Query.statement())."""
        if s._propagate_attrs.get("compile_state_plugin") != "orm":
            return super().n_Select(s)
        node = self.orm_select(s)
        node[1]["statement"] = True
        return node

    def n_Exists(self, e):
        """exists(1).where(User.id == Address.user_id): an ORM select of columns and criteria alone is
        ["exists", Core select over orm_attr]: SQL.exists(SQL.select(...).where(attr...)), which the
        enclosing query gives its loader criteria. Query.exists(): ["orm_query_exists", the query's orm_select] (a
        query of no entity, session.query().select_from(User), has no Java counterpart: its EXISTS as it is).
        Anything else inside exists() as before."""
        query = e.__dict__.get("_retort_exists_of")
        if query is not None and query._raw_columns:
            return ["orm_query_exists", self.orm_select(query._statement_20())]
        inner = e.element
        while isinstance(inner, (elements.Grouping, selectable.ScalarSelect)):
            inner = inner.element
        if not self.core_select_over_attributes(inner):
            return super().n_Exists(e)
        return ["exists", convert.Converter.n_Select(self, inner)]

    @staticmethod
    def core_select_over_attributes(s):
        """Whether ORM select s is columns and a WHERE clause over attributes of plain mappers (no
        inheritance, whose ORM compile adds criteria a Core select would not), nothing else."""
        if not isinstance(s, selectable.Select) or s._propagate_attrs.get("compile_state_plugin") != "orm":
            return False
        if s._setup_joins or s._from_obj or s._with_options or s._memoized_select_entities or s._order_by_clauses \
                or s._group_by_clauses or s._having_criteria or s._limit_clause is not None or s._offset_clause is not None:
            return False
        if any(isinstance(c, selectable.FromClause) for c in s._raw_columns):
            return False  # a whole entity
        from sqlalchemy.sql import visitors
        ents = [c._annotations.get("parententity") for x in list(s._raw_columns) + list(s._where_criteria)
                for c in visitors.iterate(x) if hasattr(c, "_annotations")]
        return all(ent is None or (ent.mapper.inherits is None and not ent.mapper.polymorphic_map) for ent in ents)

    @staticmethod
    def joined_option(o):
        """Whether loader option o may load a relationship by a join (anything but a plain lazy one counts)."""
        from sqlalchemy.orm.strategy_options import Load
        return not isinstance(o, Load) or any(dict(c.strategy or ()).get("lazy") in ("joined", None) for c in o.context)

    def loader_option(self, o):
        """joinedload(A.b) / selectinload(A.b) ... and their chains (joinedload(A.b).selectinload(B.c)):
        [strategy, attr, [strategy, attr]...], ORM.joinedLoad(attr) then LoaderOption.selectinLoad(attr2)."""
        from sqlalchemy.orm.strategy_options import Load
        if type(o).__name__ == "_WildcardLoad":
            return self.wildcard_loader_option(o)
        if type(o).__name__ == "LoaderCriteriaOption":
            return self.loader_criteria(o)
        if not isinstance(o, Load) or not o.context:
            raise _missing("loader option %s" % type(o).__name__)
        out = []
        if self.needs_column_loader_option(o):
            return self.column_loader_option(o)
        for i, load in enumerate(o.context):
            if load.path and isinstance(load.path[-1], ColumnProperty):
                raise _missing("loader option for columns (defer / undefer / load_only)")
            if len(load.path) != 3 + 2 * i or (i and tuple(load.path[:-2]) != tuple(o.context[i - 1].path)):
                raise _missing("loader option path that is not one chain")
            # contains_eager(A.b, B.c): chained after another contains_eager (LoaderOption.containsEager)
            chained = i > 0 and all(self.is_contains_eager(x) for x in o.context[:i])
            out.append(self.loader_step(load, chained))
        return out[0] + out[1:]

    def loader_step(self, load, chained=False):
        """One relationship of a loader option: [strategy, attr]."""
        from sqlalchemy.orm.strategy_options import _AttributeStrategyLoad
        if type(load) is not _AttributeStrategyLoad:
            raise _missing("loader option %s" % type(load).__name__)
        strategy = dict(load.strategy or ())
        if self.is_contains_eager(load):
            return self.contains_eager_step(load, chained)
        names = {"joined": "joinedload", "selectin": "selectinload", "select": "lazyload", "raise": "raiseload",
                 "noload": "noload"}
        if set(strategy) != {"lazy"} or strategy["lazy"] not in names or load.local_opts:
            raise _missing("loader option %s" % (strategy or "with options"))
        return [names[strategy["lazy"]], self.load_attr(load)]

    def load_attr(self, load):
        """The relationship of one step of a loader option, with its and_() criteria and of_type():
        ["orm_of_type", attr, entity] (QueryableAttribute.ofType), the entity converted first (Java builds it first)."""
        ent = None if load._of_type is None else self.entity(load._of_type)
        parent, prop = load.path[-3], load.path[-2]
        attr = self.relationship_attr(parent, prop.key)
        if load._extra_criteria:
            attr = self.with_extra_criteria(attr, load._extra_criteria)
        return attr if ent is None else ["orm_of_type", attr, ent]

    @staticmethod
    def is_contains_eager(load):
        """contains_eager(A.b) is a joined strategy with the eager_from_alias option."""
        return dict(load.strategy or ()) == {"lazy": "joined"} and "eager_from_alias" in load.local_opts

    def contains_eager_step(self, load, chained=False):
        """contains_eager(A.b) at a path's head, or chained after another contains_eager: ["containseager", attr],
        ORM.containsEager(attr) / LoaderOption.containsEager(attr); of an alias only as contains_eager(A.b.of_type(alias))
        names it (its selectable, which SQLAlchemy keeps as the option's alias)."""
        from sqlalchemy import inspect
        alias = load.local_opts.get("eager_from_alias")
        of_type = None if load._of_type is None else convert.plain(inspect(load._of_type).selectable)
        if set(load.local_opts) != {"eager_from_alias"} or load._extra_criteria \
                or alias is not None and convert.plain(alias) is not of_type:
            raise _missing("contains_eager() of an alias")
        if len(load.path) != 3 and not chained:
            raise _missing("contains_eager() chained after another loader option")
        return ["containseager", self.load_attr(load)]

    # ---- loader criteria ---------------------------------------------------------------------
    def loader_criteria(self, o):
        """with_loader_criteria(entity, criterion, include_aliases=, propagate_to_loaders=):
        ["with_loader_criteria", entity, criterion, include_aliases, propagate_to_loaders], ORM.withLoaderCriteria.
        A lambda criterion is carried as what it gives for the entity (Java adapts it to aliases and
        subclasses as SQLAlchemy runs it again for each); for an unmapped base class there is no one entity."""
        if o.entity is None:
            raise _missing("with_loader_criteria() for an unmapped base class")
        if o.deferred_where_criteria:
            crit = o.where_criteria._resolve_with_args(o.entity.entity)
        else:
            crit = o.where_criteria
        return ["with_loader_criteria", self.entity(o.entity), self.node(crit), bool(o.include_aliases),
                bool(o.propagate_to_loaders)]

    def relationship_criteria(self, attr):
        """User.addresses.and_(criteria) given to join(): the attribute with its criteria,
        ["orm_attr", entity, key, [criteria]] (QueryableAttribute.and in Java)."""
        if not isinstance(attr.property, RelationshipProperty):
            raise _missing("join along a %s" % type(attr.property).__name__)
        return self.with_extra_criteria(self.relationship_attr(attr._parententity, attr.key), attr._extra_criteria)

    def with_extra_criteria(self, node, criteria):
        """An ["orm_attr", ...] node with a relationship's and_() criteria."""
        return node + [[self.node(c) for c in criteria]]

# ---- column loader options, relationship loader defaults (ORM.defer / undefer / undeferGroup / loadOnly,
# LoaderOption.innerJoin, Relationship.lazy / innerJoin, ORM.deferred) ------------------------------------------

def _deferred_column(self, m, prop, col, out):
    """deferred(col, group=, raiseload=) of a column of the class's own table: ["deferred", key, group, raiseload]."""
    if not isinstance(col, elements.ColumnClause) or col.table is not m.local_table:
        return False
    out["properties"][prop.key] = ["deferred", col.key, prop.group, bool(dict(prop.strategy_key).get("raiseload"))]
    return True


def _relationship_with_default(self, r):
    """A relationship whose lazy= is an eager (or raise / noload) default: described with "lazy", and
    "innerjoin" for a joined one; refused for the whole mapping when it cannot be described."""
    # lazy=False is the old spelling of lazy="joined"
    lazy = "joined" if r.lazy is False else r.lazy
    if lazy not in ("joined", "selectin", "raise", "noload"):
        raise _missing("relationship(lazy=%r)" % (r.lazy,))
    if r.join_depth is not None:
        raise _missing("relationship(join_depth=...)")
    if r.innerjoin not in (False, True, "unnested"):
        raise _missing("relationship(innerjoin=%r)" % (r.innerjoin,))
    if not r.uselist and r.direction.name != "MANYTOONE":
        raise _missing("relationship(uselist=False)")
    spec = self.relationship(r)
    if r.order_by:
        # the mapping is built before any ORM attribute: the target table's columns
        spec["order_by"] = [self.node(sql_util._deep_deannotate(c)) for c in r.order_by]
    spec["lazy"] = lazy
    if r.innerjoin:
        spec["innerjoin"] = r.innerjoin
    return spec


def _needs_column_loader_option(self, o):
    """Whether a Load has column steps or joined-load options (innerjoin=) the plain chain refuses."""
    from sqlalchemy.orm.strategy_options import _TokenStrategyLoad
    return any(isinstance(c, _TokenStrategyLoad) or (c.path and isinstance(c.path[-1], ColumnProperty))
               or set(c.local_opts) == {"innerjoin"} or c.strategy is None for c in o.context)


_WILDCARD_LAZY = {"joined": "joinedload", "selectin": "selectinload", "select": "lazyload", "raise": "raiseload",
                  "noload": "noload"}


def _wildcard_step(self, path, level, strategy):
    """A wildcard ('*') step of a Load: ["wildcard", strategy, {"entity"?, "raiseload"?}] — defer / undefer for
    column:*, joinedload ... noload for relationship:*; "entity" (ORM.load(entity) in Java) when it is the Load's
    own entity, none when it ends a path (LoaderOption.lazyLoadAll() and the like); None for another kind."""
    token = str(path[-1])
    flags = {}
    if token == "column:*" and strategy in ({"deferred": True, "instrument": True},
                                           {"deferred": True, "instrument": True, "raiseload": True}):
        name = "defer"
        if strategy.get("raiseload"):
            flags["raiseload"] = True
    elif token == "column:*" and strategy == {"deferred": False, "instrument": True}:
        name = "undefer"
    elif token == "relationship:*" and set(strategy) == {"lazy"} and strategy["lazy"] in _WILDCARD_LAZY:
        name = _WILDCARD_LAZY[strategy["lazy"]]
    else:
        return None
    if len(level) == 1:
        flags["entity"] = self.entity(level[0])
    return ["wildcard", name, flags]


def _wildcard_loader_option(self, o):
    """undefer_group(name) on its own: ["undefer_group", name]; lazyload('*') and the other relationship
    wildcards on their own: ["wildcard", "lazyload", {}] (ORM.lazyLoadAll())."""
    opts = dict(o.local_opts)
    star = _unbound_column_wildcard(o)
    if star is not None:
        return star
    strategy = dict(o.strategy or ())
    if tuple(o.path) == ("relationship:_sa_default",) and not opts and set(strategy) == {"lazy"} \
            and strategy["lazy"] in _WILDCARD_LAZY:
        return ["wildcard", _WILDCARD_LAZY[strategy["lazy"]], {}]
    if tuple(o.path) != ("column:*",) or o.strategy is not None or len(opts) != 1 \
            or not next(iter(opts)).startswith("undefer_group_"):
        raise _missing("loader option _WildcardLoad")
    return ["undefer_group", next(iter(opts))[len("undefer_group_"):]]


def _unbound_column_wildcard(o):
    """defer('*', raiseload=) / undefer('*') on their own: ["defer", null, {"raiseload": true}?] (ORM.deferAll),
    ["undefer", null] (ORM.undeferAll); None for another wildcard."""
    strategy = dict(o.strategy or ())
    # defer('*') is the path column:_sa_default, the default of every column attribute
    if tuple(o.path) not in (("column:*",), ("column:_sa_default",)) or o.local_opts or strategy.get("instrument") is not True:
        return None
    if strategy in ({"deferred": True, "instrument": True}, {"deferred": True, "instrument": True, "raiseload": True}):
        return ["defer", None] + ([{"raiseload": True}] if strategy.get("raiseload") else [])
    if strategy == {"deferred": False, "instrument": True}:
        return ["undefer", None]
    return None


def _column_loader_option(self, o):
    """A Load of relationship and column steps along one path: [strategy, arg, flags?, [step]...], steps
    ["joinedload", attr, {"inner": true}], ["defer", attr, {"raiseload": true}], ["undefer", attr],
    ["load_only", [attr...], {"raiseload": true}], ["undefer_group", name], ["with_expression", attr, {"expression": node}]."""
    from sqlalchemy.orm.strategy_options import _AttributeStrategyLoad, _TokenStrategyLoad
    names = {"joined": "joinedload", "selectin": "selectinload", "select": "lazyload", "raise": "raiseload", "noload": "noload"}
    steps, level, pending = [], None, []

    def flush():
        steps.extend(["undefer", a] for a in pending)
        del pending[:]

    for load in o.context:
        path = _load_path(load)
        strategy = dict(load.strategy or ())
        if level is None:
            level = path[:1]
        if strategy == {"query_expression": True} and type(load) is _AttributeStrategyLoad and isinstance(path[-1], ColumnProperty):
            # with_expression(attr, expr): ["with_expression", attr, {"expression": node}] (the expression's anonymous label left off)
            if path[:-1] != level or load.local_opts or len(load._extra_criteria) != 1:
                raise _missing("with_expression() path that is not one chain")
            expr = load._extra_criteria[0]
            expr = expr.element if isinstance(expr, elements.Label) and convert.is_anon(expr.name) else expr
            flush()
            steps.append(["with_expression", _column_attr(self, path[-2], path[-1]), {"expression": self.node(expr)}])
            continue
        if getattr(load, "_extra_criteria", None):
            raise _missing("loader option with options")
        if isinstance(load, _TokenStrategyLoad):
            opts = dict(load.local_opts)
            if path[:-1] != level or str(path[-1]) not in ("column:*", "relationship:*"):
                raise _missing("loader option path that is not one chain")
            if not pending and not opts and _wildcard_step(self, path, level, strategy) is not None:
                steps.append(_wildcard_step(self, path, level, strategy))
                continue
            if strategy == {"deferred": True, "instrument": True} or strategy == {"deferred": True, "instrument": True, "raiseload": True}:
                if not pending or opts:
                    raise _missing("loader option wildcard")
                step = ["load_only", list(pending)]
                if strategy.get("raiseload"):
                    step.append({"raiseload": True})
                del pending[:]
                steps.append(step)
            elif not strategy and len(opts) == 1 and next(iter(opts)).startswith("undefer_group_"):
                flush()
                steps.append(["undefer_group", next(iter(opts))[len("undefer_group_"):]])
            else:
                raise _missing("loader option wildcard")
            continue
        if type(load) is not _AttributeStrategyLoad:
            raise _missing("loader option %s" % type(load).__name__)
        if isinstance(path[-1], ColumnProperty):
            if path[:-1] != level or load.local_opts or set(strategy) - {"deferred", "instrument", "raiseload"}:
                raise _missing("loader option path that is not one chain")
            attr = _column_attr(self, path[-2], path[-1])
            if strategy.get("deferred") is False:
                pending.append(attr)
            else:
                flush()
                steps.append(["defer", attr] + ([{"raiseload": True}] if strategy.get("raiseload") else []))
            continue
        flush()
        opts = dict(load.local_opts)
        if not strategy and len(path) == len(level) + 2 and path[:-2] == level and not opts:
            # defaultload(A.b): the mapping's loading, a step towards the options after it
            steps.append(["defaultload", self.load_attr(load)])
            level = path
            continue
        if self.is_contains_eager(load) and not steps and len(path) == 3:
            # contains_eager(A.b).load_only(...): ORM.containsEager(attr) with the column steps of its targets
            steps.append(self.contains_eager_step(load))
            level = path
            continue
        if len(path) != len(level) + 2 or path[:-2] != level or set(strategy) != {"lazy"} or strategy["lazy"] not in names \
                or set(opts) - {"innerjoin"}:
            raise _missing("loader option %s" % (strategy or "with options"))
        step = [names[strategy["lazy"]], self.load_attr(load)]
        if "innerjoin" in opts:
            # True: nested in an outer joined load above; "unnested": outer after it; False: outer
            inner = opts["innerjoin"]
            if strategy["lazy"] != "joined" or inner not in (True, False, "unnested"):
                raise _missing("loader option innerjoin=%r" % (inner,))
            step.append({"inner": inner})
        steps.append(step)
        level = path
    flush()
    if not steps:
        raise _missing("loader option without steps")
    return steps[0] + steps[1:]


def _column_attr(self, ent, prop):
    """A column step's attribute: of the path's entity, or for a with_polymorphic entity and a subclass's column,
    of its view as that subclass (["orm_wpoly_of", ...], AliasedEntity.of)."""
    if isinstance(ent, AliasedInsp) and ent._is_with_polymorphic and prop.parent is not ent.mapper and prop.parent.isa(ent.mapper):
        return ["orm_attr", ["orm_wpoly_of", self.entity(ent), self.mappers[id(prop.parent)]], prop.key]
    return ["orm_attr", self.entity(ent), prop.key]


def _loader_options(self, o):
    """The options one loader option is in Java: one, or for a Load whose steps branch (Load.options(),
    LoaderOption.options in Java) one for each branch, each along the whole path (the relationship steps
    before the branch repeated: Java joins a relationship once and loads it select-in once)."""
    from sqlalchemy.orm.strategy_options import Load
    if not isinstance(o, Load) or len(o.context) < 2:
        return [self.loader_option(o)]
    chains = []
    for load in o.context:
        path = _load_path(load)
        # where the step goes on from: the relationship path before its last relationship or column
        up = path[:-2] if len(path) % 2 == 1 and not _is_token_path(path) else path[:-1]
        chain = next((c for c in reversed(chains) if _chain_level(c) == up), None)
        if chain is not None:
            chain.append(load)
            continue
        prefix = next(([l for l in c[:k + 1] if len(l.path) % 2 == 1 and not _is_token_path(tuple(l.path))]
                       for c in reversed(chains) for k, l in enumerate(c) if _load_path(l) == up), None)
        if prefix is None and len(up) > 1:
            raise _missing("loader option path that is not one chain")
        chains.append((prefix or []) + [load])
    if len(chains) == 1:
        return [self.loader_option(o)]
    out = []
    for chain in chains:
        branch = copy.copy(o)
        branch.context = tuple(chain)
        out.append(self.loader_option(branch))
    return out


def _is_token_path(path):
    """Whether a loader path ends with a token (column:* / relationship:*) rather than an attribute."""
    return isinstance(path[-1], str)


def _chain_level(chain):
    """The relationship path a chain of loads ends at (its last relationship step's, or the root entity's)."""
    rels = [_load_path(l) for l in chain if len(l.path) % 2 == 1 and not _is_token_path(tuple(l.path))]
    return rels[-1] if rels else _load_path(chain[0])[:1]


def _load_path(load):
    """A load's path, a with_polymorphic entity's view as a subclass (wp.Manager, after of_type(wp)) as the entity itself:
    one level of the path, whose columns are the view's attributes (_column_attr)."""
    return tuple(e._base_alias() if isinstance(e, AliasedInsp) and e._base_alias()._is_with_polymorphic else e for e in load.path)



# ---- declared join conditions (Relationship.primaryJoin / secondaryJoin / foreignKeys / viewOnly) -------------------

def _declared_join(self, r, forward, spec):
    """A relationship's own join condition, as SQLAlchemy resolved it (a backref's is its forward's, the sides
    swapped): "primaryjoin" / "secondaryjoin" (table columns; the mapping is built before any entity),
    "foreign_keys" ([[table, column]...], the referencing columns when they are not the foreign keys'),
    "viewonly"."""
    if any(rel._init_args.primaryjoin.argument is not None or rel._init_args.secondaryjoin.argument is not None
           for rel in forward or [r]):
        spec["primaryjoin"] = self.node(sql_util._deep_deannotate(_remote_marked(r)))
        if r.secondaryjoin is not None:
            spec["secondaryjoin"] = self.node(sql_util._deep_deannotate(r.secondaryjoin))
    user_fks = [c for rel in forward or [r] for c in (rel._user_defined_foreign_keys or ())]
    # foreign() in a declared primaryjoin: referencing columns that hold no ForeignKey, which Java names as foreignKeys
    annotated = "primaryjoin" in spec and any(not c.foreign_keys for c in r._calculated_foreign_keys)
    if user_fks or annotated:
        if r.secondary is not None:
            if "primaryjoin" not in spec:
                raise _missing("relationship(foreign_keys=...) through a secondary without primaryjoin")
        else:
            fks = r._calculated_foreign_keys
            if any(c.table is not next(iter(fks)).table for c in fks):
                raise _missing("relationship(foreign_keys=...) on both tables")
            spec["foreign_keys"] = [[self.table_key(c.table), c.key] for c in sorted(fks, key=lambda c: c.key)]
    if r.viewonly:
        spec["viewonly"] = True


class _RemoteMark(elements.ColumnElement):
    """A remote() column of a join condition from a table to itself with no column = column pair, where only the
    annotation tells its side: ["orm_remote", column], ORM.remote in Java."""
    __visit_name__ = "retort_remote_mark"
    _traverse_internals = [("column", visitors.InternalTraversal.dp_clauseelement)]

    def __init__(self, column):
        self.column = column
        self.type = column.type


def _remote_marked(r):
    """r's primaryjoin, its remote() columns marked (_RemoteMark) when the parent's and the target's tables are one and
    no = pairs two columns: only there does Java need the mark (elsewhere a column's table tells its side)."""
    join = r.primaryjoin
    pairs = [b for b in visitors.iterate(join) if isinstance(b, elements.BinaryExpression) and b.operator is operators.eq
             and isinstance(b.left, elements.ColumnClause) and isinstance(b.right, elements.ColumnClause)]
    if r.secondary is not None or pairs or not set(r.parent.tables) & set(r.mapper.tables):
        return join
    return visitors.replacement_traverse(
        join, {}, lambda el: _RemoteMark(el._deannotate()) if isinstance(el, elements.ColumnClause) and el._annotations.get("remote") else None)


OrmConverter.n__RemoteMark = lambda self, m: ["orm_remote", self.node(m.column)]
OrmConverter.declared_join = _declared_join
OrmConverter.loader_options = _loader_options
OrmConverter.deferred_column = _deferred_column
OrmConverter.relationship_with_default = _relationship_with_default
OrmConverter.needs_column_loader_option = _needs_column_loader_option
OrmConverter.wildcard_loader_option = _wildcard_loader_option
OrmConverter.column_loader_option = _column_loader_option


def _memoized_options(self, m):
    """Entities with_only_columns replaced after options but before any join (select(User).options(
    with_loader_criteria(User, ...)).with_only_columns(func.count())): the options stay with the statement,
    as Query.withEntities keeps them."""
    return {"entities": [x for c in m._raw_columns
                         for x in ([self.node(c)] if "parententity" in c._annotations else self.column_entities(c))],
            "joins": [], "options": [n for o in m._with_options for n in self.loader_options(o)]}


# ---- legacy Query set operations (Query.union / union_all / intersect(_all) / except_(_all)): the compound's
# subquery set as the query's base alias, Query.union(...) and the like in Java ------------------------------

_SET_OPERATIONS = {"UNION": "union", "UNION ALL": "union_all", "INTERSECT": "intersect", "INTERSECT ALL": "intersect_all",
                   "EXCEPT": "except", "EXCEPT ALL": "except_all"}


def _set_operation_compound(s):
    """The CompoundSelect of a legacy Query set operation s selects from (Query._from_selectable of an
    anonymous subquery of a compound of ORM selects, set_base_alias), else None."""
    if not s._compile_options._set_base_alias or len(s._from_obj) != 1:
        return None
    sub = s._from_obj[0]
    if type(sub) is not selectable.Subquery or not convert.is_anon(sub.name) or type(sub.element) is not selectable.CompoundSelect:
        return None
    return sub.element


def _set_operation_option(self, s, k):
    """Whether compile option k of s is one a legacy Query set operation sets: _set_base_alias and
    _enable_single_crit on the query of the subquery, _render_for_subquery on each query inside it (Query.union
    renders them so in Java too) and _enable_eagerloads off there (Query.union leaves their eager loads to the outer query)."""
    if k in ("_set_base_alias", "_enable_single_crit"):
        return _set_operation_compound(s) is not None
    return k in ("_render_for_subquery", "_enable_eagerloads") and any(p is s for p in self.__dict__.get("set_operation_parts", ()))


def _set_operation(self, s, spec):
    """s selecting from the compound of a legacy Query set operation: spec["set_op"] = {"kind": union | union_all |
    intersect | intersect_all | except | except_all, "queries": [orm_select spec...]}, the first query's
    .union(the others) in Java, whose entities, criteria and ordering the rest of spec adapts to it; False
    (and nothing set) when s selects from anything else."""
    compound = _set_operation_compound(s)
    if compound is None:
        return False
    spec["set_op"] = self.set_operation_spec(compound, spec["entities"])
    return True


def _nested_set_operation(sel):
    """The compound of a query that is itself a legacy Query set operation, as a query of another one gives it
    (s1.union(s2).union(s3)): a Core select of the columns of its compound's anonymous subquery and nothing else;
    else None."""
    if not isinstance(sel, selectable.Select) or sel._propagate_attrs.get("compile_state_plugin") is not None \
            or len(sel._from_obj) != 1:
        return None
    sub = sel._from_obj[0]
    if type(sub) is not selectable.Subquery or not convert.is_anon(sub.name) or type(sub.element) is not selectable.CompoundSelect:
        return None
    for attr, _ in type(sel)._traverse_internals:
        if attr not in ("_raw_columns", "_from_obj", "_label_style", "_compile_options", "_propagate_attrs", "_annotations") \
                and not convert.empty(getattr(sel, attr, None)):
            return None
    return sub.element if all(c.table is sub for c in sel._raw_columns) else None


def _set_operation_spec(self, compound, entities):
    """{"kind", "queries"} of a legacy Query set operation's compound; a query that is itself one (nested) is
    {"entities": the outer query's (a set operation's queries select the same), "set_op": its own}."""
    kind = _SET_OPERATIONS.get(compound.keyword.value)
    if kind is None:
        raise _missing("set operation %s" % compound.keyword.value)
    for attr, _ in type(compound)._traverse_internals:
        if attr not in ("selects", "keyword", "_propagate_attrs") and not convert.empty(getattr(compound, attr, None)):
            raise _missing("Query set operation with compound %s" % attr.strip("_"))
    parts = self.__dict__.setdefault("set_operation_parts", [])
    queries = []
    for sel in compound.selects:
        if type(sel) is selectable.SelectStatementGrouping:
            # a query with ORDER BY / LIMIT in parentheses: the compound groups it so (Core's CompoundSelect in Java too)
            sel = sel.element
        nested = _nested_set_operation(sel)
        if nested is not None:
            queries.append({"entities": entities, "set_op": self.set_operation_spec(nested, entities)})
            continue
        if not isinstance(sel, selectable.Select) or sel._propagate_attrs.get("compile_state_plugin") != "orm" \
                or sel._label_style is not SelectLabelStyle.LABEL_STYLE_TABLENAME_PLUS_COL \
                or not sel._compile_options._render_for_subquery:
            raise _missing("Query set operation of a %s" % type(sel).__name__)
        parts.append(sel)
        part = self.orm_select(sel)[1]
        # the labels are those Query.union gives every query of the compound; the loader options are the outer
        # query's too (SQLAlchemy keeps them there), which the query of the set operation lists again
        del part["label_style"]
        part.pop("options", None)
        queries.append(part)
    return {"kind": kind, "queries": queries}


OrmConverter.set_operation_option = _set_operation_option
OrmConverter.set_operation = _set_operation
OrmConverter.set_operation_spec = _set_operation_spec


# ---- prefix_with / suffix_with / with_hint / with_statement_hint of an ORM select: Query.prefixWith, suffixWith,
# withHint (of an entity or a FROM clause), withStatementHint in Java --------------------------------------------

HANDLED |= {"_prefixes", "_suffixes", "_hints", "_statement_hints"}


def _statement_text(self, s, spec):
    """The Core select's "prefixes" / "suffixes" / "hints" keys; a hinted FROM clause an entity stands for is the entity."""
    self.affixes(s, spec)
    hints = [[self.correlated(f), text, None if d == "*" else d] for (f, d), text in s._hints.items()]
    hints += [[None, text, None if d == "*" else d] for d, text in s._statement_hints]
    if hints:
        spec["hints"] = hints


OrmConverter.statement_text = _statement_text


# ---- select(User).from_statement(stmt): Query.fromStatement in Java ----------------------------------------------

def _from_statement(self, s):
    """select(User).from_statement(select / text() / DML with RETURNING): ["orm_select", {"entities": [entity],
    "from_statement": node}], ORM.select(User.class).fromStatement(statement) in Java."""
    for attr, _ in type(s)._traverse_internals:
        if attr not in ("_raw_columns", "element", "_propagate_attrs", "_compile_options") \
                and not convert.empty(getattr(s, attr, None)):
            raise _missing("FromStatement %s" % attr.strip("_"))
    if len(s._raw_columns) != 1 or "parententity" not in s._raw_columns[0]._annotations:
        raise _missing("FromStatement of several entities or of columns")
    ent = s._raw_columns[0]._annotations["parententity"]
    if self.registry is None:
        self.registry = ent.mapper.registry
        self.mapping = self.describe(ent.mapper)
    elif ent.mapper.registry is not self.registry:
        raise Unsupported("ORM selects of two registries")
    return ["orm_select", {"entities": [self.node(s._raw_columns[0])], "from_statement": self.node(s.element)}]


OrmConverter.from_statement = _from_statement


def orm_entity_of(clause):
    """The first mapped entity an expression's columns are annotated with (User.id + 5), else None."""
    from sqlalchemy.sql import visitors
    if id(clause) in _INSTANCE_COMPARISONS and _INSTANCE_COMPARISONS[id(clause)][0] is clause:
        return _compared_entity(_INSTANCE_COMPARISONS[id(clause)][1])  # its columns are the tables' own
    for el in visitors.iterate(clause):
        ent = getattr(el, "_annotations", {}).get("parententity")
        if ent is not None:
            return ent
    return None


def convert_orm_expression(clause):
    """(tables, mapping, tree) for an expression over mapped attributes compiled on its own
    (User.id + 5, User.name.collate(...)): ORM.attr(...) operands over the mapping of the first
    entity's registry; raises Unsupported."""
    ent = orm_entity_of(clause)
    c = OrmConverter()
    c.registry = ent.mapper.registry
    c.mapping = c.describe(ent.mapper)
    body = c.node(clause)
    tree = ["with", c.defs, body] if c.defs else body
    return c.finish_tables(), c.mapping, tree


def convert_orm(stmt, legacy):
    """(tables, mapping, tree) for an ORM select; raises Unsupported."""
    c = OrmConverter()
    # a session.query()'s statement carries the legacy style in its compile options
    assert not legacy or stmt._compile_options._use_legacy_query_style
    body = c.orm_select(stmt)
    tree = ["with", c.defs, body] if c.defs else body
    return c.finish_tables(), c.mapping, tree


def is_orm_join(clause):
    """Whether clause is an orm.join() compiled on its own."""
    from sqlalchemy.orm.util import _ORMJoin
    return isinstance(clause, _ORMJoin)


def remember_orm_join_arguments():
    """_ORMJoin keeps only the ON clause it derived; the converter needs the arguments orm.join() was
    given (a relationship attribute, the entities), so each new _ORMJoin records them."""
    from sqlalchemy.orm.util import _ORMJoin
    init = _ORMJoin.__init__
    if getattr(init, "_retort", False):
        return

    def __init__(self, left, right, onclause=None, isouter=False, full=False, _left_memo=None, _right_memo=None,
                 _extra_criteria=()):
        init(self, left, right, onclause, isouter, full, _left_memo, _right_memo, _extra_criteria)
        self._retort_args = (left, right, onclause, isouter, full, _extra_criteria)

    __init__._retort = True
    _ORMJoin.__init__ = __init__


remember_orm_join_arguments()


# ---- annotated FROM clauses that are not their entity's ---------------------------------------

def _annotated_from(self, t):
    """A FROM clause annotated with an entity: the entity when it is that entity's selectable, else
    the FROM clause itself (a relationship's any() / has() of a self-referential or aliased target
    selects from an alias of the target's table, annotated with its mapper all the same)."""
    ent = t._annotations.get("parententity")
    if ent is not None and not _is_entity_selectable(ent, convert.plain(t)):
        return self.from_node(convert.plain(t))
    return _annotated_table(self, t)


def _is_entity_selectable(ent, f):
    sels = (ent.local_table, ent.persist_selectable, ent.selectable) if isinstance(ent, Mapper) else (ent.selectable,)
    return any(f is convert.plain(x) for x in sels)


_annotated_table = OrmConverter.n_AnnotatedTable
OrmConverter.n_AnnotatedAlias = _annotated_from
# aliased(User, cte) named as an entity: ORM.aliased(User.class, cte)
OrmConverter.n_AnnotatedCTE = _annotated_from


def _entityless_column(self, c):
    """A column the ORM annotated without an entity (a relationship's join condition, as any() / has()
    expand it): a column of an aliased entity's selectable is that entity's attribute (ORM.aliased's
    own alias in Java), any other the Core column."""
    t = convert.plain(c.table) if c.table is not None else None
    for ent in self.keep:
        if isinstance(ent, AliasedInsp) and id(ent) in self.aliases and t is convert.plain(ent.selectable):
            # an alias of the table: its column of that key; a subquery (aliased(B, subquery)): the table's column it selects
            col = ent.mapper.local_table.c.get(c.key) if isinstance(t, selectable.Alias) \
                else next((b for b in c.base_columns if b.table is ent.mapper.local_table), None)
            prop = ent.mapper._columntoproperty.get(col) if col is not None else None
            if prop is None:
                raise _missing("column of an aliased entity's selectable that no attribute maps")
            return ["orm_attr", self.entity(ent), prop.key]
    return convert.Converter.n_Column(self, c)


OrmConverter.entityless_column = _entityless_column
# the same for a column of an aliased entity's selectable that carries no annotation at all
OrmConverter.n_Column = _entityless_column


# ---- DML of a mapped class (insert(User), update(User), delete(User)) ---------------------------
# Retort has no ORM-enabled DML statement: the Retort spelling is Core DML of the class's table
# (SQL.update(users)), with criteria, values and RETURNING over ORM.attr as written.

def _dml_entity(s):
    """The mapper an ORM-enabled INSERT / UPDATE / DELETE names (insert(User)), else None."""
    from sqlalchemy.sql import dml
    if not isinstance(s, dml.UpdateBase) or s._propagate_attrs.get("compile_state_plugin") != "orm":
        return None
    ent = getattr(s.table, "_annotations", {}).get("parententity")
    if ent is None:
        return None
    if not isinstance(ent, Mapper):
        return _dml_aliased_entity(s, ent)
    # a base class with a with_polymorphic selectable (its tables joined) still writes its own table only
    own = convert.plain(s.table) in (ent.local_table, convert.plain(ent.selectable))
    if not own or ent.inherits is not None:
        raise _missing("DML of a mapped (joined or single-table) subclass")
    return ent


def _orm_dml(self, s):
    """insert(User) / update(User) / delete(User): the Core statement of the class's table."""
    ent = _dml_entity(s)
    if ent is None:
        return getattr(convert.Converter, "n_" + type(s).__name__)(self, s)
    if self.registry is None:
        self.registry = ent.registry
        self.mapping = self.describe(ent)
    elif ent.registry is not self.registry:
        raise Unsupported("ORM statements of two registries")
    for row in ([s._values] if getattr(s, "_values", None) else []) + [r for group in (getattr(s, "_multi_values", None) or ()) for r in group]:
        for k in (row if isinstance(row, dict) else ()):
            col = ent.local_table.c.get(k) if isinstance(k, str) else None
            if isinstance(k, str) and (col is None or ent._columntoproperty.get(col) is None
                                       or ent._columntoproperty[col].key != k):
                # values(name=...) names an attribute, which the Core statement would read as a column key
                raise _missing("ORM DML values keyed by an attribute name that is not its column's key")
    # update(aliased(User)): the Core statement of the aliased entity's own alias (AliasedEntity.alias()),
    # defined here, before the statement's criteria name it, as Java builds the target first
    target = None if s.table._annotations["parententity"] is ent else ["orm_alias_table", self.node(s.table)]
    core = s._generate()
    core.table = ent.local_table
    node = getattr(convert.Converter, "n_" + type(s).__name__)(self, core)
    if target is not None:
        node[2]["target"] = target
    return node


def _dml_aliased_entity(s, insp):
    """The mapper of update(aliased(User)) / delete(aliased(User)): a plain alias of the class's own table."""
    if type(s).__name__ == "Insert" or not isinstance(insp, AliasedInsp) or insp._is_with_polymorphic \
            or type(convert.plain(insp.selectable)) is not selectable.Alias \
            or convert.plain(insp.selectable).element is not insp.mapper.local_table or insp.mapper.inherits is not None:
        raise _missing("DML of an aliased entity")
    return insp.mapper


def is_orm_dml(clause):
    return _dml_entity(clause) is not None


def convert_orm_dml(stmt):
    """(tables, mapping, tree) for an ORM-enabled INSERT / UPDATE / DELETE; raises Unsupported."""
    c = OrmConverter()
    body = c.node(stmt)
    tree = ["with", c.defs, body] if c.defs else body
    return c.finish_tables(), c.mapping, tree


OrmConverter.n_Insert = _orm_dml
OrmConverter.n_Update = _orm_dml
OrmConverter.n_Delete = _orm_dml


def _compile_option_changes_nothing(self, s, k):
    """A compile-options entry that is no option: any of a Core select()'s option class (a select() that
    was never a Query: SQLAlchemy merges the ORM's defaults into it), or Query.statement's
    _render_for_subquery (which SQLAlchemy sets for every nested ORM select anyway) where no mapped
    class has a deferred column, the only thing it changes."""
    if s._compile_options is selectable.SelectState.default_select_compile_options:
        return True
    plugin = s._propagate_attrs.get("plugin_subject")
    return k == "_render_for_subquery" and plugin is not None \
        and not any(p.deferred for m in plugin.mapper.registry.mappers for p in m.column_attrs)


OrmConverter.compile_option_changes_nothing = _compile_option_changes_nothing


def _is_deferred_expression(prop, col):
    """column_property(expr, deferred=True) (no group, raiseload or active history):
    ["expr", node, true], ORM.columnProperty(expr, true)."""
    plain = isinstance(col, elements.ColumnClause) and isinstance(col.table, selectable.TableClause)
    return prop.deferred and not plain and not prop.group and not prop.active_history \
        and not dict(prop.strategy_key).get("raiseload")


_INSTANCE_COMPARISONS = {}  # id(expression) -> (expression, comparator, "eq" | "ne" | "contains", instance)


def remember_instance_comparisons():
    """A relationship compared with a loaded object (Address.user == u1, != u1, User.addresses.contains(a1))
    comes out as columns compared with binds whose callables read the object: each such expression records
    the comparison, so the converter writes QueryableAttribute.eq / ne / contains(instance) instead."""
    from sqlalchemy import inspect
    from sqlalchemy.orm.state import InstanceState
    Comparator = RelationshipProperty.Comparator
    if getattr(Comparator.__eq__, "_retort", False):
        return

    def recording(op, fn):
        def compare(self, other, **kw):
            out = fn(self, other, **kw)
            if isinstance(inspect(other, raiseerr=False), InstanceState):
                _INSTANCE_COMPARISONS[id(out)] = (out, self, op, other)
            return out
        compare._retort = True
        return compare

    Comparator.__eq__ = recording("eq", Comparator.__eq__)
    Comparator.__ne__ = recording("ne", Comparator.__ne__)
    Comparator.contains = recording("contains", Comparator.contains)


remember_instance_comparisons()


def _compared_entity(comparator):
    """The entity of a relationship comparator: an aliased class's (a1.user) or the mapper."""
    return comparator._adapt_to_entity or comparator._parententity


def _instance_comparison(self, el):
    """["orm_compare", attr, op, ["orm_instance", class, {key: value}]]: the recorded comparison of a relationship
    with an instance; the instance is a transient one of its class with the column values it holds (the class
    declares them as fields, "fields" in its description, since a transient instance keeps no other values)."""
    _, comparator, op, other = _INSTANCE_COMPARISONS[id(el)]
    if comparator._of_type is not None or comparator._extra_criteria:
        raise _missing("relationship comparison of_type / and_() with an instance")
    attr = self.relationship_attr(_compared_entity(comparator), comparator.prop.key)
    return ["orm_compare", attr, op, _instance_node(self, other)]


def _instance_node(self, other):
    """["orm_instance", class, {key: value}]: a transient instance of other's class holding the column
    values other holds (the class declares them as fields, "fields" in its description)."""
    from sqlalchemy import inspect
    state = inspect(other)
    values = {}
    for prop in state.mapper.column_attrs:
        if prop.key in state.dict:
            if not prop.key.isidentifier():
                raise _missing("compared instance with a column key that is no Java field name")
            values[prop.key] = convert.value(state.dict[prop.key])
            owner = next(d for d in self.mapping if d["class"] == prop.parent.class_.__name__)
            fields = owner.setdefault("fields", [])
            if prop.key not in fields:
                fields.append(prop.key)
    return ["orm_instance", state.mapper.class_.__name__, values]


_COMPOSITE_COMPARISONS = {}  # id(expression) -> (expression, comparator, "eq" | "ne" | "lt" | ..., value object or None)


def remember_composite_comparisons():
    """A composite compared with a value object (Edge.start < Point(3, 4)) comes out as its columns compared one by
    one, ANDed: each such expression records the comparison, so the converter writes the attribute's eq / ne / lt /
    gt / le / ge(value) as a Retort user does, not the columns."""
    from sqlalchemy.orm.descriptor_props import CompositeProperty
    from sqlalchemy.sql import operators
    Comparator = CompositeProperty.Comparator
    if getattr(Comparator._compare, "_retort", False):
        return
    names = {operators.eq: "eq", operators.ne: "ne", operators.lt: "lt", operators.gt: "gt",
             operators.le: "le", operators.ge: "ge"}
    fn = Comparator._compare

    def compare(self, operator, other):
        out = fn(self, operator, other)
        if operator in names:
            _COMPOSITE_COMPARISONS[id(out)] = (out, self, names[operator], other)
        return out
    compare._retort = True
    Comparator._compare = compare


remember_composite_comparisons()


def _composite_comparison(self, el):
    """["orm_composite_compare", attr, op, [values] | null, class]: the composite attribute's eq / ne / lt / gt / le /
    ge with a value object of its value class (the one compiled for class's composite) holding those values
    (null: None, each column IS NULL)."""
    _, comparator, op, other = _COMPOSITE_COMPARISONS[id(el)]
    values = None if other is None else [convert.value(v) for v in comparator.prop._composite_values_from_instance(other)]
    ent = comparator._adapt_to_entity or comparator._parententity
    return ["orm_composite_compare", ["orm_attr", self.entity(ent), comparator.prop.key], op, values,
            comparator.prop.parent.class_.__name__]


_UNALIASED_SECONDARY = set()  # id(criterion) of those _WITH_PARENTS that name the secondary table itself
_WITH_PARENTS = {}  # id(criterion) -> (criterion, relationship property, instance, from_entity)


def remember_with_parents():
    """with_parent(instance, prop[, from_entity]) comes out as columns compared with binds whose callables read
    the instance: each such criterion records its arguments, so the converter writes ORM.withParent instead."""
    fn = RelationshipProperty._with_parent
    if getattr(fn, "_retort", False):
        return

    def with_parent(self, instance, alias_secondary=True, from_entity=None):
        out = fn(self, instance, alias_secondary, from_entity)
        _WITH_PARENTS[id(out)] = (out, self, instance, from_entity)
        if not alias_secondary and self.secondary is not None:
            _UNALIASED_SECONDARY.add(id(out))
        return out
    with_parent._retort = True
    RelationshipProperty._with_parent = with_parent


remember_with_parents()


def _with_parent_node(self, el):
    """["orm_with_parent", relationship attr, ["orm_instance", ...], alias or null]: ORM.withParent(instance,
    attr[, alias]); from_entity (or of_type()) naming the target class itself is no alias."""
    from sqlalchemy import inspect
    _, prop, instance, from_entity = _WITH_PARENTS[id(el)]
    if id(el) in _UNALIASED_SECONDARY:
        # a dynamic / write-only relationship's query: its own FROM names the secondary table
        raise _missing("with_parent naming the secondary table unaliased (a dynamic / write-only relationship's "
                       "query; ORM.withParent aliases it)")
    insp = inspect(from_entity) if from_entity is not None else None
    alias = self.entity(insp) if insp is not None and insp.is_aliased_class else None
    attr = self.relationship_attr(prop.parent, prop.key)
    return ["orm_with_parent", attr, _instance_node(self, instance), alias]


_HIERARCHY_EXISTS = {}  # id(exists) -> (exists, comparator, "has" | "any", criterion)


def remember_hierarchy_exists():
    """has()/any() between joined-table classes of one hierarchy (SQLAlchemy's self-referential relationship) selects
    from an anonymous subquery of the target's join, which the criteria (a nested has()/any() too) are adapted to:
    each such call records its arguments, so the converter writes QueryableAttribute.has / any instead."""
    Comparator = RelationshipProperty.Comparator
    if getattr(Comparator.has, "_retort", False):
        return

    def recording(op, fn):
        def call(self, criterion=None, **kwargs):
            out = fn(self, criterion, **kwargs)
            if self.property._is_self_referential and isinstance(self.property.entity.selectable, selectable.Join) \
                    and not kwargs and getattr(self, "_of_type", None) is None and not self._extra_criteria \
                    and self._adapt_to_entity is None:
                _HIERARCHY_EXISTS[id(out)] = (out, self, op, criterion)
            return out
        call._retort = True
        return call

    Comparator.has = recording("has", Comparator.has)
    Comparator.any = recording("any", Comparator.any)


remember_hierarchy_exists()


def _hierarchy_exists_node(self, el):
    """["orm_exists", relationship attr, "has" | "any", criterion or null]: QueryableAttribute.has / any of the
    recorded call's criterion."""
    _, comparator, op, criterion = _HIERARCHY_EXISTS[id(el)]
    attr = self.relationship_attr(_compared_entity(comparator), comparator.prop.key)
    return ["orm_exists", attr, op, None if criterion is None else self.node(criterion)]
