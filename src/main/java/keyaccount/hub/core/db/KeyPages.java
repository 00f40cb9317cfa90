package keyaccount.hub.core.db;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whole tables read page by page in key order (keyset pagination: each page starts after the
 * last key of the one before), so a full read of an outside system's table holds one page at a
 * time; and the sweep that finds which of the store's keys an outside table no longer has.
 */
public final class KeyPages {
    private KeyPages() {}

    /** "?, ?, ?": the bound parameters of an IN list of n values. */
    public static String marks(int n) {
        return "?,".repeat(n - 1) + "?";
    }

    /**
     * Hands every page to {@code handle}; {@code fetch} reads the page after a key ("" first) in
     * key order, at most {@code pageSize} rows. Returns the rows read.
     */
    public static <T> long forEach(Function<String, List<T>> fetch, Function<T, String> key, int pageSize,
                                   Consumer<List<T>> handle) {
        long read = 0;
        String after = "";
        while (true) {
            List<T> page = fetch.apply(after);
            if (page.isEmpty()) {
                return read;
            }
            handle.accept(page);
            read += page.size();
            if (page.size() < pageSize) {
                return read;
            }
            after = key.apply(page.get(page.size() - 1));
        }
    }

    /**
     * The store's keys (from {@code storeKeys}: a query of one key column with one parameter, the
     * key to start after, ordered by key) that the outside table no longer has ({@code peerKeys}: a
     * query of its key column ending in "IN"), each handed to {@code missing}. Returns how many.
     */
    public static long absent(JdbcTemplate store, String storeKeys, JdbcTemplate peer, String peerKeys, int pageSize,
                              Consumer<String> missing) {
        long[] gone = {0};
        forEach(after -> store.queryForList(storeKeys + " FETCH FIRST " + pageSize + " ROWS ONLY", String.class, after),
                Function.identity(), pageSize, page -> {
                    Set<String> present = new HashSet<>(peer.queryForList(peerKeys + " (" + marks(page.size()) + ")",
                            String.class, page.toArray()));
                    for (String k : page) {
                        if (!present.contains(k)) {
                            missing.accept(k);
                            gone[0]++;
                        }
                    }
                });
        return gone[0];
    }
}
