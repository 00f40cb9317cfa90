package keyaccount.hub.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * HUB_BILLING_FTP and HUB_FINANCE_FTP are given as {@code ftp://user:password@host:port} (ICD §8);
 * routes want the parts. This splits each into hub.ftp.billing.host/port/user/password (and
 * finance likewise) before the application starts. Without them, the simulated servers'
 * addresses (127.0.0.1, hub.ftp.*.sim-port) apply.
 */
public class FtpUrls implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> parts = new LinkedHashMap<>();
        split(env, "billing", env.getProperty("HUB_BILLING_FTP", env.getProperty("hub.billing-ftp", "")), "2121", parts);
        split(env, "finance", env.getProperty("HUB_FINANCE_FTP", env.getProperty("hub.finance-ftp", "")), "2122", parts);
        env.getPropertySources().addLast(new MapPropertySource("hub-ftp-urls", parts));
    }

    private static void split(ConfigurableEnvironment env, String peer, String url, String simPort, Map<String, Object> parts) {
        String prefix = "hub.ftp." + peer + ".";
        if (url == null || url.isBlank()) {
            parts.put(prefix + "host", "127.0.0.1");
            parts.put(prefix + "port", env.getProperty(prefix + "sim-port", simPort));
            parts.put(prefix + "user", peer);
            parts.put(prefix + "password", peer + "-local");
            parts.put(prefix + "simulated", "true");
            return;
        }
        URI u = URI.create(url.trim());
        if (!"ftp".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("HUB_" + peer.toUpperCase() + "_FTP must look like ftp://user:password@host:port");
        }
        String[] info = u.getRawUserInfo() == null ? new String[] {"anonymous", ""} : u.getRawUserInfo().split(":", 2);
        parts.put(prefix + "host", u.getHost());
        parts.put(prefix + "port", Integer.toString(u.getPort() < 0 ? 21 : u.getPort()));
        parts.put(prefix + "user", URLDecoder.decode(info[0], StandardCharsets.UTF_8));
        parts.put(prefix + "password", info.length > 1 ? URLDecoder.decode(info[1], StandardCharsets.UTF_8) : "");
        parts.put(prefix + "simulated", "false");
    }
}
