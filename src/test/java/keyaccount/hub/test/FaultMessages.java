package keyaccount.hub.test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The call center's and network management's messages (ICD §2, §3) as those systems write them. */
public final class FaultMessages {
    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime() % 10_000_000);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private FaultMessages() {}

    /** A number no other test in this run uses. */
    public static long unique() {
        return UNIQUE.incrementAndGet();
    }

    public static String reportNo() {
        return "CC20261122" + String.format("%07d", unique() % 10_000_000);
    }

    public static String custNo(String localNet) {
        return localNet + String.format("%08d", unique() % 100_000_000);
    }

    public static String iso(Instant t) {
        return ZonedDateTime.ofInstant(t, ZONE).toOffsetDateTime().toString();
    }

    public static String report(String reportNo, String custNo, String circuitNo, String serviceType, Instant reportedAt,
                                String encoding) {
        return "<?xml version=\"1.0\" encoding=\"" + encoding + "\"?>\n<FaultReport>\n"
                + "  <ReportNo>" + reportNo + "</ReportNo>\n"
                + "  <CustNo>" + custNo + "</CustNo>\n"
                + (circuitNo == null ? "" : "  <CircuitNo>" + circuitNo + "</CircuitNo>\n")
                + "  <ServiceType>" + serviceType + "</ServiceType>\n"
                + "  <Reporter>张三</Reporter>\n  <Phone>0871-65550000</Phone>\n"
                + "  <Description>专线中断, 无法上网</Description>\n"
                + "  <ReportedAt>" + iso(reportedAt) + "</ReportedAt>\n</FaultReport>\n";
    }

    /** FaultReturn JSON, with a field a newer NMS might add (must be ignored). */
    public static String faultReturn(String ticketNo, String step, Instant at, String station, String faultType) {
        StringBuilder json = new StringBuilder("{\"ticketNo\":\"" + ticketNo + "\",\"step\":\"" + step + "\",\"at\":\""
                + iso(at) + "\"");
        if (station != null) {
            json.append(",\"station\":\"").append(station).append('"');
        }
        if (faultType != null) {
            json.append(",\"faultType\":\"").append(faultType).append('"');
        }
        return json.append(",\"note\":\"test\",\"extraFieldFromANewerNms\":42}").toString();
    }

    /** The text of the first element with that name. */
    public static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(xml);
        return m.find() ? m.group(1) : null;
    }
}
