package dev.retort.orm;

import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Row;
import dev.retort.exc.IntegrityException;
import dev.retort.exc.StaleDataException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unit of work over a model with the shapes real models have, against a plain model of what
 * the database must hold: a versioned self-referential tree of folders (subtrees re-parented by
 * list add, remove-and-add or reference assignment; deleted with their subtree), folders referring
 * to each other or themselves ("buddies", written by post-updates), items of a joined-table
 * ({@link Doc}) and a single-table ({@link Note}) subclass in the same flushes, owned by folders
 * with delete-orphan (moved, orphaned, deleted), labels linked to folders many-to-many through
 * either side of the back-reference (added twice too), merges of detached copies (with their
 * items, too), refreshes, bulk updates and deletes among pending changes, flushes failing midway
 * (NOT NULL, a stale version) and retried, flushes followed by a rollback. After a flush the rows
 * in its transaction and the session's instances must equal the model; after each commit the
 * tables read by plain JDBC and a fresh session must, and a folder's version must have moved
 * exactly when its row changed; after each rollback the session must read the committed state
 * again. A failure names the seed and the operations so far.
 */
class UnitOfWorkGraphPropertyTest {
    /** Seeds per database; -Dretort.uow.sequences=N runs more, from -Dretort.uow.firstSeed. */
    static final int SEQUENCES = Integer.getInteger("retort.uow.sequences", 16);
    static final int OPERATIONS = 50;

    /** A folder in a tree, versioned. */
    public static class Folder {
        Integer id;
        String name;
        Integer version;
        Integer parentId;
        Folder parent;
        Integer buddyId;
        /** Any folder, itself too: rows referring to each other, written by a later UPDATE (post-update). */
        Folder buddy;
        List<Folder> children = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        List<Doc> reviewed = new ArrayList<>();

        @Override
        public String toString() {
            return "F" + id;
        }
    }

    /** A label, linked to folders many-to-many (backref {@code folders}). */
    public static class Label {
        Integer id;
        String name;
        List<Folder> folders = new ArrayList<>();

        @Override
        public String toString() {
            return "L" + id;
        }
    }

    /** The base of the items (discriminator {@code type}). */
    public static class Item {
        Integer id;
        String name;
        String type;
        Integer folderId;
        Folder folder;

        @Override
        public String toString() {
            return getClass().getSimpleName() + id;
        }
    }

    /** Joined-table: its own row in {@code docs}. */
    public static class Doc extends Item {
        Integer pages;
        Integer reviewerId;
        /** A relationship of the subclass's own table (backref {@code reviewed}, no cascade: a deleted reviewer is let go of). */
        Folder reviewer;
    }

    /** Single-table: {@code text} is a column of {@code items}. */
    public static class Note extends Item {
        String text;
    }

    /** A folder row: name and parent. */
    record FolderRow(String name, Integer parentId) {
    }

    /** An item row: class, name, folder and its subclass's value (pages or text). */
    record ItemRow(String type, String name, Integer folderId, Object extra) {
    }

    @AutoClose
    private final OrmTestDatabase t = new OrmTestDatabase();
    private final String suffix = t.suffix;
    private final Table folders = new Table("folders" + suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("name", Types.string(40)).nullable(false),
            Column.of("version", Types.INTEGER),
            Column.of("parent_id", Types.INTEGER).foreignKey("folders" + suffix + ".id"),
            Column.of("buddy_id", Types.INTEGER).foreignKey("folders" + suffix + ".id"));
    private final Table labels = new Table("labels" + suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("name", Types.string(40)).nullable(false));
    private final Table links = new Table("folder_labels" + suffix, t.metadata,
            Column.of("folder_id", Types.INTEGER).primaryKey().foreignKey("folders" + suffix + ".id"),
            Column.of("label_id", Types.INTEGER).primaryKey().foreignKey("labels" + suffix + ".id"));
    private final Table items = new Table("items" + suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("name", Types.string(40)),
            Column.of("type", Types.string(10)),
            Column.of("text", Types.string(40)),
            Column.of("folder_id", Types.INTEGER).foreignKey("folders" + suffix + ".id"));
    private final Table docs = new Table("docs" + suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("items" + suffix + ".id"),
            Column.of("pages", Types.INTEGER),
            Column.of("reviewer_id", Types.INTEGER).foreignKey("folders" + suffix + ".id"));

    private void map(Databases.Database db) {
        t.registry.mapImperatively(Folder.class, folders, Map.of(
                "children", ORM.relationship(Folder.class).foreignKeys(folders.c("parent_id")).backref("parent").orderBy(folders.c("id")).cascade("all"),
                "buddy", ORM.relationship(Folder.class).foreignKeys(folders.c("buddy_id")).remoteSide(folders.c("id")).postUpdate(),
                "items", ORM.relationship(Item.class).backref("folder").orderBy(items.c("id")).cascade("all, delete-orphan"),
                "labels", ORM.relationship(Label.class).secondary(links).backref("folders"))).versionCounter(folders.c("version"));
        t.registry.mapImperatively(Label.class, labels);
        t.registry.mapImperatively(Item.class, items, Map.of(), ORM.polymorphicOn(items.c("type")).identity("item"));
        t.registry.mapImperatively(Doc.class, docs, Map.of("reviewer", ORM.relationship(Folder.class).foreignKeys(docs.c("reviewer_id")).backref("reviewed")),
                ORM.inherits(Item.class).identity("doc"));
        t.registry.mapImperatively(Note.class, items, Map.of(), ORM.inherits(Item.class).identity("note"));
        t.start(db);
    }

    /** Maps the classes on {@code db}; a session of them. */
    private Session open(Databases.Database db) {
        map(db);
        return t.open();
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void randomSequencesOverTreesInheritanceAndLinksMatchThePlainModel(Databases.Database db) {
        map(db);
        int operations = 0;
        int first = Integer.getInteger("retort.uow.firstSeed", 0);
        for (int seed = first; seed < first + SEQUENCES; seed++) {
            operations += new Run(seed).go(OPERATIONS);
        }
        assertThat(operations).isEqualTo(SEQUENCES * OPERATIONS);
        System.out.println("UnitOfWorkGraphPropertyTest " + db + ": " + SEQUENCES + " sequences x " + OPERATIONS + " operations");
    }

    private static Folder folder(int id, String name) {
        Folder f = new Folder();
        f.id = id;
        f.name = name;
        return f;
    }

    private static Doc doc(int id) {
        Doc d = new Doc();
        d.id = id;
        return d;
    }

    /** Seed 9 of the property, reduced: a new item of a subclass given a committed folder, whose items are not loaded, then the folder deleted. */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void deletingAFolderDeletesTheNewSubclassItemAssignedToIt(Databases.Database db) {
        Session s = open(db);
        Folder f = folder(1, "f");
        Note old = new Note();
        old.id = 2;
        f.items.add(old);
        s.add(f);
        s.commit();
        Doc d = doc(3);
        d.folder = s.get(Folder.class, 1);
        s.add(d);
        s.delete(d.folder);
        s.commit();
        assertThat(new Tables(-1).items).as("the folder's items, the new one too").isEmpty();
        assertThat(new Tables(-1).folders).isEmpty();
    }

    /** A subclass item assigned to a folder by its reference, then removed from that folder's loaded list before a flush: orphaned, so deleted. */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aSubclassItemAssignedThenRemovedFromTheListIsOrphaned(Databases.Database db) {
        Session s = open(db);
        Folder f = folder(1, "f");
        f.items.add(doc(3));
        s.add(f);
        s.add(folder(2, "g"));
        s.commit();
        Folder to = s.get(Folder.class, 2);
        assertThat(to.items).isEmpty();
        Item moved = s.get(Item.class, 3);
        moved.folder = to;
        assertThat(to.items.contains(moved)).as("the plain assignment counts").isTrue();
        to.items.remove(moved);
        s.commit();
        assertThat(new Tables(-1).items).as("the orphan deleted").isEmpty();
    }

    /** A folder holding a note (2) and a doc (3), committed. */
    private Session withNoteAndDoc(Databases.Database db) {
        Session s = open(db);
        Folder f = folder(1, "f");
        Note n = new Note();
        n.id = 2;
        n.name = "a";
        Doc d = doc(3);
        d.name = "b";
        f.items.add(n);
        f.items.add(d);
        s.add(f);
        s.commit();
        return s;
    }

    /**
     * A bulk update of the base class synchronises the session's instances of its subclasses (as
     * SQLAlchemy's); they were left out, and setting one back to its old value then changed nothing.
     */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aBulkUpdateOfTheBaseClassSynchronizesTheSubclassesInstances(Databases.Database db) {
        Session s = withNoteAndDoc(db);
        for (Query.Synchronize sync : List.of(Query.Synchronize.EVALUATE, Query.Synchronize.EXPIRE)) {
            Item note = s.get(Item.class, 2);
            Item doc = s.get(Item.class, 3);
            assertThat(s.query(Item.class).filter(items.c("folder_id").eq(1)).update(Map.of("name", "bulk"), sync)).isEqualTo(2);
            assertThat(s.get(Item.class, 2).name).as("note after %s", sync).isEqualTo("bulk");
            assertThat(s.get(Item.class, 3).name).as("doc after %s", sync).isEqualTo("bulk");
            note.name = "a";
            doc.name = "b";
            s.commit();
            assertThat(new Tables(-1).items.values()).extracting(ItemRow::name).as("set back after %s", sync).containsExactly("a", "b");
        }
    }

    /** A bulk update or delete of a single-table subclass has its discriminator's rows only (as SQLAlchemy's {@code type IN (...)}); it had every row of the table. */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aBulkUpdateOrDeleteOfASingleTableSubclassLeavesTheOtherClassesRows(Databases.Database db) {
        Session s = withNoteAndDoc(db);
        for (Query.Synchronize sync : Query.Synchronize.values()) {
            assertThat(s.query(Note.class).filter(items.c("folder_id").eq(1)).update(Map.of("name", "n" + sync), sync)).isEqualTo(1);
            s.commit();
            assertThat(new Tables(-1).items.values()).extracting(ItemRow::name).as("after %s", sync).containsExactly("n" + sync, "b");
        }
        Item doc = s.get(Item.class, 3);
        assertThat(s.query(Note.class).filter(items.c("folder_id").eq(1)).delete()).isEqualTo(1);
        assertThat(s.contains(doc)).as("the doc stays in the session").isTrue();
        s.commit();
        assertThat(new Tables(-1).items).containsOnlyKeys(3);
    }

    /**
     * A post-update of a versioned row bumps its version and matches the one it had (as
     * SQLAlchemy's); it matched a null version, and failed. The same for the post-updates that
     * clear two rows' references to each other before their DELETEs.
     */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aPostUpdateOfAVersionedRowBumpsItsVersion(Databases.Database db) {
        Session s = open(db);
        s.add(folder(1, "a"));
        s.commit();
        Folder a = s.get(Folder.class, 1);
        a.buddy = folder(2, "b");
        t.take("");
        s.commit();
        assertThat(t.take("UPDATE")).containsExactly("UPDATE folders SET version=?, buddy_id=? WHERE folders.id = ? AND folders.version = ?");
        assertThat(new Tables(-1).versions).isEqualTo(Map.of(1, 2, 2, 1));
        Folder b = s.get(Folder.class, 2);
        b.buddy = s.get(Folder.class, 1);
        b.name = "c";
        s.commit();
        assertThat(new Tables(-1).buddies).isEqualTo(Map.of(1, 2, 2, 1));
        assertThat(new Tables(-1).versions).as("the UPDATE and the post-update each").isEqualTo(Map.of(1, 2, 2, 3));
        s.delete(s.get(Folder.class, 1));
        s.delete(s.get(Folder.class, 2));
        s.commit();
        assertThat(new Tables(-1).folders).isEmpty();
    }

    /** A versioned row referring to itself through a post-update relationship: the reference is cleared before its DELETE (MariaDB refused the DELETE). */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aRowThatIsItsOwnBuddyIsDeleted(Databases.Database db) {
        Session s = open(db);
        Folder a = folder(1, "a");
        a.buddy = a;
        s.add(a);
        s.commit();
        s.delete(s.get(Folder.class, 1));
        t.take("");
        s.commit();
        assertThat(t.take("")).containsSubsequence("UPDATE folders SET version=?, buddy_id=? WHERE folders.id = ? AND folders.version = ?",
                "DELETE FROM folders WHERE folders.id = ? AND folders.version = ?");
        assertThat(new Tables(-1).folders).isEmpty();
    }

    /**
     * Seed 57, reduced: a row changed by a post-update only, loaded again in the same transaction
     * (a refresh), then rolled back: the load took its flushed values for the committed ones, and
     * the rollback restored the reference to the row it rolled back, and a version the row no longer had.
     */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aRollbackAfterARefreshUndoesAPostUpdate(Databases.Database db) {
        Session s = open(db);
        s.add(folder(1, "a"));
        s.commit();
        Folder a = s.get(Folder.class, 1);
        a.buddy = folder(2, "b");
        s.flush();
        s.refresh(a);
        s.rollback();
        assertThat(s.get(Folder.class, 2)).isNull();
        assertThat(s.get(Folder.class, 1)).isSameAs(a);
        assertThat(a.buddy).isNull();
        assertThat(a.version).isEqualTo(1);
        a.name = "c";
        s.commit();
        assertThat(new Tables(-1).folders).isEqualTo(Map.of(1, new FolderRow("c", null)));
    }

    /**
     * Seed 146, reduced: a child's parent cleared by a plain assignment, then the child added back
     * to the parent's loaded list before a flush. The add found it there still, changed nothing,
     * and the flush applied the assignment: the child became a root. The add applies it first now,
     * as remove and contains do.
     */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aChildAddedBackAfterItsParentWasClearedKeepsTheParent(Databases.Database db) {
        Session s = open(db);
        Folder p = folder(1, "p");
        p.children.add(folder(2, "c"));
        s.add(p);
        s.commit();
        p = s.get(Folder.class, 1);
        Folder c = s.get(Folder.class, 2);
        assertThat(p.children).containsExactly(c);
        c.parent = null;
        p.children.add(c);
        assertThat(c.parent).isSameAs(p);
        s.commit();
        assertThat(new Tables(-1).folders).isEqualTo(Map.of(1, new FolderRow("p", null), 2, new FolderRow("c", 1)));
    }

    /**
     * Seed 211, reduced: a link removed through the label's loaded list, then made again through
     * the folder's list, not loaded yet. That list loaded the link still in the database, found
     * the label there and changed nothing, and the flush deleted the link. The list loaded without
     * an autoflush now follows the other side's loaded lists, as a one-to-many list does.
     */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aLinkRemovedThroughOneSideAndMadeAgainThroughTheOtherIsKept(Databases.Database db) {
        Session s = open(db);
        Folder f = folder(1, "f");
        Label l = new Label();
        l.id = 2;
        l.name = "l";
        f.labels.add(l);
        s.add(f);
        s.commit();
        f = s.get(Folder.class, 1);
        l = s.get(Label.class, 2);
        l.folders.remove(f);
        f.labels.add(l);
        assertThat(l.folders).containsExactly(f);
        s.commit();
        assertThat(new Tables(-1).links).containsExactly(List.of(1, 2));
        f = s.get(Folder.class, 1);
        l = s.get(Label.class, 2);
        l.folders.add(folder(3, "g"));
        l.folders.remove(f);
        s.get(Folder.class, 3).labels.remove(l);
        f.labels.remove(l);
        s.commit();
        assertThat(new Tables(-1).links).as("unlinked through either side").isEmpty();
    }

    /** The database's state of one sequence (ids from 1000 * (seed + 1)), by plain JDBC. */
    private final class Tables {
        final Map<Integer, FolderRow> folders = new TreeMap<>();
        final Map<Integer, Integer> versions = new TreeMap<>();
        /** Folders' buddies, by folder (those with one). */
        final Map<Integer, Integer> buddies = new TreeMap<>();
        /** Docs' reviewers, by doc (those with one). */
        final Map<Integer, Integer> reviewers = new TreeMap<>();
        final Map<Integer, String> labels = new TreeMap<>();
        final Set<List<Integer>> links = new TreeSet<>(UnitOfWorkGraphPropertyTest::compare);
        final Map<Integer, ItemRow> items = new TreeMap<>();

        Tables(int seed) {
            try (Connection c = t.engine().connect()) {
                read(seed, c);
            }
        }

        /** Read through {@code c}: a session's own connection sees what it flushed. */
        Tables(int seed, Connection c) {
            read(seed, c);
        }

        private void read(int seed, Connection c) {
            int lo = 1000 * (seed + 1);
            int hi = lo + 1000;
            Table f = UnitOfWorkGraphPropertyTest.this.folders;
            for (Row r : c.execute(select(f.c("id"), f.c("name"), f.c("parent_id"), f.c("version"), f.c("buddy_id")).where(f.c("id").between(lo, hi))).all()) {
                folders.put(num(r.get(0)), new FolderRow((String) r.get(1), num(r.get(2))));
                versions.put(num(r.get(0)), num(r.get(3)));
                if (r.get(4) != null) {
                    buddies.put(num(r.get(0)), num(r.get(4)));
                }
            }
            Table l = UnitOfWorkGraphPropertyTest.this.labels;
            for (Row r : c.execute(select(l.c("id"), l.c("name")).where(l.c("id").between(lo, hi))).all()) {
                labels.put(num(r.get(0)), (String) r.get(1));
            }
            Table k = UnitOfWorkGraphPropertyTest.this.links;
            for (Row r : c.execute(select(k.c("folder_id"), k.c("label_id")).where(k.c("folder_id").between(lo, hi))).all()) {
                links.add(List.of(num(r.get(0)), num(r.get(1))));
            }
            Table i = UnitOfWorkGraphPropertyTest.this.items;
            Map<Integer, Integer> pages = new TreeMap<>();
            Table d = UnitOfWorkGraphPropertyTest.this.docs;
            for (Row r : c.execute(select(d.c("id"), d.c("pages"), d.c("reviewer_id")).where(d.c("id").between(lo, hi))).all()) {
                pages.put(num(r.get(0)), num(r.get(1)));
                if (r.get(2) != null) {
                    reviewers.put(num(r.get(0)), num(r.get(2)));
                }
            }
            for (Row r : c.execute(select(i.c("id"), i.c("type"), i.c("name"), i.c("folder_id"), i.c("text")).where(i.c("id").between(lo, hi))).all()) {
                int id = num(r.get(0));
                String type = (String) r.get(1);
                assertThat(pages.containsKey(id)).as("docs row of item %s (%s)", id, type).isEqualTo(type.equals("doc"));
                items.put(id, new ItemRow(type, (String) r.get(2), num(r.get(3)), type.equals("doc") ? pages.get(id) : r.get(4)));
            }
            assertThat(items.keySet()).as("docs rows without an items row").containsAll(pages.keySet());
        }
    }

    private static Integer num(Object o) {
        return o == null ? null : ((Number) o).intValue();
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        int c = a.get(0).compareTo(b.get(0));
        return c != 0 ? c : a.get(1).compareTo(b.get(1));
    }

    /** One sequence: its own rows, session and model. */
    private final class Run extends PropertyRun {
        Map<Integer, FolderRow> folderRows = new TreeMap<>();
        Map<Integer, String> labelRows = new TreeMap<>();
        Set<List<Integer>> linkRows = new TreeSet<>(UnitOfWorkGraphPropertyTest::compare);
        Map<Integer, ItemRow> itemRows = new TreeMap<>();
        Map<Integer, Integer> buddyRows = new TreeMap<>();
        /** Docs' reviewers; a doc deleted (however) leaves its entry until {@link #reviewers()} drops it. */
        Map<Integer, Integer> reviewerRows = new TreeMap<>();
        Tables committed;
        /** Folders whose row this session changed since the last commit (a change undone still bumped the version). */
        Set<Integer> touched = new HashSet<>();
        Folder detached;
        /** Items a bulk update told not to synchronise: their instances may show the name before it, until the transaction ends. */
        Set<Integer> unsynchronized = new HashSet<>();
        final ParentLink<Folder, Folder> subfolders = new ParentLink<>(this::folder, f -> f.children, (f, p) -> f.parent = p);

        Run(int seed) {
            super(seed, t.open());
            this.committed = new Tables(seed);
        }

        @Override
        void finish() {
            commit();
            for (Integer id : new ArrayList<>(labelRows.keySet())) {
                s.delete(s.get(Label.class, id));
            }
            // all loaded first, then deleted in one flush: buddies across the trees are cleared by the post-updates
            List<Folder> roots = folderRows.entrySet().stream().filter(e -> e.getValue().parentId() == null).map(e -> folder(e.getKey())).toList();
            roots.forEach(s::delete);
            s.commit();
            Tables after = new Tables(seed);
            assertThat(after.folders).as("folders after deleting the roots").isEmpty();
            assertThat(after.items).as("items after deleting the roots").isEmpty();
            assertThat(after.links).as("links after deleting everything").isEmpty();
        }

        @Override
        void step() {
            int r = random.nextInt(128);
            if (r < 10 || folderRows.isEmpty()) {
                addFolder();
            } else if (r < 18) {
                reparent();
            } else if (r < 22) {
                deleteFolder();
            } else if (r < 32) {
                addItem();
            } else if (r < 42 && !itemRows.isEmpty()) {
                moveItem();
            } else if (r < 47 && !itemRows.isEmpty()) {
                dropItem();
            } else if (r < 51) {
                addLabel();
            } else if (r < 61 && !labelRows.isEmpty()) {
                link();
            } else if (r < 63 && !labelRows.isEmpty()) {
                deleteLabel();
            } else if (r < 72) {
                modify();
            } else if (r < 76) {
                mergeDetached();
            } else if (r < 79) {
                log.add("flush, refresh");
                s.flush();
                s.refresh(folder(pick(folderRows.keySet())));
            } else if (r < 83) {
                flush();
            } else if (r < 90) {
                commit();
                if (random.nextBoolean()) {
                    mergeDetachedGraph();
                }
            } else if (r < 100) {
                rollback(random.nextBoolean());
            } else if (r < 105 && !itemRows.isEmpty()) {
                bulkUpdate();
            } else if (r < 108 && !itemRows.isEmpty()) {
                bulkDelete();
            } else if (r < 114) {
                failingFlush();
            } else if (r < 117) {
                staleUpdate();
            } else if (r < 121) {
                buddies();
            } else if (r < 125 && itemRows.values().stream().anyMatch(i -> i.type().equals("doc"))) {
                review();
            } else if (r < 124) {
                buddies();
            } else {
                mergeDetached();
            }
        }

        private Folder folder(int id) {
            return get(Folder.class, id);
        }

        private Item item(int id) {
            return get(Item.class, id);
        }

        private Label label(int id) {
            return get(Label.class, id);
        }

        /** The folder and every folder below it (by the model). */
        private Set<Integer> subtree(int id) {
            Set<Integer> out = new HashSet<>(Set.of(id));
            boolean grew = true;
            while (grew) {
                grew = false;
                for (Map.Entry<Integer, FolderRow> e : folderRows.entrySet()) {
                    if (e.getValue().parentId() != null && out.contains(e.getValue().parentId()) && out.add(e.getKey())) {
                        grew = true;
                    }
                }
            }
            return out;
        }

        private void addFolder() {
            Folder f = new Folder();
            f.id = nextId++;
            f.name = name();
            Integer pid = folderRows.isEmpty() || random.nextInt(3) == 0 ? null : pick(folderRows.keySet());
            log.add("addFolder " + f.id + " under " + pid);
            addUnder(f, pid, subfolders);
            folderRows.put(f.id, new FolderRow(f.name, pid));
        }

        /** Moves a subtree under a folder outside it, or makes it a root. */
        private void reparent() {
            int id = pick(folderRows.keySet());
            Set<Integer> outside = new HashSet<>(folderRows.keySet());
            outside.removeAll(subtree(id));
            Integer to = outside.isEmpty() || random.nextInt(4) == 0 ? null : pick(outside);
            Integer from = folderRows.get(id).parentId();
            Folder f = folder(id);
            int way = random.nextInt(3);
            log.add("reparent " + id + " from " + from + " to " + to + " way " + way);
            if (to == null) {
                if (from != null && way == 0) {
                    folder(from).children.remove(f);
                } else {
                    f.parent = null;
                }
            } else if (way == 0) {
                folder(to).children.add(f);
            } else if (way == 1) {
                if (from != null) {
                    folder(from).children.remove(f);
                }
                folder(to).children.add(f);
            } else {
                f.parent = folder(to);
            }
            folderRows.put(id, new FolderRow(folderRows.get(id).name(), to));
            touched.add(id);
        }

        /** Deletes a folder: its subtree by cascade, their items, their links. */
        private void deleteFolder() {
            int id = pick(folderRows.keySet());
            log.add("deleteFolder " + id);
            Set<Integer> gone = subtree(id);
            // a buddy outside refers to the row: the application lets go of it (no backref to do that)
            for (Map.Entry<Integer, Integer> e : List.copyOf(buddyRows.entrySet())) {
                if (gone.contains(e.getValue()) && !gone.contains(e.getKey())) {
                    folder(e.getKey()).buddy = null;
                    buddyRows.remove(e.getKey());
                    touched.add(e.getKey());
                }
            }
            s.delete(folder(id));
            buddyRows.keySet().removeAll(gone);
            reviewerRows.values().removeIf(gone::contains);
            folderRows.keySet().removeAll(gone);
            itemRows.values().removeIf(i -> gone.contains(i.folderId()));
            linkRows.removeIf(l -> gone.contains(l.get(0)));
        }

        private void addItem() {
            boolean doc = random.nextBoolean();
            Item i = doc ? new Doc() : new Note();
            i.id = nextId++;
            i.name = name();
            Object extra = doc ? (Object) random.nextInt(500) : name();
            if (i instanceof Doc d) {
                d.pages = (Integer) extra;
            } else {
                ((Note) i).text = (String) extra;
            }
            int fid = pick(folderRows.keySet());
            log.add("add" + (doc ? "Doc " : "Note ") + i.id + " to " + fid);
            if (random.nextBoolean()) {
                folder(fid).items.add(i);
            } else {
                i.folder = folder(fid);
                s.add(i);
            }
            itemRows.put(i.id, new ItemRow(doc ? "doc" : "note", i.name, fid, extra));
        }

        private void moveItem() {
            int id = pick(itemRows.keySet());
            int to = pick(folderRows.keySet());
            ItemRow row = itemRows.get(id);
            Item i = item(id);
            int way = random.nextInt(4);
            log.add("moveItem " + id + " from " + row.folderId() + " to " + to + " way " + way);
            switch (way) {
                case 0 -> folder(to).items.add(i);
                case 1 -> {
                    // the target's list loaded first: loading it after the remove autoflushes the item as an orphan (as SQLAlchemy)
                    List<Item> target = folder(to).items;
                    target.size();
                    folder(row.folderId()).items.remove(i);
                    target.add(i);
                }
                case 2 -> {
                    folder(to).items.add(i);
                    if (row.folderId() != to) {
                        folder(row.folderId()).items.remove(i);
                    }
                }
                default -> i.folder = folder(to);
            }
            itemRows.put(id, new ItemRow(row.type(), row.name(), to, row.extra()));
        }

        /** Deletes an item, or orphans it (list remove or reference cleared): delete-orphan deletes it. */
        private void dropItem() {
            int id = pick(itemRows.keySet());
            Item i = item(id);
            int way = random.nextInt(3);
            log.add("dropItem " + id + " way " + way);
            switch (way) {
                case 0 -> s.delete(i);
                case 1 -> folder(itemRows.get(id).folderId()).items.remove(i);
                default -> i.folder = null;
            }
            itemRows.remove(id);
        }

        private void addLabel() {
            Label l = new Label();
            l.id = nextId++;
            l.name = name();
            log.add("addLabel " + l.id);
            s.add(l);
            labelRows.put(l.id, l.name);
        }

        /**
         * Links or unlinks a folder and a label through either side; through the folder's list,
         * sometimes by adding the label twice, linked or not (a member is in the list once: one
         * link).
         */
        private void link() {
            int fid = pick(folderRows.keySet());
            int lid = pick(labelRows.keySet());
            Folder f = folder(fid);
            Label l = label(lid);
            boolean fromFolder = random.nextBoolean();
            boolean twice = fromFolder && random.nextInt(3) == 0;
            List<Integer> pair = List.of(fid, lid);
            if (twice) {
                log.add("link " + fid + " " + lid + " twice via folder");
                f.labels.add(l);
                f.labels.add(l);
                assertThat(f.labels).as("labels of %s", f).containsOnlyOnce(l);
                linkRows.add(pair);
            } else if (linkRows.contains(pair)) {
                log.add("unlink " + fid + " " + lid + (fromFolder ? " via folder" : " via label"));
                if (fromFolder) {
                    f.labels.remove(l);
                } else {
                    l.folders.remove(f);
                }
                linkRows.remove(pair);
            } else {
                log.add("link " + fid + " " + lid + (fromFolder ? " via folder" : " via label"));
                if (fromFolder) {
                    f.labels.add(l);
                } else {
                    l.folders.add(f);
                }
                linkRows.add(pair);
            }
        }

        private void deleteLabel() {
            int id = pick(labelRows.keySet());
            log.add("deleteLabel " + id);
            s.delete(label(id));
            labelRows.remove(id);
            linkRows.removeIf(l -> l.get(1) == id);
        }

        private void modify() {
            String name = name();
            int what = random.nextInt(3);
            if (what == 0 && !itemRows.isEmpty()) {
                int id = pick(itemRows.keySet());
                ItemRow row = itemRows.get(id);
                log.add("rename item " + id);
                item(id).name = name;
                itemRows.put(id, new ItemRow(row.type(), name, row.folderId(), row.extra()));
            } else if (what == 1 && !labelRows.isEmpty()) {
                int id = pick(labelRows.keySet());
                log.add("rename label " + id);
                label(id).name = name;
                labelRows.put(id, name);
            } else {
                int id = pick(folderRows.keySet());
                log.add("rename folder " + id);
                folder(id).name = name;
                folderRows.put(id, new FolderRow(name, folderRows.get(id).parentId()));
                touched.add(id);
            }
        }

        /**
         * The copy of a committed folder another session loaded at the last commit (its collections
         * not loaded, so that the merge copies its columns only), renamed while detached and merged
         * while this session has not changed that folder or those it reaches through parents and
         * buddies (the merge cascades along them: a version older than the session's is stale).
         */
        private void mergeDetached() {
            Folder copy = detached;
            if (copy == null || !folderRows.containsKey(copy.id)) {
                return;
            }
            Set<Integer> reached = new HashSet<>();
            List<Integer> next = new ArrayList<>(List.of(copy.id));
            while (!next.isEmpty()) {
                Integer id = next.remove(next.size() - 1);
                if (id != null && reached.add(id)) {
                    next.add(committed.folders.get(id).parentId());
                    next.add(committed.buddies.get(id));
                }
            }
            if (reached.stream().anyMatch(touched::contains)) {
                return;
            }
            detached = null;
            String name = name();
            copy.name = name;
            log.add("merge detached folder " + copy.id);
            Folder merged = s.merge(copy);
            assertThat(merged).as("merge returns the session's instance").isSameAs(folder(copy.id));
            assertThat(merged.name).isEqualTo(name);
            folderRows.put(copy.id, new FolderRow(name, folderRows.get(copy.id).parentId()));
            touched.add(copy.id);
        }

        /**
         * Sets a folder's buddy (often to a new folder, or making two refer to each other, or
         * itself), or clears it: rows referring to each other in one flush need the post-update.
         */
        private void buddies() {
            int id = pick(folderRows.keySet());
            Folder f = folder(id);
            int way = random.nextInt(4);
            if (way == 0 && buddyRows.containsKey(id)) {
                log.add("buddy of " + id + " cleared");
                f.buddy = null;
                buddyRows.remove(id);
            } else {
                if (way == 1) {
                    addFolder();
                }
                int to = way == 1 ? nextId - 1 : pick(folderRows.keySet());
                Folder b = folder(to);
                log.add("buddy of " + id + " is " + to + (way == 2 ? ", and back" : ""));
                f.buddy = b;
                buddyRows.put(id, to);
                if (way == 2) {
                    b.buddy = f;
                    buddyRows.put(to, id);
                    touched.add(to);
                }
            }
            touched.add(id);
        }

        /** The model's reviewers of the docs still there. */
        private Map<Integer, Integer> reviewers() {
            reviewerRows.keySet().retainAll(itemRows.keySet());
            return reviewerRows;
        }

        /** Sets a doc's reviewer (by reference or the folder's {@code reviewed} list), or clears it (either way). */
        private void review() {
            int id = pick(itemRows.entrySet().stream().filter(e -> e.getValue().type().equals("doc")).map(Map.Entry::getKey).collect(Collectors.toSet()));
            Doc d = (Doc) item(id);
            boolean byList = random.nextBoolean();
            Integer was = reviewers().get(id);
            if (was != null && random.nextInt(3) == 0) {
                log.add("reviewer of " + id + " cleared" + (byList ? " via list" : ""));
                if (byList) {
                    folder(was).reviewed.remove(d);
                } else {
                    d.reviewer = null;
                }
                reviewerRows.remove(id);
            } else {
                int fid = pick(folderRows.keySet());
                log.add("reviewer of " + id + " is " + fid + (byList ? " via list" : ""));
                if (byList) {
                    folder(fid).reviewed.add(d);
                } else {
                    d.reviewer = folder(fid);
                }
                reviewerRows.put(id, fid);
            }
        }

        /**
         * A bulk UPDATE of a folder's items (or its notes only: the single-table subclass's rows),
         * after an autoflush of the pending changes, synchronised by a random strategy: the rows
         * matched are the model's, and the session's instances show the new name unless told not to.
         */
        private void bulkUpdate() {
            int fid = pick(folderRows.keySet());
            boolean notes = random.nextBoolean();
            Query.Synchronize sync = Query.Synchronize.values()[random.nextInt(Query.Synchronize.values().length)];
            String name = name();
            log.add("bulkUpdate " + (notes ? "notes" : "items") + " of " + fid + " " + sync);
            int n = s.query(notes ? Note.class : Item.class).filter(items.c("folder_id").eq(fid)).update(Map.of("name", name), sync);
            List<Integer> matched = itemRows.entrySet().stream()
                    .filter(e -> e.getValue().folderId() == fid && (!notes || e.getValue().type().equals("note"))).map(Map.Entry::getKey).toList();
            assertThat(n).as("rows matched").isEqualTo(matched.size());
            for (Integer id : matched) {
                ItemRow row = itemRows.get(id);
                itemRows.put(id, new ItemRow(row.type(), name, row.folderId(), row.extra()));
                if (sync != Query.Synchronize.NONE) {
                    assertThat(item(id).name).as("name of item %s in the session", id).isEqualTo(name);
                } else {
                    unsynchronized.add(id);
                }
            }
        }

        /** A bulk DELETE of a folder's notes, synchronised (evaluated or fetched): they leave the session. */
        private void bulkDelete() {
            int fid = pick(folderRows.keySet());
            Query.Synchronize sync = random.nextBoolean() ? Query.Synchronize.EVALUATE : Query.Synchronize.EXPIRE;
            log.add("bulkDelete notes of " + fid + " " + sync);
            List<Integer> matched = itemRows.entrySet().stream()
                    .filter(e -> e.getValue().folderId() == fid && e.getValue().type().equals("note")).map(Map.Entry::getKey).toList();
            assertThat(s.query(Note.class).filter(items.c("folder_id").eq(fid)).delete(sync)).as("rows deleted").isEqualTo(matched.size());
            itemRows.keySet().removeAll(matched);
            for (Integer id : matched) {
                assertThat(s.get(Item.class, id)).as("deleted item %s", id).isNull();
            }
        }

        /**
         * One change made to fail (a folder renamed to null, a label added without a name: NOT
         * NULL), so that the flush fails midway among the others pending: it must leave the
         * session as it was, and with the change mended, the next flush writes everything.
         */
        private void failingFlush() {
            if (!folderRows.isEmpty() && random.nextBoolean()) {
                int id = pick(folderRows.keySet());
                Folder f = folder(id);
                Integer version = f.version;
                log.add("failing flush: folder " + id + " renamed to null");
                f.name = null;
                assertThatThrownBy(s::flush).isInstanceOf(IntegrityException.class);
                assertThat(f.version).as("version of %s after the failed flush", f).isEqualTo(version);
                f.name = folderRows.get(id).name();
            } else {
                Label l = new Label();
                l.id = nextId++;
                log.add("failing flush: label " + l.id + " without a name");
                s.add(l);
                assertThatThrownBy(s::flush).isInstanceOf(IntegrityException.class);
                assertThat(s.contains(l)).as("the label is still pending").isTrue();
                l.name = name();
                labelRows.put(l.id, l.name);
            }
            if (random.nextBoolean()) {
                flush();
            }
        }

        /**
         * Another writer bumps a folder's version behind the session's back (in its transaction):
         * the session's UPDATE of it raises {@link StaleDataException} and changes nothing, the
         * item added meanwhile included; refreshed, the folder's change goes through.
         */
        private void staleUpdate() {
            if (folderRows.isEmpty()) {
                return;
            }
            int id = pick(folderRows.keySet());
            log.add("stale update of folder " + id + ", a note added");
            s.flush();
            Folder f = folder(id);
            int version = f.version;
            // loaded before: a load now would autoflush, and fail there
            List<Item> target = folder(pick(folderRows.keySet())).items;
            target.size();
            s.execute(SQL.update(folders).values(Map.of(folders.c("version"), folders.c("version").add(1))).where(folders.c("id").eq(id)));
            String was = f.name;
            do {
                f.name = name();
            } while (f.name.equals(was));
            Note n = new Note();
            n.id = nextId++;
            n.name = name();
            target.add(n);
            itemRows.put(n.id, new ItemRow("note", n.name, n.folder.id, null));
            assertThatThrownBy(s::flush).isInstanceOf(StaleDataException.class);
            assertThat(f.version).as("version of %s after the failed flush", f).isEqualTo(version);
            s.refresh(f);
            assertThat(f.version).as("version of %s refreshed", f).isEqualTo(version + 1);
            assertThat(f.name).as("name of %s refreshed", f).isEqualTo(folderRows.get(id).name());
            f.name = name();
            folderRows.put(id, new FolderRow(f.name, folderRows.get(id).parentId()));
            touched.add(id);
        }

        /**
         * Right after a commit: a folder another session loaded with its items, changed while
         * detached (renamed, an item renamed, one removed, a note added), merged; the merge
         * cascades along the items, and the one removed is an orphan.
         */
        private void mergeDetachedGraph() {
            if (folderRows.isEmpty()) {
                return;
            }
            int id = pick(folderRows.keySet());
            Folder copy;
            try (Session other = t.open()) {
                copy = other.get(Folder.class, id);
                copy.items.size();
            }
            copy.name = name();
            folderRows.put(id, new FolderRow(copy.name, folderRows.get(id).parentId()));
            touched.add(id);
            StringBuilder what = new StringBuilder("merge detached graph of folder " + id);
            if (!copy.items.isEmpty()) {
                Item renamed = copy.items.get(random.nextInt(copy.items.size()));
                renamed.name = name();
                ItemRow row = itemRows.get(renamed.id);
                itemRows.put(renamed.id, new ItemRow(row.type(), renamed.name, id, row.extra()));
                what.append(", item ").append(renamed.id).append(" renamed");
                if (random.nextBoolean()) {
                    Item removed = copy.items.remove(random.nextInt(copy.items.size()));
                    itemRows.remove(removed.id);
                    what.append(", item ").append(removed.id).append(" removed");
                }
            }
            if (random.nextBoolean()) {
                Note n = new Note();
                n.id = nextId++;
                n.name = name();
                n.text = name();
                copy.items.add(n);
                itemRows.put(n.id, new ItemRow("note", n.name, id, n.text));
                what.append(", note ").append(n.id).append(" added");
            }
            log.add(what.toString());
            Folder merged = s.merge(copy);
            assertThat(merged).as("merge returns the session's instance").isSameAs(folder(id));
            assertThat(merged.items).extracting(i -> i.id).as("items of the merged %s", merged)
                    .containsExactlyInAnyOrderElementsOf(itemRows.entrySet().stream().filter(i -> i.getValue().folderId() == id).map(Map.Entry::getKey).toList());
        }

        /** The rows equal the model's. */
        private void assertRows(Tables now, String when) {
            assertThat(now.folders).as("folders %s", when).isEqualTo(folderRows);
            assertThat(now.buddies).as("buddies %s", when).isEqualTo(buddyRows);
            assertThat(now.reviewers).as("reviewers %s", when).isEqualTo(reviewers());
            assertThat(now.items).as("items %s", when).isEqualTo(itemRows);
            assertThat(now.labels).as("labels %s", when).isEqualTo(labelRows);
            assertThat(now.links).as("links %s", when).isEqualTo(linkRows);
        }

        /**
         * Flushes; then the rows in the session's transaction must be the model's (read through its
         * connection, on half the flushes only: that counts as a write of the application's, which
         * changes how a later failing flush is undone), and so must the session's instances.
         */
        private void flush() {
            log.add("flush");
            s.flush();
            if (random.nextBoolean()) {
                assertRows(new Tables(seed, s.connection()), "flushed");
            }
            checkSession();
        }

        /**
         * The session after a flush: one instance per row (the identity map's, in every loaded
         * collection), each with the model's values and relationships, and loaded collections
         * agreeing with the back-references. An instance deleted while pending, or by a bulk
         * delete, may stay in a loaded list (as in SQLAlchemy), out of the session.
         */
        private void checkSession() {
            for (Map.Entry<Integer, FolderRow> e : folderRows.entrySet()) {
                Folder f = folder(e.getKey());
                assertThat(new FolderRow(f.name, f.parent == null ? null : f.parent.id)).as("folder %s in the session", f).isEqualTo(e.getValue());
                assertThat(f.buddy == null ? null : f.buddy.id).as("buddy of %s in the session", f).isEqualTo(buddyRows.get(f.id));
                if (f.children instanceof PersistentList<?> p && p.isLoaded()) {
                    List<Folder> in = f.children.stream().filter(s::contains).toList();
                    for (Folder c : in) {
                        assertThat(s.get(Folder.class, c.id)).as("child %s of %s", c, f).isSameAs(c);
                        assertThat(c.parent).as("parent of %s, a child of %s", c, f).isSameAs(f);
                    }
                    assertThat(in).extracting(c -> c.id).as("children of %s in the session", f).containsExactlyInAnyOrderElementsOf(
                            folderRows.entrySet().stream().filter(c -> f.id.equals(c.getValue().parentId())).map(Map.Entry::getKey).toList());
                }
                if (f.items instanceof PersistentList<?> p && p.isLoaded()) {
                    List<Item> in = f.items.stream().filter(s::contains).toList();
                    for (Item i : in) {
                        assertThat(s.get(Item.class, i.id)).as("item %s of %s", i, f).isSameAs(i);
                        assertThat(i.folder).as("folder of %s, an item of %s", i, f).isSameAs(f);
                    }
                    assertThat(in).extracting(i -> i.id).as("items of %s in the session", f).containsExactlyInAnyOrderElementsOf(
                            itemRows.entrySet().stream().filter(i -> i.getValue().folderId().equals(f.id)).map(Map.Entry::getKey).toList());
                }
                if (f.labels instanceof PersistentList<?> p && p.isLoaded()) {
                    assertThat(f.labels.stream().filter(s::contains)).extracting(l -> l.id).as("labels of %s in the session", f).containsExactlyInAnyOrderElementsOf(
                            linkRows.stream().filter(l -> l.get(0).equals(f.id)).map(l -> l.get(1)).toList());
                }
            }
            for (Map.Entry<Integer, ItemRow> e : itemRows.entrySet()) {
                Item i = item(e.getKey());
                assertThat(i.folder == null ? null : i.folder.id).as("folder of %s in the session", i).isEqualTo(e.getValue().folderId());
                if (i instanceof Doc d) {
                    assertThat(d.reviewer == null ? null : d.reviewer.id).as("reviewer of %s in the session", d).isEqualTo(reviewers().get(d.id));
                }
                if (!unsynchronized.contains(i.id)) {
                    assertThat(i.name).as("name of %s in the session", i).isEqualTo(e.getValue().name());
                }
            }
        }

        private void commit() {
            log.add("commit");
            s.commit();
            Tables now = new Tables(seed);
            assertRows(now, "after commit");
            unsynchronized.clear();
            for (Map.Entry<Integer, Integer> e : now.versions.entrySet()) {
                FolderRow before = committed.folders.get(e.getKey());
                Integer was = committed.versions.get(e.getKey());
                if (before == null) {
                    // changed after a flush inserted it: bumped then
                    assertThat(e.getValue()).as("version of new folder %s", e.getKey()).isGreaterThanOrEqualTo(1);
                    if (!touched.contains(e.getKey())) {
                        assertThat(e.getValue()).as("version of new unchanged folder %s", e.getKey()).isEqualTo(1);
                    }
                } else if (!before.equals(folderRows.get(e.getKey()))) {
                    assertThat(e.getValue()).as("version of changed folder %s", e.getKey()).isGreaterThan(was);
                } else if (!touched.contains(e.getKey())) {
                    assertThat(e.getValue()).as("version of unchanged folder %s", e.getKey()).isEqualTo(was);
                }
            }
            committed = now;
            touched.clear();
            readBackInFreshSession();
            // loaded now: another session holding SQLite's shared in-memory database would wait on this one's writes
            detached = null;
            if (!folderRows.isEmpty()) {
                try (Session other = t.open()) {
                    detached = other.get(Folder.class, pick(folderRows.keySet()));
                }
            }
        }

        /** A fresh session loads the graph the model predicts: classes, parents, children, items, labels. */
        private void readBackInFreshSession() {
            try (Session fresh = t.open()) {
                for (Map.Entry<Integer, FolderRow> e : folderRows.entrySet()) {
                    Folder f = fresh.get(Folder.class, e.getKey());
                    assertThat(f.name).isEqualTo(e.getValue().name());
                    assertThat(f.parent == null ? null : f.parent.id).as("parent of %s", f).isEqualTo(e.getValue().parentId());
                    assertThat(f.buddy == null ? null : f.buddy.id).as("buddy of %s", f).isEqualTo(buddyRows.get(f.id));
                    assertThat(f.children).extracting(c -> c.id).as("children of %s", f)
                            .containsExactlyElementsOf(folderRows.entrySet().stream().filter(c -> Objects.equals(c.getValue().parentId(), f.id)).map(Map.Entry::getKey).toList());
                    assertThat(f.items).extracting(i -> i.id).as("items of %s", f)
                            .containsExactlyElementsOf(itemRows.entrySet().stream().filter(i -> i.getValue().folderId().equals(f.id)).map(Map.Entry::getKey).toList());
                    assertThat(f.labels).extracting(l -> l.id).as("labels of %s", f)
                            .containsExactlyInAnyOrderElementsOf(linkRows.stream().filter(l -> l.get(0).equals(f.id)).map(l -> l.get(1)).toList());
                    assertThat(f.version).isEqualTo(committed.versions.get(f.id));
                }
                for (Map.Entry<Integer, ItemRow> e : itemRows.entrySet()) {
                    Item i = fresh.get(Item.class, e.getKey());
                    assertThat(i).as("class of item %s", e.getKey()).isInstanceOf(e.getValue().type().equals("doc") ? Doc.class : Note.class);
                    assertThat(i instanceof Doc d ? (Object) d.pages : ((Note) i).text).isEqualTo(e.getValue().extra());
                    if (i instanceof Doc d) {
                        assertThat(d.reviewer == null ? null : d.reviewer.id).as("reviewer of %s", d).isEqualTo(reviewers().get(d.id));
                    }
                }
            }
        }

        /** Rolls back (after a flush, or not): the model is the committed state again, and so must the session be. */
        private void rollback(boolean flushFirst) {
            log.add(flushFirst ? "flush, rollback" : "rollback");
            if (flushFirst) {
                s.flush();
            }
            Set<Integer> created = new HashSet<>(folderRows.keySet());
            created.addAll(itemRows.keySet());
            created.addAll(labelRows.keySet());
            s.rollback();
            touched.clear();
            unsynchronized.clear();
            folderRows = new TreeMap<>(committed.folders);
            buddyRows = new TreeMap<>(committed.buddies);
            reviewerRows = new TreeMap<>(committed.reviewers);
            itemRows = new TreeMap<>(committed.items);
            labelRows = new TreeMap<>(committed.labels);
            linkRows = new TreeSet<>(UnitOfWorkGraphPropertyTest::compare);
            linkRows.addAll(committed.links);
            for (Map.Entry<Integer, FolderRow> e : folderRows.entrySet()) {
                Folder f = folder(e.getKey());
                assertThat(new FolderRow(f.name, f.parent == null ? null : f.parent.id)).as("folder %s after rollback", f.id).isEqualTo(e.getValue());
                assertThat(f.version).as("version of %s after rollback", f.id).isEqualTo(committed.versions.get(f.id));
                assertThat(f.buddy == null ? null : f.buddy.id).as("buddy of %s after rollback", f.id).isEqualTo(buddyRows.get(f.id));
                assertThat(f.labels).extracting(l -> l.id).as("labels of %s after rollback", f)
                        .containsExactlyInAnyOrderElementsOf(linkRows.stream().filter(l -> l.get(0).equals(f.id)).map(l -> l.get(1)).toList());
            }
            for (Map.Entry<Integer, ItemRow> e : itemRows.entrySet()) {
                Item i = item(e.getKey());
                assertThat(i.folder == null ? null : i.folder.id).as("folder of item %s after rollback", i.id).isEqualTo(e.getValue().folderId());
                assertThat(i.name).isEqualTo(e.getValue().name());
            }
            created.removeAll(folderRows.keySet());
            created.removeAll(itemRows.keySet());
            created.removeAll(labelRows.keySet());
            for (Integer id : created) {
                assertThat(s.get(Folder.class, id)).as("folder %s rolled back", id).isNull();
                assertThat(s.get(Item.class, id)).as("item %s rolled back", id).isNull();
                assertThat(s.get(Label.class, id)).as("label %s rolled back", id).isNull();
            }
        }
    }
}
