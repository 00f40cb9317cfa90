package keyaccount.hub.form.fault;

import java.time.OffsetDateTime;

import keyaccount.hub.core.form.Form;

/**
 * The fault ticket's port to the repairers: "send this ticket to the network for repair" (again,
 * after a failed repair: {@link FaultTicket#dispatchCount()} says which round). Network
 * management's adapter carries it out inside the ticket's transaction (through the outbox).
 */
public interface FaultDispatches {

    /** The times are in the hub's time zone; deadline is the ticket's repair deadline, or null. */
    void dispatch(Form form, FaultTicket ticket, OffsetDateTime deadline, OffsetDateTime reportedAt);
}
