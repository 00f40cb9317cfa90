package keyaccount.hub.core.errors;

import static keyaccount.hub.test.BrokerClient.Recorder.bodyContains;
import static keyaccount.hub.test.FaultMessages.tag;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import keyaccount.hub.config.HubProperties;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.BrokerClient;
import keyaccount.hub.test.BrokerClient.Received;
import keyaccount.hub.test.BrokerClient.Recorder;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubIntegrationTest;
import keyaccount.hub.test.StompClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A corpus of bad input, sent the way the call center and network management would send it (CORE
 * JMS, AMQP JMS, STOMP with and without content-length, text and bytes), each with the outcome
 * the hub owes it: to hub.dlq with its reason in HubError and one DLQ alarm, or a REJECTED reply
 * to the call center. After each bad message a good one goes the same way and must be handled,
 * which proves the queue moved on.
 */
class BadInputCorpusIT extends HubIntegrationTest {
    private static final Charset GBK = Charset.forName("GBK");
    private static final String REPORTS = Queues.CC_FAULT_REPORT;
    private static final String RETURNS = Queues.NMS_FAULT_RETURN;
    /** A property every corpus message carries, so its dead letter is found among others'. */
    private static final String MARKER = "CorpusCase";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** How long "exactly one" must stay true after the good message was handled. */
    private static final Duration HOLD = Duration.ofMillis(400);

    private static Recorder replies;
    private static Recorder dlq;
    private static Recorder dispatches;
    private static BrokerClient coreCallCenter;
    private static BrokerClient coreNms;
    private static BrokerClient amqpCallCenter;
    private static BrokerClient amqpNms;
    /**
     * How far ahead of its clock the hub under test accepts a timestamp (hub.input.max-clock-skew:
     * 10 minutes by default; the shared test hub allows 2 days, see TestEnvironment).
     */
    private static Duration clockSkew;
    /** Two customers the 97 system knows. */
    private static String customer;
    private static String otherCustomer;

    @Autowired
    CustomerSync customerSync;
    @Autowired
    HubProperties props;

    @BeforeEach
    void peers() {
        if (replies == null) {
            replies = broker.recordQueue(Queues.CC_FAULT_REPLY);
            dlq = broker.recordQueue(Queues.HUB_DLQ);
            dispatches = broker.recordQueue(Queues.NMS_FAULT_DISPATCH);
            coreCallCenter = BrokerClient.core(ENV.brokerUrl(), "callcenter", "callcenter-local");
            coreNms = BrokerClient.core(ENV.brokerUrl(), "nms", "nms-local");
            amqpCallCenter = BrokerClient.amqp(amqpUrl(), "callcenter", "callcenter-local");
            amqpNms = BrokerClient.amqp(amqpUrl(), "nms", "nms-local");
        }
        clockSkew = props.input().maxClockSkew();
        if (customer == null) {
            customer = FaultMessages.custNo("KM");
            otherCustomer = FaultMessages.custNo("KM");
            customer97(customer, "昆明市财政局", "10", null, false, "1");
            customer97(otherCustomer, "昆明市水务局", "10", null, false, "1");
            customerSync.sync();
        }
    }

    @AfterAll
    static void closePeers() {
        for (BrokerClient c : new BrokerClient[] {coreCallCenter, coreNms, amqpCallCenter, amqpNms}) {
            if (c != null) {
                c.close();
            }
        }
        // the recorders' connection (the shared client) is closed by HubIntegrationTest
        replies = dlq = dispatches = null;
        coreCallCenter = coreNms = amqpCallCenter = amqpNms = null;
    }

    // ================================================================== the corpus

    static Stream<Named<Case>> corpus() {
        List<Case> c = new ArrayList<>();

        // ---------------------------------------------------------- encodings (FaultReport)
        c.add(dlq("encoding", Protocol.CORE_BYTES, REPORTS, "GBK declared, bytes FF FF are not GBK",
                x -> bytes(inject(withTag(report(x, "GBK"), "Description", "专线@@中断"), GBK, 0xFF, 0xFF)),
                "not valid GBK"));
        c.add(dlq("encoding", Protocol.STOMP_BYTES, REPORTS, "GBK declared, UTF-8 bytes that are not valid GBK",
                x -> bytes(withTag(report(x, "GBK"), "Reporter", "中").getBytes(StandardCharsets.UTF_8)),
                "not valid GBK"));
        c.add(dlq("encoding", Protocol.AMQP_BYTES, REPORTS, "UTF-8 declared, invalid UTF-8 bytes C3 28",
                x -> bytes(inject(withTag(report(x, "UTF-8"), "Description", "专线@@中断"), StandardCharsets.UTF_8, 0xC3, 0x28)),
                "not valid UTF-8"));
        c.add(dlq("encoding", Protocol.CORE_BYTES, REPORTS, "no declaration (so UTF-8), GBK bytes",
                x -> bytes(withoutDeclaration(report(x, "GBK")).getBytes(GBK)),
                "not valid UTF-8"));
        c.add(dlq("encoding", Protocol.STOMP_BYTES, REPORTS, "no declaration, UTF-8 sequence cut short (E4 B8)",
                x -> bytes(inject(withoutDeclaration(withTag(report(x, "UTF-8"), "Description", "专线中断@@")),
                        StandardCharsets.UTF_8, 0xE4, 0xB8)),
                "not valid UTF-8"));
        c.add(dlq("encoding", Protocol.CORE_BYTES, REPORTS, "unknown encoding name KLINGON-8",
                x -> bytes(report(x, "KLINGON-8").getBytes(StandardCharsets.UTF_8)),
                "encoding", "KLINGON-8"));
        c.add(dlq("encoding", Protocol.AMQP_BYTES, REPORTS, "ISO-8859-1 declared (known to Java, not accepted)",
                x -> bytes(report(x, "ISO-8859-1").getBytes(StandardCharsets.UTF_8)),
                "encoding", "ISO-8859-1"));
        c.add(dlq("encoding", Protocol.STOMP_BYTES, REPORTS, "UTF-16 declared over single-byte text",
                x -> bytes(report(x, "UTF-16").getBytes(StandardCharsets.UTF_8)),
                "encoding", "UTF-16"));
        c.add(dlq("encoding", Protocol.CORE_BYTES, REPORTS, "Shift_JIS declared and encoded",
                x -> bytes(report(x, "Shift_JIS").getBytes(Charset.forName("Shift_JIS"))),
                "encoding", "Shift_JIS"));
        c.add(dlq("encoding", Protocol.CORE_BYTES, REPORTS, "UTF-8 BOM and nothing else",
                x -> bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}),
                "malformed FaultReport XML"));
        c.add(dlq("encoding", Protocol.AMQP_BYTES, REPORTS, "UTF-16LE BOM, UTF-16 declared and encoded",
                x -> bytes(concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                        report(x, "UTF-16").getBytes(StandardCharsets.UTF_16LE))),
                "encoding", "UTF-16"));
        c.add(dlq("encoding", Protocol.STOMP_BYTES, REPORTS, "UTF-8 BOM, then a GBK declaration and GBK bytes",
                x -> bytes(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, report(x, "GBK").getBytes(GBK))),
                "encoding", "GBK"));
        c.add(accepted("encoding", Protocol.AMQP_BYTES, REPORTS, "GB18030 declared and encoded (GBK family)",
                x -> bytes(report(x, "GB18030").getBytes(Charset.forName("GB18030")))));
        c.add(accepted("encoding", Protocol.CORE_BYTES, REPORTS, "UTF-8 BOM before a valid UTF-8 report (tolerated)",
                x -> bytes(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        report(x, "UTF-8").getBytes(StandardCharsets.UTF_8)))));
        c.add(accepted("encoding", Protocol.STOMP_TEXT, REPORTS, "U+FEFF before a valid report text (tolerated)",
                x -> text("\uFEFF" + report(x, "UTF-8"))));
        c.add(dlq("encoding", Protocol.CORE_BYTES, REPORTS, "empty body (0 bytes)",
                x -> bytes(new byte[0]), "malformed FaultReport XML"));
        c.add(dlq("encoding", Protocol.AMQP_TEXT, REPORTS, "empty text",
                x -> text(""), "malformed FaultReport XML"));
        c.add(dlq("encoding", Protocol.STOMP_TEXT, REPORTS, "empty frame body",
                x -> text(""), "malformed FaultReport XML"));
        c.add(dlq("encoding", Protocol.STOMP_BYTES, REPORTS, "only whitespace",
                x -> bytes(" \r\n\t \n".getBytes(StandardCharsets.UTF_8)), "malformed FaultReport XML"));

        // ---------------------------------------------------------- XML structure (FaultReport)
        c.add(dlq("XML", Protocol.CORE_TEXT, REPORTS, "not well-formed: document cut off",
                x -> text("<FaultReport><ReportNo>" + x.reportNo + "</ReportNo><CustNo>"), "malformed FaultReport XML"));
        c.add(dlq("XML", Protocol.AMQP_TEXT, REPORTS, "not well-formed: mismatched end tag",
                x -> text(report(x, "UTF-8").replace("</CustNo>", "</CustNumber>")), "malformed FaultReport XML"));
        c.add(dlq("XML", Protocol.STOMP_TEXT, REPORTS, "not well-formed: a second root element",
                x -> text(report(x, "UTF-8") + "<FaultReport><ReportNo>" + x.token + "</ReportNo></FaultReport>"),
                "malformed FaultReport XML"));
        c.add(dlq("XML", Protocol.CORE_TEXT, REPORTS, "not XML at all",
                x -> text("线路断了, 请尽快处理 " + x.token), "malformed FaultReport XML"));
        c.add(dlq("XML", Protocol.CORE_TEXT, REPORTS, "DOCTYPE without entities",
                x -> text(withDoctype(x, "<!DOCTYPE FaultReport>")), "malformed FaultReport XML"));
        c.add(dlq("XML", Protocol.AMQP_TEXT, REPORTS, "internal entity",
                x -> text(withTag(withDoctype(x, "<!DOCTYPE FaultReport [<!ENTITY who \"张三\">]>"), "Reporter", "&who;")),
                "malformed FaultReport XML"));
        c.add(dlq("XML", Protocol.STOMP_BYTES, REPORTS, "XXE: external entity file:///etc/passwd",
                x -> bytes(withTag(withDoctype(x, "<!DOCTYPE FaultReport [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"),
                        "Description", "&x;").getBytes(StandardCharsets.UTF_8)),
                "malformed FaultReport XML"));
        c.add(dlq("XML", Protocol.CORE_BYTES, REPORTS, "XXE: external DTD over HTTP",
                x -> bytes(withDoctype(x, "<!DOCTYPE FaultReport SYSTEM \"http://127.0.0.1:9/evil.dtd\">")
                        .getBytes(StandardCharsets.UTF_8)),
                "malformed FaultReport XML"));
        c.add(dlq("XML", Protocol.AMQP_TEXT, REPORTS, "XXE: external parameter entity",
                x -> text(withDoctype(x, "<!DOCTYPE FaultReport [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p.dtd\"> %p;]>")),
                "malformed FaultReport XML"));
        c.add(dlq("XML", Protocol.STOMP_TEXT, REPORTS, "billion laughs",
                x -> text(withTag(withDoctype(x, billionLaughs()), "Description", "&lol9;")), "malformed FaultReport XML"));
        c.add(dlq("XML", Protocol.CORE_TEXT, REPORTS, "20,000 nested elements (left open, so under 64 KiB)",
                x -> text(withoutDeclaration(report(x, "UTF-8")).replace("</FaultReport>", "") + "<n>".repeat(20_000)),
                "malformed FaultReport XML"));
        c.add(dlq("XML", Protocol.CORE_TEXT, REPORTS, "wrong root element <FaultReply>",
                x -> text(report(x, "UTF-8").replace("FaultReport>", "FaultReply>")), "expected <FaultReport>"));
        c.add(dlq("XML", Protocol.STOMP_BYTES, REPORTS, "wrong root element <faultreport> (case)",
                x -> bytes(report(x, "UTF-8").replace("FaultReport>", "faultreport>").getBytes(StandardCharsets.UTF_8)),
                "expected <FaultReport>"));
        c.add(dlq("XML", Protocol.STOMP_TEXT, REPORTS, "ReportNo twice",
                x -> text(report(x, "UTF-8").replace("</ReportNo>", "</ReportNo>\n  <ReportNo>" + x.reportNo + "</ReportNo>")),
                "ReportNo appears 2 times"));
        c.add(dlq("XML", Protocol.AMQP_TEXT, REPORTS, "ReportNo missing",
                x -> text(withTag(report(x, "UTF-8"), "Description", x.token)
                        .replace("  <ReportNo>" + x.reportNo + "</ReportNo>\n", "")),
                "ReportNo is missing"));
        c.add(dlq("XML", Protocol.CORE_BYTES, REPORTS, "CustNo holds an element instead of text",
                x -> bytes(withTag(report(x, "UTF-8"), "CustNo", "<Value>" + customer + "</Value>")
                        .getBytes(StandardCharsets.UTF_8)),
                "CustNo"));

        // ---------------------------------------------------------- JSON structure (FaultReturn)
        c.add(dlq("JSON", Protocol.CORE_TEXT, RETURNS, "not JSON",
                x -> text("ticketNo=" + x.ticketNo + "&step=REPAIRED&note=" + x.token), "malformed FaultReturn JSON"));
        c.add(dlq("JSON", Protocol.STOMP_TEXT, RETURNS, "JSON cut off",
                x -> text("{\"ticketNo\":\"" + x.ticketNo + "\",\"note\":\"" + x.token + "\",\"step\":\"REPAIRED\",\"at\":\""),
                "malformed FaultReturn JSON"));
        c.add(dlq("JSON", Protocol.AMQP_TEXT, RETURNS, "an array of one FaultReturn",
                x -> text("[" + repaired(x) + "]"), "is not a JSON object"));
        c.add(dlq("JSON", Protocol.CORE_TEXT, RETURNS, "a JSON string",
                x -> text("\"" + x.ticketNo + " REPAIRED " + x.token + "\""), "is not a JSON object"));
        c.add(dlq("JSON", Protocol.AMQP_TEXT, RETURNS, "JSON null",
                x -> text("null"), "is not a JSON object"));
        c.add(dlq("JSON", Protocol.STOMP_BYTES, RETURNS, "duplicate key step",
                x -> bytes(repaired(x).replace("\"step\":\"REPAIRED\"", "\"step\":\"DIAGNOSED\",\"step\":\"REPAIRED\"")
                        .getBytes(StandardCharsets.UTF_8)),
                "malformed FaultReturn JSON"));
        c.add(dlq("JSON", Protocol.CORE_TEXT, RETURNS, "20,000 nested arrays in note",
                x -> text(repaired(x).replace("\"note\":\"" + x.token + "\"",
                        "\"note\":\"" + x.token + "\",\"deep\":" + "[".repeat(20_000) + "]".repeat(20_000))),
                "malformed FaultReturn JSON"));
        c.add(dlq("JSON", Protocol.AMQP_BYTES, RETURNS, "invalid UTF-8 bytes (FF FE) in note",
                x -> bytes(inject(repaired(x).replace("\"note\":\"" + x.token, "\"note\":\"" + x.token + "@@"),
                        StandardCharsets.UTF_8, 0xFF, 0xFE)),
                "malformed FaultReturn JSON"));
        c.add(dlq("JSON", Protocol.CORE_BYTES, RETURNS, "ticketNo is an object",
                x -> bytes(repaired(x).replace("\"ticketNo\":\"" + x.ticketNo + "\"",
                        "\"ticketNo\":{\"no\":\"" + x.ticketNo + "\"}").getBytes(StandardCharsets.UTF_8)),
                "ticketNo must be a string"));
        c.add(dlq("JSON", Protocol.STOMP_TEXT, RETURNS, "ticketNo is an array",
                x -> text(repaired(x).replace("\"ticketNo\":\"" + x.ticketNo + "\"", "\"ticketNo\":[\"" + x.ticketNo + "\"]")),
                "ticketNo must be a string"));

        // ---------------------------------------------------------- field values
        c.add(dlq("fields", Protocol.CORE_TEXT, REPORTS, "ReportedAt without offset, with a space",
                x -> text(withTag(report(x, "UTF-8"), "ReportedAt", "2026-11-22 08:00")),
                "ReportedAt is not an ISO-8601 time"));
        c.add(dlq("fields", Protocol.STOMP_TEXT, REPORTS, "ReportedAt 'yesterday'",
                x -> text(withTag(report(x, "UTF-8"), "ReportedAt", "yesterday")), "ReportedAt is not an ISO-8601 time"));
        c.add(rejected("fields", Protocol.AMQP_TEXT, REPORTS, "ReportedAt in the year 2999",
                x -> text(withTag(report(x, "UTF-8"), "ReportedAt", "2999-11-22T08:00:00+08:00")), "in the future"));
        c.add(rejected("fields", Protocol.CORE_BYTES, REPORTS, "ReportedAt an hour past the clock skew the hub allows (GBK)",
                x -> bytes(withTag(report(x, "GBK"), "ReportedAt", iso(beyondSkew())).getBytes(GBK)),
                "in the future"));
        c.add(rejected("fields", Protocol.STOMP_BYTES, REPORTS, "ReportedAt in 2019",
                x -> bytes(withTag(report(x, "UTF-8"), "ReportedAt", "2019-03-01T08:00:00+08:00")
                        .getBytes(StandardCharsets.UTF_8)),
                "older than"));
        c.add(rejected("fields", Protocol.CORE_TEXT, REPORTS, "ReportedAt 31 days before the hub's clock",
                x -> text(withTag(report(x, "UTF-8"), "ReportedAt", iso(T0.minus(Duration.ofDays(31))))), "older than"));
        c.add(rejected("fields", Protocol.AMQP_TEXT, REPORTS, "unknown customer",
                x -> text(withTag(report(x, "UTF-8"), "CustNo", "KM99999999")), "unknown customer"));
        c.add(dlq("fields", Protocol.STOMP_TEXT, REPORTS, "unknown ServiceType TELEX",
                x -> text(withTag(report(x, "UTF-8"), "ServiceType", "TELEX")), "is not a known service type"));
        c.add(rejected("fields", Protocol.CORE_TEXT, REPORTS, "CircuitNo in the inventory under another customer",
                x -> text(FaultMessages.report(x.reportNo, customer, x.circuitOfAnotherCustomer(), "DDN", T0, "UTF-8")),
                "belongs to another customer"));
        c.add(dlq("fields", Protocol.CORE_TEXT, RETURNS, "step FIXED",
                x -> text(repaired(x).replace("\"step\":\"REPAIRED\"", "\"step\":\"FIXED\"")), "step must be one of"));
        c.add(dlq("fields", Protocol.STOMP_TEXT, RETURNS, "DIAGNOSED without faultType",
                x -> text(faultReturn(x, "DIAGNOSED", T0.plusSeconds(60), null)), "faultType must be one of"));
        c.add(dlq("fields", Protocol.AMQP_TEXT, RETURNS, "DIAGNOSED with faultType GREMLINS",
                x -> text(faultReturn(x, "DIAGNOSED", T0.plusSeconds(60), "GREMLINS")), "faultType must be one of"));
        c.add(dlq("fields", Protocol.STOMP_BYTES, RETURNS, "at an hour past the clock skew the hub allows",
                x -> bytes(faultReturn(x, "REPAIRED", beyondSkew(), null).getBytes(StandardCharsets.UTF_8)),
                "at ", "in the future"));
        c.add(dlq("fields", Protocol.CORE_TEXT, RETURNS, "at in 2020",
                x -> text(faultReturn(x, "REPAIRED", Instant.parse("2020-01-01T00:00:00Z"), null)), "at ", "older than"));
        c.add(dlq("fields", Protocol.AMQP_BYTES, RETURNS, "at 31 days before the hub's clock",
                x -> bytes(faultReturn(x, "REPAIRED", T0.minus(Duration.ofDays(31)), null).getBytes(StandardCharsets.UTF_8)),
                "at ", "older than"));
        c.add(dlq("fields", Protocol.CORE_TEXT, RETURNS, "unknown ticket number",
                x -> text(repaired(x).replace(x.ticketNo, unknownTicket())), "unknown fault ticket"));
        c.add(dlq("fields", Protocol.STOMP_TEXT, RETURNS, "unknown ticket number",
                x -> text(repaired(x).replace(x.ticketNo, unknownTicket())), "unknown fault ticket"));

        // ---------------------------------------------------------- sizes
        c.add(dlq("sizes", Protocol.CORE_TEXT, REPORTS, "CustNo of 40 characters",
                x -> text(withTag(report(x, "UTF-8"), "CustNo", "KM" + "0".repeat(38))), "is longer than"));
        c.add(dlq("sizes", Protocol.STOMP_TEXT, REPORTS, "Description of 5,000 characters",
                x -> text(withTag(report(x, "UTF-8"), "Description", "断".repeat(5_000))), "is longer than"));
        c.add(dlq("sizes", Protocol.CORE_BYTES, REPORTS, "document of 70 KiB (a long comment)",
                x -> bytes(padded(report(x, "UTF-8"), "x", 70 * 1024).getBytes(StandardCharsets.UTF_8)), "larger than"));
        c.add(dlq("sizes", Protocol.AMQP_TEXT, REPORTS, "document of 70 KiB as text",
                x -> text(padded(report(x, "UTF-8"), " ", 70 * 1024)), "larger than"));
        c.add(dlq("sizes", Protocol.STOMP_BYTES, REPORTS, "document of 80 KiB",
                x -> bytes(padded(report(x, "UTF-8"), "x", 80 * 1024).getBytes(StandardCharsets.UTF_8)), "larger than"));
        c.add(dlq("sizes", Protocol.STOMP_TEXT, REPORTS, "66,000 UTF-8 bytes in 22,000 characters",
                x -> text(padded(report(x, "UTF-8"), "断", 22_000)), "larger than"));

        // -Dcorpus.only=STOMP runs only the cases whose name holds that text (a quick loop while fixing one)
        String only = System.getProperty("corpus.only", "");
        return c.stream().filter(k -> k.displayName().contains(only)).map(k -> Named.of(k.displayName(), k));
    }

    @DisplayName("bad input:")
    @ParameterizedTest(name = " {0}")
    @MethodSource("corpus")
    void badInputHasItsOutcomeAndTheQueueMovesOn(Case k) {
        Ctx x = new Ctx(k.queue());
        try {
            Payload payload = k.body().apply(x);
            Set<String> alarmsBefore = dlqAlarms();

            send(k.protocol(), k.queue(), payload, x.token);

            switch (k.outcome()) {
                case DLQ -> {
                    Received dead = dlq.await(x::marks, WAIT);
                    assertDeadLetter(dead, k, payload);
                    awaitOneAlarm(alarmsBefore, dead.property("HubError"));
                }
                case REJECTED -> {
                    Received reply = replies.await(bodyContains("<ReportNo>" + x.reportNo + "</ReportNo>"), WAIT);
                    assertThat(tag(reply.body(), "Status")).as("reply to %s", x.reportNo).isEqualTo("REJECTED");
                    assertContainsAll(tag(reply.body(), "Message"), k.reasons());
                }
                case ACCEPTED -> {
                    Received reply = replies.await(bodyContains("<ReportNo>" + x.reportNo + "</ReportNo>"), WAIT);
                    assertThat(tag(reply.body(), "Status")).as("reply to %s", x.reportNo).isEqualTo("ACCEPTED");
                }
            }

            sendGoodMessageTheSameWay(k, x);

            if (REPORTS.equals(k.queue())) {
                // a dead-lettered report is answered never; a refused or accepted one once
                assertThat(replies.matching(bodyContains("<ReportNo>" + x.reportNo + "</ReportNo>")))
                        .as("replies to %s", x.reportNo).hasSize(k.outcome() == Outcome.DLQ ? 0 : 1);
            }

            int deadLetters = k.outcome() == Outcome.DLQ ? 1 : 0;
            Awaitility.await("exactly " + deadLetters + " dead letter(s) for " + x.token).during(HOLD).atMost(WAIT)
                    .until(() -> dlq.matching(x::marks).size() == deadLetters);
            if (deadLetters == 1) {
                String error = dlq.matching(x::marks).get(0).property("HubError");
                assertThat(newAlarmsContaining(alarmsBefore, error)).as("DLQ alarms for: %s", error).hasSize(1);
            }
        } finally {
            x.cleanUp();
        }
    }

    // ================================================================== dedicated tests

    /**
     * STOMP messages carry no JMS message id. Each bad one must still be its own dead letter with
     * its own alarm: keyed by "null", the second and third would be dropped as duplicates.
     */
    @Test
    void threeDifferentMalformedStompReportsAreThreeDeadLettersWithThreeAlarms() {
        String[] tokens = {token(), token(), token()};
        Set<String> alarmsBefore = dlqAlarms();
        try (StompClient stomp = stomp("callcenter", "callcenter-local")) {
            stomp.sendBytes(REPORTS, ("<FaultReport><ReportNo>" + tokens[0] + "</ReportNo><CustNo>")
                    .getBytes(StandardCharsets.UTF_8), Map.of());
            stomp.sendText(REPORTS, "fault on the line, desk " + tokens[1], Map.of());
            stomp.sendText(REPORTS, "<FaultReport><ReportNo>" + tokens[2] + "</ReportNo></FaultRaport>", Map.of());
        }

        List<String> errors = new ArrayList<>();
        for (String t : tokens) {
            Received dead = dlq.await(bodyContains(t), WAIT);
            assertThat(dead.property("HubSourceQueue")).isEqualTo(REPORTS);
            assertThat(dead.property("HubError")).isNotBlank().doesNotContain("\n")
                    .containsIgnoringCase("malformed FaultReport XML");
            errors.add(dead.property("HubError"));
        }
        Awaitility.await("three DLQ alarms").atMost(WAIT)
                .until(() -> newAlarms(alarmsBefore).size() >= 3);
        List<String> alarms = newAlarms(alarmsBefore);
        assertThat(alarms).hasSize(3);
        for (String error : errors) {
            assertThat(alarms).anyMatch(m -> m.contains(error));
        }

        String reportNo = FaultMessages.reportNo();
        try (StompClient stomp = stomp("callcenter", "callcenter-local")) {
            stomp.sendText(REPORTS, FaultMessages.report(reportNo, customer, null, "DDN", T0, "UTF-8"), Map.of());
        }
        assertThat(tag(replies.await(bodyContains(reportNo), WAIT).body(), "Status")).isEqualTo("ACCEPTED");
        for (String t : tokens) {
            assertThat(dlq.matching(bodyContains(t))).as("dead letters holding %s", t).hasSize(1);
        }
    }

    /**
     * A circuit the inventory does not know yet, with an open ticket of customer A: customer B's
     * report naming it is refused, while A's second report joins A's ticket.
     */
    @Test
    void aCircuitWithAnotherCustomersOpenTicketIsRefusedWhileItsOwnerJoinsTheTicket() {
        String circuit = "KM-DDN-C" + FaultMessages.unique();
        String first = FaultMessages.reportNo();
        coreCallCenter.sendText(REPORTS, FaultMessages.report(first, customer, circuit, "DDN", T0, "UTF-8"));
        Received accepted = replies.await(bodyContains(first), WAIT);
        assertThat(tag(accepted.body(), "Status")).isEqualTo("ACCEPTED");
        String ticketOfA = tag(accepted.body(), "TicketNo");

        String fromB = FaultMessages.reportNo();
        coreCallCenter.sendText(REPORTS, FaultMessages.report(fromB, otherCustomer, circuit, "DDN", T0.plusSeconds(60),
                "UTF-8"));
        Received refused = replies.await(bodyContains(fromB), WAIT);
        assertThat(tag(refused.body(), "Status")).isEqualTo("REJECTED");
        assertThat(tag(refused.body(), "Message")).containsIgnoringCase("belongs to another customer");
        assertThat(tag(refused.body(), "TicketNo")).isNotEqualTo(ticketOfA);

        String againFromA = FaultMessages.reportNo();
        coreCallCenter.sendText(REPORTS, FaultMessages.report(againFromA, customer, circuit, "DDN", T0.plusSeconds(120),
                "UTF-8"));
        Received joined = replies.await(bodyContains(againFromA), WAIT);
        assertThat(tag(joined.body(), "Status")).isNotEqualTo("REJECTED");
        assertThat(tag(joined.body(), "TicketNo")).isEqualTo(ticketOfA);
        assertThat(store.queryForObject("SELECT COUNT(*) FROM fault_ticket f JOIN hub_form h ON h.form_no = f.ticket_no"
                + " WHERE f.circuit_no = ? AND h.state <> 'REJECTED'", Integer.class, circuit)).isEqualTo(1);
        assertThat(dlq.matching(bodyContains(circuit))).isEmpty();
    }

    // ================================================================== how a case runs

    private void assertDeadLetter(Received dead, Case k, Payload sent) {
        String error = dead.property("HubError");
        assertThat(error).as("HubError").isNotBlank().doesNotContain("\n").doesNotContain("\r");
        assertContainsAll(error, k.reasons());
        assertThat(dead.property("HubSourceQueue")).as("HubSourceQueue").isEqualTo(k.queue());
        // unchanged, as it came
        if (k.protocol().bytes) {
            byte[] got = dead.bytes() == null ? new byte[0] : dead.bytes();
            assertThat(got).as("dead letter's bytes").isEqualTo(sent.asBytes());
        } else {
            String got = dead.body() == null ? "" : dead.body();
            assertThat(got).as("dead letter's text").isEqualTo(sent.text());
        }
    }

    private static void assertContainsAll(String actual, List<String> parts) {
        assertThat(actual).isNotNull();
        for (String part : parts) {
            assertThat(actual.toLowerCase(Locale.ROOT)).as("%s should name the reason", actual)
                    .contains(part.toLowerCase(Locale.ROOT));
        }
    }

    private void awaitOneAlarm(Set<String> before, String hubError) {
        Awaitility.await("a DLQ alarm for: " + hubError).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> !newAlarmsContaining(before, hubError).isEmpty());
    }

    private Set<String> dlqAlarms() {
        return new HashSet<>(store.queryForList("SELECT alarm_no FROM alarm WHERE kind = 'DLQ'", String.class));
    }

    /** Messages of the DLQ alarms raised since the snapshot. */
    private List<String> newAlarms(Set<String> before) {
        return store.queryForList("SELECT alarm_no, message FROM alarm WHERE kind = 'DLQ'").stream()
                .filter(r -> !before.contains((String) r.get("alarm_no")))
                .map(r -> (String) r.get("message"))
                .toList();
    }

    private List<String> newAlarmsContaining(Set<String> before, String hubError) {
        return newAlarms(before).stream().filter(m -> m != null && m.contains(hubError)).toList();
    }

    private void sendGoodMessageTheSameWay(Case k, Ctx x) {
        if (REPORTS.equals(k.queue())) {
            String reportNo = FaultMessages.reportNo();
            send(k.protocol(), REPORTS, text(FaultMessages.report(reportNo, customer, null, "DDN", T0, "UTF-8")), token());
            Received reply = replies.await(bodyContains("<ReportNo>" + reportNo + "</ReportNo>"), WAIT);
            assertThat(tag(reply.body(), "Status")).as("the good report after the bad one").isEqualTo("ACCEPTED");
        } else {
            send(k.protocol(), RETURNS, text(FaultMessages.faultReturn(x.ticketNo, "DIAGNOSED", T0.plusSeconds(60), null,
                    "LINE")), token());
            Awaitility.await("the good return moves " + x.ticketNo).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> store.queryForObject("SELECT state FROM hub_form WHERE form_no = ?", String.class,
                            x.ticketNo), "DIAGNOSED"::equals);
        }
    }

    /** Sends as the system that owns the queue would: the call center's or network management's broker user. */
    private void send(Protocol protocol, String queue, Payload payload, String marker) {
        boolean report = REPORTS.equals(queue);
        Map<String, String> props = Map.of(MARKER, marker);
        switch (protocol) {
            case CORE_TEXT -> (report ? coreCallCenter : coreNms).sendText(queue, payload.text(), props);
            case CORE_BYTES -> (report ? coreCallCenter : coreNms).sendBytes(queue, payload.asBytes(), props);
            case AMQP_TEXT -> (report ? amqpCallCenter : amqpNms).sendText(queue, payload.text(), props);
            case AMQP_BYTES -> (report ? amqpCallCenter : amqpNms).sendBytes(queue, payload.asBytes(), props);
            case STOMP_TEXT, STOMP_BYTES -> {
                try (StompClient stomp = report ? stomp("callcenter", "callcenter-local") : stomp("nms", "nms-local")) {
                    if (protocol == Protocol.STOMP_TEXT) {
                        stomp.sendText(queue, payload.text(), props);
                    } else {
                        stomp.sendBytes(queue, payload.asBytes(), props);
                    }
                }
            }
        }
    }

    private static StompClient stomp(String user, String password) {
        return StompClient.connect("127.0.0.1", ENV.brokerPort, user, password);
    }

    private static String amqpUrl() {
        return "amqp://127.0.0.1:" + ENV.brokerPort;
    }

    /** What one case needs: its numbers, a real ticket for returns, and what to undo afterwards. */
    final class Ctx {
        final String reportNo = FaultMessages.reportNo();
        final String token = token();
        final String ticketNo;
        private final List<Runnable> cleanUps = new ArrayList<>();

        Ctx(String queue) {
            this.ticketNo = RETURNS.equals(queue) ? openTicket() : null;
        }

        /** True for the dead letter of this case's message: its marker property, or its token or ReportNo in the body. */
        boolean marks(Received r) {
            return token.equals(r.property(MARKER))
                    || (r.body() != null && (r.body().contains(token) || r.body().contains(reportNo)));
        }

        /** A circuit the nightly consolidation put in the inventory under the other customer; deleted afterwards. */
        String circuitOfAnotherCustomer() {
            String circuit = "KM-DDN-I" + FaultMessages.unique();
            store.update("INSERT INTO circuit (circuit_no, cust_no, service_type, status, synced_at)"
                    + " VALUES (?, ?, 'DDN', '1', ?)", circuit, otherCustomer, OffsetDateTime.parse("2026-11-22T02:00:00+08:00"));
            cleanUps.add(() -> store.update("DELETE FROM circuit WHERE circuit_no = ?", circuit));
            return circuit;
        }

        private String openTicket() {
            String no = FaultMessages.reportNo();
            broker.sendText(REPORTS, FaultMessages.report(no, customer, null, "DDN", T0, "UTF-8"));
            Received reply = replies.await(bodyContains("<ReportNo>" + no + "</ReportNo>"), WAIT);
            assertThat(tag(reply.body(), "Status")).isEqualTo("ACCEPTED");
            return tag(reply.body(), "TicketNo");
        }

        void cleanUp() {
            cleanUps.forEach(Runnable::run);
        }
    }

    // ================================================================== the corpus' vocabulary

    enum Protocol {
        CORE_TEXT("CORE text", false),
        CORE_BYTES("CORE bytes", true),
        AMQP_TEXT("AMQP text", false),
        AMQP_BYTES("AMQP bytes", true),
        STOMP_TEXT("STOMP text, no content-length", false),
        STOMP_BYTES("STOMP bytes, content-length", true);

        final String label;
        final boolean bytes;

        Protocol(String label, boolean bytes) {
            this.label = label;
            this.bytes = bytes;
        }
    }

    enum Outcome { DLQ, REJECTED, ACCEPTED }

    /** A message body: text, or bytes (which only a bytes protocol can carry). */
    record Payload(String text, byte[] bytes) {
        byte[] asBytes() {
            return bytes != null ? bytes : text.getBytes(StandardCharsets.UTF_8);
        }
    }

    record Case(String category, Protocol protocol, String queue, String description, Function<Ctx, Payload> body,
                Outcome outcome, List<String> reasons) {
        String displayName() {
            String expected = switch (outcome) {
                case DLQ -> "hub.dlq \"" + String.join("\" + \"", reasons) + "\"";
                case REJECTED -> "REJECTED \"" + String.join("\" + \"", reasons) + "\"";
                case ACCEPTED -> "ACCEPTED";
            };
            return "[" + category + "] " + protocol.label + " to " + queue + ": " + description + " -> " + expected;
        }

        @Override
        public String toString() {
            return displayName();
        }
    }

    private static Case dlq(String category, Protocol p, String queue, String description, Function<Ctx, Payload> body,
                            String... reasons) {
        return checked(new Case(category, p, queue, description, body, Outcome.DLQ, List.of(reasons)));
    }

    private static Case rejected(String category, Protocol p, String queue, String description,
                                 Function<Ctx, Payload> body, String... reasons) {
        return checked(new Case(category, p, queue, description, body, Outcome.REJECTED, List.of(reasons)));
    }

    private static Case accepted(String category, Protocol p, String queue, String description,
                                 Function<Ctx, Payload> body) {
        return checked(new Case(category, p, queue, description, body, Outcome.ACCEPTED, List.of()));
    }

    private static Case checked(Case k) {
        if (k.outcome() != Outcome.DLQ && !REPORTS.equals(k.queue())) {
            throw new IllegalArgumentException("only the call center gets replies: " + k.displayName());
        }
        return k;
    }

    private static Payload text(String text) {
        return new Payload(text, null);
    }

    private static Payload bytes(byte[] bytes) {
        return new Payload(null, bytes);
    }

    private static String token() {
        return "CORPUS" + FaultMessages.unique();
    }

    private static String unknownTicket() {
        return "FT-19990101-" + String.format("%06d", FaultMessages.unique() % 1_000_000);
    }

    /** An hour past the clock skew the hub allows: "in the future" however the hub is configured. */
    private static Instant beyondSkew() {
        return T0.plus(clockSkew).plus(Duration.ofHours(1));
    }

    private static String iso(Instant t) {
        return FaultMessages.iso(t);
    }

    /** The case's good report with the given declared encoding; its Description carries the case's token. */
    private static String report(Ctx x, String encoding) {
        return withTag(FaultMessages.report(x.reportNo, customer, null, "DDN", T0, encoding), "Description",
                "专线中断, 无法上网 " + x.token);
    }

    private static String repaired(Ctx x) {
        return faultReturn(x, "REPAIRED", T0.plusSeconds(600), null);
    }

    /** FaultReturn JSON on the case's ticket; its note carries the case's token. */
    private static String faultReturn(Ctx x, String step, Instant at, String faultType) {
        return FaultMessages.faultReturn(x.ticketNo, step, at, null, faultType)
                .replace("\"note\":\"test\"", "\"note\":\"" + x.token + "\"");
    }

    private static String withTag(String xml, String name, String value) {
        return xml.replaceFirst("<" + name + ">.*?</" + name + ">",
                java.util.regex.Matcher.quoteReplacement("<" + name + ">" + value + "</" + name + ">"));
    }

    private static String withoutDeclaration(String xml) {
        return xml.startsWith("<?xml") ? xml.substring(xml.indexOf("?>") + 2).stripLeading() : xml;
    }

    private static String withDoctype(Ctx x, String doctype) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doctype + "\n" + withoutDeclaration(report(x, "UTF-8"));
    }

    private static String billionLaughs() {
        StringBuilder b = new StringBuilder("<!DOCTYPE FaultReport [\n <!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            b.append(" <!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        return b.append("]>").toString();
    }

    /** The report with a comment of the filler repeated n times before its end. */
    private static String padded(String xml, String filler, int n) {
        return xml.replace("</FaultReport>", "<!-- " + filler.repeat(n) + " -->\n</FaultReport>");
    }

    /** The text encoded, with the placeholder @@ replaced by the given raw bytes. */
    private static byte[] inject(String text, Charset charset, int... raw) {
        int at = text.indexOf("@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.substring(0, at).getBytes(charset));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(text.substring(at + 2).getBytes(charset));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
