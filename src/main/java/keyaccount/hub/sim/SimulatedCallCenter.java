package keyaccount.hub.sim;

import java.nio.charset.Charset;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import keyaccount.hub.icd.Queues;

import jakarta.jms.JMSException;

import keyaccount.hub.sim.SimulatedDatabases.SampleCustomer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call center (ICD §2): customers report faults; older desks send GBK bytes, newer ones UTF-8
 * text; a report whose reply is slow is sent again; now and then a caller gives a customer number
 * the 97 system does not know.
 */
class SimulatedCallCenter extends SimulatedPeer {
    private static final Logger log = LoggerFactory.getLogger(SimulatedCallCenter.class);
    private static final Charset GBK = Charset.forName("GBK");
    private static final Pattern TAG = Pattern.compile("<(ReportNo|TicketNo|Status|Message)>(.*?)</\\1>");
    private static final String[] FAULTS = {"专线中断", "线路时断时续", "电话无拨号音", "网速很慢", "2M电路告警", "帧中继丢包严重"};
    private static final String[] PEOPLE = {"张三", "李四", "王芳", "赵磊", "陈静"};

    private final List<SampleCustomer> customers;
    private final long intervalMs;
    private final long startDelayMs;
    private final ZoneId zone;
    private final Random random = new Random();
    private int reports;
    private final Deque<String> recent = new ArrayDeque<>();
    private long sequence = System.currentTimeMillis() % 1_000_000;

    SimulatedCallCenter(String brokerUrl, String brokerPassword, List<SampleCustomer> customers, long intervalMs, long startDelayMs,
                        ZoneId zone) {
        super("sim-cc", brokerUrl, "callcenter", brokerPassword);
        this.customers = customers;
        this.intervalMs = intervalMs;
        this.startDelayMs = startDelayMs;
        this.zone = zone;
    }

    @Override
    void started() throws JMSException {
        listen(Queues.CC_FAULT_REPLY, false, xml -> {
            StringBuilder line = new StringBuilder("[sim-cc] reply");
            Matcher m = TAG.matcher(xml);
            while (m.find()) {
                line.append(' ').append(m.group(1)).append('=').append(m.group(2));
            }
            log.info(line.toString());
        });
        // The hub learns its customers from the 97 system a moment after it starts; a report before
        // that would be rejected as an unknown customer, which is not what the demo should open with.
        worker.scheduleWithFixedDelay(this::report, startDelayMs, intervalMs, TimeUnit.MILLISECONDS);
        log.info("[sim-cc] call center sending a fault report every {} ms", intervalMs);
    }

    private void report() {
        if (!recent.isEmpty() && random.nextInt(8) == 0) {
            String again = recent.peekLast();
            log.info("[sim-cc] no reply seen in time: sending the report again");
            sendText(Queues.CC_FAULT_REPORT, again);
            return;
        }
        SampleCustomer c = customers.get(random.nextInt(customers.size()));
        // now and then a customer the hub does not know, the sixth report always, so the demo shows a rejection early
        boolean unknown = ++reports == 6 || random.nextInt(15) == 0;
        String custNo = unknown ? "KM9" + String.format("%07d", random.nextInt(10_000_000)) : c.custNo();
        int i = random.nextInt(c.circuits().size());
        boolean withCircuit = random.nextInt(4) != 0;
        boolean gbk = random.nextBoolean();
        String reportNo = "CC" + java.time.LocalDate.now(zone).format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%07d", ++sequence % 10_000_000);
        String xml = "<?xml version=\"1.0\" encoding=\"" + (gbk ? "GBK" : "UTF-8") + "\"?>\n<FaultReport>\n"
                + "  <ReportNo>" + reportNo + "</ReportNo>\n  <CustNo>" + custNo + "</CustNo>\n"
                + (withCircuit && !unknown ? "  <CircuitNo>" + c.circuits().get(i) + "</CircuitNo>\n" : "")
                + "  <ServiceType>" + c.serviceTypes().get(i) + "</ServiceType>\n"
                + "  <Reporter>" + PEOPLE[random.nextInt(PEOPLE.length)] + "</Reporter>\n"
                + "  <Phone>0871-6555" + String.format("%04d", random.nextInt(10_000)) + "</Phone>\n"
                + "  <Description>" + FAULTS[random.nextInt(FAULTS.length)] + "</Description>\n"
                + "  <ReportedAt>" + OffsetDateTime.now(zone).withNano(0) + "</ReportedAt>\n</FaultReport>\n";
        if (gbk) {
            sendBytes(Queues.CC_FAULT_REPORT, xml.getBytes(GBK));
        } else {
            sendText(Queues.CC_FAULT_REPORT, xml);
        }
        recent.addLast(xml);
        if (recent.size() > 5) {
            recent.removeFirst();
        }
        log.info("[sim-cc] report {} for {} ({}, {})", reportNo, custNo, c.serviceTypes().get(i), gbk ? "GBK bytes" : "UTF-8 text");
    }
}
