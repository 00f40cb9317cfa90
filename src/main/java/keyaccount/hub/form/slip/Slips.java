package keyaccount.hub.form.slip;

import static keyaccount.hub.core.db.Timestamps.instant;
import static keyaccount.hub.core.db.Timestamps.ts;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import keyaccount.hub.core.form.FormDetails;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Table slip: both kinds of slip. Callers lock the slip's hub_form row first. */
@Component
public class Slips {
    private final JdbcTemplate jdbc;

    public Slips(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Slip(String slipNo, SlipKind kind, String custNo, String requestedBy, String request, String toDept,
                       String result, String answer, String answeredBy, Instant answeredAt, LocalDate promisedDate,
                       String resources) {}

    public void insert(String slipNo, SlipKind kind, String custNo, String requestedBy, String requestKey,
                       String request, String toDept) {
        jdbc.update("INSERT INTO slip (slip_no, kind, cust_no, requested_by, request_key, request, to_dept)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", slipNo, kind.name(), custNo, requestedBy, requestKey, request, toDept);
    }

    public void answer(String slipNo, String result, String answer, String answeredBy, Instant answeredAt,
                       LocalDate promisedDate, String resources) {
        jdbc.update("UPDATE slip SET result = ?, answer = ?, answered_by = ?, answered_at = ?, promised_date = ?,"
                        + " resources = ? WHERE slip_no = ?", result, answer, answeredBy, ts(answeredAt),
                promisedDate == null ? null : Date.valueOf(promisedDate), resources, slipNo);
    }

    /** The slip an earlier request with this Idempotency-Key created. */
    public Optional<String> byRequestKey(String requestedBy, String requestKey) {
        return jdbc.queryForList("SELECT slip_no FROM slip WHERE requested_by = ? AND request_key = ?", String.class,
                requestedBy, requestKey).stream().findFirst();
    }

    public Optional<Slip> find(String slipNo) {
        List<Slip> found = jdbc.query("SELECT slip_no, kind, cust_no, requested_by, request, to_dept, result, answer,"
                + " answered_by, answered_at, promised_date, resources FROM slip WHERE slip_no = ?", (rs, n) -> {
                    Date promised = rs.getDate("promised_date");
                    return new Slip(rs.getString("slip_no"), SlipKind.valueOf(rs.getString("kind")),
                            rs.getString("cust_no"), rs.getString("requested_by"), rs.getString("request"),
                            rs.getString("to_dept"), rs.getString("result"), rs.getString("answer"),
                            rs.getString("answered_by"), instant(rs, "answered_at"),
                            promised == null ? null : promised.toLocalDate(), rs.getString("resources"));
                }, slipNo);
        return found.stream().findFirst();
    }

    /** Both slip kinds show the same details. */
    public FormDetails details(SlipKind kind) {
        return new FormDetails() {
            @Override
            public String formType() {
                return kind.formType();
            }

            @Override
            public Optional<Map<String, Object>> details(String slipNo) {
                return find(slipNo).map(s -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("kind", s.kind().name());
                    d.put("requestedBy", s.requestedBy());
                    d.put("request", s.request());
                    d.put("toDept", s.toDept());
                    d.put("result", s.result());
                    d.put("answer", s.answer());
                    d.put("answeredBy", s.answeredBy());
                    d.put("answeredAt", s.answeredAt());
                    d.put("promisedDate", s.promisedDate());
                    d.put("resources", s.resources());
                    return d;
                });
            }
        };
    }
}
