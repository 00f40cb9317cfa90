package keyaccount.hub.core.inbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import keyaccount.hub.config.HubProperties;
import org.springframework.stereotype.Component;

/**
 * The limits every inbound message is held to (hub.input): its size, the length of a text field,
 * and the window a timestamp must fall in, measured on the hub's clock.
 */
@Component
public class InputRules {
    private final Clock clock;
    private final HubProperties.Input limits;

    public InputRules(Clock clock, HubProperties props) {
        this.clock = clock;
        this.limits = props.input();
    }

    public HubProperties.Input limits() {
        return limits;
    }

    /** Why this timestamp is not a live event's (too far ahead of the hub's clock, or too old), if it is not. */
    public Optional<String> timeProblem(String field, OffsetDateTime t) {
        if (t == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant at = t.toInstant();
        if (at.isAfter(now.plus(limits.maxClockSkew()))) {
            return Optional.of(field + " " + t + " is in the future (more than " + human(limits.maxClockSkew())
                    + " ahead of the hub's clock)");
        }
        if (at.isBefore(now.minus(limits.maxAge()))) {
            return Optional.of(field + " " + t + " is older than " + human(limits.maxAge()));
        }
        return Optional.empty();
    }

    /** Adds the time problem, if any, to a message's list of problems. */
    public void checkTime(String field, OffsetDateTime t, List<String> problems) {
        timeProblem(field, t).ifPresent(problems::add);
    }

    static String human(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + " days";
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + " hours";
        }
        return d.toMinutes() + " minutes";
    }
}
