package dev.smtpprobe.examples.cli;

import java.util.Collection;
import java.util.Map;

/**
 * Writes a JSON text (RFC 8259) from plain Java values: {@link Map} (string keys, in the map's order) as an object,
 * {@link Collection} as an array, {@link CharSequence} as a string, {@link Boolean}, integral {@link Number}s and
 * finite doubles, and {@code null}. Pretty-printed with two spaces.
 *
 * <p>Strings are escaped per RFC 8259 §7: quotation mark, reverse solidus and every control character below U+0020;
 * and, so that the output is plain ASCII whatever the console's charset, every character above U+007E as a
 * {@code \}{@code uXXXX} escape (a lone surrogate, which has no UTF-8 form, is escaped the same way).
 */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder();

    private JsonWriter() {}

    /**
     * The JSON text of {@code value}.
     *
     * @throws IllegalArgumentException for a value of another type, a non-string key, NaN or an infinity
     */
    static String write(Object value) {
        var w = new JsonWriter();
        w.value(value, 0);
        return w.out.toString();
    }

    private void value(Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence s) {
            string(s);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no NaN or infinity");
            }
            out.append(d);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Map<?, ?> map) {
            object(map, depth);
        } else if (value instanceof Collection<?> list) {
            array(list, depth);
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private void object(Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys are strings, not " + e.getKey());
            }
            out.append(first ? "" : ",");
            first = false;
            newline(depth + 1);
            string(key);
            out.append(": ");
            value(e.getValue(), depth + 1);
        }
        newline(depth);
        out.append('}');
    }

    private void array(Collection<?> list, int depth) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        boolean first = true;
        for (Object item : list) {
            out.append(first ? "" : ",");
            first = false;
            newline(depth + 1);
            value(item, depth + 1);
        }
        newline(depth);
        out.append(']');
    }

    private void newline(int depth) {
        out.append('\n');
        out.append("  ".repeat(depth));
    }

    private void string(CharSequence s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
