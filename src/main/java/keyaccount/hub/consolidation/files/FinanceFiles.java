package keyaccount.hub.consolidation.files;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/** Field rules shared by finance's CSV files (ICD §5). */
final class FinanceFiles {
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd");

    private FinanceFiles() {}

    /** The name matches its pattern (XXX_YYYYMMDD.csv) and its date is a real day. */
    static boolean datedName(Pattern pattern, String fileName) {
        return pattern.matcher(fileName).matches() && validDay(fileName.substring(4, 12));
    }

    private static boolean validDay(String yyyymmdd) {
        try {
            LocalDate.parse(yyyymmdd, DAY);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Null when the text is an amount in yuan with at most 2 decimals, else what is wrong with it. */
    static String yuan(String text) {
        try {
            BigDecimal v = new BigDecimal(text.trim());
            return v.scale() > 2 ? "has more than 2 decimals: " + text : null;
        } catch (NumberFormatException e) {
            return "is not an amount: " + text;
        }
    }

    /** A rule for one data line: null when it is good, else what is wrong. */
    interface LineRule {
        String fault(String[] fields);
    }

    /** Reads a CSV file with a fixed header whole, stopping at the first bad line. */
    static FileLoader.Checked check(Path file, String[] header, LineRule rule, Object summary) throws IOException {
        long count = 0;
        try (DelimitedFile.Reader r = DelimitedFile.utf8Commas(file)) {
            String[] first = r.next();
            if (first == null || !Arrays.equals(trimmed(first), header)) {
                return FileLoader.Checked.invalid("line 1: header is not " + String.join(",", header), 0);
            }
            for (String[] f; (f = r.next()) != null; ) {
                count++;
                String fault = rule.fault(f);
                if (fault != null) {
                    return FileLoader.Checked.invalid("line " + r.line() + ": " + fault, count);
                }
            }
        } catch (DelimitedFile.BadText e) {
            return FileLoader.Checked.invalid(e.getMessage(), count);
        }
        return new FileLoader.Checked(null, count, null, summary);
    }

    /** What a loader does with one data line of a file that {@link #check} passed. */
    interface RowAction {
        void row(String[] fields);
    }

    /** Hands every data line after the header to the action, streamed. */
    static void eachRow(Path file, RowAction action) throws IOException {
        try (DelimitedFile.Reader r = DelimitedFile.utf8Commas(file)) {
            r.next(); // the header, checked already
            for (String[] f; (f = r.next()) != null; ) {
                action.row(f);
            }
        }
    }

    static String[] trimmed(String[] fields) {
        String[] t = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            t[i] = fields[i].trim().toLowerCase(Locale.ROOT).replace("\uFEFF", "");
        }
        return t;
    }
}
