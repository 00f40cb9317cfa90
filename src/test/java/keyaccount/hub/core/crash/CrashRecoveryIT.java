package keyaccount.hub.core.crash;

import static keyaccount.hub.test.FaultMessages.faultReturn;
import static keyaccount.hub.test.FaultMessages.report;
import static keyaccount.hub.test.FaultMessages.reportNo;
import static keyaccount.hub.test.FaultMessages.tag;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.BrokerClient.Received;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.ForkedHub;
import keyaccount.hub.test.FtpPeer;
import keyaccount.hub.test.PeerDatabases;
import keyaccount.hub.test.StoreProbe;
import keyaccount.hub.test.TestEnvironment;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fault injection: a hub halted (as kill -9 would stop it) at each of its crash points, then
 * started again on the same data folder, store and broker journal. The peers are played from
 * outside as they really talk to the hub: the call center and network management over the
 * broker's TCP port, the 97 system by JDBC on its tables (served from this JVM, so they outlive the
 * hub), finance by its FTP server. Nothing the hub sends is consumed before the crash (a consumer
 * whose acknowledgement is lost in the crash would be given the message again, which would look
 * like a double send): peers only browse. Once the restarted hub has finished, each outgoing queue
 * is drained and counted: every peer must have got each message exactly once, and nothing may
 * stay pending in the outbox or among the pending actions.
 *
 * <p>Where a crash point could be reached by two threads at once (the relay beside a consumer or
 * the pending actions), the test pauses the relay through the actuator, as an operator would, so
 * that each crash cuts one mechanism only. The H2 store runs with WRITE_DELAY=0 ({@link StoreProbe});
 * whether H2's default keeps its commits through a kill is {@link StoreDurabilityIT}'s question.
 */
class CrashRecoveryIT {
    /** A forked hub's start: a JVM with Spring Boot, Artemis and Camel, on a busy 2-core machine. */
    private static final Duration START = Duration.ofSeconds(150);
    private static final Duration HALT = Duration.ofSeconds(60);
    /** How long the restarted hub may take to finish what the crash left. */
    private static final Duration FINISH = Duration.ofSeconds(60);
    /** A drained queue is empty once nothing more has come for this long. */
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final String RELAY = "hub-outbox-relay";
    /** Both hubs are the same instance restarted (HUB_INSTANCE_ID), so each takes its own leases back at once. */
    private static final String INSTANCE = "crash-test-hub";
    private static final String UNSENT = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestEnvironment env;
    private PeerDatabases peerDatabases;
    private StoreProbe store;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void setUp() {
        env = TestEnvironment.create();
        peerDatabases = PeerDatabases.serve(env);
        store = new StoreProbe(env);
    }

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
        peerDatabases.close();
        env.stopFinanceFtp();
        env.billingFtp.stop();
    }

    // ---------------------------------------------------------------- 1. relay-after-broker-commit

    @Test
    void aRelayBatchTheBrokerTookJustBeforeTheCrashReachesEachPeerOnceAndTheOutboxDrains() throws Exception {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String cust = FaultMessages.custNo("KM");
            env.customer97(cust, "云南省直属单位" + i, "10", null, false, "1");
            customers.add(cust);
        }
        List<String> reportNos = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            reportNos.add(reportNo());
        }

        ForkedHub first = hub(CrashPoints.RELAY_AFTER_BROKER_COMMIT, Map.of());
        awaitCustomers(customers);
        // Every report is taken and committed while the relay is paused, so that the crash cuts the
        // relay alone, with everything they caused in one batch.
        route(first, RELAY, "stop");
        BrokerClient callCenter = callCenter();
        Instant now = Instant.now();
        for (int i = 0; i < reportNos.size(); i++) {
            callCenter.sendText(Queues.CC_FAULT_REPORT, report(reportNos.get(i), customers.get(i % customers.size()),
                    null, "DDN", now, "UTF-8"));
        }
        BrokerClient admin = admin();
        await("40 reports taken").until(() -> admin.messageCount(Queues.CC_FAULT_REPORT) == 0
                && store.count("SELECT COUNT(*) FROM fault_ticket") == reportNos.size());
        route(first, RELAY, "start");
        assertHalted(first, CrashPoints.RELAY_AFTER_BROKER_COMMIT);
        long inFlight = store.count(UNSENT);
        note("relay-after-broker-commit", inFlight + " outbox rows committed in the store, not marked sent, "
                + "taken by the broker in one batch (limit 200) at the crash");
        assertThat(inFlight).as("rows the crash left unmarked").isPositive();

        ForkedHub second = hub(null, Map.of());
        BrokerClient adminAfter = admin();
        try {
            await("the outbox relayed after the restart").until(() -> store.count(UNSENT) == 0);
        } catch (ConditionTimeoutException e) {
            List<String> failures = relayFailures(second);
            throw new AssertionError(store.count(UNSENT) + " outbox rows still not marked sent " + FINISH
                    + " after the restart; the restarted hub's relay failed " + failures.size() + " times, first: "
                    + failures.stream().findFirst().map(l -> l.substring(0, Math.min(l.length(), 400))).orElse("-")
                    + "; its log has " + second.logLines(l -> l.contains("DUPLICATE_ID_REJECTED")).size()
                    + " lines with DUPLICATE_ID_REJECTED", e);
        }
        await("the outbox stays drained").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                .until(() -> store.count(UNSENT) == 0);
        assertThat(adminAfter.messageCount(Queues.CC_FAULT_REPORT)).isZero();

        Map<String, String> ticketOfReport = new TreeMap<>();
        for (List<Object> row : store.rows("SELECT report_no, ticket_no FROM fault_ticket")) {
            ticketOfReport.put((String) row.get(0), (String) row.get(1));
        }
        assertThat(ticketOfReport.keySet()).containsExactlyInAnyOrderElementsOf(reportNos);
        List<Received> replies = callCenter().drain(Queues.CC_FAULT_REPLY, QUIET);
        List<Received> dispatches = nms().drain(Queues.NMS_FAULT_DISPATCH, QUIET);
        note("relay-after-broker-commit", "after the restart the call center got " + replies.size()
                + " replies, NMS " + dispatches.size() + " dispatches");
        assertThat(repliesByReport(replies)).as("replies (status) per ReportNo")
                .isEqualTo(each(reportNos, List.of("ACCEPTED")));
        assertThat(dispatchCounts(dispatches)).as("FaultDispatch per ticket")
                .isEqualTo(each(ticketOfReport.values(), 1L));
        assertThat(relayFailures(second)).as("failed relay runs in the restarted hub's log").hasSizeLessThan(2);
    }

    // ---------------------------------------------------------------- 2. consume-after-store-commit

    @Test
    void aReportCommittedInTheStoreJustBeforeTheCrashIsRedeliveredAndAnsweredOnce() throws Exception {
        String cust = FaultMessages.custNo("KM");
        env.customer97(cust, "云南省统计局", "10", null, false, "1");
        String reportNo = reportNo();

        ForkedHub first = hub(CrashPoints.CONSUME_AFTER_STORE_COMMIT, Map.of());
        awaitCustomers(List.of(cust));
        // nothing is relayed before the crash: the halt cuts the consumer alone
        route(first, RELAY, "stop");
        callCenter().sendText(Queues.CC_FAULT_REPORT, report(reportNo, cust, null, "DDN", Instant.now(), "UTF-8"));
        assertHalted(first, CrashPoints.CONSUME_AFTER_STORE_COMMIT);
        note("consume-after-store-commit (report)", "1 report consumed but not acknowledged; "
                + store.count("SELECT COUNT(*) FROM fault_ticket WHERE report_no = ?", reportNo) + " ticket and "
                + store.count(UNSENT) + " outbox rows committed at the crash");

        ForkedHub second = hub(null, Map.of());
        BrokerClient admin = admin();
        awaitFinished(admin, Queues.CC_FAULT_REPORT);
        assertThat(second.alive()).isTrue();

        List<String> tickets = store.strings("SELECT ticket_no FROM fault_ticket WHERE report_no = ?", reportNo);
        assertThat(tickets).as("tickets for " + reportNo).hasSize(1);
        String ticketNo = tickets.get(0);
        List<Received> replies = callCenter().drain(Queues.CC_FAULT_REPLY, QUIET);
        List<Received> dispatches = nms().drain(Queues.NMS_FAULT_DISPATCH, QUIET);
        assertThat(repliesByReport(replies)).as("replies (status) per ReportNo")
                .isEqualTo(Map.of(reportNo, List.of("ACCEPTED")));
        assertThat(dispatchCounts(dispatches)).as("FaultDispatch per ticket").isEqualTo(Map.of(ticketNo, 1L));
        assertThat(store.strings("SELECT to_state FROM form_transition WHERE form_no = ? ORDER BY id", ticketNo))
                .containsExactly("ACCEPTED");
    }

    @Test
    void aReturnCommittedInTheStoreJustBeforeTheCrashIsRedeliveredAndAppliedOnce() throws Exception {
        String cust = FaultMessages.custNo("KM");
        env.customer97(cust, "云南省水利厅", "10", null, false, "1");
        String reportNo = reportNo();
        Instant reportedAt = Instant.now();

        // the report passes the point first (1st passage), the return halts the hub (2nd)
        ForkedHub first = hub(CrashPoints.CONSUME_AFTER_STORE_COMMIT + "@2", Map.of());
        awaitCustomers(List.of(cust));
        callCenter().sendText(Queues.CC_FAULT_REPORT, report(reportNo, cust, null, "DDN", reportedAt, "UTF-8"));
        BrokerClient admin = admin();
        // network management sees the dispatch (browsing, not taking it) and answers
        Received dispatch = await("the dispatch").until(() -> admin.browse(Queues.NMS_FAULT_DISPATCH).stream()
                .findFirst(), Optional::isPresent).orElseThrow();
        String ticketNo = JSON.readTree(dispatch.body()).get("ticketNo").asText();
        await("the report's messages relayed").until(() -> store.count(UNSENT) == 0);
        // nothing is relayed from now on before the crash: the halt cuts the consumer alone
        route(first, RELAY, "stop");
        nms().sendText(Queues.NMS_FAULT_RETURN, faultReturn(ticketNo, "DIAGNOSED", reportedAt.plusSeconds(60), null, "LINE"));
        assertHalted(first, CrashPoints.CONSUME_AFTER_STORE_COMMIT);
        note("consume-after-store-commit (return)", "1 FaultReturn consumed but not acknowledged; "
                + store.count("SELECT COUNT(*) FROM form_transition WHERE form_no = ? AND to_state = 'DIAGNOSED'", ticketNo)
                + " DIAGNOSED transition and " + store.count(UNSENT) + " outbox rows committed at the crash");

        ForkedHub second = hub(null, Map.of());
        awaitFinished(admin(), Queues.NMS_FAULT_RETURN);
        assertThat(second.alive()).isTrue();

        List<Received> replies = callCenter().drain(Queues.CC_FAULT_REPLY, QUIET);
        List<Received> dispatches = nms().drain(Queues.NMS_FAULT_DISPATCH, QUIET);
        assertThat(repliesByReport(replies)).as("replies (status) per ReportNo")
                .isEqualTo(Map.of(reportNo, List.of("ACCEPTED", "IN_PROGRESS")));
        assertThat(dispatchCounts(dispatches)).as("FaultDispatch per ticket").isEqualTo(Map.of(ticketNo, 1L));
        assertThat(store.strings("SELECT to_state FROM form_transition WHERE form_no = ? ORDER BY id", ticketNo))
                .containsExactly("ACCEPTED", "DIAGNOSED");
        assertThat(store.strings("SELECT fault_type FROM fault_ticket WHERE ticket_no = ?", ticketNo)).containsExactly("LINE");
    }

    // ---------------------------------------------------------------- 3. action-after-effect

    @Test
    void actionsCarriedOutJustBeforeACrashTakeEffectOnce() throws Exception {
        String cust = FaultMessages.custNo("KM");
        env.customer97(cust, "云南省档案局", "10", null, false, "1");
        String orderNo = "YW" + String.format("%08d", FaultMessages.unique() % 100_000_000);
        Map<String, String> polling = Map.of("hub.orders.poll-period-ms", "1000");

        // 1st crash: right after the first pending action (the 97 write-back), before it is marked done
        ForkedHub first = hub(CrashPoints.ACTION_AFTER_EFFECT, polling);
        awaitCustomers(List.of(cust));
        env.order97(orderNo, cust, "DDN", "NEW", null, "KM", null); // LOCAL, then ACCEPTANCE
        String woNo = await("the order taken").until(() -> store.strings(
                "SELECT work_order_no FROM work_order WHERE order_no = ?", orderNo), l -> !l.isEmpty()).get(0);
        BrokerClient admin = admin();
        BrokerClient nms = nms();
        nms.sendText(Queues.NMS_WORKORDER_RETURN, completed(awaitTask(admin, woNo, "LOCAL")));
        JsonNode acceptance = awaitTask(admin, woNo, "ACCEPTANCE");
        await("the work order's messages relayed").until(() -> store.count(UNSENT) == 0);
        // nothing is relayed from now on before the crash: the halt cuts the pending actions alone
        route(first, RELAY, "stop");
        nms.sendText(Queues.NMS_WORKORDER_RETURN, completed(acceptance));
        assertHalted(first, CrashPoints.ACTION_AFTER_EFFECT);

        String[] atFirstCrash = env.order97Status(orderNo);
        String updTimeAtFirstCrash = order97UpdTime(orderNo);
        FtpPeer finance = new FtpPeer(env.financeFtpPort, "finance", "finance-test");
        List<List<Object>> actions = store.rows("SELECT kind, done_at FROM pending_action ORDER BY id");
        note("action-after-effect (1st)", actions.size() + " pending actions " + actions
                + "; YW_ORDER STATUS " + atFirstCrash[0] + " DONE_TIME " + atFirstCrash[1] + "; /settlement "
                + finance.list("/settlement") + "; " + store.count(UNSENT) + " outbox rows unsent at the crash");
        assertThat(actions).as("pending actions decided before the crash").hasSizeGreaterThanOrEqualTo(2);

        // 2nd crash: the restarted hub repeats the write-back (1st passage) and halts right after the
        // settlement upload (2nd), before marking that one done
        ForkedHub second = hub(CrashPoints.ACTION_AFTER_EFFECT + "@2", polling);
        assertHalted(second, CrashPoints.ACTION_AFTER_EFFECT);
        String[] atSecondCrash = env.order97Status(orderNo);
        note("action-after-effect (2nd)", "pending actions " + store.rows("SELECT kind, done_at FROM pending_action ORDER BY id")
                + "; YW_ORDER STATUS " + atSecondCrash[0] + " DONE_TIME " + atSecondCrash[1] + "; /settlement "
                + finance.list("/settlement"));

        ForkedHub third = hub(null, polling);
        await("every pending action done").untilAsserted(() -> assertThat(
                store.count("SELECT COUNT(*) FROM pending_action WHERE done_at IS NULL"))
                .as(() -> "pending actions not done: " + store.rows(
                        "SELECT kind, ref, attempts, last_error FROM pending_action WHERE done_at IS NULL"))
                .isZero());
        awaitFinished(admin(), Queues.NMS_WORKORDER_RETURN);
        assertThat(third.alive()).isTrue();

        String[] after = env.order97Status(orderNo);
        note("action-after-effect (after)", "YW_ORDER STATUS " + after[0] + " DONE_TIME " + after[1] + " UPD_TIME "
                + order97UpdTime(orderNo) + " (at the 1st crash " + updTimeAtFirstCrash + ")");
        assertThat(after[0]).as("YW_ORDER STATUS").isEqualTo("2");
        assertThat(after[1]).as("YW_ORDER DONE_TIME").isNotNull();
        if (atFirstCrash[1] != null) {
            assertThat(after[1]).as("DONE_TIME written before the crash").isEqualTo(atFirstCrash[1]);
            // the write-back done again after the crash changes nothing the 97 side could read as a change
            assertThat(order97UpdTime(orderNo)).as("UPD_TIME written before the crash").isEqualTo(updTimeAtFirstCrash);
        }
        List<String> settlement = finance.list("/settlement");
        List<String> notices = settlement.stream().filter(n -> n.startsWith("SETTLE_") && n.endsWith(".csv")).toList();
        assertThat(notices).as("settlement notices in " + settlement).hasSize(1);
        assertThat(settlement).as("finance's /settlement").containsExactlyInAnyOrder(notices.get(0), notices.get(0) + ".ok");
        assertThat(finance.read("/settlement/" + notices.get(0))).contains(woNo + "," + cust + "," + orderNo + ",");

        List<Received> tasks = nms().drain(Queues.NMS_WORKORDER_DISPATCH, QUIET);
        Map<String, Long> perStation = tasks.stream()
                .collect(Collectors.groupingBy(CrashRecoveryIT::station, TreeMap::new, Collectors.counting()));
        assertThat(perStation).as("station tasks per station").isEqualTo(Map.of("ACCEPTANCE", 1L, "LOCAL", 1L));
        assertThat(store.strings("SELECT state FROM hub_form WHERE form_no = ?", woNo)).containsExactly("COMPLETED");
        assertThat(store.strings("SELECT to_state FROM form_transition WHERE form_no = ? ORDER BY id", woNo))
                .containsExactly("IN_PROGRESS", "AWAITING_ACCEPTANCE", "COMPLETED");
    }

    // ---------------------------------------------------------------- the hubs

    private ForkedHub hub(String crashAt, Map<String, String> extra) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.putAll(peerDatabases.hubProperties());
        p.putAll(store.hubProperties());
        p.put("hub.instance-id", INSTANCE);
        p.put("server.port", Integer.toString(TestEnvironment.freePort()));
        // the test pauses and resumes the outbox relay as an operator would
        p.put("management.endpoint.camelroutes.read-only", "false");
        if (crashAt != null) {
            p.put("hub.test.crash-at", crashAt);
        }
        p.putAll(extra);
        ForkedHub hub = ForkedHub.start(env, p);
        toClose.add(hub);
        return hub.awaitStarted(START);
    }

    private void assertHalted(ForkedHub hub, String point) throws InterruptedException {
        int exit = hub.awaitExit(HALT);
        assertThat(exit).as("exit code of the hub armed at " + point).isEqualTo(137);
        assertThat(hub.logged("CRASH POINT " + point)).as("the hub halted at " + point).isTrue();
    }

    private static void route(ForkedHub hub, String routeId, String action) {
        HttpResponse<String> r = hub.http().post("/actuator/camelroutes/" + routeId + "/" + action, "operator:operator", "{}");
        assertThat(r.statusCode()).as(action + " " + routeId + ": " + r.body()).isBetween(200, 204);
    }

    /**
     * The log lines of the hub's relay runs that failed: an ERROR or WARN from the relay (its timer
     * thread, OutboxRelay, or the outage log naming the route), and each "still failing" the outage
     * log writes at DEBUG while a failure repeats. "works again" is no failure.
     */
    private static List<String> relayFailures(ForkedHub hub) {
        return hub.logLines(l -> {
            boolean relay = l.contains("outbox-relay]") || l.contains("OutboxRelay") || l.contains(RELAY);
            boolean failing = l.contains(" ERROR ") || l.contains(" WARN ") && !l.contains("works again")
                    || l.contains(RELAY + " still failing");
            return relay && failing && Character.isDigit(l.isEmpty() ? ' ' : l.charAt(0));
        });
    }

    // ---------------------------------------------------------------- the peers and the store

    private BrokerClient admin() {
        return track(BrokerClient.core(env.brokerUrl()));
    }

    private BrokerClient callCenter() {
        return track(BrokerClient.core(env.brokerUrl(), "callcenter", "callcenter-local"));
    }

    private BrokerClient nms() {
        return track(BrokerClient.core(env.brokerUrl(), "nms", "nms-local"));
    }

    private BrokerClient track(BrokerClient client) {
        toClose.add(client);
        return client;
    }

    private String order97UpdTime(String orderNo) throws SQLException {
        try (Connection c = env.s97();
             PreparedStatement ps = c.prepareStatement("SELECT UPD_TIME FROM YW_ORDER WHERE ORDER_NO = ?")) {
            ps.setString(1, orderNo);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? String.valueOf(rs.getTimestamp(1)) : null;
            }
        }
    }

    private void awaitCustomers(List<String> customers) {
        String in = customers.stream().map(c -> "?").collect(Collectors.joining(","));
        await("the customers synced from the 97 system").until(() -> store.count(
                "SELECT COUNT(*) FROM customer WHERE cust_no IN (" + in + ")", customers.toArray()) == customers.size());
    }

    /** The restarted hub has taken what was waiting on the inbound queue and relayed all it caused. */
    private void awaitFinished(BrokerClient admin, String inbound) {
        await("the restarted hub done with " + inbound).until(() -> admin.messageCount(inbound) == 0 && store.count(UNSENT) == 0);
    }

    private JsonNode awaitTask(BrokerClient admin, String woNo, String station) {
        Received task = await(station + " task of " + woNo).until(() -> admin.browse(Queues.NMS_WORKORDER_DISPATCH).stream()
                .filter(t -> woNo.equals(t.correlationId()) && station.equals(station(t))).findFirst(), Optional::isPresent)
                .orElseThrow();
        try {
            return JSON.readTree(task.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String completed(JsonNode task) {
        return "{\"workOrderNo\":\"" + task.get("workOrderNo").asText() + "\",\"taskNo\":\"" + task.get("taskNo").asText()
                + "\",\"result\":\"COMPLETED\",\"at\":\"" + FaultMessages.iso(Instant.now()) + "\",\"note\":\"test\"}";
    }

    private static String station(Received task) {
        try {
            return JSON.readTree(task.body()).get("station").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The statuses of the FaultReplies each ReportNo got, in the order they came. */
    private static Map<String, List<String>> repliesByReport(List<Received> replies) {
        return replies.stream().collect(Collectors.groupingBy(r -> tag(r.body(), "ReportNo"), TreeMap::new,
                Collectors.mapping(r -> tag(r.body(), "Status"), Collectors.toList())));
    }

    private static Map<String, Long> dispatchCounts(List<Received> dispatches) {
        return dispatches.stream().collect(Collectors.groupingBy(d -> {
            try {
                return JSON.readTree(d.body()).get("ticketNo").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, TreeMap::new, Collectors.counting()));
    }

    private static <K, V> Map<K, V> each(Collection<K> keys, V value) {
        return keys.stream().collect(Collectors.toMap(Function.identity(), k -> value, (a, b) -> a, TreeMap::new));
    }

    private static ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(FINISH).pollInterval(Duration.ofMillis(250));
    }

    private static void note(String scenario, String text) {
        System.out.println("CRASH-RECOVERY " + scenario + ": " + text);
    }
}
