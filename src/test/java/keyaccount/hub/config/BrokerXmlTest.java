package keyaccount.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import keyaccount.hub.icd.Queues;

/**
 * docker/artemis/etc/broker.xml, the one file both the embedded and a standalone broker run with,
 * says what ICD §1 and the README's security table say: every queue and topic, hub.dlq as the
 * dead-letter address with back-off, and each outside system sending and consuming only its own queues.
 */
class BrokerXmlTest {
    /** ICD §1 and the README, per outside system: the queues it sends to, and the queues it consumes. */
    private static final Map<String, List<List<String>>> SYSTEMS = Map.of(
            "callcenter", List.of(List.of(Queues.CC_FAULT_REPORT), List.of(Queues.CC_FAULT_REPLY)),
            "nms", List.of(List.of(Queues.NMS_FAULT_RETURN, Queues.NMS_RESOURCE_REPLY, Queues.NMS_WORKORDER_RETURN),
                    List.of(Queues.NMS_FAULT_DISPATCH, Queues.NMS_RESOURCE_REQUEST, Queues.NMS_WORKORDER_DISPATCH)),
            "backoffice", List.of(List.of(Queues.BACKOFFICE_SLIP_ANSWER), List.of(Queues.BACKOFFICE_SLIP_REQUEST)),
            "oa", List.of(List.of(), List.of(Queues.OA_SLIP_REPLY)));

    private final FileConfiguration broker = BrokerConfig.brokerXml();

    @Test
    void everyQueueIsAnycastAndDurableAndTheTopicsMulticast() {
        Map<String, CoreAddressConfiguration> addresses = broker.getAddressConfigurations().stream()
                .collect(Collectors.toMap(CoreAddressConfiguration::getName, a -> a));
        for (String q : Queues.ANYCAST) {
            assertThat(addresses.get(q).getRoutingTypes()).as(q).containsExactly(RoutingType.ANYCAST);
            assertThat(addresses.get(q).getQueueConfigs()).as(q).singleElement()
                    .satisfies(c -> assertThat(c.isDurable()).isNotEqualTo(Boolean.FALSE));
        }
        for (String t : Queues.MULTICAST) {
            assertThat(addresses.get(t).getRoutingTypes()).as(t).containsExactly(RoutingType.MULTICAST);
        }
        assertThat(broker.isPersistenceEnabled()).isTrue();
        assertThat(broker.isSecurityEnabled()).isTrue();
        assertThat(broker.isPersistIDCache()).isTrue();
        assertThat(broker.getIDCacheSize()).as("duplicate ids kept per address").isGreaterThanOrEqualTo(20_000);
    }

    @Test
    void undeliverableMessagesGoToHubDlqAndTheHubsOwnQueuesAreRetriedUntilItCanHandleThem() {
        Map<String, AddressSettings> settings = broker.getAddressSettings();
        assertThat(settings.get("#").getDeadLetterAddress().toString()).isEqualTo(Queues.HUB_DLQ);
        assertThat(settings.get("#").getMaxDeliveryAttempts()).isEqualTo(10);
        for (String q : Queues.INBOUND) {
            assertThat(settings.get(q).getDeadLetterAddress().toString()).as(q).isEqualTo(Queues.HUB_DLQ);
            assertThat(settings.get(q).getMaxDeliveryAttempts()).as(q).isEqualTo(-1);
            assertThat(settings.get(q).getRedeliveryDelay()).as(q).isPositive();
            assertThat(settings.get(q).getRedeliveryMultiplier()).as(q).isGreaterThan(1.0);
        }
    }

    @Test
    void eachOutsideSystemSendsAndConsumesOnlyItsOwnQueuesAndAnyoneSignedInSubscribes() {
        Map<String, Set<Role>> roles = broker.getSecurityRoles();
        for (String q : Queues.ANYCAST) {
            Set<String> senders = SYSTEMS.entrySet().stream().filter(e -> e.getValue().get(0).contains(q))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            Set<String> consumers = SYSTEMS.entrySet().stream().filter(e -> e.getValue().get(1).contains(q))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertThat(holders(roles.get(q), Role::isSend)).as("who sends to " + q)
                    .containsExactlyInAnyOrderElementsOf(with("hub", senders));
            assertThat(holders(roles.get(q), Role::isConsume)).as("who consumes " + q)
                    .containsExactlyInAnyOrderElementsOf(with("hub", consumers));
            assertThat(holders(roles.get(q), Role::isManage)).as("who manages " + q).containsExactly("hub");
        }
        for (String t : Queues.MULTICAST) {
            assertThat(holders(roles.get(t), Role::isSend)).as("who publishes on " + t).containsExactly("hub");
            assertThat(holders(roles.get(t), Role::isCreateNonDurableQueue)).as("who subscribes to " + t)
                    .containsExactlyInAnyOrder("hub", "callcenter", "nms", "backoffice", "oa", "subscriber");
        }
        assertThat(roles.get("#").stream().map(Role::getName)).as("everything else").containsExactly("hub");
    }

    private static Set<String> holders(Set<Role> roles, Predicate<Role> right) {
        return roles.stream().filter(right).map(Role::getName).collect(Collectors.toSet());
    }

    private static Set<String> with(String role, Set<String> others) {
        Set<String> all = new java.util.HashSet<>(others);
        all.add(role);
        return all;
    }
}
