package keyaccount.hub.core.outbox;

import static keyaccount.hub.core.db.Timestamps.ts;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import keyaccount.hub.test.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Sent outbox rows are kept for the retention period (for traces), then purged; unsent ones never are. */
class OutboxRetentionIT extends HubIntegrationTest {
    @Autowired
    OutboxRelay relay;

    @Test
    void sentRowsOlderThanTheRetentionArePurgedAndPendingOnesKept() {
        String tag = "retention-" + System.nanoTime();
        insert(tag + "-old", T0.minus(Duration.ofDays(8)), true);
        insert(tag + "-recent", T0.minus(Duration.ofDays(6)), true);
        insert(tag + "-unsent", T0.minus(Duration.ofDays(9)), false);
        relay.purgeOld();
        assertThat(store.queryForList("SELECT message_id FROM outbox WHERE message_id LIKE ?", String.class, tag + "%"))
                .containsExactlyInAnyOrder(tag + "-recent", tag + "-unsent");
    }

    private void insert(String id, java.time.Instant at, boolean sent) {
        store.update("INSERT INTO outbox (message_id, destination, correlation_id, headers, body, created_at, sent_at)"
                + " VALUES (?, 'queue:hub.dlq', NULL, '{}', 'x', ?, ?)", id, ts(at), sent ? ts(at) : null);
    }
}
