package keyaccount.hub.ops;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.QueueBrowser;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import keyaccount.hub.icd.Queues;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * What operators watch besides the routes (whose exchanges, failures and timings Camel's own
 * Micrometer metrics give): open and breached forms per form type, and the dead-letter queue's
 * depth. Gauges read a snapshot refreshed at most every 10 s, so scrapes do not load the store.
 */
@Component
public class HubMetrics {
    static final List<String> FORM_TYPES = List.of("FAULT_TICKET", "CONTACT_SLIP", "RESOURCE_SLIP", "RESOURCE_RELEASE",
            "WORK_ORDER", "STATION_TASK");
    private static final Duration FRESH = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final JmsTemplate jms;
    private volatile Snapshot snapshot = new Snapshot(Instant.EPOCH, Map.of(), Map.of(), 0);

    private record Snapshot(Instant at, Map<String, Long> open, Map<String, Long> breached, long dlq) {}

    public HubMetrics(JdbcTemplate jdbc, Clock clock, MeterRegistry meters, ObjectProvider<EmbeddedActiveMQ> embedded,
                      ConnectionFactory connectionFactory) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.embedded = embedded;
        this.jms = new JmsTemplate(connectionFactory);
        for (String type : FORM_TYPES) {
            Gauge.builder("hub.forms.open", this, m -> m.fresh().open().getOrDefault(type, 0L))
                    .description("forms not yet closed").tag("form_type", type).register(meters);
            Gauge.builder("hub.forms.breached", this, m -> m.fresh().breached().getOrDefault(type, 0L))
                    .description("open forms past their deadline").tag("form_type", type).register(meters);
        }
        Gauge.builder("hub.dlq.depth", this, m -> m.fresh().dlq()).description("messages in hub.dlq").register(meters);
    }

    private Snapshot fresh() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (Duration.between(s.at(), now).abs().compareTo(FRESH) < 0) {
            return s;
        }
        Map<String, Long> open = new HashMap<>();
        Map<String, Long> breached = new HashMap<>();
        jdbc.query("SELECT form_type, COUNT(*) AS n, SUM(CASE WHEN deadline < ? THEN 1 ELSE 0 END) AS late FROM hub_form"
                + " WHERE closed_at IS NULL GROUP BY form_type", rs -> {
                    open.put(rs.getString("form_type"), rs.getLong("n"));
                    breached.put(rs.getString("form_type"), rs.getLong("late"));
                }, ts(now));
        snapshot = new Snapshot(now, open, breached, dlqDepth());
        return snapshot;
    }

    /** Embedded broker: the queue's count; external broker: a bounded browse. */
    long dlqDepth() {
        EmbeddedActiveMQ server = embedded.getIfAvailable();
        if (server != null && server.getActiveMQServer() != null) {
            Queue q = server.getActiveMQServer().locateQueue(SimpleString.of(Queues.HUB_DLQ));
            return q == null ? 0 : q.getMessageCount();
        }
        Long n = jms.browse(Queues.HUB_DLQ, (session, browser) -> count(browser));
        return n == null ? 0 : n;
    }

    private static long count(QueueBrowser browser) throws jakarta.jms.JMSException {
        long n = 0;
        for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements() && n < 100_000; e.nextElement()) {
            n++;
        }
        return n;
    }
}
