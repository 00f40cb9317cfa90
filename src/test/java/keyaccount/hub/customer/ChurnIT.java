package keyaccount.hub.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.system.s97.OrderPoller;
import keyaccount.hub.test.BrokerClient.Received;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A customer leaving: one CHURN alarm to the account manager, one RELEASE per circuit in service. */
class ChurnIT extends HubIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Recorder requests;
    private static Recorder alarms;

    @Autowired
    CustomerSync customerSync;
    @Autowired
    OrderPoller poller;

    @BeforeEach
    void recorders() {
        if (requests == null) {
            requests = broker.recordQueue(Queues.NMS_RESOURCE_REQUEST);
            alarms = broker.subscribe(Queues.HUB_ALARM);
        }
    }

    @Test
    void aTerminateOrderRaisesOneChurnAlarmAndReleasesEachCircuitInServiceOnce() throws Exception {
        String cust = FaultMessages.custNo("KM");
        customer97(cust, "昆明某银行分行", "20", null, true, "1");
        customerSync.sync();
        ENV.circuit(cust.replace("KM", "KM-DDN-"), cust, "DDN", "1");
        ENV.circuit(cust.replace("KM", "KM-2M-"), cust, "DC2M", "1");
        ENV.circuit(cust.replace("KM", "KM-OLD-"), cust, "DDN", "9");

        String orderNo = "YW" + String.format("%08d", FaultMessages.unique() % 100_000_000);
        ENV.order97(orderNo, cust, "DDN", "TERMINATE", null, "KM", null);
        poller.poll();

        Received churn = alarms.await(r -> r.body().contains("\"CHURN\"") && r.body().contains(cust));
        JsonNode alarm = JSON.readTree(churn.body());
        assertThat(alarm.get("kind").asText()).isEqualTo("CHURN");
        assertThat(alarm.get("custNo").asText()).isEqualTo(cust);
        assertThat(alarm.get("message").asText()).contains("客户经理 M001").contains("TERMINATE order " + orderNo);
        assertThat(churn.property("HubAccountManager")).isEqualTo("M001");

        List<Received> releases = requests.awaitCount(r -> r.body().contains("\"RELEASE\"") && r.body().contains(cust), 2,
                Duration.ofSeconds(20));
        assertThat(releases).extracting(r -> json(r).get("circuitNo").asText())
                .containsExactlyInAnyOrder(cust.replace("KM", "KM-DDN-"), cust.replace("KM", "KM-2M-"));
        String slipNo = json(releases.get(0)).get("slipNo").asText();
        assertThat(slipNo).startsWith("RR-");

        // the network answers; the answer is recorded
        broker.sendText(Queues.NMS_RESOURCE_REPLY, "{\"slipNo\":\"" + slipNo + "\",\"result\":\"RELEASED\",\"resources\":[],"
                + "\"note\":\"已拆除\"}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.queryForObject(
                "SELECT result FROM slip WHERE slip_no = ?", String.class, slipNo), "RELEASED"::equals);

        // later the 97 system also marks the customer gone: nothing happens twice
        customer97(cust, "昆明某银行分行", "20", null, true, "9");
        customerSync.sync();
        assertThat(store.queryForObject("SELECT COUNT(*) FROM alarm WHERE kind = 'CHURN' AND cust_no = ?", Integer.class,
                cust)).isOne();
        assertThat(store.queryForObject("SELECT COUNT(*) FROM slip WHERE kind = 'RELEASE' AND cust_no = ?", Integer.class,
                cust)).isEqualTo(2);
    }

    @Test
    void aCustomerWhose97StatusBecomes9IsTreatedAsLeaving() {
        String cust = FaultMessages.custNo("SZ");
        customer97(cust, "苏州某公司", "20", null, false, "1");
        customerSync.sync();
        ENV.circuit(cust.replace("SZ", "SZ-LAN-"), cust, "LAN", "1");

        customer97(cust, "苏州某公司", "20", null, false, "9");
        customerSync.sync();
        customerSync.sync();

        alarms.await(r -> r.body().contains("\"CHURN\"") && r.body().contains(cust));
        requests.await(r -> r.body().contains("\"RELEASE\"") && r.body().contains(cust.replace("SZ", "SZ-LAN-")));
        assertThat(store.queryForObject("SELECT COUNT(*) FROM alarm WHERE kind = 'CHURN' AND cust_no = ?", Integer.class,
                cust)).isOne();
    }

    @Test
    void aReleaseAnsweredWithAConfirmResultGoesToTheDlq() throws Exception {
        String cust = FaultMessages.custNo("KM");
        customer97(cust, "昆明某厂", "20", null, false, "1");
        customerSync.sync();
        ENV.circuit(cust.replace("KM", "KM-FR-"), cust, "FR", "1");
        customer97(cust, "昆明某厂", "20", null, false, "9");
        customerSync.sync();
        String slipNo = json(requests.await(r -> r.body().contains(cust.replace("KM", "KM-FR-")))).get("slipNo").asText();
        Recorder dlq = broker.recordQueue(Queues.HUB_DLQ);
        String body = "{\"slipNo\":\"" + slipNo + "\",\"result\":\"RESERVED\"}";
        broker.sendText(Queues.NMS_RESOURCE_REPLY, body);
        assertThat(dlq.await(r -> body.equals(r.body())).property("HubError")).contains("RELEASED, UNAVAILABLE");
    }

    private static JsonNode json(Received r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
