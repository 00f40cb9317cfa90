package keyaccount.hub.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.config.HubProperties;

/** Reading the peers' JSON messages so that each bad field can be named in HubError. */
public final class JsonMessages {
    private JsonMessages() {}

    /**
     * Reads a peer's JSON object, strictly: UTF-8 bytes that are valid UTF-8, within the size limit,
     * no key twice, nesting no deeper than Jackson's limit, and no text value longer than the text limit.
     */
    public static JsonNode read(ObjectMapper json, Object body, String what, HubProperties.Input limits) {
        MessageBodies.within(what, body, limits.maxDocumentBytes());
        String text;
        if (body instanceof byte[] b) {
            try {
                text = MessageBodies.decodeStrictly(ByteBuffer.wrap(b), StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                throw new BadMessageException("malformed " + what + " JSON: the bytes are not valid UTF-8");
            }
        } else {
            text = (String) body;
        }
        JsonNode n;
        try {
            n = json.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(text);
        } catch (StackOverflowError e) {
            throw new BadMessageException("malformed " + what + " JSON: nested too deeply to read");
        } catch (Exception e) {
            throw new BadMessageException("malformed " + what + " JSON: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "), e);
        }
        if (n == null || n.isMissingNode() || !n.isObject()) {
            throw new BadMessageException(what + " is not a JSON object");
        }
        List<String> problems = new ArrayList<>();
        n.fields().forEachRemaining(f -> {
            if (f.getValue().isTextual() && f.getValue().asText().length() > limits.maxTextLength()) {
                problems.add(f.getKey() + " is longer than " + limits.maxTextLength());
            }
        });
        valid(what, problems);
        return n;
    }

    /** An ISO-8601 time with offset; a bad or (when required) missing one is named in problems. */
    public static java.time.OffsetDateTime time(JsonNode n, String field, boolean required, List<String> problems) {
        String text = text(n, field, false, problems);
        if (text == null) {
            if (required) {
                problems.add(field + " must be an ISO-8601 time with offset, got nothing");
            }
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            problems.add(field + " must be an ISO-8601 time with offset, got " + text);
            return null;
        }
    }

    /** Fails the message (to hub.dlq) naming every problem, if there are any. */
    public static void valid(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new BadMessageException("invalid " + what + ": " + String.join("; ", problems));
        }
    }

    /** A text field: a JSON string (a number is taken as its text); an object or array is named in problems. */
    public static String text(JsonNode n, String field, boolean required, List<String> problems) {
        JsonNode v = n.get(field);
        if (v != null && (v.isContainerNode() || v.isBoolean())) {
            problems.add(field + " must be a string, got " + v.getNodeType().name().toLowerCase());
            return null;
        }
        if (v == null || v.isNull() || v.asText().isBlank()) {
            if (required) {
                problems.add(field + " is missing");
            }
            return null;
        }
        return v.asText().trim();
    }
}
