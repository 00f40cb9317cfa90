package keyaccount.hub.core.form;

import static keyaccount.hub.core.db.Timestamps.instant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every hop of a form across systems, in time order: what came in (form_trace), what went out
 * through the broker (outbox) and what was done to the 97 database or an FTP server
 * (pending_action). A form's child forms (a work order's station tasks, WO-...-L) are included.
 * "Where is this order?" is one call.
 */
@Component
public class FormTrace {
    private final JdbcTemplate jdbc;

    public FormTrace(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param direction IN (to the hub), OUT (from the hub), or EFFECT (done by the hub on a peer's database or server)
     * @param endpoint the queue, topic or outside endpoint
     * @param step what the message was (report, return step, reply...)
     * @param outcome what the hub did with an inbound message, or SENT / PENDING / DONE for outbound ones
     */
    public record Hop(Instant at, String formNo, String direction, String endpoint, String messageId, String step,
                      String outcome, String note) {}

    public List<Hop> of(String formNo) {
        String children = formNo + "-%";
        List<Hop> hops = new ArrayList<>();
        hops.addAll(jdbc.query("SELECT occurred_at, form_no, channel, message_id, step, outcome, note FROM form_trace"
                        + " WHERE form_no = ? OR form_no LIKE ?",
                (rs, n) -> new Hop(instant(rs, "occurred_at"), rs.getString("form_no"), "IN", rs.getString("channel"),
                        rs.getString("message_id"), rs.getString("step"), rs.getString("outcome"), rs.getString("note")),
                formNo, children));
        hops.addAll(jdbc.query("SELECT created_at, sent_at, correlation_id, destination, message_id, headers, body FROM outbox"
                        + " WHERE correlation_id = ?",
                (rs, n) -> {
                    Instant sent = instant(rs, "sent_at");
                    return new Hop(sent == null ? instant(rs, "created_at") : sent, rs.getString("correlation_id"), "OUT",
                            rs.getString("destination"), rs.getString("message_id"), summary(rs.getString("body")),
                            sent == null ? "PENDING" : "SENT", null);
                }, formNo));
        hops.addAll(jdbc.query("SELECT created_at, done_at, kind, ref, attempts, last_error FROM pending_action"
                        + " WHERE ref = ? OR ref IN (SELECT order_no FROM work_order WHERE work_order_no = ?)",
                (rs, n) -> {
                    Instant done = instant(rs, "done_at");
                    return new Hop(done == null ? instant(rs, "created_at") : done, formNo, "EFFECT", rs.getString("kind"),
                            null, rs.getString("kind"), done == null ? "PENDING" : "DONE",
                            done == null && rs.getString("last_error") != null
                                    ? "attempt " + rs.getInt("attempts") + ": " + rs.getString("last_error") : null);
                }, formNo, formNo));
        hops.sort(Comparator.comparing(Hop::at).thenComparing(Hop::direction));
        return hops;
    }

    /** What a message was, from its body: the XML root or the JSON step / status / result. */
    static String summary(String body) {
        if (body == null) {
            return null;
        }
        for (String key : new String[] {"<Status>", "\"step\":\"", "\"station\":\"", "\"action\":\"", "\"result\":\"",
                "\"kind\":\"", "\"to\":\""}) {
            int i = body.indexOf(key);
            if (i >= 0) {
                int start = i + key.length();
                int end = body.indexOf(key.startsWith("<") ? "<" : "\"", start);
                if (end > start) {
                    return key.replaceAll("[<>\":]", "") + " " + body.substring(start, end);
                }
            }
        }
        return body.startsWith("<") ? body.substring(0, Math.min(40, body.length())) : null;
    }
}
