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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three packaged hubs in the production configuration under a steady load of fault reports, while
 * (a) the standalone broker is stopped for 30 s and started again, and (b) PostgreSQL is
 * unreachable for 30 s (the link between the hubs and it is cut; the server itself runs on). Each
 * time every hub comes back by itself, and every report still gets one ticket and one ACCEPTED
 * reply, with nothing in hub.dlq. Each test checks the reports it sent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageClusterIT {
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration AROUND = Duration.ofSeconds(5);
    private static final double REPORTS_PER_SECOND = 10;
    private static final String ROUTE = "cc-fault-report-in";

    @RegisterExtension
    static final HubCluster cluster = HubCluster.shared();

    @Test
    @Order(1)
    void theBrokerStoppedFor30sEveryHubReconnectsByItselfAndNothingIsLostOrDoubled() throws Exception {
        List<String> customers = cluster.keyAccounts(3, "KM");
        long consumers = cluster.client("hub").consumerCount(Queues.CC_FAULT_REPORT);
        Instant now = Instant.now();
        List<String> reportNos;
        Map<String, Double> atRestart;
        try (CallCenterLoad load = steadyLoad(customers, now)) {
            Thread.sleep(AROUND.toMillis());
            long t0 = System.nanoTime();
            cluster.broker().stop();
            long stopped = System.nanoTime();
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - (stopped - t0) / 1_000_000));
            cluster.broker().start();
            long active = System.nanoTime();
            figure("broker-outage", (active - t0) / 1_000_000, "ms from `artemis stop` until the broker was active again"
                    + " (stop took " + (stopped - t0) / 1_000_000 + " ms)");
            atRestart = cluster.exchangesByHub(ROUTE);
            // every hub's consumers are back: the broker counts as many as before the outage
            BrokerClient admin = cluster.client("hub");
            Awaitility.await("the hubs' consumers back on " + Queues.CC_FAULT_REPORT).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500)).until(() -> admin.consumerCount(Queues.CC_FAULT_REPORT) >= consumers);
            figure("broker-reconnect", (System.nanoTime() - active) / 1_000_000, "ms from the broker active until every"
                    + " hub's " + consumers + " consumers were back");
            Thread.sleep(AROUND.toMillis());
            reportNos = load.stop();
            figure("broker-outage-resends", load.resends(), "sends the call center tried again while the broker was away");
        }
        Duration finished = ClusterChecks.everyReportAnsweredOnce(cluster, reportNos, Duration.ofSeconds(150));
        figure("broker-outage-reports", reportNos.size(), "reports, each with one ticket and one ACCEPTED reply; the hubs"
                + " finished " + finished.toMillis() + " ms after the load stopped");
        Map<String, Double> after = cluster.exchangesByHub(ROUTE);
        assertThat(after.keySet()).as("hubs running").containsExactlyElementsOf(cluster.hubs().keySet());
        atRestart.forEach((id, n) -> assertThat(after.get(id) - n).as("reports " + id + " handled after the restart")
                .isPositive());
    }

    @Test
    @Order(2)
    void postgresUnreachableFor30sEveryHubRecoversAndNothingIsLostOrDoubled() throws Exception {
        List<String> customers = cluster.keyAccounts(3, "SZ");
        Instant now = Instant.now();
        List<String> reportNos;
        long restored;
        try (CallCenterLoad load = steadyLoad(customers, now)) {
            Thread.sleep(AROUND.toMillis());
            long t0 = System.nanoTime();
            cluster.postgresLink().down();
            Thread.sleep(OUTAGE.toMillis());
            cluster.postgresLink().up();
            restored = System.nanoTime();
            figure("postgres-outage", (restored - t0) / 1_000_000, "ms PostgreSQL was unreachable for the hubs");
            Thread.sleep(AROUND.toMillis());
            reportNos = load.stop();
        }
        Duration finished = ClusterChecks.everyReportAnsweredOnce(cluster, reportNos, Duration.ofSeconds(150));
        figure("postgres-outage-recovered", (System.nanoTime() - restored) / 1_000_000, "ms from PostgreSQL reachable"
                + " until every report was answered (" + reportNos.size() + " reports; load stopped "
                + AROUND.toMillis() + " ms after, hubs finished " + finished.toMillis() + " ms after that)");
        cluster.hubs().forEach((id, hub) -> assertThat(hub.alive()).as(id + " running").isTrue());
    }

    private static CallCenterLoad steadyLoad(List<String> customers, Instant reportedAt) {
        return CallCenterLoad.start(() -> cluster.broker().client("callcenter"), REPORTS_PER_SECOND, 100_000, customers,
                n -> reportedAt);
    }
}
