package keyaccount.hub.api;

import java.net.URI;
import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import keyaccount.hub.consolidation.ConsolidationRuns;
import keyaccount.hub.core.InvalidRequestException;
import keyaccount.hub.ops.AuditLog;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Consolidation runs: operators start one on demand and read the history of all. */
@RestController
@RequestMapping("/api/v1/consolidation/runs")
public class ConsolidationController {
    private final ConsolidationRuns runs;
    private final AuditLog audit;

    public ConsolidationController(ConsolidationRuns runs, AuditLog audit) {
        this.runs = runs;
        this.audit = audit;
    }

    /** 202 with the run's id, or 409 naming the run in progress. Body (optional): {"businessDate":"YYYY-MM-DD"}. */
    @PostMapping
    public ResponseEntity<Map<String, Object>> start(@RequestBody(required = false) JsonNode body, Principal who) {
        LocalDate day = null;
        if (body != null && body.hasNonNull("businessDate")) {
            try {
                day = LocalDate.parse(body.get("businessDate").asText());
            } catch (DateTimeParseException e) {
                throw InvalidRequestException.of("businessDate", "is not a date (YYYY-MM-DD)");
            }
        }
        ConsolidationRuns.Request r = runs.requestNow(who.getName(), day);
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!r.started()) {
            answer.put("error", r.refusal());
            if (r.runningRunId() != null) {
                answer.put("runningRunId", r.runningRunId());
            }
            return ResponseEntity.status(HttpStatus.CONFLICT).body(answer);
        }
        audit.record(who.getName(), "CONSOLIDATION_RUN", r.runId(), day == null ? "business date: yesterday" : "business date " + day);
        answer.put("runId", r.runId());
        answer.put("status", "RUNNING");
        return ResponseEntity.accepted().location(URI.create("/api/v1/consolidation/runs/" + r.runId())).body(answer);
    }

    @GetMapping
    public List<ConsolidationRuns.Run> recent(@RequestParam(defaultValue = "20") int limit) {
        return runs.recent(Math.max(1, Math.min(limit, 500)));
    }

    @GetMapping("/{runId}")
    public ResponseEntity<ConsolidationRuns.Run> one(@PathVariable String runId) {
        return runs.find(runId).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }
}
