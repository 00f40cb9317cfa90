package keyaccount.hub.consolidation.derive;

import static keyaccount.hub.core.db.Timestamps.instant;
import static keyaccount.hub.core.db.Timestamps.ts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import keyaccount.hub.config.HubProperties;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.form.workorder.WorkOrderService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The KPIs of one day (00:00 to 24:00 in {@code hub.timezone}) per local net, worked out from the
 * store and kept in {@code kpi_daily}; a run replaces the day's rows, so a re-run gives the same
 * rows. A form, ticket or slip counts in the local net its customer's number starts with. A KPI
 * whose denominator is zero that day has no row. Rates are fractions (0.9500 = 95%), times are in
 * minutes, money in yuan.
 * <ul>
 * <li>{@link #OPENING_ON_TIME_RATE}: work orders that reached COMPLETED that day ({@code hub_form.closed_at})
 * at or before their deadline / work orders completed that day.</li>
 * <li>{@link #FAULT_ON_TIME_RATE}: fault tickets repaired that day ({@code fault_ticket.resolved_at})
 * at or before their deadline ({@code hub_form.deadline}) / tickets repaired that day.</li>
 * <li>{@link #FAULT_REPAIR_MINUTES}: mean of resolved_at − reported_at (the ticket's current
 * cycle) over the tickets repaired that day.</li>
 * <li>{@link #RESOURCE_CONFIRM_MINUTES}: mean of answered_at − the slip's creation over the resource
 * confirmation slips (kind RESOURCE) answered that day.</li>
 * <li>{@link #RESOURCE_CONFIRM_ON_TIME_RATE}: those answered at or before their deadline / answered that day.</li>
 * <li>{@link #EXCEPTION_RETURN_RATE}: station returns taken that day (StationReturns applied to a
 * station task, {@code form_trace} on nms.workorder.return) that were EXCEPTION (异常返单) / all of them.</li>
 * <li>{@link #KEY_ACCOUNTS}: key accounts in the local net's latest classified bill month.</li>
 * <li>{@link #KEY_ACCOUNT_REVENUE_SHARE}: their revenue / the net's revenue, that month.</li>
 * <li>{@link #ARREARS_RATE}: overdue amount of the net's customers in the current arrears snapshot /
 * the net's revenue in its latest classified bill month (yuan / yuan).</li>
 * </ul>
 */
@Component
public class DailyKpis {
    public static final String OPENING_ON_TIME_RATE = "OPENING_ON_TIME_RATE";
    public static final String FAULT_ON_TIME_RATE = "FAULT_ON_TIME_RATE";
    public static final String FAULT_REPAIR_MINUTES = "FAULT_REPAIR_MINUTES";
    public static final String RESOURCE_CONFIRM_MINUTES = "RESOURCE_CONFIRM_MINUTES";
    public static final String RESOURCE_CONFIRM_ON_TIME_RATE = "RESOURCE_CONFIRM_ON_TIME_RATE";
    public static final String EXCEPTION_RETURN_RATE = "EXCEPTION_RETURN_RATE";
    public static final String KEY_ACCOUNTS = "KEY_ACCOUNTS";
    public static final String KEY_ACCOUNT_REVENUE_SHARE = "KEY_ACCOUNT_REVENUE_SHARE";
    public static final String ARREARS_RATE = "ARREARS_RATE";

    private final JdbcTemplate jdbc;
    private final ZoneId zone;
    private final Clock clock;

    public DailyKpis(JdbcTemplate jdbc, HubProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.zone = props.timezone();
        this.clock = clock;
    }

    /** One KPI of one local net: value = numerator / denominator (or the count / mean itself). */
    public record Kpi(String localNet, String kpi, BigDecimal value, BigDecimal numerator, BigDecimal denominator) {}

    /** Sums per local net and KPI while reading. */
    private static final class Tally {
        final Map<String, long[]> counts = new TreeMap<>();

        void add(String key, boolean hit, long amount) {
            long[] c = counts.computeIfAbsent(key, k -> new long[3]);
            c[0]++;
            c[1] += hit ? 1 : 0;
            c[2] += amount;
        }
    }

    /** Works out and keeps the day's KPIs; returns the rows written. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Kpi> compute(LocalDate day, String runId) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        List<Kpi> kpis = new ArrayList<>();

        Tally opening = new Tally();
        jdbc.query("SELECT cust_no, closed_at, deadline FROM hub_form WHERE form_type = ? AND state = ?"
                + " AND closed_at >= ? AND closed_at < ?", rs -> {
                    Instant closed = instant(rs, "closed_at");
                    Instant deadline = instant(rs, "deadline");
                    opening.add(net(rs.getString(1)), deadline != null && !closed.isAfter(deadline), 0);
                }, WorkOrderService.WORK_ORDER, WorkOrderService.COMPLETED, ts(from), ts(to));
        rates(kpis, opening, OPENING_ON_TIME_RATE);

        Tally faults = new Tally();
        jdbc.query("SELECT t.cust_no, t.reported_at, t.resolved_at, f.deadline FROM fault_ticket t"
                + " JOIN hub_form f ON f.form_no = t.ticket_no WHERE t.resolved_at >= ? AND t.resolved_at < ?", rs -> {
                    Instant resolved = instant(rs, "resolved_at");
                    Instant deadline = instant(rs, "deadline");
                    faults.add(net(rs.getString(1)), deadline != null && !resolved.isAfter(deadline),
                            Duration.between(instant(rs, "reported_at"), resolved).toSeconds());
                }, ts(from), ts(to));
        rates(kpis, faults, FAULT_ON_TIME_RATE);
        meanMinutes(kpis, faults, FAULT_REPAIR_MINUTES);

        Tally confirmations = new Tally();
        jdbc.query("SELECT s.cust_no, s.answered_at, f.created_at, f.deadline FROM slip s"
                + " JOIN hub_form f ON f.form_no = s.slip_no WHERE s.kind = ? AND s.answered_at >= ? AND s.answered_at < ?",
                rs -> {
                    Instant answered = instant(rs, "answered_at");
                    Instant deadline = instant(rs, "deadline");
                    confirmations.add(net(rs.getString(1)), deadline != null && !answered.isAfter(deadline),
                            Duration.between(instant(rs, "created_at"), answered).toSeconds());
                }, "RESOURCE", ts(from), ts(to));
        meanMinutes(kpis, confirmations, RESOURCE_CONFIRM_MINUTES);
        rates(kpis, confirmations, RESOURCE_CONFIRM_ON_TIME_RATE);

        Tally returns = new Tally();
        jdbc.query("SELECT f.cust_no, tr.step FROM form_trace tr JOIN station_task st ON st.task_no = tr.form_no"
                + " JOIN hub_form f ON f.form_no = tr.form_no WHERE tr.channel = ? AND tr.outcome = ?"
                + " AND tr.occurred_at >= ? AND tr.occurred_at < ?",
                rs -> { returns.add(net(rs.getString(1)), rs.getString(2).startsWith("EXCEPTION"), 0); },
                Queues.NMS_WORKORDER_RETURN, "APPLIED", ts(from), ts(to));
        rates(kpis, returns, EXCEPTION_RETURN_RATE);

        Map<String, long[]> latest = new TreeMap<>();
        jdbc.query("SELECT n.local_net, n.key_accounts, n.key_account_fen, n.total_fen FROM local_net_month n"
                + " WHERE n.bill_month = (SELECT MAX(m.bill_month) FROM local_net_month m WHERE m.local_net = n.local_net)",
                rs -> { latest.put(rs.getString(1), new long[] {rs.getInt(2), rs.getLong(3), rs.getLong(4)}); });
        latest.forEach((net, v) -> {
            kpis.add(new Kpi(net, KEY_ACCOUNTS, BigDecimal.valueOf(v[0]), BigDecimal.valueOf(v[0]), null));
            if (v[2] > 0) {
                kpis.add(ratio(net, KEY_ACCOUNT_REVENUE_SHARE, BigDecimal.valueOf(v[1], 2), BigDecimal.valueOf(v[2], 2)));
            }
        });
        Map<String, BigDecimal> overdue = new TreeMap<>();
        jdbc.query("SELECT cust_no, overdue_yuan FROM arrears",
                rs -> { overdue.merge(net(rs.getString(1)), rs.getBigDecimal(2), BigDecimal::add); });
        overdue.forEach((net, amount) -> {
            long[] month = latest.get(net);
            if (month != null && month[2] > 0) {
                kpis.add(ratio(net, ARREARS_RATE, amount.setScale(2, RoundingMode.HALF_UP), BigDecimal.valueOf(month[2], 2)));
            }
        });

        kpis.sort((a, b) -> a.localNet().equals(b.localNet()) ? a.kpi().compareTo(b.kpi())
                : a.localNet().compareTo(b.localNet()));
        jdbc.update("DELETE FROM kpi_daily WHERE kpi_date = ?", Date.valueOf(day));
        Instant now = clock.instant();
        jdbc.batchUpdate("INSERT INTO kpi_daily (kpi_date, local_net, kpi, kpi_value, numerator, denominator, run_id,"
                + " computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", kpis.stream().map(k -> new Object[] {Date.valueOf(day),
                k.localNet(), k.kpi(), k.value(), k.numerator(), k.denominator(), runId, ts(now)}).toList());
        return kpis;
    }

    private static void rates(List<Kpi> kpis, Tally tally, String kpi) {
        tally.counts.forEach((net, c) ->
                kpis.add(ratio(net, kpi, BigDecimal.valueOf(c[1]), BigDecimal.valueOf(c[0]))));
    }

    /** Mean minutes: total minutes (numerator) / count (denominator). */
    private static void meanMinutes(List<Kpi> kpis, Tally tally, String kpi) {
        tally.counts.forEach((net, c) -> {
            BigDecimal minutes = BigDecimal.valueOf(c[2]).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
            kpis.add(new Kpi(net, kpi, minutes.divide(BigDecimal.valueOf(c[0]), 4, RoundingMode.HALF_UP), minutes,
                    BigDecimal.valueOf(c[0])));
        });
    }

    private static Kpi ratio(String net, String kpi, BigDecimal numerator, BigDecimal denominator) {
        return new Kpi(net, kpi, numerator.divide(denominator, 4, RoundingMode.HALF_UP), numerator, denominator);
    }

    /** A customer's local net: the first two letters of its number (ICD §4). */
    static String net(String custNo) {
        return custNo == null || custNo.length() < 2 ? "??" : custNo.substring(0, 2);
    }
}
