package keyaccount.hub.ops;

import java.io.IOException;

import org.apache.commons.net.ftp.FTPClient;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Health of the FTP peers (billing, finance): can the hub connect and log in? An unreachable
 * server turns its component DOWN; nothing else is affected, and the pending work waits for it.
 */
@Configuration
public class FtpPeerHealth {

    @Bean
    public HealthIndicator billingFtpHealthIndicator(Environment env) {
        return () -> check(env, "billing");
    }

    @Bean
    public HealthIndicator financeFtpHealthIndicator(Environment env) {
        return () -> check(env, "finance");
    }

    static Health check(Environment env, String peer) {
        String prefix = "hub.ftp." + peer + ".";
        String host = env.getProperty(prefix + "host", "127.0.0.1");
        int port = Integer.parseInt(env.getProperty(prefix + "port", "21"));
        FTPClient ftp = new FTPClient();
        ftp.setConnectTimeout(3000);
        ftp.setDefaultTimeout(3000);
        try {
            ftp.connect(host, port);
            if (!ftp.login(env.getProperty(prefix + "user", "anonymous"), env.getProperty(prefix + "password", ""))) {
                return Health.down().withDetail("server", host + ":" + port).withDetail("error", "login refused").build();
            }
            return Health.up().withDetail("server", host + ":" + port).build();
        } catch (IOException e) {
            return Health.down().withDetail("server", host + ":" + port).withDetail("error", String.valueOf(e.getMessage()))
                    .build();
        } finally {
            try {
                if (ftp.isConnected()) {
                    ftp.logout();
                    ftp.disconnect();
                }
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
