package dev.retort.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * jackson-databind is an optional dependency: on a class path without it (Retort and
 * jackson-core only, in a class loader of their own), the Java pickler works and asking for a
 * JSON pickler says what is missing.
 */
class PicklersWithoutDatabindTest {
    /** Runs in the class loader without databind; called there by reflection. */
    public static final class Probe {
        public static Object roundTrip(Object value) {
            ObjectPickler<Object> p = Picklers.java();
            return p.loads(p.dumps(value, 2));
        }

        public static RuntimeException json() {
            try {
                Picklers.json(Map.class);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }
    }

    @Test
    void theJavaPicklerWorksAndJsonNamesTheMissingDependency() throws Exception {
        URL[] path = {
            Picklers.class.getProtectionDomain().getCodeSource().getLocation(),
            Probe.class.getProtectionDomain().getCodeSource().getLocation(),
            TypeReference.class.getProtectionDomain().getCodeSource().getLocation()};
        try (URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
            assertThat(catchThrowableOfType(ClassNotFoundException.class, () -> loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper"))).isNotNull();
            Class<?> probe = loader.loadClass(Probe.class.getName());
            assertThat(probe.getMethod("roundTrip", Object.class).invoke(null, List.of("a"))).isEqualTo(List.of("a"));
            Object failure = probe.getMethod("json").invoke(null);
            assertThat(failure.getClass().getName()).isEqualTo("dev.retort.exc.ArgumentException");
            assertThat((Throwable) failure).hasMessageContaining("com.fasterxml.jackson.core:jackson-databind");
        }
    }
}
