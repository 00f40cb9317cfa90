package keyaccount.hub.core.inbound;

import java.util.Optional;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;

/**
 * Which message is this? The peer's JMS message id where it has one; a STOMP client's message (and
 * some AMQP ones) has none, so the broker's own id for it is used instead. Both stay the same when
 * the broker redelivers the message, so a redelivery is recognised as the same message.
 */
public final class MessageKeys {
    private MessageKeys() {}

    /** The message's id as the hub records it (trace, logs, HubOriginalMessageId). */
    public static String of(Exchange exchange) {
        String id = exchange.getIn().getHeader("JMSMessageID", String.class);
        return id != null && !id.isBlank() ? id : brokerId(exchange);
    }

    /**
     * An id no other message on the broker has (a sender may reuse its own message ids): the
     * broker's id where the message came through Artemis' client, else {@link #of}.
     */
    public static String unique(Exchange exchange) {
        return artemisId(exchange).orElseGet(() -> of(exchange));
    }

    private static String brokerId(Exchange exchange) {
        return artemisId(exchange).orElseGet(() -> {
            try {
                Message m = jmsMessage(exchange);
                if (m != null && m.getJMSMessageID() != null) {
                    return m.getJMSMessageID();
                }
            } catch (JMSException e) {
                // fall through
            }
            return "exchange:" + exchange.getExchangeId();
        });
    }

    /** The broker's own id for the message, where it came through Artemis' client. */
    private static Optional<String> artemisId(Exchange exchange) {
        return jmsMessage(exchange) instanceof ActiveMQMessage artemis && artemis.getCoreMessage() != null
                ? Optional.of("broker:" + artemis.getCoreMessage().getMessageID()) : Optional.empty();
    }

    private static Message jmsMessage(Exchange exchange) {
        return exchange.getIn() instanceof JmsMessage jms ? jms.getJmsMessage() : null;
    }
}
