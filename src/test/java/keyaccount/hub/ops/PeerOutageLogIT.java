package keyaccount.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubProcess;
import keyaccount.hub.test.TcpProxy;
import keyaccount.hub.test.TestEnvironment;
import org.awaitility.Awaitility;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The 97 database goes away for a while and comes back: the polls that need it say so once when
 * the outage starts and once when it ends (how long, how many attempts), with no stack trace per
 * poll, and the order the 97 system took meanwhile is taken once it is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class PeerOutageLogIT {

    @Test
    void anOutageOfThe97DatabaseIsTwoLinesNotAStackTracePerPoll(CapturedOutput output) throws Exception {
        TestEnvironment env = TestEnvironment.create();
        String cust = FaultMessages.custNo("KM");
        env.customer97(cust, "昆明市公安局", "10", null, false, "1");
        Server h2 = Server.createTcpServer("-tcpPort", Integer.toString(TestEnvironment.freePort())).start();
        String name = env.s97Url.substring("jdbc:h2:mem:".length()).split(";", 2)[0];
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", h2.getPort());
             HubProcess hub = HubProcess.start(env, Map.of(
                     "hub.s97.url", "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:" + name,
                     "hub.s97.connection-timeout-ms", "1000",
                     "hub.orders.poll-period-ms", "200", "hub.customer-sync.period-ms", "200"))) {
            int before = output.getAll().length();
            proxy.down();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> output.getAll().substring(before).contains("s97-order-poll is failing"));
            env.order97("ORD-OUTAGE-" + FaultMessages.unique(), cust, "DDN", "NEW", "A", "KM", null);
            Thread.sleep(3000); // some fifteen polls fail meanwhile
            proxy.up();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> output.getAll().substring(before).contains("s97-order-poll works again after"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> hub.bean(org.springframework.jdbc.core.JdbcTemplate.class)
                    .queryForObject("SELECT COUNT(*) FROM work_order WHERE order_no LIKE 'ORD-OUTAGE-%'", Integer.class) == 1);

            String outage = output.getAll().substring(before);
            assertThat(count(outage, "s97-order-poll is failing")).isEqualTo(1);
            assertThat(count(outage, "s97-order-poll works again after")).isEqualTo(1);
            assertThat(count(outage, "s97-customer-sync is failing")).isLessThanOrEqualTo(1);
            assertThat(outage).as("no stack traces while the 97 database is down").doesNotContain("\tat ")
                    .doesNotContain(" ERROR ");
        } finally {
            h2.stop();
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
