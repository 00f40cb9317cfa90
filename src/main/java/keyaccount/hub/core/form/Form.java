package keyaccount.hub.core.form;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The part of every form that the shared mechanisms (history, events, deadlines, alarms) use. */
public record Form(
        String formNo,
        String formType,
        String state,
        String custNo,
        String grade,
        boolean keyAccount,
        int cycle,
        Instant clockStartedAt,
        Instant deadline,
        Instant nextAlarmAt,
        Instant createdAt,
        Instant updatedAt,
        Instant closedAt) {

    /** ICD §1: headers of every message the hub sends about a form. */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("HubKeyAccount", Boolean.toString(keyAccount));
        h.put("HubGrade", grade == null ? "C" : grade);
        h.put("HubFormType", formType);
        return h;
    }

    public boolean open() {
        return closedAt == null;
    }
}
