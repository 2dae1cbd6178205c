package dev.smtpprobe.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The IANA SMTP Enhanced Status Codes registry, loaded once from {@code enhanced-status-codes.tsv}. */
public final class EnhancedStatusRegistry {

    /** A registered {@code X.subject.detail} code. */
    record Entry(String title, String basicCodes, String classes, String reference, String description) {}

    private static final String RESOURCE = "/dev/smtpprobe/enhanced-status-codes.tsv";
    private static final Map<Integer, String> CLASSES = new HashMap<>();
    private static final Map<Integer, String> SUBJECTS = new HashMap<>();
    private static final Map<String, Entry> DETAILS = new HashMap<>();

    static {
        try (InputStream in = EnhancedStatusRegistry.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                load(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EnhancedStatusRegistry() {}

    private static void load(String line) {
        if (line.isBlank() || line.startsWith("#")) {
            return;
        }
        String[] f = line.split("\t");
        switch (f[0]) {
            case "class" -> CLASSES.put(Integer.parseInt(f[1]), f[2]);
            case "subject" -> SUBJECTS.put(Integer.parseInt(f[1]), f[2]);
            case "detail" -> DETAILS.put(f[1].substring(2), new Entry(f[2], f[3], f[4], f[5], f[6]));
            default -> throw new IllegalStateException("unknown row kind in " + RESOURCE + ": " + f[0]);
        }
    }

    /** The class title ("Permanent Failure"). */
    public static String classTitle(int statusClass) {
        return CLASSES.getOrDefault(statusClass, "Unknown class");
    }

    /** The subject title ("Addressing Status"). */
    public static String subjectTitle(int subject) {
        return SUBJECTS.getOrDefault(subject, "Unknown subject");
    }

    /** The registered title of {@code X.subject.detail}. */
    public static Optional<String> title(int subject, int detail) {
        return Optional.ofNullable(DETAILS.get(subject + "." + detail)).map(Entry::title);
    }

    /** The registered description of {@code X.subject.detail}. */
    public static Optional<String> description(int subject, int detail) {
        return Optional.ofNullable(DETAILS.get(subject + "." + detail)).map(Entry::description);
    }

    /** How many {@code X.subject.detail} codes are registered. */
    public static int size() {
        return DETAILS.size();
    }
}
