package keyaccount.hub.system.nms;

import java.time.OffsetDateTime;

/** ICD §3 FaultDispatch (hub → network management). */
public record FaultDispatch(
        String ticketNo,
        String custNo,
        String circuitNo,
        String serviceType,
        String grade,
        boolean keyAccount,
        String description,
        OffsetDateTime deadline,
        OffsetDateTime reportedAt) {}
