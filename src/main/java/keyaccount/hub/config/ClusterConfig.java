package keyaccount.hub.config;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import keyaccount.hub.core.cluster.V10__Quartz_tables;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.autoconfigure.quartz.QuartzProperties;
import org.springframework.boot.autoconfigure.quartz.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.transaction.PlatformTransactionManager;

import keyaccount.hub.core.cluster.LockRegistryClusterService;

/**
 * Work that must run on one instance at a time, across hub instances:
 * <ul>
 * <li>the periodic routes (outbox relay, deadline check, auto-close, pending actions, 97 polling)
 *     have the route policy {@code hubSingleton} (Camel's clustered route policy), so they run on
 *     the instance that leads the
 *     namespace {@value #NAMESPACE} in Camel's cluster service: on VMs ({@code hub.cluster.service=jdbc})
 *     a lock in the shared store, held through Spring Integration's JDBC lock registry; on Kubernetes
 *     ({@code kubernetes}) Camel's own Lease-based service;</li>
 * <li>the nightly schedule fires once across the instances from Quartz's clustered JDBC job store;</li>
 * <li>a consolidation run holds the lock {@code consolidation} (its own repository, whose time to
 *     live is {@code hub.consolidation.lease}), renewed while it works.</li>
 * </ul>
 */
@Configuration
public class ClusterConfig {
    /** The namespace of the hub's singleton work. */
    public static final String NAMESPACE = "hub";
    public static final String CONSOLIDATION_LOCKS = "consolidationLocks";
    public static final String CONSOLIDATION_REGION = "keyaccount-hub-consolidation";

    @Bean
    public DefaultLockRepository lockRepository(DataSource store, PlatformTransactionManager tx, HubProperties props) {
        return repository(store, tx, props.instanceId(), "keyaccount-hub", props.cluster().lockTtl());
    }

    @Bean(CONSOLIDATION_LOCKS)
    public DefaultLockRepository consolidationLocks(DataSource store, PlatformTransactionManager tx, HubProperties props) {
        return repository(store, tx, props.instanceId(), CONSOLIDATION_REGION, props.consolidation().lease());
    }

    /** Locks in the store, held in the name of one hub instance, in one region, with one time to live. */
    public static DefaultLockRepository repository(DataSource store, PlatformTransactionManager tx, String instanceId,
                                                   String region, Duration ttl) {
        DefaultLockRepository repository = new DefaultLockRepository(store, instanceId);
        repository.setRegion(region);
        repository.setTimeToLive(Math.toIntExact(ttl.toMillis()));
        repository.setTransactionManager(tx);
        return repository;
    }

    @Bean
    public JdbcLockRegistry lockRegistry(@Qualifier("lockRepository") DefaultLockRepository repository, HubProperties props) {
        JdbcLockRegistry registry = new JdbcLockRegistry(repository);
        registry.setIdleBetweenTries(Duration.ofMillis(Math.max(100, props.cluster().lockTtl().toMillis() / 30)));
        return registry;
    }

    @Bean
    public CamelClusterService clusterService(HubProperties props, JdbcLockRegistry locks) {
        HubProperties.Cluster cluster = props.cluster();
        long ttl = cluster.lockTtl().toMillis();
        return switch (cluster.service()) {
            case "jdbc" -> new LockRegistryClusterService(locks, props.instanceId(), Math.max(200, ttl / 5),
                    Math.max(200, ttl / 15));
            case "kubernetes" -> {
                KubernetesClusterService k8s = new KubernetesClusterService();
                k8s.setId("hub-kubernetes");
                k8s.setLeaseResourceType(LeaseResourceType.Lease);
                k8s.setKubernetesResourceName(cluster.kubernetes().leaseName());
                if (cluster.kubernetes().namespace() != null && !cluster.kubernetes().namespace().isBlank()) {
                    k8s.setKubernetesNamespace(cluster.kubernetes().namespace());
                }
                k8s.setPodName(props.instanceId());
                k8s.setClusterLabels(Map.of("app.kubernetes.io/name", cluster.kubernetes().podLabel()));
                k8s.setLeaseDurationMillis(ttl);
                k8s.setRenewDeadlineMillis(ttl * 2 / 3);
                k8s.setRetryPeriodMillis(Math.max(200, ttl / 5));
                yield k8s;
            }
            default -> throw new IllegalStateException("hub.cluster.service must be jdbc or kubernetes, not " + cluster.service());
        };
    }

    /** The cluster service is one of the CamelContext's services. */
    @Bean
    public CamelContextConfiguration clusterServiceInCamel(CamelClusterService clusterService) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                try {
                    camelContext.addService(clusterService, true, true);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot add the cluster service to Camel", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }

    /**
     * On a stop, this instance leaves the cluster first, before Camel stops the rest: the singleton
     * routes stop (what is in flight finishes), and the lock goes at once, so another instance need
     * not wait for it to lapse.
     */
    @Bean
    public SmartLifecycle leaveClusterFirst(CamelClusterService clusterService) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                try {
                    clusterService.stop();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(ClusterConfig.class).warn("leaving the cluster: {}", e.getMessage());
                }
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE;
            }
        };
    }

    /**
     * The route policy of the singleton routes ({@code routePolicy: hubSingleton}): Camel starts
     * them where this instance leads the namespace, and stops them gracefully where it no longer does.
     */
    @Bean
    public ClusteredRoutePolicy hubSingleton(CamelClusterService clusterService) throws Exception {
        return ClusteredRoutePolicy.forNamespace(clusterService, NAMESPACE);
    }

    /** Quartz's tables come with the store's other migrations. */
    @Bean
    public FlywayConfigurationCustomizer quartzTables() {
        return configuration -> configuration.javaMigrations(new V10__Quartz_tables());
    }

    /** Quartz's JDBC job store speaks the store's SQL dialect (spring.quartz.properties has the rest). */
    @Bean
    public SchedulerFactoryBeanCustomizer quartzDialect(HubProperties props, QuartzProperties quartz) {
        return factory -> {
            Properties p = new Properties();
            p.putAll(quartz.getProperties());
            p.put("org.quartz.jobStore.driverDelegateClass", props.store().url().startsWith("jdbc:postgresql:")
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
            factory.setQuartzProperties(p);
        };
    }

    /**
     * Camel's quartz: endpoints on the scheduler Spring Boot builds (clustered, on the store). Camel
     * starts it once the routes are up and keeps the CamelContext in its context for the jobs.
     */
    @Bean("quartz")
    public QuartzComponent quartz(Scheduler scheduler) {
        QuartzComponent quartz = new QuartzComponent();
        quartz.setSchedulerFactory(new SchedulerFactory() {
            @Override
            public Scheduler getScheduler() {
                return scheduler;
            }

            @Override
            public Scheduler getScheduler(String name) throws SchedulerException {
                return scheduler.getSchedulerName().equals(name) ? scheduler : null;
            }

            @Override
            public Collection<Scheduler> getAllSchedulers() {
                return List.of(scheduler);
            }
        });
        return quartz;
    }
}
