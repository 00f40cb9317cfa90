package keyaccount.hub.consolidation.files;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import keyaccount.hub.config.HubProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finance's arrears files (ICD §5, folder /arrears): {@code ARR_<YYYYMMDD>.csv}, a full snapshot
 * of all arrears that day. A newer day's file replaces the snapshot whole; an older one arriving
 * late is kept as SUPERSEDED and changes nothing.
 */
@Component("arrearsFiles")
public class ArrearsFiles extends LoaderSupport {
    public static final String SOURCE = "finance.arrears";
    static final String[] HEADER = {"cust_no", "acct_no", "overdue_yuan", "overdue_since"};
    private static final Pattern NAME = Pattern.compile("ARR_\\d{8}\\.csv");

    public ArrearsFiles(FileIntake intake, JdbcTemplate store, HubProperties props) {
        super(intake, store, props);
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Checked check(Path file, String fileName) throws IOException {
        if (!FinanceFiles.datedName(NAME, fileName)) {
            return Checked.invalid("file name is not ARR_<YYYYMMDD>.csv", 0);
        }
        // an account twice in one snapshot is a fault of the file; the set holds one day's keys
        Set<String> accounts = new HashSet<>();
        return FinanceFiles.check(file, HEADER, f -> {
            String fault = arrears(f);
            return fault == null && !accounts.add(f[0].trim() + "|" + f[1].trim())
                    ? "account " + f[1].trim() + " of " + f[0].trim() + " appears twice" : fault;
        }, day(fileName));
    }

    private static String arrears(String[] f) {
        if (f.length != 4) {
            return f.length + " fields, not 4";
        }
        if (f[0].isBlank() || f[0].length() > 20) {
            return "cust_no missing or longer than 20";
        }
        if (f[1].isBlank() || f[1].length() > 20) {
            return "acct_no missing or longer than 20";
        }
        String amount = FinanceFiles.yuan(f[2]);
        if (amount != null) {
            return "overdue_yuan " + amount;
        }
        try {
            LocalDate.parse(f[3].trim());
        } catch (DateTimeParseException e) {
            return "overdue_since is not a date (YYYY-MM-DD): " + f[3];
        }
        return null;
    }

    private static LocalDate day(String fileName) {
        return LocalDate.parse(fileName.substring(4, 12), FinanceFiles.DAY);
    }

    @Override
    public Loaded load(Path file, String fileName, long fileId, Checked checked) throws IOException {
        LocalDate day = (LocalDate) checked.summary();
        List<LocalDate> current = store.queryForList("SELECT snapshot_date FROM arrears_snapshot WHERE id = 1 FOR UPDATE",
                LocalDate.class);
        if (!current.isEmpty() && current.get(0).isAfter(day)) {
            return new Loaded("SUPERSEDED", 0, fileName + " not loaded: the snapshot of " + current.get(0) + " is newer");
        }
        store.update("DELETE FROM arrears");
        if (current.isEmpty()) {
            store.update("INSERT INTO arrears_snapshot (id, snapshot_date, file_id) VALUES (1, ?, ?)", day, fileId);
        } else {
            store.update("UPDATE arrears_snapshot SET snapshot_date = ?, file_id = ? WHERE id = 1", day, fileId);
        }
        String sql = "INSERT INTO arrears (cust_no, acct_no, overdue_yuan, overdue_since, snapshot_date, file_id)"
                + " VALUES (?, ?, ?, ?, ?, ?)";
        BatchInsert rows = batch(sql);
        FinanceFiles.eachRow(file, f -> rows.add(f[0].trim(), f[1].trim(), new BigDecimal(f[2].trim()),
                LocalDate.parse(f[3].trim()), day, fileId));
        long written = rows.finish();
        return new Loaded("LOADED", written, null);
    }
}
