package keyaccount.hub.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import keyaccount.hub.test.HubProcess;
import keyaccount.hub.test.TestEnvironment;
import org.junit.jupiter.api.Test;

/** Production (profile prod) refuses to start with the embedded defaults and default passwords, naming every problem at once. */
class ProductionGuardIT {

    @Test
    void productionRefusesToStartWithDefaults() {
        TestEnvironment env = TestEnvironment.create();
        assertThatThrownBy(() -> HubProcess.start(env, Map.of("spring.profiles.active", "prod",
                "hub.store.url", "jdbc:h2:mem:prodguard;DB_CLOSE_DELAY=-1",
                "hub.test.crash-at", "relay-after-broker-commit")).close())
                .hasStackTraceContaining("refusing to start in production")
                .hasStackTraceContaining("HUB_BROKER_URL is not set")
                .hasStackTraceContaining("HUB_STORE_PASSWORD is empty or a default password")
                .hasStackTraceContaining("HUB_SECURITY_FILE is not set")
                .hasStackTraceContaining("HUB_97_PASSWORD is empty or a default password")
                .hasStackTraceContaining("HUB_NMS_DB_PASSWORD is empty or a default password")
                .hasStackTraceContaining("HUB_BILLING_FTP is not set")
                .hasStackTraceContaining("HUB_FINANCE_FTP is not set")
                .hasStackTraceContaining("broker user hub has a plain-text password")
                .hasStackTraceContaining("hub.test.crash-at must not be set");
    }
}
