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
import keyaccount.hub.core.inbound.InboundSteps;
import keyaccount.hub.form.fault.FaultReturn;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** Network management's steps of routes nms-*-in (receive, decode, parse, apply, done). */
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

    /** A StationReturn (ICD §3), checked. */
    public record StationReturn(String taskNo, String result, OffsetDateTime at, String circuitNo, String exceptionCode,
                                String note) {}

    /** A ResourceReply (ICD §3), checked; resources as JSON text. */
    public record ResourceReply(String slipNo, String result, LocalDate promisedDate, String resources, String note) {}

    // ------------------------------------------------------------ route nms-workorder-return-in

    /** Step decode: the body read as strict JSON within the size limit. */
    public JsonNode decodeStationReturn(@Body Object body) {
        return JsonMessages.read(json, body, "StationReturn", rules.limits());
    }

    /** Step parse: every field checked. */
    public StationReturn parseStationReturn(@Body JsonNode n) {
        List<String> problems = new ArrayList<>();
        String taskNo = JsonMessages.text(n, "taskNo", true, problems);
        String result = JsonMessages.text(n, "result", true, problems);
        if (result != null && !Set.of("COMPLETED", "EXCEPTION").contains(result)) {
            problems.add("result must be COMPLETED or EXCEPTION, got " + result);
        }
        OffsetDateTime at = JsonMessages.time(n, "at", true, problems);
        rules.checkTime("at", at, problems);
        StationReturn r = new StationReturn(taskNo, result, at, JsonMessages.text(n, "circuitNo", false, problems),
                JsonMessages.text(n, "exceptionCode", false, problems), JsonMessages.text(n, "note", false, problems));
        JsonMessages.valid("StationReturn", problems);
        return r;
    }

    /** Step apply: the station task and its work order move on. */
    public void applyStationReturn(@Body StationReturn r, @ExchangeProperty(InboundSteps.MESSAGE_ID) String messageId) {
        workOrders.stationReturn(r.taskNo(), r.result(), r.at(), r.circuitNo(), r.exceptionCode(), r.note(), messageId);
    }

    // ------------------------------------------------------------ route nms-resource-reply-in

    /** Step decode: the body read as strict JSON within the size limit. */
    public JsonNode decodeResourceReply(@Body Object body) {
        return JsonMessages.read(json, body, "ResourceReply", rules.limits());
    }

    /** Step parse: every field checked. */
    public ResourceReply parseResourceReply(@Body JsonNode n) {
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
        String note = JsonMessages.text(n, "note", false, problems);
        JsonMessages.valid("ResourceReply", problems);
        return new ResourceReply(slipNo, result, promised, resources == null || resources.isNull() ? null : resources.toString(),
                note);
    }

    /** Step apply: the resource slip answered (to the OA) or the release recorded. */
    public void applyResourceReply(@Body ResourceReply r, @ExchangeProperty(InboundSteps.MESSAGE_ID) String messageId) {
        slips.resourceReply(r.slipNo(), r.result(), r.promisedDate(), r.resources(), r.note(), messageId);
    }

    // ------------------------------------------------------------ route nms-fault-return-in

    /** Step decode: the body read as strict JSON within the size limit. */
    public JsonNode decodeFaultReturn(@Body Object body) {
        return JsonMessages.read(json, body, "FaultReturn", rules.limits());
    }

    /** Step parse: every field checked. */
    public FaultReturn parseFaultReturn(@Body JsonNode n) {
        return FaultReturnJson.parse(n, rules);
    }

    /** Step apply: the fault ticket moves on. */
    public void applyFaultReturn(@Body FaultReturn r, @ExchangeProperty(InboundSteps.MESSAGE_ID) String messageId) {
        faults.onReturn(r, messageId);
    }
}
