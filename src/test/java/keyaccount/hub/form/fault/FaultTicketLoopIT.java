package keyaccount.hub.form.fault;

import static keyaccount.hub.test.BrokerClient.Recorder.bodyContains;
import static keyaccount.hub.test.FaultMessages.faultReturn;
import static keyaccount.hub.test.FaultMessages.report;
import static keyaccount.hub.test.FaultMessages.reportNo;
import static keyaccount.hub.test.FaultMessages.tag;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.alarm.DeadlineAlarms;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.BrokerClient.Received;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The fault ticket's closed loop, driven as the call center and network management would drive
 * it: messages over the broker's TCP port, customers in the 97 database.
 */
class FaultTicketLoopIT extends HubIntegrationTest {
    private static final Charset GBK = Charset.forName("GBK");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Recorder replies;
    private static Recorder dispatches;
    private static Recorder dlq;
    private static Recorder alarms;
    private static Recorder events;

    @Autowired
    CustomerSync customerSync;
    @Autowired
    DeadlineAlarms deadlineAlarms;
    @Autowired
    FaultTicketService faultTickets;

    @BeforeEach
    void recorders() {
        if (replies == null) {
            replies = broker.recordQueue(Queues.CC_FAULT_REPLY);
            dispatches = broker.recordQueue(Queues.NMS_FAULT_DISPATCH);
            dlq = broker.recordQueue(Queues.HUB_DLQ);
            alarms = broker.subscribe(Queues.HUB_ALARM);
            events = broker.subscribe(Queues.HUB_EVENT);
        }
    }

    // ------------------------------------------------------------------ reports

    @Test
    void utf8TextReportOpensATicketRepliesAndDispatchesWithKeyAccountHeaders() throws Exception {
        String cust = importantCustomer();
        String reportNo = reportNo();
        broker.sendText(Queues.CC_FAULT_REPORT, report(reportNo, cust, "KM-DDN-" + FaultMessages.unique(), "DDN", T0, "UTF-8"));

        Received reply = replies.await(bodyContains(reportNo, "<Status>ACCEPTED</Status>"));
        String ticketNo = tag(reply.body(), "TicketNo");
        assertThat(ticketNo).matches("FT-20261122-\\d{6}");
        // grade A (important), DDN: 2 hours from the report
        assertThat(tag(reply.body(), "Deadline")).isEqualTo("2026-11-22T10:00:00+08:00");
        assertThat(reply.correlationId()).isEqualTo(ticketNo);
        assertThat(reply.text()).isTrue();

        Received dispatch = dispatches.await(r -> ticketNo.equals(r.correlationId()));
        JsonNode d = JSON.readTree(dispatch.body());
        assertThat(d.get("ticketNo").asText()).isEqualTo(ticketNo);
        assertThat(d.get("custNo").asText()).isEqualTo(cust);
        assertThat(d.get("grade").asText()).isEqualTo("A");
        assertThat(d.get("keyAccount").asBoolean()).isTrue();
        assertThat(d.get("deadline").asText()).isEqualTo("2026-11-22T10:00:00+08:00");
        assertThat(dispatch.property("HubKeyAccount")).isEqualTo("true");
        assertThat(dispatch.property("HubGrade")).isEqualTo("A");

        Received created = events.await(r -> ticketNo.equals(r.correlationId()));
        assertThat(JSON.readTree(created.body()).get("to").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void gbkBytesAreDecodedAsTheirXmlDeclarationSays() {
        String cust = importantCustomer();
        String reportNo = reportNo();
        byte[] gbk = report(reportNo, cust, null, "PSTN", T0, "GBK").getBytes(GBK);
        broker.sendBytes(Queues.CC_FAULT_REPORT, gbk);

        String ticketNo = tag(replies.await(bodyContains(reportNo)).body(), "TicketNo");
        Map<String, Object> row = store.queryForMap("SELECT reporter, description FROM fault_ticket WHERE ticket_no = ?", ticketNo);
        assertThat(row.get("reporter")).isEqualTo("张三");
        assertThat(row.get("description")).isEqualTo("专线中断, 无法上网");
    }

    @Test
    void resentReportGetsTheSameTicketAndOpensNothingNew() {
        String cust = importantCustomer();
        String reportNo = reportNo();
        String xml = report(reportNo, cust, null, "DDN", T0, "UTF-8");
        broker.sendText(Queues.CC_FAULT_REPORT, xml);
        String first = tag(replies.await(bodyContains(reportNo)).body(), "TicketNo");
        broker.sendText(Queues.CC_FAULT_REPORT, xml);

        List<Received> both = replies.awaitCount(bodyContains(reportNo), 2, Duration.ofSeconds(20));
        assertThat(both).extracting(r -> tag(r.body(), "TicketNo")).containsOnly(first);
        assertThat(store.queryForObject("SELECT COUNT(*) FROM fault_ticket WHERE report_no = ?", Integer.class, reportNo))
                .isEqualTo(1);
        assertThat(dispatches.matching(r -> first.equals(r.correlationId()))).hasSize(1);
    }

    @Test
    void unknownCustomerIsRejectedWithTheReasonAndRecorded() {
        String reportNo = reportNo();
        broker.sendText(Queues.CC_FAULT_REPORT, report(reportNo, "KM99999999", null, "DDN", T0, "UTF-8"));

        Received reply = replies.await(bodyContains(reportNo));
        assertThat(tag(reply.body(), "Status")).isEqualTo("REJECTED");
        assertThat(tag(reply.body(), "Message")).contains("unknown customer KM99999999");
        String ticketNo = tag(reply.body(), "TicketNo");
        assertThat(store.queryForObject("SELECT state FROM hub_form WHERE form_no = ?", String.class, ticketNo))
                .isEqualTo("REJECTED");
        assertThat(dispatches.matching(r -> ticketNo.equals(r.correlationId()))).isEmpty();
    }

    @Test
    void malformedXmlGoesToTheDlqUnchangedWithItsReason() {
        String broken = "<FaultReport><ReportNo>" + reportNo() + "</ReportNo><CustNo>";
        broker.sendText(Queues.CC_FAULT_REPORT, broken);

        Received dead = dlq.await(r -> broken.equals(r.body()));
        assertThat(dead.property("HubError")).startsWith("malformed FaultReport XML");
        assertThat(dead.property("HubSourceQueue")).isEqualTo(Queues.CC_FAULT_REPORT);
    }

    @Test
    void invalidReportGoesToTheDlqNamingEachBadField() {
        String reportNo = reportNo();
        String xml = "<FaultReport><ReportNo>" + reportNo + "</ReportNo><ServiceType>DDN</ServiceType>"
                + "<ReportedAt>yesterday</ReportedAt></FaultReport>";
        broker.sendText(Queues.CC_FAULT_REPORT, xml);

        Received dead = dlq.await(bodyContains(reportNo));
        assertThat(dead.property("HubError")).contains("CustNo is missing").contains("ReportedAt is not an ISO-8601");
    }

    @Test
    void externalEntitiesAreRefused() {
        String reportNo = reportNo();
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<FaultReport><ReportNo>" + reportNo + "</ReportNo><CustNo>&x;</CustNo></FaultReport>";
        broker.sendText(Queues.CC_FAULT_REPORT, xxe);

        Received dead = dlq.await(bodyContains(reportNo));
        assertThat(dead.property("HubError")).contains("DOCTYPE");
        assertThat(store.queryForObject("SELECT COUNT(*) FROM fault_ticket WHERE report_no = ?", Integer.class, reportNo))
                .isZero();
    }

    @Test
    void amqpClientReportsAFaultAndReadsTheReply() {
        // the call center's own broker user, over AMQP 1.0
        String cust = importantCustomer();
        String reportNo = reportNo();
        try (BrokerClient amqp = BrokerClient.amqp("amqp://127.0.0.1:" + ENV.brokerPort, "callcenter", "callcenter-local")) {
            amqp.sendText(Queues.CC_FAULT_REPORT, report(reportNo, cust, null, "FR", T0, "UTF-8"));
            Received reply = replies.await(bodyContains(reportNo, "ACCEPTED"));
            assertThat(tag(reply.body(), "TicketNo")).startsWith("FT-");
        }
    }

    // ------------------------------------------------------------------ returns

    @Test
    void wholePathToClosedWithARepliesAtEachStageAndEveryStepRecorded() {
        String cust = importantCustomer();
        String reportNo = reportNo();
        String ticketNo = open(reportNo, cust, "KM-DDN-" + FaultMessages.unique(), "DDN");

        sendReturn(ticketNo, "DIAGNOSED", T0.plusSeconds(60), null, "LINE");
        replies.await(bodyContains(reportNo, "<Status>IN_PROGRESS</Status>"));
        sendReturn(ticketNo, "DISPATCHED", T0.plusSeconds(120), "昆明局维护班", null);
        awaitState(ticketNo, "DISPATCHED"); // two consumers: the next return could otherwise overtake this one
        sendReturn(ticketNo, "REPAIRED", T0.plusSeconds(1800), null, null);
        replies.await(bodyContains(reportNo, "<Status>RESOLVED</Status>"));
        awaitState(ticketNo, "RESOLVED");

        clock.set(T0.plus(Duration.ofHours(25)));
        faultTickets.autoCloseDue();
        replies.await(bodyContains(reportNo, "<Status>CLOSED</Status>"));

        assertThat(store.queryForList("SELECT to_state FROM form_transition WHERE form_no = ? ORDER BY id",
                String.class, ticketNo)).containsExactly("ACCEPTED", "DIAGNOSED", "DISPATCHED", "RESOLVED", "CLOSED");
        assertThat(store.queryForObject("SELECT COUNT(*) FROM form_transition WHERE form_no = ? AND source_message_id IS NOT NULL",
                Integer.class, ticketNo)).isEqualTo(4);
        // one IN_PROGRESS reply, however many steps start the work
        assertThat(replies.matching(bodyContains(reportNo, "IN_PROGRESS"))).hasSize(1);
        events.awaitCount(r -> ticketNo.equals(r.correlationId()), 5, Duration.ofSeconds(10));
    }

    @Test
    void exceptionReturnSendsTheTicketBackForRedispatch() {
        String cust = importantCustomer();
        String reportNo = reportNo();
        String ticketNo = open(reportNo, cust, null, "DDN");

        sendReturn(ticketNo, "DISPATCHED", T0.plusSeconds(60), "A站", null);
        awaitState(ticketNo, "DISPATCHED");
        sendReturn(ticketNo, "EXCEPTION", T0.plusSeconds(600), "A站", null);

        Received again = dispatches.await(r -> ticketNo.equals(r.correlationId()) && "2".equals(r.property("HubDispatchCount")));
        assertThat(again.body()).contains(ticketNo);
        awaitState(ticketNo, "ACCEPTED");
        sendReturn(ticketNo, "DISPATCHED", T0.plusSeconds(700), "B站", null);
        awaitState(ticketNo, "DISPATCHED");
        sendReturn(ticketNo, "REPAIRED", T0.plusSeconds(900), null, null);
        awaitState(ticketNo, "RESOLVED");
        assertThat(store.queryForObject("SELECT station FROM fault_ticket WHERE ticket_no = ?", String.class, ticketNo))
                .isEqualTo("B站");
    }

    @Test
    void lateOutOfOrderAndDuplicateReturnsNeverMoveTheTicketBackNorCountTwice() {
        String cust = importantCustomer();
        String reportNo = reportNo();
        String ticketNo = open(reportNo, cust, null, "DDN");

        sendReturn(ticketNo, "REPAIRED", T0.plusSeconds(900), null, null);     // arrives first
        awaitState(ticketNo, "RESOLVED");
        sendReturn(ticketNo, "DIAGNOSED", T0.plusSeconds(60), null, "EQUIPMENT"); // late
        sendReturn(ticketNo, "DISPATCHED", T0.plusSeconds(120), "A站", null);     // late
        sendReturn(ticketNo, "EXCEPTION", T0.plusSeconds(300), "A站", null);      // overtaken
        sendReturn(ticketNo, "REPAIRED", T0.plusSeconds(900), null, null);     // duplicate

        awaitTraceCount(ticketNo, 5);
        assertThat(state(ticketNo)).isEqualTo("RESOLVED");
        assertThat(store.queryForList("SELECT to_state FROM form_transition WHERE form_no = ? ORDER BY id",
                String.class, ticketNo)).containsExactly("ACCEPTED", "RESOLVED");
        assertThat(store.queryForList("SELECT outcome FROM form_trace WHERE form_no = ? AND channel = ? ORDER BY id",
                String.class, ticketNo, Queues.NMS_FAULT_RETURN)).containsExactlyInAnyOrder("APPLIED", "RECORDED", "RECORDED", "STALE", "DUPLICATE");
        assertThat(dispatches.matching(r -> ticketNo.equals(r.correlationId()))).hasSize(1);
        // the RESOLVED reply leaves through the outbox after its commit: wait for it, then count
        replies.await(bodyContains(reportNo, "RESOLVED"));
        assertThat(replies.matching(bodyContains(reportNo, "RESOLVED"))).hasSize(1);
    }

    @Test
    void returnForAnUnknownTicketGoesToTheDlq() {
        String body = "{\"ticketNo\":\"FT-20991231-999999\",\"step\":\"REPAIRED\",\"at\":\"" + FaultMessages.iso(T0) + "\"}";
        broker.sendText(Queues.NMS_FAULT_RETURN, body);
        Received dead = dlq.await(r -> body.equals(r.body()));
        assertThat(dead.property("HubError")).isEqualTo("unknown fault ticket FT-20991231-999999");
        assertThat(dead.property("HubSourceQueue")).isEqualTo(Queues.NMS_FAULT_RETURN);
    }

    @Test
    void newReportOnAResolvedCircuitReopensTheTicketAndOnAnOpenOneJoinsIt() {
        String cust = importantCustomer();
        String circuit = "KM-DDN-" + FaultMessages.unique();
        String first = reportNo();
        String ticketNo = open(first, cust, circuit, "DDN");

        String second = reportNo();
        broker.sendText(Queues.CC_FAULT_REPORT, report(second, cust, circuit, "DDN", T0.plusSeconds(30), "UTF-8"));
        assertThat(tag(replies.await(bodyContains(second)).body(), "TicketNo")).isEqualTo(ticketNo);

        sendReturn(ticketNo, "REPAIRED", T0.plusSeconds(600), null, null);
        awaitState(ticketNo, "RESOLVED");
        String third = reportNo();
        broker.sendText(Queues.CC_FAULT_REPORT, report(third, cust, circuit, "DDN", T0.plusSeconds(3600), "UTF-8"));
        Received reopened = replies.await(bodyContains(third));
        assertThat(tag(reopened.body(), "TicketNo")).isEqualTo(ticketNo);
        assertThat(tag(reopened.body(), "Status")).isEqualTo("ACCEPTED");
        assertThat(tag(reopened.body(), "Deadline")).isEqualTo("2026-11-22T11:00:00+08:00");
        dispatches.awaitCount(r -> ticketNo.equals(r.correlationId()), 2, Duration.ofSeconds(20));
        assertThat(store.queryForObject("SELECT form_cycle FROM hub_form WHERE form_no = ?", Integer.class, ticketNo))
                .isEqualTo(2);
    }

    @Test
    void reportsOnOneCircuitArrivingTogetherOpenOneTicket() {
        String cust = importantCustomer();
        String circuit = "KM-DDN-" + FaultMessages.unique();
        java.util.List<String> reportNos = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // several desks report the same outage at once; the hub's consumers take them in parallel
            String reportNo = reportNo();
            reportNos.add(reportNo);
            broker.sendText(Queues.CC_FAULT_REPORT, report(reportNo, cust, circuit, "DDN", T0.plusSeconds(i), "UTF-8"));
        }
        java.util.List<Received> answers = replies.awaitCount(r -> reportNos.contains(tag(r.body(), "ReportNo")), 12,
                Duration.ofSeconds(30));
        assertThat(answers.stream().map(r -> tag(r.body(), "TicketNo")).distinct()).hasSize(1);
        assertThat(store.queryForObject("SELECT COUNT(*) FROM fault_ticket WHERE circuit_no = ?", Integer.class, circuit))
                .isEqualTo(1);
        assertThat(dispatches.matching(r -> r.body().contains(circuit))).hasSize(1);
    }

    // ------------------------------------------------------------------ deadlines

    @Test
    void deadlineDependsOnGradeServiceTypeAndOnceDiagnosedFaultType() {
        String ordinary = FaultMessages.custNo("KM");
        customer97(ordinary, "普通企业", "20", null, false, "1");
        String groupChild = FaultMessages.custNo("KM");
        String groupHead = FaultMessages.custNo("KM");
        customer97(groupHead, "集团总部", "30", null, false, "1");
        customer97(groupChild, "集团下属单位", "20", groupHead, false, "1");
        customerSync.sync();

        String r1 = reportNo();
        broker.sendText(Queues.CC_FAULT_REPORT, report(r1, ordinary, null, "PSTN", T0, "UTF-8"));
        assertThat(tag(replies.await(bodyContains(r1)).body(), "Deadline")).isEqualTo("2026-11-23T08:00:00+08:00"); // C: 24h

        String r2 = reportNo();
        broker.sendText(Queues.CC_FAULT_REPORT, report(r2, groupChild, null, "DC2M", T0, "UTF-8"));
        Received reply = replies.await(bodyContains(r2));
        assertThat(tag(reply.body(), "Deadline")).isEqualTo("2026-11-22T14:00:00+08:00"); // B: 6h
        String ticketNo = tag(reply.body(), "TicketNo");
        assertThat(dispatches.await(r -> ticketNo.equals(r.correlationId())).property("HubGrade")).isEqualTo("B");

        sendReturn(ticketNo, "DIAGNOSED", T0.plusSeconds(60), null, "EQUIPMENT");
        Received inProgress = replies.await(bodyContains(r2, "IN_PROGRESS"));
        assertThat(tag(inProgress.body(), "Deadline")).isEqualTo("2026-11-24T20:00:00+08:00"); // B, 2M equipment: 60h
    }

    @Test
    void warningBreachAndEscalationAreEachRaisedOnceUnderAControlledClock() throws Exception {
        String ordinary = FaultMessages.custNo("KM");
        customer97(ordinary, "普通企业", "20", null, false, "1");
        customerSync.sync();
        String reportNo = reportNo();
        broker.sendText(Queues.CC_FAULT_REPORT, report(reportNo, ordinary, null, "PSTN", T0, "UTF-8")); // C: 24h
        String ticketNo = tag(replies.await(bodyContains(reportNo)).body(), "TicketNo");

        clock.set(T0.plus(Duration.ofHours(19)));           // 79%
        deadlineAlarms.check();
        assertThat(alarmKinds(ticketNo)).isEmpty();
        clock.set(T0.plus(Duration.ofMinutes(19 * 60 + 13))); // just past 80%
        deadlineAlarms.check();
        deadlineAlarms.check();
        assertThat(alarmKinds(ticketNo)).containsExactly("DEADLINE_WARNING");
        clock.set(T0.plus(Duration.ofHours(24)));
        deadlineAlarms.check();
        clock.set(T0.plus(Duration.ofHours(36)));
        deadlineAlarms.check();
        deadlineAlarms.check();
        clock.set(T0.plus(Duration.ofHours(100)));
        deadlineAlarms.check();

        assertThat(alarmKinds(ticketNo)).containsExactly("DEADLINE_WARNING", "DEADLINE_BREACH", "ESCALATION");
        List<Received> published = alarms.awaitCount(r -> ticketNo.equals(r.correlationId()), 3, Duration.ofSeconds(10));
        JsonNode breach = JSON.readTree(published.get(1).body());
        assertThat(breach.get("kind").asText()).isEqualTo("DEADLINE_BREACH");
        assertThat(breach.get("level").asText()).isEqualTo("MAJOR");
        assertThat(breach.get("custNo").asText()).isEqualTo(ordinary);
        assertThat(breach.get("grade").asText()).isEqualTo("C");
        assertThat(breach.get("deadline").asText()).isEqualTo("2026-11-23T08:00:00+08:00");
        assertThat(store.queryForObject("SELECT next_alarm_at FROM hub_form WHERE form_no = ?", Object.class, ticketNo))
                .isNull();
    }

    @Test
    void aRepairedTicketRaisesNoMoreDeadlineAlarms() {
        String cust = importantCustomer();
        String reportNo = reportNo();
        String ticketNo = open(reportNo, cust, null, "DDN"); // A: 2h
        sendReturn(ticketNo, "REPAIRED", T0.plusSeconds(3000), null, null);
        awaitState(ticketNo, "RESOLVED");
        clock.set(T0.plus(Duration.ofHours(5)));
        deadlineAlarms.check();
        assertThat(alarmKinds(ticketNo)).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private String importantCustomer() {
        String cust = FaultMessages.custNo("KM");
        customer97(cust, "昆明市政府办公厅", "10", null, false, "1");
        customerSync.sync();
        return cust;
    }

    private String open(String reportNo, String cust, String circuit, String serviceType) {
        broker.sendText(Queues.CC_FAULT_REPORT, report(reportNo, cust, circuit, serviceType, T0, "UTF-8"));
        String ticketNo = tag(replies.await(bodyContains(reportNo, "ACCEPTED")).body(), "TicketNo");
        dispatches.await(r -> ticketNo.equals(r.correlationId()));
        return ticketNo;
    }

    private void sendReturn(String ticketNo, String step, Instant at, String station, String faultType) {
        broker.sendText(Queues.NMS_FAULT_RETURN, faultReturn(ticketNo, step, at, station, faultType));
    }

    private String state(String ticketNo) {
        return store.queryForObject("SELECT state FROM hub_form WHERE form_no = ?", String.class, ticketNo);
    }

    private void awaitState(String ticketNo, String state) {
        Awaitility.await(ticketNo + " " + state).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> state(ticketNo), state::equals);
    }

    private void awaitTraceCount(String ticketNo, int n) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> store.queryForObject(
                "SELECT COUNT(*) FROM form_trace WHERE form_no = ? AND channel = ?", Integer.class, ticketNo,
                Queues.NMS_FAULT_RETURN), c -> c >= n);
    }

    private List<String> alarmKinds(String formNo) {
        return store.queryForList("SELECT kind FROM alarm WHERE form_no = ? ORDER BY raised_at, alarm_no", String.class, formNo);
    }
}
