package keyaccount.hub.core.lease;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import keyaccount.hub.config.HubProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Named, time-limited leases in the store: "only one hub instance does this at a time".
 * Leases run on the wall clock, not the injected business clock, so that tests moving business
 * time do not steal leases from each other.
 */
@Component
public class Leases {
    private final JdbcTemplate jdbc;
    private final String owner;
    private final Clock wall = Clock.systemUTC();

    public Leases(JdbcTemplate jdbc, HubProperties props) {
        this.jdbc = jdbc;
        this.owner = props.instanceId();
    }

    /** Takes or renews the lease; false while another instance holds it. */
    public boolean tryAcquire(String name, Duration ttl) {
        Instant now = wall.instant();
        Instant until = now.plus(ttl);
        int taken = jdbc.update("UPDATE hub_lease SET owner = ?, leased_until = ? WHERE name = ?"
                        + " AND (owner = ? OR leased_until IS NULL OR leased_until < ?)",
                owner, ts(until), name, owner, ts(now));
        if (taken == 1) {
            return true;
        }
        return jdbc.update("INSERT INTO hub_lease (name, owner, leased_until) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                name, owner, ts(until)) == 1;
    }

    public void release(String name) {
        jdbc.update("UPDATE hub_lease SET leased_until = NULL WHERE name = ? AND owner = ?", name, owner);
    }

    public String owner() {
        return owner;
    }
}
