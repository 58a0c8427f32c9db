package dev.retort.migrate;

import dev.retort.exc.ArgumentException;

/**
 * A model file ({@link ModelFile}) that cannot be read: not JSON, beyond a limit, or not a model.
 * {@link #path()} names the offending thing, as a JSON path ({@code $.tables[2].columns[0].type}).
 *
 * <pre>{@code
 * try {
 *     ModelFile.read(Path.of("model.json"));
 * } catch (ModelFileException e) {
 *     System.err.println(e.path() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public final class ModelFileException extends ArgumentException {
    private final String path;

    ModelFileException(String path, String message) {
        super("Model file, at " + path + ": " + message);
        this.path = path;
    }

    ModelFileException(String path, String message, Throwable cause) {
        super("Model file, at " + path + ": " + message, cause);
        this.path = path;
    }

    /** Where in the file: a JSON path, {@code $} for the whole. */
    public String path() {
        return path;
    }
}
