package keyaccount.hub.core.alarm;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import keyaccount.hub.config.HubProperties;
import keyaccount.hub.core.form.Form;
import keyaccount.hub.core.form.FormStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deadline alarms for forms of every type. A form's clock runs from its start to its deadline;
 * DEADLINE_WARNING is raised at a share of that time (default 80%), DEADLINE_BREACH at 100% and
 * ESCALATION at a share past it (default 150%), each once per form, kind and cycle. The form
 * keeps the time of its next alarm in an indexed column, so the periodic check reads only the
 * forms that are due.
 */
@Component
public class DeadlineAlarms {
    private static final Logger log = LoggerFactory.getLogger(DeadlineAlarms.class);
    private static final List<AlarmKind> KINDS =
            List.of(AlarmKind.DEADLINE_WARNING, AlarmKind.DEADLINE_BREACH, AlarmKind.ESCALATION);

    private final JdbcTemplate jdbc;
    private final FormStore forms;
    private final Alarms alarms;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final HubProperties.Alarms settings;

    public DeadlineAlarms(JdbcTemplate jdbc, FormStore forms, Alarms alarms, Clock clock, TransactionTemplate tx,
                          HubProperties props) {
        this.jdbc = jdbc;
        this.forms = forms;
        this.alarms = alarms;
        this.clock = clock;
        this.tx = tx;
        this.settings = props.alarms();
    }

    /** When each kind falls due for a clock that runs from start to deadline. */
    public Map<AlarmKind, Instant> thresholds(Instant start, Instant deadline) {
        long allowed = Math.max(0, Duration.between(start, deadline).toMillis());
        Map<AlarmKind, Instant> t = new EnumMap<>(AlarmKind.class);
        t.put(AlarmKind.DEADLINE_WARNING, start.plusMillis(Math.round(allowed * settings.warningShare())));
        t.put(AlarmKind.DEADLINE_BREACH, deadline);
        t.put(AlarmKind.ESCALATION, start.plusMillis(Math.round(allowed * settings.escalationShare())));
        return t;
    }

    /** Sets (or moves) a form's deadline clock and schedules its next alarm. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Form setClock(Form form, Instant start, Instant deadline) {
        Instant next = nextAlarm(form.formNo(), form.cycle(), start, deadline);
        jdbc.update("UPDATE hub_form SET clock_started_at = ?, deadline = ?, next_alarm_at = ? WHERE form_no = ?",
                ts(start), ts(deadline), ts(next), form.formNo());
        return new Form(form.formNo(), form.formType(), form.state(), form.custNo(), form.grade(), form.keyAccount(),
                form.cycle(), start, deadline, next, form.createdAt(), form.updatedAt(), form.closedAt());
    }

    /** Stops a form's clock (its work is done in time or not): no further deadline alarms. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void stopClock(Form form) {
        jdbc.update("UPDATE hub_form SET next_alarm_at = NULL WHERE form_no = ?", form.formNo());
    }

    /** Raises every alarm that is due; returns how many were raised. Called by route hub-deadline-check. */
    public int check() {
        Instant now = clock.instant();
        List<String> due = jdbc.queryForList("SELECT form_no FROM hub_form WHERE next_alarm_at <= ?"
                + " ORDER BY next_alarm_at LIMIT ?", String.class, ts(now), settings.batchSize());
        int raised = 0;
        for (String formNo : due) {
            MDC.put("formNo", formNo);
            try {
                Integer n = tx.execute(status -> raiseDue(formNo, now));
                raised += n == null ? 0 : n;
            } catch (RuntimeException e) {
                log.error("deadline check of {} failed; it stays due and is tried again", formNo, e);
            } finally {
                MDC.remove("formNo");
            }
        }
        return raised;
    }

    private int raiseDue(String formNo, Instant now) {
        Form form = forms.lock(formNo).orElse(null);
        if (form == null || form.nextAlarmAt() == null || form.nextAlarmAt().isAfter(now)
                || form.clockStartedAt() == null || form.deadline() == null) {
            return 0;
        }
        int raised = 0;
        Map<AlarmKind, Instant> t = thresholds(form.clockStartedAt(), form.deadline());
        for (AlarmKind kind : KINDS) {
            if (!t.get(kind).isAfter(now)) {
                var alarm = new Alarms.Alarm(dedupeKey(form.formNo(), kind, form.cycle()), form.formNo(), kind,
                        form.custNo(), form.grade(), form.deadline(), message(form, kind), form.headers());
                if (alarms.raise(alarm).isPresent()) {
                    raised++;
                }
            }
        }
        Instant next = nextAlarm(form.formNo(), form.cycle(), form.clockStartedAt(), form.deadline());
        jdbc.update("UPDATE hub_form SET next_alarm_at = ? WHERE form_no = ?", ts(next), form.formNo());
        return raised;
    }

    /** The earliest threshold of a kind not yet raised in this cycle, or null when all are. */
    private Instant nextAlarm(String formNo, int cycle, Instant start, Instant deadline) {
        Set<String> raised = new HashSet<>(jdbc.queryForList(
                "SELECT dedupe_key FROM alarm WHERE form_no = ?", String.class, formNo));
        Instant next = null;
        for (Map.Entry<AlarmKind, Instant> e : thresholds(start, deadline).entrySet()) {
            if (!raised.contains(dedupeKey(formNo, e.getKey(), cycle)) && (next == null || e.getValue().isBefore(next))) {
                next = e.getValue();
            }
        }
        return next;
    }

    static String dedupeKey(String formNo, AlarmKind kind, int cycle) {
        return formNo + "|" + kind.name() + "|" + cycle;
    }

    private String message(Form form, AlarmKind kind) {
        String deadline = form.deadline().atZone(clock.getZone()).toOffsetDateTime().toString();
        return switch (kind) {
            case DEADLINE_WARNING -> form.formType() + " " + form.formNo() + " has used "
                    + Math.round(settings.warningShare() * 100) + "% of its time; deadline " + deadline;
            case DEADLINE_BREACH -> form.formType() + " " + form.formNo() + " is past its deadline " + deadline;
            case ESCALATION -> form.formType() + " " + form.formNo() + " is still open at "
                    + Math.round(settings.escalationShare() * 100) + "% of its time (deadline " + deadline + ")";
            default -> form.formType() + " " + form.formNo() + ": " + kind;
        };
    }
}
