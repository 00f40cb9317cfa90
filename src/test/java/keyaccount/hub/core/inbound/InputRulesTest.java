package keyaccount.hub.core.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import keyaccount.hub.config.HubProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The timestamp window with the shipped defaults: 10 minutes ahead of the hub's clock, 30 days behind it. */
class InputRulesTest {
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-22T08:00:00+08:00");

    private static InputRules rules() {
        HubProperties props = new HubProperties(Path.of("."), Path.of("."), ZoneId.of("Asia/Shanghai"), Path.of("."),
                false, null, null, null, null,
                new HubProperties.Input(65536, 2000, Duration.ofMinutes(10), Duration.ofDays(30)),
                null, null, null, null, null, null, null, null, null);
        return new InputRules(Clock.fixed(NOW.toInstant(), ZoneId.of("Asia/Shanghai")), props);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "2026-11-22T08:00:00+08:00, ok",
            "2026-11-22T08:10:00+08:00, ok",              // exactly the allowed skew
            "2026-11-22T08:10:01+08:00, in the future",
            "2026-11-22T00:10:01Z,      in the future",    // the same instant in another offset
            "2999-01-01T00:00:00+08:00, in the future",
            "2026-10-23T08:00:00+08:00, ok",              // exactly 30 days old
            "2026-10-23T07:59:59+08:00, older than 30 days",
            "2019-05-01T00:00:00+08:00, older than 30 days"})
    void aTimestampMustBeALiveEvents(String at, String expected) {
        var problem = rules().timeProblem("ReportedAt", OffsetDateTime.parse(at));
        if ("ok".equals(expected)) {
            assertThat(problem).isEmpty();
        } else {
            assertThat(problem).hasValueSatisfying(p -> assertThat(p).startsWith("ReportedAt ").contains(expected));
        }
    }
}
