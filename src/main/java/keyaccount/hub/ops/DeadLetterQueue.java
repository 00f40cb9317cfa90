package keyaccount.hub.ops;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.InvalidRequestException;
import keyaccount.hub.core.errors.DeadLetters;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The dead-letter queue for operators: browse it; replay a message to the queue it came from
 * (moved in one JMS transaction, so it is never lost nor doubled); or discard it with a reason.
 * Both actions are audited.
 */
@Component
public class DeadLetterQueue {
    private static final int PREVIEW = 500;

    private final JmsTemplate jms;
    private final AuditLog audit;

    public DeadLetterQueue(ConnectionFactory connectionFactory, AuditLog audit) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.jms.setReceiveTimeout(2000);
        this.audit = audit;
    }

    public List<Map<String, Object>> list(int limit) {
        List<Map<String, Object>> out = jms.browse(Queues.HUB_DLQ, (session, browser) -> {
            List<Map<String, Object>> items = new ArrayList<>();
            for (var e = browser.getEnumeration(); e.hasMoreElements() && items.size() < limit; ) {
                items.add(describe((Message) e.nextElement()));
            }
            return items;
        });
        return out == null ? List.of() : out;
    }

    /** Puts the message back on its source queue; returns where it went. */
    public String replay(String messageId, String actor) {
        String[] target = new String[1];
        jms.execute(session -> {
            Message m = take(session, messageId);
            String source = m.getStringProperty(DeadLetters.HUB_SOURCE_QUEUE);
            if (source == null || !Queues.INBOUND.contains(source)) {
                session.rollback();
                throw InvalidRequestException.of("messageId", "the message's source queue " + source
                        + " is not one the hub consumes; discard it instead");
            }
            Message copy = copy(session, m);
            try (MessageProducer p = session.createProducer(session.createQueue(source))) {
                p.send(copy);
            }
            audit.record(actor, "DLQ_REPLAY", messageId, "to " + source + "; was: " + m.getStringProperty(DeadLetters.HUB_ERROR));
            session.commit();
            target[0] = source;
            return null;
        }, true);
        return target[0];
    }

    public void discard(String messageId, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw InvalidRequestException.of("reason", "is missing: say why the message is thrown away");
        }
        jms.execute(session -> {
            Message m = take(session, messageId);
            Map<String, Object> d = describe(m);
            audit.record(actor, "DLQ_DISCARD", messageId, "reason: " + reason.trim() + "; from " + d.get("sourceQueue")
                    + "; error: " + d.get("error") + "; body: " + d.get("body"));
            session.commit();
            return null;
        }, true);
    }

    private static Message take(Session session, String messageId) throws JMSException {
        if (!messageId.matches("[A-Za-z0-9:._-]+")) {
            throw InvalidRequestException.of("messageId", "is not a JMS message id");
        }
        try (MessageConsumer c = session.createConsumer(session.createQueue(Queues.HUB_DLQ),
                "JMSMessageID = '" + messageId + "'")) {
            Message m = c.receive(2000);
            if (m == null) {
                throw new NoSuchMessage(messageId);
            }
            return m;
        }
    }

    /** The message as it came, without the hub's dead-letter marks (a new message id is given on send). */
    private static Message copy(Session session, Message m) throws JMSException {
        Message copy;
        if (m instanceof BytesMessage b) {
            byte[] bytes = new byte[(int) b.getBodyLength()];
            b.readBytes(bytes);
            BytesMessage out = session.createBytesMessage();
            out.writeBytes(bytes);
            copy = out;
        } else if (m instanceof TextMessage t) {
            copy = session.createTextMessage(t.getText());
        } else {
            throw InvalidRequestException.of("messageId", "only text and bytes messages can be replayed");
        }
        for (String name : Collections.list((java.util.Enumeration<String>) m.getPropertyNames())) {
            if (!name.startsWith("Hub") && !name.startsWith("_AMQ") && !name.startsWith("JMSX")) {
                copy.setObjectProperty(name, m.getObjectProperty(name));
            }
        }
        copy.setJMSCorrelationID(m.getJMSCorrelationID());
        copy.setStringProperty("HubReplayOf", m.getJMSMessageID());
        return copy;
    }

    private static Map<String, Object> describe(Message m) throws JMSException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("messageId", m.getJMSMessageID());
        d.put("error", m.getStringProperty(DeadLetters.HUB_ERROR));
        d.put("sourceQueue", m.getStringProperty(DeadLetters.HUB_SOURCE_QUEUE));
        d.put("originalMessageId", m.getStringProperty("HubOriginalMessageId"));
        d.put("timestamp", m.getJMSTimestamp());
        String body;
        if (m instanceof TextMessage t) {
            d.put("type", "text");
            body = t.getText();
        } else if (m instanceof BytesMessage b) {
            d.put("type", "bytes");
            byte[] bytes = new byte[(int) Math.min(b.getBodyLength(), PREVIEW * 4)];
            b.readBytes(bytes);
            b.reset();
            body = new String(bytes, StandardCharsets.UTF_8);
        } else {
            d.put("type", m.getClass().getSimpleName());
            body = null;
        }
        d.put("body", body == null || body.length() <= PREVIEW ? body : body.substring(0, PREVIEW) + "...");
        return d;
    }

    /** No such message in hub.dlq (already replayed or discarded?). */
    public static class NoSuchMessage extends RuntimeException {
        public NoSuchMessage(String messageId) {
            super("no message " + messageId + " in hub.dlq");
        }
    }
}
