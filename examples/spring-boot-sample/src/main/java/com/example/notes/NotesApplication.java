package com.example.notes;

import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Keeps notes in a SQLite file with Retort, in Spring-managed transactions. The starter gives
 * an {@link Engine} on Spring Boot's DataSource; {@link Notes} uses it in {@code @Transactional}
 * methods next to a {@code JdbcTemplate}.
 */
@SpringBootApplication
public class NotesApplication {

    /** The schema, declared once. */
    public record Schema(MetaData metadata, Table notes) {
    }

    @Bean
    public Schema schema() {
        MetaData metadata = new MetaData();
        Table notes = new Table("notes", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("body", Types.string(200)).nullable(false),
                Column.of("tag", Types.string(20)));
        return new Schema(metadata, notes);
    }

    @Bean
    public CommandLineRunner demo(Engine engine, Schema schema, Notes notes) {
        return args -> {
            schema.metadata().createAll(engine);
            notes.add("buy milk", "home");
            try {
                notes.addTwoThenFail("never saved", "neither this one");
            } catch (IllegalStateException e) {
                System.out.println("rolled back: " + e.getMessage());
            }
            notes.byTag("home").forEach(body -> System.out.println("note: " + body));
            System.out.println(notes.count() + " notes");
        };
    }

    public static void main(String[] args) {
        SpringApplication.run(NotesApplication.class, args);
    }
}
