package keyaccount.hub.test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.sim.SimulatedFtpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Several packaged hubs ({@code java -jar}) on one standalone broker and one PostgreSQL store, in
 * the production configuration: profile {@code prod}, every setting from the environment (ICD §8)
 * with passwords of this run's, a security file with bcrypt passwords, the 97 and network
 * databases on PostgreSQL databases of their own, billing's and finance's FTP servers in the test
 * JVM. Everything the hubs reach on PostgreSQL goes through a {@link TcpProxy} the test can cut;
 * the test itself reads and writes PostgreSQL directly.
 *
 * <p>A JUnit extension for a test class ({@code @RegisterExtension static}): it makes all of this
 * before the class's tests and starts the hubs side by side; afterwards it kills every process it
 * started, stops the FTP servers, drops its databases and deletes its folder, even when a test
 * failed (and prints the tail of every log then).
 */
public final class HubCluster implements BeforeAllCallback, AfterAllCallback, TestWatcher, AutoCloseable {
    /** Instance ids, in start order. */
    public static final List<String> IDS = List.of("hub-a", "hub-b", "hub-c");
    /** A packaged hub's start beside others on a 2-core machine. */
    public static final Duration START = Duration.ofSeconds(240);
    /** Each hub's JVM: a small heap, and out at once on OutOfMemoryError as the image's JAVA_TOOL_OPTIONS say. */
    private static final List<String> HUB_JVM = List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PG_HOST = "127.0.0.1";
    private static final int PG_PORT = 5432;

    private final int size;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final List<String> databases = new ArrayList<>();
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();
    private final Map<String, ForkedHub> hubs = new LinkedHashMap<>();
    private final Map<String, Integer> startsOf = new LinkedHashMap<>();
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private Path dir;
    private StandaloneBroker broker;
    private TcpProxy postgres;
    private SimulatedFtpServer billing;
    private SimulatedFtpServer finance;
    private final int billingPort = TestEnvironment.freePort();
    private final int financePort = TestEnvironment.freePort();
    private Path securityFile;
    private Thread cleanupAtExit;

    private static HubCluster shared;
    private final boolean sharedByClasses;

    private HubCluster(int size, boolean sharedByClasses) {
        if (size < 1 || size > IDS.size()) {
            throw new IllegalArgumentException("1 to " + IDS.size() + " hubs");
        }
        this.size = size;
        this.sharedByClasses = sharedByClasses;
    }

    /** A cluster of {@code size} hubs (hub-a, hub-b, hub-c) for one test class. */
    public static HubCluster of(int size) {
        return new HubCluster(size, false);
    }

    /**
     * The three hubs every cluster test class of this test run shares (a cluster's start costs some
     * two minutes of a 2-core machine): started for the first class, made whole again before each
     * further one (broker running, the link to PostgreSQL up, a killed hub started again), closed
     * when the whole run ends. Each test checks only what it sent itself. Its settings: customers
     * synced every 2 s, the 97 orders polled every second, deadlines checked every 2 s.
     */
    public static synchronized HubCluster shared() {
        if (shared == null) {
            shared = new HubCluster(IDS.size(), true).with("hub.customer-sync.period-ms", "2000")
                    .with("hub.orders.poll-period-ms", "1000").with("hub.alarms.check-period-ms", "2000");
        }
        return shared;
    }

    /** A hub setting beyond the environment's (given to every hub in SPRING_APPLICATION_JSON). */
    public HubCluster with(String property, String value) {
        settings.put(property, value);
        return this;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws Exception {
        try {
            if (dir != null) {
                heal();
                return;
            }
            if (sharedByClasses) {
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(HubCluster.class.getName(), (ExtensionContext.Store.CloseableResource) this::close);
            }
            prepare();
            startAll(IDS.subList(0, size));
            hubs.keySet().forEach(this::printMemory);
        } catch (Throwable e) {
            String logs = logTails(60);
            close();
            throw new AssertionError("the cluster did not come up: " + e + "\n" + logs, e);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.out.println("=== " + context.getDisplayName() + " failed; the logs' tails:\n" + logTails(80));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!sharedByClasses) {
            close();
        }
    }

    /** Whatever an earlier test class left broken is made whole: the link up, the broker and every hub running. */
    private void heal() throws Exception {
        postgres.up();
        if (!broker.alive()) {
            broker.start();
        }
        List<String> dead = hubs.entrySet().stream().filter(e -> !e.getValue().alive()).map(Map.Entry::getKey).toList();
        if (!dead.isEmpty()) {
            startAll(dead);
        }
    }

    private void prepare() throws Exception {
        dir = Files.createTempDirectory("hub-cluster-");
        cleanupAtExit = new Thread(this::closeQuietly, "hub-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupAtExit);
        for (String name : List.of("store", "s97", "nms")) {
            String db = "hubcluster_" + run + "_" + name;
            TestEnvironment.createPostgresDatabase(db);
            databases.add(db);
        }
        TestEnvironment.runScript(directUrl("s97"), TestEnvironment.PG_USER, "/peers/s97-schema.sql");
        TestEnvironment.runScript(directUrl("nms"), TestEnvironment.PG_USER, "/peers/nms-schema.sql");
        for (String secret : List.of("store", "billing", "finance", "operator", "viewer")) {
            passwords.put(secret, secret + "-" + UUID.randomUUID().toString().substring(0, 13));
        }
        billing = new SimulatedFtpServer(billingPort, "billing", passwords.get("billing"),
                dir.resolve("ftp-billing"), List.of("revenue"));
        finance = new SimulatedFtpServer(financePort, "finance", passwords.get("finance"),
                dir.resolve("ftp-finance"), List.of("settlement", "payments", "arrears"));
        securityFile = writeSecurityFile();
        postgres = new TcpProxy(PG_HOST, PG_PORT);
        broker = StandaloneBroker.create(dir.resolve("broker")).start();
    }

    /** The HTTP users, bcrypt-encoded (the production guard refuses {noop} and every known default). */
    private Path writeSecurityFile() throws IOException {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        String yaml = "http:\n  users:\n"
                + "    - name: operator\n      password: \"{bcrypt}" + bcrypt.encode(passwords.get("operator"))
                + "\"\n      roles: [OPERATOR]\n"
                + "    - name: viewer\n      password: \"{bcrypt}" + bcrypt.encode(passwords.get("viewer"))
                + "\"\n      roles: [VIEWER]\n";
        return Files.writeString(dir.resolve("security.yaml"), yaml);
    }

    /** Starts these hubs side by side and waits until each has started; prints each one's start time. */
    public void startAll(List<String> ids) throws Exception {
        for (String id : ids) {
            startHub(id);
        }
        for (String id : ids) {
            ForkedHub hub = hubs.get(id).awaitStarted(START);
            figure("start-" + id, hub.sinceLaunch().toMillis(), "ms (java -jar until \"" + ForkedHub.STARTED
                    + "\", " + ids.size() + " of " + hubs.size() + " hubs starting together)");
        }
    }

    /** Starts a hub (again) with its id's settings; returns at once (see {@link ForkedHub#awaitStarted}). */
    public ForkedHub startHub(String id) throws IOException {
        ForkedHub old = hubs.get(id);
        if (old != null && old.alive()) {
            throw new IllegalStateException(id + " is running");
        }
        int start = startsOf.merge(id, 1, Integer::sum);
        Path data = Files.createDirectories(dir.resolve(id));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "prod");
        env.put("HUB_INSTANCE_ID", id);
        env.put("SERVER_PORT", Integer.toString(TestEnvironment.freePort()));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.put("HUB_HOME", Path.of("").toAbsolutePath().toString());
        env.put("HUB_DATA_DIR", data.toString());
        // the singleton work's leadership: a lock in the shared store (hub.cluster.lock-ttl, default PT15S)
        env.put("HUB_CLUSTER_SERVICE", "jdbc");
        env.put("HUB_BROKER_EMBEDDED", "false");
        env.put("HUB_BROKER_URL", broker.url());
        env.put("HUB_BROKER_USER", "hub");
        env.put("HUB_BROKER_PASSWORD", broker.password("hub"));
        Map<String, String> dbVariables = Map.of("store", "HUB_STORE", "s97", "HUB_97", "nms", "HUB_NMS_DB");
        dbVariables.forEach((db, variable) -> {
            env.put(variable + "_URL", "jdbc:postgresql://" + PG_HOST + ":" + postgres.port() + "/" + database(db));
            env.put(variable + "_USER", TestEnvironment.PG_USER);
            // PostgreSQL trusts local connections here: any password passes, and the guard wants one of our own
            env.put(variable + "_PASSWORD", passwords.get("store"));
        });
        env.put("HUB_BILLING_FTP", "ftp://billing:" + passwords.get("billing") + "@127.0.0.1:" + billingPort);
        env.put("HUB_FINANCE_FTP", "ftp://finance:" + passwords.get("finance") + "@127.0.0.1:" + financePort);
        env.put("HUB_SECURITY_FILE", securityFile.toString());
        if (!settings.isEmpty()) {
            env.put("SPRING_APPLICATION_JSON", JSON.writeValueAsString(settings));
        }
        Path log = dir.resolve(id + "-" + start + ".log");
        ForkedHub hub = ForkedHub.jar(jar(), HUB_JVM, env, log);
        hubs.put(id, hub);
        return hub;
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("hub.test.jar", "target/keyaccount-hub.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no packaged hub at " + jar + " (./mvnw verify builds it before the *ClusterIT tests)");
        }
        return jar;
    }

    @Override
    public void close() {
        closeQuietly();
        if (cleanupAtExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is this very call
            }
        }
    }

    private synchronized void closeQuietly() {
        for (AutoCloseable c : clients) {
            quietly(c);
        }
        clients.clear();
        for (ForkedHub hub : hubs.values()) {
            quietly(hub);
        }
        quietly(broker);
        quietly(postgres);
        quietly(billing);
        quietly(finance);
        keepLogs();
        for (String db : databases) {
            TestEnvironment.dropPostgresDatabase(db);
        }
        databases.clear();
        if (dir != null) {
            TestEnvironment.deleteFolder(dir);
        }
    }

    /** The hubs' and the broker's logs outlive the cluster's folder in target/cluster-logs/, for a look afterwards. */
    private void keepLogs() {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            Path target = Files.createDirectories(Path.of("target", "cluster-logs", dir.getFileName().toString()));
            for (Path f : files.filter(f -> f.toString().endsWith(".log") && Files.isRegularFile(f)).toList()) {
                Files.copy(f, target.resolve(dir.relativize(f).toString().replace('/', '_')),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("could not keep the cluster's logs: " + e);
        }
    }

    private static void quietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("closing " + c + ": " + e);
        }
    }

    // ---------------------------------------------------------------- what the tests use

    public ForkedHub hub(String id) {
        return hubs.get(id);
    }

    /** The hubs started so far, by id (a killed one stays listed until it is started again). */
    public Map<String, ForkedHub> hubs() {
        return Collections.unmodifiableMap(hubs);
    }

    public StandaloneBroker broker() {
        return broker;
    }

    /** The link between the hubs and PostgreSQL (store, 97 and network databases). */
    public TcpProxy postgresLink() {
        return postgres;
    }

    /** A broker client signed in as one of the ICD users (callcenter, nms, monitor, hub...), closed with the cluster. */
    public BrokerClient client(String user) {
        BrokerClient c = broker.client(user);
        clients.add(c);
        return c;
    }

    /** The store, read directly (not through the link). */
    public StoreProbe store() {
        return new StoreProbe(directUrl("store"), TestEnvironment.PG_USER);
    }

    /** The 97 system's database, directly. */
    public Connection s97() throws SQLException {
        return DriverManager.getConnection(directUrl("s97"), TestEnvironment.PG_USER, "");
    }

    /**
     * Puts {@code n} grade-A customers (government, class 10) into the 97 system and waits until the
     * hubs have synced them into the store (the hubs must run with a short hub.customer-sync.period-ms).
     */
    public List<String> keyAccounts(int n, String localNet) throws SQLException {
        List<String> customers = new ArrayList<>();
        try (Connection c = s97()) {
            for (int i = 0; i < n; i++) {
                String cust = FaultMessages.custNo(localNet);
                TestEnvironment.customer97(c, cust, "省直属单位" + i, "10", "02", null, "M001", "N", "1",
                        TestEnvironment.next97Time());
                customers.add(cust);
            }
        }
        String in = String.join(",", Collections.nCopies(n, "?"));
        org.awaitility.Awaitility.await("the customers synced from the 97 system").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> store().count(
                        "SELECT COUNT(*) FROM customer WHERE cust_no IN (" + in + ")", customers.toArray()) == n);
        return customers;
    }

    /** "operator:password" for {@link HubHttp}. */
    public String operator() {
        return "operator:" + passwords.get("operator");
    }

    /** A number from a hub's /actuator/metrics (the first measurement), read as an operator. */
    public double metric(String id, String name, String... tags) {
        StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
        }
        HttpResponse<String> r = hub(id).http().get(path.toString(), operator());
        if (r.statusCode() == 404) {
            return 0;
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException(id + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return json(r.body()).path("measurements").path(0).path("value").asDouble();
    }

    /** Prints a hub's resident set and heap in use now. */
    public void printMemory(String id) {
        figure("rss-" + id, hub(id).residentKiB() / 1024, "MiB (VmRSS, -Xmx384m)");
        figure("heap-used-" + id, (long) (metric(id, "jvm.memory.used", "area:heap") / (1024 * 1024)),
                "MiB (jvm.memory.used, area heap)");
    }

    /** How many exchanges a hub's route has completed (its own Camel metrics). */
    public double exchanges(String id, String routeId) {
        return metric(id, "camel.exchanges.total", "routeId:" + routeId);
    }

    /** {@link #exchanges} of every hub that runs, by id. */
    public Map<String, Double> exchangesByHub(String routeId) {
        Map<String, Double> byHub = new LinkedHashMap<>();
        hubs.forEach((id, hub) -> {
            if (hub.alive()) {
                byHub.put(id, exchanges(id, routeId));
            }
        });
        return byHub;
    }

    /** GET a hub's JSON, as an operator. */
    public JsonNode getJson(String id, String path) {
        HttpResponse<String> r = hub(id).http().get(path, operator());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(id + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return json(r.body());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    /** The tail of every hub's log and of the broker's, for a failure's report. */
    public String logTails(int n) {
        StringBuilder b = new StringBuilder();
        hubs.forEach((id, hub) -> b.append("--- ").append(id).append(" (").append(hub.logFile()).append(", ")
                .append(hub.alive() ? "running" : "ended " + hub.exitCode()).append(")\n").append(hub.logTail(n)).append('\n'));
        if (broker != null) {
            b.append("--- broker\n").append(broker.logTail(n / 2)).append('\n');
        }
        return b.toString();
    }

    /** A measured figure, printed for the build's output (never asserted as a timing). */
    public static void figure(String name, Object value, String unit) {
        System.out.println("FIGURE " + name + " = " + value + " " + unit);
    }

    private String database(String name) {
        return "hubcluster_" + run + "_" + name;
    }

    private String directUrl(String name) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database(name);
    }
}
