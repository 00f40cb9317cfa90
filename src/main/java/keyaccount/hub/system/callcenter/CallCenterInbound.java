package keyaccount.hub.system.callcenter;

import keyaccount.hub.core.crash.CrashPoints;
import keyaccount.hub.form.fault.FaultTicketService;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** Route cc-fault-report-in calls this with each message from cc.fault.report. */
@Component("callCenterInbound")
public class CallCenterInbound {
    private final FaultTicketService faults;

    public CallCenterInbound(FaultTicketService faults) {
        this.faults = faults;
    }

    /** @param body byte[] (BytesMessage, encoding from the XML declaration) or String (TextMessage) */
    public String faultReport(@Body Object body, @Header("JMSMessageID") String messageId) {
        MDC.put("messageId", messageId);
        try {
            FaultReport report = FaultReportXml.parse(body);
            String ticketNo = faults.report(report, messageId);
            CrashPoints.reached(CrashPoints.CONSUME_AFTER_STORE_COMMIT);
            return ticketNo;
        } finally {
            MDC.remove("formNo");
            MDC.remove("messageId");
        }
    }
}
