package keyaccount.hub.form.fault;

import java.time.OffsetDateTime;
import java.util.Set;

/**
 * A step of the repair as the network reports it (its FaultReturn, ICD §3, read and validated by
 * its adapter): diagnosed, dispatched to a station, repaired, or an exception.
 */
public record FaultReturn(String ticketNo, Step step, OffsetDateTime at, String station, String faultType, String note) {

    public enum Step { DIAGNOSED, DISPATCHED, REPAIRED, EXCEPTION }

    public static final Set<String> FAULT_TYPES = Set.of("LINE", "EQUIPMENT", "CUSTOMER_SIDE", "NO_FAULT");

    /** What makes two returns the same return. */
    public String dedupeKey() {
        return ticketNo + "|" + step + "|" + at.toInstant() + "|" + (station == null ? "" : station) + "|"
                + (faultType == null ? "" : faultType);
    }
}
