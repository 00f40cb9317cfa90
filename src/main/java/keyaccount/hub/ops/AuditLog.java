package keyaccount.hub.ops;

import static keyaccount.hub.core.db.Timestamps.instant;
import static keyaccount.hub.core.db.Timestamps.ts;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Operators' actions on the hub, kept in the store: who, what, when. */
@Component
public class AuditLog {
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, String detail) {
        jdbc.update("INSERT INTO audit_log (occurred_at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                ts(clock.instant()), actor, action, target,
                detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 4000));
    }

    public List<Map<String, Object>> recent(int limit) {
        return jdbc.query("SELECT occurred_at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("at", instant(rs, "occurred_at").atZone(clock.getZone()).toOffsetDateTime());
                    m.put("actor", rs.getString("actor"));
                    m.put("action", rs.getString("action"));
                    m.put("target", rs.getString("target"));
                    m.put("detail", rs.getString("detail"));
                    return m;
                }, limit);
    }
}
