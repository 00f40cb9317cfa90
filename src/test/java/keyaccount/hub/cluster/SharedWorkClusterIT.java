package keyaccount.hub.cluster;

import static keyaccount.hub.test.HubCluster.figure;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.CallCenterLoad;
import keyaccount.hub.test.HubCluster;
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
    static final HubCluster cluster = HubCluster.shared();

    @Test
    void threeHubsShareTheInboundQueuesAndAnswerEveryReportOnce() throws Exception {
        List<String> customers = cluster.keyAccounts(5, "KM");
        BrokerClient admin = cluster.client("hub");
        int hubs = cluster.hubs().size();
        // every hub has its consumers on the call center's queue (hub.jms.concurrent-consumers each)
        Awaitility.await("consumers of all hubs").atMost(Duration.ofSeconds(30))
                .until(() -> admin.consumerCount(Queues.CC_FAULT_REPORT) >= hubs);
        figure("consumers-" + Queues.CC_FAULT_REPORT, admin.consumerCount(Queues.CC_FAULT_REPORT), "(all hubs)");
        figure("consumers-" + Queues.NMS_FAULT_RETURN, admin.consumerCount(Queues.NMS_FAULT_RETURN), "(all hubs)");
        Map<String, Double> before = cluster.exchangesByHub(ROUTE);

        long t0 = System.nanoTime();
        Instant now = Instant.now();
        List<String> reportNos;
        try (CallCenterLoad load = CallCenterLoad.start(() -> cluster.broker().client("callcenter"), 1000, REPORTS,
                customers, n -> now)) {
            reportNos = load.awaitAllSent(Duration.ofSeconds(60));
        }
        figure("shared-work-sent", (System.nanoTime() - t0) / 1_000_000, "ms for the call center to send " + REPORTS
                + " reports (one connection, one persistent send each)");
        ClusterChecks.everyReportAnsweredOnce(cluster, reportNos, Duration.ofSeconds(120));
        double seconds = (System.nanoTime() - t0) / 1e9;
        figure("shared-work-reports-per-second", String.format("%.1f", REPORTS / seconds),
                "reports/s (" + REPORTS + " reports, " + hubs + " hubs, from the first sent until every ticket stored"
                        + " and every message relayed)");
        assertThat(admin.consumerCount(Queues.CC_FAULT_REPORT)).as("consumers on " + Queues.CC_FAULT_REPORT)
                .isGreaterThanOrEqualTo(hubs);

        Map<String, Double> after = cluster.exchangesByHub(ROUTE);
        after.forEach((id, n) -> {
            double handled = n - before.get(id);
            figure("shared-work-handled-" + id, (long) handled, "of " + REPORTS + " reports (" + ROUTE + " exchanges)");
            assertThat(handled).as("reports " + id + " handled").isPositive();
        });
    }
}
