package keyaccount.hub.system.nms;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.form.Form;
import keyaccount.hub.core.outbox.Outbox;
import keyaccount.hub.form.workorder.Order;
import keyaccount.hub.form.workorder.StationTasks;
import keyaccount.hub.form.workorder.WorkOrders;
import org.springframework.stereotype.Component;

/** WorkOrderDispatch JSON (ICD §3) to network management on nms.workorder.dispatch, through the outbox. */
@Component
public class StationTaskOut implements StationTasks {
    private final Outbox outbox;

    public StationTaskOut(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void dispatch(Form wo, WorkOrders.Task task, Order order, String requirement, String accountManager,
                         OffsetDateTime deadline) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workOrderNo", wo.formNo());
        json.put("taskNo", task.taskNo());
        json.put("station", task.station());
        json.put("custNo", wo.custNo());
        json.put("serviceType", order.serviceType());
        json.put("requirement", requirement);
        json.put("grade", wo.grade());
        json.put("keyAccount", wo.keyAccount());
        json.put("deadline", deadline);
        json.put("accountManager", accountManager);
        Map<String, String> headers = wo.headers();
        headers.put("HubDispatchCount", Integer.toString(task.dispatchCount()));
        outbox.sendJson(Outbox.QUEUE + Queues.NMS_WORKORDER_DISPATCH, wo.formNo(), headers, json);
    }
}
