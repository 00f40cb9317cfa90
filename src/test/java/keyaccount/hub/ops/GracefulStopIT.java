package keyaccount.hub.ops;

import static keyaccount.hub.test.FaultMessages.report;
import static keyaccount.hub.test.FaultMessages.reportNo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubProcess;
import keyaccount.hub.test.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A hub stopped while it works (consumers taking reports, the relay sending, timers running) stops
 * cleanly: consumers, timers and the relay stop before the broker and the store close, so the
 * stop prints no ERROR and no stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulStopIT {

    @Test
    void aStopWhileWorkingPrintsNoError(CapturedOutput output) throws Exception {
        TestEnvironment env = TestEnvironment.create();
        String cust = FaultMessages.custNo("KM");
        env.customer97(cust, "云南省财政厅", "10", null, false, "1");
        HubProcess hub = HubProcess.start(env, Map.of("hub.outbox.period-ms", "10", "hub.actions.period-ms", "10",
                "hub.alarms.check-period-ms", "50", "hub.fault.auto-close-period-ms", "50"));
        hub.bean(CustomerSync.class).sync();
        try (BrokerClient client = BrokerClient.core(env.brokerUrl())) {
            for (int i = 0; i < 200; i++) {
                client.sendText(Queues.CC_FAULT_REPORT, report(reportNo(), cust, null, "DDN", Instant.now(), "UTF-8"));
            }
        }
        int before = output.getAll().length();
        hub.close();
        String stop = output.getAll().substring(before);
        assertThat(stop).as("what the stop printed").doesNotContain(" ERROR ").doesNotContain("Exception");
    }

    @Test
    void theDemoStopsCleanlyToo(CapturedOutput output) throws Exception {
        TestEnvironment env = TestEnvironment.create();
        String billing = Integer.toString(TestEnvironment.freePort());
        String finance = Integer.toString(TestEnvironment.freePort());
        HubProcess hub = HubProcess.start(env, Map.of("spring.profiles.active", "demo",
                "hub.ftp.billing.sim-port", billing, "hub.ftp.billing.port", billing,
                "hub.ftp.finance.sim-port", finance, "hub.ftp.finance.port", finance,
                "hub.sim.report-interval-ms", "200", "hub.sim.first-report-delay-ms", "100", "hub.sim.nms-step-ms", "100"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> output.getAll().contains("-> DISPATCHED") || output.getAll().contains("DISPATCHED"));
        Thread.sleep(3000); // let the simulated peers and the hub be busy
        int before = output.getAll().length();
        hub.close();
        String stop = output.getAll().substring(before);
        assertThat(stop).as("what the stop printed").doesNotContain(" ERROR ").doesNotContain("Exception");
    }
}
