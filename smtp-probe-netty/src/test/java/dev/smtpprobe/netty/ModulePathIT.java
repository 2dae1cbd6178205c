package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JPMS descriptors as a user meets them: a named module that requires only {@code dev.smtpprobe} runs on the
 * module path with the packaged jars, and {@code ServiceLoader} binds the Netty transport through its
 * {@code provides} clause (no {@code --add-modules}); without the transport it gets the message naming the artifact.
 */
class ModulePathIT {

    private static final String MODULE_INFO = "module probe.user { requires dev.smtpprobe; }";
    private static final String MAIN = String.join("\n",
            "package user;",
            "public class Main {",
            "  public static void main(String[] args) {",
            "    try (var client = dev.smtpprobe.Probe.client()) {",
            "      var finding = dev.smtpprobe.check.CheckSuite.run(dev.smtpprobe.check.Checks.reachability(), client,",
            "          dev.smtpprobe.check.CheckTarget.of(\"127.0.0.1\", Integer.parseInt(args[0])),",
            "          dev.smtpprobe.check.CheckSettings.DEFAULT);",
            "      System.out.println(\"check: \" + finding);",
            "      client.connect(\"127.0.0.1\", Integer.parseInt(args[0]));",
            "    } catch (dev.smtpprobe.ConnectFailedException e) {",
            "      System.out.println(\"connect failed: \" + e.reason());",
            "    } catch (IllegalStateException e) {",
            "      System.out.println(e.getMessage());",
            "    }",
            "  }",
            "}");

    private static Path jar(String dir, String name) {
        Path path = Path.of(dir, "target", name);
        assertThat(path).as("packaged before failsafe runs").exists();
        return path;
    }

    private static String nettyJars() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains(File.separator + "io" + File.separator + "netty" + File.separator))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void namedModuleFindsTheNettyTransportThroughServiceLoader(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/probe.user");
        Files.createDirectories(src.resolve("user"));
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(src.resolve("user/Main.java"), MAIN);
        String api = jar("../smtp-probe-api", "smtp-probe-api-0.1.0-SNAPSHOT.jar").toString();
        String netty = jar(".", "smtp-probe-netty-0.1.0-SNAPSHOT.jar").toString();
        Path out = dir.resolve("out");
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        String compiled = run(List.of(javac, "-d", out.toString(), "--module-path", api,
                "--module-source-path", dir.resolve("src").toString(), "-m", "probe.user"));
        assertThat(out.resolve("probe.user/user/Main.class")).as(compiled).exists();

        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var withTransport = new ArrayList<>(List.of(java, "--module-path",
                String.join(File.pathSeparator, out.toString(), api, netty, nettyJars()),
                "-m", "probe.user/user.Main", String.valueOf(closedPort)));
        assertThat(run(withTransport)).contains("check: [FAIL] reachability: connection refused")
                .contains("connect failed: REFUSED");

        var withoutTransport = List.of(java, "--module-path", String.join(File.pathSeparator, out.toString(), api),
                "-m", "probe.user/user.Main", String.valueOf(closedPort));
        assertThat(run(withoutTransport)).contains("no smtp-probe transport found: add the artifact dev.smtpprobe:smtp-probe-netty");
    }
}
