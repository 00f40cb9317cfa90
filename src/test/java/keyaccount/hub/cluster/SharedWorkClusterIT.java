package keyaccount.hub.cluster;

import static keyaccount.hub.test.HubCluster.figure;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keyaccount.hub.config.Queues;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.CallCenterLoad;
import keyaccount.hub.test.HubCluster;
import keyaccount.hub.test.StoreProbe;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three packaged hubs in the production configuration on one standalone broker and one
 * PostgreSQL store: the inbound queues are competing consumers across the instances (the broker
 * counts consumers from all three, and each hub's own route metrics show it handled some of the
 * reports), and still every report gets one ticket and one ACCEPTED reply, as the call center
 * (signed in as callcenter) sees it.
 */
class SharedWorkClusterIT {
    private static final int REPORTS = 300;
    private static final String ROUTE = "cc-fault-report-in";

    @RegisterExtension
    static final HubCluster cluster = HubCluster.of(3).with("hub.customer-sync.period-ms", "2000");

    @Test
    void threeHubsShareTheInboundQueuesAndAnswerEveryReportOnce() throws Exception {
        cluster.hubs().keySet().forEach(cluster::printMemory);
        List<String> customers = cluster.keyAccounts(5, "KM");
        BrokerClient admin = cluster.client("hub");
        int hubs = cluster.hubs().size();
        // every hub has its consumers on the call center's queue (hub.jms.concurrent-consumers each)
        Awaitility.await("consumers of all hubs").atMost(Duration.ofSeconds(30))
                .until(() -> admin.consumerCount(Queues.CC_FAULT_REPORT) >= hubs);
        figure("consumers-" + Queues.CC_FAULT_REPORT, admin.consumerCount(Queues.CC_FAULT_REPORT), "(all hubs)");
        figure("consumers-" + Queues.NMS_FAULT_RETURN, admin.consumerCount(Queues.NMS_FAULT_RETURN), "(all hubs)");
        Map<String, Double> before = exchanges();

        long t0 = System.nanoTime();
        Instant now = Instant.now();
        List<String> reportNos;
        try (CallCenterLoad load = CallCenterLoad.start(() -> cluster.broker().client("callcenter"), 1000, REPORTS,
                customers, n -> now)) {
            reportNos = load.awaitAllSent(Duration.ofSeconds(60));
        }
        figure("shared-work-sent", (System.nanoTime() - t0) / 1_000_000, "ms for the call center to send " + REPORTS
                + " reports (one connection, one persistent send each)");
        StoreProbe store = cluster.store();
        Awaitility.await("a ticket for every report, every message relayed").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> store.count("SELECT COUNT(*) FROM fault_ticket") == REPORTS
                        && store.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") == 0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        figure("shared-work-reports-per-second", String.format("%.1f", REPORTS / seconds),
                "reports/s (" + REPORTS + " reports, " + hubs + " hubs, sent until every ticket stored and relayed)");

        Map<String, List<String>> replies = CallCenterLoad.repliesByReport(cluster.client("callcenter"), Duration.ofSeconds(3));
        Map<String, List<String>> expected = new LinkedHashMap<>();
        reportNos.forEach(r -> expected.put(r, List.of("ACCEPTED")));
        assertThat(replies).as("replies (status) per ReportNo").containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(store.count("SELECT COUNT(DISTINCT report_no) FROM fault_ticket")).isEqualTo(REPORTS);
        assertThat(store.count("SELECT COUNT(DISTINCT ticket_no) FROM fault_ticket")).isEqualTo(REPORTS);
        assertThat(admin.messageCount(Queues.HUB_DLQ)).as("messages in hub.dlq").isZero();

        Map<String, Double> after = exchanges();
        after.forEach((id, n) -> {
            double handled = n - before.get(id);
            figure("shared-work-handled-" + id, (long) handled, "of " + REPORTS + " reports (" + ROUTE + " exchanges)");
            assertThat(handled).as("reports " + id + " handled").isPositive();
        });
    }

    /** Each hub's count of exchanges its call-center route has completed (its own Camel metrics). */
    private static Map<String, Double> exchanges() {
        Map<String, Double> byHub = new LinkedHashMap<>();
        for (String id : cluster.hubs().keySet()) {
            byHub.put(id, cluster.exchanges(id, ROUTE));
        }
        return byHub;
    }
}
