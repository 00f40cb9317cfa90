package keyaccount.hub.core.errors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a periodic route (a poll of a peer's database, the relay, the timers on the store) logs
 * when what it needs is down: one WARN when the outage starts, with its cause and no stack trace;
 * nothing more while it lasts (DEBUG); one WARN when it works again, saying how long and how many
 * attempts. The route tries again at its next period in any case. Only the log's wording lives
 * here, in memory: whatever the route does is kept in the store.
 */
@Component("pollOutages")
public class PollOutages {
    private static final Logger log = LoggerFactory.getLogger(PollOutages.class);

    private record Outage(Instant since, String cause, int attempts) {}

    private final Map<String, Outage> current = new ConcurrentHashMap<>();
    private final Clock wallClock = Clock.systemUTC(); // how long, as an operator counts it

    /** The route's poll failed (route configuration hub-poll-errors). */
    public void failed(Exchange exchange) {
        String route = exchange.getFromRouteId();
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String cause = rootCause(e);
        Outage before = current.get(route);
        if (before == null) {
            current.put(route, new Outage(wallClock.instant(), cause, 1));
            log.warn("{} is failing: {}; it tries again every period, and says so here when it works again", route, cause);
        } else {
            current.put(route, new Outage(before.since(), before.cause(), before.attempts() + 1));
            log.debug("{} still failing (attempt {}): {}", route, before.attempts() + 1, cause);
        }
    }

    /** The route's poll worked (its last step). */
    public void worked(Exchange exchange) {
        Outage ended = current.remove(exchange.getFromRouteId());
        if (ended != null) {
            Duration d = Duration.between(ended.since(), wallClock.instant());
            log.warn("{} works again after {} and {} failed attempt(s) (it failed with: {})", exchange.getFromRouteId(),
                    human(d), ended.attempts(), ended.cause());
        }
    }

    private static String rootCause(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = e.getClass().getSimpleName() + ": " + e.getMessage();
        String bottom = root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        String text = (top + bottom).replaceAll("\\s+", " ");
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
