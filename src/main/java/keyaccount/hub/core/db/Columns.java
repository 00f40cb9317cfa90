package keyaccount.hub.core.db;

/** Text fitted to the width of the store's column it goes into. */
public final class Columns {
    private Columns() {}

    /** The text, or when it is longer than the column, its start and "..." in exactly that width. */
    public static String fit(String text, int width) {
        return text == null || text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
