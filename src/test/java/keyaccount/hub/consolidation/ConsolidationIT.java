package keyaccount.hub.consolidation;

import static keyaccount.hub.test.PeerFiles.GBK;
import static keyaccount.hub.test.PeerFiles.publish;
import static keyaccount.hub.test.PeerFiles.revenue;
import static keyaccount.hub.test.PeerFiles.revenueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.config.ClusterConfig;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubIntegrationTest;
import keyaccount.hub.test.PeerFiles.Revenue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly consolidation through its real interfaces: files on billing's and finance's FTP
 * servers, the 97 and network databases over JDBC, the run started and read over HTTP.
 */
class ConsolidationIT extends HubIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Each test bills its own month, so tests sharing the store and the FTP folder stay apart. */
    private static final AtomicInteger MONTHS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    private PlatformTransactionManager txManager;
    @Autowired
    ConsolidationRuns runs;
    @Autowired
    CustomerSync customerSync;

    private final Path revenueDir = ENV.billingFtp.root().resolve("revenue");
    private final Path paymentsDir = ENV.financeFtp.root().resolve("payments");
    private final Path arrearsDir = ENV.financeFtp.root().resolve("arrears");

    private static String month() {
        int m = MONTHS.incrementAndGet();
        return String.format("%04d%02d", 2001 + (m - 1) / 12, 1 + (m - 1) % 12);
    }

    private ConsolidationRuns.Run runAndWait() {
        ConsolidationRuns.Request r = runs.requestNow("test", null);
        assertThat(r.started()).as(r.refusal()).isTrue();
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> runs.find(r.runId()).orElseThrow(), run -> !"RUNNING".equals(run.status()));
    }

    private static ConsolidationRuns.Source source(ConsolidationRuns.Run run, String name) {
        return run.sources().stream().filter(s -> s.source().equals(name)).findFirst().orElseThrow();
    }

    private long revenueRows(String month) {
        return store.queryForObject("SELECT COUNT(*) FROM revenue_line WHERE bill_month = ?", Long.class, month);
    }

    @Test
    void aRevenueFileIsLoadedWithItsChineseNamesIntactAndTheRunIsShownOverHttp() throws Exception {
        String month = month();
        String a = FaultMessages.custNo("KM");
        String b = FaultMessages.custNo("KM");
        String name = revenueName("KM", month, 1);
        publish(revenueDir, name, revenue("KM", month, 1, List.of(
                new Revenue(a, "A000123456", "DDN", "DDN数字电路月租", 1_250_000, 2),
                new Revenue(a, "A000123456", "LD", "国内长途", 38_015, 1),
                new Revenue(b, "A000777777", "DC2M", "2M数字电路", -5_000, 1)), null).getBytes(GBK), true);

        ConsolidationRuns.Run run = runAndWait();

        assertThat(run.status()).as(run.message()).isEqualTo("SUCCEEDED");
        assertThat(store.queryForList("SELECT product_name FROM revenue_line WHERE bill_month = ? ORDER BY amount_fen DESC",
                String.class, month)).containsExactly("DDN数字电路月租", "国内长途", "2M数字电路");
        assertThat(store.queryForObject("SELECT SUM(amount_fen) FROM revenue_line WHERE cust_no = ? AND bill_month = ?",
                Long.class, a, month)).isEqualTo(1_288_015L);
        assertThat(store.queryForObject("SELECT status FROM inbound_file WHERE file_name = ?", String.class, name))
                .isEqualTo("LOADED");
        assertThat(source(run, "billing.revenue").loaded()).isGreaterThanOrEqualTo(3);
        // the file stays on billing's server: the hub never changes a peer's folder
        assertThat(revenueDir.resolve(name)).exists();
        assertThat(revenueDir.resolve(name + ".ok")).exists();

        HttpResponse<String> list = new HubHttp(port).get("/api/v1/consolidation/runs", "operator:operator");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode shown = JSON.readTree(list.body());
        JsonNode mine = Stream.of(JSON.treeToValue(shown, JsonNode[].class))
                .filter(n -> n.get("runId").asText().equals(run.runId())).findFirst().orElseThrow();
        assertThat(mine.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(mine.get("sources").toString()).contains("billing.revenue", "finance.payments", "97.customers");

        // operators' metrics: the latest run's status and age
        clock.advance(Duration.ofMinutes(5));
        String metrics = new HubHttp(port).get("/actuator/prometheus", "viewer:viewer").body();
        assertThat(metrics).contains("hub_consolidation_last_run_status{status=\"SUCCEEDED\"} 1.0",
                "hub_consolidation_last_run_status{status=\"FAILED\"} 0.0", "hub_consolidation_last_run_age_seconds",
                "hub_consolidation_last_success_age_seconds");
    }

    @Test
    void aNightFromBillingsFileToTheAccountManagersViewAndAChurnWarning() throws Exception {
        // a local net of this test's own, so no other test's revenue counts in its totals
        String cust = FaultMessages.custNo("YX");
        String other = FaultMessages.custNo("YX");
        ENV.customer97(cust, "玉溪某烟草公司", "20", "07", null, "M042", "N", "1", keyaccount.hub.test.TestEnvironment.next97Time());
        customerSync.sync();
        publish(revenueDir, revenueName("YX", "202609", 1), revenue("YX", "202609", 1, List.of(
                new Revenue(cust, "A1", "DDN", "DDN数字电路月租", 1_250_000, 1),
                new Revenue(other, "B1", "PSTN", "本地电话", 20_000, 1)), null).getBytes(GBK), true);
        assertThat(runAndWait().status()).isEqualTo("SUCCEEDED");

        HubHttp http = new HubHttp(port);
        JsonNode profile = JSON.readTree(http.get("/api/v1/customers/" + cust, "am:am").body());
        assertThat(profile.get("kinds").toString()).contains("HIGH_VALUE");
        assertThat(profile.get("grade").asText()).isEqualTo("B");
        assertThat(profile.get("revenue").get(0).get("products").get(0).get("productName").asText())
                .isEqualTo("DDN数字电路月租");

        // next month the customer spends less than half: one churn warning to its account manager
        publish(revenueDir, revenueName("YX", "202610", 1), revenue("YX", "202610", 1, List.of(
                new Revenue(cust, "A1", "DDN", "DDN数字电路月租", 500_000, 1),
                new Revenue(other, "B1", "PSTN", "本地电话", 20_000, 1)), null).getBytes(GBK), true);
        assertThat(runAndWait().status()).isEqualTo("SUCCEEDED");
        runAndWait();
        assertThat(store.queryForList("SELECT message FROM alarm WHERE kind = 'CHURN' AND cust_no = ?", String.class, cust))
                .hasSize(1).allMatch(m -> m.contains("M042"));
        assertThat(http.get("/api/v1/kpis?localNet=YX", "am:am").statusCode()).isEqualTo(200);
    }

    @Test
    void aTrailerMismatchLoadsNothingSetsTheFileAsideAndRaisesOneAlarm() throws Exception {
        Recorder alarms = broker.subscribe(Queues.HUB_ALARM);
        String month = month();
        String cust = FaultMessages.custNo("KM");
        String name = revenueName("KM", month, 1);
        publish(revenueDir, name, revenue("KM", month, 1, List.of(
                new Revenue(cust, "A1", "DDN", "DDN数字电路月租", 100_000, 1),
                new Revenue(cust, "A1", "LD", "国内长途", 2_000, 1)), 999_999L).getBytes(GBK), true);

        ConsolidationRuns.Run run = runAndWait();
        runAndWait();

        assertThat(run.status()).isEqualTo("SUCCEEDED");
        assertThat(revenueRows(month)).isZero();
        Map<String, Object> file = store.queryForMap("SELECT status, reason FROM inbound_file WHERE file_name = ?", name);
        assertThat(file.get("status")).isEqualTo("REJECTED");
        assertThat((String) file.get("reason")).contains("trailer says 2 lines summing 999999 fen",
                "the file has 2 lines summing 102000 fen");
        assertThat(source(run, "billing.revenue").rejected()).isEqualTo(2);
        assertThat(source(run, "billing.revenue").note()).contains(name + " rejected");
        try (Stream<Path> aside = Files.list(ENV.dataDir.resolve("rejected").resolve("billing.revenue"))) {
            assertThat(aside.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(name)).toList())
                    .anyMatch(n -> n.endsWith(".reason.txt")).hasSize(2);
        }
        assertThat(store.queryForObject("SELECT COUNT(*) FROM alarm WHERE kind = 'FILE_REJECTED' AND message LIKE ?",
                Integer.class, "%" + name + "%")).isEqualTo(1);
        alarms.await(r -> r.body().contains("FILE_REJECTED") && r.body().contains(name), Duration.ofSeconds(10));
    }

    @Test
    void aFileWithoutItsOkMarkerIsLeftAloneUntilTheMarkerComes() {
        String month = month();
        String name = revenueName("SZ", month, 1);
        publish(revenueDir, name, revenue("SZ", month, 1, List.of(
                new Revenue(FaultMessages.custNo("SZ"), "A1", "DDN", "DDN数字电路月租", 500_000, 1)), null).getBytes(GBK), false);

        runAndWait();
        assertThat(revenueRows(month)).isZero();
        assertThat(store.queryForObject("SELECT COUNT(*) FROM inbound_file WHERE file_name = ?", Integer.class, name)).isZero();

        keyaccount.hub.test.PeerFiles.markComplete(revenueDir, name);
        runAndWait();
        assertThat(revenueRows(month)).isEqualTo(1);
    }

    @Test
    void theSameFileTakenTwiceIsLoadedOnce() {
        String month = month();
        String name = revenueName("KM", month, 1);
        publish(revenueDir, name, revenue("KM", month, 1, List.of(
                new Revenue(FaultMessages.custNo("KM"), "A1", "DDN", "DDN数字电路月租", 700_000, 1),
                new Revenue(FaultMessages.custNo("KM"), "A2", "LD", "国内长途", 3_000, 1)), null).getBytes(GBK), true);
        runAndWait();
        ConsolidationRuns.Run second = runAndWait();
        assertThat(revenueRows(month)).isEqualTo(2);
        assertThat(source(second, "billing.revenue").loaded()).isZero();

        // the server lists it anew (touched, copied again): the checksum recognises the same bytes
        store.update("UPDATE inbound_file SET listing_key = 'listed-differently' WHERE file_name = ?", name);
        ConsolidationRuns.Run third = runAndWait();
        assertThat(revenueRows(month)).isEqualTo(2);
        assertThat(source(third, "billing.revenue").note()).contains(name + " taken before");
        assertThat(store.queryForObject("SELECT COUNT(*) FROM inbound_file WHERE file_name = ?", Integer.class, name))
                .isEqualTo(1);
    }

    @Test
    void aHigherSeqReplacesTheEarlierFileWhole() {
        String month = month();
        String a = FaultMessages.custNo("KM");
        String b = FaultMessages.custNo("KM");
        publish(revenueDir, revenueName("KM", month, 1), revenue("KM", month, 1, List.of(
                new Revenue(a, "A1", "DDN", "DDN数字电路月租", 100_000, 1),
                new Revenue(b, "B1", "LD", "国内长途", 5_000, 1)), null).getBytes(GBK), true);
        runAndWait();
        assertThat(revenueRows(month)).isEqualTo(2);

        publish(revenueDir, revenueName("KM", month, 2), revenue("KM", month, 2, List.of(
                new Revenue(a, "A1", "DDN", "DDN数字电路月租", 120_000, 1)), null).getBytes(GBK), true);
        runAndWait();

        assertThat(store.queryForList("SELECT cust_no || ':' || amount_fen FROM revenue_line WHERE bill_month = ?",
                String.class, month)).containsExactly(a + ":120000");
        assertThat(store.queryForObject("SELECT status FROM inbound_file WHERE file_name = ?", String.class,
                revenueName("KM", month, 1))).isEqualTo("REPLACED");
        assertThat(store.queryForObject("SELECT seq FROM revenue_file_current WHERE local_net = 'KM' AND bill_month = ?",
                Integer.class, month)).isEqualTo(2);
    }

    @Test
    void paymentsAreKeptOncePerPayIdAndTheArrearsSnapshotIsReplacedByANewerDay() {
        String cust = FaultMessages.custNo("KM");
        String p1 = "P" + FaultMessages.unique();
        String p2 = "P" + FaultMessages.unique();
        String p3 = "P" + FaultMessages.unique();
        String header = "pay_id,cust_no,acct_no,amount_yuan,paid_at,channel\n";
        publish(paymentsDir, "PAY_20261120.csv", (header + p1 + "," + cust + ",A1,1250.00,2026-11-20T10:00:00+08:00,BANK\n"
                + p2 + "," + cust + ",A1,99.50,2026-11-20T11:00:00+08:00,COUNTER\n").getBytes(StandardCharsets.UTF_8), true);
        publish(paymentsDir, "PAY_20261121.csv", (header + p2 + "," + cust + ",A1,99.50,2026-11-20T11:00:00+08:00,COUNTER\n"
                + p3 + "," + cust + ",A1,10.00,2026-11-21T09:00:00+08:00,BANK\n").getBytes(StandardCharsets.UTF_8), true);
        String arrHeader = "cust_no,acct_no,overdue_yuan,overdue_since\n";
        publish(arrearsDir, "ARR_20261120.csv", (arrHeader + cust + ",A1,300.00,2026-08-01\n" + cust
                + ",A2,20.00,2026-10-01\n").getBytes(StandardCharsets.UTF_8), true);
        publish(arrearsDir, "ARR_20261121.csv", (arrHeader + cust + ",A1,320.00,2026-08-01\n")
                .getBytes(StandardCharsets.UTF_8), true);

        ConsolidationRuns.Run run = runAndWait();

        assertThat(store.queryForList("SELECT pay_id FROM payment WHERE cust_no = ? ORDER BY paid_at", String.class, cust))
                .containsExactly(p1, p2, p3);
        assertThat(source(run, "finance.payments").read()).isEqualTo(4);
        assertThat(source(run, "finance.payments").loaded()).isEqualTo(3);
        assertThat(store.queryForList("SELECT acct_no || ':' || overdue_yuan FROM arrears", String.class))
                .containsExactly("A1:320.00");

        // yesterday's snapshot arriving late changes nothing
        publish(arrearsDir, "ARR_20261119.csv", (arrHeader + cust + ",A9,1.00,2026-11-01\n")
                .getBytes(StandardCharsets.UTF_8), true);
        runAndWait();
        assertThat(store.queryForList("SELECT acct_no FROM arrears", String.class)).containsExactly("A1");
        assertThat(store.queryForObject("SELECT status FROM inbound_file WHERE file_name = 'ARR_20261119.csv'",
                String.class)).isEqualTo("SUPERSEDED");
    }

    @Test
    void circuitsAndCustomersAreReconciledInFullCatchingCustomersWhoLeft() throws Exception {
        String stays = FaultMessages.custNo("KM");
        String leftQuietly = FaultMessages.custNo("KM");
        String vanished = FaultMessages.custNo("KM");
        ENV.customer97(stays, "昆明市财政局", "10", null, false, "1");
        ENV.customer97(leftQuietly, "昆明某银行", "20", null, false, "1");
        ENV.customer97(vanished, "昆明某公司", "20", null, false, "1");
        customerSync.sync();
        String circuit = "KM-DDN-" + FaultMessages.unique();
        ENV.circuit(circuit, stays, "DDN", "1");

        // the 97 system marks one as gone without moving UPD_TIME forward (the incremental sync
        // cannot see it), and deletes another outright
        ENV.customer97(leftQuietly, "昆明某银行", "20", "06", null, "M001", "N", "9", LocalDateTime.of(2001, 1, 1, 0, 0));
        try (var c = ENV.s97(); var ps = c.prepareStatement("DELETE FROM KH_CUSTOMER WHERE CUST_NO = ?")) {
            ps.setString(1, vanished);
            ps.executeUpdate();
        }
        customerSync.sync();
        assertThat(store.queryForObject("SELECT status FROM customer WHERE cust_no = ?", String.class, leftQuietly))
                .isEqualTo("1");

        ConsolidationRuns.Run run = runAndWait();

        assertThat(run.status()).as(run.message()).isEqualTo("SUCCEEDED");
        assertThat(store.queryForObject("SELECT status FROM customer WHERE cust_no = ?", String.class, leftQuietly))
                .isEqualTo("9");
        assertThat(store.queryForObject("SELECT missing_since IS NOT NULL FROM customer WHERE cust_no = ?", Boolean.class,
                vanished)).isTrue();
        for (String gone : List.of(leftQuietly, vanished)) {
            assertThat(store.queryForObject("SELECT COUNT(*) FROM alarm WHERE kind = 'CHURN' AND cust_no = ?", Integer.class,
                    gone)).as(gone).isEqualTo(1);
        }
        assertThat(store.queryForObject("SELECT COUNT(*) FROM alarm WHERE kind = 'CHURN' AND cust_no = ?", Integer.class,
                stays)).isZero();
        assertThat(store.queryForObject("SELECT status FROM circuit WHERE circuit_no = ?", String.class, circuit))
                .isEqualTo("1");

        try (var c = ENV.nms(); var ps = c.prepareStatement("DELETE FROM RES_CIRCUIT WHERE CIRCUIT_NO = ?")) {
            ps.setString(1, circuit);
            ps.executeUpdate();
        }
        runAndWait();
        assertThat(store.queryForObject("SELECT gone_at IS NOT NULL FROM circuit WHERE circuit_no = ?", Boolean.class,
                circuit)).isTrue();
        assertThat(store.queryForObject("SELECT COUNT(*) FROM alarm WHERE kind = 'CHURN' AND cust_no = ?", Integer.class,
                vanished)).isEqualTo(1);
    }

    @Test
    void aFileServerThatCannotBeReachedFailsTheRunBeforeAnythingIsDerived() {
        ENV.stopFinanceFtp();
        try {
            ConsolidationRuns.Run run = runAndWait();
            assertThat(run.status()).isEqualTo("FAILED");
            assertThat(run.message()).contains("finance.payments failed");
            assertThat(source(run, "finance.payments").note()).startsWith("failed: ");
            // the sources before it were read; nothing after it, and no derived figures
            assertThat(run.sources().stream().map(ConsolidationRuns.Source::source))
                    .contains("97.customers", "billing.revenue").doesNotContain("finance.arrears");
        } finally {
            ENV.startFinanceFtp();
        }
        assertThat(runAndWait().status()).isEqualTo("SUCCEEDED");
    }

    @Test
    void reRunningOnTheSameInputsChangesNothing() {
        String month = month();
        publish(revenueDir, revenueName("KM", month, 1), revenue("KM", month, 1, List.of(
                new Revenue(FaultMessages.custNo("KM"), "A1", "DDN", "DDN数字电路月租", 900_000, 1)), null).getBytes(GBK), true);
        runAndWait();
        String before = fingerprint();
        ConsolidationRuns.Run again = runAndWait();
        assertThat(again.status()).isEqualTo("SUCCEEDED");
        assertThat(fingerprint()).isEqualTo(before);
    }

    /** Everything a run writes, but the run history itself. */
    private String fingerprint() {
        StringBuilder sb = new StringBuilder();
        for (String sql : List.of(
                "SELECT COUNT(*) || '/' || COALESCE(SUM(amount_fen), 0) FROM revenue_line",
                "SELECT COUNT(*) || '/' || COALESCE(SUM(seq), 0) FROM revenue_file_current",
                "SELECT COUNT(*) || '/' || COALESCE(SUM(amount_yuan), 0) FROM payment",
                "SELECT COUNT(*) || '/' || COALESCE(SUM(overdue_yuan), 0) FROM arrears",
                "SELECT COUNT(*) FROM inbound_file",
                "SELECT COUNT(*) || '/' || COUNT(gone_at) FROM circuit",
                "SELECT COUNT(*) || '/' || COUNT(missing_since) FROM customer",
                "SELECT COUNT(*) FROM alarm",
                "SELECT COUNT(*) FROM outbox")) {
            sb.append(store.queryForObject(sql, String.class)).append(';');
        }
        return sb.toString();
    }

    @Test
    void aRunIsRefusedWhileAnotherIsGoingAndOperatorsStartRunsOverHttp() throws Exception {
        HubHttp http = new HubHttp(port);
        // another hub instance holds the lease and runs
        store.update("INSERT INTO consolidation_run (run_id, run_key, trigger_kind, business_date, status, owner,"
                + " started_at) VALUES ('CR-OTHER-1', 'CR-OTHER-1', 'OPERATOR', DATE '2026-11-21', 'RUNNING', 'hub-b', ?)",
                java.time.OffsetDateTime.now());
        DefaultLockRepository hubB = ClusterConfig.repository(store.getDataSource(), txManager, "hub-b",
                ClusterConfig.CONSOLIDATION_REGION, Duration.ofMinutes(5));
        hubB.afterPropertiesSet();
        hubB.afterSingletonsInstantiated();
        assertThat(hubB.acquire("consolidation")).isTrue();
        try {
            HttpResponse<String> refused = http.post("/api/v1/consolidation/runs", "operator:operator", "{}");
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("CR-OTHER-1");
        } finally {
            hubB.delete("consolidation");
        }
        // hub-b died: the next run marks its run abandoned and goes ahead
        HttpResponse<String> started = http.post("/api/v1/consolidation/runs", "operator:operator",
                "{\"businessDate\":\"2026-11-21\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String runId = JSON.readTree(started.body()).get("runId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.find(runId).orElseThrow().status(), s -> !"RUNNING".equals(s));
        assertThat(store.queryForObject("SELECT status FROM consolidation_run WHERE run_id = 'CR-OTHER-1'", String.class))
                .isEqualTo("ABANDONED");
        assertThat(http.post("/api/v1/consolidation/runs", "operator:operator", "{\"businessDate\":\"21/11/2026\"}")
                .statusCode()).isEqualTo(400);
        assertThat(store.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'CONSOLIDATION_RUN' AND target = ?",
                Integer.class, runId)).isEqualTo(1);
    }
}
