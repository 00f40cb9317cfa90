package keyaccount.hub.form.workorder;

import java.time.LocalDateTime;

/**
 * The work order's port to the system the order came from: "tell it how the order ended". The 97
 * system's adapter carries it out after the work order's transaction, retried until its database
 * takes it (a pending action written in that transaction).
 */
public interface OrderOutcomes {

    /** The customer accepted the work: the order is done. */
    void completed(String orderNo, LocalDateTime doneTime);

    /** The work order failed or was cancelled. */
    void abandoned(String orderNo);
}
