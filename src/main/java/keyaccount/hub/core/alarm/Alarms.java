package keyaccount.hub.core.alarm;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.numbering.FormNumbers;
import keyaccount.hub.core.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Raises alarms: stored, then published on hub.alarm. Each alarm has a dedupe key (e.g. form,
 * kind and cycle) that the store keeps unique, so an alarm is raised once however often, and by
 * however many hub instances, the check runs.
 */
@Component
public class Alarms {
    private static final Logger log = LoggerFactory.getLogger(Alarms.class);

    private final JdbcTemplate jdbc;
    private final FormNumbers numbers;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    public Alarms(JdbcTemplate jdbc, FormNumbers numbers, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.numbers = numbers;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
    }

    public record Alarm(String dedupeKey, String formNo, AlarmKind kind, String custNo, String grade,
                        Instant deadline, String message, Map<String, String> headers) {}

    /** Raises the alarm unless one with its dedupe key exists; returns the new alarm number. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> raise(Alarm alarm) {
        Integer seen = jdbc.queryForObject("SELECT COUNT(*) FROM alarm WHERE dedupe_key = ?", Integer.class,
                alarm.dedupeKey());
        if (seen != null && seen > 0) {
            return Optional.empty();
        }
        String alarmNo = numbers.next("AL");
        Instant now = clock.instant();
        int inserted = jdbc.update("INSERT INTO alarm (alarm_no, dedupe_key, form_no, kind, alarm_level, cust_no, grade,"
                        + " deadline, raised_at, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                alarmNo, alarm.dedupeKey(), alarm.formNo(), alarm.kind().name(), alarm.kind().level(),
                alarm.custNo(), alarm.grade(), ts(alarm.deadline()), ts(now), alarm.message());
        if (inserted == 0) {
            return Optional.empty(); // another instance raised it a moment ago
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alarmNo", alarmNo);
        body.put("formNo", alarm.formNo());
        body.put("kind", alarm.kind().name());
        body.put("level", alarm.kind().level());
        body.put("custNo", alarm.custNo());
        body.put("grade", alarm.grade());
        body.put("deadline", alarm.deadline() == null ? null : alarm.deadline().atZone(clock.getZone()).toOffsetDateTime());
        body.put("raisedAt", now.atZone(clock.getZone()).toOffsetDateTime());
        body.put("message", alarm.message());
        Map<String, String> headers = new LinkedHashMap<>(alarm.headers() == null ? Map.of() : alarm.headers());
        headers.put("HubAlarmKind", alarm.kind().name());
        outbox.sendJson(Outbox.TOPIC + Queues.HUB_ALARM, alarm.formNo(), headers, body);
        meters.counter("hub.alarms.raised", "kind", alarm.kind().name()).increment();
        log.warn("ALARM {} {} form={} cust={} grade={}: {}", alarm.kind(), alarmNo, alarm.formNo(), alarm.custNo(),
                alarm.grade(), alarm.message());
        return Optional.of(alarmNo);
    }
}
