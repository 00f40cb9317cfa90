package keyaccount.hub.core.inbound;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Idempotency keys of inbound forms and steps, and the trace of what arrived about each form.
 * A key is taken inside the transaction that writes its effect: if that transaction rolls back
 * the key is free again, and a concurrent second delivery waits on the first and then sees it.
 */
@Component
public class InboundLog {
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public InboundLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** True if the key is new (now taken); false if it was seen before. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean claim(String source, String key) {
        return jdbc.update("INSERT INTO inbound_message (source, message_key, received_at) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING", source, key, ts(clock.instant())) == 1;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void bind(String source, String key, String formNo) {
        jdbc.update("UPDATE inbound_message SET form_no = ? WHERE source = ? AND message_key = ?", formNo, source, key);
    }

    /** The form a key was bound to. */
    public Optional<String> formOf(String source, String key) {
        List<String> forms = jdbc.queryForList(
                "SELECT form_no FROM inbound_message WHERE source = ? AND message_key = ?", String.class, source, key);
        return forms.stream().filter(f -> f != null).findFirst();
    }

    /** True when this message was already recorded against the form (its effect is committed). */
    public boolean traced(String formNo, String channel, String messageId) {
        if (messageId == null) {
            return false;
        }
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM form_trace WHERE form_no = ? AND channel = ? AND message_id = ?",
                Integer.class, formNo, channel, messageId);
        return n != null && n > 0;
    }

    /** Records an inbound message about a form and what the hub did with it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void trace(String formNo, String channel, String messageId, String step, Outcome outcome, String note) {
        jdbc.update("INSERT INTO form_trace (form_no, channel, message_id, step, outcome, occurred_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                formNo, channel, messageId, step, outcome.name(), ts(clock.instant()), truncate(note));
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    public enum Outcome {
        /** changed the form */
        APPLIED,
        /** recorded; the state did not move (e.g. an earlier step arriving after a later one) */
        RECORDED,
        /** seen before: nothing done again */
        DUPLICATE,
        /** belongs to an earlier dispatch round or comes after the form ended */
        STALE,
        /** a form refused by a business rule (e.g. unknown customer) */
        REJECTED
    }
}
