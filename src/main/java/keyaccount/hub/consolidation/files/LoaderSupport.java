package keyaccount.hub.consolidation.files;

import keyaccount.hub.config.HubProperties;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;

/** What every file loader has: the intake its route hands files to, the store, the batch size. */
abstract class LoaderSupport implements FileLoader {
    protected final FileIntake intake;
    protected final JdbcTemplate store;
    protected final int batchSize;

    LoaderSupport(FileIntake intake, JdbcTemplate store, HubProperties props) {
        this.intake = intake;
        this.store = store;
        this.batchSize = props.consolidation().batchSize();
    }

    /** Called by the source's route for each exchange (a file, or the empty one that ends a drain). */
    public void take(Exchange exchange) {
        intake.take(this, exchange);
    }

    BatchInsert batch(String sql) {
        return new BatchInsert(store, sql, batchSize);
    }
}
