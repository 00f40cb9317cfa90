package keyaccount.hub.consolidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import keyaccount.hub.test.ForkedHub;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubProcess;
import keyaccount.hub.test.PeerFiles;
import keyaccount.hub.test.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Consolidation across hub processes: two instances sharing one store, and a hub killed mid-run. */
class ConsolidationInstancesIT {

    private static ConsolidationRuns.Run awaitEnd(HubProcess hub, String runId) {
        ConsolidationRuns runs = hub.bean(ConsolidationRuns.class);
        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> runs.find(runId).orElseThrow(), r -> !"RUNNING".equals(r.status()));
    }

    @Test
    void twoHubInstancesRunOneNightlyConsolidation() throws Exception {
        TestEnvironment env = TestEnvironment.create();
        PeerFiles.publish(env.billingFtp.root().resolve("revenue"), PeerFiles.revenueName("KM", "202610", 1),
                PeerFiles.revenue("KM", "202610", 1, List.of(new PeerFiles.Revenue("KM00012345", "A1", "DDN",
                        "DDN数字电路月租", 1_250_000, 1)), null).getBytes(PeerFiles.GBK), true);
        try (HubProcess a = HubProcess.start(env, Map.of("hub.instance-id", "hub-a"));
             HubProcess b = HubProcess.start(env, Map.of("hub.instance-id", "hub-b",
                     "hub.data-dir", env.dataDir.resolve("b").toString(),
                     "spring.artemis.embedded.enabled", "false",
                     "spring.artemis.broker-url", env.brokerUrl()))) {
            // the schedule fires on both at once, more than once
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Callable<ConsolidationRuns.Request>> fires = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                fires.add(() -> a.bean(ConsolidationRuns.class).nightly());
                fires.add(() -> b.bean(ConsolidationRuns.class).nightly());
            }
            List<ConsolidationRuns.Request> answers = new ArrayList<>();
            for (Future<ConsolidationRuns.Request> f : pool.invokeAll(fires)) {
                answers.add(f.get());
            }
            pool.shutdown();
            List<ConsolidationRuns.Request> started = answers.stream().filter(ConsolidationRuns.Request::started).toList();
            assertThat(started).hasSize(1);
            ConsolidationRuns.Run run = awaitEnd(a, started.get(0).runId());
            assertThat(run.status()).as(run.message()).isEqualTo("SUCCEEDED");

            // and once it is done, the night is not run again by either
            assertThat(a.bean(ConsolidationRuns.class).nightly().started()).isFalse();
            assertThat(b.bean(ConsolidationRuns.class).nightly().started()).isFalse();
            JdbcTemplate store = a.bean(JdbcTemplate.class);
            assertThat(store.queryForObject("SELECT COUNT(*) FROM consolidation_run", Integer.class)).isEqualTo(1);
            assertThat(store.queryForObject("SELECT COUNT(*) FROM revenue_line", Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void aRunKilledInTheMiddleLeavesNoHalfFileAndTheNextRunCompletesIt() throws Exception {
        TestEnvironment env = TestEnvironment.create();
        int lines = 300_000;
        String name = PeerFiles.revenueName("KM", "202610", 1);
        PeerFiles.bigRevenue(env.billingFtp.root().resolve("revenue"), "KM", "202610", 1, lines);
        int port = TestEnvironment.freePort();
        // a short lease, so that the next hub need not wait long for the dead one's to expire
        try (ForkedHub a = ForkedHub.start(env, Map.of("hub.instance-id", "hub-a", "hub.consolidation.lease", "PT5S",
                "server.port", Integer.toString(port)))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> a.logged("Started HubApplication"));
            HttpResponse<String> started = new HubHttp(port).post("/api/v1/consolidation/runs", "operator:operator", "{}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> a.logged(name + ": loading " + lines + " lines"));
            Thread.sleep(1000); // well into the one transaction that loads 300,000 lines
            a.kill(); // as a crash would: no graceful stop
        }
        try (HubProcess b = HubProcess.start(env, Map.of("hub.instance-id", "hub-b", "hub.consolidation.lease", "PT5S"))) {
            JdbcTemplate store = b.bean(JdbcTemplate.class);
            String killed = store.queryForObject("SELECT run_id FROM consolidation_run", String.class);
            assertThat(store.queryForObject("SELECT status FROM consolidation_run WHERE run_id = ?", String.class, killed))
                    .isEqualTo("RUNNING");
            // nothing of the file: neither rows nor the record of having taken it
            assertThat(store.queryForObject("SELECT COUNT(*) FROM revenue_line", Long.class)).isZero();
            assertThat(store.queryForObject("SELECT COUNT(*) FROM inbound_file", Integer.class)).isZero();
            assertThat(store.queryForObject("SELECT COUNT(*) FROM revenue_file_current", Integer.class)).isZero();

            ConsolidationRuns.Request next = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> b.bean(ConsolidationRuns.class).requestNow("test", null), ConsolidationRuns.Request::started);
            ConsolidationRuns.Run run = awaitEnd(b, next.runId());
            assertThat(run.status()).as(run.message()).isEqualTo("SUCCEEDED");
            assertThat(store.queryForObject("SELECT COUNT(*) FROM revenue_line", Long.class)).isEqualTo(lines);
            assertThat(store.queryForObject("SELECT COUNT(*) FROM inbound_file WHERE status = 'LOADED'", Integer.class))
                    .isEqualTo(1);
            assertThat(store.queryForObject("SELECT status FROM consolidation_run WHERE run_id = ?", String.class, killed))
                    .isEqualTo("ABANDONED");
        }
    }
}
