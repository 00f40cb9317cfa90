package keyaccount.hub.ops;

import static keyaccount.hub.test.BrokerClient.Recorder.bodyContains;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An operator browses the DLQ, fixes the cause, replays a message, and discards another; both audited. */
class DeadLetterActionsIT extends HubIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    CustomerSync customerSync;

    @Test
    void aReplayedMessageIsHandledAndADiscardIsAudited() throws Exception {
        HubHttp http = new HubHttp(port);
        Recorder replies = broker.recordQueue(Queues.CC_FAULT_REPLY);
        String cust = FaultMessages.custNo("KM");
        customer97(cust, "昆明市电视台", "10", null, false, "1");
        customerSync.sync();

        // a service the code table does not know yet: dead-lettered
        String reportNo = FaultMessages.reportNo();
        broker.sendText(Queues.CC_FAULT_REPORT, FaultMessages.report(reportNo, cust, null, "IPTV", T0, "UTF-8"));
        JsonNode dead = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> find(http, reportNo),
                n -> n != null);
        assertThat(dead.get("error").asText()).contains("ServiceType IPTV is not a known service type");
        assertThat(dead.get("sourceQueue").asText()).isEqualTo(Queues.CC_FAULT_REPORT);
        String id = dead.get("messageId").asText();

        // viewers look, only operators act
        assertThat(http.post("/api/v1/dlq/" + id + "/replay", "viewer:viewer", "").statusCode()).isEqualTo(403);

        // the operator adds the code and replays
        Path codes = ENV.mappings().resolve("codes/service-types.csv");
        Files.writeString(codes, "IPTV,IPTV专线\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(codes, FileTime.from(Instant.now().plusSeconds(5)));
        var replayed = http.post("/api/v1/dlq/" + id + "/replay", "operator:operator", "");
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(replayed.body()).contains("\"replayedTo\":\"cc.fault.report\"");
        replies.await(bodyContains(reportNo, "<Status>ACCEPTED</Status>"));
        assertThat(find(http, reportNo)).isNull();
        assertThat(http.post("/api/v1/dlq/" + id + "/replay", "operator:operator", "").statusCode()).isEqualTo(404);

        // another one is thrown away, with a reason
        String junk = "<FaultReport>garbage " + FaultMessages.unique();
        broker.sendText(Queues.CC_FAULT_REPORT, junk);
        JsonNode junkEntry = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> find(http, junk), n -> n != null);
        String junkId = junkEntry.get("messageId").asText();
        assertThat(http.post("/api/v1/dlq/" + junkId + "/discard", "operator:operator", "{}").statusCode()).isEqualTo(400);
        assertThat(http.post("/api/v1/dlq/" + junkId + "/discard", "operator:operator",
                "{\"reason\":\"test message from a desk in training\"}").statusCode()).isEqualTo(200);
        assertThat(find(http, junk)).isNull();

        JsonNode audit = JSON.readTree(http.get("/api/v1/audit", "viewer:viewer").body());
        assertThat(audit.toString()).contains("\"actor\":\"operator\"", "\"action\":\"DLQ_REPLAY\"", "\"target\":\"" + id + "\"",
                "\"action\":\"DLQ_DISCARD\"", "test message from a desk in training");
    }

    private static JsonNode find(HubHttp http, String bodyPart) throws Exception {
        for (JsonNode m : JSON.readTree(http.get("/api/v1/dlq?limit=1000", "viewer:viewer").body())) {
            if (m.get("body").asText().contains(bodyPart)) {
                return m;
            }
        }
        return null;
    }
}
