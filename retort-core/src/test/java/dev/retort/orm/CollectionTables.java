package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.types.Types;

/**
 * The tables {@link DynamicCollectionTest} and {@link WriteOnlyCollectionTest} map their collections onto: users and their
 * addresses, posts and their tags through post_tags (SQLAlchemy's test_dynamic.py fixtures), with ids the tests assign.
 */
record CollectionTables(Table users, Table addresses, Table posts, Table tags, Table postTags) {
    /** Declares the five tables in {@code t}'s metadata. */
    static CollectionTables declare(OrmTestDatabase t) {
        return declare(t, null);
    }

    /** The five tables, post_tags.tag_id's foreign key with ON DELETE {@code tagOnDelete} (null: none). */
    static CollectionTables declare(OrmTestDatabase t, String tagOnDelete) {
        String s = t.suffix;
        Table users = new Table("users" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(50)));
        Table addresses = new Table("addresses" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("email", Types.string(50)), Column.of("user_id", Types.INTEGER).foreignKey("users" + s + ".id"));
        Table posts = new Table("posts" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false));
        Table tags = new Table("tags" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(50)));
        Table postTags = new Table("post_tags" + s, t.metadata,
                Column.of("post_id", Types.INTEGER).foreignKey("posts" + s + ".id").primaryKey().autoincrement(false),
                Column.of("tag_id", Types.INTEGER).foreignKey("tags" + s + ".id", tagOnDelete, null).primaryKey().autoincrement(false));
        return new CollectionTables(users, addresses, posts, tags, postTags);
    }
}
