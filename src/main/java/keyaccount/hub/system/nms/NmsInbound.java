package keyaccount.hub.system.nms;

import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.form.fault.FaultTicketService;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** Routes nms-*-in call this with each message from network management. */
@Component("nmsInbound")
public class NmsInbound {
    private final FaultTicketService faults;
    private final ObjectMapper json;

    public NmsInbound(FaultTicketService faults, ObjectMapper json) {
        this.faults = faults;
        this.json = json;
    }

    public void faultReturn(@Body Object body, @Header("JMSMessageID") String messageId) {
        MDC.put("messageId", messageId);
        try {
            faults.onReturn(FaultReturn.parse(json, body), messageId);
        } finally {
            MDC.remove("formNo");
            MDC.remove("messageId");
        }
    }
}
