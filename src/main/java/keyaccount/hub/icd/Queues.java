package keyaccount.hub.icd;

import java.util.List;

/**
 * The broker addresses of ICD §1, by their exact names: the wire itself, fixed by the interface, which
 * the hub and every peer (the simulated ones too) name alike.
 */
public final class Queues {
    public static final String CC_FAULT_REPORT = "cc.fault.report";
    public static final String CC_FAULT_REPLY = "cc.fault.reply";
    public static final String NMS_FAULT_DISPATCH = "nms.fault.dispatch";
    public static final String NMS_FAULT_RETURN = "nms.fault.return";
    public static final String NMS_RESOURCE_REQUEST = "nms.resource.request";
    public static final String NMS_RESOURCE_REPLY = "nms.resource.reply";
    public static final String NMS_WORKORDER_DISPATCH = "nms.workorder.dispatch";
    public static final String NMS_WORKORDER_RETURN = "nms.workorder.return";
    public static final String BACKOFFICE_SLIP_REQUEST = "backoffice.slip.request";
    public static final String BACKOFFICE_SLIP_ANSWER = "backoffice.slip.answer";
    public static final String OA_SLIP_REPLY = "oa.slip.reply";
    public static final String HUB_DLQ = "hub.dlq";
    /** MULTICAST (publish/subscribe). */
    public static final String HUB_ALARM = "hub.alarm";
    /** MULTICAST (publish/subscribe). */
    public static final String HUB_EVENT = "hub.event";

    /** ANYCAST queues, durable. */
    public static final List<String> ANYCAST = List.of(
            CC_FAULT_REPORT, CC_FAULT_REPLY, NMS_FAULT_DISPATCH, NMS_FAULT_RETURN,
            NMS_RESOURCE_REQUEST, NMS_RESOURCE_REPLY, NMS_WORKORDER_DISPATCH, NMS_WORKORDER_RETURN,
            BACKOFFICE_SLIP_REQUEST, BACKOFFICE_SLIP_ANSWER, OA_SLIP_REPLY, HUB_DLQ);

    /** Queues the hub consumes: a failure there is retried by the broker until the hub can handle it. */
    public static final List<String> INBOUND = List.of(
            CC_FAULT_REPORT, NMS_FAULT_RETURN, NMS_RESOURCE_REPLY, NMS_WORKORDER_RETURN, BACKOFFICE_SLIP_ANSWER);

    public static final List<String> MULTICAST = List.of(HUB_ALARM, HUB_EVENT);

    private Queues() {}
}
