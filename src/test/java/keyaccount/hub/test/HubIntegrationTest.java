package keyaccount.hub.test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import keyaccount.hub.HubApplication;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole hub, started once per test JVM and shared by the test classes that extend this: the
 * embedded broker on a free TCP port, the store (H2 or PostgreSQL), and in-memory 97 and NMS
 * databases. Outside systems are played through their real interfaces (BrokerClient over TCP,
 * JDBC on their tables). Time is a {@link MutableClock}; each test sets it.
 */
@CamelSpringBootTest
// JMX on, as in production: Hawtio and the operators' page read Camel's route MBeans
@DisableJmx(false)
@AutoConfigureObservability
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(HubIntegrationTest.TestClock.class)
public abstract class HubIntegrationTest {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Business time at the start of each test. */
    public static final Instant T0 = OffsetDateTime.parse("2026-11-22T08:00:00+08:00").toInstant();

    protected static final TestEnvironment ENV = TestEnvironment.create();

    @Autowired
    protected MutableClock clock;
    @Autowired
    protected JdbcTemplate store;

    protected static BrokerClient broker;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        ENV.properties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @TestConfiguration
    public static class TestClock {
        @Bean
        @Primary
        public MutableClock testClock() {
            return new MutableClock(T0, ZONE);
        }
    }

    @BeforeAll
    static void connect() {
        // the context is up before @BeforeAll runs only for the first class; connect lazily instead
    }

    @BeforeEach
    void openBrokerClient() {
        clock.set(T0);
        if (broker == null) {
            broker = BrokerClient.core(ENV.brokerUrl());
        }
    }

    @AfterAll
    static void closeBrokerClient() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The 97 system gets (or changes) a customer. */
    protected static void customer97(String custNo, String name, String custClass, String parent, boolean strategic,
                                     String status) {
        ENV.customer97(custNo, name, custClass, parent, strategic, status);
    }
}
