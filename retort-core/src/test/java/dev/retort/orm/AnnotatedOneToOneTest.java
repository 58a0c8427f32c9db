package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.retort.sql.SQL.select;

import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.ext.serializer.Codecs;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.ext.serializer.ValueCodec;
import dev.retort.exc.SerializationException;
import dev.retort.schema.MetaData;
import dev.retort.sql.BinaryExpression;
import dev.retort.sql.BindParameter;
import dev.retort.sql.Select;
import dev.retort.types.Types;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registry.map() of @OneToOne (both sides), @Enumerated (STRING, ORDINAL, the default) and @Convert. */
class AnnotatedOneToOneTest {
    enum Status { ACTIVE, RETIRED }

    enum Level { LOW, MID, HIGH }

    /** Stores a boolean as Hibernate's YesNoConverter does. */
    public static final class YesNo implements AttributeConverter<Boolean, String> {
        @Override
        public String convertToDatabaseColumn(Boolean b) {
            return b ? "Y" : "N";
        }

        @Override
        public Boolean convertToEntityAttribute(String s) {
            return s.equals("Y");
        }
    }

    /** A value class of the application's own, stored as cents. */
    record Money(long cents) {
    }

    static final class MoneyConverter implements AttributeConverter<Money, Long> {
        @Override
        public Long convertToDatabaseColumn(Money m) {
            return m.cents();
        }

        @Override
        public Money convertToEntityAttribute(Long cents) {
            return new Money(cents);
        }
    }

    @Entity
    public static class Citizen {
        @Id @GeneratedValue Integer id;
        String name;
        @Enumerated(EnumType.STRING) Status status;
        @Enumerated(EnumType.ORDINAL) Level level;
        Level clearance;
        @Convert(converter = YesNo.class) boolean vip;
        @Convert(converter = MoneyConverter.class) Money balance;
        @OneToOne(mappedBy = "holder", cascade = CascadeType.ALL, orphanRemoval = true) Passport passport;

        public Citizen() {
        }

        Citizen(String name) {
            this.name = name;
        }
    }

    @Entity
    public static class Passport {
        @Id @GeneratedValue Integer id;
        String number;
        @OneToOne(optional = false) @JoinColumn(name = "holder_id") Citizen holder;

        public Passport() {
        }

        Passport(String number) {
            this.number = number;
        }
    }

    /** Owning side only: the reference, without a field on the other side. */
    @Entity
    public static class Seat {
        @Id @GeneratedValue Integer id;
        @OneToOne Citizen occupant;

        public Seat() {
        }
    }

    /** {@code q} dumped and loaded: the converted columns' types come back as those the mapping made; the values by the test's codecs. */
    private static void roundTrips(Query<Citizen> q, OrmTestDatabase t, Session s) {
        Codecs.register(ValueCodec.ofEnum("test-o2o-status", Status.class));
        Codecs.register(ValueCodec.ofEnum("test-o2o-level", Level.class));
        Codecs.register(ValueCodec.of("test-o2o-money", Money.class, m -> Long.toString(m.cents()), c -> new Money(Long.parseLong(c))));
        try {
            t.assertRoundTrips(List.of(q), s);
        } finally {
            Codecs.unregister("test-o2o-status");
            Codecs.unregister("test-o2o-level");
            Codecs.unregister("test-o2o-money");
        }
    }

    @Test
    void tablesAsHibernateMakesThem() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Citizen.class, Passport.class, Seat.class);
            Table citizens = t.metadata.tables().get("Citizen");
            Table passports = t.metadata.tables().get("Passport");
            Column<?> holder = passports.c("holder_id");
            assertThat(holder.isNullable()).isFalse();
            assertThat(holder.isUnique()).isTrue();
            assertThat(holder.foreignKeys()).hasSize(1);
            assertThat(t.metadata.tables().get("Seat").c("occupant_id").isNullable()).isTrue();
            assertThat(citizens.c("status").type()).isInstanceOf(dev.retort.types.EnumType.class);
            assertThat(citizens.c("status").type().compile()).isEqualTo("VARCHAR(255)");
            assertThat(citizens.c("level").type().kind()).isEqualTo(dev.retort.types.TypeKind.SMALLINT);
            assertThat(citizens.c("clearance").type()).as("JPA's default is ORDINAL").isEqualTo(citizens.c("level").type());
            assertThat(citizens.c("vip").type().kind()).isEqualTo(dev.retort.types.TypeKind.STRING);
            assertThat(citizens.c("vip").isNullable()).isFalse();
            assertThat(citizens.c("balance").type().kind()).isEqualTo(dev.retort.types.TypeKind.BIGINT);
            assertThat(citizens.columns()).extracting(Column::name).doesNotContain("passport");
        }
    }

    static final class Builder implements AttributeConverter<String, StringBuilder> {
        @Override
        public StringBuilder convertToDatabaseColumn(String s) {
            return new StringBuilder(s);
        }

        @Override
        public String convertToEntityAttribute(StringBuilder b) {
            return b.toString();
        }
    }

    @Entity
    public static class Bad {
        @Id Integer id;
        @Convert(converter = Builder.class) String name;

        public Bad() {
        }
    }

    /**
     * A converted type comes back from the loading MetaData's columns: the very type its mapping
     * made there, and from no other registry's mapping in the JVM.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aConvertedTypeLoadsOnlyFromAMetaDataThatMappedIt() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Citizen.class, Passport.class, Seat.class);
            Column<Boolean> vip = (Column<Boolean>) t.metadata.tables().get("Citizen").c("vip");
            byte[] data = QuerySerializer.dumps(select(vip).where(vip.eq(true)));
            Select back = (Select) QuerySerializer.loads(data, t.metadata);
            BindParameter<?> b = (BindParameter<?>) ((BinaryExpression<?>) back.whereCriteria().get(0)).getChildren().get(1);
            assertThat(b.type()).isSameAs(vip.type());

            MetaData unmapped = new MetaData();
            new Table("Citizen", unmapped, Column.of("id", Types.INTEGER).primaryKey(), Column.of("vip", Types.STRING));
            assertThatThrownBy(() -> QuerySerializer.loads(data, unmapped))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(YesNo.class.getName());
        }
    }

    @Test
    void aConverterMustBeOne() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            assertThatThrownBy(() -> t.registry.map(Bad.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Bad.name @Convert(converter = Builder.class)").hasMessageContaining("java.lang.StringBuilder has no column type");
        }
    }

    @EachDatabase
    void oneToOneEnumsAndConvertersRoundTrip(Databases.Database db) {
        Engine engine = db.engine();
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Citizen.class, Passport.class);
            t.start(engine);
            int id;
            try (Session s = t.open()) {
                Citizen ann = new Citizen("ann");
                ann.status = Status.RETIRED;
                ann.level = Level.HIGH;
                ann.clearance = Level.MID;
                ann.vip = true;
                ann.balance = new Money(1234);
                ann.passport = new Passport("P-1");
                s.add(ann);
                assertThat(ann.passport.holder).as("the backref, once in the session").isSameAs(ann);
                Citizen bob = new Citizen("bob");
                bob.status = Status.ACTIVE;
                bob.balance = new Money(5);
                s.add(bob);
                s.commit();
                id = ann.id;
            }
            try (Session s = t.open()) {
                Citizen ann = s.get(Citizen.class, id);
                assertThat(ann.status).isEqualTo(Status.RETIRED);
                assertThat(ann.level).isEqualTo(Level.HIGH);
                assertThat(ann.clearance).isEqualTo(Level.MID);
                assertThat(ann.vip).isTrue();
                assertThat(ann.balance).isEqualTo(new Money(1234));
                assertThat(ann.passport).as("the inverse side loads with its instance").isNotNull();
                assertThat(ann.passport.number).isEqualTo("P-1");
                assertThat(ann.passport.holder).isSameAs(ann);
                Citizen bob = s.query(Citizen.class).filter(ORM.attr(Citizen.class, "name").eq("bob")).one();
                assertThat(bob.passport).isNull();
                assertThat(bob.vip).isFalse();

                Query<Citizen> q = s.query(Citizen.class).filter(ORM.attr(Citizen.class, "status").eq(Status.RETIRED),
                        ORM.attr(Citizen.class, "level").eq(Level.HIGH), ORM.attr(Citizen.class, "vip").eq(true),
                        ORM.attr(Citizen.class, "balance").gt(new Money(1000)));
                assertThat(q.all()).containsExactly(ann);
                roundTrips(q, t, s);
                assertThat(s.query(Citizen.class).filter(ORM.attr(Citizen.class, "passport").has(ORM.attr(Passport.class, "number").eq("P-1"))).all())
                        .containsExactly(ann);
                assertThatThrownBy(() -> ORM.attr(Citizen.class, "passport").any()).isInstanceOf(ArgumentException.class).hasMessageContaining("use has()");

                // Replacing the inverse side's value: the orphan goes, the new one refers to its holder.
                ann.passport = null;
                s.flush();
                ann.passport = new Passport("P-2");
                ann.status = Status.ACTIVE;
                s.commit();
                assertThat(ann.passport.holder).isSameAs(ann);
            }
            try (Session s = t.open()) {
                Citizen ann = s.get(Citizen.class, id);
                assertThat(ann.passport.number).isEqualTo("P-2");
                assertThat(ann.status).isEqualTo(Status.ACTIVE);
                assertThat(s.query(Passport.class).all()).hasSize(1);
                // The owning side moves it: the inverse side follows.
                Passport p = ann.passport;
                Citizen bob = s.query(Citizen.class).filter(ORM.attr(Citizen.class, "name").eq("bob")).one();
                ann.passport = null;
                bob.passport = p;
                s.commit();
                assertThat(p.holder).isSameAs(bob);
            }
            t.take("");
            try (Session s = t.open()) {
                Citizen bob = s.query(Citizen.class).options(ORM.joinedLoad(ORM.attr(Citizen.class, "passport")))
                        .filter(ORM.attr(Citizen.class, "name").eq("bob")).one();
                assertThat(bob.passport.number).as("joined").isEqualTo("P-2");
                assertThat(t.take("SELECT")).hasSize(1);
            }
            try (Session s = t.open()) {
                assertThat(s.get(Citizen.class, id).passport).isNull();
                assertThat(s.query(Passport.class).one().holder.name).isEqualTo("bob");
            }
        }
    }
}
