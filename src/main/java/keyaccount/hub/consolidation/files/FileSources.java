package keyaccount.hub.consolidation.files;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import keyaccount.hub.consolidation.SourceCounts;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Drains an FTP file source for a consolidation run. Each source is a Camel route (e.g.
 * billing-revenue-file-in in routes/billing.camel.yaml) that does not start with the hub: the
 * run that holds the consolidation lease starts it, so one instance at a time reads a folder. The
 * route takes every complete file the server has and, when a poll finds nothing new
 * (sendEmptyMessageWhenIdle), reports the source drained; the run then stops the route.
 */
@Component
public class FileSources {
    private static final Logger log = LoggerFactory.getLogger(FileSources.class);

    private final CamelContext camel;
    private final Map<String, Drain> draining = new ConcurrentHashMap<>();
    private final Map<String, String> routeSources = new ConcurrentHashMap<>();

    public FileSources(CamelContext camel) {
        this.camel = camel;
    }

    private static final class Drain {
        final String runId;
        final SourceCounts counts = new SourceCounts();
        final CountDownLatch done = new CountDownLatch(1);
        volatile Exception failure;

        Drain(String runId) {
            this.runId = runId;
        }
    }

    /** Runs the source's route until the folder is drained; throws when a file could not be handled. */
    public SourceCounts drain(String source, String routeId, String runId, Duration timeout) throws Exception {
        Drain drain = new Drain(runId);
        if (draining.putIfAbsent(source, drain) != null) {
            throw new IllegalStateException(source + " is already being drained");
        }
        routeSources.put(routeId, source);
        try {
            camel.getRouteController().startRoute(routeId);
            if (!drain.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(source + " did not drain within " + timeout);
            }
            if (drain.failure != null) {
                throw drain.failure;
            }
            return drain.counts;
        } finally {
            try {
                camel.getRouteController().stopRoute(routeId, 30, TimeUnit.SECONDS);
            } finally {
                draining.remove(source);
            }
        }
    }

    /** The run a file being taken belongs to, or null when no run drains the source (stray poll). */
    String runId(String source) {
        Drain d = draining.get(source);
        return d == null ? null : d.runId;
    }

    SourceCounts counts(String source) {
        Drain d = draining.get(source);
        return d == null ? new SourceCounts() : d.counts;
    }

    /** Called by the route for each exchange: a file, or the empty one that says the folder is drained. */
    boolean idle(String source, Exchange exchange) {
        if (exchange.getIn().getBody() != null) {
            return false;
        }
        Drain d = draining.get(source);
        if (d != null) {
            d.done.countDown();
        }
        return true;
    }

    /** The route's error handler: the server could not be reached or listed, or a file not handled. */
    public void routeFailed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String source = routeSources.getOrDefault(exchange.getFromRouteId(), exchange.getFromRouteId());
        sourceFailed(source, e == null ? new IllegalStateException("unknown failure") : e);
    }

    void sourceFailed(String source, Exception e) {
        Drain d = draining.get(source);
        log.error("{}: a file could not be handled; the run stops reading this source", source, e);
        if (d != null) {
            d.failure = e;
            d.done.countDown();
        }
    }
}
