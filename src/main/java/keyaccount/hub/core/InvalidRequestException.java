package keyaccount.hub.core;

import java.util.List;

/** A request from a caller (HTTP) with bad fields: answered with 400 naming each one; nothing is created. */
public class InvalidRequestException extends RuntimeException {
    public record FieldError(String field, String message) {}

    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super("invalid request: " + errors);
        this.errors = List.copyOf(errors);
    }

    public static InvalidRequestException of(String field, String message) {
        return new InvalidRequestException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
