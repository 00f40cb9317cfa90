package keyaccount.hub.core;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.core.crash.CrashPoints;

/** Reading the peers' JSON messages so that each bad field can be named in HubError. */
public final class JsonMessages {
    private JsonMessages() {}

    public static JsonNode read(ObjectMapper json, Object body, String what) {
        try {
            String text = body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) body;
            JsonNode n = json.readTree(text);
            if (n == null || !n.isObject()) {
                throw new BadMessageException(what + " is not a JSON object");
            }
            return n;
        } catch (BadMessageException e) {
            throw e;
        } catch (Exception e) {
            throw new BadMessageException("malformed " + what + " JSON: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "), e);
        }
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

    /** Runs the handling of one inbound message with its id (and later its form number) on every log line. */
    public static void withMdc(String messageId, Runnable handling) {
        org.slf4j.MDC.put("messageId", messageId);
        try {
            handling.run();
            CrashPoints.reached(CrashPoints.CONSUME_AFTER_STORE_COMMIT);
        } finally {
            org.slf4j.MDC.remove("formNo");
            org.slf4j.MDC.remove("messageId");
        }
    }

    public static String text(JsonNode n, String field, boolean required, List<String> problems) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            if (required) {
                problems.add(field + " is missing");
            }
            return null;
        }
        return v.isValueNode() ? v.asText().trim() : v.toString();
    }
}
