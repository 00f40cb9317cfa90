package keyaccount.hub.form.fault;

import static keyaccount.hub.test.BrokerClient.Recorder.bodyContains;
import static keyaccount.hub.test.FaultMessages.report;
import static keyaccount.hub.test.FaultMessages.reportNo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubProcess;
import keyaccount.hub.test.TcpProxy;
import keyaccount.hub.test.TestEnvironment;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A report consumed while the store cannot be reached is not lost and not dead-lettered: the JMS
 * transaction rolls back, the broker redelivers, and once the store is back the report is handled
 * once. The store (PostgreSQL) is reached over TCP through a proxy the test cuts.
 */
class StoreOutageIT {

    @Test
    void reportConsumedWhileTheStoreIsUnreachableIsRedeliveredAndHandledOnceItIsBack() throws Exception {
        // The embedded H2 store is a file inside the hub's own process; a store that can be unreachable
        // is a networked one, PostgreSQL, as in production. (H2's TCP server closes its database when
        // a client's socket is cut, which says nothing about the hub.)
        Assumptions.assumeTrue(TestEnvironment.postgres(), "needs a networked store: runs in the PostgreSQL pass");
        TestEnvironment env = TestEnvironment.create();
        URI u = URI.create(env.storeUrl.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort())) {
            String storeUrl = env.storeUrl.replace(":" + u.getPort() + "/", ":" + proxy.port() + "/");
            String cust = FaultMessages.custNo("KM");
            env.customer97(cust, "昆明市公安局", "10", null, false, "1");

            try (HubProcess hub = HubProcess.start(env, Map.of("hub.store.url", storeUrl,
                    "hub.store.connection-timeout-ms", "1000"));
                 BrokerClient client = BrokerClient.core(env.brokerUrl())) {
                hub.bean(CustomerSync.class).sync();
                Recorder replies = client.recordQueue(Queues.CC_FAULT_REPLY);
                Recorder dlq = client.recordQueue(Queues.HUB_DLQ);

                proxy.down();
                String reportNo = reportNo();
                client.sendText(Queues.CC_FAULT_REPORT, report(reportNo, cust, null, "DDN", Instant.now(), "UTF-8"));

                // while the store is away: no answer, nothing dead-lettered, the broker keeps trying
                Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                        .until(() -> replies.matching(bodyContains(reportNo)).isEmpty() && dlq.all().isEmpty());

                proxy.up();
                replies.await(bodyContains(reportNo, "ACCEPTED"), Duration.ofSeconds(40));
                JdbcTemplate store = hub.bean(JdbcTemplate.class);
                assertThat(store.queryForObject("SELECT COUNT(*) FROM fault_ticket WHERE report_no = ?", Integer.class,
                        reportNo)).isEqualTo(1);
                assertThat(dlq.all()).isEmpty();
                assertThat(replies.matching(bodyContains(reportNo))).hasSize(1);
            }
        }
    }
}
