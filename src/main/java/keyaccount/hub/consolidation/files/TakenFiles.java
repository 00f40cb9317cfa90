package keyaccount.hub.consolidation.files;

import org.apache.camel.spi.IdempotentRepository;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The FTP consumers' idempotent repository: a file listed under a name, size and time the store
 * has already taken (inbound_file.listing_key) is not downloaded again. It only reads; the record
 * of a file is written by {@link FileIntake} in the transaction that loads or rejects it, so a
 * crash never leaves a file marked as taken without its effect.
 */
public class TakenFiles implements IdempotentRepository {
    private final JdbcTemplate store;
    private final String source;

    public TakenFiles(JdbcTemplate store, String source) {
        this.store = store;
        this.source = source;
    }

    @Override
    public boolean contains(String key) {
        Integer n = store.queryForObject("SELECT COUNT(*) FROM inbound_file WHERE source = ? AND listing_key = ?",
                Integer.class, source, key);
        return n != null && n > 0;
    }

    @Override
    public boolean add(String key) {
        return !contains(key);
    }

    @Override
    public boolean remove(String key) {
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        // the store's record of taken files is history; it is never cleared from here
    }

    @Override
    public void start() {
        // stateless
    }

    @Override
    public void stop() {
        // stateless
    }
}
