package dev.retort.orm.scanned;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** A value type of this package that {@link Note} holds: stored as text by its auto-applied converter, which scan() finds. */
public record Stamp(String text) {
    /** Found by Registry.scan(...) with the entities. */
    @Converter(autoApply = true)
    public static class AsText implements AttributeConverter<Stamp, String> {
        @Override
        public String convertToDatabaseColumn(Stamp s) {
            return s == null ? null : s.text();
        }

        @Override
        public Stamp convertToEntityAttribute(String text) {
            return text == null ? null : new Stamp(text);
        }
    }
}
