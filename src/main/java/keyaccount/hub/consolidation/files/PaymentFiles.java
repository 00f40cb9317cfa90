package keyaccount.hub.consolidation.files;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import keyaccount.hub.config.HubProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finance's payment files (ICD §5, folder /payments): {@code PAY_<YYYYMMDD>.csv}, UTF-8, a header
 * line, one payment per line. Each pay_id is kept once, whichever file and however often it comes.
 */
@Component("paymentFiles")
public class PaymentFiles extends LoaderSupport {
    public static final String SOURCE = "finance.payments";
    static final String[] HEADER = {"pay_id", "cust_no", "acct_no", "amount_yuan", "paid_at", "channel"};
    private static final Pattern NAME = Pattern.compile("PAY_\\d{8}\\.csv");

    public PaymentFiles(FileIntake intake, JdbcTemplate store, HubProperties props) {
        super(intake, store, props);
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Checked check(Path file, String fileName) throws IOException {
        if (!FinanceFiles.datedName(NAME, fileName)) {
            return Checked.invalid("file name is not PAY_<YYYYMMDD>.csv", 0);
        }
        return FinanceFiles.check(file, HEADER, PaymentFiles::payment, null);
    }

    private static String payment(String[] f) {
        if (f.length != 6) {
            return f.length + " fields, not 6";
        }
        if (f[0].isBlank() || f[0].length() > 40) {
            return "pay_id missing or longer than 40";
        }
        if (f[1].isBlank() || f[1].length() > 20) {
            return "cust_no missing or longer than 20";
        }
        if (f[2].length() > 20) {
            return "acct_no longer than 20";
        }
        String amount = FinanceFiles.yuan(f[3]);
        if (amount != null) {
            return "amount_yuan " + amount;
        }
        try {
            OffsetDateTime.parse(f[4].trim());
        } catch (DateTimeParseException e) {
            return "paid_at is not an ISO-8601 time with offset: " + f[4];
        }
        if (f[5].length() > 30) {
            return "channel longer than 30";
        }
        return null;
    }

    @Override
    public Loaded load(Path file, String fileName, long fileId, Checked checked) throws IOException {
        String sql = "INSERT INTO payment (pay_id, cust_no, acct_no, amount_yuan, paid_at, channel, file_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        BatchInsert rows = batch(sql);
        FinanceFiles.eachRow(file, f -> rows.add(f[0].trim(), f[1].trim(), f[2].isBlank() ? null : f[2].trim(),
                new BigDecimal(f[3].trim()), OffsetDateTime.parse(f[4].trim()), f[5].isBlank() ? null : f[5].trim(), fileId));
        rows.finish();
        // counted, not taken from the batch results: PostgreSQL's rewritten batches do not report rows
        long loaded = count(fileId);
        long known = checked.records() - loaded;
        return new Loaded("LOADED", loaded, known == 0 ? null : fileName + ": " + known + " payment(s) known already");
    }

    private long count(long fileId) {
        Long n = store.queryForObject("SELECT COUNT(*) FROM payment WHERE file_id = ?", Long.class, fileId);
        return n == null ? 0 : n;
    }
}
