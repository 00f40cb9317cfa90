package keyaccount.hub.form.workorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.system.s97.OrderPoller;
import keyaccount.hub.system.s97.S97Orders;
import keyaccount.hub.test.BrokerClient.Received;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.FtpPeer;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Work orders from the 97 system's orders to the customer's acceptance, played as the 97 system
 * (JDBC on YW_ORDER) and network management (station tasks and returns over the broker).
 */
class WorkOrderLoopIT extends HubIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Recorder tasks;
    private static Recorder dlq;

    @Autowired
    OrderPoller poller;
    @Autowired
    S97Orders s97Orders;
    @Autowired
    WorkOrderService workOrders;
    @Autowired
    CustomerSync customerSync;
    @LocalServerPort
    int port;
    String cust;

    @BeforeEach
    void setUp() {
        if (tasks == null) {
            tasks = broker.recordQueue(Queues.NMS_WORKORDER_DISPATCH);
            dlq = broker.recordQueue(Queues.HUB_DLQ);
        }
        cust = FaultMessages.custNo("KM");
        customer97(cust, "云南省交通厅", "10", null, false, "1"); // grade A
        customerSync.sync();
    }

    @Test
    void sameNetOrderRunsLocalThenAcceptanceAndWritesThe97StatusBack() throws Exception {
        String orderNo = orderNo();
        ENV.order97(orderNo, cust, "DDN", "NEW", null, "KM", null);
        poller.poll();
        assertThat(ENV.order97Status(orderNo)[0]).isEqualTo("1");
        String woNo = workOrderOf(orderNo);

        Received local = task(woNo, "LOCAL");
        JsonNode t = JSON.readTree(local.body());
        assertThat(t.get("taskNo").asText()).isEqualTo(woNo + "-L");
        assertThat(t.get("custNo").asText()).isEqualTo(cust);
        assertThat(t.get("grade").asText()).isEqualTo("A");
        assertThat(t.get("keyAccount").asBoolean()).isTrue();
        assertThat(t.get("accountManager").asText()).isEqualTo("M001");
        assertThat(t.get("requirement").asText()).contains("NEW DDN 2M x1");
        assertThat(t.get("deadline").asText()).isEqualTo("2026-11-23T08:00:00+08:00"); // LOCAL: 1 day
        assertThat(local.property("HubGrade")).isEqualTo("A");
        assertThat(local.correlationId()).isEqualTo(woNo);
        // the work order's own deadline: grade A, DDN, 3 days from the 97 acceptance time
        assertThat(store.queryForObject("SELECT deadline FROM hub_form WHERE form_no = ?", java.time.OffsetDateTime.class,
                woNo).toInstant()).isEqualTo(T0.plus(Duration.ofDays(3)));

        complete(woNo, "LOCAL", T0.plusSeconds(3600), "KM-DDN-900001");
        Received acceptance = task(woNo, "ACCEPTANCE");
        assertThat(JSON.readTree(acceptance.body()).get("station").asText()).isEqualTo("ACCEPTANCE");
        complete(woNo, "ACCEPTANCE", T0.plusSeconds(7200), null);

        awaitState(woNo, "COMPLETED");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ENV.order97Status(orderNo)[0], "2"::equals);
        assertThat(ENV.order97Status(orderNo)[1]).isNotNull();
        JsonNode form = JSON.readTree(new HubHttp(port).get("/api/v1/forms/" + woNo, "am:am").body());
        assertThat(form.get("details").get("progress").asDouble()).isEqualTo(1.0);

        // the settlement notice and its marker on finance's FTP server
        FtpPeer finance = new FtpPeer(ENV.financeFtpPort, "finance", "finance-test");
        String file = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> finance.list("/settlement").stream()
                .filter(n -> n.endsWith(".csv") && finance.read("/settlement/" + n).contains(woNo)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(file).matches("SETTLE_20261122_100000_\\d+\\.csv");
        assertThat(finance.list("/settlement")).contains(file + ".ok");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(new HubHttp(port)
                .get("/api/v1/forms/" + woNo + "/trace", "am:am").body()).toString().contains("\"FINANCE_SETTLEMENT\",\"step\":\"FINANCE_SETTLEMENT\",\"outcome\":\"DONE\""));
        String trace = new HubHttp(port).get("/api/v1/forms/" + woNo + "/trace", "am:am").body();
        assertThat(trace).contains("\"endpoint\":\"nms.workorder.return\"", "\"step\":\"station LOCAL\"",
                "\"endpoint\":\"S97_ORDER_STATUS\"", "\"formNo\":\"" + WorkOrderService.taskNo(woNo, "ACCEPTANCE") + "\"");
        assertThat(finance.read("/settlement/" + file)).isEqualTo(
                "work_order_no,cust_no,order_no,item,amount_yuan,completed_at\n"
                + woNo + "," + cust + "," + orderNo + ",DDN电路开通费,800.00,2026-11-22T10:00:00+08:00\n"
                + woNo + "," + cust + "," + orderNo + ",DDN设备安装费,300.00,2026-11-22T10:00:00+08:00\n");
    }

    @Test
    void crossNetOrderInOneProvinceRunsThreeStationsInParallelThenAcceptance() throws Exception {
        String orderNo = orderNo();
        ENV.order97(orderNo, cust, "DDN", "NEW", null, "KM", "QJ");
        poller.poll();
        String woNo = workOrderOf(orderNo);
        List<Received> sent = tasks.awaitCount(r -> woNo.equals(r.correlationId()), 3, Duration.ofSeconds(20));
        assertThat(sent).extracting(r -> station(r)).containsExactlyInAnyOrder("LOCAL", "FAR_LOCAL", "PROVINCE");

        complete(woNo, "PROVINCE", T0.plusSeconds(100), null);
        complete(woNo, "LOCAL", T0.plusSeconds(200), null);
        awaitTaskState(WorkOrderService.taskNo(woNo, "LOCAL"), "COMPLETED");
        JsonNode form = JSON.readTree(new HubHttp(port).get("/api/v1/forms/" + woNo, "am:am").body());
        assertThat(form.get("details").get("progress").asDouble()).isEqualTo(0.5); // 2 of 4 stations
        assertThat(tasks.matching(r -> woNo.equals(r.correlationId()) && "ACCEPTANCE".equals(station(r)))).isEmpty();

        complete(woNo, "FAR_LOCAL", T0.plusSeconds(300), null);
        task(woNo, "ACCEPTANCE");
    }

    @Test
    void crossProvinceOrderRunsFiveStations() {
        String orderNo = orderNo();
        ENV.order97(orderNo, cust, "FR", "NEW", "B", "KM", "SZ");
        poller.poll();
        String woNo = workOrderOf(orderNo);
        List<Received> sent = tasks.awaitCount(r -> woNo.equals(r.correlationId()), 5, Duration.ofSeconds(20));
        assertThat(sent).extracting(r -> station(r))
                .containsExactlyInAnyOrder("LOCAL", "PROVINCE", "INTER_PROVINCE", "FAR_PROVINCE", "FAR_LOCAL");
        // SLA level B: 4 days
        assertThat(store.queryForObject("SELECT deadline FROM hub_form WHERE form_no = ?", java.time.OffsetDateTime.class,
                woNo).toInstant()).isEqualTo(T0.plus(Duration.ofDays(4)));
    }

    @Test
    void exceptionReturnIsRecordedAndTheTaskRedispatchedAndLateOrDuplicateReturnsAreSafe() throws Exception {
        String orderNo = orderNo();
        ENV.order97(orderNo, cust, "DDN", "NEW", null, "KM", null);
        poller.poll();
        String woNo = workOrderOf(orderNo);
        task(woNo, "LOCAL");

        broker.sendText(Queues.NMS_WORKORDER_RETURN, stationReturn(woNo, "LOCAL", "EXCEPTION", T0.plusSeconds(600), "E07"));
        Received again = tasks.await(r -> woNo.equals(r.correlationId()) && "2".equals(r.property("HubDispatchCount")));
        assertThat(station(again)).isEqualTo("LOCAL");
        // late: a return stamped before the re-dispatch; duplicate: the exception again
        broker.sendText(Queues.NMS_WORKORDER_RETURN, stationReturn(woNo, "LOCAL", "COMPLETED", T0.plusSeconds(300), null));
        broker.sendText(Queues.NMS_WORKORDER_RETURN, stationReturn(woNo, "LOCAL", "EXCEPTION", T0.plusSeconds(600), "E07"));
        complete(woNo, "LOCAL", T0.plusSeconds(900), null);
        complete(woNo, "LOCAL", T0.plusSeconds(900), null);
        task(woNo, "ACCEPTANCE");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.queryForObject(
                "SELECT COUNT(*) FROM form_trace WHERE form_no = ?", Integer.class, WorkOrderService.taskNo(woNo, "LOCAL")), n -> n >= 5);

        assertThat(store.queryForList("SELECT outcome FROM form_trace WHERE form_no = ? ORDER BY id", String.class,
                WorkOrderService.taskNo(woNo, "LOCAL"))).containsExactlyInAnyOrder("APPLIED", "STALE", "DUPLICATE", "APPLIED", "DUPLICATE");
        assertThat(tasks.matching(r -> woNo.equals(r.correlationId()) && "ACCEPTANCE".equals(station(r)))).hasSize(1);
        JsonNode form = JSON.readTree(new HubHttp(port).get("/api/v1/forms/" + woNo, "am:am").body());
        assertThat(form.get("details").get("stations").get(0).get("lastException").asText()).isEqualTo("E07");
    }

    @Test
    void aStationThatKeepsFailingFailsTheWorkOrderAndWrites3() {
        String orderNo = orderNo();
        ENV.order97(orderNo, cust, "DDN", "NEW", null, "KM", null);
        poller.poll();
        String woNo = workOrderOf(orderNo);
        for (int i = 1; i <= 3; i++) {
            broker.sendText(Queues.NMS_WORKORDER_RETURN, stationReturn(woNo, "LOCAL", "EXCEPTION", T0.plusSeconds(i * 60), "E99"));
            int dispatch = i;
            if (i < 3) {
                tasks.await(r -> woNo.equals(r.correlationId()) && Integer.toString(dispatch + 1).equals(r.property("HubDispatchCount")));
            }
        }
        awaitState(woNo, "FAILED");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ENV.order97Status(orderNo)[0], "3"::equals);
        assertThat(store.queryForObject("SELECT state FROM hub_form WHERE form_no = ?", String.class, WorkOrderService.taskNo(woNo, "LOCAL")))
                .isEqualTo("CANCELLED");
    }

    @Test
    void anOperatorCancelsAWorkOrderAndThe97SystemGets3() {
        String orderNo = orderNo();
        ENV.order97(orderNo, cust, "DDN", "NEW", null, "KM", "QJ");
        poller.poll();
        String woNo = workOrderOf(orderNo);
        HubHttp http = new HubHttp(port);
        assertThat(http.post("/api/v1/work-orders/" + woNo + "/cancel", "am:am", "{\"reason\":\"x\"}").statusCode())
                .isEqualTo(403);
        assertThat(http.post("/api/v1/work-orders/" + woNo + "/cancel", "operator:operator", "{}").statusCode())
                .isEqualTo(400);
        assertThat(http.post("/api/v1/work-orders/" + woNo + "/cancel", "operator:operator",
                "{\"reason\":\"客户撤单\"}").statusCode()).isEqualTo(200);

        awaitState(woNo, "CANCELLED");
        assertThat(store.queryForList("SELECT state FROM hub_form WHERE form_no LIKE ?", String.class, woNo + "-%"))
                .containsOnly("CANCELLED").hasSize(3);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ENV.order97Status(orderNo)[0], "3"::equals);
        assertThat(http.post("/api/v1/work-orders/" + woNo + "/cancel", "operator:operator",
                "{\"reason\":\"again\"}").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/v1/audit", "operator:operator").body()).contains("WORK_ORDER_CANCEL", "客户撤单");
    }

    @Test
    void anOrderRecordedBeforeACrashIsMarkedNotTakenTwice() {
        String orderNo = orderNo();
        ENV.order97(orderNo, cust, "PSTN", "NEW", null, "KM", null);
        // the hub recorded it and died before marking it taken
        Order o = s97Orders.fresh(1000).stream().filter(x -> x.orderNo().equals(orderNo)).findFirst().orElseThrow();
        String woNo = workOrders.take(o, null);
        assertThat(ENV.order97Status(orderNo)[0]).isEqualTo("0");

        poller.poll();
        assertThat(ENV.order97Status(orderNo)[0]).isEqualTo("1");
        assertThat(workOrderOf(orderNo)).isEqualTo(woNo);
        assertThat(store.queryForObject("SELECT COUNT(*) FROM work_order WHERE order_no = ?", Integer.class, orderNo)).isOne();
    }

    @Test
    void twoPollersAtOnceNeverTakeTheSameOrder() throws Exception {
        List<String> orderNos = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String orderNo = orderNo();
            orderNos.add(orderNo);
            ENV.order97(orderNo, cust, "PSTN", "NEW", null, "KM", null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> pollers = List.of(poller::poll, poller::poll);
        for (Future<Integer> f : pool.invokeAll(pollers)) {
            f.get();
        }
        pool.shutdown();
        for (String orderNo : orderNos) {
            assertThat(store.queryForObject("SELECT COUNT(*) FROM work_order WHERE order_no = ?", Integer.class, orderNo))
                    .as(orderNo).isOne();
            assertThat(ENV.order97Status(orderNo)[0]).isEqualTo("1");
        }
        List<String> woNos = orderNos.stream().map(this::workOrderOf).toList();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                tasks.matching(r -> woNos.contains(r.correlationId())).size() >= 40);
        assertThat(tasks.matching(r -> woNos.contains(r.correlationId()))).hasSize(40);
    }

    @Test
    void anOrderWithAnUnknownLocalNetFailsWithItsReason() {
        String orderNo = orderNo();
        ENV.order97(orderNo, cust, "DDN", "NEW", null, "ZZ", null);
        poller.poll();
        String woNo = workOrderOf(orderNo);
        assertThat(store.queryForObject("SELECT state FROM hub_form WHERE form_no = ?", String.class, woNo)).isEqualTo("FAILED");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ENV.order97Status(orderNo)[0], "3"::equals);
    }

    @Test
    void aReturnForAnUnknownTaskGoesToTheDlq() {
        String body = stationReturn("WO-20991231-000001", "LOCAL", "COMPLETED", T0, null);
        broker.sendText(Queues.NMS_WORKORDER_RETURN, body);
        assertThat(dlq.await(r -> body.equals(r.body())).property("HubError"))
                .isEqualTo("unknown station task WO-20991231-000001-L");
    }

    // ------------------------------------------------------------------ helpers

    private static String orderNo() {
        return "YW" + String.format("%08d", FaultMessages.unique() % 100_000_000);
    }

    private String workOrderOf(String orderNo) {
        return store.queryForObject("SELECT work_order_no FROM work_order WHERE order_no = ?", String.class, orderNo);
    }

    private Received task(String woNo, String station) {
        return tasks.await(r -> woNo.equals(r.correlationId()) && station.equals(station(r)));
    }

    private void complete(String woNo, String station, Instant at, String circuitNo) {
        broker.sendText(Queues.NMS_WORKORDER_RETURN, stationReturn(woNo, station, "COMPLETED", at, null)
                .replace("\"note\"", circuitNo == null ? "\"note\"" : "\"circuitNo\":\"" + circuitNo + "\",\"note\""));
    }

    private static String stationReturn(String woNo, String station, String result, Instant at, String code) {
        return "{\"workOrderNo\":\"" + woNo + "\",\"taskNo\":\"" + WorkOrderService.taskNo(woNo, station) + "\",\"result\":\"" + result
                + "\",\"at\":\"" + FaultMessages.iso(at) + "\"" + (code == null ? "" : ",\"exceptionCode\":\"" + code + "\"")
                + ",\"note\":\"test\"}";
    }

    private static String station(Received r) {
        try {
            return JSON.readTree(r.body()).get("station").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitState(String formNo, String state) {
        Awaitility.await(formNo + " " + state).atMost(Duration.ofSeconds(20)).until(() -> store.queryForObject(
                "SELECT state FROM hub_form WHERE form_no = ?", String.class, formNo), state::equals);
    }

    private void awaitTaskState(String taskNo, String state) {
        awaitState(taskNo, state);
    }
}
