package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Codecs;
import dev.retort.ext.serializer.ValueCodec;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registry.map() of a @Converter(autoApply = true): every attribute of its type converted, unless it names a converter of its own. */
class AnnotatedAutoApplyConverterTest {
    /** A value type with no column type of its own. */
    public record Code(String value) {
    }

    @Converter(autoApply = true)
    public static class CodeAsText implements AttributeConverter<Code, String> {
        @Override
        public String convertToDatabaseColumn(Code c) {
            return c == null ? null : c.value();
        }

        @Override
        public Code convertToEntityAttribute(String s) {
            return s == null ? null : new Code(s);
        }
    }

    /** Named where it applies: it wins over the auto-applied one. */
    @Converter
    public static class CodeAsLength implements AttributeConverter<Code, Integer> {
        @Override
        public Integer convertToDatabaseColumn(Code c) {
            return c == null ? null : c.value().length();
        }

        @Override
        public Code convertToEntityAttribute(Integer n) {
            return n == null ? null : new Code("x".repeat(n));
        }
    }

    @Converter(autoApply = true)
    public static class OtherCodeAsText extends CodeAsText {
    }

    @Embeddable
    public static class Labelled {
        @jakarta.persistence.Column(name = "label_code") Code code;

        public Labelled() {
        }
    }

    @Entity
    public static class Item {
        @Id @GeneratedValue Integer id;
        @jakarta.persistence.Column(length = 12) Code code;
        @Convert(converter = CodeAsLength.class) Code size;
        @Embedded Labelled label;
        @ElementCollection List<Code> aliases = new ArrayList<>();

        public Item() {
        }
    }

    @Test
    void everyAttributeOfItsTypeUnlessOneNamesItsOwn() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(CodeAsText.class, Item.class);
            Table items = t.metadata.tables().get("Item");
            assertThat(items.c("code").type()).isInstanceOf(ConvertedType.class);
            assertThat(items.c("code").type().compile()).isEqualTo("VARCHAR(12)");
            assertThat(items.c("size").type().compile()).isEqualTo("INTEGER");
            assertThat(items.c("label_code").type().compile()).isEqualTo("VARCHAR(255)");
            assertThat(t.metadata.tables().get("Item_aliases").c("aliases").type()).isInstanceOf(ConvertedType.class);
            assertThat(items.c("id").type()).isEqualTo(Types.INTEGER);
        }
    }

    @Entity @Convert(converter = CodeAsText.class, attributeName = "code")
    public static class ConvertOnClass {
        @Id Integer id;
        Code code;
    }

    @Entity
    public static class ConvertByName {
        @Id Integer id;
        @Convert(converter = CodeAsText.class, attributeName = "code") @Embedded Labelled label;
    }

    @Test
    void refusedWhenNotAutoAppliedOrAmbiguous() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            assertThatThrownBy(() -> t.registry.map(ConvertOnClass.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining(ConvertOnClass.class.getName() + " has @Convert on the class");
            assertThatThrownBy(() -> t.registry.map(ConvertByName.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("ConvertByName.label @Convert(attributeName = ...)");
        }
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            assertThatThrownBy(() -> t.registry.map(CodeAsLength.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining(CodeAsLength.class.getName() + " is a @Converter without autoApply = true");
            assertThatThrownBy(() -> t.registry.map(CodeAsText.class, OtherCodeAsText.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("are both @Converter(autoApply = true) for " + Code.class.getName());
        }
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            assertThatThrownBy(() -> t.registry.map(Item.class)).as("without the converter: no column type").isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Item.code is a " + Code.class.getName());
        }
    }

    @EachDatabase
    void convertedBothWaysAndInQueries(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(CodeAsText.class);
            t.registry.map(Item.class);   // a converter registered by an earlier call applies too
            t.start(db);
            int id;
            try (Session s = t.open()) {
                Item i = new Item();
                i.code = new Code("A-1");
                i.size = new Code("abc");
                i.label = new Labelled();
                i.label.code = new Code("L");
                i.aliases.add(new Code("first"));
                s.add(i);
                s.commit();
                id = i.id;
            }
            try (Session s = t.open()) {
                Query<Item> q = s.query(Item.class).filter(ORM.attr(Item.class, "code").eq(new Code("A-1")));
                Item i = q.one();
                assertThat(i.id).isEqualTo(id);
                assertThat(i.size).isEqualTo(new Code("xxx"));
                assertThat(i.label.code).isEqualTo(new Code("L"));
                assertThat(i.aliases).containsExactly(new Code("first"));
                // The query's Code value goes by a codec of the test's (as any application class's value does).
                Codecs.register(ValueCodec.of("test-autoapply-code", Code.class, Code::value, Code::new));
                try {
                    t.assertRoundTrips(List.of(q), s);
                } finally {
                    Codecs.unregister("test-autoapply-code");
                }
                i.code = new Code("B-2");
                s.commit();
            }
            try (Session s = t.open()) {
                assertThat(s.query(Item.class).filter(ORM.attr(Item.class, "code").eq(new Code("B-2"))).one().id).isEqualTo(id);
            }
        }
    }
}
