package dev.retort.types;

import dev.retort.dialect.Dialect;
import java.util.List;

/**
 * A database type Retort does not model — PostgreSQL's {@code tsvector}, {@code money},
 * {@code cidr}, {@code point}, MySQL's {@code SET(...)}, {@code YEAR} — kept by the name the
 * database gave it, so that a reflected table can be created again: its DDL is that name on the
 * database family it came from ({@code "mysql"} covers MariaDB) and a {@code CompileException}
 * on any other. Values travel as the database's text for them unless a kind says otherwise.
 *
 * <pre>{@code
 * Column.of("fulltext", Types.named("postgresql", "tsvector"));
 * }</pre>
 *
 * @param <T> the Java type of values (String for text)
 */
public final class NamedType<T> extends KindedType<T> {
    private final String dialectName;
    private final String name;

    NamedType(String dialectName, String name, TypeKind kind) {
        super(kind);
        if (dialectName == null || name == null || name.isBlank() || kind == null) {
            throw new dev.retort.exc.ArgumentException("A named type needs a dialect, a name and a kind");
        }
        if (name.indexOf('\0') >= 0) {
            // Written into the SQL as it is, where the compiler marks parameter slots with NUL.
            throw new dev.retort.exc.ArgumentException("A named type's name cannot contain a NUL character: '" + name.replace("\0", "\\0") + "'");
        }
        this.dialectName = dialectName.equals("mariadb") ? "mysql" : dialectName;
        this.name = name;
    }

    /** The database family whose type this is: "postgresql", "mysql" (also MariaDB) or "sqlite". */
    public String dialectName() {
        return dialectName;
    }

    /** The type as the database writes it in DDL. */
    public String name() {
        return name;
    }

    /** Words, at most one list of numbers in parentheses, array brackets: {@code TIMESTAMP(3) WITH TIME ZONE}, {@code int4range[]}. */
    private static final java.util.regex.Pattern PLAIN_NAME = java.util.regex.Pattern.compile(
            // possessive throughout: each character is looked at once, however long the name
            "[A-Za-z_][A-Za-z0-9_.]*+(?: [A-Za-z_][A-Za-z0-9_.]*+)*+(?: ?\\( *+[0-9]++(?: *+, *+[0-9]++)*+ *+\\))?+(?: [A-Za-z_][A-Za-z0-9_.]*+)*+(?:\\[[0-9]*+\\])*+");

    /**
     * Whether the name is only a type's name ({@code tsvector}, {@code BIT VARYING(5)}): no
     * quotes, no other parentheses. Other names ({@code SET('a', 'b')}) are raw SQL as far as a
     * loaded query is concerned, since a {@code CAST} writes them as they are; loads that refuse
     * raw SQL refuse them.
     */
    public boolean isPlainName() {
        return name.length() <= 256 && PLAIN_NAME.matcher(name).matches();
    }

    /** Whether this is a type of {@code dialect}'s database family. */
    public boolean belongsTo(Dialect dialect) {
        String d = dialect.name().equals("mariadb") ? "mysql" : dialect.name();
        return d.equals(dialectName);
    }

    @Override
    public String visitName() {
        return name;
    }

    @Override
    public List<Object> typeArguments() {
        return List.of(dialectName, kind.name());
    }
}
