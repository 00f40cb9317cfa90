package keyaccount.hub.config;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
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
    /** docker/artemis/etc/broker.xml, as the build puts it on the class path. */
    static final String BROKER_XML = "artemis/broker.xml";

    @Bean
    @ConditionalOnProperty(prefix = "spring.artemis.embedded", name = "enabled", havingValue = "true", matchIfMissing = true)
    public ArtemisConfigurationCustomizer hubBrokerCustomizer(HubProperties props) {
        HubProperties.Broker b = props.broker();
        return configuration -> {
            // docker/artemis/etc/broker.xml, the same file a standalone broker runs with: addresses and
            // queues, address settings (hub.dlq, redelivery with back-off), security settings, journal
            FileConfiguration file = brokerXml();
            try {
                configuration.addAcceptorConfiguration("hub-tcp",
                        "tcp://" + b.host() + ":" + b.port() + "?protocols=CORE,AMQP,STOMP");
            } catch (Exception e) {
                throw new IllegalStateException("bad broker acceptor " + b.host() + ":" + b.port(), e);
            }
            configuration.setPersistenceEnabled(file.isPersistenceEnabled());
            configuration.setJournalSyncTransactional(file.isJournalSyncTransactional());
            configuration.setJournalSyncNonTransactional(file.isJournalSyncNonTransactional());
            configuration.setIDCacheSize(file.getIDCacheSize());
            configuration.setPersistIDCache(file.isPersistIDCache());
            configuration.setMaxDiskUsage(file.getMaxDiskUsage());
            // ICD §1: every connection signs in, and each outside system reaches only its own queues
            configuration.setSecurityEnabled(file.isSecurityEnabled());
            configuration.setSecurityRoles(file.getSecurityRoles());
            configuration.setJMXManagementEnabled(true);
            // the redelivery back-off may be shortened by configuration (the tests do)
            file.getAddressSettings().forEach((match, settings) -> configuration.addAddressSetting(match, settings
                    .setRedeliveryDelay(b.redeliveryDelayMs())
                    .setRedeliveryMultiplier(b.redeliveryMultiplier())
                    .setMaxRedeliveryDelay(b.maxRedeliveryDelayMs())));
            file.getAddressConfigurations().forEach(configuration::addAddressConfiguration);
        };
    }

    /** The broker's configuration file, from the jar (copied there from docker/artemis/etc at build). */
    static FileConfiguration brokerXml() {
        try {
            FileConfiguration file = new FileConfiguration();
            FileDeploymentManager deployment = new FileDeploymentManager(BROKER_XML);
            deployment.addDeployable(file);
            deployment.readConfiguration();
            return file;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the broker's configuration " + BROKER_XML, e);
        }
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
