package keyaccount.hub.form.slip;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import keyaccount.hub.core.form.Form;

/**
 * The slips' port to their requester, the account manager: "tell the requester the answer". The
 * OA system's adapter carries it out inside the slip's transaction (through the outbox).
 */
public interface SlipReplies {

    /** @param promisedDate the network's promised date, or null */
    void reply(Form slip, SlipKind kind, String result, String answer, OffsetDateTime answeredAt, LocalDate promisedDate);
}
