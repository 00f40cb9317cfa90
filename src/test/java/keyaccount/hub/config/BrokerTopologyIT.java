package keyaccount.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import keyaccount.hub.test.HubIntegrationTest;
import keyaccount.hub.icd.Queues;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** ICD §1: every queue exists at start, durable, with the routing type the ICD gives. */
class BrokerTopologyIT extends HubIntegrationTest {
    @Autowired
    EmbeddedActiveMQ embedded;

    @Test
    void everyQueueOfTheIcdExistsAtStartWithItsRoutingType() throws Exception {
        ActiveMQServer server = embedded.getActiveMQServer();
        for (String q : Queues.ANYCAST) {
            var query = server.queueQuery(SimpleString.of(q));
            assertThat(query.isExists()).as(q).isTrue();
            assertThat(query.isDurable()).as(q).isTrue();
            assertThat(query.getRoutingType()).as(q).isEqualTo(RoutingType.ANYCAST);
        }
        for (String a : Queues.MULTICAST) {
            AddressInfo info = server.getAddressInfo(SimpleString.of(a));
            assertThat(info).as(a).isNotNull();
            assertThat(info.getRoutingTypes()).as(a).containsExactly(RoutingType.MULTICAST);
        }
        assertThat(server.getConfiguration().isPersistenceEnabled()).isTrue();
        assertThat(server.getConfiguration().getAcceptorConfigurations())
                .anyMatch(a -> String.valueOf(a.getParams().get("protocols")).contains("CORE,AMQP,STOMP"));
    }
}
