package keyaccount.hub.form.slip;

import java.time.OffsetDateTime;

import keyaccount.hub.core.form.Form;

/**
 * The contact slip's port to the back office: "send this slip to the department". The back
 * office's adapter carries it out inside the slip's transaction (through the outbox).
 */
public interface ContactSlips {

    /** @param deadline when the answer is due, in the hub's time zone */
    void send(Form slip, SlipRequests.Contact request, OffsetDateTime deadline);
}
