package dev.retort.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

class TypeSourceTest {
    /**
     * MySQL reflection keeps a column's own spelling (a collation other than the table's,
     * UNSIGNED, ...) as the type's variant; the generated column must keep it, or a diff of the
     * generated model against the database asks to change the column (a VARCHAR's character set).
     */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aReflectedVariantIsKeptByName() {
        TypeEngine collated = ((TypeEngine) Types.string(40)).withVariant(Types.named("mysql", "varchar(40) CHARACTER SET latin1 COLLATE latin1_bin",
                TypeKind.STRING), "mysql");
        assertThat(TypeSource.expression(collated, Dialects.mariadb())).isEqualTo("Types.string(40).withVariant(Types.named(\"mysql\", "
                + "\"varchar(40) CHARACTER SET latin1 COLLATE latin1_bin\", Types.string(40)), \"mysql\")");
        assertThat(TypeSource.javaType(collated, Dialects.mariadb())).isEqualTo("String");
        // what the generated source calls: a named type with the values of the generic one
        assertThat(Types.named("mysql", "int(10) unsigned", Types.BIGINT).javaType()).isEqualTo(Long.class);
        assertThat(Types.named("mariadb", "int(10) unsigned", Types.BIGINT).dialectName()).isEqualTo("mysql");
        // a variant that is no named type of the same values is named by the whole type's DDL, as before
        TypeEngine other = ((TypeEngine) Types.string(40)).withVariant(Types.named("mysql", "year", TypeKind.SMALLINT), "mysql");
        assertThat(TypeSource.expression(other, Dialects.mariadb())).isEqualTo("Types.named(\"mariadb\", \"year\", dev.retort.types.TypeKind.STRING)");
        assertThat(TypeSource.expression(Types.string(40), Dialects.mariadb())).isEqualTo("Types.string(40)");
    }

    /**
     * An enum's VARCHAR options and an array's dimensions are part of the type: before, a model's
     * {@code nativeEnum(false)} enum was generated as a native one and {@code INTEGER[][]} as {@code INTEGER[]}.
     */
    @Test
    void enumVarcharOptionsAndArrayDimensionsAreGenerated() {
        assertThat(TypeSource.expression(Types.enumOf("status", "new", "done").nativeEnum(false).length(20).createConstraint(true), Dialects.postgresql()))
                .isEqualTo("Types.enumOf(\"status\", \"new\", \"done\").nativeEnum(false).length(20).createConstraint(true)");
        assertThat(TypeSource.expression(Types.enumOf("open", "a").nativeEnum(false).length(null), Dialects.postgresql()))
                .isEqualTo("Types.enumOf(\"open\", \"a\").nativeEnum(false).length(null)");
        assertThat(TypeSource.expression(Types.enumOf("plain", "a"), Dialects.postgresql())).isEqualTo("Types.enumOf(\"plain\", \"a\")");
        assertThat(TypeSource.expression(Types.array(Types.INTEGER).dimensions(2).zeroIndexes(true), Dialects.postgresql()))
                .isEqualTo("Types.array(Types.INTEGER).dimensions(2).zeroIndexes(true)");
    }
}
