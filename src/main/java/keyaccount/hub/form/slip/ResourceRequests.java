package keyaccount.hub.form.slip;

import java.time.OffsetDateTime;

import keyaccount.hub.core.form.Form;
import keyaccount.hub.customer.CustomerCircuits;

/**
 * The resource slips' port to the network: "confirm these resources" and "free this circuit".
 * Network management's adapter carries them out inside the slip's transaction (through the outbox).
 */
public interface ResourceRequests {

    /** @param deadline when the answer is due, in the hub's time zone */
    void confirm(Form slip, SlipRequests.Resource request, OffsetDateTime deadline);

    /** @param deadline when the answer is due, in the hub's time zone */
    void release(Form slip, String custNo, CustomerCircuits.Circuit circuit, OffsetDateTime deadline);
}
