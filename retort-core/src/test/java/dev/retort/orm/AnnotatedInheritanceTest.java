package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.TypeKind;
import jakarta.persistence.DiscriminatorColumn;
import jakarta.persistence.DiscriminatorType;
import jakarta.persistence.DiscriminatorValue;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PrimaryKeyJoinColumn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Registry.map() of entity hierarchies: {@code @Inheritance} (JOINED, SINGLE_TABLE, the
 * default), {@code @DiscriminatorColumn}, {@code @DiscriminatorValue},
 * {@code @PrimaryKeyJoinColumn}; API.md §8's {@code map(Author, Tag, Employee, Manager)}.
 */
class AnnotatedInheritanceTest {
    @Entity
    public static class Author {
        @Id @GeneratedValue Long id;
        String name;
        @ManyToMany
        @JoinTable(name = "author_tags", joinColumns = @JoinColumn(name = "author_id"), inverseJoinColumns = @JoinColumn(name = "tag_id"))
        @OrderBy("name")
        List<Tag> tags = new ArrayList<>();

        public Author() {
        }

        Author(String name) {
            this.name = name;
        }
    }

    @Entity
    public static class Tag {
        @Id @GeneratedValue Long id;
        String name;
        @ManyToMany(mappedBy = "tags") List<Author> authors = new ArrayList<>();

        public Tag() {
        }

        Tag(String name) {
            this.name = name;
        }
    }

    @Entity
    @jakarta.persistence.Table(name = "employees")
    @Inheritance(strategy = InheritanceType.JOINED)
    @DiscriminatorColumn(name = "kind", length = 20)
    @DiscriminatorValue("employee")
    public static class Employee {
        @Id @GeneratedValue Long id;
        String name;

        public Employee() {
        }

        Employee(String name) {
            this.name = name;
        }
    }

    @Entity
    @jakarta.persistence.Table(name = "managers")
    @PrimaryKeyJoinColumn(name = "employee_id")
    @DiscriminatorValue("manager")
    public static class Manager extends Employee {
        Integer budget;
        @ManyToOne Tag focus;

        public Manager() {
        }

        Manager(String name, int budget, Tag focus) {
            super(name);
            this.budget = budget;
            this.focus = focus;
        }
    }

    /** Neither @Inheritance nor @DiscriminatorColumn: single table, DTYPE, entity names. */
    @Entity
    @jakarta.persistence.Table(name = "vehicles")
    public static class Vehicle {
        @Id @GeneratedValue Integer id;
        String make;

        public Vehicle() {
        }

        Vehicle(String make) {
            this.make = make;
        }
    }

    @Entity
    public static class Car extends Vehicle {
        Integer seats;

        public Car() {
        }

        Car(String make, int seats) {
            super(make);
            this.seats = seats;
        }
    }

    @Entity
    @DiscriminatorValue("T")
    public static class Truck extends Vehicle {
        @jakarta.persistence.Column(nullable = false) Integer payload;
        @ManyToOne Depot depot;

        public Truck() {
        }

        Truck(String make, int payload) {
            super(make);
            this.payload = payload;
        }
    }

    /** Refers to a single-table subclass, whose join column is in the root's table. */
    @Entity
    public static class Depot {
        @Id @GeneratedValue Integer id;
        String city;
        @OneToMany(mappedBy = "depot") @OrderBy("make") List<Truck> trucks = new ArrayList<>();

        public Depot() {
        }

        Depot(String city) {
            this.city = city;
        }
    }

    /** Single table; its subclasses share two columns: {@code grade}, each under a field of its own, and {@code desk_id}. */
    @Entity
    @jakarta.persistence.Table(name = "staff")
    public static class Staff {
        @Id @GeneratedValue Integer id;
        String name;

        public Staff() {
        }

        Staff(String name) {
            this.name = name;
        }
    }

    @Entity
    public static class Coder extends Staff {
        @jakarta.persistence.Column(name = "grade") Integer coderGrade;
        @ManyToOne @JoinColumn(name = "desk_id") Desk desk;

        public Coder() {
        }

        Coder(String name, int grade, Desk desk) {
            super(name);
            this.coderGrade = grade;
            this.desk = desk;
        }
    }

    @Entity
    public static class Boss extends Staff {
        @jakarta.persistence.Column(name = "grade") Integer bossGrade;
        @ManyToOne @JoinColumn(name = "desk_id") Desk desk;

        public Boss() {
        }

        Boss(String name, int grade, Desk desk) {
            super(name);
            this.bossGrade = grade;
            this.desk = desk;
        }
    }

    @Entity
    public static class Desk {
        @Id @GeneratedValue Integer id;
        String room;

        public Desk() {
        }

        Desk(String room) {
            this.room = room;
        }
    }

    /** A sibling of Coder and Boss whose {@code grade} is text. */
    @Entity
    public static class Intern extends Staff {
        @jakarta.persistence.Column(name = "grade") String internGrade;
    }

    @Entity
    @Inheritance(strategy = InheritanceType.TABLE_PER_CLASS)
    public static class Shape {
        @Id Integer id;
    }

    @Entity
    public static class Circle extends Shape {
        Double radius;
    }

    @Entity
    @DiscriminatorColumn(name = "type", discriminatorType = DiscriminatorType.INTEGER)
    @DiscriminatorValue("1")
    public static class Account {
        @Id Integer id;
    }

    @Entity
    @DiscriminatorValue("2")
    public static class Savings extends Account {
        Double rate;
    }

    @Entity
    public static class Checking extends Account {
        Double limit;
    }

    @EachDatabase
    void theApiLineMapsAManyToManyAndAJoinedHierarchy(Databases.Database db) {
        MetaData metadata = new MetaData();
        Registry registry = null;
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            Engine engine = scratch.engine();
            try {
                registry = new Registry(metadata);
                registry.map(Author.class, Tag.class, Employee.class, Manager.class);
                assertThat(metadata.tables().keySet()).containsExactlyInAnyOrder("Author", "Tag", "author_tags", "employees", "managers");
                Table managers = metadata.tables().get("managers");
                assertThat(managers.columns()).extracting(Column::name).containsExactly("employee_id", "budget", "focus_id");
                assertThat(managers.primaryKeyColumns()).extracting(Column::name).containsExactly("employee_id");
                assertThat(managers.foreignKeyList()).anySatisfy(fk -> {
                    assertThat(fk.parent().name()).isEqualTo("employee_id");
                    assertThat(fk.column()).isSameAs(metadata.tables().get("employees").c("id"));
                });
                assertThat(metadata.tables().get("employees").columns()).extracting(Column::name).containsExactly("id", "name", "kind");
                assertThat(ORM.mapper(Manager.class).inherits()).isSameAs(ORM.mapper(Employee.class));
                metadata.createAll(engine);

                long maxId;
                long annId;
                try (Session s = SessionFactory.of(engine).open()) {
                    Tag java = new Tag("java");
                    Tag sql = new Tag("sql");
                    Author ann = new Author("ann");
                    ann.tags.add(sql);
                    ann.tags.add(java);
                    Manager max = new Manager("max", 100, sql);
                    s.add(ann);
                    s.add(new Employee("eve"));
                    s.add(max);
                    s.commit();
                    maxId = max.id;
                    annId = ann.id;
                }
                try (Connection c = engine.connect()) {
                    Table employees = metadata.tables().get("employees");
                    assertThat(c.execute(SQL.select(employees.c("name"), employees.c("kind")).orderBy(employees.c("name"))).all())
                            .extracting(r -> r.get(0) + ":" + r.get(1)).containsExactly("eve:employee", "max:manager");
                    assertThat(c.execute(SQL.select(managers.c("employee_id"))).scalar()).extracting(v -> ((Number) v).longValue()).isEqualTo(maxId);
                }
                try (Session s = SessionFactory.of(engine).open()) {
                    List<Employee> all = s.query(Employee.class).orderBy(ORM.attr(Employee.class, "name")).all();
                    assertThat(all).extracting(e -> e.getClass().getSimpleName() + ":" + e.name).containsExactly("Employee:eve", "Manager:max");
                    Manager max = (Manager) all.get(1);
                    assertThat(max.budget).isEqualTo(100);
                    assertThat(max.focus.name).isEqualTo("sql");
                    assertThat(s.get(Employee.class, maxId)).isSameAs(max);
                    assertThat(s.query(Manager.class).all()).containsExactly(max);
                    Author ann = s.get(Author.class, annId);
                    assertThat(ann.tags).extracting(t -> t.name).containsExactly("java", "sql");
                    assertThat(ann.tags.get(1)).isSameAs(max.focus);
                    assertThat(max.focus.authors).containsExactly(ann);
                    max.budget = 120;
                    s.commit();
                }
                try (Session s = SessionFactory.of(engine).open()) {
                    assertThat(((Manager) s.get(Employee.class, maxId)).budget).isEqualTo(120);
                }
            } finally {
                if (registry != null) {
                    registry.dispose();
                }
                metadata.dropAll(engine);
            }
        }
    }

    @EachDatabase
    void singleTableIsTheDefaultWithDtypeAndEntityNames(Databases.Database db) {
        Engine engine = db.engine();
        try (OrmTestDatabase fixture = new OrmTestDatabase().suffixingMappedTables()) {
            fixture.registry.map(Truck.class, Depot.class, Car.class, Vehicle.class);   // subclasses first: mapped after their superclass anyway
            assertThat(fixture.metadata.tables().keySet()).containsExactlyInAnyOrder("vehicles" + fixture.suffix, "Depot" + fixture.suffix);
            Table vehicles = fixture.metadata.tables().get("vehicles" + fixture.suffix);
            assertThat(vehicles.columns()).extracting(Column::name).containsExactlyInAnyOrder("id", "make", "DTYPE", "seats", "payload", "depot_id");
            assertThat(vehicles.c("DTYPE").isNullable()).isFalse();
            assertThat(vehicles.c("payload").isNullable()).as("a single-table subclass's column holds NULL in other classes' rows").isTrue();
            assertThat(ORM.mapper(Truck.class).polymorphicIdentity()).isEqualTo("T");
            fixture.start(engine);
            try (Session s = SessionFactory.of(engine).open()) {
                s.add(new Vehicle("bike"));
                s.add(new Car("fiat", 4));
                Depot depot = new Depot("oslo");
                depot.trucks.add(new Truck("volvo", 20));
                depot.trucks.add(new Truck("scania", 30));
                s.add(depot);
                s.commit();
            }
            try (Connection c = engine.connect()) {
                assertThat(c.execute(SQL.select(vehicles.c("make"), vehicles.c("DTYPE")).orderBy(vehicles.c("make"))).all())
                        .extracting(r -> r.get(0) + ":" + r.get(1)).containsExactly("bike:Vehicle", "fiat:Car", "scania:T", "volvo:T");
            }
            try (Session s = SessionFactory.of(engine).open()) {
                List<Vehicle> all = s.query(Vehicle.class).orderBy(ORM.attr(Vehicle.class, "make")).all();
                assertThat(all).extracting(v -> v.getClass().getSimpleName()).containsExactly("Vehicle", "Car", "Truck", "Truck");
                assertThat(((Car) all.get(1)).seats).isEqualTo(4);
                Truck volvo = (Truck) all.get(3);
                assertThat(volvo.payload).isEqualTo(20);
                assertThat(s.query(Car.class).all()).containsExactly((Car) all.get(1));
                assertThat(volvo.depot.city).isEqualTo("oslo");
                assertThat(volvo.depot.trucks).containsExactly((Truck) all.get(2), volvo);
            }
        }
    }

    @EachDatabase
    void singleTableSubclassesShareAColumnOfOneNameEachUnderItsOwnField(Databases.Database db) {
        Engine engine = db.engine();
        try (OrmTestDatabase fixture = new OrmTestDatabase().suffixingMappedTables()) {
            fixture.registry.map(Staff.class, Coder.class, Boss.class, Desk.class);
            Table staff = fixture.metadata.tables().get("staff" + fixture.suffix);
            assertThat(staff.columns()).extracting(Column::name).containsExactly("id", "name", "DTYPE", "grade", "desk_id");
            Column<?> grade = staff.columns().get(3);
            fixture.start(engine);
            int[] ids;
            try (Session s = SessionFactory.of(engine).open()) {
                Desk d1 = new Desk("r1");
                Desk d2 = new Desk("r2");
                Coder wally = new Coder("wally", 3, d1);
                Boss mary = new Boss("mary", 7, d2);
                s.addAll(List.of(wally, mary));
                s.commit();
                ids = new int[] {wally.id, mary.id, d1.id};
            }
            assertThat(fixture.take("INSERT INTO staff")).as("the shared columns written once")
                    .isNotEmpty().allMatch(sql -> sql.contains(", grade, desk_id) VALUES") && sql.indexOf("grade") == sql.lastIndexOf("grade"));
            try (Session s = SessionFactory.of(engine).open()) {
                List<Staff> all = s.query(Staff.class).orderBy(ORM.attr(Staff.class, "name")).all();
                assertThat(all).extracting(x -> x.getClass().getSimpleName()).containsExactly("Boss", "Coder");
                Boss mary = (Boss) all.get(0);
                Coder wally = (Coder) all.get(1);
                assertThat(mary.bossGrade).isEqualTo(7);
                assertThat(wally.coderGrade).isEqualTo(3);
                assertThat(mary.desk.room).isEqualTo("r2");
                assertThat(s.query(Coder.class).filter(ORM.attr(Coder.class, "coderGrade").eq(3)).all()).containsExactly(wally);
                mary.bossGrade = 8;
                mary.desk = s.get(Desk.class, ids[2]);
                fixture.take("");
                s.commit();
                assertThat(fixture.take("UPDATE")).containsExactly("UPDATE staff SET grade=?, desk_id=? WHERE staff.id = ?");
            }
            try (Connection c = engine.connect()) {
                assertThat(c.execute(SQL.select(grade, staff.c("desk_id")).orderBy(staff.c("id"))).all())
                        .extracting(r -> ((Number) r.get(0)).intValue() + ":" + ((Number) r.get(1)).intValue()).containsExactly("3:" + ids[2], "8:" + ids[2]);
            }
        }
    }

    @Test
    void siblingsSharingAColumnGiveItOneType() {
        MetaData metadata = new MetaData();
        Registry registry = new Registry(metadata);
        try {
            assertThatThrownBy(() -> registry.map(Staff.class, Coder.class, Intern.class, Desk.class))
                    .isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Intern maps column 'grade'").hasMessageContaining("Coder maps it as");
        } finally {
            registry.dispose();
        }
    }

    @Test
    void tablePerClassIsRefusedNamingTheClass() {
        MetaData metadata = new MetaData();
        Registry registry = new Registry(metadata);
        try {
            assertThatThrownBy(() -> registry.map(Circle.class, Shape.class))
                    .isInstanceOf(ArgumentException.class)
                    .hasMessageContaining(Shape.class.getName())
                    .hasMessageContaining("TABLE_PER_CLASS");
            assertThat(metadata.tables()).as("nothing half-mapped").isEmpty();
        } finally {
            registry.dispose();
        }
    }

    @Test
    void aJoinedSubclassMapsInALaterCallOnlyUnderADeclaredHierarchy() {
        MetaData metadata = new MetaData();
        Registry registry = new Registry(metadata);
        try {
            assertThatThrownBy(() -> registry.map(Manager.class))
                    .isInstanceOf(ArgumentException.class)
                    .hasMessageContaining(Manager.class.getName() + " extends the entity " + Employee.class.getName());
            registry.map(Employee.class);          // @Inheritance: a discriminator column although no subclass is mapped yet
            registry.map(Manager.class);
            assertThat(ORM.mapper(Manager.class).inherits()).isSameAs(ORM.mapper(Employee.class));
            assertThat(metadata.tables().get("managers").c("employee_id").foreignKeys()).isNotEmpty();
            registry.map(Vehicle.class);           // no annotation and no subclass given: not a hierarchy
            assertThatThrownBy(() -> registry.map(Car.class))
                    .isInstanceOf(ArgumentException.class)
                    .hasMessageContaining(Car.class.getName())
                    .hasMessageContaining("same call");
        } finally {
            registry.dispose();
        }
    }

    @Test
    void anIntegerDiscriminatorTakesTheValuesAsIntegersAndNeedsThemGiven() {
        MetaData metadata = new MetaData();
        Registry registry = new Registry(metadata);
        try {
            assertThatThrownBy(() -> registry.map(Account.class, Savings.class, Checking.class))
                    .isInstanceOf(ArgumentException.class)
                    .hasMessageContaining(Checking.class.getName())
                    .hasMessageContaining("@DiscriminatorValue");
            registry.map(Account.class, Savings.class);
            assertThat(ORM.mapper(Account.class).polymorphicOn().type().kind()).isEqualTo(TypeKind.INTEGER);
            assertThat(ORM.mapper(Account.class).polymorphicIdentity()).isEqualTo(1);
            assertThat(ORM.mapper(Savings.class).polymorphicIdentity()).isEqualTo(2);
        } finally {
            registry.dispose();
        }
    }
}
