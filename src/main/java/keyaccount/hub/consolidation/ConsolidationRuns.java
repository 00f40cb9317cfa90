package keyaccount.hub.consolidation;

import static keyaccount.hub.core.db.Timestamps.instant;
import static keyaccount.hub.core.db.Timestamps.ts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import keyaccount.hub.config.ClusterConfig;
import keyaccount.hub.config.HubProperties;
import keyaccount.hub.core.db.Columns;
import keyaccount.hub.core.numbering.FormNumbers;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.integration.jdbc.lock.LockRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts, tracks and lists consolidation runs. One run at a time across all hub instances: a run
 * holds the lock {@code consolidation} in the store (Spring Integration's JDBC lock repository,
 * time to live hub.consolidation.lease) and renews it while it works; a second request gets a
 * refusal naming the run in progress. The nightly schedule fires once across the instances (Quartz,
 * clustered), and the run's key (NIGHTLY-&lt;date&gt;) is unique in the store besides, so one run
 * per night happens. A run
 * whose instance died is marked ABANDONED by the next one to start; its steps were each atomic,
 * so the next run finds the store whole and completes what it left.
 */
@Component("consolidationRuns")
public class ConsolidationRuns implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ConsolidationRuns.class);
    static final String LEASE = "consolidation";

    private final JdbcTemplate store;
    private final LockRepository locks;
    private final String instanceId;
    private final FormNumbers numbers;
    private final Clock clock;
    private final HubProperties.Consolidation settings;
    private final java.time.ZoneId zone;
    private final NightlyRun nightlyRun;
    private final TransactionTemplate tx;
    private final AtomicReference<String> current = new AtomicReference<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> thread(r, "consolidation-run"));
    private final ScheduledExecutorService heartbeat =
            Executors.newSingleThreadScheduledExecutor(r -> thread(r, "consolidation-heartbeat"));

    public ConsolidationRuns(JdbcTemplate store,
                             @Qualifier(ClusterConfig.CONSOLIDATION_LOCKS) LockRepository locks, FormNumbers numbers, Clock clock, HubProperties props,
                             NightlyRun nightlyRun, TransactionTemplate tx) {
        this.tx = tx;
        this.store = store;
        this.locks = locks;
        this.instanceId = props.instanceId();
        this.numbers = numbers;
        this.clock = clock;
        this.settings = props.consolidation();
        this.zone = props.timezone();
        this.nightlyRun = nightlyRun;
    }

    public record Source(String source, int files, long read, long loaded, long rejected, String note) {}

    public record Run(String runId, String trigger, String requestedBy, LocalDate businessDate, String status,
                      Instant startedAt, Instant endedAt, String message, List<Source> sources) {}

    /** The answer to a request for a run: the run started, or why not. */
    public record Request(String runId, String refusal, String runningRunId) {
        public boolean started() {
            return refusal == null;
        }
    }

    /** An operator's run, for the given business date (default: yesterday in the hub's time zone). */
    public Request requestNow(String requestedBy, LocalDate businessDate) {
        LocalDate day = businessDate != null ? businessDate : LocalDate.now(clock.withZone(zone)).minusDays(1);
        return begin(null, "OPERATOR", requestedBy, day);
    }

    /** The schedule's run (route hub-consolidation-nightly): the night of today, for yesterday. */
    public Request nightly() {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        return nightly(today);
    }

    private Request nightly(LocalDate night) {
        Request r = begin("NIGHTLY-" + night, "SCHEDULE", "schedule", night.minusDays(1));
        if (!r.started()) {
            log.info("nightly consolidation for {} not started here: {}", night, r.refusal());
        }
        return r;
    }

    /** A hub that was down when the schedule fired runs the missed night when it starts (hub.consolidation.catch-up). */
    @EventListener(ApplicationReadyEvent.class)
    public void catchUp() {
        if (!settings.catchUp()) {
            return;
        }
        try {
            CronExpression cron = new CronExpression(settings.cron());
            cron.setTimeZone(TimeZone.getTimeZone(zone));
            Instant now = clock.instant();
            Date fire = cron.getTimeAfter(Date.from(now.minus(Duration.ofDays(1))));
            Date last = null;
            while (fire != null && !fire.toInstant().isAfter(now)) {
                last = fire;
                fire = cron.getTimeAfter(fire);
            }
            if (last == null) {
                return;
            }
            LocalDate night = ZonedDateTime.ofInstant(last.toInstant(), zone).toLocalDate();
            Integer done = store.queryForObject("SELECT COUNT(*) FROM consolidation_run WHERE run_key = ?", Integer.class,
                    "NIGHTLY-" + night);
            if (done != null && done == 0) {
                log.warn("the nightly consolidation of {} did not run (the hub was down at {}); running it now", night,
                        ZonedDateTime.ofInstant(last.toInstant(), zone).toLocalDateTime());
                nightly(night);
            }
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("hub.consolidation.cron is not a Quartz cron expression: " + settings.cron(), e);
        } catch (RuntimeException e) {
            log.error("could not check for a missed nightly consolidation; the next schedule runs it", e);
        }
    }

    private synchronized Request begin(String runKey, String trigger, String requestedBy, LocalDate businessDate) {
        if (current.get() != null) {
            return new Request(null, "a consolidation run is going", current.get());
        }
        if (!locks.acquire(LEASE)) {
            return new Request(null, "a consolidation run is going on another hub instance", running().orElse(null));
        }
        boolean started = false;
        try {
            Instant now = clock.instant();
            String runId = tx.execute(status -> create(runKey, trigger, requestedBy, businessDate, now));
            if (runId == null) {
                return new Request(null, "the run " + runKey + " has been done already", null);
            }
            current.set(runId);
            runner.execute(() -> execute(runId, businessDate));
            started = true;
            log.info("consolidation run {} started ({} by {}, business date {})", runId, trigger, requestedBy, businessDate);
            return new Request(runId, null, null);
        } finally {
            if (!started) {
                locks.delete(LEASE);
            }
        }
    }

    /** The run's record, or null when the run key (the night) has been run already. */
    private String create(String runKey, String trigger, String requestedBy, LocalDate businessDate, Instant now) {
        // we hold the lease and run nothing: a run still marked RUNNING lost its instance
        store.update("UPDATE consolidation_run SET status = 'ABANDONED', ended_at = ?, message = ? WHERE status = 'RUNNING'",
                ts(now), "the hub instance running it stopped before the run ended; the next run completes it");
        String runId = numbers.next("CR");
        int inserted = store.update("INSERT INTO consolidation_run (run_id, run_key, trigger_kind, requested_by,"
                        + " business_date, status, owner, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                runId, runKey == null ? runId : runKey, trigger, requestedBy, businessDate, instanceId, ts(now),
                ts(now));
        return inserted == 0 ? null : runId;
    }

    private void execute(String runId, LocalDate businessDate) {
        AtomicBoolean owner = new AtomicBoolean(true);
        long every = Math.max(1000, settings.lease().toMillis() / 3);
        ScheduledFuture<?> beat = heartbeat.scheduleAtFixedRate(() -> {
            try {
                if (locks.acquire(LEASE)) {
                    store.update("UPDATE consolidation_run SET heartbeat_at = ? WHERE run_id = ?", ts(clock.instant()), runId);
                } else {
                    owner.set(false);
                }
            } catch (RuntimeException e) {
                log.warn("consolidation run {}: cannot renew its lease: {}", runId, e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        try {
            String summary = nightlyRun.execute(runId, businessDate, owner::get);
            finish(runId, "SUCCEEDED", summary);
            log.info("consolidation run {} succeeded: {}", runId, summary);
        } catch (Exception e) {
            log.error("consolidation run {} failed", runId, e);
            try {
                finish(runId, "FAILED", e.getMessage());
            } catch (RuntimeException storeDown) {
                log.error("consolidation run {}: cannot record its failure; the next run marks it ABANDONED", runId);
            }
        } finally {
            beat.cancel(false);
            current.set(null);
            try {
                locks.delete(LEASE);
            } catch (RuntimeException e) {
                log.warn("consolidation lease not released ({}); it expires in {}", e.getMessage(), settings.lease());
            }
        }
    }

    private void finish(String runId, String status, String message) {
        store.update("UPDATE consolidation_run SET status = ?, ended_at = ?, message = ? WHERE run_id = ?", status,
                ts(clock.instant()), Columns.fit(message, 1000), runId);
    }

    /** The run in progress, as the store knows it. */
    public Optional<String> running() {
        return store.queryForList("SELECT run_id FROM consolidation_run WHERE status = 'RUNNING' ORDER BY started_at DESC",
                String.class).stream().findFirst();
    }

    /** True while this instance runs one. */
    public boolean busy() {
        return current.get() != null;
    }

    public List<Run> recent(int limit) {
        return store.query(RUNS + " ORDER BY started_at DESC, run_id DESC FETCH FIRST ? ROWS ONLY", this::run, limit);
    }

    public Optional<Run> find(String runId) {
        return store.query(RUNS + " WHERE run_id = ?", this::run, runId).stream().findFirst();
    }

    private static final String RUNS = "SELECT run_id, trigger_kind, requested_by, business_date, status, started_at,"
            + " ended_at, message FROM consolidation_run";

    private Run run(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        String runId = rs.getString("run_id");
        return new Run(runId, rs.getString("trigger_kind"), rs.getString("requested_by"),
                rs.getObject("business_date", LocalDate.class), rs.getString("status"), instant(rs, "started_at"),
                instant(rs, "ended_at"), rs.getString("message"), sources(runId));
    }

    private List<Source> sources(String runId) {
        return store.query("SELECT source, files, read_count, loaded_count, rejected_count, note FROM consolidation_source"
                        + " WHERE run_id = ? ORDER BY source",
                (rs, n) -> new Source(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getString(6)), runId);
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
        runner.shutdownNow();
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
