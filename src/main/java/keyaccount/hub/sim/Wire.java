package keyaccount.hub.sim;

/**
 * The broker addresses of ICD §1 as the outside systems know them: the simulated peers speak only
 * the wire, so they name the queues themselves, as a real peer's configuration would (and
 * SimulatedWireTest holds these to the hub's own names).
 */
public final class Wire {
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
    public static final String HUB_ALARM = "hub.alarm";

    private Wire() {}
}
