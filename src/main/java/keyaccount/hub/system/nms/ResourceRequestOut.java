package keyaccount.hub.system.nms;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.form.Form;
import keyaccount.hub.core.outbox.Outbox;
import keyaccount.hub.customer.CustomerCircuits;
import keyaccount.hub.form.slip.ResourceRequests;
import keyaccount.hub.form.slip.SlipRequests;
import org.springframework.stereotype.Component;

/** ResourceRequest JSON (ICD §3, CONFIRM or RELEASE) to network management on nms.resource.request, through the outbox. */
@Component
public class ResourceRequestOut implements ResourceRequests {
    private final Outbox outbox;

    public ResourceRequestOut(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void confirm(Form slip, SlipRequests.Resource r, OffsetDateTime deadline) {
        send(slip, request(slip, "CONFIRM", r.custNo(), r.serviceType(), r.rate(), r.aEnd(), r.zEnd(), r.quantity(),
                r.reserve(), null), deadline);
    }

    @Override
    public void release(Form slip, String custNo, CustomerCircuits.Circuit c, OffsetDateTime deadline) {
        send(slip, request(slip, "RELEASE", custNo, c.serviceType(), c.rate(), c.aEnd(), c.zEnd(), 1, false,
                c.circuitNo()), deadline);
    }

    private static Map<String, Object> request(Form slip, String action, String custNo, String serviceType, String rate,
                                               String aEnd, String zEnd, Object quantity, boolean reserve,
                                               String circuitNo) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("slipNo", slip.formNo());
        json.put("action", action);
        json.put("custNo", custNo);
        json.put("serviceType", serviceType);
        json.put("rate", rate);
        json.put("aEnd", aEnd);
        json.put("zEnd", zEnd);
        json.put("quantity", quantity);
        json.put("reserve", reserve);
        if (circuitNo != null) {
            json.put("circuitNo", circuitNo);
        }
        json.put("grade", slip.grade());
        json.put("keyAccount", slip.keyAccount());
        return json;
    }

    private void send(Form slip, Map<String, Object> json, OffsetDateTime deadline) {
        json.put("deadline", deadline);
        outbox.sendJson(Outbox.QUEUE + Queues.NMS_RESOURCE_REQUEST, slip.formNo(), slip.headers(), json);
    }
}
