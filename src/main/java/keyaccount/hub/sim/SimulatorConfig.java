package keyaccount.hub.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;
import org.springframework.context.event.EventListener;

/**
 * The simulated peers of the embedded default (HUB_SIMULATORS=true, or the profile "demo"). They
 * talk to the hub only through the ICD's interfaces: JDBC on their own databases, JMS over the
 * broker's TCP port, and the hub's REST API. Absent otherwise.
 */
@Configuration
@ConditionalOnProperty(name = "hub.simulators", havingValue = "true")
public class SimulatorConfig {
    private final java.time.ZoneId zone;
    private final java.nio.file.Path dataDir;
    private final ObjectMapper json;
    private final List<SimulatedPeer> peers = new ArrayList<>();
    private final ScheduledExecutorService changes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-97");
        t.setDaemon(true);
        return t;
    });

    @Value("${hub.sim.report-interval-ms:2000}")
    long reportIntervalMs;
    @Value("${hub.sim.first-report-delay-ms:3000}")
    long firstReportDelayMs;
    @Value("${hub.sim.nms-step-ms:2000}")
    long nmsStepMs;
    @Value("${hub.sim.nms-slow-ms:40000}")
    long nmsSlowMs;
    @Value("${hub.sim.slip-interval-ms:15000}")
    long slipIntervalMs;
    @Value("${hub.sim.order-interval-ms:8000}")
    long orderIntervalMs;
    @Value("${hub.sim.oa-user:am}")
    String oaUser;
    @Value("${hub.sim.oa-password:am}")
    String oaPassword;

    private final org.springframework.core.env.Environment env;

    /** A simulated system's broker password: hub.sim.broker-password.SYSTEM, else the local file's. */
    private String password(String system) {
        return env.getProperty("hub.sim.broker-password." + system, system + "-local");
    }

    /**
     * The simulators are configured like any peer would be, from the same settings the hub reads
     * (its data folder, time zone, broker port and the peers' databases), not from the hub's classes.
     */
    public SimulatorConfig(ObjectMapper json, org.springframework.core.env.Environment env) {
        this.env = env;
        this.json = json;
        this.zone = java.time.ZoneId.of(env.getRequiredProperty("hub.timezone"));
        this.dataDir = java.nio.file.Path.of(env.getRequiredProperty("hub.data-dir"));
    }

    private SimulatedDatabases.Db db(String prefix) {
        return new SimulatedDatabases.Db(env.getRequiredProperty(prefix + ".url"), env.getProperty(prefix + ".user", ""),
                env.getProperty(prefix + ".password", ""));
    }

    /** Created with the context, so the tables exist before the hub's first read. */
    @Bean
    public SimulatedDatabases simulatedDatabases() {
        SimulatedDatabases db = new SimulatedDatabases(db("hub.s97"), db("hub.nms-db"));
        db.create();
        changes.scheduleWithFixedDelay(db::touchACustomer, 30, 30, TimeUnit.SECONDS);
        changes.scheduleWithFixedDelay(db::insertOrder, orderIntervalMs, orderIntervalMs, TimeUnit.MILLISECONDS);
        return db;
    }

    /** Finance's FTP server (ICD §5), when HUB_FINANCE_FTP does not name a real one. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "hub.ftp.finance.simulated", havingValue = "true")
    public SimulatedFtpServer simulatedFinanceFtp(Environment env) {
        SimulatedFtpServer server = ftp(env, "finance", List.of("settlement", "payments", "arrears"));
        SimulatedPeerFiles.finance(server.root(), simulatedDatabases().customers(), zone);
        return server;
    }

    /** Billing's FTP server (ICD §5), when HUB_BILLING_FTP does not name a real one. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "hub.ftp.billing.simulated", havingValue = "true")
    public SimulatedFtpServer simulatedBillingFtp(Environment env) {
        SimulatedFtpServer server = ftp(env, "billing", List.of("revenue"));
        SimulatedPeerFiles.billing(server.root(), simulatedDatabases().customers(), zone);
        return server;
    }

    private SimulatedFtpServer ftp(Environment env, String peer, List<String> folders) {
        String prefix = "hub.ftp." + peer + ".";
        int port = Integer.parseInt(env.getRequiredProperty(prefix + "port"));
        SimulatedFtpServer server = new SimulatedFtpServer(port, env.getRequiredProperty(prefix + "user"),
                env.getRequiredProperty(prefix + "password"), dataDir.resolve("sim/ftp/" + peer), folders);
        org.slf4j.LoggerFactory.getLogger(SimulatorConfig.class).info("[sim-{}] FTP server on 127.0.0.1:{} serving {}",
                peer, port, server.root());
        return server;
    }

    /** The hub is up, routes included: the peers start talking. */
    @EventListener
    public void start(ApplicationReadyEvent event) {
        if (!peers.isEmpty()) {
            return;
        }
        String broker = "tcp://" + env.getRequiredProperty("hub.broker.host") + ":" + env.getRequiredProperty("hub.broker.port");
        SimulatedDatabases db = simulatedDatabases();
        peers.add(new SimulatedNetworkManagement(broker, password("nms"), json, zone, nmsStepMs, nmsSlowMs));
        peers.add(new SimulatedBackOffice(broker, password("backoffice"), json, zone, nmsStepMs * 3));
        peers.add(new SimulatedCallCenter(broker, password("callcenter"), db.customers(), reportIntervalMs, firstReportDelayMs,
                zone));
        int httpPort = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
        peers.add(new SimulatedFrontOffice(broker, password("oa"), db.customers(), httpPort, oaUser, oaPassword, slipIntervalMs));
        peers.forEach(SimulatedPeer::start);
    }

    @EventListener
    public void stop(ContextClosedEvent event) {
        changes.shutdownNow();
        peers.forEach(SimulatedPeer::close);
        peers.clear();
    }
}
