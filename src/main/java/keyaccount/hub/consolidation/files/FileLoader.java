package keyaccount.hub.consolidation.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One kind of file from an outside FTP server (billing revenue, finance payments, arrears). The
 * file is read twice, both times streamed: {@link #check} reads it whole and writes nothing, so
 * that an invalid file is never partly loaded; {@link #load} then writes it in the caller's
 * transaction, so that it is loaded whole or not at all.
 */
public interface FileLoader {

    /** The source's name in run history and in the store, e.g. {@code billing.revenue}. */
    String source();

    Checked check(Path file, String fileName) throws IOException;

    Loaded load(Path file, String fileName, long fileId, Checked checked) throws IOException;

    /**
     * What the check found: {@code reason} is null for a valid file, else the first fault found
     * (with its line). {@code records} counts data records; {@code amountFen} the sum, if any.
     */
    record Checked(String reason, long records, Long amountFen, Object summary) {
        public static Checked invalid(String reason, long records) {
            return new Checked(reason, records, null, null);
        }

        public boolean valid() {
            return reason == null;
        }
    }

    /**
     * What the load did. {@code status} is LOADED, or SUPERSEDED when a newer file already holds
     * what this one would replace; {@code loaded} counts the records written.
     */
    record Loaded(String status, long loaded, String note) {}
}
