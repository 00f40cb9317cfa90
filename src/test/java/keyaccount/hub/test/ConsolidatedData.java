package keyaccount.hub.test;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The consolidation's tables (V5) filled over JDBC the way the nightly loader leaves them, for
 * tests of what is derived from them. Each test takes local nets of its own ({@link #net()}), so
 * tests sharing the store never see each other's customers, months or totals.
 */
public final class ConsolidatedData {
    /** Two-letter codes no real local net uses (mappings/codes/local-nets.csv): XA, XB, ... then YA, ... */
    private static final AtomicInteger NETS = new AtomicInteger();

    private final JdbcTemplate store;

    public ConsolidatedData(JdbcTemplate store) {
        this.store = store;
    }

    public static String net() {
        int n = NETS.getAndIncrement();
        return "" + (char) ('X' + n / 26) + (char) ('A' + n % 26);
    }

    public static String custNo(String net) {
        return FaultMessages.custNo(net);
    }

    /** A time in the operator's zone, e.g. "2026-11-22T10:00". */
    public static OffsetDateTime at(String local) {
        return OffsetDateTime.parse(local + ":00+08:00");
    }

    /** A revenue file taken and made the current one for its local net and month; returns its id. */
    public long revenueFile(String net, String month, int seq) {
        long id = file("billing.revenue", "REV_" + net + "_" + month + "_" + String.format("%06d", seq) + ".txt");
        store.update("DELETE FROM revenue_file_current WHERE local_net = ? AND bill_month = ?", net, month);
        store.update("INSERT INTO revenue_file_current (local_net, bill_month, seq, file_id, loaded_at) VALUES (?, ?, ?, ?, ?)",
                net, month, seq, id, at("2026-11-21T02:00"));
        return id;
    }

    /** An earlier file of the same net and month, since replaced: its lines stay but must not count. */
    public long replacedRevenueFile(String net, String month, int seq) {
        return file("billing.revenue", "REV_" + net + "_" + month + "_" + String.format("%06d", seq) + ".txt");
    }

    public void line(long fileId, String custNo, String month, String product, String productName, String yuan) {
        store.update("INSERT INTO revenue_line (file_id, local_net, bill_month, cust_no, acct_no, product_code,"
                + " product_name, amount_fen, quantity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)", fileId, custNo.substring(0, 2),
                month, custNo, "A" + custNo.substring(2), product, productName,
                new BigDecimal(yuan).movePointRight(2).longValueExact());
    }

    public void arrears(String custNo, String yuan, LocalDate since, LocalDate snapshot) {
        long id = file("finance.arrears", "ARR_" + snapshot.toString().replace("-", "") + "_" + custNo + ".csv");
        store.update("INSERT INTO arrears (cust_no, acct_no, overdue_yuan, overdue_since, snapshot_date, file_id)"
                + " VALUES (?, ?, ?, ?, ?, ?)", custNo, "A" + custNo.substring(2), new BigDecimal(yuan), Date.valueOf(since),
                Date.valueOf(snapshot), id);
    }

    public void payment(String payId, String custNo, String yuan, OffsetDateTime paidAt) {
        long id = file("finance.payments", "PAY_" + payId + ".csv");
        store.update("INSERT INTO payment (pay_id, cust_no, acct_no, amount_yuan, paid_at, channel, file_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", payId, custNo, "A" + custNo.substring(2), new BigDecimal(yuan), paidAt,
                "BANK", id);
    }

    public void circuit(String circuitNo, String custNo, String serviceType, String status) {
        store.update("INSERT INTO circuit (circuit_no, cust_no, service_type, rate, a_end, z_end, status, open_date,"
                + " synced_at) VALUES (?, ?, ?, '2M', 'A端机房', 'Z端机房', ?, DATE '2024-03-01', ?)", circuitNo, custNo,
                serviceType, status, at("2026-11-22T02:00"));
    }

    /** A form of any type with its clock; closedAt null for an open one. */
    public void form(String formNo, String formType, String state, String custNo, OffsetDateTime created,
              OffsetDateTime deadline, OffsetDateTime closedAt) {
        store.update("INSERT INTO hub_form (form_no, form_type, state, cust_no, grade, key_account, form_cycle,"
                + " clock_started_at, deadline, next_alarm_at, created_at, updated_at, closed_at)"
                + " VALUES (?, ?, ?, ?, 'B', TRUE, 1, ?, ?, NULL, ?, ?, ?)", formNo, formType, state, custNo, created,
                deadline, created, closedAt == null ? created : closedAt, closedAt);
    }

    private long file(String source, String name) {
        String checksum = UUID.randomUUID().toString().replace("-", "");
        store.update("INSERT INTO inbound_file (source, file_name, checksum, listing_key, status, received_at)"
                + " VALUES (?, ?, ?, ?, 'LOADED', ?)", source, name, checksum, name, at("2026-11-21T02:00"));
        return store.queryForObject("SELECT file_id FROM inbound_file WHERE source = ? AND file_name = ? AND checksum = ?",
                Long.class, source, name, checksum);
    }
}
