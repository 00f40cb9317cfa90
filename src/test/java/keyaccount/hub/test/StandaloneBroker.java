package keyaccount.hub.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A standalone Artemis broker made exactly as the README's "Production" makes one: an instance
 * created from the distribution ({@code bin/artemis create --require-login --no-web --nio}), the
 * repository's overlay {@code docker/artemis/etc} copied over its {@code etc/}, and every ICD user
 * given a password of this test run's by {@code docker/artemis/bin/set-passwords}. It listens on
 * 127.0.0.1 at a free port. The test stops it (gracefully or by killing it) and starts it again on
 * the same journal; closing it kills it.
 *
 * <p>The distribution's home comes from the system property {@code hub.test.artemis-home}, which
 * the build sets after unpacking {@code org.apache.artemis:apache-artemis:tar.gz:bin} into target/.
 */
public final class StandaloneBroker implements AutoCloseable {
    /** Logged once the broker takes clients. */
    public static final String ACTIVE = "AMQ221007: Server is now active";
    /** The overlay's users (docker/artemis/etc/artemis-users.properties), one role each. */
    public static final List<String> USERS = List.of("hub", "callcenter", "nms", "backoffice", "oa", "monitor");
    /** The broker's own JVM: the profile's flags, with a heap fit for a test machine instead of -Xms512M -Xmx2G. */
    private static final String RUN_JVM = "-XX:AutoBoxCacheMax=20000 -XX:+PrintClassHistogram -XX:+UseG1GC"
            + " -XX:+UseStringDeduplication -Xms64M -Xmx384M -Dlog4j2.disableJmx=true"
            + " --add-opens java.base/jdk.internal.misc=ALL-UNNAMED";
    /** The command-line tools (create, mask, stop) start a JVM each: a small and quick one. */
    private static final String TOOL_JVM = "-Xms16M -Xmx128M -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    private static final Duration START = Duration.ofSeconds(90);

    private final Path instance;
    private final int port;
    private final Map<String, String> passwords;
    private Process process;
    private Path log;
    private int starts;

    private StandaloneBroker(Path instance, int port, Map<String, String> passwords) {
        this.instance = instance;
        this.port = port;
        this.passwords = passwords;
    }

    public static Path artemisHome() {
        String home = System.getProperty("hub.test.artemis-home");
        if (home == null || !Files.isDirectory(Path.of(home))) {
            throw new IllegalStateException("no Artemis distribution: hub.test.artemis-home is " + home
                    + " (./mvnw verify unpacks it into target/ before the *ClusterIT tests)");
        }
        return Path.of(home);
    }

    /** Creates an instance in {@code dir} (which must not exist yet), with random passwords; not started. */
    public static StandaloneBroker create(Path dir) throws IOException, InterruptedException {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : USERS) {
            passwords.put(user, user + "-" + UUID.randomUUID().toString().substring(0, 13));
        }
        Path home = artemisHome();
        Path logs = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-logs"));
        run(logs.resolve("create.log"), Map.of(), home.resolve("bin/artemis").toString(), "create", "--silent",
                "--require-login", "--no-web", "--nio", "--user", "hub", "--password", passwords.get("hub"),
                "--role", "hub", dir.toString());
        try (Stream<Path> overlay = Files.list(Path.of("docker/artemis/etc"))) {
            for (Path file : overlay.toList()) {
                Files.copy(file, dir.resolve("etc").resolve(file.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        passwords.forEach((user, password) -> env.put("ARTEMIS_PASSWORD_" + user.toUpperCase(), password));
        run(logs.resolve("set-passwords.log"), env, Path.of("docker/artemis/bin/set-passwords").toAbsolutePath().toString(),
                dir.toString());
        return new StandaloneBroker(dir, TestEnvironment.freePort(), passwords);
    }

    /** Starts the broker (again, on the same journal) and waits until it is active. */
    public StandaloneBroker start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        starts++;
        log = instance.resolveSibling(instance.getFileName() + "-logs").resolve("broker-" + starts + ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_ARGS", RUN_JVM);
        pb.environment().put("JAVA_ARGS_APPEND", "-Dhub.broker.host=127.0.0.1 -Dhub.broker.port=" + port);
        process = pb.start();
        long deadline = System.nanoTime() + START.toNanos();
        while (!logged(ACTIVE)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker did not become active (exit "
                        + (process.isAlive() ? "-" : process.exitValue()) + "):\n" + logTail(30));
            }
            sleep(200);
        }
        return this;
    }

    /** Stops it as an operator would ({@code bin/artemis stop}) and waits until its process has ended. */
    public void stop() throws IOException, InterruptedException {
        run(log.resolveSibling("stop-" + starts + ".log"), Map.of(), instance.resolve("bin/artemis").toString(), "stop");
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Kills its process outright (SIGKILL). */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public String password(String user) {
        return passwords.get(user);
    }

    /** A CORE client signed in as one of the overlay's users. */
    public BrokerClient client(String user) {
        return BrokerClient.core(url(), user, password(user));
    }

    /** The last lines of the running (or last) broker's output. */
    public String logTail(int n) {
        if (log == null) {
            return "(not started)";
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(broker log unreadable: " + e + ")";
        }
    }

    private boolean logged(String text) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.anyMatch(l -> l.contains(text));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Runs one of Artemis' command-line tools (or the overlay's script) to its end; fails with its output. */
    private static void run(Path log, Map<String, String> env, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash"));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_ARGS", TOOL_JVM);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish: " + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                    + Files.readString(log));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
