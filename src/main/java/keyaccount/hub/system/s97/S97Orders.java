package keyaccount.hub.system.s97;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.core.action.PendingActions;
import keyaccount.hub.form.workorder.Order;
import keyaccount.hub.form.workorder.OrderOutcomes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The 97 system's orders (YW_ORDER, ICD §4): new ones read, taken ones marked 1, finished ones
 * written back 2 (with DONE_TIME) or 3. The write-back is a pending action of kind
 * {@value #STATUS_ACTION}, so it happens after the hub's own transaction and is retried until the
 * 97 database takes it.
 */
@Component
public class S97Orders implements PendingActions.Handler, OrderOutcomes {
    public static final String STATUS_ACTION = "S97_ORDER_STATUS";

    private final JdbcTemplate s97;
    private final ObjectMapper json;
    private final Clock clock;
    private final ObjectProvider<PendingActions> actions;

    public S97Orders(@Qualifier("s97Jdbc") JdbcTemplate s97, ObjectMapper json, Clock clock,
                     ObjectProvider<PendingActions> actions) {
        this.s97 = s97;
        this.json = json;
        this.clock = clock;
        this.actions = actions;
    }

    /** Written back as 2 with DONE_TIME, after the hub's transaction (a pending action). */
    @Override
    public void completed(String orderNo, LocalDateTime doneTime) {
        actions.getObject().add(STATUS_ACTION, orderNo, "{\"status\":\"2\",\"doneTime\":\"" + doneTime + "\"}");
    }

    /** Written back as 3, after the hub's transaction (a pending action). */
    @Override
    public void abandoned(String orderNo) {
        actions.getObject().add(STATUS_ACTION, orderNo, "{\"status\":\"3\"}");
    }

    /** New orders (STATUS 0), oldest first. */
    public List<Order> fresh(int limit) {
        return s97.query("SELECT ORDER_NO, CUST_NO, SERVICE_TYPE, ORDER_TYPE, SLA_LEVEL, A_NET, A_ADDR, Z_NET, Z_ADDR,"
                        + " RATE, QTY, ACCEPT_TIME FROM YW_ORDER WHERE STATUS = '0' ORDER BY ACCEPT_TIME, ORDER_NO"
                        + " FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> {
                    Timestamp accepted = rs.getTimestamp("ACCEPT_TIME");
                    int qty = rs.getInt("QTY");
                    return new Order(rs.getString("ORDER_NO"), trim(rs.getString("CUST_NO")),
                            trim(rs.getString("SERVICE_TYPE")), trim(rs.getString("ORDER_TYPE")),
                            trim(rs.getString("SLA_LEVEL")), trim(rs.getString("A_NET")), rs.getString("A_ADDR"),
                            trim(rs.getString("Z_NET")), rs.getString("Z_ADDR"), trim(rs.getString("RATE")),
                            rs.wasNull() ? null : qty, accepted == null ? null : accepted.toLocalDateTime());
                });
    }

    /** Marks an order taken (0 → 1); a no-op when it already is. */
    public void markTaken(String orderNo) {
        s97.update("UPDATE YW_ORDER SET STATUS = '1', UPD_TIME = ? WHERE ORDER_NO = ? AND STATUS = '0'",
                Timestamp.valueOf(LocalDateTime.now(clock)), orderNo);
    }

    @Override
    public String kind() {
        return STATUS_ACTION;
    }

    /** Payload {"status":"2"|"3","doneTime":"..."}: the work order ended. */
    @Override
    public void execute(String orderNo, String payload) throws Exception {
        JsonNode p = json.readTree(payload);
        String status = p.path("status").asText();
        Timestamp done = p.hasNonNull("doneTime") ? Timestamp.valueOf(LocalDateTime.parse(p.get("doneTime").asText())) : null;
        // only an order still open is written: done again after a crash, the write-back changes nothing
        // (not even UPD_TIME, which the 97 side reads as a change)
        int n = s97.update("UPDATE YW_ORDER SET STATUS = ?, DONE_TIME = ?, UPD_TIME = ? WHERE ORDER_NO = ?"
                + " AND STATUS IN ('0', '1')", status, done, Timestamp.valueOf(LocalDateTime.now(clock)), orderNo);
        if (n == 0) {
            Integer exists = s97.queryForObject("SELECT COUNT(*) FROM YW_ORDER WHERE ORDER_NO = ?", Integer.class, orderNo);
            if (exists == null || exists == 0) {
                throw new IllegalStateException("order " + orderNo + " is not in YW_ORDER");
            }
            // already ended: by this write-back before a crash, or by the 97 side itself; nothing to overwrite
        }
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
