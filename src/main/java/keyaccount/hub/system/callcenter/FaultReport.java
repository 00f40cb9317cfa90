package keyaccount.hub.system.callcenter;

import java.time.OffsetDateTime;

/** ICD §2 FaultReport, as the call center sends it. */
public record FaultReport(
        String reportNo,
        String custNo,
        String circuitNo,
        String serviceType,
        String reporter,
        String phone,
        String description,
        OffsetDateTime reportedAt) {}
