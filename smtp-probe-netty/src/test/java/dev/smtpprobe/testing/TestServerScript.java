package dev.smtpprobe.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the real-server scripts under {@code scripts/} ({@code exim-test.sh}, {@code dovecot-test.sh})
 * and reads what they configure: ports from the environment and the test CA they generated.
 */
public final class TestServerScript {

    private TestServerScript() {}

    /**
     * Runs {@code scripts/<script> <command>} from the checkout's root and returns its standard output.
     *
     * @throws IllegalStateException with the script's output when it fails or takes more than 900 s (a fresh
     *     machine downloads the packages first)
     */
    public static String run(String script, String command) {
        Path path = repositoryRoot().resolve("scripts").resolve(script);
        try {
            Path err = Files.createTempFile("smtp-probe-" + script, ".log");
            try {
                Process p = new ProcessBuilder("bash", path.toString(), command)
                        .redirectError(err.toFile()).start();
                p.getOutputStream().close();
                byte[] out;
                try (InputStream in = p.getInputStream()) {
                    out = in.readAllBytes();
                }
                if (!p.waitFor(900, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(path + " " + command + " did not finish in 900 s");
                }
                String output = new String(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(path + " " + command + " failed (exit " + p.exitValue()
                            + "). Output:\n" + output + Files.readString(err, StandardCharsets.UTF_8));
                }
                return output;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The integer in environment variable {@code name}, or {@code fallback} when it is unset or blank. */
    public static int port(String name, int fallback) {
        String env = System.getenv(name);
        return env == null || env.isBlank() ? fallback : Integer.parseInt(env.trim());
    }

    /** The path in environment variable {@code name}, or {@code fallback} when it is unset or blank. */
    public static Path dir(String name, String fallback) {
        String env = System.getenv(name);
        return Path.of(env == null || env.isBlank() ? fallback : env);
    }

    /** A PKCS12 trust store holding the one CA certificate in the PEM file {@code caPem}. */
    public static KeyStore trustStore(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            var ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            var ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("probe-test-ca", ca);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test CA " + caPem, e);
        }
    }

    /** The checkout's root: the first parent of the working directory that has {@code scripts/exim-test.sh}. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("scripts/exim-test.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("scripts/exim-test.sh not found above " + Path.of("").toAbsolutePath());
    }
}
