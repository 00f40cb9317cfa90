package keyaccount.hub.form.fault;

import java.util.Map;
import java.util.Optional;

/**
 * The fault ticket's state machine, as a table: (from-state, event) → to-state. A pair not in
 * the table does not move the ticket; that is how late, duplicate and out-of-order returns are
 * kept from moving it backwards.
 */
public final class FaultTransitions {

    public enum State {
        ACCEPTED, DIAGNOSED, DISPATCHED, RESOLVED, CLOSED, REJECTED;

        /** The status the call center sees (ICD §2 FaultReply). */
        public String replyStatus() {
            return switch (this) {
                case ACCEPTED -> "ACCEPTED";
                case DIAGNOSED, DISPATCHED -> "IN_PROGRESS";
                case RESOLVED -> "RESOLVED";
                case CLOSED -> "CLOSED";
                case REJECTED -> "REJECTED";
            };
        }

        public boolean terminal() {
            return this == CLOSED || this == REJECTED;
        }
    }

    public enum Event {
        /** network management diagnosed the fault */
        DIAGNOSED,
        /** network management dispatched a station */
        DISPATCHED,
        /** a station repaired it */
        REPAIRED,
        /** a station could not repair it: back for re-dispatch (异常返单) */
        EXCEPTION,
        /** diagnosis found no fault: closed with that reason */
        NO_FAULT,
        /** resolved and quiet for the quiet period */
        AUTO_CLOSE,
        /** a new report on the circuit within the quiet period */
        REOPEN
    }

    private record Key(State from, Event event) {}

    private static final Map<Key, State> TABLE = Map.ofEntries(
            Map.entry(new Key(State.ACCEPTED, Event.DIAGNOSED), State.DIAGNOSED),
            Map.entry(new Key(State.ACCEPTED, Event.DISPATCHED), State.DISPATCHED),
            Map.entry(new Key(State.ACCEPTED, Event.REPAIRED), State.RESOLVED),
            Map.entry(new Key(State.ACCEPTED, Event.EXCEPTION), State.ACCEPTED),
            Map.entry(new Key(State.ACCEPTED, Event.NO_FAULT), State.CLOSED),

            Map.entry(new Key(State.DIAGNOSED, Event.DISPATCHED), State.DISPATCHED),
            Map.entry(new Key(State.DIAGNOSED, Event.REPAIRED), State.RESOLVED),
            Map.entry(new Key(State.DIAGNOSED, Event.EXCEPTION), State.ACCEPTED),
            Map.entry(new Key(State.DIAGNOSED, Event.NO_FAULT), State.CLOSED),

            Map.entry(new Key(State.DISPATCHED, Event.REPAIRED), State.RESOLVED),
            Map.entry(new Key(State.DISPATCHED, Event.EXCEPTION), State.ACCEPTED),
            Map.entry(new Key(State.DISPATCHED, Event.NO_FAULT), State.CLOSED),

            Map.entry(new Key(State.RESOLVED, Event.AUTO_CLOSE), State.CLOSED),
            Map.entry(new Key(State.RESOLVED, Event.REOPEN), State.ACCEPTED));

    private FaultTransitions() {}

    public static Optional<State> next(State from, Event event) {
        return Optional.ofNullable(TABLE.get(new Key(from, event)));
    }
}
