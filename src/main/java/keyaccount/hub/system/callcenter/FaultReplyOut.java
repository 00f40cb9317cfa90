package keyaccount.hub.system.callcenter;

import java.time.OffsetDateTime;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.form.Form;
import keyaccount.hub.core.outbox.Outbox;
import keyaccount.hub.form.fault.FaultReplies;
import keyaccount.hub.form.fault.FaultTicket;
import org.springframework.stereotype.Component;

/** FaultReply XML (ICD §2) to the call center on cc.fault.reply, through the outbox. */
@Component
public class FaultReplyOut implements FaultReplies {
    private final Outbox outbox;

    public FaultReplyOut(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void tell(Form form, FaultTicket ticket, String reportNo, String status, OffsetDateTime deadline, String message) {
        String xml = FaultReportXml.reply(reportNo, ticket.ticketNo(), status, deadline, message);
        outbox.send(Outbox.QUEUE + Queues.CC_FAULT_REPLY, form.formNo(), form.headers(), xml);
    }
}
