package keyaccount.hub.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The hub's own settings (application.yml, section {@code hub}). */
@ConfigurationProperties("hub")
public record HubProperties(
        Path home,
        Path dataDir,
        ZoneId timezone,
        Path mappingsDir,
        boolean simulators,
        String securityFile,
        String instanceId,
        Broker broker,
        Jms jms,
        Input input,
        Db store,
        Db s97,
        Db nmsDb,
        CustomerSync customerSync,
        Outbox outbox,
        Alarms alarms,
        Fault fault,
        Consolidation consolidation,
        Cluster cluster) {

    public record Broker(boolean embedded, String host, int port, String url, String user, String password,
                         long redeliveryDelayMs, double redeliveryMultiplier, long maxRedeliveryDelayMs) {}

    public record Jms(int concurrentConsumers, int maxAttempts) {}

    /**
     * What an inbound message may be: its size in bytes, the length of any one text field, and how
     * far its timestamps may lie ahead of the hub's clock (the peers' clocks drift) or behind it.
     */
    public record Input(int maxDocumentBytes, int maxTextLength, Duration maxClockSkew, Duration maxAge) {}

    public record Db(String url, String user, String password, Integer poolSize, Long connectionTimeoutMs) {}

    public record CustomerSync(long periodMs, long overlapSeconds, int pageSize) {}

    /** {@code maxAttempts}: failures of one message the relay cannot classify before it is set aside. */
    public record Outbox(long periodMs, int batchSize, Duration retention, int maxAttempts) {}

    public record Alarms(long checkPeriodMs, double warningShare, double escalationShare, int batchSize) {}

    public record Fault(String repairTable, Duration quietPeriod, long autoClosePeriodMs) {}

    /**
     * The nightly consolidation: its schedule (Quartz cron in the hub's time zone), the lease that
     * keeps one run at a time across instances, how long a file source may take to drain, and
     * where the hub keeps the files it set aside.
     */
    public record Consolidation(String cron, Duration lease, Duration sourceTimeout, int batchSize, int pageSize,
                                boolean catchUp) {}

    /**
     * Who does the singleton work: {@code service} is {@code jdbc} (a lock in the shared store) or
     * {@code kubernetes} (a Lease); {@code lockTtl} is how long a dead leader's lock lasts before
     * another instance takes over.
     */
    public record Cluster(String service, Duration lockTtl, Kubernetes kubernetes) {}

    /** The Lease's name and namespace (default: the pod's own), and the pods' app label. */
    public record Kubernetes(String namespace, String leaseName, String podLabel) {}
}
