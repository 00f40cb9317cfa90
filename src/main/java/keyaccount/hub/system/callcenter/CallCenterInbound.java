package keyaccount.hub.system.callcenter;

import keyaccount.hub.core.inbound.InboundSteps;
import keyaccount.hub.core.inbound.InputRules;
import keyaccount.hub.form.fault.FaultReport;
import keyaccount.hub.form.fault.FaultTicketService;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** The call center's steps of route cc-fault-report-in (receive, decode, parse, apply, done). */
@Component("callCenterInbound")
public class CallCenterInbound {
    private final FaultTicketService faults;
    private final InputRules rules;

    public CallCenterInbound(FaultTicketService faults, InputRules rules) {
        this.faults = faults;
        this.rules = rules;
    }

    /** Step decode: byte[] (BytesMessage, encoding from the XML declaration) or String (TextMessage) to text. */
    public String decode(@Body Object body) {
        return FaultReportXml.text(body, rules.limits());
    }

    /** Step parse: the XML read and every field checked. */
    public FaultReport parse(@Body String xml) {
        return FaultReportXml.parseText(xml, rules.limits());
    }

    /** Step apply: the report applied to its ticket; returns the ticket number. */
    public String apply(@Body FaultReport report, @ExchangeProperty(InboundSteps.MESSAGE_ID) String messageId) {
        return faults.report(report, messageId);
    }
}
