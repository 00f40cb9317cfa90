package keyaccount.hub.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import keyaccount.hub.icd.Queues;

import jakarta.jms.JMSException;

import keyaccount.hub.sim.SimulatedDatabases.SampleCustomer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The account managers' OA system (ICD §6): raises slips over the hub's REST API, reads the replies. */
class SimulatedFrontOffice extends SimulatedPeer {
    private static final Logger log = LoggerFactory.getLogger(SimulatedFrontOffice.class);
    private static final String[] DEPTS = {"NETWORK", "BILLING", "FINANCE", "CALL_CENTER", "PLANNING"};
    private static final String[] SUBJECTS = {"账单核对", "新增专线需求", "欠费提醒核实", "投诉回访", "资费方案咨询"};

    private final List<SampleCustomer> customers;
    private final int httpPort;
    private final String credentials;
    private final long intervalMs;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Random random = new Random();

    SimulatedFrontOffice(String brokerUrl, String brokerPassword, List<SampleCustomer> customers, int httpPort, String user, String password,
                         long intervalMs) {
        super("sim-oa", brokerUrl, "oa", brokerPassword);
        this.customers = customers;
        this.httpPort = httpPort;
        this.credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.intervalMs = intervalMs;
    }

    @Override
    void started() throws JMSException {
        listen(Queues.OA_SLIP_REPLY, false, reply -> log.info("[sim-oa] slip reply {}", reply));
        worker.scheduleWithFixedDelay(this::raiseSlip, intervalMs / 2, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void raiseSlip() {
        SampleCustomer c = customers.get(random.nextInt(customers.size()));
        boolean resource = random.nextBoolean();
        String path = resource ? "/api/v1/resource-confirmations" : "/api/v1/contact-slips";
        String body = resource
                ? "{\"custNo\":\"" + c.custNo() + "\",\"serviceType\":\"DDN\",\"rate\":\"2M\",\"aEnd\":\"" + c.name()
                        + "\",\"zEnd\":\"局端\",\"quantity\":" + (1 + random.nextInt(4)) + ",\"reserve\":"
                        + random.nextBoolean() + ",\"requestedBy\":\"am-" + c.custNo().substring(0, 2) + "01\"}"
                : "{\"custNo\":\"" + c.custNo() + "\",\"toDept\":\"" + DEPTS[random.nextInt(DEPTS.length)]
                        + "\",\"subject\":\"" + SUBJECTS[random.nextInt(SUBJECTS.length)]
                        + "\",\"content\":\"请协助处理\",\"requestedBy\":\"am-" + c.custNo().substring(0, 2) + "01\"}";
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .header("Content-Type", "application/json").header("Authorization", "Basic " + credentials)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            log.info("[sim-oa] {} for {} -> {} {}", resource ? "resource confirmation" : "contact slip", c.custNo(),
                    r.statusCode(), r.body());
        } catch (Exception e) {
            log.warn("[sim-oa] could not reach the hub's API: {}", e.getMessage());
        }
    }
}
