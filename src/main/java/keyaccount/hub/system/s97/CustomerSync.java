package keyaccount.hub.system.s97;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import keyaccount.hub.config.HubProperties;
import keyaccount.hub.core.db.KeyPages;
import keyaccount.hub.customer.Churn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Copies the 97 system's customer master (KH_CUSTOMER) into the store, incrementally by UPD_TIME.
 * The watermark lives in the store and moves in the same transaction as each page of customers,
 * so a crash re-reads at most one page. Rows are re-read from a little before the watermark
 * (hub.customer-sync.overlap-seconds) to catch 97 transactions that committed late with an
 * earlier UPD_TIME; writing a customer twice is harmless.
 */
@Component
public class CustomerSync {
    private static final Logger log = LoggerFactory.getLogger(CustomerSync.class);
    static final String SOURCE = "97.KH_CUSTOMER";
    private static final LocalDateTime BEGINNING = LocalDateTime.of(1970, 1, 1, 0, 0);

    private final JdbcTemplate s97;
    private final JdbcTemplate store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final HubProperties.CustomerSync settings;
    private final Churn churn;

    public CustomerSync(@Qualifier("s97Jdbc") JdbcTemplate s97, JdbcTemplate store, TransactionTemplate tx,
                        Clock clock, HubProperties props, @org.springframework.context.annotation.Lazy Churn churn) {
        this.s97 = s97;
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.settings = props.customerSync();
        this.churn = churn;
    }

    private static final String SELECT = "SELECT CUST_NO, CUST_NAME, CUST_CLASS, INDUSTRY, LOCAL_NET, PARENT_CUST_NO,"
            + " MANAGER_NO, STRATEGIC, STATUS, OPEN_DATE, CLOSE_DATE, UPD_TIME FROM KH_CUSTOMER";

    private Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp upd = rs.getTimestamp(12);
        return new Row(rs.getString(1), rs.getString(2), trim(rs.getString(3)), trim(rs.getString(4)),
                trim(rs.getString(5)), blankToNull(rs.getString(6)), blankToNull(rs.getString(7)),
                "Y".equalsIgnoreCase(trim(rs.getString(8))), trim(rs.getString(9)), rs.getDate(10), rs.getDate(11),
                upd == null ? BEGINNING : upd.toLocalDateTime());
    }

    private record Row(String custNo, String name, String custClass, String industry, String localNet,
                       String parent, String manager, boolean strategic, String status, java.sql.Date openDate,
                       java.sql.Date closeDate, LocalDateTime updTime) {}

    /** Reads every customer changed since the watermark; returns how many rows were written. */
    public int sync() {
        LocalDateTime watermark = watermark();
        LocalDateTime from = watermark.minusSeconds(settings.overlapSeconds());
        int total = 0;
        // Pages by (UPD_TIME, CUST_NO) so that many rows with one UPD_TIME never stall the sync.
        LocalDateTime afterTime = from;
        String afterCust = "";
        while (true) {
            List<Row> page = s97.query(SELECT + " WHERE UPD_TIME > ? OR (UPD_TIME = ? AND CUST_NO > ?)"
                            + " ORDER BY UPD_TIME, CUST_NO FETCH FIRST " + settings.pageSize() + " ROWS ONLY",
                    this::row, Timestamp.valueOf(afterTime), Timestamp.valueOf(afterTime), afterCust);
            if (page.isEmpty()) {
                break;
            }
            tx.executeWithoutResult(status -> write(page, true));
            total += page.size();
            Row last = page.get(page.size() - 1);
            afterTime = last.updTime();
            afterCust = last.custNo();
            if (page.size() < settings.pageSize()) {
                break;
            }
        }
        if (total > 0) {
            log.info("97 customer sync: {} customer rows read since {}", total, from);
        }
        return total;
    }

    /** What a full read of KH_CUSTOMER found. */
    public record FullRead(long read, long missing) {}

    /**
     * Reads every customer of the 97 system, whatever its UPD_TIME (the nightly reconcile beside
     * the incremental sync): changes the incremental sync missed are written, customers who left
     * raise their churn alarm, and customers the 97 system no longer has at all are marked
     * missing and treated as having left. Page by page, each page in its own transaction; running
     * it again finds nothing new.
     */
    public FullRead fullRead() {
        int pageSize = settings.pageSize();
        long read = KeyPages.forEach(after -> s97.query(SELECT + " WHERE CUST_NO > ? ORDER BY CUST_NO FETCH FIRST "
                + pageSize + " ROWS ONLY", this::row, after), Row::custNo, pageSize,
                page -> tx.executeWithoutResult(status -> write(page, false)));
        long missing = KeyPages.absent(store, "SELECT cust_no FROM customer WHERE cust_no > ? AND missing_since IS NULL"
                + " ORDER BY cust_no", s97, "SELECT CUST_NO FROM KH_CUSTOMER WHERE CUST_NO IN", pageSize,
                custNo -> tx.executeWithoutResult(status -> {
                    store.update("UPDATE customer SET missing_since = ? WHERE cust_no = ? AND missing_since IS NULL",
                            ts(clock.instant()), custNo);
                    churn.leaving(custNo, "no longer in the 97 system", null);
                }));
        log.info("97 customers read in full: {} read, {} no longer in the 97 system", read, missing);
        return new FullRead(read, missing);
    }

    private void write(List<Row> page, boolean moveWatermark) {
        var now = ts(clock.instant());
        // who was not gone before this page: a status turning 9 means the customer is leaving
        List<String> custNos = page.stream().map(Row::custNo).toList();
        java.util.Set<String> staying = new java.util.HashSet<>(store.queryForList("SELECT cust_no FROM customer"
                + " WHERE status <> '9' AND cust_no IN (" + KeyPages.marks(custNos.size()) + ")", String.class,
                custNos.toArray()));
        List<Object[]> updates = new ArrayList<>();
        for (Row r : page) {
            updates.add(new Object[] {r.name(), r.custClass(), r.industry(), r.localNet(), r.parent(), r.manager(),
                    r.strategic(), r.status(), r.openDate(), r.closeDate(), Timestamp.valueOf(r.updTime()), now,
                    r.custNo()});
        }
        int[] updated = store.batchUpdate("UPDATE customer SET cust_name = ?, cust_class = ?, industry = ?,"
                + " local_net = ?, parent_cust_no = ?, manager_no = ?, strategic = ?, status = ?, open_date = ?,"
                + " close_date = ?, source_upd_time = ?, synced_at = ?, missing_since = NULL WHERE cust_no = ?", updates);
        List<Object[]> inserts = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            if (updated[i] == 0) {
                Row r = page.get(i);
                inserts.add(new Object[] {r.custNo(), r.name(), r.custClass(), r.industry(), r.localNet(), r.parent(),
                        r.manager(), r.strategic(), r.status(), r.openDate(), r.closeDate(),
                        Timestamp.valueOf(r.updTime()), now});
            }
        }
        if (!inserts.isEmpty()) {
            store.batchUpdate("INSERT INTO customer (cust_no, cust_name, cust_class, industry, local_net,"
                    + " parent_cust_no, manager_no, strategic, status, open_date, close_date, source_upd_time,"
                    + " synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", inserts);
        }
        for (Row r : page) {
            if ("9".equals(r.status()) && staying.contains(r.custNo())) {
                churn.leaving(r.custNo(), "97 status 9" + (r.closeDate() == null ? "" : ", closed " + r.closeDate()), null);
            }
        }
        if (!moveWatermark) {
            return;
        }
        LocalDateTime newest = page.get(page.size() - 1).updTime();
        int moved = store.update("UPDATE sync_watermark SET watermark = ?, updated_at = ? WHERE source = ? AND watermark < ?",
                Timestamp.valueOf(newest), now, SOURCE, Timestamp.valueOf(newest));
        if (moved == 0) {
            store.update("INSERT INTO sync_watermark (source, watermark, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    SOURCE, Timestamp.valueOf(newest), now);
        }
    }

    public LocalDateTime watermark() {
        List<Timestamp> t = store.queryForList("SELECT watermark FROM sync_watermark WHERE source = ?", Timestamp.class,
                SOURCE);
        return t.isEmpty() ? BEGINNING : t.get(0).toLocalDateTime();
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
