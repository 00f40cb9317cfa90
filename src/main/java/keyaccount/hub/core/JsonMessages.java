package keyaccount.hub.core;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
