package keyaccount.hub.consolidation;

import java.util.ArrayList;
import java.util.List;

import keyaccount.hub.core.db.Columns;

/**
 * What one source gave a consolidation run: files taken, records read, loaded and rejected, and
 * a note for operators (which file was set aside and why). Filled by one thread at a time.
 */
public final class SourceCounts {
    private int files;
    private long read;
    private long loaded;
    private long rejected;
    private final List<String> notes = new ArrayList<>();

    public static SourceCounts of(long read, long loaded, long rejected, String note) {
        SourceCounts c = new SourceCounts();
        c.read = read;
        c.loaded = loaded;
        c.rejected = rejected;
        if (note != null) {
            c.notes.add(note);
        }
        return c;
    }

    public synchronized void file(long read, long loaded, long rejected, String note) {
        files++;
        this.read += read;
        this.loaded += loaded;
        this.rejected += rejected;
        if (note != null) {
            notes.add(note);
        }
    }

    public synchronized int files() {
        return files;
    }

    public synchronized long read() {
        return read;
    }

    public synchronized long loaded() {
        return loaded;
    }

    public synchronized long rejected() {
        return rejected;
    }

    public synchronized String note() {
        if (notes.isEmpty()) {
            return null;
        }
        return Columns.fit(String.join("; ", notes), 1000);
    }
}
