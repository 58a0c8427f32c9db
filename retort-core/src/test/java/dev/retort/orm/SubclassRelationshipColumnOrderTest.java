package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A joined load of a single-table subclass's relationship nested in a joined load of its base {@code of_type} the
 * subclass, as in SQLAlchemy's JoinedLoadSpliceFromJoinedTest: SQLAlchemy lists the subclass's columns (those it
 * inherits) before the nested load's, Retort listed them after. The SQL is SQLAlchemy 2.1.1's.
 */
class SubclassRelationshipColumnOrderTest {
    /** The root. */
    public static class Root {
        Integer id;
        List<BaseModel> rootElements;
    }

    /** The single-table base. */
    public static class BaseModel {
        Integer id;
        Integer rootId;
        String type;
    }

    /** Its subclass, with elements. */
    public static class SubModel extends BaseModel {
        List<SubModelElement> elements;
    }

    /** An element of a sub model. */
    public static class SubModelElement {
        Integer id;
        Integer modelId;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table root = new Table("root" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false));
    private final Table baseModel = new Table("base_model" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("root_id", Types.INTEGER).nullable(false).foreignKey("root" + orm.suffix + ".id"),
            Column.of("type", Types.string(20)).nullable(false));
    private final Table element = new Table("sub_model_element" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("model_id", Types.INTEGER).nullable(false).foreignKey("base_model" + orm.suffix + ".id"));

    SubclassRelationshipColumnOrderTest() {
        orm.registry.mapImperatively(Root.class, root, Map.of("rootElements", ORM.relationship(BaseModel.class)));
        orm.registry.mapImperatively(BaseModel.class, baseModel, Map.of(), ORM.polymorphicOn(baseModel.c("type")).identity("base"));
        orm.registry.mapImperatively(SubModel.class, baseModel, Map.of("elements", ORM.relationship(SubModelElement.class)),
                ORM.inherits(BaseModel.class).identity("sub_model"));
        orm.registry.mapImperatively(SubModelElement.class, element, Map.of());
    }

    private static Query<?> query() {
        return ORM.select(Root.class).options(ORM.joinedLoad(ORM.attr(Root.class, "rootElements").ofType(SubModel.class)).innerJoin()
                .joinedLoad(ORM.attr(SubModel.class, "elements"))).orderBy(ORM.attr(Root.class, "id"));
    }

    @Test
    void subclassColumnsBeforeTheNestedLoads() {
        assertThat(orm.sqlOf(query())).isEqualTo("SELECT root.id, base_model_1.id AS id_1, base_model_1.root_id, base_model_1.type, "
                + "sub_model_element_1.id AS id_2, sub_model_element_1.model_id FROM root JOIN base_model AS base_model_1 "
                + "ON root.id = base_model_1.root_id LEFT OUTER JOIN sub_model_element AS sub_model_element_1 "
                + "ON base_model_1.id = sub_model_element_1.model_id ORDER BY root.id");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void loadsTheElements(Databases.Database db) {
        orm.start(db);
        Session s = orm.open();
        Root r = new Root();
        r.id = 1;
        SubModel m = new SubModel();
        m.id = 10;
        m.rootId = 1;
        BaseModel b = new BaseModel();
        b.id = 11;
        b.rootId = 1;
        SubModelElement e1 = new SubModelElement();
        e1.id = 100;
        e1.modelId = 10;
        SubModelElement e2 = new SubModelElement();
        e2.id = 101;
        e2.modelId = 10;
        s.add(r);
        s.flush();
        s.addAll(List.of(m, b));
        s.flush();
        s.addAll(List.of(e1, e2));
        s.commit();
        Session t = orm.open();
        @SuppressWarnings("unchecked")
        List<Root> rows = (List<Root>) query().withSession(t).all();
        orm.take("");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).rootElements).extracting(x -> x.id + " " + x.getClass().getSimpleName()
                + (x instanceof SubModel sm ? " " + sm.elements.stream().map(el -> el.id).sorted().toList() : ""))
                .containsExactlyInAnyOrder("10 SubModel [100, 101]", "11 BaseModel");
        assertThat(orm.take("")).as("all loaded by the one statement").isEmpty();
    }
}
