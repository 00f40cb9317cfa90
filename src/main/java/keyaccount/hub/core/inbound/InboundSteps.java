package keyaccount.hub.core.inbound;

import keyaccount.hub.core.crash.CrashPoints;
import org.apache.camel.Exchange;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The first and the last step of every inbound route (receive ... done), around the adapter's own
 * steps (decode, parse and validate, apply): the message's key for idempotency and the logs, and
 * the end of its handling.
 */
@Component("inboundSteps")
public class InboundSteps {
    /** The exchange property holding the message's key (JMSMessageID, else the broker's id). */
    public static final String MESSAGE_ID = "hubMessageId";

    /** Step receive: the message's key, on the exchange and in the logs' context. */
    public void receive(Exchange exchange) {
        String messageId = MessageKeys.of(exchange);
        exchange.setProperty(MESSAGE_ID, messageId);
        MDC.remove("formNo");
        MDC.put("messageId", messageId);
    }

    /** Step done: the store has committed the message's effect; the broker's commit follows. */
    public void done() {
        try {
            CrashPoints.reached(CrashPoints.CONSUME_AFTER_STORE_COMMIT);
        } finally {
            MDC.remove("formNo");
            MDC.remove("messageId");
        }
    }
}
