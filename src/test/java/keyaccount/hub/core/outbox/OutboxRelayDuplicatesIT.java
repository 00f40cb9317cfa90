package keyaccount.hub.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubHttp;
import keyaccount.hub.test.HubIntegrationTest;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay after a crash that left a batch on the broker but its rows unmarked: the broker
 * holds the messages (with their duplicate ids) and the store still lists them as pending. The
 * relay must deliver each message exactly once and mark every row, not fail the same way forever;
 * and a message the broker refuses for good is set aside with a DLQ alarm while the rest go on.
 */
class OutboxRelayDuplicatesIT extends HubIntegrationTest {
    private static final String RELAY = "hub-outbox-relay";

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    CamelContext camel;
    @LocalServerPort
    int port;

    @BeforeEach
    void holdTheRelay() throws Exception {
        camel.getRouteController().stopRoute(RELAY);
    }

    @AfterEach
    void releaseTheRelay() throws Exception {
        camel.getRouteController().startRoute(RELAY);
    }

    @Test
    void aBatchTheBrokerAlreadyTookIsMarkedSentAndDeliveredOnce() throws Exception {
        String queue = "test.relay." + FaultMessages.unique();
        List<String> before = new ArrayList<>();
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < 5; i++) {
                before.add(outbox.send(Outbox.QUEUE + queue, "FT-TEST-" + i, Map.of("HubKeyAccount", "true"), "message " + i));
            }
        });
        // what the relay did before the crash: the whole batch committed on the broker, duplicate ids set
        brokerTookTheBatch(queue, before);
        // and what was written after it
        List<String> after = new ArrayList<>();
        tx.executeWithoutResult(s -> {
            for (int i = 5; i < 8; i++) {
                after.add(outbox.send(Outbox.QUEUE + queue, "FT-TEST-" + i, Map.of(), "message " + i));
            }
        });

        camel.getRouteController().startRoute(RELAY);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pending(queue) == 0);

        try (BrokerClient peer = BrokerClient.core(ENV.brokerUrl())) {
            Recorder got = peer.recordQueue(queue);
            got.awaitCount(r -> true, 8, Duration.ofSeconds(10));
            Thread.sleep(500); // a ninth (a duplicate) would have arrived with the others
            List<String> ids = got.all().stream().map(r -> r.property("HubMessageId")).toList();
            List<String> expected = new ArrayList<>(before);
            expected.addAll(after);
            assertThat(ids).containsExactlyElementsOf(expected);
        }
        assertThat(store.queryForObject("SELECT COUNT(*) FROM outbox WHERE destination = ? AND refused_at IS NOT NULL",
                Integer.class, Outbox.QUEUE + queue)).isZero();
    }

    @Test
    void aMessageTheBrokerRefusesForGoodIsSetAsideAndTheRestGoOn() throws Exception {
        String queue = "test.relay." + FaultMessages.unique();
        List<String> ids = new ArrayList<>();
        tx.executeWithoutResult(s -> {
            ids.add(outbox.send(Outbox.QUEUE + queue, "FT-TEST-A", Map.of(), "first"));
            // a property name JMS does not allow: no broker takes this message, however often it is sent
            ids.add(outbox.send(Outbox.QUEUE + queue, "FT-TEST-B", Map.of("not a name", "x"), "refused"));
            ids.add(outbox.send(Outbox.QUEUE + queue, "FT-TEST-C", Map.of(), "third"));
        });
        camel.getRouteController().startRoute(RELAY);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pending(queue) == 0);

        assertThat(store.queryForObject("SELECT refusal FROM outbox WHERE message_id = ?", String.class, ids.get(1)))
                .isNotBlank();
        assertThat(store.queryForObject("SELECT COUNT(*) FROM alarm WHERE kind = 'DLQ' AND dedupe_key = ?", Integer.class,
                "OUTBOX|" + ids.get(1))).isEqualTo(1);
        try (BrokerClient peer = BrokerClient.core(ENV.brokerUrl())) {
            Recorder got = peer.recordQueue(queue);
            got.awaitCount(r -> true, 2, Duration.ofSeconds(10));
            assertThat(got.all().stream().map(r -> r.property("HubMessageId")).toList())
                    .containsExactly(ids.get(0), ids.get(2));
        }

        // operators see it, and may put it back in line once its cause is fixed (audited); viewers only look
        HubHttp http = new HubHttp(port);
        assertThat(http.get("/api/v1/outbox/refused", "viewer:viewer").body()).contains(ids.get(1)).contains("AMQ139012");
        assertThat(http.post("/api/v1/outbox/" + ids.get(1) + "/resend", "viewer:viewer", "{}").statusCode()).isEqualTo(403);
        assertThat(http.post("/api/v1/outbox/" + ids.get(1) + "/resend", "operator:operator", "{}").statusCode()).isEqualTo(200);
        assertThat(http.post("/api/v1/outbox/no-such-message/resend", "operator:operator", "{}").statusCode()).isEqualTo(404);
        assertThat(store.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'OUTBOX_RESEND' AND target = ?",
                Integer.class, ids.get(1))).isEqualTo(1);
        // still refused (nothing changed): set aside again, and its alarm is not raised a second time
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.queryForObject(
                "SELECT COUNT(*) FROM outbox WHERE message_id = ? AND refused_at IS NOT NULL", Integer.class, ids.get(1)) == 1);
        assertThat(store.queryForObject("SELECT COUNT(*) FROM alarm WHERE dedupe_key = ?", Integer.class,
                "OUTBOX|" + ids.get(1))).isEqualTo(1);
    }

    private int pending(String queue) {
        return store.queryForObject("SELECT COUNT(*) FROM outbox WHERE destination = ? AND sent_at IS NULL"
                + " AND refused_at IS NULL", Integer.class, Outbox.QUEUE + queue);
    }

    /** Sends the rows as the relay would have, in one broker transaction with their duplicate ids. */
    private void brokerTookTheBatch(String queue, List<String> messageIds) throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(ENV.brokerUrl());
        try (Connection c = factory.createConnection(BrokerClient.HUB_USER, BrokerClient.HUB_PASSWORD)) {
            Session session = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (String id : messageIds) {
                String body = store.queryForObject("SELECT body FROM outbox WHERE message_id = ?", String.class, id);
                TextMessage m = session.createTextMessage(body);
                m.setStringProperty("HubMessageId", id);
                m.setStringProperty(OutboxRelay.DUPLICATE_ID, id);
                producer.send(m);
            }
            session.commit();
        }
    }
}
