package keyaccount.hub.core.crash;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Marked moments where a crash is most dangerous, for the fault-injection tests: with
 * {@code hub.test.crash-at=<point>} (or {@code <point>@<n>} for its n-th passage) the process
 * halts there at once, as {@code kill -9} would stop it (no shutdown hooks, no graceful close,
 * transactions cut where they stand). Unset, each mark costs one volatile read. The production
 * profile refuses to start with it set.
 */
public final class CrashPoints {
    /** The outbox relay's batch is committed on the broker; its rows are not yet marked sent. */
    public static final String RELAY_AFTER_BROKER_COMMIT = "relay-after-broker-commit";
    /** An inbound message's effect is committed in the store; the JMS consume is not yet committed. */
    public static final String CONSUME_AFTER_STORE_COMMIT = "consume-after-store-commit";
    /** A pending action was carried out on the peer; it is not yet marked done. */
    public static final String ACTION_AFTER_EFFECT = "action-after-effect";

    private static volatile String armed;
    private static final AtomicInteger remaining = new AtomicInteger();

    private CrashPoints() {}

    /** Arms one point from a setting {@code point} or {@code point@n}; blank disarms. */
    public static void arm(String setting) {
        if (setting == null || setting.isBlank()) {
            armed = null;
            return;
        }
        int at = setting.indexOf('@');
        remaining.set(at < 0 ? 1 : Integer.parseInt(setting.substring(at + 1).trim()));
        armed = (at < 0 ? setting : setting.substring(0, at)).trim();
    }

    /** Halts the process here if this point is armed and its count has come. */
    public static void reached(String point) {
        String a = armed;
        if (a != null && a.equals(point) && remaining.decrementAndGet() == 0) {
            System.out.println("CRASH POINT " + point + ": halting the process now");
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
