package keyaccount.hub.cluster;

import static keyaccount.hub.test.HubCluster.figure;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.BrokerClient.Received;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.CallCenterLoad;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.ForkedHub;
import keyaccount.hub.test.HubCluster;
import keyaccount.hub.test.StoreProbe;
import keyaccount.hub.test.TestEnvironment;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The instance that holds the singleton work (outbox relay, deadline check, auto-close, pending
 * actions, 97 polling; it says so at {@code GET /api/v1/cluster}) is killed (SIGKILL) in the middle
 * of 3,000 fault reports from the call center and 300 new orders in the 97 system's YW_ORDER.
 * Another instance must take over within 30 s, and afterwards every report has one ticket and one
 * ACCEPTED reply, every order one work order, hub.dlq is empty, and no alarm was raised twice
 * (every tenth report is 100 minutes old, so each of those tickets gets one DEADLINE_WARNING from
 * the deadline check, a singleton job, before and after the kill).
 */
class TakeoverClusterIT {
    private static final int REPORTS = 3000;
    private static final int LATE_EVERY = 10;
    private static final int ORDERS = 300;
    private static final double REPORTS_PER_SECOND = 60;
    private static final double ORDERS_PER_SECOND = 10;
    private static final Duration TAKEOVER = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final HubCluster cluster = HubCluster.shared();

    @Test
    void theLeaderKilledUnderLoadAnotherTakesOverWithin30sAndNothingIsLostOrDoubled() throws Exception {
        String first = cluster.hubs().keySet().iterator().next();
        int status = cluster.hub(first).http().get("/api/v1/cluster", cluster.operator()).statusCode();
        assertThat(status).as("GET /api/v1/cluster").isEqualTo(200);
        List<String> customers = cluster.keyAccounts(5, "KM");
        String leader = awaitLeader(Set.of(), Duration.ofSeconds(60));
        figure("leader-before", leader, "");
        Recorder alarms = cluster.client("monitor").subscribe(Queues.HUB_ALARM);
        BrokerClient admin = cluster.client("hub");
        StoreProbe store = cluster.store();

        Instant now = Instant.now();
        Instant late = now.minus(Duration.ofMinutes(100)); // grade A, DDN: 2 h, so 83% used: a warning, no breach yet
        List<String> orderNos = new CopyOnWriteArrayList<>();
        Thread orderFeed = new Thread(() -> feedOrders(customers, orderNos), "97-orders");
        List<String> reportNos;
        try (CallCenterLoad load = CallCenterLoad.start(() -> cluster.broker().client("callcenter"), REPORTS_PER_SECOND,
                REPORTS, customers, n -> n % LATE_EVERY == 0 ? late : now)) {
            orderFeed.start();
            Awaitility.await("half the reports sent").atMost(Duration.ofSeconds(120))
                    .until(() -> load.sent().size() >= REPORTS / 2);

            // what is in flight at the kill
            int sent = load.sent().size();
            long replied = admin.messageCount(Queues.CC_FAULT_REPLY);
            long queued = admin.messageCount(Queues.CC_FAULT_REPORT);
            long delivering = admin.queueAttribute(Queues.CC_FAULT_REPORT, "deliveringCount");
            long unsent = store.count(ClusterChecks.UNSENT);
            long ordersWaiting = ordersWaiting();
            long killedAt = System.nanoTime();
            cluster.hub(leader).kill();
            figure("in-flight-at-kill", sent - replied, "reports sent and not yet answered (" + sent + " sent, "
                    + replied + " replies on cc.fault.reply; " + queued + " on cc.fault.report, " + delivering
                    + " of them handed to a hub's consumers (their buffers included) and not acknowledged)");
            figure("outbox-unsent-at-kill", unsent, "outbox rows not yet relayed");
            figure("orders-waiting-at-kill", ordersWaiting, "YW_ORDER rows with STATUS 0 (" + orderNos.size() + " written)");

            String next = awaitLeader(Set.of(leader), TAKEOVER.plusSeconds(30));
            Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
            figure("takeover", takeover.toMillis(), "ms from kill -9 of " + leader + " until " + next
                    + " reported itself leader (hub.cluster.lock-ttl default PT15S)");
            assertThat(takeover).as("takeover time").isLessThanOrEqualTo(TAKEOVER);
            reportNos = load.awaitAllSent(Duration.ofSeconds(180));
        }
        orderFeed.join(120_000);

        Duration finished = ClusterChecks.everyReportAnsweredOnce(cluster, reportNos, Duration.ofSeconds(300));
        figure("takeover-finished", finished.toMillis(), "ms after the last report was sent until every report was"
                + " answered and the outbox drained (" + REPORTS + " reports)");

        // every order exactly one work order, and each marked taken in the 97 system
        Set<String> ours = new HashSet<>(orderNos);
        assertThat(orderNos).hasSize(ORDERS);
        Awaitility.await("every order taken").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ordersWaiting() == 0);
        Map<String, Long> workOrders = new TreeMap<>();
        for (List<Object> row : store.rows("SELECT order_no, COUNT(*) FROM work_order GROUP BY order_no")) {
            if (ours.contains((String) row.get(0))) {
                workOrders.put((String) row.get(0), ((Number) row.get(1)).longValue());
            }
        }
        assertThat(workOrders).as("work orders per ORDER_NO").isEqualTo(ClusterChecks.each(orderNos, 1L));

        // one DEADLINE_WARNING per late ticket, in the store and on hub.alarm, none twice
        Set<String> lateReports = new HashSet<>();
        for (int i = 0; i < reportNos.size(); i += LATE_EVERY) {
            lateReports.add(reportNos.get(i));
        }
        Set<String> lateTickets = new HashSet<>();
        Set<String> tickets = new HashSet<>();
        for (List<Object> row : store.rows("SELECT report_no, ticket_no FROM fault_ticket")) {
            if (lateReports.contains((String) row.get(0))) {
                lateTickets.add((String) row.get(1));
            }
            tickets.add((String) row.get(1));
        }
        Awaitility.await("a warning for every late ticket").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> storedAlarms(store, tickets).size() >= lateTickets.size());
        List<String> stored = storedAlarms(store, tickets);
        assertThat(new TreeMap<>(counts(stored, a -> a))).as("alarms (form, kind) in the store")
                .isEqualTo(ClusterChecks.each(lateTickets.stream().map(t -> t + " DEADLINE_WARNING").toList(), 1L));
        List<Received> published = alarms.awaitCount(r -> tickets.contains(field(r, "formNo")), stored.size(),
                Duration.ofSeconds(60));
        Thread.sleep(2000); // a doubled publication would arrive now
        published = alarms.matching(r -> tickets.contains(field(r, "formNo")));
        assertThat(counts(published, r -> field(r, "formNo") + " " + field(r, "kind")).values())
                .as("publications per (form, kind) on hub.alarm").containsOnly(1L);
        assertThat(new HashSet<>(published.stream().map(r -> r.property("HubMessageId")).toList())).hasSize(published.size());

        // what was delivered or sent again because of the kill
        long redelivered = 0;
        long resent = 0;
        for (Map.Entry<String, ForkedHub> hub : cluster.hubs().entrySet()) {
            if (hub.getValue().alive()) {
                redelivered += hub.getValue().logLines(l -> l.contains("redelivered after its effect was committed")).size();
                resent += (long) cluster.metric(hub.getKey(), "hub.outbox.duplicates");
            }
        }
        figure("redelivered-reports-already-applied", redelivered, "reports the broker delivered again whose ticket was"
                + " already committed (the killed hub had not acknowledged them)");
        figure("relay-duplicates", resent, "outbox messages sent again after the kill that the broker already had");
        figure("alarms", stored.size(), "DEADLINE_WARNING alarms, each once");
    }

    /** The one hub (not among {@code excluded}) that reports itself leader at GET /api/v1/cluster. */
    private static String awaitLeader(Set<String> excluded, Duration timeout) {
        return Awaitility.await("a leader among the running hubs").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(TakeoverClusterIT::leader, l -> l.isPresent() && !excluded.contains(l.get())).orElseThrow();
    }

    private static Optional<String> leader() {
        List<String> leaders = new ArrayList<>();
        for (Map.Entry<String, ForkedHub> hub : cluster.hubs().entrySet()) {
            if (!hub.getValue().alive()) {
                continue;
            }
            try {
                JsonNode c = cluster.getJson(hub.getKey(), "/api/v1/cluster");
                assertThat(c.path("instance").asText()).isEqualTo(hub.getKey());
                if (c.path("leader").asBoolean()) {
                    leaders.add(hub.getKey());
                }
            } catch (IllegalStateException e) {
                // not answering at the moment (e.g. busy starting): not a leader we can see
            }
        }
        assertThat(leaders).as("instances that say they are leader").hasSizeLessThanOrEqualTo(1);
        return leaders.stream().findFirst();
    }

    /** The 97 system accepts ORDERS new orders at a steady pace (ICD §4: STATUS '0'). */
    private static void feedOrders(List<String> customers, List<String> orderNos) {
        try (Connection c = cluster.s97()) {
            for (int i = 0; i < ORDERS; i++) {
                String orderNo = "YW" + String.format("%08d", FaultMessages.unique() % 100_000_000);
                TestEnvironment.order97(c, orderNo, customers.get(i % customers.size()), "DDN", "NEW", null, "KM", null);
                orderNos.add(orderNo);
                Thread.sleep((long) (1000 / ORDERS_PER_SECOND));
            }
        } catch (Exception e) {
            throw new IllegalStateException("the 97 system could not write its orders", e);
        }
    }

    private static long ordersWaiting() throws Exception {
        try (Connection c = cluster.s97(); var rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM YW_ORDER WHERE STATUS = '0'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** "form kind" of every stored alarm on these forms. */
    private static List<String> storedAlarms(StoreProbe store, Set<String> forms) {
        return store.rows("SELECT form_no, kind FROM alarm").stream().filter(r -> forms.contains((String) r.get(0)))
                .map(r -> r.get(0) + " " + r.get(1)).toList();
    }

    private static <T> Map<String, Long> counts(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    private static String field(Received r, String name) {
        try {
            return JSON.readTree(r.body()).path(name).asText();
        } catch (IOException e) {
            return null;
        }
    }
}
