package keyaccount.hub.api;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import keyaccount.hub.core.InvalidRequestException;
import keyaccount.hub.core.outbox.OutboxRelay;
import keyaccount.hub.form.workorder.WorkOrderService;
import keyaccount.hub.ops.AuditLog;
import keyaccount.hub.ops.DeadLetterQueue;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' actions: the dead-letter queue (browse, replay, discard), outgoing messages the broker
 * refused (list, resend), cancelling work orders, the audit log.
 */
@RestController
@RequestMapping("/api/v1")
public class OperatorController {
    private final DeadLetterQueue dlq;
    private final AuditLog audit;
    private final WorkOrderService workOrders;
    private final OutboxRelay relay;

    public OperatorController(DeadLetterQueue dlq, AuditLog audit, WorkOrderService workOrders, OutboxRelay relay) {
        this.relay = relay;
        this.dlq = dlq;
        this.audit = audit;
        this.workOrders = workOrders;
    }

    /** Cancels a work order in progress (the 97 system gets STATUS 3); a reason is required. */
    @PostMapping("/work-orders/{workOrderNo}/cancel")
    public Map<String, Object> cancel(@PathVariable String workOrderNo, @RequestBody(required = false) JsonNode body,
                                      Principal who) {
        String reason = body == null || body.get("reason") == null ? null : body.get("reason").asText();
        if (reason == null || reason.isBlank()) {
            throw InvalidRequestException.of("reason", "is missing: say why the work order is cancelled");
        }
        workOrders.cancel(workOrderNo, reason.trim(), who.getName());
        audit.record(who.getName(), "WORK_ORDER_CANCEL", workOrderNo, reason.trim());
        return Map.of("workOrderNo", workOrderNo, "state", WorkOrderService.CANCELLED);
    }

    @GetMapping("/dlq")
    public List<Map<String, Object>> deadLetters(@RequestParam(defaultValue = "100") int limit) {
        return dlq.list(Math.max(1, Math.min(limit, 1000)));
    }

    @PostMapping("/dlq/{messageId}/replay")
    public Map<String, Object> replay(@PathVariable String messageId, Principal who) {
        return Map.of("messageId", messageId, "replayedTo", dlq.replay(messageId, who.getName()));
    }

    @PostMapping("/dlq/{messageId}/discard")
    public Map<String, Object> discard(@PathVariable String messageId, @RequestBody(required = false) JsonNode body,
                                       Principal who) {
        String reason = body == null || body.get("reason") == null ? null : body.get("reason").asText();
        dlq.discard(messageId, reason, who.getName());
        return Map.of("messageId", messageId, "discarded", true);
    }

    /** Outgoing messages the broker refused for good, set aside by the relay. */
    @GetMapping("/outbox/refused")
    public List<Map<String, Object>> refusedMessages(@RequestParam(defaultValue = "100") int limit) {
        return relay.refused(Math.max(1, Math.min(limit, 1000)));
    }

    /** Sends a refused message again (after its cause is fixed on the broker); audited. */
    @PostMapping("/outbox/{messageId}/resend")
    public ResponseEntity<Map<String, Object>> resend(@PathVariable String messageId, Principal who) {
        if (!relay.resend(messageId)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "no refused outgoing message " + messageId));
        }
        audit.record(who.getName(), "OUTBOX_RESEND", messageId, null);
        return ResponseEntity.ok(Map.of("messageId", messageId, "resend", true));
    }

    @GetMapping("/audit")
    public List<Map<String, Object>> audit(@RequestParam(defaultValue = "100") int limit) {
        return audit.recent(Math.max(1, Math.min(limit, 1000)));
    }

    @ExceptionHandler(DeadLetterQueue.NoSuchMessage.class)
    public ResponseEntity<Map<String, Object>> notFound(DeadLetterQueue.NoSuchMessage e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }
}
