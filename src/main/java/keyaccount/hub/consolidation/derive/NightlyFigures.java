package keyaccount.hub.consolidation.derive;

import java.time.LocalDate;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The night's figures, derived at the end of a consolidation run inside the run's store
 * transaction, from what the run has loaded: the monthly classification of customers (kinds,
 * grade, 30% lists, levels, with the history of every change), CHURN warnings to account managers,
 * and the day's KPIs per local net. Re-running on the same inputs changes nothing: no new history
 * rows, no new alarms, the same KPI rows.
 */
@Service
public class NightlyFigures {
    private static final Logger log = LoggerFactory.getLogger(NightlyFigures.class);

    private final MonthlyClassification classification;
    private final ChurnWarnings churn;
    private final DailyKpis kpis;

    public NightlyFigures(MonthlyClassification classification, ChurnWarnings churn, DailyKpis kpis) {
        this.classification = classification;
        this.churn = churn;
        this.kpis = kpis;
    }

    /**
     * @param customersClassified customer-months worked out (unchanged ones included)
     * @param kindChanges changes of a customer's kinds or grade recorded
     * @param churnAlarms CHURN alarms raised (0 on a re-run)
     * @param kpiRows KPI rows kept for the business date
     * @param netMonths local-net months classified
     * @param latestMonths local net → its latest bill month
     */
    public record Result(int customersClassified, int kindChanges, int churnAlarms, int kpiRows, int netMonths,
                         Map<String, String> latestMonths) {}

    /**
     * @param runId the consolidation run, recorded on what it writes
     * @param businessDate the day (in hub.timezone) the KPIs are for; arrears age is counted to it
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Result derive(String runId, LocalDate businessDate) {
        MonthlyClassification.Outcome classified = classification.classify(runId);
        int alarms = churn.check(classification.rules().config(), classified.latestMonths(), businessDate);
        int kpiRows = kpis.compute(businessDate, runId).size();
        Result result = new Result(classified.customersClassified(), classified.kindChanges(), alarms, kpiRows,
                classified.netMonths(), classified.latestMonths());
        log.info("run {} figures for {}: {}", runId, businessDate, result);
        return result;
    }
}
