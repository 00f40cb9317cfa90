package keyaccount.hub.sim;

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

/** The back-office departments (ICD §6): answer contact slips, some promptly, some never. */
class SimulatedBackOffice extends SimulatedPeer {
    private static final Logger log = LoggerFactory.getLogger(SimulatedBackOffice.class);
    private final ObjectMapper json;
    private final ZoneId zone;
    private final long delayMs;
    private final Random random = new Random();

    SimulatedBackOffice(String brokerUrl, String brokerPassword, ObjectMapper json, ZoneId zone, long delayMs) {
        super("sim-backoffice", brokerUrl, "backoffice", brokerPassword);
        this.json = json;
        this.zone = zone;
        this.delayMs = delayMs;
    }

    @Override
    void started() throws JMSException {
        listen(Queues.BACKOFFICE_SLIP_REQUEST, false, body -> {
            JsonNode slip;
            try {
                slip = json.readTree(body);
            } catch (Exception e) {
                return;
            }
            String slipNo = slip.path("slipNo").asText();
            if (random.nextInt(6) == 0) {
                log.info("[sim-backoffice] {} to {} is left unanswered", slipNo, slip.path("toDept").asText());
                return;
            }
            later(delayMs / 2 + random.nextInt((int) delayMs), () -> {
                ObjectNode a = json.createObjectNode();
                a.put("slipNo", slipNo);
                a.put("answeredBy", slip.path("toDept").asText() + "-值班员");
                a.put("answer", "已处理: " + slip.path("subject").asText());
                a.put("at", OffsetDateTime.now(zone).toString());
                sendText(Queues.BACKOFFICE_SLIP_ANSWER, a.toString());
                log.info("[sim-backoffice] {} answered by {}", slipNo, slip.path("toDept").asText());
            });
        });
    }
}
