package dev.retort.cli;

import dev.retort.exc.SerializationException;
import dev.retort.ext.serializer.LoadOptions;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.SchemaItem;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.types.Types;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A query that {@code QuerySerializer.dumps} wrote to a file, in either protocol: the tables and
 * columns it refers to, and the statement loaded against a {@link MetaData}.
 *
 * <pre>{@code
 * SavedQuery q = SavedQuery.read(Path.of("report.rq"));
 * q.references();                          // {users=[name, id], orders=[qty, user_id]}
 * ClauseElement stmt = q.load(q.standIn()); // compiles anywhere, without a database
 * }</pre>
 */
final class SavedQuery {
    private final Path file;
    private final byte[] data;
    private final Protocol protocol;
    private final Map<String, List<String>> references;

    private SavedQuery(Path file, byte[] data, Protocol protocol, Map<String, List<String>> references) {
        this.file = file;
        this.data = data;
        this.protocol = protocol;
        this.references = references;
    }

    /** The largest file read unless told otherwise: 16 MiB, the serializer's own default limit. */
    static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

    /** Reads a dumped query of at most {@link #DEFAULT_MAX_BYTES}; a file that is not one raises {@link SerializationException}. */
    static SavedQuery read(Path file) {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /** Reads a dumped query, refusing a file larger than {@code maxBytes} before reading it. */
    static SavedQuery read(Path file, long maxBytes) {
        byte[] data;
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new SerializationException(file + " is " + size + " bytes, more than the " + maxBytes + " accepted (--max-bytes)");
            }
            // Read no more than the limit allows even if the file grew since its size was taken.
            data = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (data.length > maxBytes) {
                throw new SerializationException(file + " grew beyond the " + maxBytes + " bytes accepted (--max-bytes) while it was read");
            }
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("Cannot read " + file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        Protocol protocol = QuerySerializer.protocolOf(data);
        if (protocol == null) {
            throw new SerializationException(file + " is not a query dumped by QuerySerializer: it starts with neither the binary format's magic number nor a JSON object");
        }
        return new SavedQuery(file, data, protocol, QuerySerializer.references(data).tables());
    }

    /** A MetaData of the referenced tables and columns only, typed NULL: enough to load and compile the query anywhere. */
    MetaData standIn() {
        return standIn(references);
    }

    private static MetaData standIn(Map<String, List<String>> refs) {
        MetaData md = new MetaData();
        refs.forEach((key, columns) -> {
            SchemaItem[] items = columns.stream().map(c -> Column.of(c, Types.NULLTYPE)).toArray(SchemaItem[]::new);
            int dot = key.lastIndexOf('.');
            if (dot < 0) {
                new Table(key, md, items);
            } else {
                new Table(key.substring(dot + 1), key.substring(0, dot), md, items);
            }
        });
        return md;
    }

    /** The statement, its tables and columns re-bound to those of {@code metadata}. */
    ClauseElement load(MetaData metadata) {
        return load(metadata, LoadOptions.DEFAULTS);
    }

    /** The statement loaded with {@code options} (which may refuse raw SQL), re-bound to {@code metadata}. */
    ClauseElement load(MetaData metadata, LoadOptions options) {
        return (ClauseElement) QuerySerializer.with(options).read(data, metadata);
    }

    /** The tables it refers to by key ({@code "name"} or {@code "schema.name"}), each with the keys of the columns it refers to. */
    Map<String, List<String>> references() {
        return references;
    }

    Path file() {
        return file;
    }

    Protocol protocol() {
        return protocol;
    }

    int size() {
        return data.length;
    }
}
