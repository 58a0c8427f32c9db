package dev.retort.dialect;

import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A column type as written in DDL, such as {@code VARCHAR(50)} or {@code decimal(10,2) unsigned}:
 * its name (upper case, arguments and modifiers removed), its arguments, and whether it is
 * unsigned. The inspectors of databases that report declared types parse them with it.
 */
record DeclaredType(String name, List<String> args, boolean unsigned) {
    DeclaredType {
        args = List.copyOf(args);
    }

    static DeclaredType parse(String declared) {
        String s = declared == null ? "" : declared.trim();
        List<String> args = new ArrayList<>();
        int open = s.indexOf('(');
        int close = s.lastIndexOf(')');
        if (open >= 0 && close > open) {
            for (String a : s.substring(open + 1, close).split(",")) {
                args.add(a.trim());
            }
            s = s.substring(0, open) + " " + s.substring(close + 1);
        }
        String name = s.toUpperCase(Locale.ROOT).replace("ZEROFILL", "").trim().replaceAll("\\s+", " ");
        boolean unsigned = name.endsWith(" UNSIGNED");
        return new DeclaredType(unsigned ? name.substring(0, name.length() - " UNSIGNED".length()) : name, args, unsigned);
    }

    /** The i-th argument as a number, or null when there is none or it is not a number. */
    Integer intArg(int i) {
        if (i >= args.size()) {
            return null;
        }
        try {
            return Integer.valueOf(args.get(i));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code VARCHAR(n)}: a string of that length, or of no length. */
    TypeEngine<?> string() {
        Integer length = intArg(0);
        return length != null && length > 0 ? Types.string(length) : Types.STRING;
    }

    /** {@code NUMERIC(p, s)}: with that precision and scale (0 when left out), or without. */
    TypeEngine<?> numeric() {
        Integer precision = intArg(0);
        Integer scale = intArg(1);
        return precision != null && precision > 0 ? Types.numeric(precision, scale == null ? 0 : scale) : Types.NUMERIC;
    }
}
