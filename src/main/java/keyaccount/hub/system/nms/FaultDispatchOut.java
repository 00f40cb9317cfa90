package keyaccount.hub.system.nms;

import java.time.OffsetDateTime;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.form.Form;
import keyaccount.hub.core.outbox.Outbox;
import keyaccount.hub.form.fault.FaultDispatches;
import keyaccount.hub.form.fault.FaultTicket;
import org.springframework.stereotype.Component;

/** FaultDispatch JSON (ICD §3) to network management on nms.fault.dispatch, through the outbox. */
@Component
public class FaultDispatchOut implements FaultDispatches {
    private final Outbox outbox;

    public FaultDispatchOut(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void dispatch(Form form, FaultTicket ticket, OffsetDateTime deadline, OffsetDateTime reportedAt) {
        FaultDispatch d = new FaultDispatch(ticket.ticketNo(), ticket.custNo(), ticket.circuitNo(), ticket.serviceType(),
                form.grade(), form.keyAccount(), ticket.description(), deadline, reportedAt);
        var headers = form.headers();
        headers.put("HubDispatchCount", Integer.toString(ticket.dispatchCount()));
        outbox.sendJson(Outbox.QUEUE + Queues.NMS_FAULT_DISPATCH, form.formNo(), headers, d);
    }
}
