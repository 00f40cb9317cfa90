package keyaccount.hub.system.backoffice;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.form.Form;
import keyaccount.hub.core.outbox.Outbox;
import keyaccount.hub.form.slip.ContactSlips;
import keyaccount.hub.form.slip.SlipRequests;
import org.springframework.stereotype.Component;

/** The contact slip as JSON (ICD §6) to the back office on backoffice.slip.request, through the outbox. */
@Component
public class ContactSlipOut implements ContactSlips {
    private final Outbox outbox;

    public ContactSlipOut(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void send(Form slip, SlipRequests.Contact r, OffsetDateTime deadline) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("slipNo", slip.formNo());
        json.put("custNo", r.custNo());
        json.put("toDept", r.toDept());
        json.put("subject", r.subject());
        json.put("content", r.content());
        json.put("requestedBy", r.requestedBy());
        json.put("dueBy", r.dueBy());
        json.put("grade", slip.grade());
        json.put("keyAccount", slip.keyAccount());
        json.put("deadline", deadline);
        outbox.sendJson(Outbox.QUEUE + Queues.BACKOFFICE_SLIP_REQUEST, slip.formNo(), slip.headers(), json);
    }
}
