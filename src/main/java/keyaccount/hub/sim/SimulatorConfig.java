package keyaccount.hub.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.config.HubProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * The simulated peers of the embedded default (HUB_SIMULATORS=true, or the profile "demo"). They
 * talk to the hub only through the ICD's interfaces: JDBC on their own databases, JMS over the
 * broker's TCP port, and the hub's REST API. Absent otherwise.
 */
@Configuration
@ConditionalOnProperty(name = "hub.simulators", havingValue = "true")
public class SimulatorConfig {
    private final HubProperties props;
    private final ObjectMapper json;
    private final List<SimulatedPeer> peers = new ArrayList<>();
    private final ScheduledExecutorService changes = Executors.newSingleThreadScheduledExecutor();

    @Value("${hub.sim.report-interval-ms:2000}")
    long reportIntervalMs;
    @Value("${hub.sim.nms-step-ms:2000}")
    long nmsStepMs;
    @Value("${hub.sim.nms-slow-ms:40000}")
    long nmsSlowMs;
    @Value("${hub.sim.slip-interval-ms:15000}")
    long slipIntervalMs;
    @Value("${hub.sim.oa-user:am}")
    String oaUser;
    @Value("${hub.sim.oa-password:am}")
    String oaPassword;

    public SimulatorConfig(HubProperties props, ObjectMapper json) {
        this.props = props;
        this.json = json;
    }

    /** Created with the context, so the tables exist before the hub's first read. */
    @Bean
    public SimulatedDatabases simulatedDatabases() {
        SimulatedDatabases db = new SimulatedDatabases(props);
        db.create();
        changes.scheduleWithFixedDelay(db::touchACustomer, 30, 30, TimeUnit.SECONDS);
        return db;
    }

    /** The broker and the web server are up: the peers start talking. */
    @EventListener
    public void start(WebServerInitializedEvent event) {
        if (!peers.isEmpty()) {
            return;
        }
        String broker = "tcp://" + props.broker().host() + ":" + props.broker().port();
        SimulatedDatabases db = simulatedDatabases();
        peers.add(new SimulatedNetworkManagement(broker, json, props.timezone(), nmsStepMs, nmsSlowMs));
        peers.add(new SimulatedBackOffice(broker, json, props.timezone(), nmsStepMs * 3));
        peers.add(new SimulatedCallCenter(broker, db.customers(), reportIntervalMs, props.timezone()));
        peers.add(new SimulatedFrontOffice(broker, db.customers(), event.getWebServer().getPort(), oaUser, oaPassword,
                slipIntervalMs));
        peers.forEach(SimulatedPeer::start);
    }

    @EventListener
    public void stop(ContextClosedEvent event) {
        changes.shutdownNow();
        peers.forEach(SimulatedPeer::close);
        peers.clear();
    }
}
