package keyaccount.hub.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authentication;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;
import org.apache.ftpserver.usermanager.impl.AbstractUserManager;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * An FTP server (Apache MINA FtpServer) playing billing's or finance's server: one user, a home
 * folder on disk with the folders the ICD names. Used by the simulated peers and by the tests.
 */
public final class SimulatedFtpServer implements AutoCloseable {
    private final FtpServer server;
    private final Path root;

    public SimulatedFtpServer(int port, String user, String password, Path root, List<String> folders) {
        this.root = root;
        try {
            for (String folder : folders) {
                Files.createDirectories(root.resolve(folder));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + root, e);
        }
        BaseUser account = new BaseUser();
        account.setName(user);
        account.setPassword(password);
        account.setHomeDirectory(root.toAbsolutePath().toString());
        // without a ConcurrentLoginPermission MINA refuses every login (421)
        account.setAuthorities(List.of(new WritePermission(), new ConcurrentLoginPermission(0, 0)));

        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        FtpServerFactory factory = new FtpServerFactory();
        factory.addListener("default", listener.createListener());
        factory.setUserManager(new OneUser(account));
        server = factory.createServer();
        try {
            server.start();
        } catch (FtpException e) {
            throw new IllegalStateException("cannot start an FTP server on port " + port, e);
        }
    }

    public Path root() {
        return root;
    }

    public void stop() {
        server.stop();
    }

    public boolean stopped() {
        return server.isStopped();
    }

    @Override
    public void close() {
        if (!server.isStopped()) {
            server.stop();
        }
    }

    /** A user manager that knows one user and keeps nothing on disk. */
    private static final class OneUser extends AbstractUserManager {
        private final BaseUser user;

        OneUser(BaseUser user) {
            this.user = user;
        }

        @Override
        public User getUserByName(String name) {
            return user.getName().equals(name) ? user : null;
        }

        @Override
        public String[] getAllUserNames() {
            return new String[] {user.getName()};
        }

        @Override
        public void delete(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(User u) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean doesExist(String name) {
            return user.getName().equals(name);
        }

        @Override
        public User authenticate(Authentication auth) throws AuthenticationFailedException {
            if (auth instanceof UsernamePasswordAuthentication up && user.getName().equals(up.getUsername())
                    && user.getPassword().equals(up.getPassword())) {
                return user;
            }
            throw new AuthenticationFailedException("bad user or password");
        }
    }
}
