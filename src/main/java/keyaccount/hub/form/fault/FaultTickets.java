package keyaccount.hub.form.fault;

import static keyaccount.hub.core.db.Timestamps.instant;
import static keyaccount.hub.core.db.Timestamps.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import keyaccount.hub.core.form.FormDetails;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Table fault_ticket. Callers lock the ticket's hub_form row first (FormStore.lock). */
@Component
public class FaultTickets implements FormDetails {
    private static final String COLUMNS = "ticket_no, report_no, cust_no, circuit_no, service_type, fault_type, reporter,"
            + " phone, description, reported_at, round_started_at, last_step_at, dispatch_count, station,"
            + " in_progress_replied, resolved_at, auto_close_at, reason";

    private final JdbcTemplate jdbc;

    public FaultTickets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(FaultTicket t) {
        jdbc.update("INSERT INTO fault_ticket (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.ticketNo, t.reportNo, t.custNo, t.circuitNo, t.serviceType, t.faultType, t.reporter,
                t.phone, t.description, ts(t.reportedAt), ts(t.roundStartedAt), ts(t.lastStepAt),
                t.dispatchCount, t.station, t.inProgressReplied, ts(t.resolvedAt), ts(t.autoCloseAt),
                t.reason);
    }

    public void update(FaultTicket t) {
        jdbc.update("UPDATE fault_ticket SET circuit_no = ?, fault_type = ?, reported_at = ?, round_started_at = ?,"
                        + " last_step_at = ?, dispatch_count = ?, station = ?, in_progress_replied = ?, resolved_at = ?,"
                        + " auto_close_at = ?, reason = ? WHERE ticket_no = ?",
                t.circuitNo, t.faultType, ts(t.reportedAt), ts(t.roundStartedAt), ts(t.lastStepAt),
                t.dispatchCount, t.station, t.inProgressReplied, ts(t.resolvedAt), ts(t.autoCloseAt),
                t.reason, t.ticketNo);
    }

    public Optional<FaultTicket> find(String ticketNo) {
        return jdbc.query("SELECT " + COLUMNS + " FROM fault_ticket WHERE ticket_no = ?", FaultTickets::map, ticketNo)
                .stream().findFirst();
    }

    /** The newest ticket on a circuit that is not closed or rejected. */
    /**
     * Serialises reports on one circuit until the caller's transaction ends: a report handled at
     * the same moment on another consumer or instance waits here, then finds this one's ticket.
     */
    public void lockCircuit(String circuitNo) {
        jdbc.update("INSERT INTO fault_circuit_lock (circuit_no) VALUES (?) ON CONFLICT DO NOTHING", circuitNo);
        jdbc.queryForList("SELECT circuit_no FROM fault_circuit_lock WHERE circuit_no = ? FOR UPDATE", String.class,
                circuitNo);
    }

    /** The ticket still open (or resolved, not yet closed) on a circuit, and its customer. */
    public Optional<ActiveTicket> activeOnCircuit(String circuitNo) {
        return jdbc.query("SELECT t.ticket_no, t.cust_no FROM fault_ticket t JOIN hub_form f ON f.form_no = t.ticket_no"
                        + " WHERE t.circuit_no = ? AND f.state NOT IN ('CLOSED', 'REJECTED') ORDER BY f.created_at DESC",
                (rs, n) -> new ActiveTicket(rs.getString(1), rs.getString(2)), circuitNo).stream().findFirst();
    }

    public record ActiveTicket(String ticketNo, String custNo) {}

    /** The circuit's customer in the network's inventory (as consolidated into the store), if it is there. */
    public Optional<String> inventoryOwner(String circuitNo) {
        return jdbc.queryForList("SELECT cust_no FROM circuit WHERE circuit_no = ? AND gone_at IS NULL", String.class,
                circuitNo).stream().filter(c -> c != null).findFirst();
    }

    public List<String> dueForAutoClose(Instant now, int limit) {
        return jdbc.queryForList("SELECT ticket_no FROM fault_ticket WHERE auto_close_at <= ? ORDER BY auto_close_at LIMIT ?",
                String.class, ts(now), limit);
    }

    @Override
    public String formType() {
        return FaultTicketService.FORM_TYPE;
    }

    @Override
    public Optional<Map<String, Object>> details(String ticketNo) {
        return find(ticketNo).map(t -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("reportNo", t.reportNo);
            d.put("circuitNo", t.circuitNo);
            d.put("serviceType", t.serviceType);
            d.put("faultType", t.faultType);
            d.put("reporter", t.reporter);
            d.put("phone", t.phone);
            d.put("description", t.description);
            d.put("reportedAt", t.reportedAt);
            d.put("dispatchCount", t.dispatchCount);
            d.put("station", t.station);
            d.put("resolvedAt", t.resolvedAt);
            d.put("autoCloseAt", t.autoCloseAt);
            d.put("reason", t.reason);
            return d;
        });
    }

    private static FaultTicket map(ResultSet rs, int n) throws SQLException {
        FaultTicket t = new FaultTicket();
        t.ticketNo = rs.getString("ticket_no");
        t.reportNo = rs.getString("report_no");
        t.custNo = rs.getString("cust_no");
        t.circuitNo = rs.getString("circuit_no");
        t.serviceType = rs.getString("service_type");
        t.faultType = rs.getString("fault_type");
        t.reporter = rs.getString("reporter");
        t.phone = rs.getString("phone");
        t.description = rs.getString("description");
        t.reportedAt = instant(rs, "reported_at");
        t.roundStartedAt = instant(rs, "round_started_at");
        t.lastStepAt = instant(rs, "last_step_at");
        t.dispatchCount = rs.getInt("dispatch_count");
        t.station = rs.getString("station");
        t.inProgressReplied = rs.getBoolean("in_progress_replied");
        t.resolvedAt = instant(rs, "resolved_at");
        t.autoCloseAt = instant(rs, "auto_close_at");
        t.reason = rs.getString("reason");
        return t;
    }
}
