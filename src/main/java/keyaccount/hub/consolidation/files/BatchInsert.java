package keyaccount.hub.consolidation.files;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/** Rows written in JDBC batches of a bounded size, so a file of any length is loaded in bounded memory. */
final class BatchInsert {
    private final JdbcTemplate store;
    private final String sql;
    private final int size;
    private final List<Object[]> batch;
    private long written;

    BatchInsert(JdbcTemplate store, String sql, int size) {
        this.store = store;
        this.sql = sql;
        this.size = size;
        this.batch = new ArrayList<>(size);
    }

    void add(Object... row) {
        batch.add(row);
        if (batch.size() == size) {
            flush();
        }
    }

    /** Writes what is left; returns the rows sent in all. */
    long finish() {
        flush();
        return written;
    }

    private void flush() {
        if (!batch.isEmpty()) {
            store.batchUpdate(sql, batch);
            written += batch.size();
            batch.clear();
        }
    }
}
