package keyaccount.hub.consolidation.files;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import keyaccount.hub.config.HubProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Billing's monthly revenue files (ICD §5, folder /revenue): {@code REV_<LN>_<YYYYMM>_<SEQ>.txt},
 * GBK, {@code |}-separated, a header, detail lines with amounts in fen, and a trailer whose count
 * and sum must match before anything is loaded. The file holding a local net's month now is in
 * revenue_file_current: a file with a higher SEQ (or the same SEQ with new content) replaces it
 * whole, a lower one arriving late is kept as SUPERSEDED and loads nothing.
 */
@Component("revenueFiles")
public class RevenueFiles extends LoaderSupport {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RevenueFiles.class);
    public static final String SOURCE = "billing.revenue";
    private static final Pattern NAME = Pattern.compile("REV_([A-Z]{2})_(\\d{6})_(\\d{1,6})\\.txt");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuuMM");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd");

    private final Clock clock;

    public RevenueFiles(FileIntake intake, JdbcTemplate store, Clock clock, HubProperties props) {
        super(intake, store, props);
        this.clock = clock;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    record Header(String localNet, String month, int seq) {}

    @Override
    public Checked check(Path file, String fileName) throws IOException {
        return checkFile(file, fileName);
    }

    /** The whole check of a revenue file, streamed; nothing is written. */
    public static Checked checkFile(Path file, String fileName) throws IOException {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Checked.invalid("file name is not REV_<LN>_<YYYYMM>_<SEQ>.txt", 0);
        }
        Header named = new Header(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
        if (!validMonth(named.month())) {
            return Checked.invalid("file name has no valid billing month: " + named.month(), 0);
        }
        long count = 0;
        long sum = 0;
        boolean header = false;
        boolean trailer = false;
        try (DelimitedFile.Reader r = DelimitedFile.gbkPipes(file)) {
            for (String[] f; (f = r.next()) != null; ) {
                String where = "line " + r.line() + ": ";
                if (trailer) {
                    return Checked.invalid(where + "text after the trailer", count);
                }
                String kind = f[0];
                if (!header) {
                    if (!"H".equals(kind)) {
                        return Checked.invalid(where + "the first line is not the header (H)", count);
                    }
                    String fault = header(f, named);
                    if (fault != null) {
                        return Checked.invalid(where + fault, count);
                    }
                    header = true;
                } else if ("D".equals(kind)) {
                    String fault = detail(f);
                    if (fault != null) {
                        return Checked.invalid(where + fault, count + 1);
                    }
                    count++;
                    sum = Math.addExact(sum, Long.parseLong(f[5]));
                } else if ("T".equals(kind)) {
                    if (f.length != 3 || !isLong(f[1]) || !isLong(f[2])) {
                        return Checked.invalid(where + "trailer is not T|<count>|<sum in fen>", count);
                    }
                    if (Long.parseLong(f[1]) != count || Long.parseLong(f[2]) != sum) {
                        return Checked.invalid("trailer says " + f[1] + " lines summing " + f[2] + " fen; the file has "
                                + count + " lines summing " + sum + " fen", count);
                    }
                    trailer = true;
                } else {
                    return Checked.invalid(where + "unknown record kind '" + kind + "'", count);
                }
            }
        } catch (DelimitedFile.BadText e) {
            return Checked.invalid(e.getMessage(), count);
        }
        if (!header) {
            return Checked.invalid("empty file: no header", 0);
        }
        if (!trailer) {
            return Checked.invalid("no trailer (T): the file is cut short", count);
        }
        return new Checked(null, count, sum, named);
    }

    private static String header(String[] f, Header named) {
        if (f.length != 6 || !"REV".equals(f[1])) {
            return "header is not H|REV|<LN>|<YYYYMM>|<YYYYMMDD>|<SEQ>";
        }
        if (!named.localNet().equals(f[2]) || !named.month().equals(f[3]) || !isLong(f[5])
                || Long.parseLong(f[5]) != named.seq()) {
            return "header (" + f[2] + ", " + f[3] + ", " + f[5] + ") does not match the file name (" + named.localNet()
                    + ", " + named.month() + ", " + named.seq() + ")";
        }
        try {
            java.time.LocalDate.parse(f[4], DAY);
        } catch (DateTimeParseException e) {
            return "header file date is not YYYYMMDD: " + f[4];
        }
        return null;
    }

    private static String detail(String[] f) {
        if (f.length != 7) {
            return "detail line has " + f.length + " fields, not 7";
        }
        if (f[1].isBlank() || f[1].length() > 20) {
            return "customer number missing or longer than 20";
        }
        if (f[2].length() > 20) {
            return "account number longer than 20";
        }
        if (f[3].isBlank() || f[3].length() > 10) {
            return "product code missing or longer than 10";
        }
        if (f[4].length() > 100) {
            return "product name longer than 100";
        }
        if (!isLong(f[5])) {
            return "amount is not a whole number of fen: " + f[5];
        }
        if (!f[6].isEmpty() && !isInt(f[6])) {
            return "quantity is not a whole number: " + f[6];
        }
        return null;
    }

    @Override
    public Loaded load(Path file, String fileName, long fileId, Checked checked) throws IOException {
        Header h = (Header) checked.summary();
        List<java.util.Map<String, Object>> current = store.queryForList("SELECT seq, file_id FROM revenue_file_current"
                + " WHERE local_net = ? AND bill_month = ? FOR UPDATE", h.localNet(), h.month());
        if (!current.isEmpty()) {
            int seq = ((Number) current.get(0).get("seq")).intValue();
            long oldFile = ((Number) current.get(0).get("file_id")).longValue();
            if (seq > h.seq()) {
                return new Loaded("SUPERSEDED", 0, fileName + " not loaded: SEQ " + seq + " holds " + h.localNet() + " "
                        + h.month() + " already");
            }
            store.update("DELETE FROM revenue_line WHERE file_id = ?", oldFile);
            store.update("UPDATE inbound_file SET status = 'REPLACED', reason = ? WHERE file_id = ?",
                    "replaced by " + fileName, oldFile);
            store.update("UPDATE revenue_file_current SET seq = ?, file_id = ?, loaded_at = ? WHERE local_net = ?"
                    + " AND bill_month = ?", h.seq(), fileId, ts(clock.instant()), h.localNet(), h.month());
        } else {
            store.update("INSERT INTO revenue_file_current (local_net, bill_month, seq, file_id, loaded_at)"
                    + " VALUES (?, ?, ?, ?, ?)", h.localNet(), h.month(), h.seq(), fileId, ts(clock.instant()));
        }
        String sql = "INSERT INTO revenue_line (file_id, local_net, bill_month, cust_no, acct_no, product_code,"
                + " product_name, amount_fen, quantity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        BatchInsert rows = batch(sql);
        log.info("{}: loading {} lines for {} {}", fileName, checked.records(), h.localNet(), h.month());
        try (DelimitedFile.Reader r = DelimitedFile.gbkPipes(file)) {
            for (String[] f; (f = r.next()) != null; ) {
                if ("D".equals(f[0])) {
                    rows.add(fileId, h.localNet(), h.month(), f[1], f[2].isEmpty() ? null : f[2], f[3], f[4],
                            Long.parseLong(f[5]), f[6].isEmpty() ? null : Integer.parseInt(f[6]));
                }
            }
        } catch (DelimitedFile.BadText e) {
            throw new IOException("file changed between check and load: " + e.getMessage(), e);
        }
        long written = rows.finish();
        String note = current.isEmpty() ? null : fileName + " replaced SEQ " + current.get(0).get("seq");
        return new Loaded("LOADED", written, note);
    }

    private static boolean validMonth(String yyyymm) {
        try {
            YearMonth.parse(yyyymm, MONTH);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isLong(String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isInt(String s) {
        try {
            Integer.parseInt(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
