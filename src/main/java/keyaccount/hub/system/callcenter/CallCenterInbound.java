package keyaccount.hub.system.callcenter;

import keyaccount.hub.core.crash.CrashPoints;
import keyaccount.hub.form.fault.FaultTicketService;
import keyaccount.hub.core.inbound.InputRules;
import keyaccount.hub.core.inbound.MessageKeys;
import keyaccount.hub.form.fault.FaultReport;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** Route cc-fault-report-in calls this with each message from cc.fault.report. */
@Component("callCenterInbound")
public class CallCenterInbound {
    private final FaultTicketService faults;
    private final InputRules rules;

    public CallCenterInbound(FaultTicketService faults, InputRules rules) {
        this.faults = faults;
        this.rules = rules;
    }

    /** @param body byte[] (BytesMessage, encoding from the XML declaration) or String (TextMessage) */
    public String faultReport(@Body Object body, Exchange exchange) {
        String messageId = MessageKeys.of(exchange);
        MDC.put("messageId", messageId);
        try {
            FaultReport report = FaultReportXml.parse(body, rules.limits());
            String ticketNo = faults.report(report, messageId);
            CrashPoints.reached(CrashPoints.CONSUME_AFTER_STORE_COMMIT);
            return ticketNo;
        } finally {
            MDC.remove("formNo");
            MDC.remove("messageId");
        }
    }
}
