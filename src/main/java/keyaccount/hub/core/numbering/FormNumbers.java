package keyaccount.hub.core.numbering;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Form numbers {@code PREFIX-YYYYMMDD-NNNNNN} (day in the hub's time zone), counted per prefix
 * and day in the store. The counter row is locked until the caller's transaction ends, so numbers
 * are unique across restarts and hub instances, and a rolled-back form gives its number back.
 */
@Component
public class FormNumbers {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public FormNumbers(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public String next(String prefix) {
        return String.format("%s-%s-%06d", prefix, LocalDate.now(clock).format(DAY), nextValue(prefix));
    }

    /** The next value of today's counter for a prefix (e.g. the N of a file name). */
    @Transactional(propagation = Propagation.MANDATORY)
    public long nextValue(String prefix) {
        String day = LocalDate.now(clock).format(DAY);
        String bump = "UPDATE form_sequence SET last_value = last_value + 1 WHERE prefix = ? AND seq_day = ?";
        if (jdbc.update(bump, prefix, day) == 0) {
            int inserted = jdbc.update(
                    "INSERT INTO form_sequence (prefix, seq_day, last_value) VALUES (?, ?, 1) ON CONFLICT DO NOTHING",
                    prefix, day);
            if (inserted == 0) {
                // another instance created today's row between our two statements
                jdbc.update(bump, prefix, day);
            }
        }
        Long value = jdbc.queryForObject(
                "SELECT last_value FROM form_sequence WHERE prefix = ? AND seq_day = ?", Long.class, prefix, day);
        return value;
    }
}
