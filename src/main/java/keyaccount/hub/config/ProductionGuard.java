package keyaccount.hub.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Profile "prod": the hub refuses to start on the embedded defaults or with default passwords,
 * and says everything that is wrong at once.
 */
@Component
@Profile("prod")
public class ProductionGuard implements InitializingBean {
    /** Passwords shipped in this repository or commonly left in place. */
    static final Set<String> DEFAULT_PASSWORDS = Set.of("", "operator", "viewer", "am", "system", "admin", "password",
            "changeme", "change-me", "secret", "postgres", "sa", "artemis", "guest", "123456", "hub-local",
            "callcenter-local", "nms-local", "backoffice-local", "oa-local", "monitor-local", "finance-local",
            "billing-local");

    private final HubProperties props;
    private final SecurityFile security;
    private final PasswordEncoder encoder;
    private final Environment env;

    public ProductionGuard(HubProperties props, SecurityFile security, PasswordEncoder encoder, Environment env) {
        this.props = props;
        this.security = security;
        this.encoder = encoder;
        this.env = env;
    }

    @Override
    public void afterPropertiesSet() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start in production:\n - " + String.join("\n - ", problems));
        }
    }

    List<String> problems() {
        List<String> p = new ArrayList<>();
        if (env.getProperty("spring.artemis.embedded.enabled", Boolean.class, true) || props.broker().embedded()) {
            p.add("HUB_BROKER_EMBEDDED must be false: production uses an external broker (HUB_BROKER_URL)");
        }
        if (blank(props.broker().url())) {
            p.add("HUB_BROKER_URL is not set");
        }
        if (isDefault(props.broker().password())) {
            p.add("HUB_BROKER_PASSWORD is empty or a default password");
        }
        if (props.store().url().startsWith("jdbc:h2:")) {
            p.add("HUB_STORE_URL must point at PostgreSQL, not the embedded H2 store");
        }
        if (isDefault(props.store().password())) {
            p.add("HUB_STORE_PASSWORD is empty or a default password");
        }
        if (props.s97().url().contains(":h2:") || props.nmsDb().url().contains(":h2:")) {
            p.add("HUB_97_URL and HUB_NMS_DB_URL must point at the real 97 and NMS databases, not the simulated ones");
        }
        if (!blank(env.getProperty("hub.test.crash-at"))) {
            p.add("hub.test.crash-at must not be set: it halts the hub on purpose (fault-injection tests only)");
        }
        if (props.simulators()) {
            p.add("HUB_SIMULATORS must be false");
        }
        if (security.local()) {
            p.add("HUB_SECURITY_FILE is not set: the built-in users are for local use only");
        }
        for (SecurityFile.User u : security.http().users()) {
            if (u.password() == null || u.password().startsWith("{noop}")) {
                p.add("user " + u.name() + " has a plain-text password: use {bcrypt}");
            } else if (DEFAULT_PASSWORDS.stream().anyMatch(d -> encoder.matches(d, u.password()))) {
                p.add("user " + u.name() + " has a default password");
            }
        }
        if (security.http().users().isEmpty()) {
            p.add("the security file has no users");
        }
        return p;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean isDefault(String password) {
        return password == null || DEFAULT_PASSWORDS.contains(password.trim().toLowerCase());
    }
}
