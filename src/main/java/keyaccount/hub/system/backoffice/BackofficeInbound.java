package keyaccount.hub.system.backoffice;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.core.JsonMessages;
import keyaccount.hub.form.slip.SlipService;
import keyaccount.hub.core.inbound.InputRules;
import keyaccount.hub.core.inbound.InboundSteps;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** The back office's steps of route backoffice-slip-answer-in: SlipAnswer JSON (ICD §6) from the departments. */
@Component("backofficeInbound")
public class BackofficeInbound {
    private final SlipService slips;
    private final ObjectMapper json;
    private final InputRules rules;

    public BackofficeInbound(SlipService slips, ObjectMapper json, InputRules rules) {
        this.rules = rules;
        this.slips = slips;
        this.json = json;
    }

    /** A SlipAnswer (ICD §6), checked. */
    public record SlipAnswer(String slipNo, String answeredBy, String answer, OffsetDateTime at) {}

    /** Step decode: the body read as strict JSON within the size limit. */
    public JsonNode decode(@Body Object body) {
        return JsonMessages.read(json, body, "SlipAnswer", rules.limits());
    }

    /** Step parse: every field checked. */
    public SlipAnswer parse(@Body JsonNode n) {
        List<String> problems = new ArrayList<>();
        String slipNo = JsonMessages.text(n, "slipNo", true, problems);
        String answeredBy = JsonMessages.text(n, "answeredBy", true, problems);
        String answer = JsonMessages.text(n, "answer", true, problems);
        OffsetDateTime at = JsonMessages.time(n, "at", false, problems);
        rules.checkTime("at", at, problems);
        JsonMessages.valid("SlipAnswer", problems);
        return new SlipAnswer(slipNo, answeredBy, answer, at);
    }

    /** Step apply: the contact slip answered, and the answer to the OA. */
    public void apply(@Body SlipAnswer a, @ExchangeProperty(InboundSteps.MESSAGE_ID) String messageId) {
        slips.slipAnswer(a.slipNo(), a.answeredBy(), a.answer(), a.at(), messageId);
    }
}
