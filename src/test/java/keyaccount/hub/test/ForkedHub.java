package keyaccount.hub.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import keyaccount.hub.HubApplication;

/**
 * A hub in a JVM of its own, for tests that must kill it as a crash would (SIGKILL: no shutdown
 * hooks, no graceful stop, transactions cut where they stand). Its output goes to a log file the
 * test can watch. The 97 and network databases are its own in-memory ones, with their schemas.
 */
public final class ForkedHub implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ForkedHub(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static ForkedHub start(TestEnvironment env, Map<String, String> overrides) throws IOException {
        Map<String, String> props = new LinkedHashMap<>(env.properties());
        props.put("hub.s97.url", "jdbc:h2:mem:s97;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:peers/s97-schema.sql'");
        props.put("hub.nms-db.url", "jdbc:h2:mem:nms;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:peers/nms-schema.sql'");
        props.putAll(overrides);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(HubApplication.class.getName());
        props.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        Path log = Files.createTempFile(env.dataDir, "forked-hub-", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ForkedHub(p, log);
    }

    /** True once the log has a line containing the text. */
    public boolean logged(String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    public boolean alive() {
        return process.isAlive();
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
