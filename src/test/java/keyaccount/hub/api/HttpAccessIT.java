package keyaccount.hub.api;

import static keyaccount.hub.test.BrokerClient.Recorder.bodyContains;
import static keyaccount.hub.test.FaultMessages.report;
import static keyaccount.hub.test.FaultMessages.reportNo;
import static keyaccount.hub.test.FaultMessages.tag;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The HTTP side: who gets in where, and a form's view over the API. */
class HttpAccessIT extends HubIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    CustomerSync customerSync;

    @Test
    void healthIsOpenToAnyone() throws Exception {
        HttpResponse<String> r = get("/actuator/health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"");
    }

    /** Every endpoint group: method, path, and the roles let in (security answers before any controller). */
    private static final String[][] GROUPS = {
            {"GET", "/", "OPERATOR VIEWER"},
            {"GET", "/console/console.js", "OPERATOR VIEWER"},
            {"GET", "/api/v1/console", "OPERATOR VIEWER"},
            {"GET", "/actuator/hawtio/index.html", "OPERATOR VIEWER"},
            {"POST", "/actuator/jolokia", "OPERATOR VIEWER"},
            {"GET", "/actuator/prometheus", "OPERATOR VIEWER SYSTEM"},
            {"GET", "/actuator/camelroutes", "OPERATOR VIEWER SYSTEM"},
            {"POST", "/actuator/camelroutes/hub-fault-autoclose/stop", "OPERATOR"},
            {"GET", "/api/v1/dlq", "OPERATOR VIEWER"},
            {"GET", "/api/v1/audit", "OPERATOR VIEWER"},
            {"POST", "/api/v1/dlq/ID:nothing/replay", "OPERATOR"},
            {"POST", "/api/v1/work-orders/WO-20991231-000001/cancel", "OPERATOR"},
            {"POST", "/api/v1/consolidation/runs", "OPERATOR"},
            {"GET", "/api/v1/consolidation/runs", "OPERATOR VIEWER"},
            {"GET", "/api/v1/kpis/customers/KM00000001", "ACCOUNT_MANAGER OPERATOR VIEWER SYSTEM"},
            {"GET", "/api/v1/customers/KM00000001", "ACCOUNT_MANAGER OPERATOR VIEWER SYSTEM"},
            {"GET", "/api/v1/forms/FT-20991231-000001", "ACCOUNT_MANAGER OPERATOR VIEWER SYSTEM"},
            {"POST", "/api/v1/contact-slips", "ACCOUNT_MANAGER OPERATOR SYSTEM"},
            {"POST", "/api/v1/resource-confirmations", "ACCOUNT_MANAGER OPERATOR SYSTEM"},
    };
    private static final String[][] USERS = {
            {"ACCOUNT_MANAGER", "am:am"}, {"OPERATOR", "operator:operator"}, {"VIEWER", "viewer:viewer"},
            {"SYSTEM", "system:system"}};

    @Test
    void everythingElseNeedsAUser() throws Exception {
        for (String[] g : GROUPS) {
            assertThat(call(g[0], g[1], null).statusCode()).as(g[0] + " " + g[1]).isEqualTo(401);
            assertThat(call(g[0], g[1], "operator:wrong").statusCode()).as(g[0] + " " + g[1] + " wrong password")
                    .isEqualTo(401);
        }
    }

    @Test
    void theWrongRoleIsForbidden() throws Exception {
        for (String[] g : GROUPS) {
            for (String[] user : USERS) {
                int status = call(g[0], g[1], user[1]).statusCode();
                if (g[2].contains(user[0])) {
                    assertThat(status).as(g[0] + " " + g[1] + " as " + user[0]).isNotIn(401, 403);
                } else {
                    assertThat(status).as(g[0] + " " + g[1] + " as " + user[0]).isEqualTo(403);
                }
            }
        }
        assertThat(get("/api/v1/forms/FT-20991231-000001", "am:am").statusCode()).isEqualTo(404);
    }

    /** Read-only calls as they are; calls that would act are sent with a body the handler refuses (or nothing acts on). */
    private HttpResponse<String> call(String method, String path, String user) {
        HubHttp http = new HubHttp(port);
        if ("GET".equals(method)) {
            return http.get(path, user);
        }
        if (path.startsWith("/actuator/jolokia")) {
            return http.post(path, user, "{\"type\":\"version\"}");
        }
        if (path.startsWith("/actuator/camelroutes")) {
            // a route that does not exist: the operator is let in, and nothing stops
            return http.post(path.replace("hub-fault-autoclose", "no-such-route"), user, "");
        }
        return http.post(path, user, "{}");
    }

    @Test
    void aFormShowsItsStateDeadlineHistoryAndDetails() throws Exception {
        String cust = FaultMessages.custNo("KM");
        customer97(cust, "昆明市教育局", "10", null, false, "1");
        customerSync.sync();
        Recorder replies = broker.recordQueue(Queues.CC_FAULT_REPLY);
        String reportNo = reportNo();
        broker.sendText(Queues.CC_FAULT_REPORT, report(reportNo, cust, "KM-DDN-1", "DDN", T0, "UTF-8"));
        String ticketNo = tag(replies.await(bodyContains(reportNo)).body(), "TicketNo");

        HttpResponse<String> r = get("/api/v1/forms/" + ticketNo, "am:am");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode form = JSON.readTree(r.body());
        assertThat(form.get("state").asText()).isEqualTo("ACCEPTED");
        assertThat(form.get("grade").asText()).isEqualTo("A");
        assertThat(form.get("deadline").asText()).isEqualTo("2026-11-22T10:00:00+08:00");
        assertThat(form.get("details").get("reporter").asText()).isEqualTo("张三");
        assertThat(form.get("history").get(0).get("to").asText()).isEqualTo("ACCEPTED");

        // where has it been? one call
        JsonNode trace = JSON.readTree(get("/api/v1/forms/" + ticketNo + "/trace", "viewer:viewer").body());
        java.util.List<String> hops = new java.util.ArrayList<>();
        trace.get("hops").forEach(h -> hops.add(h.get("direction").asText() + " " + h.get("endpoint").asText()));
        assertThat(hops).contains("IN cc.fault.report", "OUT queue:cc.fault.reply", "OUT queue:nms.fault.dispatch",
                "OUT topic:hub.event");
        assertThat(trace.get("hops").get(0).get("messageId").asText()).startsWith("ID:");
        assertThat(get("/api/v1/forms/FT-20991231-000009/trace", "viewer:viewer").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path, String user) {
        return new HubHttp(port).get(path, user);
    }
}
