package keyaccount.hub.core.form;

import static keyaccount.hub.core.db.Timestamps.instant;
import static keyaccount.hub.core.db.Timestamps.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Forms of every type: creation, locking, and state changes. Every state change is stored
 * (from, to, at, by, source message id) and published on hub.event in the same transaction.
 */
@Component
public class FormStore {
    private static final Logger log = LoggerFactory.getLogger(FormStore.class);
    private static final String COLUMNS = "form_no, form_type, state, cust_no, grade, key_account, form_cycle,"
            + " clock_started_at, deadline, next_alarm_at, created_at, updated_at, closed_at";

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final Clock clock;

    public FormStore(JdbcTemplate jdbc, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Creates a form in its first state (the transition from nothing is recorded and published);
     * {@code closed} for a form that ends as it starts (e.g. rejected).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Form create(String formNo, String formType, String state, String custNo, String grade, boolean keyAccount,
                       String event, String by, String sourceMessageId, String note, boolean closed) {
        Instant now = clock.instant();
        Instant closedAt = closed ? now : null;
        jdbc.update("INSERT INTO hub_form (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, 1, NULL, NULL, NULL, ?, ?, ?)",
                formNo, formType, state, custNo, grade, keyAccount, ts(now), ts(now), ts(closedAt));
        Form form = new Form(formNo, formType, state, custNo, grade, keyAccount, 1, null, null, null, now, now, closedAt);
        record(form, null, state, event, by, sourceMessageId, note, now);
        return form;
    }

    /** Reads a form and locks it until the transaction ends (serialises concurrent steps). */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Form> lock(String formNo) {
        return jdbc.query("SELECT " + COLUMNS + " FROM hub_form WHERE form_no = ? FOR UPDATE", FormStore::map, formNo)
                .stream().findFirst();
    }

    public Optional<Form> find(String formNo) {
        return jdbc.query("SELECT " + COLUMNS + " FROM hub_form WHERE form_no = ?", FormStore::map, formNo)
                .stream().findFirst();
    }

    /** Moves a (locked) form to another state, records and publishes it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Form transition(Form form, String to, String event, String by, String sourceMessageId, String note,
                           boolean closes) {
        Instant now = clock.instant();
        Instant closedAt = closes ? now : null;
        if (closes) {
            jdbc.update("UPDATE hub_form SET state = ?, updated_at = ?, closed_at = ?, next_alarm_at = NULL"
                    + " WHERE form_no = ?", to, ts(now), ts(closedAt), form.formNo());
        } else {
            jdbc.update("UPDATE hub_form SET state = ?, updated_at = ? WHERE form_no = ?", to, ts(now), form.formNo());
        }
        record(form, form.state(), to, event, by, sourceMessageId, note, now);
        return new Form(form.formNo(), form.formType(), to, form.custNo(), form.grade(), form.keyAccount(),
                form.cycle(), form.clockStartedAt(), form.deadline(), closes ? null : form.nextAlarmAt(),
                form.createdAt(), now, closedAt);
    }

    /** Starts a new cycle of a form (e.g. a fault ticket reopened): fresh deadline alarms. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Form newCycle(Form form) {
        jdbc.update("UPDATE hub_form SET form_cycle = form_cycle + 1, closed_at = NULL WHERE form_no = ?", form.formNo());
        return lock(form.formNo()).orElseThrow();
    }

    public List<Map<String, Object>> history(String formNo) {
        return jdbc.query("SELECT from_state, to_state, event, occurred_at, by_actor, source_message_id, note FROM form_transition"
                + " WHERE form_no = ? ORDER BY id", (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("from", rs.getString("from_state"));
                    m.put("to", rs.getString("to_state"));
                    m.put("event", rs.getString("event"));
                    m.put("at", instant(rs, "occurred_at"));
                    m.put("by", rs.getString("by_actor"));
                    m.put("sourceMessageId", rs.getString("source_message_id"));
                    m.put("note", rs.getString("note"));
                    return m;
                }, formNo);
    }

    private void record(Form form, String from, String to, String event, String by, String sourceMessageId,
                        String note, Instant at) {
        jdbc.update("INSERT INTO form_transition (form_no, from_state, to_state, event, occurred_at, by_actor, source_message_id, note)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                form.formNo(), from, to, event, ts(at), by, sourceMessageId,
                note == null || note.length() <= 1000 ? note : note.substring(0, 1000));
        Map<String, Object> formEvent = new LinkedHashMap<>();
        formEvent.put("formNo", form.formNo());
        formEvent.put("formType", form.formType());
        formEvent.put("from", from);
        formEvent.put("to", to);
        formEvent.put("at", at.atZone(clock.getZone()).toOffsetDateTime());
        formEvent.put("by", by);
        outbox.sendJson(Outbox.TOPIC + Queues.HUB_EVENT, form.formNo(), form.headers(), formEvent);
        log.info("{} {} {} -> {} ({} by {})", form.formType(), form.formNo(), from, to, event, by);
    }

    static Form map(ResultSet rs, int row) throws SQLException {
        return new Form(rs.getString("form_no"), rs.getString("form_type"), rs.getString("state"),
                rs.getString("cust_no"), rs.getString("grade"), rs.getBoolean("key_account"), rs.getInt("form_cycle"),
                instant(rs, "clock_started_at"), instant(rs, "deadline"), instant(rs, "next_alarm_at"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "closed_at"));
    }
}
