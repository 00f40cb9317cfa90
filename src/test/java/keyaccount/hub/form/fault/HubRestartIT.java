package keyaccount.hub.form.fault;

import static keyaccount.hub.test.BrokerClient.Recorder.bodyContains;
import static keyaccount.hub.test.FaultMessages.faultReturn;
import static keyaccount.hub.test.FaultMessages.report;
import static keyaccount.hub.test.FaultMessages.reportNo;
import static keyaccount.hub.test.FaultMessages.tag;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubProcess;
import keyaccount.hub.test.TestEnvironment;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hub stopped between two steps of a ticket and started again on the same data folder and
 * store: messages waiting in the broker, messages waiting in the outbox and the ticket's state all
 * survive, and nothing is done twice.
 */
class HubRestartIT {

    @Test
    void hubRestartedBetweenTwoStepsOfATicketLosesNothingAndRepeatsNothing() throws Exception {
        TestEnvironment env = TestEnvironment.create();
        String cust = FaultMessages.custNo("KM");
        env.customer97(cust, "云南省财政厅", "10", null, false, "1");
        Instant now = Instant.now();
        String first = reportNo();
        String second = reportNo();
        String ticketNo;

        try (HubProcess hub = HubProcess.start(env, Map.of());
             BrokerClient client = BrokerClient.core(env.brokerUrl())) {
            hub.bean(CustomerSync.class).sync();
            Recorder replies = client.recordQueue(Queues.CC_FAULT_REPLY);
            Recorder dispatches = client.recordQueue(Queues.NMS_FAULT_DISPATCH);
            client.sendText(Queues.CC_FAULT_REPORT, report(first, cust, null, "DDN", now, "UTF-8"));
            ticketNo = tag(replies.await(bodyContains(first, "ACCEPTED")).body(), "TicketNo");
            dispatches.await(r -> ticketNo.equals(r.correlationId()));

            // Freeze two things in flight: returns left in the broker, replies left in the outbox.
            CamelContext camel = hub.bean(CamelContext.class);
            camel.getRouteController().stopRoute("nms-fault-return-in");
            camel.getRouteController().stopRoute("hub-outbox-relay");
            client.sendText(Queues.NMS_FAULT_RETURN, faultReturn(ticketNo, "DIAGNOSED", now.plusSeconds(60), null, "LINE"));
            client.sendText(Queues.NMS_FAULT_RETURN, faultReturn(ticketNo, "DISPATCHED", now.plusSeconds(90), "A站", null));
            client.sendText(Queues.CC_FAULT_REPORT, report(second, cust, null, "PSTN", now, "UTF-8"));
            JdbcTemplate store = hub.bean(JdbcTemplate.class);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.queryForObject(
                    "SELECT COUNT(*) FROM fault_ticket WHERE report_no = ?", Integer.class, second), n -> n == 1);
            assertThat(store.queryForObject("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL", Integer.class)).isPositive();
        }

        try (HubProcess hub = HubProcess.start(env, Map.of());
             BrokerClient client = BrokerClient.core(env.brokerUrl())) {
            Recorder replies = client.recordQueue(Queues.CC_FAULT_REPLY);
            JdbcTemplate store = hub.bean(JdbcTemplate.class);

            // the second report's ACCEPTED reply, written before the stop, goes out after the start
            String secondTicket = tag(replies.await(bodyContains(second, "ACCEPTED")).body(), "TicketNo");
            // the returns queued in the broker are handled by the new hub
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.queryForObject(
                    "SELECT state FROM hub_form WHERE form_no = ?", String.class, ticketNo), "DISPATCHED"::equals);
            replies.await(bodyContains(first, "IN_PROGRESS"));

            client.sendText(Queues.NMS_FAULT_RETURN, faultReturn(ticketNo, "REPAIRED", now.plusSeconds(600), null, null));
            replies.await(bodyContains(first, "RESOLVED"));

            // numbering went on from the store, not from zero
            String third = reportNo();
            client.sendText(Queues.CC_FAULT_REPORT, report(third, cust, null, "FR", now, "UTF-8"));
            String thirdTicket = tag(replies.await(bodyContains(third, "ACCEPTED")).body(), "TicketNo");
            assertThat(thirdTicket).isNotIn(ticketNo, secondTicket);

            // The two returns left in the broker are taken by two consumers at once, so DISPATCHED may be
            // handled before DIAGNOSED. Either way the ticket never moves backwards, and a late
            // DIAGNOSED still records the fault type it carries.
            assertThat(store.queryForList("SELECT to_state FROM form_transition WHERE form_no = ? ORDER BY id",
                    String.class, ticketNo)).isIn(
                    List.of("ACCEPTED", "DIAGNOSED", "DISPATCHED", "RESOLVED"),
                    List.of("ACCEPTED", "DISPATCHED", "RESOLVED"));
            assertThat(store.queryForObject("SELECT fault_type FROM fault_ticket WHERE ticket_no = ?",
                    String.class, ticketNo)).isEqualTo("LINE");
            assertThat(store.queryForObject("SELECT COUNT(*) FROM fault_ticket", Integer.class)).isEqualTo(3);
            assertThat(replies.matching(bodyContains(first, "IN_PROGRESS"))).hasSize(1);
            assertThat(replies.matching(bodyContains(second, "ACCEPTED"))).hasSize(1);
        }
    }
}
