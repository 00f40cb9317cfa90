package keyaccount.hub.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import keyaccount.hub.test.HubProcess;
import keyaccount.hub.test.TestEnvironment;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The README's run command (profile demo): with simulated peers that create their own databases
 * and speak only the ICD's interfaces, tickets reach CLOSED, unknown customers are rejected,
 * slips are answered and deadline alarms fire, all within a minute or so.
 */
class SimulatedPeersIT {

    @Test
    void theDemoShowsTicketsClosingAndDeadlineAlarmsFiring() {
        TestEnvironment env = TestEnvironment.create();
        Map<String, String> args = new LinkedHashMap<>();
        args.put("spring.profiles.active", "demo");
        args.put("hub.data-dir", env.dataDir.toString());
        args.put("hub.broker.port", Integer.toString(env.brokerPort));
        args.put("server.port", "0");
        // the defaults of the README's run command: H2 store and simulated 97 and NMS databases, all
        // files in the data folder (which the simulators fill); only the PostgreSQL pass moves the store
        if (TestEnvironment.postgres()) {
            args.put("hub.store.url", env.storeUrl);
            args.put("hub.store.user", env.storeUser);
        }
        args.put("hub.sim.report-interval-ms", "700");
        args.put("hub.sim.slip-interval-ms", "3000");
        args.put("hub.sim.order-interval-ms", "2000");
        args.put("hub.ftp.finance.sim-port", Integer.toString(TestEnvironment.freePort()));
        args.put("hub.ftp.billing.sim-port", Integer.toString(TestEnvironment.freePort()));

        try (HubProcess hub = HubProcess.start(args)) {
            JdbcTemplate store = hub.bean(JdbcTemplate.class);
            Awaitility.await("demo flows").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    count(store, "SELECT COUNT(*) FROM hub_form WHERE form_type = 'FAULT_TICKET' AND state = 'CLOSED'") > 0
                            // closed after the quiet period, not only by a NO_FAULT diagnosis
                            && count(store, "SELECT COUNT(*) FROM form_transition WHERE from_state = 'RESOLVED'"
                                    + " AND to_state = 'CLOSED'") > 0
                            && count(store, "SELECT COUNT(*) FROM alarm WHERE kind IN ('DEADLINE_WARNING', 'DEADLINE_BREACH')") > 0
                            && count(store, "SELECT COUNT(*) FROM hub_form WHERE state = 'REJECTED'") > 0
                            && count(store, "SELECT COUNT(*) FROM slip WHERE answered_at IS NOT NULL") > 0
                            && count(store, "SELECT COUNT(*) FROM hub_form WHERE form_type = 'WORK_ORDER' AND state = 'COMPLETED'") > 0
                            && count(store, "SELECT COUNT(*) FROM pending_action WHERE kind = 'FINANCE_SETTLEMENT'"
                                    + " AND done_at IS NOT NULL") > 0);
            assertThat(count(store, "SELECT COUNT(*) FROM customer")).isGreaterThanOrEqualTo(14);
            assertThat(count(store, "SELECT COUNT(DISTINCT cust_class) FROM customer")).isEqualTo(5);
        }
    }

    private static int count(JdbcTemplate store, String sql) {
        Integer n = store.queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }
}
