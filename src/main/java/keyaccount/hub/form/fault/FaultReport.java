package keyaccount.hub.form.fault;

import java.time.OffsetDateTime;

/** A fault as its reporter tells it (the call center's FaultReport, ICD §2, read by its adapter). */
public record FaultReport(
        String reportNo,
        String custNo,
        String circuitNo,
        String serviceType,
        String reporter,
        String phone,
        String description,
        OffsetDateTime reportedAt) {}
