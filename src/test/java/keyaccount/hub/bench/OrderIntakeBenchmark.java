package keyaccount.hub.bench;

import java.util.Map;

import keyaccount.hub.system.s97.CustomerSync;
import keyaccount.hub.system.s97.OrderPoller;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubProcess;
import keyaccount.hub.test.TestEnvironment;

/**
 * How fast orders are taken from the 97 system: N new YW_ORDER rows (a mix of one-, two- and
 * five-station orders), then the poller until every one is recorded as a work order, its station
 * tasks are in the outbox, and it is marked taken (1) in the 97 database. Prints orders per
 * second. Run: <pre>./mvnw -q test-compile exec:java@order-bench [-Dbench.orders=2000] [-Dhub.test.store=postgres]</pre>
 */
public final class OrderIntakeBenchmark {
    private static final String[][] ENDS = {{"KM", null}, {"KM", "QJ"}, {"KM", "SZ"}};

    public static void main(String[] args) throws Exception {
        int orders = Integer.getInteger("bench.orders", 2000);
        TestEnvironment env = TestEnvironment.create();
        System.out.printf("store: %s%n", TestEnvironment.postgres() ? "PostgreSQL" : "H2 (embedded default)");
        try (HubProcess hub = HubProcess.start(env, Map.of("logging.level.root", "WARN", "logging.level.keyaccount.hub", "WARN",
                "logging.level.org.apache.camel", "WARN"))) {
            String cust = FaultMessages.custNo("KM");
            env.customer97(cust, "基准测试集团", "30", null, true, "1");
            hub.bean(CustomerSync.class).sync();
            for (int i = 0; i < orders; i++) {
                String[] ends = ENDS[i % ENDS.length];
                env.order97("YB" + String.format("%08d", FaultMessages.unique() % 100_000_000), cust, "DDN", "NEW", null,
                        ends[0], ends[1]);
            }
            OrderPoller poller = hub.bean(OrderPoller.class);
            long start = System.nanoTime();
            int taken = 0;
            while (taken < orders) {
                int n = poller.poll();
                if (n == 0) {
                    break;
                }
                taken += n;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("orders taken from the 97 system: %d in %.1f s = %.0f orders/s (%.1f stations each on average)%n",
                    taken, seconds, taken / seconds, (1 + 3 + 5) / 3.0);
        }
        System.exit(0);
    }

    private OrderIntakeBenchmark() {}
}
