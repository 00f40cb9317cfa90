package keyaccount.hub.config;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker. Embedded by default (Spring Boot starts Artemis in-process; the hub itself talks
 * to it in-VM, outside systems over one TCP acceptor that speaks CORE, AMQP and STOMP).
 * With HUB_BROKER_EMBEDDED=false Spring Boot connects to HUB_BROKER_URL instead and none of
 * the embedded settings apply.
 */
@Configuration
public class BrokerConfig {

    @Bean
    @ConditionalOnProperty(prefix = "spring.artemis.embedded", name = "enabled", havingValue = "true", matchIfMissing = true)
    public ArtemisConfigurationCustomizer hubBrokerCustomizer(HubProperties props) {
        HubProperties.Broker b = props.broker();
        return configuration -> {
            try {
                configuration.addAcceptorConfiguration("hub-tcp",
                        "tcp://" + b.host() + ":" + b.port() + "?protocols=CORE,AMQP,STOMP");
            } catch (Exception e) {
                throw new IllegalStateException("bad broker acceptor " + b.host() + ":" + b.port(), e);
            }
            configuration.setPersistenceEnabled(true);
            // ICD §1: every connection signs in, and each outside system reaches only its own queues
            configuration.setSecurityEnabled(true);
            BrokerSecurity.addressRoles().forEach(configuration::putSecurityRoles);
            configuration.setJMXManagementEnabled(true);
            configuration.setMaxDiskUsage(98);

            // Everything undeliverable ends in hub.dlq; outside consumers get the broker's usual 10 tries.
            configuration.addAddressSetting("#", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(Queues.HUB_DLQ))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                    .setMaxDeliveryAttempts(10)
                    .setRedeliveryDelay(b.redeliveryDelayMs())
                    .setRedeliveryMultiplier(b.redeliveryMultiplier())
                    .setMaxRedeliveryDelay(b.maxRedeliveryDelayMs()));
            // The hub's own inbound queues: a failure the hub cannot attribute to the message (the
            // store is down, say) is retried until it succeeds; the hub itself moves messages that
            // keep failing for other reasons to hub.dlq with the reason (see InboundErrorHandling).
            for (String q : Queues.INBOUND) {
                configuration.addAddressSetting(q, new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(Queues.HUB_DLQ))
                        .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                        .setMaxDeliveryAttempts(-1)
                        .setRedeliveryDelay(b.redeliveryDelayMs())
                        .setRedeliveryMultiplier(b.redeliveryMultiplier())
                        .setMaxRedeliveryDelay(b.maxRedeliveryDelayMs()));
            }
            for (String q : Queues.ANYCAST) {
                configuration.addQueueConfiguration(QueueConfiguration.of(q)
                        .setAddress(q).setRoutingType(RoutingType.ANYCAST).setDurable(true));
            }
            for (String a : Queues.MULTICAST) {
                configuration.addAddressConfiguration(
                        new org.apache.activemq.artemis.core.config.CoreAddressConfiguration()
                                .setName(a).addRoutingType(RoutingType.MULTICAST));
            }
        };
    }

    /** Installs the hub's security manager on the embedded broker before it starts. */
    @Bean
    public static BeanPostProcessor brokerSecurityInstaller(ObjectProvider<SecurityFile> securityFile,
                                                            ObjectProvider<PasswordEncoder> encoder,
                                                            ObjectProvider<HubProperties> props) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof EmbeddedActiveMQ broker) {
                    broker.setSecurityManager(new BrokerSecurity(securityFile.getObject(), encoder.getObject()));
                }
                // Spring Boot's embedded-mode factory signs in as nobody; the hub signs in as its own user
                ActiveMQConnectionFactory factory = bean instanceof JmsPoolConnectionFactory pool
                        && pool.getConnectionFactory() instanceof ActiveMQConnectionFactory inner ? inner
                        : bean instanceof ActiveMQConnectionFactory direct ? direct : null;
                if (factory != null && factory.getUser() == null) {
                    factory.setUser(props.getObject().broker().user());
                    factory.setPassword(props.getObject().broker().password());
                }
                return bean;
            }
        };
    }

    /** Camel's jms component on the pooled connection factory Spring Boot builds. */
    @Bean(name = "jms")
    public JmsComponent jms(ConnectionFactory connectionFactory) {
        JmsComponent jms = JmsComponent.jmsComponent(connectionFactory);
        jms.setCacheLevelName("CACHE_CONSUMER");
        return jms;
    }
}
