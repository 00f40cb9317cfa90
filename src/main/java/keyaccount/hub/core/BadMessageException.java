package keyaccount.hub.core;

/**
 * The message itself is wrong (unparseable, invalid, unknown form number): retrying cannot help,
 * so it goes to hub.dlq with this exception's message as its HubError.
 */
public class BadMessageException extends RuntimeException {
    public BadMessageException(String reason) {
        super(reason);
    }

    public BadMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
