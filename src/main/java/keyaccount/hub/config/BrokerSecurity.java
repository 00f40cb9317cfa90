package keyaccount.hub.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Who may do what on the embedded broker (ICD §1): every connection authenticates (no anonymous
 * access); each outside system may send only to the queues it feeds the hub and consume only the
 * queues the hub feeds it; anyone signed in may subscribe to hub.alarm and hub.event; the hub's
 * own user may do everything. Users and passwords come from the security file; passwords are
 * checked with Spring Security's encoders, so {bcrypt} hashes work here too.
 */
public final class BrokerSecurity implements ActiveMQSecurityManager5 {
    public static final String HUB_ROLE = "hub";
    public static final String SUBSCRIBER_ROLE = "subscriber";

    /** ICD §1, per outside system: the queues it sends to, and the queues it consumes. */
    public static final Map<String, List<List<String>>> SYSTEMS = Map.of(
            "callcenter", List.of(List.of(Queues.CC_FAULT_REPORT), List.of(Queues.CC_FAULT_REPLY)),
            "nms", List.of(List.of(Queues.NMS_FAULT_RETURN, Queues.NMS_RESOURCE_REPLY, Queues.NMS_WORKORDER_RETURN),
                    List.of(Queues.NMS_FAULT_DISPATCH, Queues.NMS_RESOURCE_REQUEST, Queues.NMS_WORKORDER_DISPATCH)),
            "backoffice", List.of(List.of(Queues.BACKOFFICE_SLIP_ANSWER), List.of(Queues.BACKOFFICE_SLIP_REQUEST)),
            "oa", List.of(List.of(), List.of(Queues.OA_SLIP_REPLY)));

    private final Map<String, SecurityFile.BrokerUser> users = new HashMap<>();
    private final PasswordEncoder encoder;

    public BrokerSecurity(SecurityFile file, PasswordEncoder encoder) {
        for (SecurityFile.BrokerUser u : file.broker().users()) {
            users.put(u.name(), u);
        }
        this.encoder = encoder;
    }

    /** The roles each address grants, to be set as the broker's security settings. */
    public static Map<String, Set<Role>> addressRoles() {
        Map<String, Set<Role>> byAddress = new HashMap<>();
        // the hub: everything, everywhere
        byAddress.put("#", new HashSet<>(Set.of(role(HUB_ROLE, true, true, true, true))));
        for (String q : Queues.ANYCAST) {
            byAddress.put(q, new HashSet<>(byAddress.get("#")));
        }
        SYSTEMS.forEach((system, queues) -> {
            for (String q : queues.get(0)) {
                byAddress.get(q).add(role(system, true, false, false, false));
            }
            for (String q : queues.get(1)) {
                byAddress.get(q).add(role(system, false, true, false, false));
            }
        });
        for (String topic : Queues.MULTICAST) {
            Set<Role> roles = new HashSet<>(byAddress.get("#"));
            for (String role : subscribers()) {
                roles.add(role(role, false, true, true, false));
            }
            byAddress.put(topic, roles);
        }
        return byAddress;
    }

    /**
     * One role's rights on an address. {@code subscribe}: create (and drop) the temporary queue a
     * topic subscription makes; {@code all}: everything, manage included (the hub itself).
     */
    static Role role(String name, boolean send, boolean consume, boolean subscribe, boolean all) {
        // Role's parameters: send, consume, createDurableQueue, deleteDurableQueue, createNonDurableQueue,
        // deleteNonDurableQueue, manage, browse, createAddress, deleteAddress, view, edit
        return new Role(name, send || all, consume || all, all, all, subscribe || all, subscribe || all, all,
                consume || all, all, all, all, all);
    }

    private static Set<String> subscribers() {
        Set<String> roles = new HashSet<>(SYSTEMS.keySet());
        roles.add(SUBSCRIBER_ROLE);
        return roles;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        SecurityFile.BrokerUser u = user == null ? null : users.get(user);
        if (u == null || password == null || u.password() == null || !encoder.matches(password, u.password())) {
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(u.name()));
        if (u.system() != null) {
            subject.getPrincipals().add(new RolePrincipal(u.system()));
        }
        if (u.roles() != null) {
            u.roles().forEach(r -> subject.getPrincipals().add(new RolePrincipal(r)));
        }
        return subject;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        Set<String> held = new HashSet<>();
        subject.getPrincipals(RolePrincipal.class).forEach(p -> held.add(p.getName()));
        for (Role role : roles) {
            if (held.contains(role.getName()) && checkType.hasRole(role)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean validateUser(String user, String password) {
        return authenticate(user, password, null, null) != null;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return authorize(authenticate(user, password, null, null), roles, checkType, null);
    }
}
