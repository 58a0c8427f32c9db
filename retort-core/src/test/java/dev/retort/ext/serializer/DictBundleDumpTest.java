package dev.retort.ext.serializer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.SerializationException;
import dev.retort.orm.ORM;
import org.junit.jupiter.api.Test;

/** A dict bundle is refused by the serializer with a message about bundles (it named loader criteria for java.util.Map). */
class DictBundleDumpTest {
    @Test
    void aDictBundleIsRefusedAsABundle() {
        java.util.Objects.requireNonNull(OrmConstructsGenerator.REGISTRY, "the generator's classes mapped");
        var q = ORM.select(ORM.dictBundle("m", ORM.attr(OrmConstructsGenerator.CkEdge.class, "id"), ORM.attr(OrmConstructsGenerator.CkEdge.class, "name")));
        for (Protocol p : Protocol.values()) {
            assertThatThrownBy(() -> QuerySerializer.dumps(q, p)).isInstanceOf(SerializationException.class)
                    .hasMessage("Cannot serialize a bundle making maps (ORM.dictBundle); dump a bundle of rows (ORM.bundle) instead");
        }
    }
}
