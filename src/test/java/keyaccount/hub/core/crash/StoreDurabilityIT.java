package keyaccount.hub.core.crash;

import static keyaccount.hub.test.FaultMessages.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.ForkedHub;
import keyaccount.hub.test.PeerDatabases;
import keyaccount.hub.test.StoreProbe;
import keyaccount.hub.test.TestEnvironment;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The hub's embedded store as it comes by default (an H2 file in the data folder, HUB_STORE_URL
 * unset) keeps what it has committed when the hub's process is killed. The rules every flow follows
 * rest on it: the broker's acknowledgement, the 97 write-back and the FTP upload all come after the
 * store's commit, so a commit the store forgets after a crash is work the peers think done and the
 * hub never does. {@link CrashRecoveryIT} runs H2 with WRITE_DELAY=0 so that it tests the crash
 * points alone; this test holds the default to the same standard. H2 only: PostgreSQL's commit is
 * durable when it returns.
 */
class StoreDurabilityIT {

    @Test
    void aTicketTheDefaultH2StoreCommittedIsStillThereAfterTheHubIsKilled() throws Exception {
        assumeFalse(TestEnvironment.postgres(), "the default store is H2");
        TestEnvironment env = TestEnvironment.create();
        // the hub's own default store URL opens this same file, with AUTO_SERVER=TRUE so the test can look in
        StoreProbe store = new StoreProbe(env.storeUrl + ";AUTO_SERVER=TRUE", env.storeUser);
        String cust = FaultMessages.custNo("KM");
        env.customer97(cust, "云南省审计厅", "10", null, false, "1");
        String reportNo = FaultMessages.reportNo();
        try (PeerDatabases peers = PeerDatabases.serve(env)) {
            Map<String, String> settings = new HashMap<>(peers.hubProperties());
            settings.put("hub.store.url", null); // the hub's default
            settings.put("hub.test.crash-at", CrashPoints.CONSUME_AFTER_STORE_COMMIT);
            try (ForkedHub hub = ForkedHub.start(env, settings).awaitStarted(Duration.ofSeconds(150))) {
                Awaitility.await("the customer synced").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> store.count("SELECT COUNT(*) FROM customer WHERE cust_no = ?", cust) == 1);
                try (BrokerClient callCenter = BrokerClient.core(env.brokerUrl(), "callcenter", "callcenter-local")) {
                    callCenter.sendText(Queues.CC_FAULT_REPORT, report(reportNo, cust, null, "DDN", Instant.now(), "UTF-8"));
                    // the hub halts right after the store committed the ticket
                    assertThat(hub.awaitExit(Duration.ofSeconds(60))).isEqualTo(137);
                }
                assertThat(hub.logged("CRASH POINT " + CrashPoints.CONSUME_AFTER_STORE_COMMIT)).isTrue();
            }
            assertThat(store.count("SELECT COUNT(*) FROM fault_ticket WHERE report_no = ?", reportNo))
                    .as("tickets the store committed for " + reportNo + " before the kill").isOne();
        } finally {
            env.stopFinanceFtp();
            env.billingFtp.stop();
        }
    }
}
