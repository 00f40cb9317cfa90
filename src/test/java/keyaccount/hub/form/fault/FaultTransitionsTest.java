package keyaccount.hub.form.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import keyaccount.hub.form.fault.FaultTransitions.Event;
import keyaccount.hub.form.fault.FaultTransitions.State;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The fault ticket's transition table, row by row, and what it refuses. */
class FaultTransitionsTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            "ACCEPTED, DIAGNOSED, DIAGNOSED",
            "ACCEPTED, DISPATCHED, DISPATCHED",
            "ACCEPTED, REPAIRED, RESOLVED",
            "ACCEPTED, EXCEPTION, ACCEPTED",
            "ACCEPTED, NO_FAULT, CLOSED",
            "DIAGNOSED, DISPATCHED, DISPATCHED",
            "DIAGNOSED, REPAIRED, RESOLVED",
            "DIAGNOSED, EXCEPTION, ACCEPTED",
            "DISPATCHED, REPAIRED, RESOLVED",
            "DISPATCHED, EXCEPTION, ACCEPTED",
            "DISPATCHED, NO_FAULT, CLOSED",
            "RESOLVED, AUTO_CLOSE, CLOSED",
            "RESOLVED, REOPEN, ACCEPTED",
    })
    void allowed(State from, Event event, State to) {
        assertThat(FaultTransitions.next(from, event)).contains(to);
    }

    @ParameterizedTest(name = "{0} + {1} does not move")
    @CsvSource({
            "DIAGNOSED, DIAGNOSED",
            "DISPATCHED, DIAGNOSED",
            "DISPATCHED, DISPATCHED",
            "RESOLVED, DIAGNOSED",
            "RESOLVED, DISPATCHED",
            "RESOLVED, REPAIRED",
            "RESOLVED, EXCEPTION",
            "RESOLVED, NO_FAULT",
            "ACCEPTED, AUTO_CLOSE",
            "DISPATCHED, REOPEN",
    })
    void lateDuplicateOrOutOfOrderStepsNeverMoveATicketBackwards(State from, Event event) {
        assertThat(FaultTransitions.next(from, event)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @EnumSource(Event.class)
    void closedAndRejectedTicketsAreFinal(Event event) {
        assertThat(FaultTransitions.next(State.CLOSED, event)).isEmpty();
        assertThat(FaultTransitions.next(State.REJECTED, event)).isEmpty();
    }
}
