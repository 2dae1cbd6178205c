package dev.smtpprobe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the registry against its own data file, read here independently of the loader. */
class EnhancedStatusRegistryTest {

    /** Enumerated X.subject.detail codes in the IANA registry, X.0.0 to X.7.30. */
    private static final int IANA_ENUMERATED_CODES = 81;

    private static final List<String[]> ROWS = new ArrayList<>();

    @BeforeAll
    static void readTheDataFile() throws IOException {
        try (var in = EnhancedStatusRegistry.class.getResourceAsStream("/dev/smtpprobe/enhanced-status-codes.tsv")) {
            assertThat(in).as("registry resource").isNotNull();
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    ROWS.add(line.split("\t", -1));
                }
            }
        }
    }

    private static List<String[]> rows(String kind) {
        return ROWS.stream().filter(r -> r[0].equals(kind)).toList();
    }

    @Test
    void everyDetailRowLoads() {
        var details = rows("detail");

        assertThat(details).hasSize(IANA_ENUMERATED_CODES);
        assertThat(EnhancedStatusRegistry.size()).isEqualTo(IANA_ENUMERATED_CODES);
        for (String[] row : details) {
            assertThat(row).as("columns of %s", row[1]).hasSize(7);
            String[] parts = row[1].split("\\.");
            assertThat(parts[0]).as("code %s", row[1]).isEqualTo("X");
            int subject = Integer.parseInt(parts[1]);
            int detail = Integer.parseInt(parts[2]);
            assertThat(EnhancedStatusRegistry.title(subject, detail)).as("title of %s", row[1]).contains(row[2]);
            assertThat(EnhancedStatusRegistry.description(subject, detail)).as("description of %s", row[1]).contains(row[6]);
        }
    }

    @Test
    void noCodeIsListedTwice() {
        var seen = new HashSet<String>();
        for (String[] row : rows("detail")) {
            assertThat(seen.add(row[1])).as("duplicate %s", row[1]).isTrue();
        }
    }

    @Test
    void everyDetailRowHasATitleAndADescription() {
        for (String[] row : rows("detail")) {
            assertThat(row[2]).as("title of %s", row[1]).isNotBlank();
            assertThat(row[6]).as("description of %s", row[1]).isNotBlank();
            assertThat(row[4]).as("classes of %s", row[1]).matches("2?4?5?").isNotEmpty();
        }
    }

    @Test
    void everyClassAndSubjectRowLoads() {
        assertThat(rows("class")).extracting(r -> r[1]).containsExactly("2", "4", "5");
        for (String[] row : rows("class")) {
            assertThat(EnhancedStatusRegistry.classTitle(Integer.parseInt(row[1]))).isEqualTo(row[2]);
        }
        assertThat(rows("subject")).extracting(r -> r[1]).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        for (String[] row : rows("subject")) {
            assertThat(EnhancedStatusRegistry.subjectTitle(Integer.parseInt(row[1]))).isEqualTo(row[2]);
        }
    }

    @Test
    void wellKnownCodesHaveTheirRegistryTitles() {
        assertThat(EnhancedStatusRegistry.title(0, 0)).contains("Other undefined Status");
        assertThat(EnhancedStatusRegistry.title(1, 1)).contains("Bad destination mailbox address");
        assertThat(EnhancedStatusRegistry.title(2, 2)).contains("Mailbox full");
        assertThat(EnhancedStatusRegistry.title(6, 0)).contains("Other or undefined media error");
        assertThat(EnhancedStatusRegistry.title(7, 1)).contains("Delivery not authorized, message refused");
        assertThat(EnhancedStatusRegistry.title(7, 8)).contains("Authentication credentials invalid");
        assertThat(EnhancedStatusRegistry.title(7, 30)).isPresent();
    }

    @Test
    void lookupsOfUnknownCodesGiveNothingOrTheUnknownTitle() {
        assertThat(EnhancedStatusRegistry.title(7, 31)).isEmpty();
        assertThat(EnhancedStatusRegistry.title(8, 0)).isEmpty();
        assertThat(EnhancedStatusRegistry.description(9, 9)).isEmpty();
        assertThat(EnhancedStatusRegistry.classTitle(3)).isEqualTo("Unknown class");
        assertThat(EnhancedStatusRegistry.subjectTitle(8)).isEqualTo("Unknown subject");
    }

    @Test
    void subjectAndDetailAreNotConfusedWhenConcatenated() {
        // "1.10" and "11.0" would collide if the key were the digits alone.
        assertThat(EnhancedStatusRegistry.title(1, 10)).contains("Recipient address has null MX");
        assertThat(EnhancedStatusRegistry.title(11, 0)).isEmpty();
        assertThat(EnhancedStatusRegistry.title(7, 1)).isNotEqualTo(EnhancedStatusRegistry.title(7, 10));
    }
}
