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
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import keyaccount.hub.HubApplication;
import org.awaitility.Awaitility;

/**
 * A hub in a JVM of its own, for tests that must kill it as a crash would (SIGKILL: no shutdown
 * hooks, no graceful stop, transactions cut where they stand), or that arm one of its crash points
 * ({@code hub.test.crash-at}) and wait for it to halt. Its output goes to a log file the test can
 * watch. The environment's 97 and network databases live in the test JVM's memory, out of this
 * JVM's reach: unless the overrides name other URLs for them (e.g. {@link PeerDatabases}), the
 * forked hub gets in-memory ones of its own, with their schemas and no rows.
 */
public final class ForkedHub implements AutoCloseable {
    /** The line Spring Boot logs once the hub is up (broker, store, routes and HTTP). */
    public static final String STARTED = "Started HubApplication";

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final long launchedAt = System.nanoTime();

    private ForkedHub(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /**
     * Starts a hub with the environment's settings and these overrides; an override mapped to null
     * drops the environment's setting, so that the hub's own default applies.
     */
    public static ForkedHub start(TestEnvironment env, Map<String, String> overrides) throws IOException {
        Map<String, String> props = new LinkedHashMap<>(env.properties());
        if (!overrides.containsKey("hub.s97.url")) {
            props.put("hub.s97.url", "jdbc:h2:mem:s97;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:peers/s97-schema.sql'");
        }
        if (!overrides.containsKey("hub.nms-db.url")) {
            props.put("hub.nms-db.url", "jdbc:h2:mem:nms;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:peers/nms-schema.sql'");
        }
        props.putAll(overrides);
        props.values().removeIf(Objects::isNull);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(HubApplication.class.getName());
        props.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        Path log = Files.createTempFile(env.dataDir, "forked-hub-", ".log");
        return launch(cmd, Map.of(), log, Integer.parseInt(props.getOrDefault("server.port", "0")));
    }

    /**
     * The packaged hub started as production starts it, {@code java <jvm options> -jar <jar>}, configured
     * through its environment (ICD §8) alone; its output goes to {@code log}. The HTTP port is the
     * environment's SERVER_PORT.
     */
    public static ForkedHub jar(Path jar, List<String> jvmOptions, Map<String, String> environment, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        return launch(cmd, environment, log, Integer.parseInt(environment.getOrDefault("SERVER_PORT", "0")));
    }

    private static ForkedHub launch(List<String> cmd, Map<String, String> environment, Path log, int httpPort)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        return new ForkedHub(pb.start(), log, httpPort);
    }

    /** True once the log has a line containing the text. */
    public boolean logged(String text) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.anyMatch(l -> l.contains(text));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    public Path logFile() {
        return log;
    }

    /** The log's lines that match, read line by line (a hub in trouble may write a big log). */
    public List<String> logLines(Predicate<String> matching) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(matching).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** The last lines of the log, for failure messages. */
    public String logTail(int n) {
        List<String> tail = new ArrayList<>();
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            lines.forEach(l -> {
                tail.add(l);
                if (tail.size() > n) {
                    tail.remove(0);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            tail.add("(log unreadable: " + e + ")");
        }
        return String.join("\n", tail);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Time since the process was launched. */
    public Duration sinceLaunch() {
        return Duration.ofNanos(System.nanoTime() - launchedAt);
    }

    /** The process's resident set (VmRSS in /proc/PID/status, Linux), in KiB; -1 where it cannot be read. */
    public long residentKiB() {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(-1L);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** The process's exit code once it has ended. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Waits until the hub is up; fails at once, with the log's tail, if the process ends first. */
    public ForkedHub awaitStarted(Duration timeout) {
        Awaitility.await("forked hub started").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> !alive() || logged(STARTED));
        if (!logged(STARTED)) {
            throw new AssertionError("the forked hub ended (exit " + exitCode() + ") before it started:\n" + logTail(40));
        }
        return this;
    }

    /** Waits until the process has ended by itself (e.g. halted at a crash point); returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the forked hub is still running after " + timeout + ":\n" + logTail(40));
        }
        return process.exitValue();
    }

    /** Its HTTP API, when it was started with a fixed {@code server.port}. */
    public HubHttp http() {
        if (httpPort == 0) {
            throw new IllegalStateException("start the forked hub with a fixed server.port to call its HTTP API");
        }
        return new HubHttp(httpPort);
    }

    /** Kills the process outright and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
