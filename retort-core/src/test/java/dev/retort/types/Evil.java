package dev.retort.types;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A serializable class outside every allow-list whose deserialization would be visible: Java
 * serialization runs the no-argument constructor of its first non-serializable superclass and
 * its {@code readObject}. Tests plant its bytes in a column and check neither ran.
 */
final class Evil extends EvilBase implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Constructor runs of the non-serializable superclass (deserialization runs it too). */
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();
    /** Runs of {@link #readObject}. */
    static final AtomicInteger READ = new AtomicInteger();

    private final String payload = "rm -rf /";

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        READ.incrementAndGet();
        in.defaultReadObject();
    }

    /** The plain Java serialization of {@code value}, as an attacker would write it; resets the counters. */
    static byte[] serialized(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CONSTRUCTED.set(0);
        READ.set(0);
        return bytes.toByteArray();
    }

    /** Whether any code of this class ran since {@link #serialized}. */
    static boolean ran() {
        return CONSTRUCTED.get() + READ.get() > 0;
    }

    @Override
    public String toString() {
        return "Evil(" + payload + ")";
    }
}

/** Not serializable: deserializing an {@link Evil} would run this constructor. */
class EvilBase {
    EvilBase() {
        Evil.CONSTRUCTED.incrementAndGet();
    }
}
