package keyaccount.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.test.ForkedHub;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubIntegrationTest;
import keyaccount.hub.test.TestEnvironment;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * No password the hub is configured with is shown by any page, API, actuator endpoint, Jolokia
 * (Hawtio) attribute or log line, whoever signs in.
 */
class SecretsNotShownIT extends HubIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] USERS = {"operator:operator", "viewer:viewer", "am:am", "system:system"};
    private static final String[] PATHS = {"/", "/api/v1/console", "/api/v1/dlq", "/api/v1/audit", "/api/v1/outbox/refused",
            "/api/v1/consolidation/runs", "/api/v1/kpis", "/api/v1/customers/KM00000001", "/api/v1/forms/FT-20261122-000001",
            "/actuator", "/actuator/health", "/actuator/health/billingFtp", "/actuator/health/financeFtp",
            "/actuator/health/db", "/actuator/health/jms", "/actuator/info", "/actuator/prometheus", "/actuator/metrics",
            "/actuator/camelroutes", "/actuator/camelroutes/billing-revenue-file-in/detail",
            "/actuator/camelroutes/finance-settlement-out/detail", "/actuator/hawtio/index.html"};

    @LocalServerPort
    int port;

    /** What the test environment configures: the FTP servers' passwords and the hub's broker password. */
    private static List<String> secrets() {
        return List.of(ENV.properties().get("hub.ftp.finance.password"), ENV.properties().get("hub.ftp.billing.password"),
                "hub-local");
    }

    @Test
    void noEndpointShowsAPasswordToAnyone() throws Exception {
        HubHttp http = new HubHttp(port);
        for (String user : USERS) {
            for (String path : PATHS) {
                String body = http.get(path, user).body();
                for (String secret : secrets()) {
                    assertThat(body).as(user + " GET " + path).doesNotContain(secret);
                }
            }
        }
    }

    @Test
    void noJolokiaAttributeOrReportShowsAPassword() throws Exception {
        HubHttp http = new HubHttp(port);
        for (String user : new String[] {"operator:operator", "viewer:viewer"}) {
            JsonNode names = JSON.readTree(http.post("/actuator/jolokia", user,
                    "{\"type\":\"search\",\"mbean\":\"*:*\"}").body()).get("value");
            assertThat(names.size()).as("MBeans").isGreaterThan(50);
            List<String> reads = new ArrayList<>();
            names.forEach(n -> reads.add("{\"type\":\"read\",\"mbean\":" + JSON.valueToTree(n.asText()) + "}"));
            for (int i = 0; i < reads.size(); i += 100) {
                String batch = "[" + String.join(",", reads.subList(i, Math.min(reads.size(), i + 100))) + "]";
                String body = http.post("/actuator/jolokia", user, batch).body();
                for (String secret : secrets()) {
                    assertThat(body).as(user + " reading MBeans " + i + "..").doesNotContain(secret);
                }
            }
            for (JsonNode n : names) {
                if (n.asText().startsWith("org.apache.camel:") && n.asText().contains("type=context")) {
                    for (String op : new String[] {"dumpRoutesAsXml()", "dumpRoutesAsYaml()", "dumpStatsAsXml(boolean)"}) {
                        String args = op.endsWith("(boolean)") ? ",\"arguments\":[true]" : "";
                        String body = http.post("/actuator/jolokia", user, "{\"type\":\"exec\",\"mbean\":"
                                + JSON.valueToTree(n.asText()) + ",\"operation\":\"" + op + "\"" + args + "}").body();
                        for (String secret : secrets()) {
                            assertThat(body).as(user + " " + op).doesNotContain(secret);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theLogOfAHubAtWorkShowsNoPassword() throws Exception {
        // a hub in a JVM of its own, so that its whole log, from the start, is what an operator reads
        int httpPort = TestEnvironment.freePort();
        try (ForkedHub hub = ForkedHub.start(ENV, Map.of("server.port", Integer.toString(httpPort),
                "hub.broker.port", Integer.toString(TestEnvironment.freePort()),
                "hub.data-dir", ENV.dataDir.resolve("forked-secrets").toString(),
                "hub.store.url", "jdbc:h2:mem:secrets;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"))) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> hub.logged("Started HubApplication") || !hub.alive());
            assertThat(hub.alive()).isTrue();
            HubHttp http = new HubHttp(httpPort);
            // every FTP source is signed in to, and the health checks sign in to both FTP servers
            assertThat(http.post("/api/v1/consolidation/runs", "operator:operator", "{}").statusCode()).isLessThan(300);
            http.get("/actuator/health", "operator:operator");
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> hub.logged(" succeeded: ") || hub.logged(" failed"));
            for (String secret : secrets()) {
                assertThat(hub.logged(secret)).as("the hub's log shows " + secret).isFalse();
            }
        }
    }
}
