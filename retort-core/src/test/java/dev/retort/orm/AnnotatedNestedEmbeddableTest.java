package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Registry.map() of an @Embeddable nesting another, with @AttributeOverride of the nested columns ("geo.x"). */
class AnnotatedNestedEmbeddableTest {
    @Embeddable
    public static class Geo {
        Integer x;
        Integer y;

        public Geo() {
        }

        Geo(Integer x, Integer y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Geo g && Objects.equals(x, g.x) && Objects.equals(y, g.y);
        }

        @Override
        public int hashCode() {
            return Objects.hash(x, y);
        }
    }

    @Embeddable
    public static class Place {
        String city;
        @AttributeOverride(name = "y", column = @jakarta.persistence.Column(name = "geo_y")) Geo geo;

        public Place() {
        }

        Place(String city, Geo geo) {
            this.city = city;
            this.geo = geo;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Place p && Objects.equals(city, p.city) && Objects.equals(geo, p.geo);
        }

        @Override
        public int hashCode() {
            return Objects.hash(city, geo);
        }
    }

    @Entity
    public static class Site {
        @Id Integer id;
        @Embedded Place main;
        @AttributeOverride(name = "city", column = @jakarta.persistence.Column(name = "alt_city"))
        @AttributeOverride(name = "geo.x", column = @jakarta.persistence.Column(name = "alt_x"))
        @AttributeOverride(name = "geo.y", column = @jakarta.persistence.Column(name = "alt_y"))
        Place alt;

        public Site() {
        }
    }

    @Entity
    public static class Wrong {
        @Id Integer id;
        @AttributeOverride(name = "geo.z", column = @jakarta.persistence.Column(name = "z")) Place main;
    }

    @Entity
    public static class Listed {
        @Id Integer id;
        @ElementCollection List<Place> places = new ArrayList<>();
    }

    @Test
    void nestedColumnsNamedByTheirFieldOrOverride() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Site.class);
            Table sites = t.metadata.tables().get("Site");
            assertThat(sites.columns()).extracting(Column::name).containsExactly("id", "city", "x", "geo_y", "alt_city", "alt_x", "alt_y");
            assertThat(sites.columns()).extracting(Column::key)
                    .containsExactly("id", "main_city", "main_geo_x", "main_geo_y", "alt_city", "alt_geo_x", "alt_geo_y");
            assertThatThrownBy(() -> t.registry.map(Wrong.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Wrong.main @AttributeOverride names [geo.z], not fields of Place [city, geo.x, geo.y]");
            assertThatThrownBy(() -> t.registry.map(Listed.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Listed.places @ElementCollection: its elements' class Place nests another embeddable");
        }
    }

    @EachDatabase
    void nestedValuesLoadFlushAndCompare(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Site.class);
            t.start(db);
            try (Session s = t.open()) {
                Site a = new Site();
                a.id = 1;
                a.main = new Place("Oslo", new Geo(1, 2));
                Site b = new Site();
                b.id = 2;
                b.main = new Place("Rome", null);
                b.alt = new Place(null, new Geo(5, 6));
                s.add(a);
                s.add(b);
                s.commit();
            }
            try (Session s = t.open()) {
                Query<Site> q = s.query(Site.class).filter(ORM.attr(Site.class, "main").eq(new Place("Oslo", new Geo(1, 2))));
                Site a = q.one();
                assertThat(a.id).isEqualTo(1);
                assertThat(a.alt).as("all its columns NULL: no value").isNull();
                Site b = s.get(Site.class, 2);
                assertThat(b.main).isEqualTo(new Place("Rome", null));
                assertThat(b.alt).isEqualTo(new Place(null, new Geo(5, 6)));
                t.assertRoundTrips(List.of(q), s);
                t.take("");
                a.main.geo.y = 20;               // changed in place, two levels down
                b.alt.geo = null;
                s.commit();
                assertThat(t.take("UPDATE")).hasSize(2);
            }
            try (Session s = t.open()) {
                assertThat(s.get(Site.class, 1).main).isEqualTo(new Place("Oslo", new Geo(1, 20)));
                assertThat(s.get(Site.class, 2).alt).isNull();
            }
        }
    }
}
