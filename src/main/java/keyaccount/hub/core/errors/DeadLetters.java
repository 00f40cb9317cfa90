package keyaccount.hub.core.errors;

import java.net.ConnectException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

import keyaccount.hub.config.HubProperties;
import keyaccount.hub.core.BadMessageException;
import keyaccount.hub.core.alarm.AlarmKind;
import keyaccount.hub.core.alarm.Alarms;
import keyaccount.hub.core.inbound.MessageKeys;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens to an inbound message the hub cannot process. A bad message goes to hub.dlq at
 * once, unchanged, with HubError (one line) and HubSourceQueue, and raises a DLQ alarm. An outage
 * (store unreachable, lock timeout...) is not the message's fault: the JMS transaction rolls back
 * and the broker redelivers it, with back-off, until the hub can handle it. Any other failure is
 * retried the same way up to hub.jms.max-attempts deliveries, then dead-lettered with its reason.
 */
@Component("deadLetters")
public class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    public static final String HUB_ERROR = "HubError";
    public static final String HUB_SOURCE_QUEUE = "HubSourceQueue";

    private final Alarms alarms;
    private final TransactionTemplate tx;
    private final int maxAttempts;

    public DeadLetters(Alarms alarms, TransactionTemplate tx, HubProperties props) {
        this.alarms = alarms;
        this.tx = tx;
        this.maxAttempts = props.jms().maxAttempts();
    }

    /** True when an unexpected failure has been retried enough and the message should be set aside. */
    public boolean givingUp(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e == null || outage(e)) {
            return false;
        }
        Integer count = exchange.getIn().getHeader("JMSXDeliveryCount", Integer.class);
        return count != null && count >= maxAttempts;
    }

    /** Sets the dead-letter headers, raises the DLQ alarm, and leaves the body as it came. */
    public void annotate(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = e instanceof BadMessageException ? e.getMessage()
                : "failed " + exchange.getIn().getHeader("JMSXDeliveryCount") + " times: " + e;
        reason = oneLine(reason);
        String source = sourceQueue(exchange);
        String messageId = MessageKeys.of(exchange);
        // the alarm is raised once per message: its key is the broker's id for it, which no other message has
        // and a redelivery keeps (a STOMP message has no JMS message id at all)
        String alarmKey = "DLQ|" + MessageKeys.unique(exchange);
        exchange.getIn().setHeader(HUB_ERROR, reason);
        exchange.getIn().setHeader(HUB_SOURCE_QUEUE, source);
        exchange.getIn().setHeader("HubOriginalMessageId", messageId);
        // No duplicate id on the copy: it is sent in the consume's own JMS transaction, so a crash before the
        // commit takes back both the copy and the consume, and the redelivered message is dead-lettered again.
        exchange.getIn().removeHeader("_AMQ_DUPL_ID");
        log.warn("message {} from {} to hub.dlq: {}", messageId, source, reason);
        String finalReason = reason;
        try {
            tx.executeWithoutResult(status -> alarms.raise(new Alarms.Alarm(alarmKey, null, AlarmKind.DLQ,
                    null, null, null, "message from " + source + " dead-lettered: " + finalReason, null)));
        } catch (RuntimeException alarmFailure) {
            log.error("could not raise the DLQ alarm for {}", messageId, alarmFailure);
        }
    }

    static String sourceQueue(Exchange exchange) {
        Object d = exchange.getIn().getHeader("JMSDestination");
        try {
            if (d instanceof Queue q) {
                return q.getQueueName();
            }
            if (d instanceof Topic t) {
                return t.getTopicName();
            }
        } catch (JMSException e) {
            // fall through
        }
        return d instanceof Destination ? d.toString() : exchange.getFromEndpoint().getEndpointBaseUri();
    }

    static boolean outage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof ConnectException
                    || t instanceof JMSException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String oneLine(String s) {
        String line = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return line.length() > 900 ? line.substring(0, 900) + "..." : line;
    }
}
