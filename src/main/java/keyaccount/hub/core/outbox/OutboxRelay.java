package keyaccount.hub.core.outbox;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import keyaccount.hub.config.HubProperties;
import keyaccount.hub.core.crash.CrashPoints;
import keyaccount.hub.core.lease.Leases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts committed outbox rows on the broker, oldest first. Only the instance holding the
 * "outbox-relay" lease relays, so messages about one form leave in the order they were written.
 * Each message carries its outbox message id as Artemis' duplicate-detection id: if the hub dies
 * after the broker took a batch but before the rows were marked sent, the resend is dropped by
 * the broker instead of reaching a peer twice.
 */
@Component
public class OutboxRelay {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String LEASE = "outbox-relay";
    /** Artemis' duplicate-detection property. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final JmsTemplate jms;
    private final Leases leases;
    private final ObjectMapper json;
    private final Clock clock;
    private final HubProperties.Outbox settings;
    private final Counter sent;

    public OutboxRelay(JdbcTemplate jdbc, ConnectionFactory connectionFactory, Leases leases, ObjectMapper json,
                       Clock clock, HubProperties props, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.leases = leases;
        this.json = json;
        this.clock = clock;
        this.settings = props.outbox();
        this.sent = Counter.builder("hub.outbox.sent").description("messages relayed to the broker").register(meters);
    }

    private record Row(long id, String messageId, String destination, String correlationId, String headers, String body) {}

    /** Relays everything pending; returns how many messages went out. Called by route hub-outbox-relay. */
    public int relay() {
        if (!leases.tryAcquire(LEASE, Duration.ofSeconds(settings.leaseSeconds()))) {
            return 0;
        }
        purgeOld();
        int total = 0;
        while (true) {
            List<Row> rows = jdbc.query("SELECT id, message_id, destination, correlation_id, headers, body FROM outbox"
                            + " WHERE sent_at IS NULL ORDER BY id LIMIT ?",
                    (rs, n) -> new Row(rs.getLong("id"), rs.getString("message_id"), rs.getString("destination"),
                            rs.getString("correlation_id"), rs.getString("headers"), rs.getString("body")),
                    settings.batchSize());
            if (rows.isEmpty()) {
                return total;
            }
            jms.execute(session -> {
                // one anonymous producer for the batch: a producer per destination would cost the
                // broker a blocking address query each time
                Map<String, Destination> destinations = new HashMap<>();
                try (MessageProducer producer = session.createProducer(null)) {
                    for (Row row : rows) {
                        Destination d = destinations.computeIfAbsent(row.destination(), name -> destination(session, name));
                        producer.send(d, message(session, row));
                    }
                }
                session.commit();
                return null;
            });
            CrashPoints.reached(CrashPoints.RELAY_AFTER_BROKER_COMMIT);
            List<Object> args = new ArrayList<>(rows.size() + 1);
            args.add(ts(clock.instant()));
            rows.forEach(r -> args.add(r.id()));
            jdbc.update("UPDATE outbox SET sent_at = ? WHERE id IN (" + "?,".repeat(rows.size() - 1) + "?)", args.toArray());
            total += rows.size();
            sent.increment(rows.size());
            if (rows.size() < settings.batchSize()) {
                return total;
            }
        }
    }

    /** Sent rows older than the retention go, a bounded batch per call, so the table does not grow forever. */
    int purgeOld() {
        if (settings.retention() == null) {
            return 0;
        }
        return jdbc.update("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at < ? ORDER BY id LIMIT 1000)",
                ts(clock.instant().minus(settings.retention())));
    }

    private static Destination destination(Session session, String name) {
        String address = name.substring(name.indexOf(':') + 1);
        try {
            return name.startsWith(Outbox.TOPIC) ? session.createTopic(address) : session.createQueue(address);
        } catch (JMSException e) {
            throw new IllegalStateException("bad outbox destination " + name, e);
        }
    }

    private TextMessage message(Session session, Row row) throws JMSException {
        TextMessage message = session.createTextMessage(row.body());
        if (row.correlationId() != null) {
            message.setJMSCorrelationID(row.correlationId());
        }
        try {
            Map<String, String> headers = row.headers() == null ? Map.of() : json.readValue(row.headers(), HEADERS);
            for (Map.Entry<String, String> h : headers.entrySet()) {
                message.setStringProperty(h.getKey(), h.getValue());
            }
        } catch (Exception e) {
            log.error("outbox row {} has unreadable headers; sending without them", row.id(), e);
        }
        message.setStringProperty("HubMessageId", row.messageId());
        message.setStringProperty(DUPLICATE_ID, row.messageId());
        return message;
    }
}
