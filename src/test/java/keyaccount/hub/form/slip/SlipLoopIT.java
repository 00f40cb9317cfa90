package keyaccount.hub.form.slip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.alarm.DeadlineAlarms;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.BrokerClient.Received;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The front office's slips: raised over HTTP, answered over the broker, replied to on oa.slip.reply. */
class SlipLoopIT extends HubIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AM = "am:am";
    private static Recorder resourceRequests;
    private static Recorder contactSlips;
    private static Recorder slipReplies;
    private static Recorder dlq;

    @LocalServerPort
    int port;
    @Autowired
    CustomerSync customerSync;
    @Autowired
    DeadlineAlarms deadlineAlarms;
    HubHttp http;
    String cust;

    @BeforeEach
    void setUp() {
        http = new HubHttp(port);
        if (resourceRequests == null) {
            resourceRequests = broker.recordQueue(Queues.NMS_RESOURCE_REQUEST);
            contactSlips = broker.recordQueue(Queues.BACKOFFICE_SLIP_REQUEST);
            slipReplies = broker.recordQueue(Queues.OA_SLIP_REPLY);
            dlq = broker.recordQueue(Queues.HUB_DLQ);
        }
        cust = FaultMessages.custNo("KM");
        customer97(cust, "云南电网公司", "20", null, true, "1"); // strategic: grade B
        customerSync.sync();
    }

    @Test
    void aBadSlipGets400NamingEachBadFieldAndNothingIsCreated() throws Exception {
        int before = slipCount();
        int outboxBefore = outboxSlipRows();
        HttpResponse<String> r = http.post("/api/v1/resource-confirmations", AM,
                "{\"custNo\":\"" + cust + "\",\"serviceType\":\"XYZ\",\"quantity\":\"abc\",\"reserve\":\"yes\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(fields(r)).containsExactlyInAnyOrder("serviceType", "rate", "aEnd", "quantity", "reserve", "requestedBy");

        HttpResponse<String> c = http.post("/api/v1/contact-slips", AM,
                "{\"custNo\":\"" + cust + "\",\"toDept\":\"KITCHEN\",\"subject\":\"\",\"dueBy\":\"soon\"}");
        assertThat(c.statusCode()).isEqualTo(400);
        assertThat(fields(c)).containsExactlyInAnyOrder("toDept", "subject", "content", "requestedBy", "dueBy");

        HttpResponse<String> unknown = http.post("/api/v1/contact-slips", AM, contactJson("KM99999998"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown customer KM99999998");

        assertThat(http.post("/api/v1/contact-slips", AM, "{not json").statusCode()).isEqualTo(400);
        assertThat(slipCount()).isEqualTo(before);
        assertThat(outboxSlipRows()).as("nothing sent for a refused slip").isEqualTo(outboxBefore);
    }

    @Test
    void resourceSlipWithReservationRoundTrip() throws Exception {
        HttpResponse<String> r = http.post("/api/v1/resource-confirmations", AM, resourceJson(true));
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode created = JSON.readTree(r.body());
        String slipNo = created.get("slipNo").asText();
        assertThat(slipNo).matches("RC-20261122-\\d{6}");
        assertThat(created.get("grade").asText()).isEqualTo("B");
        assertThat(created.get("deadline").asText()).isEqualTo("2026-11-23T08:00:00+08:00"); // B: 24h

        Received request = resourceRequests.await(m -> slipNo.equals(m.correlationId()));
        JsonNode q = JSON.readTree(request.body());
        assertThat(q.get("action").asText()).isEqualTo("CONFIRM");
        assertThat(q.get("reserve").asBoolean()).isTrue();
        assertThat(q.get("quantity").asInt()).isEqualTo(2);
        assertThat(q.get("keyAccount").asBoolean()).isTrue();
        assertThat(request.property("HubGrade")).isEqualTo("B");

        broker.sendText(Queues.NMS_RESOURCE_REPLY, "{\"slipNo\":\"" + slipNo + "\",\"result\":\"RESERVED\","
                + "\"promisedDate\":\"2026-11-27\",\"resources\":[{\"port\":\"KM-DDN-PORT-7\"}],\"note\":\"已预占\"}");
        JsonNode reply = JSON.readTree(slipReplies.await(m -> slipNo.equals(m.correlationId())).body());
        assertThat(reply.get("kind").asText()).isEqualTo("RESOURCE");
        assertThat(reply.get("result").asText()).isEqualTo("RESERVED");
        assertThat(reply.get("promisedDate").asText()).isEqualTo("2026-11-27");
        assertThat(reply.get("answer").asText()).isEqualTo("已预占");

        JsonNode form = JSON.readTree(http.get("/api/v1/forms/" + slipNo, AM).body());
        assertThat(form.get("state").asText()).isEqualTo("ANSWERED");
        assertThat(form.get("details").get("resources").asText()).contains("KM-DDN-PORT-7");
    }

    @Test
    void resourceSlipWithoutReservationRoundTrip() throws Exception {
        String slipNo = JSON.readTree(http.post("/api/v1/resource-confirmations", AM, resourceJson(false)).body())
                .get("slipNo").asText();
        assertThat(JSON.readTree(resourceRequests.await(m -> slipNo.equals(m.correlationId())).body())
                .get("reserve").asBoolean()).isFalse();
        broker.sendText(Queues.NMS_RESOURCE_REPLY, "{\"slipNo\":\"" + slipNo + "\",\"result\":\"NEEDS_CONSTRUCTION\","
                + "\"promisedDate\":\"2026-12-20\",\"resources\":[],\"note\":\"需新建光缆\",\"futureField\":1}");
        JsonNode reply = JSON.readTree(slipReplies.await(m -> slipNo.equals(m.correlationId())).body());
        assertThat(reply.get("result").asText()).isEqualTo("NEEDS_CONSTRUCTION");
    }

    @Test
    void contactSlipRoundTripAndASecondAnswerChangesNothing() throws Exception {
        HttpResponse<String> r = http.post("/api/v1/contact-slips", AM, contactJson(cust));
        assertThat(r.statusCode()).isEqualTo(201);
        String slipNo = JSON.readTree(r.body()).get("slipNo").asText();
        assertThat(slipNo).startsWith("CS-");

        JsonNode slip = JSON.readTree(contactSlips.await(m -> slipNo.equals(m.correlationId())).body());
        assertThat(slip.get("toDept").asText()).isEqualTo("BILLING");
        assertThat(slip.get("subject").asText()).isEqualTo("账单疑问");
        assertThat(slip.get("grade").asText()).isEqualTo("B");
        assertThat(slip.get("keyAccount").asBoolean()).isTrue();
        assertThat(slip.get("deadline").asText()).isEqualTo("2026-11-24T08:00:00+08:00"); // B: 48h

        String answer = "{\"slipNo\":\"" + slipNo + "\",\"answeredBy\":\"计费中心李四\",\"answer\":\"已核实, 下月冲正\","
                + "\"at\":\"2026-11-22T15:00:00+08:00\"}";
        broker.sendText(Queues.BACKOFFICE_SLIP_ANSWER, answer);
        JsonNode reply = JSON.readTree(slipReplies.await(m -> slipNo.equals(m.correlationId())).body());
        assertThat(reply.get("kind").asText()).isEqualTo("CONTACT");
        assertThat(reply.get("answer").asText()).isEqualTo("已核实, 下月冲正");
        assertThat(reply.get("answeredAt").asText()).isEqualTo("2026-11-22T15:00:00+08:00");

        broker.sendText(Queues.BACKOFFICE_SLIP_ANSWER, answer);
        awaitTrace(slipNo, 2);
        assertThat(slipReplies.matching(m -> slipNo.equals(m.correlationId()))).hasSize(1);
    }

    @Test
    void anUnansweredSlipRaisesDeadlineAlarms() {
        String slipNo = uncheck(http.post("/api/v1/contact-slips", AM, contactJson(cust)).body())
                .get("slipNo").asText();
        clock.set(T0.plus(Duration.ofHours(49)));
        deadlineAlarms.check();
        assertThat(store.queryForList("SELECT kind FROM alarm WHERE form_no = ? ORDER BY raised_at, alarm_no",
                String.class, slipNo)).containsExactly("DEADLINE_WARNING", "DEADLINE_BREACH");
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyReturnsTheFirstSlip() throws Exception {
        String key = "oa-" + FaultMessages.unique();
        HttpResponse<String> first = http.post("/api/v1/contact-slips", AM, contactJson(cust), "Idempotency-Key", key);
        HttpResponse<String> again = http.post("/api/v1/contact-slips", AM, contactJson(cust), "Idempotency-Key", key);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("slipNo")).isEqualTo(JSON.readTree(first.body()).get("slipNo"));
    }

    @Test
    void anAnswerForAnUnknownSlipGoesToTheDlq() {
        String body = "{\"slipNo\":\"CS-20991231-000001\",\"answeredBy\":\"x\",\"answer\":\"y\"}";
        broker.sendText(Queues.BACKOFFICE_SLIP_ANSWER, body);
        assertThat(dlq.await(m -> body.equals(m.body())).property("HubError"))
                .isEqualTo("unknown contact slip CS-20991231-000001");
    }

    @Test
    void onlyAccountManagersAndSystemsRaiseSlips() {
        assertThat(http.post("/api/v1/contact-slips", null, contactJson(cust)).statusCode()).isEqualTo(401);
        assertThat(http.post("/api/v1/contact-slips", "viewer:viewer", contactJson(cust)).statusCode()).isEqualTo(403);
    }

    private String contactJson(String custNo) {
        return "{\"custNo\":\"" + custNo + "\",\"toDept\":\"BILLING\",\"subject\":\"账单疑问\",\"content\":\"十月账单多收月租\","
                + "\"requestedBy\":\"am-007\"}";
    }

    private String resourceJson(boolean reserve) {
        return "{\"custNo\":\"" + cust + "\",\"serviceType\":\"DDN\",\"rate\":\"2M\",\"aEnd\":\"昆明市五华区\","
                + "\"zEnd\":\"昆明市官渡区\",\"quantity\":2,\"reserve\":" + reserve + ",\"requestedBy\":\"am-007\"}";
    }

    private int slipCount() {
        return store.queryForObject("SELECT COUNT(*) FROM slip", Integer.class);
    }

    private int outboxSlipRows() {
        return store.queryForObject("SELECT COUNT(*) FROM outbox WHERE correlation_id LIKE 'CS-%' OR"
                + " correlation_id LIKE 'RC-%'", Integer.class);
    }

    private static java.util.List<String> fields(HttpResponse<String> r) throws Exception {
        java.util.List<String> names = new java.util.ArrayList<>();
        JSON.readTree(r.body()).get("fields").forEach(f -> names.add(f.get("field").asText()));
        return names;
    }

    private void awaitTrace(String formNo, int n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.queryForObject(
                "SELECT COUNT(*) FROM form_trace WHERE form_no = ?", Integer.class, formNo), c -> c >= n);
    }

    private static JsonNode uncheck(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
