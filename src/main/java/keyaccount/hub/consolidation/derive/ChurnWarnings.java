package keyaccount.hub.consolidation.derive;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import keyaccount.hub.core.alarm.AlarmKind;
import keyaccount.hub.core.alarm.Alarms;
import keyaccount.hub.customer.CustomerDirectory;
import keyaccount.hub.customer.CustomerProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Warns the account manager of a key account that may be leaving (ICD §7 CHURN), from the figures:
 * <ul>
 * <li>its revenue in its local net's latest bill month fell by {@code churn.revenueDropShare} (30%)
 * or more against the calendar month before, both months classified and the earlier one
 * positive; "key account" in either of the two months;</li>
 * <li>its arrears are overdue for {@code churn.arrearsDays} (90) days or more at the business date
 * (the oldest {@code overdue_since} of its accounts); "key account" as it stands now.</li>
 * </ul>
 * One alarm per customer and month: dedupe key {@code CHURN|<custNo>|<yyyyMM>}, the month being the
 * bill month of a fall in revenue, else the business date's month for arrears (a reminder each
 * month they stay). When both hold the same night one alarm names both. A customer who leaves
 * ({@code Churn}, key {@code CHURN|<custNo>|LEFT}) is a different alarm.
 */
@Component
public class ChurnWarnings {
    private static final Logger log = LoggerFactory.getLogger(ChurnWarnings.class);

    private final JdbcTemplate jdbc;
    private final CustomerDirectory customers;
    private final Alarms alarms;

    public ChurnWarnings(JdbcTemplate jdbc, CustomerDirectory customers, Alarms alarms) {
        this.jdbc = jdbc;
        this.customers = customers;
        this.alarms = alarms;
    }

    /**
     * @param latestMonths local net → its latest bill month
     * @return the alarms raised (0 on a re-run)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int check(ClassificationRules.Config config, Map<String, String> latestMonths, LocalDate businessDate) {
        Map<String, Signs> signs = new TreeMap<>();
        BigDecimal dropShare = config.churn.revenueDropShare;
        latestMonths.forEach((net, month) -> {
            String before = YearMonth.parse(month, MonthlyClassification.MONTH).minusMonths(1)
                    .format(MonthlyClassification.MONTH);
            jdbc.query("SELECT c.cust_no, c.revenue_fen, p.revenue_fen FROM customer_month c"
                    + " JOIN customer_month p ON p.cust_no = c.cust_no AND p.bill_month = ?"
                    + " JOIN local_net_month n ON n.local_net = c.local_net AND n.bill_month = p.bill_month"
                    + " WHERE c.local_net = ? AND c.bill_month = ? AND p.revenue_fen > 0"
                    + " AND (c.key_account = TRUE OR p.key_account = TRUE) ORDER BY c.cust_no", rs -> {
                        long now = rs.getLong(2);
                        long earlier = rs.getLong(3);
                        BigDecimal fall = BigDecimal.valueOf(earlier - now);
                        if (fall.compareTo(BigDecimal.valueOf(earlier).multiply(dropShare)) >= 0) {
                            Signs found = signs.computeIfAbsent(rs.getString(1), k -> new Signs());
                            found.month = month;
                            found.revenueFell = true;
                            found.reasons.add("monthly revenue fell "
                                    + fall.multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(earlier), 1,
                                            RoundingMode.HALF_UP) + "% from " + ClassificationRules.yuan(earlier)
                                    + " to " + ClassificationRules.yuan(now) + " yuan (" + before + " → " + month + ")");
                        }
                    }, before, net, month);
        });

        LocalDate overdueBy = businessDate.minusDays(config.churn.arrearsDays);
        jdbc.query("SELECT cust_no, SUM(overdue_yuan), MIN(overdue_since) FROM arrears GROUP BY cust_no"
                + " HAVING MIN(overdue_since) <= ? ORDER BY cust_no", rs -> {
                    LocalDate since = rs.getObject(3, LocalDate.class);
                    Signs found = signs.computeIfAbsent(rs.getString(1), k -> new Signs());
                    if (found.month == null) {
                        found.month = YearMonth.from(businessDate).format(MonthlyClassification.MONTH);
                    }
                    found.reasons.add("arrears "
                            + rs.getBigDecimal(2).setScale(2, RoundingMode.HALF_UP).toPlainString() + " yuan overdue since "
                            + since + " (" + ChronoUnit.DAYS.between(since, businessDate) + " days)");
                }, Date.valueOf(overdueBy));

        int raised = 0;
        for (var e : signs.entrySet()) {
            String cust = e.getKey();
            Signs found = e.getValue();
            CustomerProfile profile = customers.profile(cust).orElse(null);
            if (profile == null) {
                log.warn("churn signs for {} ({}), but the customer is not in the store", cust, found.reasons);
                continue;
            }
            if (!found.revenueFell && !profile.keyAccount()) {
                continue; // arrears alone warn only about key accounts
            }
            String manager = profile.customer().managerNo();
            String message = "客户 " + cust + " " + profile.customer().name() + " 流失预警 (" + String.join("; ", found.reasons)
                    + ")" + (manager == null ? "" : "; 客户经理 " + manager);
            var alarm = alarms.raise(new Alarms.Alarm("CHURN|" + cust + "|" + found.month, null, AlarmKind.CHURN,
                    cust, profile.grade(), null, message, Map.of("HubKeyAccount", Boolean.toString(profile.keyAccount()),
                    "HubGrade", profile.grade(), "HubAccountManager", manager == null ? "" : manager)));
            if (alarm.isPresent()) {
                raised++;
            }
        }
        return raised;
    }

    /** What points to a customer leaving, and the month its alarm is for. */
    private static final class Signs {
        String month;
        boolean revenueFell;
        final List<String> reasons = new ArrayList<>();
    }
}
