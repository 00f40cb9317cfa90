package keyaccount.hub.system.nms;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import keyaccount.hub.core.BadMessageException;
import keyaccount.hub.core.JsonMessages;
import keyaccount.hub.core.inbound.InputRules;
import keyaccount.hub.form.fault.FaultReturn;
import keyaccount.hub.form.fault.FaultReturn.Step;

/** ICD §3 FaultReturn (network management → hub): its JSON, read and validated. */
public final class FaultReturnJson {

    private FaultReturnJson() {}

    /** Validates a FaultReturn read as JSON; a bad one throws BadMessageException naming every bad field. */
    public static FaultReturn parse(JsonNode n, InputRules rules) {
        List<String> problems = new ArrayList<>();
        Wire w = new Wire(JsonMessages.text(n, "ticketNo", true, problems), JsonMessages.text(n, "step", false, problems),
                JsonMessages.text(n, "at", false, problems), JsonMessages.text(n, "station", false, problems),
                JsonMessages.text(n, "faultType", false, problems), JsonMessages.text(n, "note", false, problems));
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
        rules.checkTime("at", at, problems);
        String faultType = w.faultType() == null || w.faultType().isBlank() ? null : w.faultType().trim();
        if (step == Step.DIAGNOSED && (faultType == null || !FaultReturn.FAULT_TYPES.contains(faultType))) {
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
        return new FaultReturn(w.ticketNo(), step, at, station, faultType, w.note());
    }

    /** The fields as text, so that each bad one can be named. */
    private record Wire(String ticketNo, String step, String at, String station, String faultType, String note) {}
}
