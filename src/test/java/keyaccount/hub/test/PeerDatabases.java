package keyaccount.hub.test;

import java.sql.SQLException;
import java.util.Map;

import org.h2.tools.Server;

/**
 * The environment's 97 and network databases (in the test JVM's memory) served over H2's TCP
 * server, so that a hub in another JVM ({@link ForkedHub}) works on the very rows the test writes
 * and reads, and those rows outlive the hub's crash as the real peers' databases would. The server
 * accepts connections from this machine only.
 */
public final class PeerDatabases implements AutoCloseable {
    private final Server server;
    private final TestEnvironment env;

    private PeerDatabases(Server server, TestEnvironment env) {
        this.server = server;
        this.env = env;
    }

    public static PeerDatabases serve(TestEnvironment env) {
        try {
            Server server = Server.createTcpServer("-tcpPort", Integer.toString(TestEnvironment.freePort())).start();
            return new PeerDatabases(server, env);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot serve the peer databases", e);
        }
    }

    /** The hub's settings for the served databases. */
    public Map<String, String> hubProperties() {
        return Map.of("hub.s97.url", remote(env.s97Url), "hub.nms-db.url", remote(env.nmsUrl));
    }

    /** jdbc:h2:mem:NAME;... as reached through the server: jdbc:h2:tcp://127.0.0.1:PORT/mem:NAME */
    String remote(String memUrl) {
        String name = memUrl.substring("jdbc:h2:mem:".length()).split(";", 2)[0];
        return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:" + name;
    }

    @Override
    public void close() {
        server.stop();
    }
}
