package keyaccount.hub.form.fault;

import static keyaccount.hub.test.FaultMessages.report;
import static keyaccount.hub.test.FaultMessages.reportNo;
import static keyaccount.hub.test.FaultMessages.tag;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.alarm.DeadlineAlarms;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.BrokerClient.Received;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubProcess;
import keyaccount.hub.test.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two hub instances on one store and one broker (the second uses the first's broker as its
 * external broker, as production instances share one): they compete for messages, yet every
 * report opens one ticket with a number of its own, and every deadline alarm is raised once.
 */
class TwoInstancesIT {
    private static final int REPORTS = 40;

    @Test
    void twoInstancesNumberTicketsUniquelyAndRaiseEachAlarmOnce() throws Exception {
        TestEnvironment env = TestEnvironment.create();
        String cust = FaultMessages.custNo("SZ");
        env.customer97(cust, "苏州工业园区管委会", "10", null, false, "1");

        try (HubProcess a = HubProcess.start(env, Map.of("hub.instance-id", "hub-a"));
             HubProcess b = HubProcess.start(env, Map.of("hub.instance-id", "hub-b",
                     "hub.data-dir", env.dataDir.resolve("b").toString(),
                     "spring.artemis.embedded.enabled", "false",
                     "spring.artemis.broker-url", env.brokerUrl()));
             BrokerClient client = BrokerClient.core(env.brokerUrl())) {
            a.bean(CustomerSync.class).sync();
            Recorder replies = client.recordQueue(Queues.CC_FAULT_REPLY);
            Recorder alarms = client.subscribe(Queues.HUB_ALARM);

            Instant reportedAt = Instant.now().minus(Duration.ofHours(10)); // grade A, DDN: 2 h, long overdue
            List<String> reportNos = new ArrayList<>();
            for (int i = 0; i < REPORTS; i++) {
                String reportNo = reportNo();
                reportNos.add(reportNo);
                client.sendText(Queues.CC_FAULT_REPORT, report(reportNo, cust, null, "DDN", reportedAt, "UTF-8"));
            }
            List<Received> all = replies.awaitCount(r -> reportNos.contains(tag(r.body(), "ReportNo")), REPORTS,
                    Duration.ofSeconds(60));
            JdbcTemplate store = a.bean(JdbcTemplate.class);
            assertThat(new HashSet<>(all.stream().map(r -> tag(r.body(), "TicketNo")).toList())).hasSize(REPORTS);
            assertThat(store.queryForObject("SELECT COUNT(DISTINCT ticket_no) FROM fault_ticket WHERE cust_no = ?",
                    Integer.class, cust)).isEqualTo(REPORTS);

            // both instances run the deadline check at once, several times over
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Callable<Integer>> checks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                checks.add(() -> a.bean(DeadlineAlarms.class).check());
                checks.add(() -> b.bean(DeadlineAlarms.class).check());
            }
            int raised = 0;
            for (Future<Integer> f : pool.invokeAll(checks)) {
                raised += f.get();
            }
            pool.shutdown();

            int expected = REPORTS * 3; // warning, breach, escalation
            // (each hub's own timer also runs one check shortly after start, so these calls raise at most all)
            assertThat(raised).isLessThanOrEqualTo(expected);
            assertThat(store.queryForObject("SELECT COUNT(*) FROM alarm a JOIN hub_form f ON f.form_no = a.form_no"
                    + " WHERE f.cust_no = ?", Integer.class, cust)).isEqualTo(expected);
            List<Received> published = alarms.awaitCount(r -> r.body().contains(cust), expected, Duration.ofSeconds(30));
            assertThat(new HashSet<>(published.stream().map(r -> r.property("HubMessageId")).toList())).hasSize(expected);
        }
    }
}
