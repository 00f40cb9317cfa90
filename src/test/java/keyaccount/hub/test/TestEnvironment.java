package keyaccount.hub.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Where a hub under test runs: a fresh data folder, free ports, and a fresh store (an H2 file, or
 * with -Dhub.test.store=postgres a new PostgreSQL database on 127.0.0.1:5432), plus in-memory
 * databases playing the 97 system and network management.
 */
public final class TestEnvironment {
    public static final String PG_ADMIN_URL = System.getProperty("hub.test.pg-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    public static final String PG_USER = System.getProperty("hub.test.pg-user", "postgres");

    public final Path dataDir;
    public final int brokerPort;
    public final String storeUrl;
    public final String storeUser;
    public final String s97Url;
    public final String nmsUrl;
    /** Finance's FTP server (user finance / finance-test), with /settlement, /payments, /arrears. */
    public keyaccount.hub.sim.SimulatedFtpServer financeFtp;
    public final int financeFtpPort;
    /** Billing's FTP server (user billing / billing-test), with /revenue. */
    public final keyaccount.hub.sim.SimulatedFtpServer billingFtp;
    public final int billingFtpPort;

    private TestEnvironment(Path dataDir, int brokerPort, String storeUrl, String storeUser, String s97Url, String nmsUrl) {
        this.financeFtpPort = freePort();
        this.financeFtp = startFinanceFtp(dataDir);
        this.billingFtpPort = freePort();
        this.billingFtp = new keyaccount.hub.sim.SimulatedFtpServer(billingFtpPort, "billing", "billing-test",
                dataDir.resolve("ftp-billing"), java.util.List.of("revenue"));
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.storeUrl = storeUrl;
        this.storeUser = storeUser;
        this.s97Url = s97Url;
        this.nmsUrl = nmsUrl;
    }

    public static boolean postgres() {
        return "postgres".equalsIgnoreCase(System.getProperty("hub.test.store", "h2"));
    }

    /** A new environment: its own folder, ports, store and peer databases. */
    public static TestEnvironment create() {
        try {
            Path dir = Files.createTempDirectory("hub-test-");
            String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            String storeUrl;
            String storeUser;
            if (postgres()) {
                storeUrl = createPostgresDatabase("hubtest_" + id);
                storeUser = PG_USER;
            } else {
                storeUrl = "jdbc:h2:file:" + dir.resolve("store/hub")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
                storeUser = "sa";
            }
            String s97 = "jdbc:h2:mem:s97_" + id + ";DB_CLOSE_DELAY=-1";
            String nms = "jdbc:h2:mem:nms_" + id + ";DB_CLOSE_DELAY=-1";
            runScript(s97, "sa", "/peers/s97-schema.sql");
            runScript(nms, "sa", "/peers/nms-schema.sql");
            cleanUpAtExit(dir, postgres() ? "hubtest_" + id : null);
            return new TestEnvironment(dir, freePort(), storeUrl, storeUser, s97, nms);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot prepare a test environment", e);
        }
    }

    private keyaccount.hub.sim.SimulatedFtpServer startFinanceFtp(Path dir) {
        return new keyaccount.hub.sim.SimulatedFtpServer(financeFtpPort, "finance", "finance-test",
                dir.resolve("ftp-finance"), java.util.List.of("settlement", "payments", "arrears"));
    }

    /** Finance's FTP server goes down (and comes back with {@link #startFinanceFtp()}). */
    public void stopFinanceFtp() {
        financeFtp.stop();
    }

    public void startFinanceFtp() {
        if (financeFtp.stopped()) {
            financeFtp = startFinanceFtp(dataDir);
        }
    }

    /** This environment's own copy of mappings/, so a test can edit reference data as an operator would. */
    public Path mappings() {
        Path copy = dataDir.resolve("mappings");
        if (!Files.exists(copy)) {
            try (var files = Files.walk(Path.of("mappings"))) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(Path.of("mappings").relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return copy;
    }

    /** The hub's properties for this environment. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hub.data-dir", dataDir.toString());
        // tests start consolidation runs themselves
        p.put("hub.consolidation.catch-up", "false");
        p.put("hub.mappings-dir", mappings().toString());
        p.put("hub.broker.port", Integer.toString(brokerPort));
        p.put("hub.store.url", storeUrl);
        p.put("hub.store.user", storeUser);
        p.put("hub.store.password", "");
        p.put("hub.s97.url", s97Url);
        p.put("hub.nms-db.url", nmsUrl);
        p.put("server.port", "0");
        p.put("hub.ftp.finance.host", "127.0.0.1");
        p.put("hub.ftp.finance.port", Integer.toString(financeFtpPort));
        p.put("hub.ftp.finance.user", "finance");
        p.put("hub.ftp.finance.password", "finance-test");
        p.put("hub.ftp.billing.host", "127.0.0.1");
        p.put("hub.ftp.billing.port", Integer.toString(billingFtpPort));
        p.put("hub.ftp.billing.user", "billing");
        p.put("hub.ftp.billing.password", "billing-test");
        // tests trigger the periodic work themselves, or wait for it on short periods
        p.put("hub.customer-sync.period-ms", "3600000");
        p.put("hub.outbox.period-ms", "50");
        p.put("hub.alarms.check-period-ms", "3600000");
        p.put("hub.fault.auto-close-period-ms", "3600000");
        p.put("hub.orders.poll-period-ms", "3600000");
        p.put("hub.actions.period-ms", "100");
        p.put("hub.broker.redelivery-delay-ms", "200");
        p.put("hub.broker.max-redelivery-delay-ms", "1000");
        // a hub a test kills leaves its singleton work locked this long: short, so the next takes over soon
        p.put("hub.cluster.lock-ttl", "PT5S");
        p.put("logging.level.keyaccount.hub", "DEBUG");
        // The functional tests stamp the peers' events up to a day or so ahead of the hub's test clock,
        // which they move only where deadlines matter; the input-rule tests use stamps beyond this.
        p.put("hub.input.max-clock-skew", "P2D");
        return p;
    }

    public String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    public Connection s97() throws SQLException {
        return DriverManager.getConnection(s97Url, "sa", "");
    }

    public Connection nms() throws SQLException {
        return DriverManager.getConnection(nmsUrl, "sa", "");
    }

    private static final java.util.concurrent.atomic.AtomicReference<LocalDateTime> LAST_97_TIME =
            new java.util.concurrent.atomic.AtomicReference<>(LocalDateTime.now().withNano(0));

    /**
     * The 97 side's UPD_TIME for the next change: never earlier than one already written, so tests
     * sharing a hub cannot put each other's changes behind the sync's watermark.
     */
    public static LocalDateTime next97Time() {
        return LAST_97_TIME.updateAndGet(last -> {
            LocalDateTime now = LocalDateTime.now().withNano(0);
            return now.isAfter(last) ? now : last.plusSeconds(1);
        });
    }

    /** The 97 system gets (or changes) a customer, stamped with {@link #next97Time()}. */
    public void customer97(String custNo, String name, String custClass, String parent, boolean strategic, String status) {
        customer97(custNo, name, custClass, "02", parent, "M001", strategic ? "Y" : "N", status, next97Time());
    }

    /** The 97 system gets (or changes) a customer: a KH_CUSTOMER row as the 97 system writes it. */
    public void customer97(String custNo, String name, String custClass, String industry, String parent, String manager,
                           String strategic, String status, LocalDateTime updTime) {
        try (Connection c = s97()) {
            customer97(c, custNo, name, custClass, industry, parent, manager, strategic, status, updTime);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A KH_CUSTOMER row as the 97 system writes it, on a connection to any 97 database (H2 or PostgreSQL). */
    public static void customer97(Connection c, String custNo, String name, String custClass, String industry,
                                  String parent, String manager, String strategic, String status, LocalDateTime updTime)
            throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM KH_CUSTOMER WHERE CUST_NO = ?")) {
            del.setString(1, custNo);
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO KH_CUSTOMER (CUST_NO, CUST_NAME, CUST_CLASS,"
                + " INDUSTRY, LOCAL_NET, PARENT_CUST_NO, MANAGER_NO, STRATEGIC, STATUS, OPEN_DATE, CLOSE_DATE, UPD_TIME)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, DATE '2020-01-01', NULL, ?)")) {
            ps.setString(1, custNo);
            ps.setString(2, name);
            ps.setString(3, custClass);
            ps.setString(4, industry);
            ps.setString(5, custNo.substring(0, 2));
            ps.setString(6, parent);
            ps.setString(7, manager);
            ps.setString(8, strategic);
            ps.setString(9, status);
            ps.setTimestamp(10, Timestamp.valueOf(updTime));
            ps.executeUpdate();
        }
    }

    /** The 97 system accepts an order (STATUS 0). */
    public void order97(String orderNo, String custNo, String serviceType, String orderType, String slaLevel,
                        String aNet, String zNet) {
        try (Connection c = s97()) {
            order97(c, orderNo, custNo, serviceType, orderType, slaLevel, aNet, zNet);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new YW_ORDER row (STATUS 0) as the 97 system writes it, on a connection to any 97 database. */
    public static void order97(Connection c, String orderNo, String custNo, String serviceType, String orderType,
                               String slaLevel, String aNet, String zNet) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO YW_ORDER (ORDER_NO, CUST_NO,"
                + " SERVICE_TYPE, ORDER_TYPE, SLA_LEVEL, A_NET, A_ADDR, Z_NET, Z_ADDR, RATE, QTY, ACCEPT_TIME, STATUS,"
                + " UPD_TIME) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '2M', 1, ?, '0', ?)")) {
            ps.setString(1, orderNo);
            ps.setString(2, custNo);
            ps.setString(3, serviceType);
            ps.setString(4, orderType);
            ps.setString(5, slaLevel);
            ps.setString(6, aNet);
            ps.setString(7, aNet + "市某路1号");
            ps.setString(8, zNet);
            ps.setString(9, zNet == null ? null : zNet + "市某路2号");
            ps.setTimestamp(10, Timestamp.valueOf(LocalDateTime.of(2026, 11, 22, 8, 0)));
            ps.setTimestamp(11, Timestamp.valueOf(next97Time()));
            ps.executeUpdate();
        }
    }

    /** The network's inventory gets a circuit (RES_CIRCUIT; status 1 in service, 2 reserved, 9 released). */
    public void circuit(String circuitNo, String custNo, String serviceType, String status) {
        try (Connection c = nms(); PreparedStatement ps = c.prepareStatement("INSERT INTO RES_CIRCUIT (CIRCUIT_NO, CUST_NO,"
                + " SERVICE_TYPE, RATE, A_END, Z_END, STATUS, OPEN_DATE, UPD_TIME) VALUES (?, ?, ?, '2M', 'A端机房', 'Z端机房', ?,"
                + " DATE '2020-01-01', ?)")) {
            ps.setString(1, circuitNo);
            ps.setString(2, custNo);
            ps.setString(3, serviceType);
            ps.setString(4, status);
            ps.setTimestamp(5, Timestamp.valueOf(LocalDateTime.now()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An order's STATUS and DONE_TIME in the 97 system. */
    public String[] order97Status(String orderNo) {
        try (Connection c = s97(); PreparedStatement ps = c.prepareStatement(
                "SELECT STATUS, DONE_TIME FROM YW_ORDER WHERE ORDER_NO = ?")) {
            ps.setString(1, orderNo);
            var rs = ps.executeQuery();
            rs.next();
            Timestamp done = rs.getTimestamp(2);
            return new String[] {rs.getString(1), done == null ? null : done.toLocalDateTime().toString()};
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Tests clean up what they create: when the test JVM ends (after the hubs it started), the
     * environment's PostgreSQL database is dropped and its folder deleted.
     */
    private static void cleanUpAtExit(Path dir, String database) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (database != null) {
                dropPostgresDatabase(database);
            }
            deleteFolder(dir);
        }, "test-environment-cleanup"));
    }

    /** Drops a test's PostgreSQL database, even while something is still connected to it; says so if it cannot. */
    public static void dropPostgresDatabase(String name) {
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }

    /** Deletes a temporary folder and all it holds, as far as it can. */
    public static void deleteFolder(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: a temporary folder
        }
    }

    public static String createPostgresDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return PG_ADMIN_URL.substring(0, PG_ADMIN_URL.lastIndexOf('/') + 1) + name;
    }

    public static void runScript(String url, String user, String resource) throws SQLException, IOException {
        String sql;
        try (InputStream in = TestEnvironment.class.getResourceAsStream(resource)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }
}
