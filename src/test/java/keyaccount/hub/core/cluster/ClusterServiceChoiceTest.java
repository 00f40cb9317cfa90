package keyaccount.hub.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import keyaccount.hub.config.ClusterConfig;
import keyaccount.hub.config.HubProperties;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.junit.jupiter.api.Test;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.support.locks.DefaultLockRegistry;

/** hub.cluster.service chooses the cluster service: the store's locks, or a Kubernetes Lease. */
class ClusterServiceChoiceTest {

    private static HubProperties props(String service) {
        return new HubProperties(Path.of("."), Path.of("."), ZoneId.of("Asia/Shanghai"), Path.of("."), false, null,
                "hub-pod-7", null, null, null, null, null, null, null, null, null, null, null,
                new HubProperties.Cluster(service, Duration.ofSeconds(15),
                        new HubProperties.Kubernetes("key-accounts", "keyaccount-hub", "keyaccount-hub")));
    }

    @Test
    void jdbcIsTheStoresLocks() {
        CamelClusterService service = new ClusterConfig().clusterService(props("jdbc"), (JdbcLockRegistry) null);
        assertThat(service).isInstanceOf(LockRegistryClusterService.class);
    }

    @Test
    void kubernetesIsCamelsLeaseService() {
        CamelClusterService service = new ClusterConfig().clusterService(props("kubernetes"), null);
        assertThat(service).isInstanceOfSatisfying(KubernetesClusterService.class, k8s -> {
            assertThat(k8s.getLeaseResourceType()).isEqualTo(LeaseResourceType.Lease);
            assertThat(k8s.getKubernetesNamespace()).isEqualTo("key-accounts");
            assertThat(k8s.getKubernetesResourceName()).isEqualTo("keyaccount-hub");
            assertThat(k8s.getPodName()).isEqualTo("hub-pod-7");
            assertThat(k8s.getClusterLabels()).isEqualTo(Map.of("app.kubernetes.io/name", "keyaccount-hub"));
            assertThat(k8s.getLeaseDurationMillis()).isEqualTo(15_000);
            assertThat(k8s.getRenewDeadlineMillis()).isLessThan(k8s.getLeaseDurationMillis());
            assertThat(k8s.getRetryPeriodMillis()).isLessThan(k8s.getRenewDeadlineMillis());
        });
    }

    @Test
    void anythingElseIsRefusedByName() {
        assertThatThrownBy(() -> new ClusterConfig().clusterService(props("zookeeper"), null))
                .hasMessageContaining("hub.cluster.service").hasMessageContaining("zookeeper");
    }

    @Test
    void leadershipFollowsTheLock() throws Exception {
        DefaultLockRegistry locks = new DefaultLockRegistry();
        LockRegistryClusterService a = new LockRegistryClusterService(locks, "hub-a", 50, 20);
        LockRegistryClusterService b = new LockRegistryClusterService(locks, "hub-b", 50, 20);
        org.apache.camel.impl.DefaultCamelContext ctx = new org.apache.camel.impl.DefaultCamelContext();
        a.setCamelContext(ctx);
        b.setCamelContext(ctx);
        a.start();
        a.getView(ClusterConfig.NAMESPACE);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.isLeader(ClusterConfig.NAMESPACE));
        b.start();
        b.getView(ClusterConfig.NAMESPACE);
        Thread.sleep(300);
        assertThat(b.isLeader(ClusterConfig.NAMESPACE)).isFalse();
        a.stop();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> b.isLeader(ClusterConfig.NAMESPACE));
        assertThat(a.isLeader(ClusterConfig.NAMESPACE)).isFalse();
        b.stop();
    }
}
