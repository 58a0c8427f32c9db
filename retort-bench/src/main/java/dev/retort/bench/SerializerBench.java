package dev.retort.bench;

import dev.retort.ext.serializer.Deserializer;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.ext.serializer.Serializer;
import dev.retort.sql.Select;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The query serializer on the mid-size SELECT (three tables joined, four conditions including an
 * IN list and a LIKE, ORDER BY, LIMIT): dumps and loads in both protocols, and the java.io path
 * ({@code Serializer}/{@code Deserializer}) for comparison. Sizes are printed at set-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SerializerBench {
    Select query;
    byte[] binary;
    byte[] json;
    byte[] javaStream;

    @Setup
    public void setUp() throws IOException {
        query = Shop.midSelect(30, List.of("new", "paid", "shipped"), "user1%", 2);
        binary = QuerySerializer.dumps(query);
        json = QuerySerializer.dumps(query, Protocol.JSON);
        javaStream = javaDumps();
        System.err.printf("%nsizes of the mid-size select: binary %d bytes, JSON %d bytes, java.io stream %d bytes%n",
                binary.length, json.length, javaStream.length);
    }

    @Benchmark
    public byte[] s1_dumpsBinary() {
        return QuerySerializer.dumps(query);
    }

    @Benchmark
    public Object s2_loadsBinary() {
        return QuerySerializer.loads(binary, Shop.META);
    }

    @Benchmark
    public byte[] s3_dumpsJson() {
        return QuerySerializer.dumps(query, Protocol.JSON);
    }

    @Benchmark
    public Object s4_loadsJson() {
        return QuerySerializer.loads(json, Shop.META);
    }

    @Benchmark
    public Object s5_javaStreamRoundTrip() throws IOException, ClassNotFoundException {
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(javaDumps()), Shop.META)) {
            return in.readObject();
        }
    }

    private byte[] javaDumps() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (Serializer out = new Serializer(bytes)) {
            out.writeObject(query);
        }
        return bytes.toByteArray();
    }
}
