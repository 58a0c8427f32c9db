package dev.retort.ext.serializer;

import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Select;
import dev.retort.types.Types;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JavaStreamTest {
    final MetaData md = new MetaData();
    final Table users = new Table("users", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.STRING));

    /** An application object holding a statement. */
    public static final class SavedSearch implements Serializable {
        private static final long serialVersionUID = 1L;
        final String title;
        final Select query;
        final List<String> tags;

        SavedSearch(String title, Select query, List<String> tags) {
            this.title = title;
            this.query = query;
            this.tags = tags;
        }
    }

    /** A class whose deserialization has a visible effect: it must never run. */
    public static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger RAN = new AtomicInteger();

        private void readObject(ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            RAN.incrementAndGet();
            in.defaultReadObject();
        }
    }

    static byte[] write(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Serializer out = new Serializer(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @Test
    void statementsInsideAnObjectGraphAreReboundOnRead() throws Exception {
        Select q = select(users.c("name")).where(users.c("id").gt(3));
        byte[] data = write(new SavedSearch("big ids", q, List.of("a", "b")));
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(data), md, engine, SavedSearch.class.getName())) {
            SavedSearch back = (SavedSearch) in.readObject();
            assertThat(back.title).isEqualTo("big ids");
            assertThat(back.tags).containsExactly("a", "b");
            assertThat(back.query.compare(q)).isTrue();
            assertThat(back.query.columns().get(0)).isSameAs(users.c("name"));
            assertThat(in.getEngine()).isSameAs(engine);
        } finally {
            engine.dispose();
        }
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(write(q)), md)) {
            assertThat(((Select) in.readObject()).compare(q)).isTrue();
        }
    }

    @Test
    void aForeignClassIsRejectedBeforeItRuns() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(List.of(new Gadget()));
        }
        int before = Gadget.RAN.get();
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(bytes.toByteArray()), md)) {
            assertThatThrownBy(in::readObject).isInstanceOf(InvalidClassException.class).hasMessageContaining("REJECTED");
        }
        assertThat(Gadget.RAN.get()).isEqualTo(before);
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(write(new SavedSearch("x", null, List.of()))), md)) {
            assertThatThrownBy(in::readObject).as("application classes need an explicit pattern").isInstanceOf(InvalidClassException.class);
        }
    }
}
