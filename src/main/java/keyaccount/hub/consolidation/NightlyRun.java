package keyaccount.hub.consolidation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import keyaccount.hub.config.HubProperties;
import keyaccount.hub.consolidation.derive.NightlyFigures;
import keyaccount.hub.consolidation.files.ArrearsFiles;
import keyaccount.hub.consolidation.files.FileSources;
import keyaccount.hub.consolidation.files.PaymentFiles;
import keyaccount.hub.consolidation.files.RevenueFiles;
import keyaccount.hub.core.db.Columns;
import keyaccount.hub.system.nms.CircuitInventory;
import keyaccount.hub.system.s97.CustomerSync;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of one consolidation run, in order: the 97 customers and the network's circuits read
 * in full, billing's revenue files, finance's payments and arrears, and then, in one transaction,
 * the night's derived figures (classification, churn warnings, KPIs). Each step is atomic per
 * page or per file and safe to repeat, so a run killed anywhere leaves no half file and no half
 * classification, and the next run completes it. A source that fails stops the run before the
 * derived figures: they are never worked out from half a night's sources.
 */
@Component
public class NightlyRun {
    private final CustomerSync customers;
    private final CircuitInventory circuits;
    private final FileSources files;
    private final NightlyFigures figures;
    private final JdbcTemplate store;
    private final TransactionTemplate tx;
    private final HubProperties.Consolidation settings;

    public NightlyRun(CustomerSync customers, CircuitInventory circuits, FileSources files, NightlyFigures figures,
                      JdbcTemplate store, TransactionTemplate tx, HubProperties props) {
        this.customers = customers;
        this.circuits = circuits;
        this.files = files;
        this.figures = figures;
        this.store = store;
        this.tx = tx;
        this.settings = props.consolidation();
    }

    /** Runs every step; returns a one-line summary for the run's record. */
    public String execute(String runId, LocalDate businessDate, BooleanSupplier stillOwner) throws Exception {
        List<String> summary = new ArrayList<>();
        step(runId, "97.customers", stillOwner, summary, () -> {
            CustomerSync.FullRead r = customers.fullRead();
            return SourceCounts.of(r.read(), r.read(), 0,
                    r.missing() == 0 ? null : r.missing() + " customer(s) no longer in the 97 system");
        });
        step(runId, "nms.circuits", stillOwner, summary, () -> {
            CircuitInventory.Result r = circuits.reconcile();
            return SourceCounts.of(r.read(), r.written(), 0, r.gone() == 0 ? null : r.gone() + " circuit(s) gone");
        });
        step(runId, RevenueFiles.SOURCE, stillOwner, summary,
                () -> files.drain(RevenueFiles.SOURCE, "billing-revenue-file-in", runId, settings.sourceTimeout()));
        step(runId, PaymentFiles.SOURCE, stillOwner, summary,
                () -> files.drain(PaymentFiles.SOURCE, "finance-payments-file-in", runId, settings.sourceTimeout()));
        step(runId, ArrearsFiles.SOURCE, stillOwner, summary,
                () -> files.drain(ArrearsFiles.SOURCE, "finance-arrears-file-in", runId, settings.sourceTimeout()));
        checkOwner(stillOwner);
        NightlyFigures.Result derived = tx.execute(status -> figures.derive(runId, businessDate));
        summary.add("derived: " + derived.customersClassified() + " customer-months classified in " + derived.netMonths()
                + " local-net months, " + derived.kindChanges() + " kind or grade changes, " + derived.churnAlarms()
                + " churn warnings, " + derived.kpiRows() + " KPI rows");
        return String.join("; ", summary);
    }

    private void step(String runId, String source, BooleanSupplier stillOwner, List<String> summary,
                      Callable<SourceCounts> work) throws Exception {
        checkOwner(stillOwner);
        SourceCounts c;
        try {
            c = work.call();
        } catch (Exception e) {
            record(runId, source, new SourceCounts(), "failed: " + e.getMessage());
            throw new IllegalStateException(source + " failed: " + e.getMessage(), e);
        }
        record(runId, source, c, c.note());
        summary.add(source + " " + c.loaded() + "/" + c.read() + (c.rejected() == 0 ? "" : " (" + c.rejected() + " rejected)"));
    }

    private void record(String runId, String source, SourceCounts c, String note) {
        store.update("INSERT INTO consolidation_source (run_id, source, files, read_count, loaded_count, rejected_count,"
                + " note) VALUES (?, ?, ?, ?, ?, ?, ?)", runId, source, c.files(), c.read(), c.loaded(), c.rejected(),
                Columns.fit(note, 1000));
    }

    private static void checkOwner(BooleanSupplier stillOwner) {
        if (!stillOwner.getAsBoolean()) {
            throw new IllegalStateException("the run lost its lease (this instance stalled); another may have taken over");
        }
    }
}
