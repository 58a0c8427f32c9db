package dev.retort.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.retort.engine.Row;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;

/** How {@code retort run} prints rows. Each writes the rows and returns how many it wrote. */
enum RowFormat {
    /** Aligned columns under a header, numbers to the right, NULL spelled out, and a row count: for people. */
    TABLE {
        @Override
        int write(List<String> keys, Iterable<Row> rows, PrintWriter out) {
            List<List<String>> cells = new ArrayList<>();
            int[] width = keys.stream().mapToInt(String::length).toArray();
            boolean[] numeric = new boolean[keys.size()];
            Arrays.fill(numeric, true);
            for (Row row : rows) {
                List<String> line = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    Object v = row.get(i);
                    numeric[i] &= v == null || v instanceof Number;
                    String text = v == null ? "NULL" : text(v);
                    width[i] = Math.max(width[i], text.length());
                    line.add(text);
                }
                cells.add(line);
            }
            out.println(line(keys, width, new boolean[keys.size()]));
            StringJoiner rule = new StringJoiner("-+-", "-", "-");
            for (int w : width) {
                rule.add("-".repeat(w));
            }
            out.println(rule);
            for (List<String> line : cells) {
                out.println(line(line, width, numeric));
            }
            out.println("(" + cells.size() + (cells.size() == 1 ? " row)" : " rows)"));
            return cells.size();
        }

        private String line(List<String> cells, int[] width, boolean[] right) {
            StringJoiner j = new StringJoiner(" | ", " ", " ");
            for (int i = 0; i < cells.size(); i++) {
                String pad = " ".repeat(width[i] - cells.get(i).length());
                j.add(right[i] ? pad + cells.get(i) : cells.get(i) + pad);
            }
            return j.toString().stripTrailing();
        }
    },
    /** RFC 4180: a header line, fields quoted where they need it, NULL as an empty field. */
    CSV {
        @Override
        int write(List<String> keys, Iterable<Row> rows, PrintWriter out) {
            out.print(record(keys) + "\r\n");
            int n = 0;
            for (Row row : rows) {
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    fields.add(row.get(i) == null ? "" : text(row.get(i)));
                }
                out.print(record(fields) + "\r\n");
                n++;
            }
            return n;
        }

        private String record(List<String> fields) {
            StringJoiner j = new StringJoiner(",");
            for (String f : fields) {
                boolean quote = f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r");
                j.add(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
            }
            return j.toString();
        }
    },
    /** An array of objects keyed by column; bytes in base64, dates and times as ISO text. */
    JSON {
        @Override
        int write(List<String> keys, Iterable<Row> rows, PrintWriter out) {
            int n = 0;
            try (JsonGenerator g = Json.generator(out, true)) {
                g.writeStartArray();
                for (Row row : rows) {
                    g.writeStartObject();
                    for (int i = 0; i < keys.size(); i++) {
                        g.writeFieldName(keys.get(i));
                        Json.value(g, row.get(i));
                    }
                    g.writeEndObject();
                    n++;
                }
                g.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println();
            return n;
        }
    };

    abstract int write(List<String> keys, Iterable<Row> rows, PrintWriter out);

    /** A value as text: bytes in hexadecimal ({@code 0x00ff}), anything else as itself. */
    static String text(Object v) {
        return v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : v.toString();
    }
}
