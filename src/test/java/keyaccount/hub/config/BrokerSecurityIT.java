package keyaccount.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.HubIntegrationTest;
import keyaccount.hub.icd.Queues;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/** ICD §1: each outside system has its own broker user that reaches only its own queues; no anonymous access. */
class BrokerSecurityIT extends HubIntegrationTest {

    @Test
    void anonymousAndWrongPasswordsAreRefused() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(ENV.brokerUrl());
        assertThatThrownBy(() -> factory.createConnection().close()).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> factory.createConnection("callcenter", "wrong").close())
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void aSystemSendsOnlyToItsInboundQueuesAndConsumesOnlyItsOutboundOnes() throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(ENV.brokerUrl());
        try (Connection cc = factory.createConnection("callcenter", "callcenter-local")) {
            Session s = cc.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // its own: allowed
            s.createConsumer(s.createQueue(Queues.CC_FAULT_REPLY)).close();
            try (MessageProducer ok = s.createProducer(s.createQueue(Queues.CC_FAULT_REPORT))) {
                ok.send(s.createTextMessage("<FaultReport/>")); // dead-lettered by the hub, but accepted by the broker
            }
            // another system's queue: refused
            assertThatThrownBy(() -> {
                try (MessageProducer p = s.createProducer(s.createQueue(Queues.NMS_FAULT_RETURN))) {
                    p.send(s.createTextMessage("{}"));
                }
            }).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue(Queues.NMS_FAULT_DISPATCH)))
                    .isInstanceOf(JMSSecurityException.class);
            // the hub's own outbound queue toward it is not for sending
            assertThatThrownBy(() -> {
                try (MessageProducer p = s.createProducer(s.createQueue(Queues.CC_FAULT_REPLY))) {
                    p.send(s.createTextMessage("<FaultReply/>"));
                }
            }).isInstanceOf(JMSSecurityException.class);
            // everyone may subscribe to the hub's alarms
            s.createConsumer(s.createTopic(Queues.HUB_ALARM)).close();
        }
        try (Connection nms = factory.createConnection("nms", "nms-local")) {
            Session s = nms.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createConsumer(s.createQueue(Queues.NMS_WORKORDER_DISPATCH)).close();
            assertThatThrownBy(() -> s.createConsumer(s.createQueue(Queues.CC_FAULT_REPLY)))
                    .isInstanceOf(JMSSecurityException.class);
        }
        try (BrokerClient monitor = BrokerClient.core(ENV.brokerUrl(), "monitor", "monitor-local")) {
            assertThat(monitor.subscribe(Queues.HUB_EVENT)).isNotNull();
            assertThatThrownBy(() -> monitor.sendText(Queues.CC_FAULT_REPORT, "<x/>")).hasCauseInstanceOf(
                    JMSSecurityException.class);
        }
    }
}
