package keyaccount.hub.form.fault;

import java.time.Instant;

/**
 * The fault-ticket-specific part of a form (table fault_ticket): a row read under the form's
 * lock, changed, and written back in the same transaction.
 */
public final class FaultTicket {
    String ticketNo;
    String reportNo;
    String custNo;
    String circuitNo;
    String serviceType;
    String faultType;
    String reporter;
    String phone;
    String description;
    Instant reportedAt;
    /** Returns stamped before this belong to an earlier dispatch round and are stale. */
    Instant roundStartedAt;
    /** The time of the latest forward step applied in this round. */
    Instant lastStepAt;
    int dispatchCount;
    String station;
    boolean inProgressReplied;
    Instant resolvedAt;
    Instant autoCloseAt;
    String reason;

    /** A new ticket for a report: the clock and the first dispatch round start at ReportedAt. */
    static FaultTicket fromReport(String ticketNo, FaultReport r) {
        FaultTicket t = new FaultTicket();
        t.ticketNo = ticketNo;
        t.reportNo = r.reportNo();
        t.custNo = r.custNo();
        t.circuitNo = r.circuitNo();
        t.serviceType = r.serviceType();
        t.reporter = r.reporter();
        t.phone = r.phone();
        t.description = r.description();
        t.reportedAt = r.reportedAt().toInstant();
        t.roundStartedAt = t.reportedAt;
        return t;
    }

    public String ticketNo() { return ticketNo; }
    public String reportNo() { return reportNo; }
    public String custNo() { return custNo; }
    public String circuitNo() { return circuitNo; }
    public String serviceType() { return serviceType; }
    public String faultType() { return faultType; }
    public String description() { return description; }
    public Instant reportedAt() { return reportedAt; }
    public int dispatchCount() { return dispatchCount; }
    public String station() { return station; }
    public Instant resolvedAt() { return resolvedAt; }
    public String reason() { return reason; }
}
