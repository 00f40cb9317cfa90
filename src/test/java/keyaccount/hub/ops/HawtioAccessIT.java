package keyaccount.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Hawtio and its Jolokia behind the hub's users: viewers look at routes, only operators stop and start them. */
class HawtioAccessIT extends HubIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTE = "hub-fault-autoclose";
    private String mbean;

    @LocalServerPort
    int port;

    @Test
    void hawtioNeedsASignedInOperatorOrViewer() throws Exception {
        HubHttp http = new HubHttp(port);
        assertThat(http.get("/actuator/hawtio/index.html", null).statusCode()).isEqualTo(401);
        assertThat(http.post("/actuator/jolokia", null, read("State")).statusCode()).isEqualTo(401);
        assertThat(http.get("/actuator/hawtio/index.html", "am:am").statusCode()).isEqualTo(403);
        assertThat(http.get("/actuator/hawtio/index.html", "system:system").statusCode()).isEqualTo(403);

        HttpResponse<String> page = http.get("/actuator/hawtio/index.html", "viewer:viewer");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("hawtio");

        // a browser is sent to the login form instead
        HttpResponse<String> browser = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/hawtio/index.html")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void aViewerReadsARouteButCannotStopIt() throws Exception {
        HubHttp http = new HubHttp(port);
        assertThat(state(http, "viewer:viewer")).isEqualTo("Started");
        // reporting operations are looking, too
        JsonNode dump = jolokia(http, "viewer:viewer", exec("dumpRouteAsXml()"));
        assertThat(dump.get("status").asInt()).isEqualTo(200);
        assertThat(dump.get("value").asText()).contains(ROUTE);

        for (String path : new String[] {"/actuator/jolokia", "/actuator/hawtio/jolokia"}) {
            assertThat(http.post(path, "viewer:viewer", exec("stop()")).statusCode()).as(path).isEqualTo(403);
            assertThat(http.post(path, "viewer:viewer", "[" + read("State") + "," + exec("stop()") + "]").statusCode())
                    .as(path + " in a batch").isEqualTo(403);
        }
        assertThat(http.get("/actuator/jolokia/exec/" + mbean.replace("\\\"", "%22").replace(",", "%2C") + "/stop()", "viewer:viewer")
                .statusCode()).isEqualTo(403);
        assertThat(http.post("/actuator/jolokia", "viewer:viewer",
                "{\"type\":\"write\",\"mbean\":\"" + mbean + "\",\"attribute\":\"Tracing\",\"value\":true}").statusCode())
                .isEqualTo(403);
        assertThat(http.post("/actuator/jolokia", "viewer:viewer", "{\"type\":\"read\",\"type\":\"exec\"}").statusCode())
                .as("ambiguous").isEqualTo(403);
        assertThat(state(http, "viewer:viewer")).isEqualTo("Started");
    }

    @Test
    void anOperatorStopsAndStartsARoute() throws Exception {
        HubHttp http = new HubHttp(port);
        try {
            assertThat(jolokia(http, "operator:operator", exec("stop()")).get("status").asInt()).isEqualTo(200);
            assertThat(state(http, "viewer:viewer")).isEqualTo("Stopped");
        } finally {
            assertThat(jolokia(http, "operator:operator", exec("start()")).get("status").asInt()).isEqualTo(200);
        }
        assertThat(state(http, "viewer:viewer")).isEqualTo("Started");
    }

    /** The route's MBean, as Hawtio finds it: by a search (the context's part of the name is Camel's). */
    @BeforeEach
    void findTheRoute() throws Exception {
        if (mbean == null) {
            JsonNode found = jolokia(new HubHttp(port), "viewer:viewer",
                    "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,name=\\\"" + ROUTE + "\\\",*\"}");
            assertThat(found.get("value").size()).as(found.toString()).isEqualTo(1);
            mbean = found.get("value").get(0).asText().replace("\"", "\\\"");
        }
    }

    private String state(HubHttp http, String user) throws Exception {
        JsonNode r = jolokia(http, user, read("State"));
        assertThat(r.get("status").asInt()).as(r.toString()).isEqualTo(200);
        return r.get("value").asText();
    }

    private static JsonNode jolokia(HubHttp http, String user, String request) throws Exception {
        HttpResponse<String> r = http.post("/actuator/jolokia", user, request);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String read(String attribute) {
        return "{\"type\":\"read\",\"mbean\":\"" + mbean + "\",\"attribute\":\"" + attribute + "\"}";
    }

    private String exec(String operation) {
        return "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + operation + "\"}";
    }
}
