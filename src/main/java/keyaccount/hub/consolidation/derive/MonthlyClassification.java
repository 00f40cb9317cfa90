package keyaccount.hub.consolidation.derive;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import keyaccount.hub.consolidation.derive.ClassificationRules.Classified;
import keyaccount.hub.consolidation.derive.ClassificationRules.Input;
import keyaccount.hub.consolidation.derive.ClassificationRules.NetMonth;
import keyaccount.hub.core.reference.MappingFiles;
import keyaccount.hub.customer.CustomerDirectory;
import keyaccount.hub.customer.GradeRules;
import keyaccount.hub.customer.KeyAccountKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Classifies the customers of each local net for its bill months (rules: {@link ClassificationRules})
 * and keeps the result ({@code customer_month}, {@code local_net_month}) and every change of a
 * customer's kinds or grade with its reason ({@code customer_kind_change}).
 *
 * <p>Which months: per local net, its latest bill month (every run, so changes of the 97 data or of
 * the rules show), and every month of the last {@code monthsBack} that has a current revenue file
 * but no classification yet, or whose current file has been replaced since. Older months first.
 *
 * <p>Who: a customer belongs to the local net its number starts with (ICD §4). Its revenue for the
 * month is the sum of its lines in the current revenue files of that month. A customer the net's
 * previous classified month had with positive revenue, or the month already has, but who has no
 * line now is classified with revenue 0, so a customer who stops paying loses HIGH_VALUE.
 *
 * <p>Writes only what differs: a re-run on the same inputs changes no row and adds no history.
 */
@Component
public class MonthlyClassification {
    private static final Logger log = LoggerFactory.getLogger(MonthlyClassification.class);
    static final String FILE = "classification.yaml";
    static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    private final JdbcTemplate jdbc;
    private final MappingFiles files;
    private final GradeRules grades;
    private final CustomerDirectory customers;
    private final Clock clock;

    public MonthlyClassification(JdbcTemplate jdbc, MappingFiles files, GradeRules grades, CustomerDirectory customers,
                                 Clock clock) {
        this.jdbc = jdbc;
        this.files = files;
        this.grades = grades;
        this.customers = customers;
        this.clock = clock;
    }

    /** What a run classified; {@code latestMonths}: local net → its latest bill month. */
    public record Outcome(int customersClassified, int kindChanges, int netMonths, Map<String, String> latestMonths) {}

    /** The rules as the mapping file says now. */
    public ClassificationRules rules() {
        return new ClassificationRules(files.yaml(FILE, ClassificationRules.Config.class), grades);
    }

    private record CurrentFile(String localNet, String billMonth, long fileId) {}

    private record Row(long revenueFen, String kinds, String grade, boolean keyAccount, boolean localList, Integer level,
                       long thresholdFen) {}

    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome classify(String runId) {
        ClassificationRules rules = rules();
        Map<String, List<CurrentFile>> byNet = new TreeMap<>();
        jdbc.query("SELECT local_net, bill_month, file_id FROM revenue_file_current ORDER BY bill_month, local_net",
                rs -> {
                    CurrentFile f = new CurrentFile(rs.getString(1), rs.getString(2), rs.getLong(3));
                    byNet.computeIfAbsent(f.localNet(), k -> new ArrayList<>()).add(f);
                });
        Map<String, Long> classifiedFrom = new HashMap<>();
        jdbc.query("SELECT local_net, bill_month, file_id FROM local_net_month",
                rs -> { classifiedFrom.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3)); });

        List<CurrentFile> todo = new ArrayList<>();
        Map<String, String> latest = new LinkedHashMap<>();
        for (var e : byNet.entrySet()) {
            List<CurrentFile> months = e.getValue();
            String latestMonth = months.get(months.size() - 1).billMonth();
            latest.put(e.getKey(), latestMonth);
            String oldest = YearMonth.parse(latestMonth, MONTH).minusMonths(Math.max(1, rules.config().monthsBack) - 1)
                    .format(MONTH);
            for (CurrentFile f : months) {
                Long from = classifiedFrom.get(f.localNet() + "|" + f.billMonth());
                if (f.billMonth().equals(latestMonth)
                        || (f.billMonth().compareTo(oldest) >= 0 && (from == null || from != f.fileId()))) {
                    todo.add(f);
                }
            }
        }
        todo.sort((a, b) -> a.billMonth().equals(b.billMonth()) ? a.localNet().compareTo(b.localNet())
                : a.billMonth().compareTo(b.billMonth()));

        int classified = 0;
        int changes = 0;
        for (CurrentFile f : todo) {
            int[] counts = classify(rules, f, runId);
            classified += counts[0];
            changes += counts[1];
        }
        return new Outcome(classified, changes, todo.size(), latest);
    }

    /** One local net's month; returns {customers classified, kind changes}. */
    private int[] classify(ClassificationRules rules, CurrentFile f, String runId) {
        String net = f.localNet();
        String month = f.billMonth();
        Map<String, Long> revenue = new TreeMap<>();
        jdbc.query("SELECT rl.cust_no, SUM(rl.amount_fen) FROM revenue_line rl JOIN revenue_file_current c"
                + " ON c.file_id = rl.file_id AND c.local_net = rl.local_net AND c.bill_month = rl.bill_month"
                + " WHERE rl.bill_month = ? AND rl.cust_no LIKE ? GROUP BY rl.cust_no",
                rs -> { revenue.put(rs.getString(1), rs.getLong(2)); }, month, net + "%");

        String previousMonth = jdbc.queryForObject("SELECT MAX(bill_month) FROM local_net_month WHERE local_net = ?"
                + " AND bill_month < ?", String.class, net, month);
        Map<String, Row> previous = previousMonth == null ? Map.of() : rows(net, previousMonth);
        Map<String, Row> existing = rows(net, month);
        previous.forEach((cust, row) -> {
            if (row.revenueFen() > 0) {
                revenue.putIfAbsent(cust, 0L);
            }
        });
        existing.keySet().forEach(cust -> revenue.putIfAbsent(cust, 0L));

        Map<String, Set<KeyAccountKind>> base97 = new HashMap<>();
        Map<String, Set<KeyAccountKind>> net97 = customers.kinds97ByPrefix(net);
        List<Input> inputs = new ArrayList<>(revenue.size());
        revenue.forEach((cust, fen) -> {
            Set<KeyAccountKind> kinds = net97.getOrDefault(cust, GradeRules.none());
            base97.put(cust, kinds);
            inputs.add(new Input(cust, fen, kinds));
        });
        NetMonth result = rules.classify(net, month, inputs);

        Instant now = clock.instant();
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> history = new ArrayList<>();
        for (Classified c : result.customers()) {
            Row row = new Row(c.revenueFen(), ClassificationRules.kindsText(c.kinds()), c.grade(), c.keyAccount(),
                    c.localList(), c.level(), result.thresholdFen());
            Row before = existing.get(c.custNo());
            if (before == null) {
                inserts.add(new Object[] {c.custNo(), month, net, row.revenueFen(), row.kinds(), row.grade(),
                        row.keyAccount(), row.localList(), row.level(), row.thresholdFen(), runId, ts(now)});
            } else if (!before.equals(row)) {
                updates.add(new Object[] {row.revenueFen(), row.kinds(), row.grade(), row.keyAccount(), row.localList(),
                        row.level(), row.thresholdFen(), runId, ts(now), c.custNo(), month});
            }
            // what the customer was before this classification: this month as classified earlier, else
            // its latest earlier month, else what the 97 data alone make it
            String oldKinds;
            String oldGrade;
            if (before != null) {
                oldKinds = before.kinds();
                oldGrade = before.grade();
            } else {
                Row earlier = previous.get(c.custNo());
                if (earlier == null) {
                    earlier = latestBefore(c.custNo(), month);
                }
                if (earlier != null) {
                    oldKinds = earlier.kinds();
                    oldGrade = earlier.grade();
                } else {
                    Set<KeyAccountKind> only97 = base97.get(c.custNo());
                    oldKinds = ClassificationRules.kindsText(only97);
                    oldGrade = grades.grade(only97);
                }
            }
            if (!oldKinds.equals(row.kinds()) || !oldGrade.equals(row.grade())) {
                String reason = ClassificationRules.changeReason(ClassificationRules.kinds(oldKinds), oldGrade, c);
                history.add(new Object[] {c.custNo(), ts(now), month, oldKinds, row.kinds(), oldGrade, row.grade(),
                        truncate(reason), runId});
            }
        }
        jdbc.batchUpdate("INSERT INTO customer_month (cust_no, bill_month, local_net, revenue_fen, kinds, grade,"
                + " key_account, local_list, account_level, threshold_fen, run_id, classified_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        jdbc.batchUpdate("UPDATE customer_month SET revenue_fen = ?, kinds = ?, grade = ?, key_account = ?,"
                + " local_list = ?, account_level = ?, threshold_fen = ?, run_id = ?, classified_at = ?"
                + " WHERE cust_no = ? AND bill_month = ?", updates);
        jdbc.batchUpdate("INSERT INTO customer_kind_change (cust_no, changed_at, bill_month, old_kinds, new_kinds,"
                + " old_grade, new_grade, reason, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", history);
        saveNetMonth(result, f.fileId(), runId, now);
        log.info("classified {} {}: {} customers, {} key accounts, list minimum {} fen, {} change(s) of kind or grade",
                net, month, result.customers().size(), result.keyAccounts(), result.listMinFen(), history.size());
        return new int[] {result.customers().size(), history.size()};
    }

    private record NetRow(long fileId, int customers, long totalFen, long thresholdFen, int keyAccounts,
                          long keyAccountFen, int level2Accounts, int listCount, long listFen, Long listMinFen) {}

    private void saveNetMonth(NetMonth m, long fileId, String runId, Instant now) {
        NetRow row = new NetRow(fileId, m.customers().size(), m.totalFen(), m.thresholdFen(), m.keyAccounts(),
                m.keyAccountFen(), m.level2Accounts(), m.listCount(), m.listFen(), m.listMinFen());
        NetRow stored = jdbc.query("SELECT file_id, customers, total_fen, threshold_fen, key_accounts, key_account_fen,"
                + " level2_accounts, list_count, list_fen, list_min_fen FROM local_net_month"
                + " WHERE local_net = ? AND bill_month = ?", (rs, n) -> {
                    long min = rs.getLong(10);
                    return new NetRow(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getInt(5),
                            rs.getLong(6), rs.getInt(7), rs.getInt(8), rs.getLong(9), rs.wasNull() ? null : min);
                }, m.localNet(), m.billMonth()).stream().findFirst().orElse(null);
        if (stored == null) {
            jdbc.update("INSERT INTO local_net_month (file_id, customers, total_fen, threshold_fen, key_accounts,"
                    + " key_account_fen, level2_accounts, list_count, list_fen, list_min_fen, run_id, classified_at,"
                    + " local_net, bill_month) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    netValues(row, runId, now, m));
        } else if (!stored.equals(row)) {
            jdbc.update("UPDATE local_net_month SET file_id = ?, customers = ?, total_fen = ?, threshold_fen = ?,"
                    + " key_accounts = ?, key_account_fen = ?, level2_accounts = ?, list_count = ?, list_fen = ?,"
                    + " list_min_fen = ?, run_id = ?, classified_at = ? WHERE local_net = ? AND bill_month = ?",
                    netValues(row, runId, now, m));
        }
    }

    private static Object[] netValues(NetRow r, String runId, Instant now, NetMonth m) {
        return new Object[] {r.fileId(), r.customers(), r.totalFen(), r.thresholdFen(), r.keyAccounts(),
                r.keyAccountFen(), r.level2Accounts(), r.listCount(), r.listFen(), r.listMinFen(), runId, ts(now),
                m.localNet(), m.billMonth()};
    }

    private Map<String, Row> rows(String net, String month) {
        Map<String, Row> rows = new HashMap<>();
        jdbc.query("SELECT cust_no, revenue_fen, kinds, grade, key_account, local_list, account_level, threshold_fen"
                + " FROM customer_month WHERE local_net = ? AND bill_month = ?",
                rs -> { rows.put(rs.getString(1), row(rs)); }, net, month);
        return rows;
    }

    private Row latestBefore(String custNo, String month) {
        return jdbc.query("SELECT cust_no, revenue_fen, kinds, grade, key_account, local_list, account_level, threshold_fen"
                + " FROM customer_month WHERE cust_no = ? AND bill_month < ? ORDER BY bill_month DESC LIMIT 1",
                (rs, n) -> row(rs), custNo, month).stream().findFirst().orElse(null);
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        int level = rs.getInt("account_level");
        Integer lvl = rs.wasNull() ? null : level;
        return new Row(rs.getLong("revenue_fen"), rs.getString("kinds"), rs.getString("grade").trim(),
                rs.getBoolean("key_account"), rs.getBoolean("local_list"), lvl, rs.getLong("threshold_fen"));
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
