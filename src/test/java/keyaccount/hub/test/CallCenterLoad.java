package keyaccount.hub.test;

import static keyaccount.hub.test.FaultMessages.report;
import static keyaccount.hub.test.FaultMessages.tag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.test.BrokerClient.Received;

/**
 * The call center under load: a thread that sends fault reports (ICD §2) at a steady rate, each
 * with a ReportNo of its own, over its own broker connection. When a send fails (the broker is
 * away) it connects again and sends the same report again, as the call center resends a report
 * (same ReportNo) it has no answer for: the hub must still open one ticket and answer once.
 * Replies are not consumed while the load runs; {@link #repliesByReport} takes them all at the end,
 * so that a reply counts once per message the broker holds, not per delivery to this client.
 */
public final class CallCenterLoad implements AutoCloseable {
    private final Supplier<BrokerClient> connect;
    private final IntFunction<String> reportOf;
    private final long intervalNanos;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger resends = new AtomicInteger();
    private final Thread thread;
    private final int limit;
    private volatile boolean stopped;
    private BrokerClient client;

    /**
     * @param connect   a new call-center connection
     * @param perSecond reports per second
     * @param limit     how many to send at most
     * @param reportOf  the n-th report's XML (n from 0)
     */
    private CallCenterLoad(Supplier<BrokerClient> connect, double perSecond, int limit, IntFunction<String> reportOf) {
        this.connect = connect;
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
        this.limit = limit;
        this.reportOf = reportOf;
        this.thread = new Thread(this::sendAll, "call-center-load");
        this.thread.setDaemon(true);
    }

    /** Starts sending reports for these customers (in turn), ReportedAt as {@code reportedAt} says for the n-th. */
    public static CallCenterLoad start(Supplier<BrokerClient> connect, double perSecond, int limit, List<String> customers,
                                       IntFunction<Instant> reportedAt) {
        CallCenterLoad load = new CallCenterLoad(connect, perSecond, limit, n -> report(FaultMessages.reportNo(),
                customers.get(n % customers.size()), null, "DDN", reportedAt.apply(n), "UTF-8"));
        load.thread.start();
        return load;
    }

    private void sendAll() {
        long next = System.nanoTime();
        for (int n = 0; n < limit && !stopped; n++) {
            String xml = reportOf.apply(n);
            while (!stopped && !send(xml)) {
                resends.incrementAndGet();
                sleep(500);
            }
            sent.add(tag(xml, "ReportNo"));
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleep(wait / 1_000_000);
            }
        }
    }

    private boolean send(String xml) {
        try {
            if (client == null) {
                client = connect.get();
            }
            client.sendText(Queues.CC_FAULT_REPORT, xml);
            return true;
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
                client = null;
            }
            return false;
        }
    }

    /** Sends no more than have been sent so far; waits for the sending thread to end. */
    public List<String> stop() throws InterruptedException {
        stopped = true;
        thread.join(60_000);
        return sent();
    }

    /** Waits until every report has been sent (the limit reached). */
    public List<String> awaitAllSent(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the call center sent only " + sent.size() + " of " + limit + " in " + timeout);
        }
        return sent();
    }

    /** The ReportNos sent so far, in order. */
    public List<String> sent() {
        return List.copyOf(sent);
    }

    /** How many sends failed and were tried again (same ReportNo), e.g. while the broker was away. */
    public int resends() {
        return resends.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        if (client != null) {
            client.close();
        }
    }

    /**
     * Takes every reply waiting on cc.fault.reply (until none has come for {@code quiet}) and groups
     * their statuses by ReportNo, in the order received.
     */
    public static Map<String, List<String>> repliesByReport(BrokerClient callCenter, Duration quiet) {
        Map<String, List<String>> byReport = new TreeMap<>();
        for (Received r : callCenter.drain(Queues.CC_FAULT_REPLY, quiet)) {
            byReport.computeIfAbsent(tag(r.body(), "ReportNo"), k -> new ArrayList<>()).add(tag(r.body(), "Status"));
        }
        return byReport;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
