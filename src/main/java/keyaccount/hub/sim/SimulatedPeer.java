package keyaccount.hub.sim;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outside system on the broker, as the ICD describes it: its own JMS connection over TCP, not
 * the hub's. One thread owns the session it sends with and runs its scheduled work, so listeners
 * never block and JMS sessions are never shared between threads.
 */
abstract class SimulatedPeer implements AutoCloseable {
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String brokerUrl;
    private final String name;
    private final String user;
    private final String password;
    protected final ScheduledExecutorService worker;
    private ActiveMQConnectionFactory factory;
    private Connection connection;
    private Session sendSession;
    private MessageProducer producer;

    /** @param user the outside system's own broker user (ICD §1: it reaches only its own queues) */
    SimulatedPeer(String name, String brokerUrl, String user, String password) {
        this.name = name;
        this.brokerUrl = brokerUrl;
        this.user = user;
        this.password = password;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects (retrying while the broker comes up) and calls {@link #started()} on the worker. */
    void start() {
        worker.execute(() -> {
            for (int attempt = 1; connection == null; attempt++) {
                try {
                    if (factory == null) {
                        factory = new ActiveMQConnectionFactory(brokerUrl);
                    }
                    Connection c = factory.createConnection(user, password);
                    sendSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    producer = sendSession.createProducer(null);
                    connection = c;
                } catch (JMSException e) {
                    if (attempt >= 30) {
                        log.error("[{}] cannot reach the broker at {}: {}", name, brokerUrl, e.getMessage());
                        return;
                    }
                    sleep(1000);
                }
            }
            try {
                started();
                connection.start();
            } catch (JMSException e) {
                log.error("[{}] could not start: {}", name, e.getMessage());
            }
        });
    }

    /** Subscribes consumers and schedules work; runs on the worker after connecting. */
    abstract void started() throws JMSException;

    /** Messages from a queue (or topic) are handed to the worker as text. */
    void listen(String destination, boolean topic, Consumer<String> handler) throws JMSException {
        Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createConsumer(topic ? s.createTopic(destination) : s.createQueue(destination)).setMessageListener(m -> {
            String text = text(m);
            worker.execute(() -> {
                try {
                    handler.accept(text);
                } catch (RuntimeException e) {
                    log.warn("[{}] could not handle a message from {}: {}", name, destination, e.getMessage());
                }
            });
        });
    }

    /** Sends on the worker thread (call from the worker only). */
    void sendText(String queue, String text) {
        try {
            producer.send(sendSession.createQueue(queue), sendSession.createTextMessage(text));
        } catch (JMSException e) {
            sendFailed(queue, e);
        }
    }

    /** A send cut short because the peer is stopping (close interrupts it) is the stop, not a fault. */
    private void sendFailed(String queue, JMSException e) {
        if (!worker.isShutdown()) {
            log.warn("[{}] send to {} failed: {}", name, queue, e.getMessage());
        }
    }

    void sendBytes(String queue, byte[] bytes) {
        try {
            BytesMessage m = sendSession.createBytesMessage();
            m.writeBytes(bytes);
            producer.send(sendSession.createQueue(queue), m);
        } catch (JMSException e) {
            sendFailed(queue, e);
        }
    }

    void later(long millis, Runnable r) {
        worker.schedule(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                // a task cut short because the peer is stopping (close interrupts it) is the stop, not a fault
                if (!worker.isShutdown()) {
                    log.warn("[{}] {}", name, e.getMessage());
                }
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private static String text(Message m) {
        try {
            if (m instanceof TextMessage t) {
                return t.getText();
            }
            if (m instanceof BytesMessage b) {
                byte[] bytes = new byte[(int) b.getBodyLength()];
                b.readBytes(bytes);
                return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (JMSException e) {
            // fall through
        }
        return "";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException e) {
                // closing anyway
            }
        }
        if (factory != null) {
            // the factory owns a server locator with its own threads; a test that starts hubs
            // one after another would otherwise leave one behind per peer and start
            factory.close();
        }
    }
}
