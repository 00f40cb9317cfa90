package keyaccount.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health names every outside system as a component; a peer going away turns only its component DOWN. */
class HealthIT extends HubIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Test
    void everyPeerIsAHealthComponentAndAStoppedFtpServerGoesDownAndComesBackUp() throws Exception {
        HubHttp http = new HubHttp(port);
        JsonNode health = JSON.readTree(http.get("/actuator/health", "operator:operator").body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        JsonNode c = health.get("components");
        assertThat(c.get("jms").get("status").asText()).isEqualTo("UP");
        assertThat(c.get("db").get("components").fieldNames()).toIterable()
                .contains("dataSource", "s97DataSource", "nmsDataSource");
        assertThat(c.get("billingFtp").get("status").asText()).isEqualTo("UP");
        assertThat(c.get("financeFtp").get("status").asText()).isEqualTo("UP");

        ENV.stopFinanceFtp();
        try {
            var down = http.get("/actuator/health", "operator:operator");
            assertThat(down.statusCode()).isEqualTo(503);
            JsonNode dc = JSON.readTree(down.body()).get("components");
            assertThat(dc.get("financeFtp").get("status").asText()).isEqualTo("DOWN");
            assertThat(dc.get("billingFtp").get("status").asText()).isEqualTo("UP");
            // the hub itself keeps running: liveness stays UP
            assertThat(http.get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        } finally {
            ENV.startFinanceFtp();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(
                http.get("/actuator/health", "operator:operator").body()).get("components").get("financeFtp")
                .get("status").asText(), "UP"::equals);
    }
}
