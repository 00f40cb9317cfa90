package keyaccount.hub.system.nms;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.core.JsonMessages;
import keyaccount.hub.form.slip.SlipService;
import keyaccount.hub.form.workorder.WorkOrderService;
import keyaccount.hub.form.fault.FaultTicketService;
import keyaccount.hub.core.inbound.InputRules;
import keyaccount.hub.core.inbound.MessageKeys;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Routes nms-*-in call this with each message from network management. */
@Component("nmsInbound")
public class NmsInbound {
    private final FaultTicketService faults;
    private final SlipService slips;
    private final WorkOrderService workOrders;
    private final ObjectMapper json;
    private final InputRules rules;

    public NmsInbound(FaultTicketService faults, SlipService slips, WorkOrderService workOrders, ObjectMapper json,
                      InputRules rules) {
        this.rules = rules;
        this.faults = faults;
        this.slips = slips;
        this.workOrders = workOrders;
        this.json = json;
    }

    /** StationReturn (ICD §3) for a work order's station task. */
    public void stationReturn(@Body Object body, Exchange exchange) {
        String messageId = MessageKeys.of(exchange);
        JsonMessages.withMdc(messageId, () -> {
            JsonNode n = JsonMessages.read(json, body, "StationReturn", rules.limits());
            List<String> problems = new ArrayList<>();
            String taskNo = JsonMessages.text(n, "taskNo", true, problems);
            String result = JsonMessages.text(n, "result", true, problems);
            if (result != null && !Set.of("COMPLETED", "EXCEPTION").contains(result)) {
                problems.add("result must be COMPLETED or EXCEPTION, got " + result);
            }
            OffsetDateTime at = JsonMessages.time(n, "at", true, problems);
            rules.checkTime("at", at, problems);
            JsonMessages.valid("StationReturn", problems);
            workOrders.stationReturn(taskNo, result, at, JsonMessages.text(n, "circuitNo", false, problems),
                    JsonMessages.text(n, "exceptionCode", false, problems), JsonMessages.text(n, "note", false, problems),
                    messageId);
        });
    }

    /** ResourceReply (ICD §3) to a resource confirmation slip. */
    public void resourceReply(@Body Object body, Exchange exchange) {
        String messageId = MessageKeys.of(exchange);
        JsonMessages.withMdc(messageId, () -> {
            JsonNode n = JsonMessages.read(json, body, "ResourceReply", rules.limits());
            List<String> problems = new ArrayList<>();
            String slipNo = JsonMessages.text(n, "slipNo", true, problems);
            String result = JsonMessages.text(n, "result", true, problems);
            LocalDate promised = null;
            String promisedText = JsonMessages.text(n, "promisedDate", false, problems);
            if (promisedText != null) {
                try {
                    promised = promisedText.length() > 10 ? OffsetDateTime.parse(promisedText).toLocalDate()
                            : LocalDate.parse(promisedText);
                } catch (DateTimeParseException e) {
                    problems.add("promisedDate must be an ISO-8601 date, got " + promisedText);
                }
            }
            JsonNode resources = n.get("resources");
            if (resources != null && !resources.isNull() && !resources.isArray()) {
                problems.add("resources must be an array");
            }
            JsonMessages.valid("ResourceReply", problems);
            slips.resourceReply(slipNo, result, promised,
                    resources == null || resources.isNull() ? null : resources.toString(),
                    JsonMessages.text(n, "note", false, problems), messageId);
        });
    }

    public void faultReturn(@Body Object body, Exchange exchange) {
        String messageId = MessageKeys.of(exchange);
        JsonMessages.withMdc(messageId, () -> faults.onReturn(FaultReturnJson.parse(json, body, rules), messageId));
    }
}
