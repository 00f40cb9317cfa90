package keyaccount.hub.form.workorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.system.s97.OrderPoller;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.FtpPeer;
import keyaccount.hub.test.HubProcess;
import keyaccount.hub.test.TestEnvironment;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** A hub stopped in the middle of a work order and started again finishes it, doing nothing twice. */
class WorkOrderRestartIT {

    @Test
    void aHubRestartedInTheMiddleOfAnOrderFinishesItWithoutDuplicates() throws Exception {
        TestEnvironment env = TestEnvironment.create();
        String cust = FaultMessages.custNo("KM");
        env.customer97(cust, "云南省气象局", "10", null, false, "1");
        String orderNo = "YW" + String.format("%08d", FaultMessages.unique() % 100_000_000);
        env.order97(orderNo, cust, "DDN", "NEW", null, "KM", "QJ"); // LOCAL, FAR_LOCAL, PROVINCE, then ACCEPTANCE
        String woNo;

        try (HubProcess hub = HubProcess.start(env, Map.of());
             BrokerClient client = BrokerClient.core(env.brokerUrl())) {
            Recorder tasks = client.recordQueue(Queues.NMS_WORKORDER_DISPATCH);
            hub.bean(CustomerSync.class).sync();
            hub.bean(OrderPoller.class).poll();
            JdbcTemplate store = hub.bean(JdbcTemplate.class);
            woNo = store.queryForObject("SELECT work_order_no FROM work_order WHERE order_no = ?", String.class, orderNo);
            String wo = woNo;
            tasks.awaitCount(r -> wo.equals(r.correlationId()), 3, Duration.ofSeconds(20));

            client.sendText(Queues.NMS_WORKORDER_RETURN, completed(woNo, "LOCAL", Instant.now()));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.queryForObject(
                    "SELECT state FROM hub_form WHERE form_no = ?", String.class, WorkOrderService.taskNo(wo, "LOCAL")),
                    "COMPLETED"::equals);
            // the hub goes down with a station's return waiting in the broker
            hub.bean(CamelContext.class).getRouteController().stopRoute("nms-workorder-return-in");
            client.sendText(Queues.NMS_WORKORDER_RETURN, completed(woNo, "PROVINCE", Instant.now()));
        }

        try (HubProcess hub = HubProcess.start(env, Map.of());
             BrokerClient client = BrokerClient.core(env.brokerUrl())) {
            Recorder tasks = client.recordQueue(Queues.NMS_WORKORDER_DISPATCH);
            JdbcTemplate store = hub.bean(JdbcTemplate.class);
            String wo = woNo;
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.queryForObject(
                    "SELECT state FROM hub_form WHERE form_no = ?", String.class, WorkOrderService.taskNo(wo, "PROVINCE")),
                    "COMPLETED"::equals);
            hub.bean(OrderPoller.class).poll(); // the order is taken already: nothing new
            client.sendText(Queues.NMS_WORKORDER_RETURN, completed(woNo, "FAR_LOCAL", Instant.now()));
            tasks.await(r -> wo.equals(r.correlationId()) && r.body().contains("\"ACCEPTANCE\""));
            client.sendText(Queues.NMS_WORKORDER_RETURN, completed(woNo, "ACCEPTANCE", Instant.now()));

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> env.order97Status(orderNo)[0], "2"::equals);
            FtpPeer finance = new FtpPeer(env.financeFtpPort, "finance", "finance-test");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> finance.list("/settlement").size() == 2);
            assertThat(finance.list("/settlement")).hasSize(2); // one notice and its .ok
            assertThat(store.queryForObject("SELECT COUNT(*) FROM work_order WHERE order_no = ?", Integer.class, orderNo)).isOne();
            assertThat(store.queryForObject("SELECT COUNT(*) FROM station_task WHERE work_order_no = ?", Integer.class, wo))
                    .isEqualTo(4);
            assertThat(tasks.matching(r -> wo.equals(r.correlationId()))).hasSize(1); // only ACCEPTANCE after the restart
            assertThat(store.queryForList("SELECT to_state FROM form_transition WHERE form_no = ? ORDER BY id", String.class, wo))
                    .containsExactly("IN_PROGRESS", "AWAITING_ACCEPTANCE", "COMPLETED");
        }
    }

    private static String completed(String woNo, String station, Instant at) {
        return "{\"workOrderNo\":\"" + woNo + "\",\"taskNo\":\"" + WorkOrderService.taskNo(woNo, station)
                + "\",\"result\":\"COMPLETED\",\"at\":\"" + FaultMessages.iso(at) + "\"}";
    }
}
