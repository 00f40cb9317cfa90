package keyaccount.hub.sim;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Random;

import jakarta.jms.JMSException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import keyaccount.hub.icd.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network management (ICD §3): diagnoses, dispatches and repairs after short random delays; now
 * and then a station cannot repair (EXCEPTION) or a return is sent twice; some repairs are slow
 * enough for deadline alarms. Answers resource confirmations too.
 */
class SimulatedNetworkManagement extends SimulatedPeer {
    private static final Logger log = LoggerFactory.getLogger(SimulatedNetworkManagement.class);
    private static final String[] FAULT_TYPES = {"LINE", "LINE", "EQUIPMENT", "CUSTOMER_SIDE"};
    private static final String[] STATIONS = {"五华维护班", "官渡维护班", "西山线路班", "传输机房", "园区维护班"};
    private static final String[] CONFIRM = {"AVAILABLE", "AVAILABLE", "RESERVED", "NEEDS_CONSTRUCTION", "UNAVAILABLE"};

    private final ObjectMapper json;
    private final ZoneId zone;
    private final long stepMs;
    private final long slowMs;
    private final Random random = new Random();

    SimulatedNetworkManagement(String brokerUrl, String brokerPassword, ObjectMapper json, ZoneId zone, long stepMs, long slowMs) {
        super("sim-nms", brokerUrl, "nms", brokerPassword);
        this.json = json;
        this.zone = zone;
        this.stepMs = stepMs;
        this.slowMs = slowMs;
    }

    @Override
    void started() throws JMSException {
        listen(Queues.NMS_FAULT_DISPATCH, false, this::dispatched);
        listen(Queues.NMS_RESOURCE_REQUEST, false, this::resourceRequest);
        listen(Queues.NMS_WORKORDER_DISPATCH, false, this::stationTask);
        listen(Queues.HUB_ALARM, true, alarm -> log.info("[sim-nms] alarm seen: {}", alarm));
        log.info("[sim-nms] network management answering dispatches");
    }

    private void dispatched(String body) {
        JsonNode d = read(body);
        String ticket = d.path("ticketNo").asText();
        log.info("[sim-nms] dispatch {} ({}, grade {}, key account {})", ticket, d.path("serviceType").asText(),
                d.path("grade").asText(), d.path("keyAccount").asBoolean());
        long t = delay();
        later(t, () -> faultReturn(ticket, "DIAGNOSED", null, random.nextInt(25) == 0 ? "NO_FAULT"
                : FAULT_TYPES[random.nextInt(FAULT_TYPES.length)], null));
        t += delay();
        String station = STATIONS[random.nextInt(STATIONS.length)];
        later(t, () -> faultReturn(ticket, "DISPATCHED", station, null, null));
        if (random.nextInt(6) == 0) {
            later(t + delay(), () -> faultReturn(ticket, "EXCEPTION", station, null, "需要跨局协调, 本站无法修复"));
            return;
        }
        boolean slow = random.nextInt(5) == 0;
        long repairedAt = t + (slow ? slowMs : delay());
        if (slow) {
            log.info("[sim-nms] {} will be slow to repair", ticket);
        }
        later(repairedAt, () -> {
            String body2 = faultReturn(ticket, "REPAIRED", station, null, "已修复");
            if (random.nextInt(10) == 0) {
                log.info("[sim-nms] sending the REPAIRED return for {} twice", ticket);
                sendText(Queues.NMS_FAULT_RETURN, body2);
            }
        });
    }

    private String faultReturn(String ticket, String step, String station, String faultType, String note) {
        ObjectNode r = json.createObjectNode();
        r.put("ticketNo", ticket);
        r.put("step", step);
        r.put("at", OffsetDateTime.now(zone).toString());
        if (station != null) {
            r.put("station", station);
        }
        if (faultType != null) {
            r.put("faultType", faultType);
        }
        if (note != null) {
            r.put("note", note);
        }
        String text = r.toString();
        sendText(Queues.NMS_FAULT_RETURN, text);
        log.info("[sim-nms] {} {}{}", ticket, step, faultType == null ? "" : " " + faultType);
        return text;
    }

    /** A station works on its task and returns it, now and then with an exception (异常返单). */
    private void stationTask(String body) {
        JsonNode t = read(body);
        String taskNo = t.path("taskNo").asText();
        boolean exception = !"ACCEPTANCE".equals(t.path("station").asText()) && random.nextInt(6) == 0;
        later(delay() * 2, () -> {
            ObjectNode r = json.createObjectNode();
            r.put("workOrderNo", t.path("workOrderNo").asText());
            r.put("taskNo", taskNo);
            r.put("result", exception ? "EXCEPTION" : "COMPLETED");
            r.put("at", OffsetDateTime.now(zone).toString());
            if (exception) {
                r.put("exceptionCode", "E" + (10 + random.nextInt(80)));
                r.put("note", "端口资源不足, 需调整");
            } else if (!"ACCEPTANCE".equals(t.path("station").asText())) {
                r.put("circuitNo", t.path("custNo").asText().substring(0, 2) + "-" + t.path("serviceType").asText()
                        + "-" + (100000 + random.nextInt(900000)));
            }
            sendText(Queues.NMS_WORKORDER_RETURN, r.toString());
            log.info("[sim-nms] station task {} {}", taskNo, exception ? "EXCEPTION" : "COMPLETED");
        });
    }

    private void resourceRequest(String body) {
        JsonNode q = read(body);
        String slipNo = q.path("slipNo").asText();
        if ("RELEASE".equals(q.path("action").asText())) {
            later(delay(), () -> {
                ObjectNode r = json.createObjectNode();
                r.put("slipNo", slipNo);
                r.put("result", "RELEASED");
                r.putArray("resources");
                r.put("note", "电路 " + q.path("circuitNo").asText() + " 已拆除, 资源已回收");
                sendText(Queues.NMS_RESOURCE_REPLY, r.toString());
                log.info("[sim-nms] circuit {} released ({})", q.path("circuitNo").asText(), slipNo);
            });
            return;
        }
        later(delay(), () -> {
            String result = q.path("reserve").asBoolean() && random.nextBoolean() ? "RESERVED"
                    : CONFIRM[random.nextInt(CONFIRM.length)];
            ObjectNode r = json.createObjectNode();
            r.put("slipNo", slipNo);
            r.put("result", result);
            if (!"UNAVAILABLE".equals(result)) {
                r.put("promisedDate", LocalDate.now(zone).plusDays("NEEDS_CONSTRUCTION".equals(result) ? 20 : 3).toString());
            }
            r.putArray("resources");
            if ("RESERVED".equals(result)) {
                r.withArray("resources").addObject().put("port", "PORT-" + random.nextInt(1000));
            }
            r.put("note", "资源核查完成");
            sendText(Queues.NMS_RESOURCE_REPLY, r.toString());
            log.info("[sim-nms] resource slip {} answered {}", slipNo, result);
        });
    }

    private long delay() {
        return stepMs / 2 + random.nextInt((int) Math.max(1, stepMs));
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable message: " + body, e);
        }
    }
}
