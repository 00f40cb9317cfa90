package keyaccount.hub.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The users of the hub's HTTP API (and, later, of the broker) with their roles, from the file
 * HUB_SECURITY_FILE names; without it, the local-only file on the classpath. Passwords are
 * Spring Security encoded values: {bcrypt}..., or {noop}... for local use only.
 */
public record SecurityFile(String source, Http http, Broker broker) {

    public static final String LOCAL = "security-local.yaml";

    public record Http(List<User> users) {}

    /** Broker users: an outside system's user names its {@code system}; the hub's own has role {@code hub}. */
    public record Broker(List<BrokerUser> users) {}

    public record BrokerUser(String name, String password, String system, List<String> roles) {}

    public record User(String name, String password, List<String> roles) {}

    public boolean local() {
        return source.startsWith("classpath:");
    }

    public static SecurityFile load(String path) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try {
            if (path == null || path.isBlank()) {
                try (InputStream in = SecurityFile.class.getClassLoader().getResourceAsStream(LOCAL)) {
                    return withSource(yaml.readValue(in, SecurityFile.class), "classpath:" + LOCAL);
                }
            }
            try (InputStream in = Files.newInputStream(Path.of(path))) {
                return withSource(yaml.readValue(in, SecurityFile.class), path);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the security file " + path + ": " + e.getMessage(), e);
        }
    }

    private static SecurityFile withSource(SecurityFile f, String source) {
        Http http = f == null || f.http() == null || f.http().users() == null ? new Http(new ArrayList<>()) : f.http();
        Broker broker = f == null || f.broker() == null || f.broker().users() == null
                ? new Broker(new ArrayList<>()) : f.broker();
        return new SecurityFile(source, http, broker);
    }
}
