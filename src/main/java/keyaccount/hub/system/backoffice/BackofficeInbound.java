package keyaccount.hub.system.backoffice;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.core.JsonMessages;
import keyaccount.hub.form.slip.SlipService;
import keyaccount.hub.core.inbound.InputRules;
import keyaccount.hub.core.inbound.MessageKeys;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Route backoffice-slip-answer-in: SlipAnswer JSON (ICD §6) from the back-office departments. */
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

    public void slipAnswer(@Body Object body, Exchange exchange) {
        String messageId = MessageKeys.of(exchange);
        JsonMessages.withMdc(messageId, () -> {
            JsonNode n = JsonMessages.read(json, body, "SlipAnswer", rules.limits());
            List<String> problems = new ArrayList<>();
            String slipNo = JsonMessages.text(n, "slipNo", true, problems);
            String answeredBy = JsonMessages.text(n, "answeredBy", true, problems);
            String answer = JsonMessages.text(n, "answer", true, problems);
            OffsetDateTime at = JsonMessages.time(n, "at", false, problems);
            rules.checkTime("at", at, problems);
            JsonMessages.valid("SlipAnswer", problems);
            slips.slipAnswer(slipNo, answeredBy, answer, at, messageId);
        });
    }
}
