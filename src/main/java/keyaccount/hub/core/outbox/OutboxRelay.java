package keyaccount.hub.core.outbox;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.time.Clock;
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
import keyaccount.hub.core.alarm.AlarmKind;
import keyaccount.hub.core.alarm.Alarms;
import keyaccount.hub.core.crash.CrashPoints;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts committed outbox rows on the broker, oldest first. Only the leading instance relays (route
 * hub-outbox-relay has the route policy hubSingleton), so messages about one form leave in the order they were written.
 * Each message carries its outbox message id as Artemis' duplicate-detection id.
 *
 * <p>A batch goes in one broker transaction. If the hub died after the broker committed a batch
 * but before its rows were marked sent, the next relay sends the same messages again; Artemis
 * then refuses the whole transaction (DUPLICATE_ID_REJECTED), because a duplicate in a
 * transaction fails the transaction instead of being dropped. The relay then sends that batch
 * one message per transaction: a message the broker already has is refused as a duplicate, so
 * the peer gets it once and its row is marked sent; the others go out. A message the broker
 * refuses for good (no permission, no such address, a message it cannot take) is set aside
 * (refused_at, refusal) with a DLQ alarm, and the rest go on. A broker that is unreachable stops
 * the relay until the next period, with nothing marked.
 */
@Component
public class OutboxRelay {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Artemis' duplicate-detection property. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final JmsTemplate jms;
    private final ObjectMapper json;
    private final Clock clock;
    private final HubProperties.Outbox settings;
    private final Alarms alarms;
    private final TransactionTemplate tx;
    private final Counter sent;
    private final Counter duplicates;
    private final Counter refused;

    public OutboxRelay(JdbcTemplate jdbc, ConnectionFactory connectionFactory, ObjectMapper json,
                       Clock clock, HubProperties props, MeterRegistry meters, Alarms alarms, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.json = json;
        this.clock = clock;
        this.settings = props.outbox();
        this.alarms = alarms;
        this.tx = tx;
        this.sent = Counter.builder("hub.outbox.sent").description("messages relayed to the broker").register(meters);
        this.duplicates = Counter.builder("hub.outbox.duplicates")
                .description("re-sent messages the broker already had (after a crash); marked sent").register(meters);
        this.refused = Counter.builder("hub.outbox.refused")
                .description("messages the broker refused for good; set aside with a DLQ alarm").register(meters);
    }

    private record Row(long id, String messageId, String destination, String correlationId, String headers, String body) {}

    /** How the broker took one message. */
    enum Outcome { SENT, ALREADY_THERE, REFUSED, OUTAGE, UNKNOWN }

    /** Relays everything pending; returns how many messages went out. Called by route hub-outbox-relay. */
    public int relay() {
        purgeOld();
        int total = 0;
        while (true) {
            List<Row> rows = jdbc.query("SELECT id, message_id, destination, correlation_id, headers, body FROM outbox"
                            + " WHERE sent_at IS NULL AND refused_at IS NULL ORDER BY id LIMIT ?",
                    (rs, n) -> new Row(rs.getLong("id"), rs.getString("message_id"), rs.getString("destination"),
                            rs.getString("correlation_id"), rs.getString("headers"), rs.getString("body")),
                    settings.batchSize());
            if (rows.isEmpty()) {
                return total;
            }
            try {
                sendInOneTransaction(rows);
                CrashPoints.reached(CrashPoints.RELAY_AFTER_BROKER_COMMIT);
                markSent(rows);
            } catch (RuntimeException batchFailure) {
                if (classify(batchFailure) == Outcome.OUTAGE) {
                    throw batchFailure; // the broker is gone: nothing marked, the next period tries again
                }
                // a duplicate (resent after a crash) or a refused message fails the whole batch: one by one
                log.info("outbox batch of {} refused by the broker ({}); sending its messages one at a time",
                        rows.size(), reason(batchFailure));
                if (!sendOneByOne(rows)) {
                    return total;
                }
            }
            total += rows.size();
            if (rows.size() < settings.batchSize()) {
                return total;
            }
        }
    }

    private void sendInOneTransaction(List<Row> rows) {
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
    }

    /** Sends each row in a transaction of its own; false when it had to stop (broker gone, or a failure to retry). */
    private boolean sendOneByOne(List<Row> rows) {
        for (Row row : rows) {
            Outcome outcome;
            RuntimeException failure = null;
            try {
                sendInOneTransaction(List.of(row));
                outcome = Outcome.SENT;
            } catch (RuntimeException e) {
                outcome = classify(e);
                failure = e;
            }
            switch (outcome) {
                case SENT -> markSent(List.of(row));
                case ALREADY_THERE -> {
                    markSent(List.of(row));
                    duplicates.increment();
                    log.info("outbox message {} to {} was already on the broker (sent before a crash); marked sent",
                            row.messageId(), row.destination());
                }
                case REFUSED -> setAside(row, reason(failure));
                case OUTAGE -> throw failure; // rows before this one are marked; the rest wait for the broker
                case UNKNOWN -> {
                    // keep the order: this row is tried again first; after max-attempts it is set aside
                    jdbc.update("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", row.id());
                    int attempts = jdbc.queryForObject("SELECT attempts FROM outbox WHERE id = ?", Integer.class, row.id());
                    if (attempts >= settings.maxAttempts()) {
                        setAside(row, "failed " + attempts + " times: " + reason(failure));
                    } else {
                        log.warn("outbox message {} to {} failed (attempt {} of {}), tried again next time: {}",
                                row.messageId(), row.destination(), attempts, settings.maxAttempts(), reason(failure));
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private void markSent(List<Row> rows) {
        List<Object> args = new ArrayList<>(rows.size() + 1);
        args.add(ts(clock.instant()));
        rows.forEach(r -> args.add(r.id()));
        jdbc.update("UPDATE outbox SET sent_at = ? WHERE id IN (" + "?,".repeat(rows.size() - 1) + "?)", args.toArray());
        sent.increment(rows.size());
    }

    private void setAside(Row row, String why) {
        String reason = why.length() > 900 ? why.substring(0, 900) + "..." : why;
        tx.executeWithoutResult(status -> {
            jdbc.update("UPDATE outbox SET refused_at = ?, refusal = ? WHERE id = ?", ts(clock.instant()), reason, row.id());
            alarms.raise(new Alarms.Alarm("OUTBOX|" + row.messageId(), row.correlationId(), AlarmKind.DLQ, null, null, null,
                    "outgoing message " + row.messageId() + " to " + row.destination() + " refused by the broker: "
                            + reason + "; set aside in the outbox, the rest go on", null));
        });
        refused.increment();
        log.error("outbox message {} to {} refused by the broker and set aside: {}", row.messageId(), row.destination(),
                reason);
    }

    static Outcome classify(Throwable e) {
        if (duplicate(e)) {
            return Outcome.ALREADY_THERE;
        }
        if (outage(e)) {
            return Outcome.OUTAGE;
        }
        return refusedForGood(e) ? Outcome.REFUSED : Outcome.UNKNOWN;
    }

    /** The broker could not be reached, or the connection broke: retry later, mark nothing. */
    static boolean outage(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof ActiveMQException a) {
                ActiveMQExceptionType type = a.getType();
                if (type == ActiveMQExceptionType.NOT_CONNECTED || type == ActiveMQExceptionType.CONNECTION_TIMEDOUT
                        || type == ActiveMQExceptionType.DISCONNECTED || type == ActiveMQExceptionType.OBJECT_CLOSED
                        || type == ActiveMQExceptionType.SESSION_CREATION_REJECTED
                        || type == ActiveMQExceptionType.UNBLOCKED || type == ActiveMQExceptionType.IO_ERROR
                        || type == ActiveMQExceptionType.TRANSACTION_OUTCOME_UNKNOWN) {
                    return true;
                }
            }
            if (t instanceof java.net.ConnectException || t instanceof jakarta.jms.IllegalStateException) {
                return true;
            }
        }
        return false;
    }

    /** Artemis refused a transaction because one of its messages has a duplicate id it already took. */
    static boolean duplicate(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof ActiveMQException a && a.getType() == ActiveMQExceptionType.DUPLICATE_ID_REJECTED) {
                return true;
            }
            if (t.getMessage() != null && (t.getMessage().contains("DUPLICATE_ID_REJECTED")
                    || t.getMessage().contains("Duplicate message detected"))) {
                return true;
            }
        }
        return false;
    }

    /** The broker will not take this message however often it is sent (until someone changes its configuration). */
    static boolean refusedForGood(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof jakarta.jms.JMSSecurityException || t instanceof jakarta.jms.InvalidDestinationException
                    || t instanceof jakarta.jms.MessageFormatException || t instanceof IllegalArgumentException
                    || t instanceof jakarta.jms.JMSRuntimeException) {
                return true;
            }
            if (t instanceof ActiveMQException a) {
                ActiveMQExceptionType type = a.getType();
                if (type == ActiveMQExceptionType.SECURITY_EXCEPTION || type == ActiveMQExceptionType.ADDRESS_DOES_NOT_EXIST
                        || type == ActiveMQExceptionType.QUEUE_DOES_NOT_EXIST || type == ActiveMQExceptionType.INVALID_FILTER_EXPRESSION
                        || type == ActiveMQExceptionType.UNSUPPORTED_PACKET
                        || type == ActiveMQExceptionType.INCOMPATIBLE_CLIENT_SERVER_VERSIONS) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof JMSException j && j.getLinkedException() != null && j.getLinkedException() != t
                && j.getLinkedException() != t.getCause()) {
            return j.getLinkedException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String reason(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 600; t = next(t)) {
            if (t.getMessage() != null && sb.indexOf(t.getMessage()) < 0) {
                sb.append(sb.isEmpty() ? "" : ": ").append(t.getMessage());
            }
        }
        return (sb.isEmpty() ? e.getClass().getSimpleName() : sb.toString()).replaceAll("\\s+", " ");
    }

    /** Messages set aside because the broker refused them, newest first. */
    public List<Map<String, Object>> refused(int limit) {
        return jdbc.queryForList("SELECT message_id, destination, correlation_id, created_at, refused_at, refusal, attempts"
                + " FROM outbox WHERE refused_at IS NOT NULL AND sent_at IS NULL ORDER BY id DESC LIMIT ?", limit);
    }

    /** Puts a message set aside back in line (once its cause is fixed); false if there is no such message. */
    public boolean resend(String messageId) {
        return jdbc.update("UPDATE outbox SET refused_at = NULL, refusal = NULL, attempts = 0 WHERE message_id = ?"
                + " AND refused_at IS NOT NULL AND sent_at IS NULL", messageId) == 1;
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
            throw new IllegalArgumentException("bad outbox destination " + name + ": " + e.getMessage(), e);
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
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("outbox row " + row.id() + " has unreadable headers: " + e.getMessage(), e);
        }
        message.setStringProperty("HubMessageId", row.messageId());
        message.setStringProperty(DUPLICATE_ID, row.messageId());
        return message;
    }
}
