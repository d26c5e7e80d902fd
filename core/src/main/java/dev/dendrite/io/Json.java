package dev.dendrite.io;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and writer for model specs and history
 * files. Values map to plain Java types: objects are {@code LinkedHashMap<String, Object>}
 * (key order kept), arrays are {@code List<Object>}, strings, booleans, {@code null},
 * and numbers are {@code Long} when written without fraction or exponent and fitting
 * in a long, {@code Double} otherwise. The reader rejects everything outside the
 * grammar (comments, trailing commas, leading zeros, {@code NaN}, duplicate keys,
 * unpaired surrogates, trailing content) and enforces a maximum nesting depth and
 * input length; its errors are {@link IllegalArgumentException}s naming the
 * character offset. The writer emits doubles with {@link Double#toString(double)},
 * the shortest decimal that reads back to the same bits, and refuses NaN and
 * infinities, which JSON cannot represent.
 */
public final class Json {

    /** Default maximum nesting of arrays and objects, for reading and writing. */
    public static final int MAX_DEPTH = 64;

    /** Default maximum input length in characters (16 Mi). */
    public static final int MAX_LENGTH = 16 * 1024 * 1024;

    private Json() {
    }

    /** Parses one JSON value with the default limits. */
    public static Object parse(String text) {
        return parse(text, MAX_DEPTH, MAX_LENGTH);
    }

    /**
     * Parses one JSON value, refusing input longer than {@code maxLength} characters
     * or nested deeper than {@code maxDepth} arrays and objects.
     */
    public static Object parse(String text, int maxDepth, int maxLength) {
        return new JsonReader(text, maxDepth, maxLength).document();
    }

    /** Parses a JSON document whose top level must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("invalid JSON: expected an object at the top level, found "
                    + describe(value));
        }
        return (Map<String, Object>) value;
    }

    /**
     * Writes {@code value} on one line without spaces. Accepted: {@code null},
     * {@code Boolean}, {@code CharSequence}, {@code Character}, integral boxed numbers,
     * finite {@code Float} and {@code Double}, {@code Map} with string keys, {@code Iterable},
     * {@code Object[]}, and {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}.
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        new Writer(out, false).value(value, 0);
        return out.toString();
    }

    /**
     * Writes {@code value} indented by two spaces per level, one object member per
     * line; arrays holding only scalars stay on one line so number series read well.
     */
    public static String writePretty(Object value) {
        StringBuilder out = new StringBuilder();
        new Writer(out, true).value(value, 0);
        return out.toString();
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    /** The writer: recursive, with the same depth cap as the reader so cycles fail cleanly. */
    private record Writer(StringBuilder out, boolean pretty) {

        void value(Object v, int depth) {
            // An if-chain, not a pattern switch: the core library compiles for Java 17.
            if (v == null) {
                out.append("null");
            } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer
                    || v instanceof Short || v instanceof Byte) {
                out.append(v);
            } else if (v instanceof CharSequence s) {
                string(s);
            } else if (v instanceof Character c) {
                string(String.valueOf(c));
            } else if (v instanceof Double d) {
                real(d, Double.toString(d));
            } else if (v instanceof Float f) {
                // Float.toString is the shortest decimal for the float; read back as a
                // double and narrowed, it yields the same float bits.
                real(f, Float.toString(f));
            } else if (v instanceof Map<?, ?> m) {
                object(m, depth + 1);
            } else if (v instanceof Iterable<?> it) {
                array(it.iterator(), depth + 1);
            } else if (v instanceof Object[] a) {
                array(List.of(a).iterator(), depth + 1);
            } else if (v instanceof float[] a) {
                array(boxed(a).iterator(), depth + 1);
            } else if (v instanceof double[] a) {
                array(java.util.Arrays.stream(a).boxed().iterator(), depth + 1);
            } else if (v instanceof int[] a) {
                array(java.util.Arrays.stream(a).boxed().iterator(), depth + 1);
            } else if (v instanceof long[] a) {
                array(java.util.Arrays.stream(a).boxed().iterator(), depth + 1);
            } else {
                throw new IllegalArgumentException("Json.write: cannot write a " + v.getClass().getName());
            }
        }

        private static List<Float> boxed(float[] a) {
            Float[] b = new Float[a.length];
            for (int i = 0; i < a.length; i++) {
                b[i] = a[i];
            }
            return java.util.Arrays.asList(b);
        }

        private void real(double d, String text) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("Json.write: " + d + " cannot be written in JSON");
            }
            out.append(text);
        }

        private void checkDepth(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("Json.write: nesting deeper than " + MAX_DEPTH
                        + " (is the value cyclic?)");
            }
        }

        private void object(Map<?, ?> m, int depth) {
            checkDepth(depth);
            if (m.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("Json.write: object keys must be strings, found "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                newline(depth);
                string(key);
                out.append(pretty ? ": " : ":");
                value(e.getValue(), depth);
            }
            newline(depth - 1);
            out.append('}');
        }

        private void array(Iterator<?> it, int depth) {
            checkDepth(depth);
            if (!it.hasNext()) {
                out.append("[]");
                return;
            }
            // Collect once so we know whether the elements are all scalars (one line).
            List<Object> items = new java.util.ArrayList<>();
            it.forEachRemaining(items::add);
            boolean inline = !pretty || items.stream().noneMatch(x -> x instanceof Map || x instanceof Iterable
                    || x instanceof Object[] || (x != null && x.getClass().isArray()));
            out.append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.append(',');
                    if (pretty && inline) {
                        out.append(' ');
                    }
                }
                if (!inline) {
                    newline(depth);
                }
                value(items.get(i), depth);
            }
            if (!inline) {
                newline(depth - 1);
            }
            out.append(']');
        }

        private void newline(int depth) {
            if (pretty) {
                out.append('\n').append("  ".repeat(depth));
            }
        }

        private void string(CharSequence s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                                && Character.isLowSurrogate(s.charAt(i + 1))) {
                            out.append(c).append(s.charAt(++i));
                        } else if (Character.isSurrogate(c)) {
                            // Would not survive UTF-8 encoding, and our reader refuses it.
                            throw new IllegalArgumentException("Json.write: string has an unpaired surrogate at index "
                                    + i);
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
