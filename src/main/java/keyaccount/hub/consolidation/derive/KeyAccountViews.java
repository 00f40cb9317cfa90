package keyaccount.hub.consolidation.derive;

import static keyaccount.hub.core.db.Timestamps.instant;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import keyaccount.hub.customer.Customer;
import keyaccount.hub.customer.CustomerDirectory;
import keyaccount.hub.customer.CustomerProfile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the key-account store shows: one customer with everything the hub knows of it, and the
 * daily KPIs. Money in yuan, times in the operator's zone.
 */
@Component
public class KeyAccountViews {
    /** How many bill months of revenue a customer's view shows. */
    static final int REVENUE_MONTHS = 12;
    static final int LIST_LIMIT = 100;

    private final JdbcTemplate jdbc;
    private final CustomerDirectory customers;
    private final Clock clock;

    public KeyAccountViews(JdbcTemplate jdbc, CustomerDirectory customers, Clock clock) {
        this.jdbc = jdbc;
        this.customers = customers;
        this.clock = clock;
    }

    /** The customer's view, or empty for a customer the store does not have. */
    public Optional<Map<String, Object>> customer(String custNo) {
        Optional<CustomerProfile> found = customers.profile(custNo);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CustomerProfile p = found.get();
        Customer c = p.customer();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("custNo", c.custNo());
        body.put("name", c.name());
        body.put("custClass", c.custClass());
        body.put("industry", c.industry());
        body.put("localNet", c.localNet());
        body.put("parentCustNo", c.parentCustNo());
        body.put("accountManager", c.managerNo());
        body.put("status", c.status());
        body.put("openDate", c.openDate());
        body.put("closeDate", c.closeDate());
        body.put("kinds", p.kinds().stream().sorted().map(Enum::name).toList());
        body.put("grade", p.grade());
        body.put("keyAccount", p.keyAccount());
        body.put("classification", jdbc.query("SELECT bill_month, revenue_fen, kinds, grade, key_account, local_list,"
                + " account_level, threshold_fen, classified_at FROM customer_month WHERE cust_no = ?"
                + " ORDER BY bill_month DESC LIMIT 1", (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("billMonth", rs.getString("bill_month"));
                    m.put("revenueYuan", yuan(rs.getLong("revenue_fen")));
                    m.put("kinds", names(rs.getString("kinds")));
                    m.put("grade", rs.getString("grade").trim());
                    m.put("keyAccount", rs.getBoolean("key_account"));
                    m.put("localList", rs.getBoolean("local_list"));
                    int level = rs.getInt("account_level");
                    m.put("level", rs.wasNull() ? null : level);
                    m.put("thresholdYuan", yuan(rs.getLong("threshold_fen")));
                    m.put("classifiedAt", local(instant(rs, "classified_at")));
                    return m;
                }, custNo).stream().findFirst().orElse(null));
        body.put("gradeHistory", jdbc.query("SELECT changed_at, bill_month, old_kinds, new_kinds, old_grade, new_grade,"
                + " reason, run_id FROM customer_kind_change WHERE cust_no = ? ORDER BY id", (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("changedAt", local(instant(rs, "changed_at")));
                    m.put("billMonth", rs.getString("bill_month"));
                    m.put("oldKinds", names(rs.getString("old_kinds")));
                    m.put("newKinds", names(rs.getString("new_kinds")));
                    m.put("oldGrade", rs.getString("old_grade").trim());
                    m.put("newGrade", rs.getString("new_grade").trim());
                    m.put("reason", rs.getString("reason"));
                    m.put("runId", rs.getString("run_id"));
                    return m;
                }, custNo));
        body.put("revenue", revenue(custNo));
        body.put("payments", jdbc.query("SELECT pay_id, acct_no, amount_yuan, paid_at, channel FROM payment"
                + " WHERE cust_no = ? ORDER BY paid_at DESC, pay_id LIMIT " + LIST_LIMIT, (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("payId", rs.getString("pay_id"));
                    m.put("acctNo", rs.getString("acct_no"));
                    m.put("amountYuan", rs.getBigDecimal("amount_yuan"));
                    m.put("paidAt", local(instant(rs, "paid_at")));
                    m.put("channel", rs.getString("channel"));
                    return m;
                }, custNo));
        body.put("arrears", jdbc.query("SELECT acct_no, overdue_yuan, overdue_since, snapshot_date FROM arrears"
                + " WHERE cust_no = ? ORDER BY acct_no", (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("acctNo", rs.getString("acct_no"));
                    m.put("overdueYuan", rs.getBigDecimal("overdue_yuan"));
                    m.put("overdueSince", rs.getObject("overdue_since", LocalDate.class));
                    m.put("snapshotDate", rs.getObject("snapshot_date", LocalDate.class));
                    return m;
                }, custNo));
        body.put("circuits", jdbc.query("SELECT circuit_no, service_type, rate, a_end, z_end, status, open_date, gone_at"
                + " FROM circuit WHERE cust_no = ? ORDER BY circuit_no", (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("circuitNo", rs.getString("circuit_no"));
                    m.put("serviceType", rs.getString("service_type"));
                    m.put("rate", rs.getString("rate"));
                    m.put("aEnd", rs.getString("a_end"));
                    m.put("zEnd", rs.getString("z_end"));
                    m.put("status", rs.getString("status"));
                    m.put("openDate", rs.getObject("open_date", LocalDate.class));
                    m.put("goneAt", local(instant(rs, "gone_at")));
                    return m;
                }, custNo));
        body.put("openForms", jdbc.query("SELECT form_no, form_type, state, grade, created_at, deadline FROM hub_form"
                + " WHERE cust_no = ? AND closed_at IS NULL ORDER BY created_at, form_no", (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("formNo", rs.getString("form_no"));
                    m.put("formType", rs.getString("form_type"));
                    m.put("state", rs.getString("state"));
                    m.put("grade", rs.getString("grade"));
                    m.put("createdAt", local(instant(rs, "created_at")));
                    m.put("deadline", local(instant(rs, "deadline")));
                    m.put("overdue", instant(rs, "deadline") != null && clock.instant().isAfter(instant(rs, "deadline")));
                    return m;
                }, custNo));
        body.put("alarms", jdbc.query("SELECT alarm_no, form_no, kind, alarm_level, raised_at, message FROM alarm"
                + " WHERE cust_no = ? ORDER BY raised_at DESC, alarm_no DESC LIMIT " + LIST_LIMIT, (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("alarmNo", rs.getString("alarm_no"));
                    m.put("formNo", rs.getString("form_no"));
                    m.put("kind", rs.getString("kind"));
                    m.put("level", rs.getString("alarm_level"));
                    m.put("raisedAt", local(instant(rs, "raised_at")));
                    m.put("message", rs.getString("message"));
                    return m;
                }, custNo));
        return Optional.of(body);
    }

    /**
     * The customer's revenue by month and product over the last {@value #REVENUE_MONTHS} bill months
     * up to its local net's latest, from the current revenue files only; newest month first.
     */
    private List<Map<String, Object>> revenue(String custNo) {
        String latest = jdbc.queryForObject("SELECT MAX(bill_month) FROM revenue_file_current WHERE local_net = ?",
                String.class, DailyKpis.net(custNo));
        if (latest == null) {
            return List.of();
        }
        String from = YearMonth.parse(latest, MonthlyClassification.MONTH).minusMonths(REVENUE_MONTHS - 1)
                .format(MonthlyClassification.MONTH);
        Map<String, Map<String, Object>> months = new LinkedHashMap<>();
        jdbc.query("SELECT rl.bill_month, rl.product_code, MAX(rl.product_name), SUM(rl.amount_fen), SUM(rl.quantity)"
                + " FROM revenue_line rl JOIN revenue_file_current c ON c.file_id = rl.file_id"
                + " AND c.local_net = rl.local_net AND c.bill_month = rl.bill_month"
                + " WHERE rl.cust_no = ? AND rl.bill_month >= ? AND rl.bill_month <= ?"
                + " GROUP BY rl.bill_month, rl.product_code ORDER BY rl.bill_month DESC, rl.product_code", rs -> {
                    Map<String, Object> month = months.computeIfAbsent(rs.getString(1), m -> {
                        Map<String, Object> v = new LinkedHashMap<>();
                        v.put("billMonth", m);
                        v.put("totalYuan", BigDecimal.ZERO.setScale(2));
                        v.put("products", new ArrayList<Map<String, Object>>());
                        return v;
                    });
                    BigDecimal amount = yuan(rs.getLong(4));
                    month.put("totalYuan", ((BigDecimal) month.get("totalYuan")).add(amount));
                    Map<String, Object> product = new LinkedHashMap<>();
                    product.put("productCode", rs.getString(2));
                    product.put("productName", rs.getString(3));
                    product.put("amountYuan", amount);
                    product.put("quantity", rs.getObject(5) == null ? null : rs.getLong(5));
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> products = (List<Map<String, Object>>) month.get("products");
                    products.add(product);
                }, custNo, from, latest);
        return List.copyOf(months.values());
    }

    /** The day's KPIs (the latest day with any when {@code day} is null), of one local net or all. */
    public Map<String, Object> kpis(LocalDate day, String localNet) {
        LocalDate date = day != null ? day
                : jdbc.queryForObject("SELECT MAX(kpi_date) FROM kpi_daily", LocalDate.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("date", date);
        body.put("localNet", localNet);
        if (date == null) {
            body.put("kpis", List.of());
            return body;
        }
        List<Object> args = new ArrayList<>(List.of(Date.valueOf(date)));
        String sql = "SELECT local_net, kpi, kpi_value, numerator, denominator, run_id, computed_at FROM kpi_daily"
                + " WHERE kpi_date = ?";
        if (localNet != null) {
            sql += " AND local_net = ?";
            args.add(localNet);
        }
        body.put("kpis", jdbc.query(sql + " ORDER BY local_net, kpi", (rs, n) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("localNet", rs.getString("local_net"));
            m.put("kpi", rs.getString("kpi"));
            m.put("value", plain(rs.getBigDecimal("kpi_value")));
            m.put("numerator", plain(rs.getBigDecimal("numerator")));
            m.put("denominator", plain(rs.getBigDecimal("denominator")));
            m.put("runId", rs.getString("run_id"));
            m.put("computedAt", local(instant(rs, "computed_at")));
            return m;
        }, args.toArray()));
        return body;
    }

    private static List<String> names(String kinds) {
        return ClassificationRules.kinds(kinds).stream().map(Enum::name).toList();
    }

    private static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    private static BigDecimal plain(BigDecimal v) {
        return v == null ? null : v.stripTrailingZeros().scale() < 0 ? v.setScale(0) : v.stripTrailingZeros();
    }

    private OffsetDateTime local(Instant i) {
        return i == null ? null : i.atZone(clock.getZone()).toOffsetDateTime();
    }
}
