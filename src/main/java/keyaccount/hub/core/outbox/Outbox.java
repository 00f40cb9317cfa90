package keyaccount.hub.core.outbox;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Messages the hub sends. They are written in the caller's store transaction, beside the state
 * they announce, and {@link OutboxRelay} puts them on the broker once that transaction has
 * committed: a state change and its messages happen together or not at all.
 */
@Component
public class Outbox {
    public static final String QUEUE = "queue:";
    public static final String TOPIC = "topic:";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public Outbox(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param destination {@code queue:NAME} (ANYCAST) or {@code topic:NAME} (MULTICAST)
     * @param correlationId the form number the message is about, or null
     * @return the message's id (header HubMessageId)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String send(String destination, String correlationId, Map<String, String> headers, String body) {
        if (!destination.startsWith(QUEUE) && !destination.startsWith(TOPIC)) {
            throw new IllegalArgumentException("destination must start with queue: or topic: - " + destination);
        }
        String messageId = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO outbox (message_id, destination, correlation_id, headers, body, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                messageId, destination, correlationId, toJson(headers), body, ts(clock.instant()));
        return messageId;
    }

    /** Sends an object as JSON. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String sendJson(String destination, String correlationId, Map<String, String> headers, Object body) {
        return send(destination, correlationId, headers, toJson(body));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value == null ? new LinkedHashMap<>() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
