package keyaccount.hub.config;

import java.util.HashMap;
import java.util.HashSet;
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
 * Who is who on the embedded broker (ICD §1): every connection authenticates (no anonymous
 * access), with a user and password from the security file (checked with Spring Security's
 * encoders, so {bcrypt} hashes work here too). A user holds its roles: hub, the outside system's
 * name, subscriber. What each role may do on each address is the broker's security settings, in
 * docker/artemis/etc/broker.xml, the same file a standalone broker runs with.
 */
public final class BrokerSecurity implements ActiveMQSecurityManager5 {
    private final Map<String, SecurityFile.BrokerUser> users = new HashMap<>();
    private final PasswordEncoder encoder;

    public BrokerSecurity(SecurityFile file, PasswordEncoder encoder) {
        for (SecurityFile.BrokerUser u : file.broker().users()) {
            users.put(u.name(), u);
        }
        this.encoder = encoder;
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
