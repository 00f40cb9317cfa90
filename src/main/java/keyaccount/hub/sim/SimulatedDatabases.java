package keyaccount.hub.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated 97 system's and network management's databases: their tables (ICD §3, §4) and
 * sample customers of every class with their circuits. Plain JDBC on the peers' own URLs; the
 * hub reads them as it would read the real ones.
 */
public class SimulatedDatabases {
    private static final Logger log = LoggerFactory.getLogger(SimulatedDatabases.class);

    /** A sample customer and its circuits. */
    public record SampleCustomer(String custNo, String name, String custClass, String industry, String parent,
                                 boolean strategic, List<String> circuits, List<String> serviceTypes) {}

    /** Where a simulated database lives (JDBC URL and user). */
    public record Db(String url, String user, String password) {}

    private final Db s97;
    private final Db nms;
    private final List<SampleCustomer> customers = new ArrayList<>();
    private final Random random = new Random();

    public SimulatedDatabases(Db s97, Db nms) {
        this.s97 = s97;
        this.nms = nms;
        sample("KM00010001", "云南省人民政府办公厅", "10", "02", null, true, "DDN", "DC2M");
        sample("KM00010002", "昆明市公安局", "10", "02", null, false, "DDN", "PSTN");
        sample("KM00020001", "云南白药集团股份有限公司", "20", "07", null, false, "FR", "LAN");
        sample("KM00030001", "富滇银行总行", "30", "01", null, true, "DDN", "DC2M");
        sample("KM00030002", "富滇银行五华支行", "20", "01", "KM00030001", false, "DDN");
        sample("KM00030003", "富滇银行官渡支行", "20", "01", "KM00030001", false, "X25");
        sample("KM00040001", "张建国", "40", "99", null, false, "PSTN", "ADSL");
        sample("KM00050001", "翠湖茶社", "50", "06", null, false, "ADSL");
        sample("SZ00010001", "苏州市财政局", "10", "02", null, false, "DDN", "PSTN");
        sample("SZ00020001", "苏州工业园区科技有限公司", "20", "03", null, true, "LAN", "DC2M");
        sample("SZ00030001", "苏州农商银行总行", "30", "01", null, false, "DDN");
        sample("SZ00030002", "苏州农商银行吴中支行", "20", "01", "SZ00030001", false, "FR");
        sample("SZ00040001", "李梅", "40", "99", null, false, "PSTN");
        sample("SZ00050001", "观前街鞋店", "50", "06", null, false, "ADSL", "PSTN");
    }

    private void sample(String custNo, String name, String custClass, String industry, String parent,
                        boolean strategic, String... services) {
        List<String> circuits = new ArrayList<>();
        for (int i = 0; i < services.length; i++) {
            circuits.add(custNo.substring(0, 2) + "-" + services[i] + "-" + custNo.substring(4) + i);
        }
        customers.add(new SampleCustomer(custNo, name, custClass, industry, parent, strategic, circuits, List.of(services)));
    }

    public List<SampleCustomer> customers() {
        return customers;
    }

    /** Creates the tables and the sample rows where they are missing. */
    public void create() {
        try (Connection c = DriverManager.getConnection(s97.url(), s97.user(), s97.password())) {
            runScript(c, "/peers/s97-schema.sql");
            for (SampleCustomer s : customers) {
                if (!exists(c, "SELECT 1 FROM KH_CUSTOMER WHERE CUST_NO = ?", s.custNo())) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO KH_CUSTOMER (CUST_NO, CUST_NAME,"
                            + " CUST_CLASS, INDUSTRY, LOCAL_NET, PARENT_CUST_NO, MANAGER_NO, STRATEGIC, STATUS,"
                            + " OPEN_DATE, UPD_TIME) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '1', DATE '2018-03-01', ?)")) {
                        ps.setString(1, s.custNo());
                        ps.setString(2, s.name());
                        ps.setString(3, s.custClass());
                        ps.setString(4, s.industry());
                        ps.setString(5, s.custNo().substring(0, 2));
                        ps.setString(6, s.parent());
                        ps.setString(7, "M" + s.custNo().substring(0, 2) + "01");
                        ps.setString(8, s.strategic() ? "Y" : "N");
                        ps.setTimestamp(9, Timestamp.valueOf(LocalDateTime.now()));
                        ps.executeUpdate();
                    }
                }
            }
            log.info("[sim-97] 97 database ready at {} with {} sample customers", s97.url(), customers.size());
        } catch (SQLException e) {
            throw new IllegalStateException("[sim-97] cannot prepare the simulated 97 database", e);
        }
        try (Connection c = DriverManager.getConnection(nms.url(), nms.user(), nms.password())) {
            runScript(c, "/peers/nms-schema.sql");
            for (SampleCustomer s : customers) {
                for (int i = 0; i < s.circuits().size(); i++) {
                    String circuit = s.circuits().get(i);
                    if (!exists(c, "SELECT 1 FROM RES_CIRCUIT WHERE CIRCUIT_NO = ?", circuit)) {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO RES_CIRCUIT (CIRCUIT_NO, CUST_NO,"
                                + " SERVICE_TYPE, RATE, A_END, Z_END, STATUS, OPEN_DATE, UPD_TIME)"
                                + " VALUES (?, ?, ?, '2M', ?, ?, '1', DATE '2019-06-01', ?)")) {
                            ps.setString(1, circuit);
                            ps.setString(2, s.custNo());
                            ps.setString(3, s.serviceTypes().get(i));
                            ps.setString(4, s.name() + " 机房");
                            ps.setString(5, "ADSL".equals(s.serviceTypes().get(i)) ? null : "局端 " + s.custNo().substring(0, 2));
                            ps.setTimestamp(6, Timestamp.valueOf(LocalDateTime.now()));
                            ps.executeUpdate();
                        }
                    }
                }
            }
            log.info("[sim-nms] network database ready at {}", nms.url());
        } catch (SQLException e) {
            throw new IllegalStateException("[sim-nms] cannot prepare the simulated network database", e);
        }
    }

    private static final String[][] OTHER_END = {
            {"KM", null}, {"KM", "KM"}, {"KM", "QJ"}, {"KM", "DL"}, {"KM", "SZ"},
            {"SZ", null}, {"SZ", "WX"}, {"SZ", "NJ"}, {"SZ", "KM"}, {"SZ", "SH"}};
    private static final String[] ORDER_TYPES = {"NEW", "NEW", "NEW", "NEW", "CHANGE"};
    private static final String[] SLA_LEVELS = {null, null, null, "A", "B", "C", "D", "E"};
    private long orderSequence = System.currentTimeMillis() % 1_000_000;

    /** A business customer orders something: the 97 system records it with STATUS 0. */
    public void insertOrder() {
        SampleCustomer s = customers.get(random.nextInt(customers.size()));
        String net = s.custNo().substring(0, 2);
        String[] ends = OTHER_END[random.nextInt(OTHER_END.length)];
        String zNet = ends[0].equals(net) ? ends[1] : null;
        String service = s.serviceTypes().get(random.nextInt(s.serviceTypes().size()));
        if ("PSTN".equals(service) || "ADSL".equals(service)) {
            zNet = null; // one-ended services
        }
        String orderNo = "YW" + String.format("%08d", ++orderSequence % 100_000_000);
        try (Connection c = DriverManager.getConnection(s97.url(), s97.user(), s97.password());
             PreparedStatement ps = c.prepareStatement("INSERT INTO YW_ORDER (ORDER_NO, CUST_NO, SERVICE_TYPE,"
                     + " ORDER_TYPE, SLA_LEVEL, A_NET, A_ADDR, Z_NET, Z_ADDR, RATE, QTY, ACCEPT_TIME, STATUS, UPD_TIME)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '2M', ?, ?, '0', ?)")) {
            Timestamp now = Timestamp.valueOf(LocalDateTime.now());
            ps.setString(1, orderNo);
            ps.setString(2, s.custNo());
            ps.setString(3, service);
            // now and then a customer gives notice (业务需求终止单)
            ps.setString(4, random.nextInt(20) == 0 ? "TERMINATE" : ORDER_TYPES[random.nextInt(ORDER_TYPES.length)]);
            ps.setString(5, SLA_LEVELS[random.nextInt(SLA_LEVELS.length)]);
            ps.setString(6, net);
            ps.setString(7, s.name());
            ps.setString(8, zNet);
            ps.setString(9, zNet == null ? null : zNet + " 分支机构");
            ps.setInt(10, 1 + random.nextInt(3));
            ps.setTimestamp(11, now);
            ps.setTimestamp(12, now);
            ps.executeUpdate();
            log.info("[sim-97] order {} accepted for {} ({} {} -> {})", orderNo, s.custNo(), service, net,
                    zNet == null ? "-" : zNet);
        } catch (SQLException e) {
            log.warn("[sim-97] could not insert an order: {}", e.getMessage());
        }
    }

    /** The 97 system changes a customer now and then, so the incremental sync has work. */
    public void touchACustomer() {
        SampleCustomer s = customers.get(random.nextInt(customers.size()));
        try (Connection c = DriverManager.getConnection(s97.url(), s97.user(), s97.password());
             PreparedStatement ps = c.prepareStatement("UPDATE KH_CUSTOMER SET UPD_TIME = ? WHERE CUST_NO = ?")) {
            ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.now()));
            ps.setString(2, s.custNo());
            ps.executeUpdate();
            log.info("[sim-97] customer {} changed in the 97 system", s.custNo());
        } catch (SQLException e) {
            log.warn("[sim-97] could not touch {}: {}", s.custNo(), e.getMessage());
        }
    }

    private static boolean exists(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            return ps.executeQuery().next();
        }
    }

    private static void runScript(Connection c, String resource) throws SQLException {
        String sql;
        try (InputStream in = SimulatedDatabases.class.getResourceAsStream(resource)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (Statement s = c.createStatement()) {
            for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }
}
