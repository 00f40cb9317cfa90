package keyaccount.hub.ops;

import static keyaccount.hub.core.db.Timestamps.instant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The nightly consolidation for Prometheus: the last run's status (1 on its status, 0 on the
 * others), its age, and the age of the last run that succeeded, which is what to alert on
 * (say, older than 26 hours). Each scrape reads one row through the index on started_at.
 */
@Component
public class ConsolidationMetrics {
    static final List<String> STATUSES = List.of("RUNNING", "SUCCEEDED", "FAILED", "ABANDONED");

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ConsolidationMetrics(JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        for (String status : STATUSES) {
            Gauge.builder("hub.consolidation.last.run.status", this, m -> status.equals(m.latest().status()) ? 1 : 0)
                    .description("status of the latest consolidation run").tag("status", status).register(meters);
        }
        Gauge.builder("hub.consolidation.last.run.age", this, m -> m.age(m.latest().startedAt()))
                .description("seconds since the latest consolidation run started (NaN: none yet)").baseUnit("seconds")
                .register(meters);
        Gauge.builder("hub.consolidation.last.success.age", this, m -> m.age(m.lastSuccess()))
                .description("seconds since the latest successful consolidation run ended (NaN: none yet)")
                .baseUnit("seconds").register(meters);
    }

    private record Latest(String status, Instant startedAt) {}

    private Latest latest() {
        return jdbc.query("SELECT status, started_at FROM consolidation_run ORDER BY started_at DESC FETCH FIRST 1 ROWS ONLY",
                (rs, n) -> new Latest(rs.getString("status"), instant(rs, "started_at"))).stream().findFirst()
                .orElse(new Latest(null, null));
    }

    private Instant lastSuccess() {
        return jdbc.query("SELECT MAX(ended_at) AS ended_at FROM consolidation_run WHERE status = 'SUCCEEDED'",
                (rs, n) -> instant(rs, "ended_at")).stream().findFirst().orElse(null);
    }

    private double age(Instant then) {
        return then == null ? Double.NaN : Duration.between(then, clock.instant()).toMillis() / 1000.0;
    }
}
