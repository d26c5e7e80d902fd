package dev.dendrite.recommend;

import dev.dendrite.data.DataException;
import dev.dendrite.data.Excerpt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code user,item[,rating][,timestamp]} rows: comma-separated (MovieLens
 * {@code ratings.csv}), tab-separated ({@code u.data}) or {@code ::}-separated
 * ({@code ratings.dat}), the separator taken from the first row. A header is
 * recognised when its third or fourth field is not a number, or its first two
 * name users and items; ids may be any text. Ratings and timestamps must be
 * finite numbers. With a threshold, only rows rated at least that count.
 * Malformed rows are a {@link DataException} naming the file and line. Blank
 * lines are skipped.
 */
public final class InteractionReader {

    /** Reading options: the rating threshold (NaN for none) and whether the first row is a header (null: guess). */
    public record Options(float threshold, Boolean header) {
        public static Options defaults() {
            return new Options(Float.NaN, null);
        }
    }

    private InteractionReader() {
    }

    public static Interactions read(Path path) {
        return read(path, Options.defaults());
    }

    public static Interactions read(Path path, Options options) {
        String src = path.toString();
        if (Files.isDirectory(path)) {
            throw new DataException(src + ": is a folder, expected an interaction file (user,item[,rating][,timestamp])");
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
            return parse(in, src, options);
        } catch (CharacterCodingException e) {
            throw new DataException(src + ": not UTF-8 text, expected an interaction file");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException(src + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Interactions parse(BufferedReader in, String src, Options options) throws IOException {
        IdMap users = new IdMap();
        IdMap items = new IdMap();
        Map<Long, Integer> pairAt = new HashMap<>();
        Grow g = new Grow();
        String sep = null;
        int width = -1;
        int lineNo = 0;
        int dataRows = 0;
        boolean filtered = !Float.isNaN(options.threshold());
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            if (sep == null) {
                sep = line.contains("\t") ? "\t" : line.contains("::") ? "::" : ",";
                String[] f = split(line, sep);
                width = f.length;
                if (width < 2 || width > 4) {
                    throw new DataException(src + " line " + lineNo + ": " + width + (width == 1 ? " column" : " columns")
                            + ", expected user,item[,rating][,timestamp]");
                }
                if (filtered && width < 3) {
                    throw new DataException(src + " line " + lineNo + ": a rating threshold needs a rating column, "
                            + "found only user,item");
                }
                boolean header = options.header() != null ? options.header() : looksLikeHeader(f);
                if (header) {
                    continue;
                }
            }
            String[] f = split(line, sep);
            if (f.length != width) {
                throw new DataException(src + " line " + lineNo + ": " + f.length
                        + (f.length == 1 ? " column" : " columns") + ", expected " + width);
            }
            String u = f[0].trim();
            String i = f[1].trim();
            if (u.isEmpty() || i.isEmpty()) {
                throw new DataException(src + " line " + lineNo + ": empty " + (u.isEmpty() ? "user" : "item")
                        + " id, expected an id");
            }
            float r = width >= 3 ? number(f[2], src, lineNo, 3, "rating") : Float.NaN;
            double t = width >= 4 ? time(f[3], src, lineNo) : lineNo;
            dataRows++;
            if (filtered && !(r >= options.threshold())) {
                continue;
            }
            int ui = users.add(u);
            int ii = items.add(i);
            long key = ((long) ui << 32) | ii;
            Integer at = pairAt.get(key);
            if (at == null) {
                pairAt.put(key, g.size);
                g.add(ui, ii, t, r);
            } else if (t >= g.time[at]) {
                g.time[at] = t; // a repeated pair counts once, at its latest time
                g.rating[at] = r;
            }
        }
        if (lineNo == 0 || sep == null) {
            throw new DataException(src + ": empty file, expected user,item[,rating][,timestamp] rows");
        }
        if (dataRows == 0) {
            throw new DataException(src + ": no interaction rows after the header (line 1)");
        }
        if (g.size == 0) {
            throw new DataException(src + ": no row is rated at least " + fmt(options.threshold())
                    + " (the rating threshold)");
        }
        return new Interactions(users, items, java.util.Arrays.copyOf(g.user, g.size),
                java.util.Arrays.copyOf(g.item, g.size), java.util.Arrays.copyOf(g.time, g.size),
                java.util.Arrays.copyOf(g.rating, g.size));
    }

    private static String fmt(float v) {
        return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
    }

    private static boolean looksLikeHeader(String[] f) {
        for (int c = 2; c < f.length; c++) {
            if (!isNumber(f[c])) {
                return true;
            }
        }
        String a = f[0].trim().toLowerCase(Locale.ROOT);
        String b = f[1].trim().toLowerCase(Locale.ROOT);
        return a.contains("user") && (b.contains("item") || b.contains("movie"));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static float number(String s, String src, int line, int column, String what) {
        String t = s.trim();
        float v;
        try {
            v = Float.parseFloat(t);
        } catch (NumberFormatException e) {
            throw new DataException(src + " line " + line + " column " + column + ": \"" + Excerpt.of(t)
                    + "\" is not a number, expected a " + what);
        }
        if (!Float.isFinite(v)) {
            throw new DataException(src + " line " + line + " column " + column + ": " + t
                    + " is not a finite number, expected a " + what);
        }
        return v;
    }

    private static double time(String s, String src, int line) {
        String t = s.trim();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new DataException(src + " line " + line + " column 4: \"" + Excerpt.of(t)
                    + "\" is not a number, expected a timestamp");
        }
        if (!Double.isFinite(v)) {
            throw new DataException(src + " line " + line + " column 4: " + t
                    + " is not a finite number, expected a timestamp");
        }
        return v;
    }

    private static String[] split(String line, String sep) {
        return line.split(java.util.regex.Pattern.quote(sep), -1);
    }

    /** Growable columns. */
    private static final class Grow {
        int[] user = new int[1024];
        int[] item = new int[1024];
        double[] time = new double[1024];
        float[] rating = new float[1024];
        int size;

        void add(int u, int i, double t, float r) {
            if (size == user.length) {
                int n = size * 2;
                user = java.util.Arrays.copyOf(user, n);
                item = java.util.Arrays.copyOf(item, n);
                time = java.util.Arrays.copyOf(time, n);
                rating = java.util.Arrays.copyOf(rating, n);
            }
            user[size] = u;
            item[size] = i;
            time[size] = t;
            rating[size] = r;
            size++;
        }
    }
}
