package keyaccount.hub.form.fault;

import java.time.OffsetDateTime;

import keyaccount.hub.core.form.Form;

/**
 * The fault ticket's port to its reporter: "tell the reporter where its fault stands". The call
 * center's adapter carries it out inside the ticket's transaction (through the outbox), so the
 * replies about one ticket leave in the order the ticket gives them.
 */
public interface FaultReplies {

    /** @param status the reply status of the ticket's state (ACCEPTED, IN_PROGRESS, ...); deadline may be null */
    void tell(Form form, FaultTicket ticket, String reportNo, String status, OffsetDateTime deadline, String message);
}
