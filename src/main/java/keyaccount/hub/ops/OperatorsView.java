package keyaccount.hub.ops;

import static keyaccount.hub.core.db.Timestamps.instant;
import static keyaccount.hub.core.db.Timestamps.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keyaccount.hub.config.HubProperties;
import keyaccount.hub.consolidation.ConsolidationRuns;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.util.URISupport;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the operators' page shows, read in one go: the routes with their state and throughput,
 * the open forms with their deadlines, the latest alarms, the dead letters and the last
 * consolidation runs. Times are in the operators' zone ({@code hub.timezone}).
 */
@Component
public class OperatorsView {
    static final int OPEN_FORMS = 200;
    static final int ALARMS = 50;
    static final int DEAD_LETTERS = 200;
    static final int RUNS = 10;

    private final CamelContext camel;
    private final JdbcTemplate jdbc;
    private final DeadLetterQueue dlq;
    private final ConsolidationRuns consolidationRuns;
    private final Clock clock;
    private final ZoneId zone;

    public OperatorsView(CamelContext camel, JdbcTemplate jdbc, DeadLetterQueue dlq, ConsolidationRuns consolidationRuns,
                         Clock clock, HubProperties props) {
        this.camel = camel;
        this.jdbc = jdbc;
        this.dlq = dlq;
        this.consolidationRuns = consolidationRuns;
        this.clock = clock;
        this.zone = props.timezone();
    }

    public Map<String, Object> snapshot() {
        Instant now = clock.instant();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("zone", zone.getId());
        view.put("now", local(now));
        view.put("routes", routes());
        view.put("formSummary", formSummary(now));
        view.put("openForms", openForms(now));
        view.put("alarms", alarms());
        view.put("deadLetters", deadLetters());
        view.put("runs", runs());
        return view;
    }

    List<Map<String, Object>> routes() {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        List<Map<String, Object>> out = new ArrayList<>();
        List<Route> routes = new ArrayList<>(camel.getRoutes());
        routes.sort(Comparator.comparing(Route::getRouteId));
        for (Route route : routes) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", route.getRouteId());
            // never a password: Camel masks password, passphrase, secret... parameters (also inside RAW(...))
            r.put("from", URISupport.sanitizeUri(route.getEndpoint().getEndpointUri()));
            r.put("state", String.valueOf(camel.getRouteController().getRouteStatus(route.getRouteId())));
            // a route that does not start with the hub (the file sources a consolidation run drives) is
            // stopped by design between runs, not broken
            r.put("onDemand", Boolean.FALSE.equals(route.isAutoStartup()));
            ManagedRouteMBean stats = managed == null ? null : managed.getManagedRoute(route.getRouteId());
            if (stats != null) {
                r.put("exchangesTotal", stats.getExchangesTotal());
                r.put("exchangesFailed", stats.getExchangesFailed());
                r.put("exchangesInflight", stats.getExchangesInflight());
                r.put("meanProcessingMs", stats.getMeanProcessingTime());
                r.put("lastExchangeAt", stats.getLastExchangeCompletedTimestamp() == null ? null
                        : local(stats.getLastExchangeCompletedTimestamp().toInstant()));
            }
            out.add(r);
        }
        return out;
    }

    List<Map<String, Object>> formSummary(Instant now) {
        return jdbc.query("SELECT form_type, state, COUNT(*) AS n, SUM(CASE WHEN deadline < ? THEN 1 ELSE 0 END) AS late"
                + " FROM hub_form WHERE closed_at IS NULL GROUP BY form_type, state ORDER BY form_type, state",
                (rs, i) -> row(rs, "formType", "form_type", "state", "state", "open", "n", "breached", "late"), ts(now));
    }

    /** The open forms nearest their deadline first, so the breached ones lead. */
    List<Map<String, Object>> openForms(Instant now) {
        return jdbc.query("SELECT form_no, form_type, state, cust_no, grade, deadline FROM hub_form"
                + " WHERE closed_at IS NULL ORDER BY deadline, form_no LIMIT ?", (rs, i) -> {
                    Map<String, Object> m = row(rs, "formNo", "form_no", "formType", "form_type", "state", "state",
                            "custNo", "cust_no", "grade", "grade", "deadline", "deadline");
                    Instant deadline = instant(rs, "deadline");
                    m.put("breached", deadline != null && deadline.isBefore(now));
                    return m;
                }, OPEN_FORMS);
    }

    List<Map<String, Object>> alarms() {
        return jdbc.query("SELECT alarm_no, form_no, kind, alarm_level, cust_no, grade, deadline, raised_at, message"
                + " FROM alarm ORDER BY raised_at DESC, alarm_no DESC LIMIT ?",
                (rs, i) -> row(rs, "alarmNo", "alarm_no", "formNo", "form_no", "kind", "kind", "level", "alarm_level",
                        "custNo", "cust_no", "grade", "grade", "deadline", "deadline", "raisedAt", "raised_at",
                        "message", "message"), ALARMS);
    }

    List<Map<String, Object>> deadLetters() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> m : dlq.list(DEAD_LETTERS)) {
            Map<String, Object> d = new LinkedHashMap<>(m);
            if (m.get("timestamp") instanceof Long at && at > 0) {
                d.put("deadAt", local(Instant.ofEpochMilli(at)));
            }
            out.add(d);
        }
        return out;
    }

    /** The latest consolidation runs as ConsolidationRuns gives them, with times in the operators' zone. */
    List<Map<String, Object>> runs() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConsolidationRuns.Run r : consolidationRuns.recent(RUNS)) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("runId", r.runId());
            run.put("trigger", r.trigger());
            run.put("requestedBy", r.requestedBy());
            run.put("businessDate", r.businessDate() == null ? null : r.businessDate().toString());
            run.put("status", r.status());
            run.put("startedAt", local(r.startedAt()));
            run.put("endedAt", local(r.endedAt()));
            run.put("message", r.message());
            run.put("sources", r.sources());
            out.add(run);
        }
        return out;
    }

    /**
     * A row as a map: the arguments pair each key with its column. Timestamps come in the operators'
     * zone and dates as yyyy-MM-dd, the same on H2 and PostgreSQL.
     */
    private Map<String, Object> row(ResultSet rs, String... keysAndColumns) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndColumns.length; i += 2) {
            String column = keysAndColumns[i + 1];
            int type = rs.getMetaData().getColumnType(rs.findColumn(column));
            Object value = switch (type) {
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> local(instant(rs, column));
                case Types.DATE -> rs.getObject(column) == null ? null : rs.getObject(column, LocalDate.class).toString();
                default -> rs.getObject(column);
            };
            m.put(keysAndColumns[i], value);
        }
        return m;
    }

    private OffsetDateTime local(Instant at) {
        return at == null ? null : at.atZone(zone).toOffsetDateTime();
    }
}
