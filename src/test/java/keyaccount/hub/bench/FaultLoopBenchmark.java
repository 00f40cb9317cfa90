package keyaccount.hub.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubProcess;
import keyaccount.hub.test.TestEnvironment;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * How many fault tickets the loop carries: a whole hub (embedded broker, store on H2, or on
 * PostgreSQL with -Dhub.test.store=postgres), the call center sending reports over TCP (half GBK
 * bytes, half UTF-8 text), and network management answering each dispatch at once with DIAGNOSED,
 * DISPATCHED and REPAIRED. Prints startup time, heap, and tickets per second. Run:
 * <pre>./mvnw -q test-compile exec:java@fault-bench [-Dbench.tickets=2000] [-Dhub.test.store=postgres]</pre>
 */
public final class FaultLoopBenchmark {
    private static final Pattern TICKET = Pattern.compile("\"ticketNo\":\"([^\"]+)\"");
    private static final Charset GBK = Charset.forName("GBK");

    public static void main(String[] args) throws Exception {
        int tickets = Integer.getInteger("bench.tickets", 2000);
        int customers = 100;
        TestEnvironment env = TestEnvironment.create();
        System.out.printf("store: %s%n", TestEnvironment.postgres() ? "PostgreSQL" : "H2 (embedded default)");

        long startNanos = System.nanoTime();
        HubProcess hub = HubProcess.start(env, Map.of("logging.level.root", "WARN", "logging.level.keyaccount.hub", "WARN",
                "logging.level.org.apache.camel", "WARN",
                "hub.jms.concurrent-consumers", System.getProperty("bench.consumers", "4")));
        System.out.printf("consumers per inbound queue: %s%n", System.getProperty("bench.consumers", "4"));
        double startup = (System.nanoTime() - startNanos) / 1e9;
        System.gc();
        long heapAfterStart = heapUsed();

        List<String> custNos = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            String c = FaultMessages.custNo(i % 2 == 0 ? "KM" : "SZ");
            env.customer97(c, "基准测试客户" + i, i % 3 == 0 ? "10" : "20", null, i % 5 == 0, "1");
            custNos.add(c);
        }
        hub.bean(CustomerSync.class).sync();

        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(env.brokerUrl());
        // The peers here are one client each for many desks and stations; blocking on every
        // persistent send (one journal sync each) would measure them, not the hub.
        factory.setBlockOnDurableSend(false);
        CountDownLatch accepted = new CountDownLatch(tickets);
        CountDownLatch resolved = new CountDownLatch(tickets);
        AtomicInteger returnsSent = new AtomicInteger();
        try (Connection nms = factory.createConnection("nms", "nms-local");
             Connection cc = factory.createConnection("callcenter", "callcenter-local")) {
            // network management: answers every dispatch at once
            Session nmsSession = nms.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer toHub = nmsSession.createProducer(nmsSession.createQueue(Queues.NMS_FAULT_RETURN));
            MessageConsumer dispatches = nmsSession.createConsumer(nmsSession.createQueue(Queues.NMS_FAULT_DISPATCH));
            dispatches.setMessageListener(m -> {
                try {
                    Matcher t = TICKET.matcher(((TextMessage) m).getText());
                    if (t.find()) {
                        Instant at = Instant.now();
                        toHub.send(nmsSession.createTextMessage(FaultMessages.faultReturn(t.group(1), "DIAGNOSED", at, null, "LINE")));
                        toHub.send(nmsSession.createTextMessage(FaultMessages.faultReturn(t.group(1), "DISPATCHED", at.plusMillis(1), "维护班", null)));
                        toHub.send(nmsSession.createTextMessage(FaultMessages.faultReturn(t.group(1), "REPAIRED", at.plusMillis(2), null, null)));
                        returnsSent.addAndGet(3);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the call center: reads replies
            Session replySession = cc.createSession(false, Session.AUTO_ACKNOWLEDGE);
            replySession.createConsumer(replySession.createQueue(Queues.CC_FAULT_REPLY)).setMessageListener(m -> {
                try {
                    String body = ((TextMessage) m).getText();
                    if (body.contains("<Status>ACCEPTED</Status>")) {
                        accepted.countDown();
                    } else if (body.contains("<Status>RESOLVED</Status>")) {
                        resolved.countDown();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            nms.start();
            cc.start();

            Session send = cc.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer reports = send.createProducer(send.createQueue(Queues.CC_FAULT_REPORT));
            long loopStart = System.nanoTime();
            for (int i = 0; i < tickets; i++) {
                String xml = FaultMessages.report(FaultMessages.reportNo(), custNos.get(i % customers), null,
                        i % 2 == 0 ? "DDN" : "PSTN", Instant.now(), i % 2 == 0 ? "GBK" : "UTF-8");
                if (i % 2 == 0) {
                    BytesMessage b = send.createBytesMessage();
                    b.writeBytes(xml.getBytes(GBK));
                    reports.send(b);
                } else {
                    reports.send(send.createTextMessage(xml));
                }
            }
            double sent = (System.nanoTime() - loopStart) / 1e9;
            boolean allAccepted = accepted.await(10, TimeUnit.MINUTES);
            double acceptedAt = (System.nanoTime() - loopStart) / 1e9;
            boolean allResolved = resolved.await(10, TimeUnit.MINUTES);
            double resolvedAt = (System.nanoTime() - loopStart) / 1e9;

            System.out.printf("startup (context ready):            %.1f s%n", startup);
            System.out.printf("heap used after start (after GC):   %d MiB%n", heapAfterStart >> 20);
            System.out.printf("reports sent:                       %d in %.1f s%n", tickets, sent);
            System.out.printf("reports accepted (ACCEPTED reply):  %d in %.1f s = %.0f tickets/s%n",
                    tickets - accepted.getCount(), acceptedAt, (tickets - accepted.getCount()) / acceptedAt);
            System.out.printf("tickets through the loop (report, dispatch, 3 returns, RESOLVED reply): %d in %.1f s = %.0f tickets/s%n",
                    tickets - resolved.getCount(), resolvedAt, (tickets - resolved.getCount()) / resolvedAt);
            System.out.printf("broker messages in that time:       %d (%.0f msg/s)%n", tickets * 9,
                    tickets * 9 / resolvedAt);
            System.out.printf("peak heap:                          %d MiB%n", peakHeap() >> 20);
            if (!allAccepted || !allResolved) {
                System.out.println("INCOMPLETE: not every ticket came through within 10 minutes");
            }
        } finally {
            hub.close();
        }
        System.exit(0);
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private FaultLoopBenchmark() {}

}
