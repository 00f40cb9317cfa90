package keyaccount.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.TestEnvironment;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A real 97 database needs its vendor's JDBC driver, which the hub does not ship. Put in a folder
 * named by LOADER_PATH, the driver is picked up by {@code java -jar} without a rebuild. The test
 * makes such a driver (a small jar for URLs {@code jdbc:vendor97:...}, registered as a
 * java.sql.Driver service) and starts the packaged hub with and without it.
 */
class JdbcDriverOnLoaderPathJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDriverJarInTheLoaderPathIsUsedWithoutARebuild() throws Exception {
        Path jar = Path.of(System.getProperty("hub.test.jar", "target/keyaccount-hub.jar"));
        assertThat(jar).as("the packaged hub (./mvnw verify builds it)").exists();
        TestEnvironment env = TestEnvironment.create();
        Path drivers = Files.createDirectories(env.dataDir.resolve("drivers"));
        vendorDriver(drivers.resolve("vendor97-jdbc.jar"));
        String url = "jdbc:vendor97:mem:s97;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:peers/s97-schema.sql'";

        assertThat(s97Health(jar, env, Map.of("LOADER_PATH", drivers.toString()), url)).isEqualTo("UP");
        // without it the same URL has no driver: only the 97 database is DOWN, and the hub runs on
        assertThat(s97Health(jar, env, Map.of(), url)).isEqualTo("DOWN");
    }

    /** Starts {@code java -jar} with this environment, reads the 97 database's health, stops it. */
    private static String s97Health(Path jar, TestEnvironment env, Map<String, String> environment, String s97Url)
            throws Exception {
        int httpPort = TestEnvironment.freePort();
        Map<String, String> props = new java.util.LinkedHashMap<>(env.properties());
        props.put("server.port", Integer.toString(httpPort));
        props.put("hub.broker.port", Integer.toString(TestEnvironment.freePort()));
        props.put("hub.data-dir", env.dataDir.resolve("jar-" + httpPort).toString());
        props.put("hub.store.url", "jdbc:h2:mem:jar" + httpPort + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        props.put("hub.store.user", "sa");
        props.put("hub.s97.url", s97Url);
        props.put("hub.nms-db.url", "jdbc:h2:mem:nms;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:peers/nms-schema.sql'");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toAbsolutePath().toString()));
        props.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        Path log = Files.createTempFile(env.dataDir, "jar-hub-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        Process hub = pb.start();
        try {
            HubHttp http = new HubHttp(httpPort);
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> !hub.isAlive() || http.get("/actuator/health/liveness", null).statusCode() == 200);
            assertThat(hub.isAlive()).as("the hub runs; its log: " + log).isTrue();
            HttpResponse<String> health = http.get("/actuator/health", "operator:operator");
            JsonNode db = JSON.readTree(health.body()).path("components").path("db").path("components");
            return db.path("s97DataSource").path("status").asText();
        } finally {
            hub.destroy();
            if (!hub.waitFor(30, TimeUnit.SECONDS)) {
                hub.destroyForcibly();
            }
        }
    }

    /** A vendor's driver as the hub would meet it: a jar with a java.sql.Driver service, for jdbc:vendor97: URLs. */
    private static void vendorDriver(Path target) throws IOException {
        Path src = Files.createTempDirectory("vendor97-src");
        Path classes = Files.createTempDirectory("vendor97-classes");
        Path java = Files.createDirectories(src.resolve("vendor97")).resolve("Driver.java");
        Files.writeString(java, """
                package vendor97;

                import java.sql.*;
                import java.util.Properties;
                import java.util.logging.Logger;

                /** Speaks jdbc:vendor97:... by handing the rest of the URL to the H2 driver the hub ships. */
                public final class Driver implements java.sql.Driver {
                    private static final String PREFIX = "jdbc:vendor97:";
                    static {
                        try {
                            DriverManager.registerDriver(new Driver());
                        } catch (SQLException e) {
                            throw new ExceptionInInitializerError(e);
                        }
                    }
                    private static java.sql.Driver h2() throws SQLException {
                        try {
                            return (java.sql.Driver) Class.forName("org.h2.Driver", true, Driver.class.getClassLoader())
                                    .getDeclaredConstructor().newInstance();
                        } catch (ReflectiveOperationException e) {
                            throw new SQLException(e);
                        }
                    }
                    public Connection connect(String url, Properties info) throws SQLException {
                        return acceptsURL(url) ? h2().connect("jdbc:h2:" + url.substring(PREFIX.length()), info) : null;
                    }
                    public boolean acceptsURL(String url) { return url != null && url.startsWith(PREFIX); }
                    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) { return new DriverPropertyInfo[0]; }
                    public int getMajorVersion() { return 1; }
                    public int getMinorVersion() { return 0; }
                    public boolean jdbcCompliant() { return false; }
                    public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", classes.toString(), java.toString())).isZero();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
            out.putNextEntry(new JarEntry("vendor97/Driver.class"));
            out.write(Files.readAllBytes(classes.resolve("vendor97/Driver.class")));
            out.closeEntry();
            out.putNextEntry(new JarEntry("META-INF/services/java.sql.Driver"));
            out.write("vendor97.Driver\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

}
