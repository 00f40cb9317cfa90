package keyaccount.hub.form.workorder;

import java.time.OffsetDateTime;

import keyaccount.hub.core.form.Form;

/**
 * The work order's port to the stations: "give this station its task" (again, after an exception:
 * {@link WorkOrders.Task#dispatchCount()} says which time). Network management's adapter carries it
 * out inside the work order's transaction (through the outbox).
 */
public interface StationTasks {

    /** @param deadline the task's deadline in the hub's time zone, or null; requirement: what is to be built */
    void dispatch(Form workOrder, WorkOrders.Task task, Order order, String requirement, String accountManager,
                  OffsetDateTime deadline);
}
