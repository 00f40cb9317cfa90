package keyaccount.hub.form.slip;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import keyaccount.hub.core.InvalidRequestException;
import keyaccount.hub.core.InvalidRequestException.FieldError;
import keyaccount.hub.core.reference.ServiceTypes;
import org.springframework.stereotype.Component;

/** The OA's slip requests (ICD §6), validated field by field at the edge. */
@Component
public class SlipRequests {
    public static final Set<String> DEPARTMENTS = Set.of("NETWORK", "BILLING", "FINANCE", "CALL_CENTER", "PLANNING");

    private final ServiceTypes serviceTypes;

    public SlipRequests(ServiceTypes serviceTypes) {
        this.serviceTypes = serviceTypes;
    }

    public record Contact(String custNo, String toDept, String subject, String content, String requestedBy,
                          OffsetDateTime dueBy) {}

    public record Resource(String custNo, String serviceType, String rate, String aEnd, String zEnd, int quantity,
                           boolean reserve, String requestedBy) {}

    public Contact contact(JsonNode body, ZoneId zone) {
        List<FieldError> errors = new ArrayList<>();
        requireObject(body);
        String custNo = text(body, "custNo", 20, true, errors);
        String toDept = text(body, "toDept", 20, true, errors);
        if (toDept != null && !DEPARTMENTS.contains(toDept)) {
            errors.add(new FieldError("toDept", "must be one of " + String.join(", ", DEPARTMENTS.stream().sorted().toList())));
        }
        String subject = text(body, "subject", 200, true, errors);
        String content = text(body, "content", 4000, true, errors);
        String requestedBy = text(body, "requestedBy", 60, true, errors);
        OffsetDateTime dueBy = null;
        String due = text(body, "dueBy", 40, false, errors);
        if (due != null) {
            try {
                dueBy = due.length() == 10 ? LocalDate.parse(due).atTime(23, 59, 59).atZone(zone).toOffsetDateTime()
                        : OffsetDateTime.parse(due);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("dueBy", "must be an ISO-8601 date (2026-11-30) or time with offset"));
            }
        }
        done(errors);
        return new Contact(custNo, toDept, subject, content, requestedBy, dueBy);
    }

    public Resource resource(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        requireObject(body);
        String custNo = text(body, "custNo", 20, true, errors);
        String serviceType = text(body, "serviceType", 8, true, errors);
        if (serviceType != null && !serviceTypes.known(serviceType)) {
            errors.add(new FieldError("serviceType", "unknown service type " + serviceType));
        }
        String rate = text(body, "rate", 10, true, errors);
        String aEnd = text(body, "aEnd", 200, true, errors);
        String zEnd = text(body, "zEnd", 200, false, errors);
        int quantity = 0;
        JsonNode q = body.get("quantity");
        if (q == null || q.isNull()) {
            errors.add(new FieldError("quantity", "is missing"));
        } else if (!q.canConvertToInt() || !q.isIntegralNumber() || q.asInt() < 1 || q.asInt() > 1000) {
            errors.add(new FieldError("quantity", "must be a whole number from 1 to 1000"));
        } else {
            quantity = q.asInt();
        }
        boolean reserve = false;
        JsonNode r = body.get("reserve");
        if (r != null && !r.isNull()) {
            if (!r.isBoolean()) {
                errors.add(new FieldError("reserve", "must be true or false"));
            } else {
                reserve = r.asBoolean();
            }
        }
        String requestedBy = text(body, "requestedBy", 60, true, errors);
        done(errors);
        return new Resource(custNo, serviceType, rate, aEnd, zEnd, quantity, reserve, requestedBy);
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw InvalidRequestException.of("(body)", "must be a JSON object");
        }
    }

    private static String text(JsonNode body, String field, int max, boolean required, List<FieldError> errors) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) {
            if (required) {
                errors.add(new FieldError(field, "is missing"));
            }
            return null;
        }
        if (!n.isTextual()) {
            errors.add(new FieldError(field, "must be text"));
            return null;
        }
        String v = n.asText().trim();
        if (v.length() > max) {
            errors.add(new FieldError(field, "is longer than " + max + " characters"));
            return null;
        }
        return v;
    }

    private static void done(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }
}
