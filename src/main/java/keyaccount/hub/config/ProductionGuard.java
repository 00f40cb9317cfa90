package keyaccount.hub.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        credentials(p, "HUB_BROKER", props.broker().url(), props.broker().user(), props.broker().password());
        credentials(p, "HUB_STORE", props.store().url(), props.store().user(), props.store().password());
        if (props.store().url() != null && props.store().url().startsWith("jdbc:h2:")) {
            p.add("HUB_STORE_URL must point at PostgreSQL, not the embedded H2 store");
        }
        credentials(p, "HUB_97", props.s97().url(), props.s97().user(), props.s97().password());
        credentials(p, "HUB_NMS_DB", props.nmsDb().url(), props.nmsDb().user(), props.nmsDb().password());
        if (props.s97().url().contains(":h2:") || props.nmsDb().url().contains(":h2:")) {
            p.add("HUB_97_URL and HUB_NMS_DB_URL must point at the real 97 and NMS databases, not the simulated ones");
        }
        for (String peer : List.of("billing", "finance")) {
            String variable = "HUB_" + peer.toUpperCase() + "_FTP";
            String prefix = "hub.ftp." + peer + ".";
            if (env.getProperty(prefix + "simulated", Boolean.class, true)) {
                p.add(variable + " is not set (ftp://user:password@host:port): the simulated server would be used");
                continue;
            }
            String user = env.getProperty(prefix + "user");
            if (blank(user) || "anonymous".equalsIgnoreCase(user.trim())) {
                p.add(variable + " has no user");
            }
            if (isDefault(env.getProperty(prefix + "password"))) {
                p.add(variable + " has an empty or default password");
            }
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
        List<Credential> users = new ArrayList<>();
        security.http().users().forEach(u -> users.add(new Credential("user " + u.name(), u.password())));
        security.broker().users().forEach(u -> users.add(new Credential("broker user " + u.name(), u.password())));
        // a bcrypt check costs some 70 ms and each user is tried against every default: users side by side
        users.parallelStream().map(u -> password(u.who(), u.encoded())).toList()
                .forEach(problem -> problem.ifPresent(p::add));
        if (security.http().users().isEmpty()) {
            p.add("the security file has no users");
        }
        return p;
    }

    /** A connection's URL, user and password must all be given, and the password must not be a default. */
    private static void credentials(List<String> p, String variable, String url, String user, String password) {
        if (blank(url)) {
            p.add(variable + "_URL is not set");
        }
        if (blank(user)) {
            p.add(variable + "_USER is not set");
        }
        if (isDefault(password)) {
            p.add(variable + "_PASSWORD is empty or a default password");
        }
    }

    /** A security file's password: encoded (not {noop}), and none of the local file's or another known default. */
    private record Credential(String who, String encoded) {}

    private Optional<String> password(String who, String encoded) {
        if (encoded == null || encoded.startsWith("{noop}")) {
            return Optional.of(who + " has a plain-text password: use {bcrypt}");
        }
        return DEFAULT_PASSWORDS.stream().anyMatch(d -> encoder.matches(d, encoded))
                ? Optional.of(who + " has a default password") : Optional.empty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean isDefault(String password) {
        return password == null || DEFAULT_PASSWORDS.contains(password.trim().toLowerCase());
    }
}
