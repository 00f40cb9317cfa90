package keyaccount.hub.core.action;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import keyaccount.hub.core.crash.CrashPoints;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Effects on outside systems other than the broker (write a status back to the 97 database, put a
 * file on an FTP server). Like the outbox: written in the transaction that decides them, carried
 * out after it commits by route hub-pending-actions, retried until they succeed. Every handler is
 * idempotent, so an action repeated after a crash does no harm.
 */
@Component
public class PendingActions {
    private static final Logger log = LoggerFactory.getLogger(PendingActions.class);

    /** Carries out one kind of action. */
    public interface Handler {
        String kind();

        void execute(String ref, String payload) throws Exception;
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    /** Looked up when first needed: handlers themselves add actions, so they depend on this class. */
    private final ObjectProvider<Handler> handlerBeans;
    private volatile Map<String, Handler> handlers;

    public PendingActions(JdbcTemplate jdbc, Clock clock, ObjectProvider<Handler> handlerBeans) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.handlerBeans = handlerBeans;
    }

    private Map<String, Handler> handlers() {
        if (handlers == null) {
            handlers = handlerBeans.orderedStream().collect(Collectors.toMap(Handler::kind, Function.identity()));
        }
        return handlers;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void add(String kind, String ref, String payload) {
        if (!handlers().containsKey(kind)) {
            throw new IllegalArgumentException("no handler for pending action " + kind);
        }
        jdbc.update("INSERT INTO pending_action (kind, ref, payload, created_at, attempts) VALUES (?, ?, ?, ?, 0)",
                kind, ref, payload, ts(clock.instant()));
    }

    private record Row(long id, String kind, String ref, String payload, int attempts) {}

    /** Carries out what is pending, oldest first; returns how many succeeded. Route hub-pending-actions. */
    public int run() {
        List<Row> rows = jdbc.query("SELECT id, kind, ref, payload, attempts FROM pending_action WHERE done_at IS NULL"
                        + " ORDER BY id LIMIT 100",
                (rs, n) -> new Row(rs.getLong("id"), rs.getString("kind"), rs.getString("ref"), rs.getString("payload"),
                        rs.getInt("attempts")));
        int done = 0;
        for (Row row : rows) {
            try {
                handlers().get(row.kind()).execute(row.ref(), row.payload());
                CrashPoints.reached(CrashPoints.ACTION_AFTER_EFFECT);
                jdbc.update("UPDATE pending_action SET done_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                        ts(clock.instant()), row.id());
                done++;
                if (row.attempts() > 0) {
                    log.info("{} for {} done after {} failed attempt(s)", row.kind(), row.ref(), row.attempts());
                }
            } catch (Exception e) {
                String error = String.valueOf(e.getMessage());
                jdbc.update("UPDATE pending_action SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                        error.length() > 1000 ? error.substring(0, 1000) : error, row.id());
                // one WARN when it starts failing (and every 100th attempt), not one per period while a peer is down
                if (row.attempts() % 100 == 0) {
                    log.warn("{} for {} failed (attempt {}), retried every period until done: {}", row.kind(), row.ref(),
                            row.attempts() + 1, error);
                } else {
                    log.debug("{} for {} failed (attempt {}): {}", row.kind(), row.ref(), row.attempts() + 1, error);
                }
            }
        }
        return done;
    }
}
