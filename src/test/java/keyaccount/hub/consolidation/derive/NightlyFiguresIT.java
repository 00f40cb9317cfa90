package keyaccount.hub.consolidation.derive;

import static keyaccount.hub.test.ConsolidatedData.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.consolidation.derive.NightlyFigures.Result;
import keyaccount.hub.customer.CustomerDirectory;
import keyaccount.hub.customer.CustomerProfile;
import keyaccount.hub.customer.KeyAccountKind;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.BrokerClient.Received;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.ConsolidatedData;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The night's figures through the store: classification and its history, churn warnings, KPIs. */
class NightlyFiguresIT extends HubIntegrationTest {
    static final LocalDate BUSINESS_DATE = LocalDate.of(2026, 11, 22);
    private static Recorder alarms;

    @Autowired
    NightlyFigures figures;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    CustomerSync customerSync;
    @Autowired
    CustomerDirectory directory;

    ConsolidatedData data;

    @BeforeEach
    void setUp() {
        data = new ConsolidatedData(store);
        if (alarms == null) {
            alarms = broker.subscribe(Queues.HUB_ALARM);
        }
    }

    private Result derive() {
        return tx.execute(s -> figures.derive("CR-" + FaultMessages.unique(), BUSINESS_DATE));
    }

    private String customer(String net, String name, String custClass, String parent, boolean strategic) {
        String cust = ConsolidatedData.custNo(net);
        customer97(cust, name, custClass, parent, strategic, "1");
        return cust;
    }

    @Test
    void everyKindWithTheLocalNetsOwnThresholdThroughTheStore() throws Exception {
        String net = ConsolidatedData.net();
        threshold(net, 10000); // as KM: an operator sets it in mappings/classification.yaml, no rebuild
        String big = customer(net, "某省分行", "20", null, false);
        String high = customer(net, "某证券营业部", "20", null, false);
        String potential = customer(net, "某酒店", "20", null, false);
        String important = customer(net, "某市政府", "10", null, false);
        String head = customer(net, "某集团总部", "30", null, false);
        String unit = customer(net, "某集团分公司", "20", head, false);
        String strategic = customer(net, "某大学", "20", null, true);
        String small = customer(net, "某商店", "50", null, false);
        customerSync.sync();

        // the first file of the month was replaced: its lines stay in the store but do not count
        long replaced = data.replacedRevenueFile(net, "202610", 1);
        data.line(replaced, potential, "202610", "DDN", "DDN数字电路月租", "90000.00");
        long file = data.revenueFile(net, "202610", 2);
        data.line(file, big, "202610", "DC2M", "2M数字电路", "60000.00");
        data.line(file, high, "202610", "DDN", "DDN数字电路月租", "12000.00");
        data.line(file, high, "202610", "LD", "国内长途", "500.00");
        data.line(file, potential, "202610", "DDN", "DDN数字电路月租", "8000.00");
        data.line(file, important, "202610", "PSTN", "市话", "100.00");
        data.line(file, unit, "202610", "PSTN", "市话", "200.00");
        data.line(file, strategic, "202610", "ADSL", "宽带", "300.00");
        data.line(file, small, "202610", "PSTN", "市话", "7999.99");

        Result result = derive();
        assertThat(result.latestMonths()).containsEntry(net, "202610");

        // kinds, grade, list and level per customer (head office has no revenue this month: no row)
        assertThat(month(big)).containsEntry("kinds", "HIGH_VALUE").containsEntry("grade", "B")
                .containsEntry("local_list", true).containsEntry("account_level", 2);
        assertThat(month(high)).containsEntry("kinds", "HIGH_VALUE").containsEntry("revenue_fen", 1250000L)
                .containsEntry("local_list", false).containsEntry("account_level", 1);
        assertThat(month(potential)).containsEntry("kinds", "POTENTIAL").containsEntry("grade", "C")
                .containsEntry("key_account", false).containsEntry("revenue_fen", 800000L);
        assertThat(month(important)).containsEntry("kinds", "IMPORTANT").containsEntry("grade", "A")
                .containsEntry("account_level", 1);
        assertThat(month(unit)).containsEntry("kinds", "GROUP").containsEntry("grade", "B");
        assertThat(month(strategic)).containsEntry("kinds", "STRATEGIC").containsEntry("grade", "B");
        assertThat(month(small)).containsEntry("kinds", "").containsEntry("grade", "C").containsEntry("key_account", false);
        assertThat(month(small).get("account_level")).isNull();

        // the net: total 89,099.99 yuan; 30% = 26,730 → the 60,000 customer alone, so that is the minimum;
        // key accounts: big, high, important, unit, strategic (5) → level 2: round(1.25) = 1
        Map<String, Object> netMonth = store.queryForMap("SELECT * FROM local_net_month WHERE local_net = ?"
                + " AND bill_month = '202610'", net);
        assertThat(netMonth).containsEntry("total_fen", 8909999L).containsEntry("list_min_fen", 6000000L)
                .containsEntry("list_count", 1).containsEntry("key_accounts", 5).containsEntry("level2_accounts", 1)
                .containsEntry("threshold_fen", 1000000L).containsEntry("file_id", file);

        // fault tickets and work orders get the grade: HIGH_VALUE from the latest month, 97 kinds as before
        CustomerProfile p = directory.profile(high).orElseThrow();
        assertThat(p.kinds()).containsExactly(KeyAccountKind.HIGH_VALUE);
        assertThat(p.grade()).isEqualTo("B");
        assertThat(p.keyAccount()).isTrue();
        assertThat(directory.profile(potential).orElseThrow().kinds()).containsExactly(KeyAccountKind.POTENTIAL);
        assertThat(directory.profile(head).orElseThrow().kinds()).containsExactly(KeyAccountKind.GROUP);
    }

    @Test
    void everyChangeOfKindsOrGradeIsKeptWithItsReasonAndAReRunChangesNothing() {
        String net = ConsolidatedData.net(); // national threshold 3,000 yuan
        String big = customer(net, "某电力公司", "20", null, false);
        String cust = customer(net, "某物流公司", "20", null, false);
        customerSync.sync();
        long sep = data.revenueFile(net, "202609", 1);
        data.line(sep, big, "202609", "DC2M", "2M数字电路", "50000.00");
        data.line(sep, cust, "202609", "DDN", "DDN数字电路月租", "3500.00");
        derive();
        assertThat(history(cust)).singleElement().satisfies(h -> {
            assertThat(h).containsEntry("old_kinds", "").containsEntry("new_kinds", "HIGH_VALUE")
                    .containsEntry("old_grade", "C").containsEntry("new_grade", "B").containsEntry("bill_month", "202609");
            assertThat(h.get("reason")).isEqualTo("monthly spend 3,500.00 yuan ≥ " + net + " threshold 3,000.00");
        });

        // October: 2,500 yuan (-28.6%: no churn warning) makes it POTENTIAL; the 97 system makes it strategic
        customer97(cust, "某物流公司", "20", null, true, "1");
        customerSync.sync();
        long oct = data.revenueFile(net, "202610", 1);
        data.line(oct, big, "202610", "DC2M", "2M数字电路", "50000.00");
        data.line(oct, cust, "202610", "DDN", "DDN数字电路月租", "2500.00");
        derive();
        List<Map<String, Object>> history = history(cust);
        assertThat(history).hasSize(2);
        assertThat(history.get(1)).containsEntry("old_kinds", "HIGH_VALUE").containsEntry("new_kinds", "STRATEGIC,POTENTIAL")
                .containsEntry("old_grade", "B").containsEntry("new_grade", "B").containsEntry("bill_month", "202610");
        assertThat(history.get(1).get("reason")).isEqualTo("monthly spend 2,500.00 yuan ≥ 80% of " + net
                + " threshold 3,000.00; 97: designated strategic");
        assertThat(churnAlarms(cust)).isZero();

        // the same inputs again: no row changes, no history, no alarm, the same KPIs
        List<Map<String, Object>> months = store.queryForList("SELECT * FROM customer_month WHERE local_net = ?"
                + " ORDER BY cust_no, bill_month", net);
        List<Map<String, Object>> kpis = store.queryForList("SELECT local_net, kpi, kpi_value, numerator, denominator"
                + " FROM kpi_daily WHERE kpi_date = ? ORDER BY local_net, kpi", BUSINESS_DATE);
        long changes = store.queryForObject("SELECT COUNT(*) FROM customer_kind_change", Long.class);
        long alarmCount = store.queryForObject("SELECT COUNT(*) FROM alarm", Long.class);
        Result again = derive();
        assertThat(again.kindChanges()).isZero();
        assertThat(again.churnAlarms()).isZero();
        assertThat(store.queryForList("SELECT * FROM customer_month WHERE local_net = ? ORDER BY cust_no, bill_month", net))
                .isEqualTo(months);
        assertThat(store.queryForList("SELECT local_net, kpi, kpi_value, numerator, denominator FROM kpi_daily"
                + " WHERE kpi_date = ? ORDER BY local_net, kpi", BUSINESS_DATE)).isEqualTo(kpis);
        assertThat(store.queryForObject("SELECT COUNT(*) FROM customer_kind_change", Long.class)).isEqualTo(changes);
        assertThat(store.queryForObject("SELECT COUNT(*) FROM alarm", Long.class)).isEqualTo(alarmCount);
    }

    @Test
    void aCustomerWithoutRevenueNextMonthLosesHighValue() {
        String net = ConsolidatedData.net();
        String cust = customer(net, "某外贸公司", "20", null, false);
        String other = customer(net, "某医院", "20", null, false);
        customerSync.sync();
        long sep = data.revenueFile(net, "202609", 1);
        data.line(sep, cust, "202609", "DDN", "DDN数字电路月租", "4000.00");
        data.line(sep, other, "202609", "PSTN", "市话", "100.00");
        long oct = data.revenueFile(net, "202610", 1);
        data.line(oct, other, "202610", "PSTN", "市话", "100.00");
        derive(); // both months at once, September first

        assertThat(month(cust, "202609")).containsEntry("kinds", "HIGH_VALUE");
        assertThat(month(cust, "202610")).containsEntry("kinds", "").containsEntry("revenue_fen", 0L);
        assertThat(directory.profile(cust).orElseThrow().kinds()).isEmpty();
        assertThat(history(cust)).extracting(h -> h.get("new_kinds")).containsExactly("HIGH_VALUE", "");
    }

    @Test
    void aFallOfThirtyPercentOrOldArrearsRaiseOneChurnWarningEach() {
        String net = ConsolidatedData.net();
        String big = customer(net, "某烟草公司", "20", null, false);
        String fell30 = customer(net, "某航空公司售票处", "20", null, false);
        String fell29 = customer(net, "某旅行社", "20", null, false);
        String oldArrears = customer(net, "某区政府", "10", null, false);
        String oldArrearsNotKey = customer(net, "某小卖部", "50", null, false);
        String recentArrears = customer(net, "某区法院", "10", null, false);
        customerSync.sync();
        long sep = data.revenueFile(net, "202609", 1);
        long oct = data.revenueFile(net, "202610", 1);
        for (long f : new long[] {sep, oct}) {
            String month = f == sep ? "202609" : "202610";
            data.line(f, big, month, "DC2M", "2M数字电路", "100000.00");
        }
        data.line(sep, fell30, "202609", "DDN", "DDN数字电路月租", "10000.00");
        data.line(oct, fell30, "202610", "DDN", "DDN数字电路月租", "7000.00");
        data.line(sep, fell29, "202609", "DDN", "DDN数字电路月租", "10000.00");
        data.line(oct, fell29, "202610", "DDN", "DDN数字电路月租", "7100.00");
        data.arrears(oldArrears, "5000.00", BUSINESS_DATE.minusDays(90), BUSINESS_DATE);
        data.arrears(oldArrearsNotKey, "800.00", BUSINESS_DATE.minusDays(200), BUSINESS_DATE);
        data.arrears(recentArrears, "3000.00", BUSINESS_DATE.minusDays(89), BUSINESS_DATE);

        derive();
        derive();

        assertThat(churnAlarms(fell30)).isOne();
        assertThat(churnAlarms(fell29)).isZero();
        assertThat(churnAlarms(oldArrears)).isOne();
        assertThat(churnAlarms(oldArrearsNotKey)).isZero();
        assertThat(churnAlarms(recentArrears)).isZero();
        assertThat(store.queryForObject("SELECT dedupe_key FROM alarm WHERE kind = 'CHURN' AND cust_no = ?", String.class,
                fell30)).isEqualTo("CHURN|" + fell30 + "|202610");
        assertThat(store.queryForObject("SELECT dedupe_key FROM alarm WHERE kind = 'CHURN' AND cust_no = ?", String.class,
                oldArrears)).isEqualTo("CHURN|" + oldArrears + "|202611");

        Received fell = alarms.await(r -> r.body().contains("\"CHURN\"") && r.body().contains(fell30));
        assertThat(fell.property("HubAccountManager")).isEqualTo("M001");
        assertThat(fell.body()).contains("monthly revenue fell 30.0% from 10,000.00 to 7,000.00 yuan (202609 → 202610)")
                .contains("客户经理 M001");
        Received arrears = alarms.await(r -> r.body().contains("\"CHURN\"") && r.body().contains(oldArrears));
        assertThat(arrears.body()).contains("arrears 5000.00 yuan overdue since " + BUSINESS_DATE.minusDays(90)
                + " (90 days)");
    }

    /**
     * KPIs worked out by hand, for 2026-11-22 in the operator's zone (+08:00):
     * opening: WO1 completed 10:00 before its 12:00 deadline, WO2 15:00 after 14:00; WO3 (21st) and
     * WO4 (open) do not count → 1/2 = 0.5. Faults: F1 reported 08:00, repaired 09:30 (90 min,
     * deadline 10:00: on time); F2 reported 21st 20:00, repaired 02:00 (360 min, deadline 00:00:
     * late); F3 repaired on the 23rd → on time 1/2, mean (90 + 360) / 2 = 225 min. Resource
     * confirmations: S1 08:00 → 09:00 (60 min, deadline 12:00), S2 21st 09:00 → 11:00 (1,560 min,
     * deadline 09:00: late); a contact slip does not count → mean 810 min, on time 1/2. Station
     * returns: COMPLETED, EXCEPTION, COMPLETED applied, a duplicate EXCEPTION not → 1/3 = 0.3333.
     * October: revenue 22,000 yuan, the one key account 20,000 → share 0.9091; arrears 1,100 yuan →
     * 1,100 / 22,000 = 0.05.
     */
    @Test
    void theDaysKpisPerLocalNetMatchTheHandCalculation() {
        String net = ConsolidatedData.net();
        String a = customer(net, "某海关", "20", null, false);
        String b = customer(net, "某超市", "20", null, false);
        String c = customer(net, "某餐馆", "20", null, false);
        customerSync.sync();
        long oct = data.revenueFile(net, "202610", 1);
        data.line(oct, a, "202610", "DC2M", "2M数字电路", "20000.00");
        data.line(oct, b, "202610", "PSTN", "市话", "1000.00");
        data.line(oct, c, "202610", "PSTN", "市话", "1000.00");
        data.arrears(b, "1100.00", LocalDate.of(2026, 11, 1), BUSINESS_DATE);

        String u = Long.toString(FaultMessages.unique());
        data.form("WO-" + u + "-1", "WORK_ORDER", "COMPLETED", a, at("2026-11-20T09:00"), at("2026-11-22T12:00"),
                at("2026-11-22T10:00"));
        data.form("WO-" + u + "-2", "WORK_ORDER", "COMPLETED", a, at("2026-11-20T09:00"), at("2026-11-22T14:00"),
                at("2026-11-22T15:00"));
        data.form("WO-" + u + "-3", "WORK_ORDER", "COMPLETED", a, at("2026-11-20T09:00"), at("2026-11-22T14:00"),
                at("2026-11-21T23:59"));
        data.form("WO-" + u + "-4", "WORK_ORDER", "IN_PROGRESS", a, at("2026-11-20T09:00"), at("2026-11-22T14:00"), null);

        fault("FT-" + u + "-1", a, at("2026-11-22T08:00"), at("2026-11-22T09:30"), at("2026-11-22T10:00"));
        fault("FT-" + u + "-2", a, at("2026-11-21T20:00"), at("2026-11-22T02:00"), at("2026-11-22T00:00"));
        fault("FT-" + u + "-3", a, at("2026-11-22T20:00"), at("2026-11-23T00:30"), at("2026-11-23T02:00"));

        slip("RC-" + u + "-1", "RESOURCE", a, at("2026-11-22T08:00"), at("2026-11-22T09:00"), at("2026-11-22T12:00"));
        slip("RC-" + u + "-2", "RESOURCE", a, at("2026-11-21T09:00"), at("2026-11-22T11:00"), at("2026-11-22T09:00"));
        slip("CS-" + u + "-3", "CONTACT", a, at("2026-11-22T08:00"), at("2026-11-22T09:00"), at("2026-11-22T12:00"));

        String wo = "WO-" + u + "-5";
        data.form(wo, "WORK_ORDER", "IN_PROGRESS", a, at("2026-11-21T09:00"), at("2026-11-25T09:00"), null);
        store.update("INSERT INTO work_order (work_order_no, order_no, cust_no, stations) VALUES (?, ?, ?, ?)", wo,
                "YW" + u, a, "LOCAL,PROVINCE,ACCEPTANCE");
        task(wo + "-L", wo, "LOCAL");
        task(wo + "-P", wo, "PROVINCE");
        trace(wo + "-L", "COMPLETED", "APPLIED", at("2026-11-22T10:00"));
        trace(wo + "-P", "EXCEPTION E01", "APPLIED", at("2026-11-22T11:00"));
        trace(wo + "-P", "COMPLETED", "APPLIED", at("2026-11-22T12:00"));
        trace(wo + "-P", "EXCEPTION E02", "DUPLICATE", at("2026-11-22T12:30"));
        trace(wo + "-P", "COMPLETED", "APPLIED", at("2026-11-21T12:00"));

        derive();

        assertThat(kpi(net, DailyKpis.OPENING_ON_TIME_RATE)).isEqualTo(List.of("0.5000", "1.00", "2.00"));
        assertThat(kpi(net, DailyKpis.FAULT_ON_TIME_RATE)).isEqualTo(List.of("0.5000", "1.00", "2.00"));
        assertThat(kpi(net, DailyKpis.FAULT_REPAIR_MINUTES)).isEqualTo(List.of("225.0000", "450.00", "2.00"));
        assertThat(kpi(net, DailyKpis.RESOURCE_CONFIRM_MINUTES)).isEqualTo(List.of("810.0000", "1620.00", "2.00"));
        assertThat(kpi(net, DailyKpis.RESOURCE_CONFIRM_ON_TIME_RATE)).isEqualTo(List.of("0.5000", "1.00", "2.00"));
        assertThat(kpi(net, DailyKpis.EXCEPTION_RETURN_RATE)).isEqualTo(List.of("0.3333", "1.00", "3.00"));
        assertThat(kpi(net, DailyKpis.KEY_ACCOUNTS)).isEqualTo(List.of("1.0000", "1.00", "null"));
        assertThat(kpi(net, DailyKpis.KEY_ACCOUNT_REVENUE_SHARE)).isEqualTo(List.of("0.9091", "20000.00", "22000.00"));
        assertThat(kpi(net, DailyKpis.ARREARS_RATE)).isEqualTo(List.of("0.0500", "1100.00", "22000.00"));
    }

    private void fault(String ticketNo, String cust, java.time.OffsetDateTime reported, java.time.OffsetDateTime resolved,
                       java.time.OffsetDateTime deadline) {
        data.form(ticketNo, "FAULT_TICKET", "RESOLVED", cust, reported, deadline, null);
        store.update("INSERT INTO fault_ticket (ticket_no, report_no, cust_no, reported_at, round_started_at,"
                + " dispatch_count, in_progress_replied, resolved_at) VALUES (?, ?, ?, ?, ?, 1, TRUE, ?)", ticketNo,
                FaultMessages.reportNo(), cust, reported, reported, resolved);
    }

    private void slip(String slipNo, String kind, String cust, java.time.OffsetDateTime created,
                      java.time.OffsetDateTime answered, java.time.OffsetDateTime deadline) {
        data.form(slipNo, kind + "_SLIP", "ANSWERED", cust, created, deadline, answered);
        store.update("INSERT INTO slip (slip_no, kind, cust_no, requested_by, request, answered_at) VALUES (?, ?, ?, 'am', '{}', ?)",
                slipNo, kind, cust, answered);
    }

    private void task(String taskNo, String wo, String station) {
        data.form(taskNo, "STATION_TASK", "DISPATCHED", null, at("2026-11-21T09:00"), at("2026-11-23T09:00"), null);
        store.update("UPDATE hub_form SET cust_no = (SELECT cust_no FROM hub_form WHERE form_no = ?) WHERE form_no = ?",
                wo, taskNo);
        store.update("INSERT INTO station_task (task_no, work_order_no, station, round_started_at, dispatch_count)"
                + " VALUES (?, ?, ?, ?, 1)", taskNo, wo, station, at("2026-11-21T09:00"));
    }

    private void trace(String taskNo, String step, String outcome, java.time.OffsetDateTime at) {
        store.update("INSERT INTO form_trace (form_no, channel, message_id, step, outcome, occurred_at) VALUES (?, ?, ?, ?, ?, ?)",
                taskNo, Queues.NMS_WORKORDER_RETURN, "ID:" + FaultMessages.unique(), step, outcome, at);
    }

    /** value, numerator, denominator as stored, at scale 4 / 2 / 2. */
    private List<String> kpi(String net, String kpi) {
        return store.query("SELECT kpi_value, numerator, denominator FROM kpi_daily WHERE kpi_date = ? AND local_net = ?"
                + " AND kpi = ?", (rs, n) -> List.of(text(rs.getBigDecimal(1), 4), text(rs.getBigDecimal(2), 2),
                text(rs.getBigDecimal(3), 2)), BUSINESS_DATE, net, kpi).stream().findFirst().orElse(null);
    }

    private static String text(BigDecimal v, int scale) {
        return v == null ? "null" : v.setScale(scale, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    private Map<String, Object> month(String cust) {
        return month(cust, "202610");
    }

    private Map<String, Object> month(String cust, String billMonth) {
        Map<String, Object> row = store.queryForMap("SELECT kinds, grade, key_account, local_list, account_level,"
                + " revenue_fen FROM customer_month WHERE cust_no = ? AND bill_month = ?", cust, billMonth);
        row.put("grade", ((String) row.get("grade")).trim());
        row.computeIfPresent("revenue_fen", (k, v) -> ((Number) v).longValue());
        row.computeIfPresent("account_level", (k, v) -> ((Number) v).intValue());
        return row;
    }

    private List<Map<String, Object>> history(String cust) {
        return store.queryForList("SELECT bill_month, old_kinds, new_kinds, old_grade, new_grade, reason FROM"
                + " customer_kind_change WHERE cust_no = ? ORDER BY id", cust);
    }

    private int churnAlarms(String cust) {
        return store.queryForObject("SELECT COUNT(*) FROM alarm WHERE kind = 'CHURN' AND cust_no = ?", Integer.class, cust);
    }

    /** Gives a local net its own HIGH_VALUE threshold in this hub's copy of mappings/classification.yaml. */
    private static void threshold(String net, int yuan) throws IOException {
        Path file = ENV.mappings().resolve("classification.yaml");
        String yaml = Files.readString(file, StandardCharsets.UTF_8);
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, yaml.replace("  localNetThresholdsYuan:\n", "  localNetThresholdsYuan:\n    " + net + ": "
                + yuan + "\n"), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Math.max(System.currentTimeMillis(), before.toMillis() + 1000)));
    }
}
