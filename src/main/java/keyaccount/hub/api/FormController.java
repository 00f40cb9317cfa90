package keyaccount.hub.api;

import static keyaccount.hub.core.db.Timestamps.instant;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keyaccount.hub.core.form.Form;
import keyaccount.hub.core.form.FormDetails;
import keyaccount.hub.core.form.FormStore;
import keyaccount.hub.core.form.FormTrace;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** ICD §6: any form with its state, deadline and full history ("where is this order?"). */
@RestController
@RequestMapping("/api/v1/forms")
public class FormController {
    private final FormStore forms;
    private final FormTrace trace;
    private final List<FormDetails> details;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public FormController(FormStore forms, FormTrace trace, List<FormDetails> details, JdbcTemplate jdbc, Clock clock) {
        this.forms = forms;
        this.trace = trace;
        this.details = details;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @GetMapping("/{formNo}")
    public ResponseEntity<Map<String, Object>> form(@PathVariable String formNo) {
        Form f = forms.find(formNo).orElse(null);
        if (f == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no form " + formNo));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("formNo", f.formNo());
        body.put("formType", f.formType());
        body.put("state", f.state());
        body.put("custNo", f.custNo());
        body.put("grade", f.grade());
        body.put("keyAccount", f.keyAccount());
        body.put("cycle", f.cycle());
        body.put("clockStartedAt", local(f.clockStartedAt()));
        body.put("deadline", local(f.deadline()));
        body.put("overdue", f.deadline() != null && f.open() && clock.instant().isAfter(f.deadline()));
        body.put("createdAt", local(f.createdAt()));
        body.put("closedAt", local(f.closedAt()));
        details.stream().filter(d -> d.formType().equals(f.formType())).findFirst()
                .flatMap(d -> d.details(formNo)).ifPresent(d -> body.put("details", localTimes(d)));
        body.put("history", forms.history(formNo).stream().map(this::localTimes).toList());
        body.put("alarms", jdbc.query("SELECT alarm_no, kind, alarm_level, raised_at, message FROM alarm"
                + " WHERE form_no = ? ORDER BY raised_at, alarm_no", (rs, n) -> {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("alarmNo", rs.getString("alarm_no"));
                    a.put("kind", rs.getString("kind"));
                    a.put("level", rs.getString("alarm_level"));
                    a.put("raisedAt", local(instant(rs, "raised_at")));
                    a.put("message", rs.getString("message"));
                    return a;
                }, formNo));
        return ResponseEntity.ok(body);
    }

    /** Every hop of the form across systems, in time order. */
    @GetMapping("/{formNo}/trace")
    public ResponseEntity<Map<String, Object>> trace(@PathVariable String formNo) {
        if (forms.find(formNo).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no form " + formNo));
        }
        List<Map<String, Object>> hops = trace.of(formNo).stream().map(h -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", local(h.at()));
            m.put("formNo", h.formNo());
            m.put("direction", h.direction());
            m.put("endpoint", h.endpoint());
            m.put("messageId", h.messageId());
            m.put("step", h.step());
            m.put("outcome", h.outcome());
            m.put("note", h.note());
            return m;
        }).toList();
        return ResponseEntity.ok(Map.of("formNo", formNo, "hops", hops));
    }

    private Map<String, Object> localTimes(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Instant i ? local(i) : v));
        return out;
    }

    private OffsetDateTime local(Instant i) {
        return i == null ? null : i.atZone(clock.getZone()).toOffsetDateTime();
    }
}
