package keyaccount.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.CallCenterLoad;
import keyaccount.hub.test.HubCluster;
import keyaccount.hub.test.StoreProbe;
import org.awaitility.Awaitility;

/** What every cluster test asks of the fault reports it sent, once the hubs have had time to finish. */
final class ClusterChecks {
    static final String UNSENT = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND refused_at IS NULL";

    private ClusterChecks() {}

    /**
     * Waits until every report has its ticket, the call center's queue is empty and the outbox
     * relayed everything; then each report must have exactly one ticket and exactly one reply,
     * ACCEPTED (as the call center takes them off cc.fault.reply), and hub.dlq must be empty.
     * Returns how long the hubs took to finish from the call.
     */
    static Duration everyReportAnsweredOnce(HubCluster cluster, List<String> reportNos, Duration timeout) {
        long t0 = System.nanoTime();
        StoreProbe store = cluster.store();
        BrokerClient admin = cluster.client("hub");
        Set<String> expected = new HashSet<>(reportNos);
        Awaitility.await("a ticket for each of " + reportNos.size() + " reports, everything relayed").atMost(timeout)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> new HashSet<>(store.strings("SELECT report_no FROM fault_ticket")).containsAll(expected)
                        && admin.messageCount(Queues.CC_FAULT_REPORT) == 0 && store.count(UNSENT) == 0);
        Duration finished = Duration.ofNanos(System.nanoTime() - t0);

        Map<String, Long> ticketsPerReport = new TreeMap<>();
        for (List<Object> row : store.rows("SELECT report_no, COUNT(*) FROM fault_ticket GROUP BY report_no")) {
            if (expected.contains((String) row.get(0))) {
                ticketsPerReport.put((String) row.get(0), ((Number) row.get(1)).longValue());
            }
        }
        assertThat(ticketsPerReport).as("tickets per ReportNo").isEqualTo(each(reportNos, 1L));
        Map<String, List<String>> replies = CallCenterLoad.repliesByReport(cluster.client("callcenter"), Duration.ofSeconds(3));
        assertThat(replies).as("replies (status) per ReportNo").isEqualTo(each(reportNos, List.of("ACCEPTED")));
        assertThat(admin.messageCount(Queues.HUB_DLQ)).as("messages in hub.dlq").isZero();
        return finished;
    }

    static <V> Map<String, V> each(List<String> keys, V value) {
        Map<String, V> m = new TreeMap<>();
        keys.forEach(k -> m.put(k, value));
        return m;
    }
}
