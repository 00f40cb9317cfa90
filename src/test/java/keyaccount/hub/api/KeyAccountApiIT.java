package keyaccount.hub.api;

import static keyaccount.hub.test.ConsolidatedData.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.consolidation.derive.NightlyFigures;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.ConsolidatedData;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/** GET /api/v1/customers/{custNo} and GET /api/v1/kpis over HTTP, as the OA and operators call them. */
class KeyAccountApiIT extends HubIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    @LocalServerPort
    int port;
    @Autowired
    CustomerSync customerSync;
    @Autowired
    NightlyFigures figures;
    @Autowired
    TransactionTemplate tx;

    @Test
    void aCustomerShowsItsKindsGradeHistoryRevenuePaymentsArrearsCircuitsFormsAndAlarms() throws Exception {
        String net = ConsolidatedData.net();
        ConsolidatedData data = new ConsolidatedData(store);
        String cust = ConsolidatedData.custNo(net);
        customer97(cust, "某银行分行", "20", null, false, "1");
        customerSync.sync();
        String u = Long.toString(FaultMessages.unique());
        long sep = data.revenueFile(net, "202609", 1);
        data.line(sep, cust, "202609", "DDN", "DDN数字电路月租", "10000.00");
        long oct = data.revenueFile(net, "202610", 1);
        data.line(oct, cust, "202610", "DDN", "DDN数字电路月租", "12500.00");
        data.line(oct, cust, "202610", "LD", "国内长途", "380.15");
        data.payment("P" + u, cust, "12880.15", at("2026-11-05T10:00"));
        data.arrears(cust, "320.50", LocalDate.of(2026, 11, 1), DAY);
        data.circuit(net + "-DDN-" + u, cust, "DDN", "1");
        data.form("FT-" + u, "FAULT_TICKET", "ACCEPTED", cust, at("2026-11-22T07:00"), at("2026-11-22T12:00"), null);
        tx.execute(s -> figures.derive("CR-" + u, DAY));

        HttpResponse<String> r = http().get("/api/v1/customers/" + cust, "am:am");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode c = JSON.readTree(r.body());
        assertThat(c.get("name").asText()).isEqualTo("某银行分行");
        assertThat(c.get("accountManager").asText()).isEqualTo("M001");
        assertThat(c.get("kinds").toString()).isEqualTo("[\"HIGH_VALUE\"]");
        assertThat(c.get("grade").asText()).isEqualTo("B");
        assertThat(c.get("keyAccount").asBoolean()).isTrue();
        assertThat(c.get("classification").get("billMonth").asText()).isEqualTo("202610");
        assertThat(c.get("classification").get("revenueYuan").decimalValue()).isEqualByComparingTo("12880.15");
        assertThat(c.get("classification").get("localList").asBoolean()).isTrue();
        assertThat(c.get("classification").get("level").asInt()).isEqualTo(2);
        assertThat(c.get("gradeHistory")).hasSize(1);
        assertThat(c.get("gradeHistory").get(0).get("newKinds").toString()).isEqualTo("[\"HIGH_VALUE\"]");
        assertThat(c.get("gradeHistory").get(0).get("oldGrade").asText()).isEqualTo("C");
        assertThat(c.get("gradeHistory").get(0).get("reason").asText())
                .isEqualTo("monthly spend 10,000.00 yuan ≥ " + net + " threshold 3,000.00");
        JsonNode october = c.get("revenue").get(0);
        assertThat(october.get("billMonth").asText()).isEqualTo("202610");
        assertThat(october.get("totalYuan").decimalValue()).isEqualByComparingTo("12880.15");
        assertThat(october.get("products")).hasSize(2);
        assertThat(october.get("products").get(0).get("productCode").asText()).isEqualTo("DDN");
        assertThat(october.get("products").get(0).get("amountYuan").decimalValue()).isEqualByComparingTo("12500.00");
        assertThat(c.get("revenue").get(1).get("billMonth").asText()).isEqualTo("202609");
        assertThat(c.get("payments").get(0).get("amountYuan").decimalValue()).isEqualByComparingTo("12880.15");
        assertThat(c.get("payments").get(0).get("paidAt").asText()).isEqualTo("2026-11-05T10:00:00+08:00");
        assertThat(c.get("arrears").get(0).get("overdueSince").asText()).isEqualTo("2026-11-01");
        assertThat(c.get("circuits").get(0).get("circuitNo").asText()).isEqualTo(net + "-DDN-" + u);
        assertThat(c.get("openForms").get(0).get("formNo").asText()).isEqualTo("FT-" + u);
        assertThat(c.get("alarms").isArray()).isTrue();

        assertThat(http().get("/api/v1/customers/" + net + "99999999", "am:am").statusCode()).isEqualTo(404);
        assertThat(http().get("/api/v1/customers/" + cust, null).statusCode()).isEqualTo(401);
    }

    @Test
    void kpisOfADayAndALocalNetAndBadDatesAre400() throws Exception {
        String net = ConsolidatedData.net();
        String cust = ConsolidatedData.custNo(net);
        customer97(cust, "某证券公司", "20", null, false, "1");
        customerSync.sync();
        String u = Long.toString(FaultMessages.unique());
        new ConsolidatedData(store).form("WO-" + u, "WORK_ORDER", "COMPLETED", cust, at("2026-11-20T07:00"),
                at("2026-11-22T12:00"), at("2026-11-22T09:00"));
        tx.execute(s -> figures.derive("CR-" + u, DAY));

        HttpResponse<String> r = http().get("/api/v1/kpis?date=2026-11-22&localNet=" + net, "operator:operator");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("date").asText()).isEqualTo("2026-11-22");
        JsonNode opening = null;
        for (JsonNode k : body.get("kpis")) {
            assertThat(k.get("localNet").asText()).isEqualTo(net);
            if ("OPENING_ON_TIME_RATE".equals(k.get("kpi").asText())) {
                opening = k;
            }
        }
        assertThat(opening).isNotNull();
        assertThat(opening.get("value").decimalValue()).isEqualByComparingTo("1");
        assertThat(opening.get("denominator").decimalValue()).isEqualByComparingTo("1");

        // no date: the latest day with KPIs, every local net
        JsonNode latest = JSON.readTree(http().get("/api/v1/kpis", "am:am").body());
        assertThat(latest.get("date").asText()).isNotEmpty();
        assertThat(latest.hasNonNull("localNet")).isFalse();

        HttpResponse<String> bad = http().get("/api/v1/kpis?date=2026-13-01", "operator:operator");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("fields").get(0).get("field").asText()).isEqualTo("date");
        assertThat(http().get("/api/v1/kpis?date=yesterday", "am:am").statusCode()).isEqualTo(400);
        assertThat(http().get("/api/v1/kpis?localNet=kunming", "am:am").statusCode()).isEqualTo(400);
    }

    private HubHttp http() {
        return new HubHttp(port);
    }
}
