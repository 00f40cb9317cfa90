package keyaccount.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Prometheus shows the routes, the forms and the dead letters. */
class MetricsIT extends HubIntegrationTest {
    @LocalServerPort
    int port;

    @Test
    void prometheusShowsRoutesFormsAndTheDlqDepth() {
        HubHttp http = new HubHttp(port);
        broker.sendText(Queues.CC_FAULT_REPORT, "<not-a-report/>");
        // the snapshot is at most 10 s old; move the business clock so it is read again
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            clock.advance(Duration.ofSeconds(11));
            String text = http.get("/actuator/prometheus", "viewer:viewer").body();
            return text.matches("(?s).*\\nhub_dlq_depth [1-9].*");
        });
        String text = http.get("/actuator/prometheus", "viewer:viewer").body();
        assertThat(text).contains("hub_forms_open{form_type=\"FAULT_TICKET\"}", "hub_forms_breached{form_type=\"WORK_ORDER\"}",
                "routeId=\"cc-fault-report-in\"");
    }
}
