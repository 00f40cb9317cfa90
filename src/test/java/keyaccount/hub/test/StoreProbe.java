package keyaccount.hub.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hub's store read by the test with plain JDBC while the hub runs in another JVM, or while no
 * hub runs at all (after a crash). On PostgreSQL that is the environment's database as it is; an
 * H2 file store is opened with AUTO_SERVER=TRUE, so whoever opens it first serves it to the
 * others: hubs must then be started with {@link #hubProperties()}. Each call opens and closes its
 * own connection, so the test never keeps the H2 file from the next hub.
 *
 * <p>The H2 store is also given WRITE_DELAY=0, so that a transaction is in the file when its commit
 * returns, as on PostgreSQL. With H2's default (500 ms) a process killed just after a commit loses
 * it: a hub halted at a crash point would forget what it committed a moment before, e.g. a work
 * order's completion whose StationReturn the broker has already seen acknowledged. Compaction on
 * close is off (MAX_COMPACT_TIME=0): when the test opens a file a killed hub left, H2's compaction
 * trips one of its own assertions (tests run with -ea) and logs it in hub.trace.db.
 */
public final class StoreProbe {
    private final String url;
    private final String user;

    public StoreProbe(TestEnvironment env) {
        this(TestEnvironment.postgres() ? env.storeUrl : env.storeUrl + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;MAX_COMPACT_TIME=0",
                env.storeUser);
    }

    /** A probe on a store with these JDBC settings (for H2, the same the hub uses). */
    public StoreProbe(String url, String user) {
        this.url = url;
        this.user = user;
    }

    /** The hub's store setting that lets the test in beside it. */
    public Map<String, String> hubProperties() {
        return Map.of("hub.store.url", url);
    }

    public long count(String sql, Object... args) {
        return query(sql, args, rs -> rs.getLong(1)).get(0);
    }

    public List<String> strings(String sql, Object... args) {
        return query(sql, args, rs -> rs.getString(1));
    }

    /** Each row as its columns' values in order. */
    public List<List<Object>> rows(String sql, Object... args) {
        return query(sql, args, rs -> {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getObject(i));
            }
            return row;
        });
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Object[] args, Column<T> column) {
        try (Connection c = DriverManager.getConnection(url, user, ""); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<T> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(column.read(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("store query failed: " + sql, e);
        }
    }
}
