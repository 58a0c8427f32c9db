package dev.retort.conformance;

import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import java.util.List;

/**
 * A ported test's own type written in DDL as a fixed spelling (the suite tree's {@code
 * ["col_spec", spelling]}): SQLAlchemy's {@code UserDefinedType} whose {@code get_col_spec()}
 * returns {@code "UTYPEONE"}. A direct {@link TypeEngine} subclass, which the dialects name by
 * its {@link #visitName()}; values pass through as objects.
 */
final class ColSpecType extends TypeEngine<Object> {
    private final String spelling;

    ColSpecType(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public Class<Object> javaType() {
        return Object.class;
    }

    @Override
    public String visitName() {
        return spelling;
    }

    @Override
    public List<Object> typeArguments() {
        return List.of(spelling);
    }

    @Override
    public TypeKind kind() {
        return TypeKind.NULL;
    }
}
