package keyaccount.hub.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.Awaitility;

/**
 * An outside system on the broker, as the ICD describes it: a plain JMS client over TCP (Artemis
 * CORE), or over AMQP 1.0 (Qpid JMS). Recorders consume a queue or topic in the background so
 * tests wait for what they expect instead of sleeping.
 */
public class BrokerClient implements AutoCloseable {
    private final Connection connection;
    private final Session session;
    private final List<Session> listenerSessions = new ArrayList<>();

    /** The hub's own broker user: the functional tests play several systems over one client. */
    public static final String HUB_USER = "hub";
    public static final String HUB_PASSWORD = "hub-local";

    private BrokerClient(ConnectionFactory factory, String user, String password) {
        try {
            this.connection = user == null ? factory.createConnection() : factory.createConnection(user, password);
            this.connection.start();
            this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        } catch (JMSException e) {
            throw new IllegalStateException("cannot connect to the broker", e);
        }
    }

    /** Artemis CORE protocol over TCP, signed in as the hub's own user (every queue). */
    public static BrokerClient core(String tcpUrl) {
        return core(tcpUrl, HUB_USER, HUB_PASSWORD);
    }

    /** Artemis CORE protocol over TCP as the given user (null: anonymous). */
    public static BrokerClient core(String tcpUrl, String user, String password) {
        return new BrokerClient(new ActiveMQConnectionFactory(tcpUrl), user, password);
    }

    /** AMQP 1.0 (Qpid JMS), e.g. amqp://127.0.0.1:61616, as the given user. */
    public static BrokerClient amqp(String amqpUrl, String user, String password) {
        return new BrokerClient(new org.apache.qpid.jms.JmsConnectionFactory(amqpUrl), user, password);
    }

    public String sendText(String queue, String text) {
        return sendText(queue, text, Map.of());
    }

    public String sendText(String queue, String text, Map<String, String> properties) {
        try {
            TextMessage m = session.createTextMessage(text);
            for (var p : properties.entrySet()) {
                m.setStringProperty(p.getKey(), p.getValue());
            }
            return send(queue, m);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    public String sendBytes(String queue, byte[] bytes) {
        return sendBytes(queue, bytes, Map.of());
    }

    public String sendBytes(String queue, byte[] bytes, Map<String, String> properties) {
        try {
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(bytes);
            for (var p : properties.entrySet()) {
                m.setStringProperty(p.getKey(), p.getValue());
            }
            return send(queue, m);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private String send(String queue, Message m) throws JMSException {
        try (MessageProducer p = session.createProducer(session.createQueue(queue))) {
            p.send(m);
            return m.getJMSMessageID();
        }
    }

    /** Starts recording everything that arrives on a queue (consuming it). */
    public Recorder recordQueue(String queue) {
        return record(queue, false);
    }

    /** Subscribes to a topic (hub.alarm, hub.event) and records what is published from now on. */
    public Recorder subscribe(String topic) {
        return record(topic, true);
    }

    private Recorder record(String name, boolean topic) {
        try {
            Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            listenerSessions.add(s);
            MessageConsumer c = s.createConsumer(topic ? s.createTopic(name) : s.createQueue(name));
            Recorder r = new Recorder(name);
            c.setMessageListener(r::add);
            return r;
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a queue holds now, without taking it (a peer looking before it consumes). */
    public List<Received> browse(String queue) {
        try (Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Recorder r = new Recorder(queue);
            Enumeration<?> e = s.createBrowser(s.createQueue(queue)).getEnumeration();
            while (e.hasMoreElements()) {
                r.add((Message) e.nextElement());
            }
            return r.all();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes everything a queue holds, message by message, until none has come for {@code quiet}:
     * what a peer would have received. Each is acknowledged as it is taken.
     */
    public List<Received> drain(String queue, Duration quiet) {
        try (Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer c = s.createConsumer(s.createQueue(queue))) {
            Recorder r = new Recorder(queue);
            for (Message m = c.receive(quiet.toMillis()); m != null; m = c.receive(quiet.toMillis())) {
                r.add(m);
            }
            return r.all();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The messages a queue holds, those in delivery to a consumer included, as the broker's
     * management reports it (needs a user with the manage permission, e.g. the hub's own).
     */
    public long messageCount(String queue) {
        return queueAttribute(queue, "messageCount");
    }

    /** The consumers a queue has now, of every connection (e.g. every hub instance's), by the broker's management. */
    public long consumerCount(String queue) {
        return queueAttribute(queue, "consumerCount");
    }

    /** A numeric attribute of a queue's management control (messageCount, consumerCount, deliveringCount, messagesAdded...). */
    public long queueAttribute(String queue, String attribute) {
        try (Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            TemporaryQueue replyTo = s.createTemporaryQueue();
            try (MessageProducer p = s.createProducer(s.createQueue("activemq.management"));
                 MessageConsumer c = s.createConsumer(replyTo)) {
                Message request = s.createMessage();
                request.setJMSReplyTo(replyTo);
                JMSManagementHelper.putAttribute(request,
                        ResourceNames.QUEUE + queue, attribute);
                p.send(request);
                Message reply = c.receive(10_000);
                if (reply == null
                        || !JMSManagementHelper.hasOperationSucceeded(reply)) {
                    throw new IllegalStateException("no " + attribute + " for " + queue);
                }
                return ((Number) JMSManagementHelper.getResult(reply)).longValue();
            } finally {
                replyTo.delete();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + attribute + " of " + queue, e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException e) {
            // closing anyway
        }
    }

    /** A message as received: body as text (bytes are decoded as UTF-8), properties, correlation id. */
    public record Received(String body, byte[] bytes, Map<String, Object> properties, String correlationId,
                           boolean text) {
        public String property(String name) {
            Object v = properties.get(name);
            return v == null ? null : v.toString();
        }
    }

    public static final class Recorder {
        private final String name;
        private final List<Received> messages = new CopyOnWriteArrayList<>();

        Recorder(String name) {
            this.name = name;
        }

        void add(Message m) {
            try {
                Map<String, Object> props = new LinkedHashMap<>();
                for (Enumeration<?> e = m.getPropertyNames(); e.hasMoreElements(); ) {
                    String n = (String) e.nextElement();
                    props.put(n, m.getObjectProperty(n));
                }
                if (m instanceof TextMessage t) {
                    messages.add(new Received(t.getText(), null, props, m.getJMSCorrelationID(), true));
                } else if (m instanceof BytesMessage b) {
                    byte[] bytes = new byte[(int) b.getBodyLength()];
                    b.readBytes(bytes);
                    messages.add(new Received(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), bytes, props,
                            m.getJMSCorrelationID(), false));
                } else {
                    // a message without a body (e.g. an empty one dead-lettered as it came): an empty body
                    messages.add(new Received("", null, props, m.getJMSCorrelationID(), false));
                }
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }

        public List<Received> all() {
            return Collections.unmodifiableList(messages);
        }

        public List<Received> matching(Predicate<Received> p) {
            return messages.stream().filter(p).toList();
        }

        /** Waits until a message matches; returns it. */
        public Received await(Predicate<Received> p, Duration timeout) {
            return Awaitility.await("a message on " + name).atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> messages.stream().filter(p).findFirst(), Optional::isPresent).orElseThrow();
        }

        public Received await(Predicate<Received> p) {
            return await(p, Duration.ofSeconds(20));
        }

        /** Waits until n messages match; returns them. */
        public List<Received> awaitCount(Predicate<Received> p, int n, Duration timeout) {
            return Awaitility.await(n + " messages on " + name).atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> matching(p), l -> l.size() >= n);
        }

        public static Predicate<Received> bodyContains(String... parts) {
            return r -> {
                for (String part : parts) {
                    if (r.body() == null || !r.body().contains(part)) {
                        return false;
                    }
                }
                return true;
            };
        }
    }
}
