package keyaccount.hub.system.nms;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import keyaccount.hub.config.DataSourceConfig;
import keyaccount.hub.config.HubProperties;
import keyaccount.hub.core.db.KeyPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The network's circuit inventory (RES_CIRCUIT, ICD §3) copied in full into the store's circuit
 * table each night: new circuits added, changed ones updated, circuits gone from the inventory
 * kept with gone_at. Page by page by CIRCUIT_NO, each page in its own transaction; a second
 * reconcile on the same inventory writes nothing.
 */
@Component
public class CircuitInventory {
    private static final Logger log = LoggerFactory.getLogger(CircuitInventory.class);

    private final JdbcTemplate nms;
    private final JdbcTemplate store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int pageSize;

    public CircuitInventory(@Qualifier(DataSourceConfig.NMS) DataSource nms, JdbcTemplate store, TransactionTemplate tx,
                            Clock clock, HubProperties props) {
        this.nms = new JdbcTemplate(nms);
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.pageSize = props.consolidation().pageSize();
    }

    record Row(String circuitNo, String custNo, String serviceType, String rate, String aEnd, String zEnd, String status,
               Date openDate, Timestamp updTime) {}

    /** What a reconcile did: circuits read, written (new or changed) and found gone. */
    public record Result(long read, long written, long gone) {}

    public Result reconcile() {
        long[] written = {0};
        long read = KeyPages.forEach(after -> nms.query("SELECT CIRCUIT_NO, CUST_NO, SERVICE_TYPE, RATE, A_END, Z_END,"
                        + " STATUS, OPEN_DATE, UPD_TIME FROM RES_CIRCUIT WHERE CIRCUIT_NO > ? ORDER BY CIRCUIT_NO FETCH FIRST "
                        + pageSize + " ROWS ONLY",
                (rs, n) -> new Row(rs.getString(1), trim(rs.getString(2)), trim(rs.getString(3)), trim(rs.getString(4)),
                        rs.getString(5), rs.getString(6), trim(rs.getString(7)), rs.getDate(8), rs.getTimestamp(9)),
                after), Row::circuitNo, pageSize, page -> written[0] += tx.execute(status -> write(page)));
        long gone = KeyPages.absent(store, "SELECT circuit_no FROM circuit WHERE circuit_no > ? AND gone_at IS NULL"
                + " ORDER BY circuit_no", nms, "SELECT CIRCUIT_NO FROM RES_CIRCUIT WHERE CIRCUIT_NO IN", pageSize,
                circuitNo -> store.update("UPDATE circuit SET gone_at = ? WHERE circuit_no = ? AND gone_at IS NULL",
                        ts(clock.instant()), circuitNo));
        log.info("network circuit inventory reconciled: {} read, {} new or changed, {} gone", read, written[0], gone);
        return new Result(read, written[0], gone);
    }

    /** Writes the circuits of a page that are new, changed, or back after having gone; returns how many. */
    private int write(List<Row> page) {
        List<String> numbers = page.stream().map(Row::circuitNo).toList();
        // as stored now: a circuit that had gone is known but differs from any row the inventory has
        Map<String, Optional<Row>> stored = new HashMap<>();
        store.query("SELECT circuit_no, cust_no, service_type, rate, a_end, z_end, status, open_date, source_upd_time,"
                        + " gone_at FROM circuit WHERE circuit_no IN (" + KeyPages.marks(numbers.size()) + ")",
                rs -> {
                    stored.put(rs.getString(1), rs.getObject("gone_at") != null ? Optional.empty()
                            : Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getDate(8), rs.getTimestamp(9))));
                }, numbers.toArray());
        var now = ts(clock.instant());
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (Row r : page) {
            Optional<Row> before = stored.get(r.circuitNo());
            if (before == null) {
                inserts.add(new Object[] {r.circuitNo(), r.custNo(), r.serviceType(), r.rate(), r.aEnd(), r.zEnd(),
                        r.status(), r.openDate(), r.updTime(), now});
            } else if (!before.equals(Optional.of(r))) {
                updates.add(new Object[] {r.custNo(), r.serviceType(), r.rate(), r.aEnd(), r.zEnd(), r.status(),
                        r.openDate(), r.updTime(), now, r.circuitNo()});
            }
        }
        if (!updates.isEmpty()) {
            store.batchUpdate("UPDATE circuit SET cust_no = ?, service_type = ?, rate = ?, a_end = ?, z_end = ?,"
                    + " status = ?, open_date = ?, source_upd_time = ?, synced_at = ?, gone_at = NULL WHERE circuit_no = ?",
                    updates);
        }
        if (!inserts.isEmpty()) {
            store.batchUpdate("INSERT INTO circuit (circuit_no, cust_no, service_type, rate, a_end, z_end, status,"
                    + " open_date, source_upd_time, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        }
        return updates.size() + inserts.size();
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
