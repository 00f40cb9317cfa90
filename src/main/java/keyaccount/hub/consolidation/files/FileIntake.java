package keyaccount.hub.consolidation.files;

import static keyaccount.hub.core.db.Timestamps.ts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import keyaccount.hub.config.HubProperties;
import keyaccount.hub.consolidation.SourceCounts;
import keyaccount.hub.core.alarm.AlarmKind;
import keyaccount.hub.core.alarm.Alarms;
import keyaccount.hub.core.db.Columns;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes one file that a file source's route downloaded to the hub's work folder: once by name and
 * checksum (inbound_file), checked whole before anything is written, loaded in one transaction
 * together with the record of having taken it, or set aside whole with its reason and one
 * FILE_REJECTED alarm. A crash at any point leaves either no trace (the file is taken again next
 * time) or the complete result.
 */
@Component
public class FileIntake {
    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);

    private final FileSources sources;
    private final JdbcTemplate store;
    private final TransactionTemplate tx;
    private final Alarms alarms;
    private final Clock clock;
    private final Path rejectedDir;

    public FileIntake(FileSources sources, JdbcTemplate store, TransactionTemplate tx, Alarms alarms, Clock clock,
                      HubProperties props) {
        this.sources = sources;
        this.store = store;
        this.tx = tx;
        this.alarms = alarms;
        this.clock = clock;
        this.rejectedDir = props.dataDir().resolve("rejected");
    }

    /** The key under which the FTP listing of a file is remembered; the routes' idempotentKey says the same. */
    public static String listingKey(Exchange exchange) {
        return exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class) + "-"
                + exchange.getIn().getHeader(Exchange.FILE_LENGTH, Long.class) + "-"
                + exchange.getIn().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
    }

    /** Called by a file source's route for each exchange. */
    public void take(FileLoader loader, Exchange exchange) {
        String source = loader.source();
        if (sources.idle(source, exchange)) {
            return;
        }
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        try {
            Path file = Path.of(exchange.getIn().getHeader(Exchange.FILE_LOCAL_WORK_PATH, String.class));
            take(loader, file, name, listingKey(exchange), sources.runId(source), sources.counts(source));
        } catch (Exception e) {
            // not rethrown: nothing of the file was kept, so the next run takes it again
            sources.sourceFailed(source, new IllegalStateException(source + " " + name + ": " + e.getMessage(), e));
        }
    }

    void take(FileLoader loader, Path file, String name, String listingKey, String runId, SourceCounts counts)
            throws IOException {
        String source = loader.source();
        String checksum = sha256(file);
        List<Long> known = store.queryForList("SELECT file_id FROM inbound_file WHERE source = ? AND file_name = ?"
                + " AND checksum = ?", Long.class, source, name, checksum);
        if (!known.isEmpty()) {
            // the same bytes listed anew (touched, copied again): taken already, remember the new listing
            store.update("UPDATE inbound_file SET listing_key = ? WHERE file_id = ?", listingKey, known.get(0));
            counts.file(0, 0, 0, name + " taken before");
            log.info("{} {}: the same file was taken before (file {}), skipped", source, name, known.get(0));
            return;
        }
        FileLoader.Checked checked = loader.check(file, name);
        if (!checked.valid()) {
            reject(source, file, name, checksum, listingKey, runId, checked);
            counts.file(checked.records(), 0, checked.records(), name + " rejected: " + checked.reason());
            return;
        }
        FileLoader.Loaded loaded = tx.execute(status -> {
            long fileId = record(source, name, checksum, listingKey, "LOADED", null, checked, runId);
            try {
                FileLoader.Loaded l = loader.load(file, name, fileId, checked);
                if (!"LOADED".equals(l.status())) {
                    store.update("UPDATE inbound_file SET status = ?, reason = ? WHERE file_id = ?", l.status(),
                            l.note(), fileId);
                }
                return l;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        counts.file(checked.records(), loaded.loaded(), 0, loaded.note());
        log.info("{} {}: {} ({} of {} records written)", source, name, loaded.status(), loaded.loaded(),
                checked.records());
    }

    private void reject(String source, Path file, String name, String checksum, String listingKey, String runId,
                        FileLoader.Checked checked) throws IOException {
        Path aside = rejectedDir.resolve(source);
        Files.createDirectories(aside);
        String stamp = Long.toString(clock.millis());
        Files.copy(file, aside.resolve(name + "." + stamp), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(aside.resolve(name + "." + stamp + ".reason.txt"), checked.reason() + System.lineSeparator(),
                StandardCharsets.UTF_8);
        tx.executeWithoutResult(status -> {
            record(source, name, checksum, listingKey, "REJECTED", checked.reason(), checked, runId);
            alarms.raise(new Alarms.Alarm("FILE_REJECTED|" + source + "|" + name + "|" + checksum, null,
                    AlarmKind.FILE_REJECTED, null, null, null,
                    "文件被拒收 " + source + " " + name + ": " + checked.reason(), Map.of("HubFileName", name,
                    "HubFileSource", source)));
        });
        log.warn("{} {}: rejected whole, nothing loaded ({}); kept at {}", source, name, checked.reason(), aside);
    }

    private long record(String source, String name, String checksum, String listingKey, String status, String reason,
                        FileLoader.Checked checked, String runId) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        store.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO inbound_file (source, file_name, checksum,"
                    + " listing_key, status, reason, record_count, amount_fen, run_id, received_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"file_id"});
            ps.setString(1, source);
            ps.setString(2, name);
            ps.setString(3, checksum);
            ps.setString(4, listingKey);
            ps.setString(5, status);
            ps.setString(6, Columns.fit(reason, 1000));
            ps.setLong(7, checked.records());
            ps.setObject(8, checked.amountFen());
            ps.setString(9, runId);
            ps.setObject(10, ts(clock.instant()));
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
