package keyaccount.hub.core.cluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * Camel's cluster service on a Spring Integration lock registry (on VMs: the JDBC lock registry
 * over the shared store). Each namespace is one lock; the instance that holds it leads, and Camel's
 * routes whose clustered route policy names that namespace run there only. Spring Integration's leader initiator
 * takes the lock, renews it, and gives leadership up when it cannot renew (the store unreachable);
 * a dead leader's lock lapses after the registry's time to live, and another instance takes it.
 * Members other than this one are not known here (the lock table records only the holder).
 */
public class LockRegistryClusterService extends AbstractCamelClusterService<LockRegistryClusterService.View> {
    private static final Logger log = LoggerFactory.getLogger(LockRegistryClusterService.class);

    private final LockRegistry locks;
    private final String memberId;
    private final long heartBeatMillis;
    private final long busyWaitMillis;

    /**
     * @param heartBeatMillis how often the leader renews its lock (well inside the lock's time to live)
     * @param busyWaitMillis  how long a follower waits for the lock in one attempt
     */
    public LockRegistryClusterService(LockRegistry locks, String memberId, long heartBeatMillis, long busyWaitMillis) {
        super("hub-lock-registry");
        this.locks = locks;
        this.memberId = memberId;
        this.heartBeatMillis = heartBeatMillis;
        this.busyWaitMillis = busyWaitMillis;
    }

    @Override
    protected View createView(String namespace) {
        return new View(namespace);
    }

    /** One namespace: this instance as its only known member, leading while it holds the lock. */
    public final class View extends AbstractCamelClusterView {
        private final AtomicBoolean leader = new AtomicBoolean();
        private volatile boolean stopping;
        private final CamelClusterMember local = new CamelClusterMember() {
            @Override
            public boolean isLeader() {
                return leader.get();
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public String getId() {
                return memberId;
            }
        };
        private LockRegistryLeaderInitiator initiator;

        View(String namespace) {
            super(LockRegistryClusterService.this, namespace);
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return leader.get() ? Optional.of(local) : Optional.empty();
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(local);
        }

        @Override
        protected void doStart() {
            stopping = false;
            initiator = new LockRegistryLeaderInitiator(locks, new DefaultCandidate(memberId, getNamespace()) {
                @Override
                public void onGranted(Context ctx) {
                    leader.set(true);
                    log.info("{} leads {}: its singleton work runs here", memberId, getNamespace());
                    fireLeadershipChangedEvent(local);
                }

                @Override
                public void onRevoked(Context ctx) {
                    // on a stop, doStop has given the work up already
                    if (leader.getAndSet(false) && !stopping) {
                        log.warn("{} no longer leads {} (cannot renew its lock): its singleton work stops here",
                                memberId, getNamespace());
                        fireLeadershipChangedEvent(Optional.empty());
                    }
                }
            });
            initiator.setHeartBeatMillis(heartBeatMillis);
            initiator.setBusyWaitMillis(busyWaitMillis);
            initiator.setTaskExecutor(new SimpleAsyncTaskExecutor("hub-leader-" + getNamespace() + "-"));
            initiator.start();
        }

        @Override
        protected void doStop() {
            stopping = true;
            // the singleton routes stop here and now, on this thread, before the lock goes
            if (leader.getAndSet(false)) {
                log.info("{} stops and leaves {} to another instance", memberId, getNamespace());
                fireLeadershipChangedEvent(Optional.empty());
            }
            if (initiator != null) {
                initiator.stop();
                initiator = null;
            }
        }
    }
}
