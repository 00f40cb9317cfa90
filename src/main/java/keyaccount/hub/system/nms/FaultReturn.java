package keyaccount.hub.system.nms;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.core.BadMessageException;

/** ICD §3 FaultReturn (network management → hub), validated. */
public record FaultReturn(String ticketNo, Step step, OffsetDateTime at, String station, String faultType, String note) {

    public enum Step { DIAGNOSED, DISPATCHED, REPAIRED, EXCEPTION }

    public static final Set<String> FAULT_TYPES = Set.of("LINE", "EQUIPMENT", "CUSTOMER_SIDE", "NO_FAULT");

    /** The wire form: everything as text, so that each bad field can be named. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Wire(String ticketNo, String step, String at, String station, String faultType, String note) {}

    public static FaultReturn parse(ObjectMapper json, Object body) {
        Wire w;
        try {
            String text = body instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : (String) body;
            w = json.readValue(text, Wire.class);
        } catch (Exception e) {
            throw new BadMessageException("malformed FaultReturn JSON: " + oneLine(e.getMessage()), e);
        }
        if (w == null) {
            throw new BadMessageException("empty FaultReturn");
        }
        List<String> problems = new ArrayList<>();
        if (w.ticketNo() == null || w.ticketNo().isBlank()) {
            problems.add("ticketNo is missing");
        }
        Step step = null;
        try {
            step = w.step() == null ? null : Step.valueOf(w.step().trim());
        } catch (IllegalArgumentException e) {
            // named below
        }
        if (step == null) {
            problems.add("step must be one of DIAGNOSED, DISPATCHED, REPAIRED, EXCEPTION, got " + w.step());
        }
        OffsetDateTime at = null;
        try {
            at = w.at() == null ? null : OffsetDateTime.parse(w.at().trim());
        } catch (DateTimeParseException e) {
            // named below
        }
        if (at == null) {
            problems.add("at must be an ISO-8601 time with offset, got " + w.at());
        }
        String faultType = w.faultType() == null || w.faultType().isBlank() ? null : w.faultType().trim();
        if (step == Step.DIAGNOSED && (faultType == null || !FAULT_TYPES.contains(faultType))) {
            problems.add("faultType must be one of LINE, EQUIPMENT, CUSTOMER_SIDE, NO_FAULT for DIAGNOSED, got "
                    + w.faultType());
        }
        String station = w.station() == null || w.station().isBlank() ? null : w.station().trim();
        if (step == Step.DISPATCHED && station == null) {
            problems.add("station is missing for DISPATCHED");
        }
        if (!problems.isEmpty()) {
            throw new BadMessageException("invalid FaultReturn: " + String.join("; ", problems));
        }
        return new FaultReturn(w.ticketNo().trim(), step, at, station, faultType, w.note());
    }

    /** What makes two returns the same return. */
    public String dedupeKey() {
        return ticketNo + "|" + step + "|" + at.toInstant() + "|" + (station == null ? "" : station) + "|"
                + (faultType == null ? "" : faultType);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
