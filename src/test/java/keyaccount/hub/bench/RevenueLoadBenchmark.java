package keyaccount.hub.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import keyaccount.hub.consolidation.ConsolidationRuns;
import keyaccount.hub.test.HubProcess;
import keyaccount.hub.test.PeerFiles;
import keyaccount.hub.test.TestEnvironment;
import org.postgresql.PGConnection;

/**
 * Loads a generated revenue file of N lines (default 1,000,000) through the real route: billing's
 * FTP server, the billing-revenue-file-in route, the check and the one-transaction load into the
 * store. Prints lines per second and the peak heap while it ran, then the time PostgreSQL's own
 * COPY takes to write the same rows into a table with the same indexes on this machine.
 * Run: <pre>./mvnw -q test-compile exec:java@revenue-bench [-Dbench.lines=1000000] [-Dhub.test.store=postgres]</pre>
 * (MAVEN_OPTS=-Xmx... bounds the heap the whole JVM, Maven and hub together, may use.)
 */
public final class RevenueLoadBenchmark {

    public static void main(String[] args) throws Exception {
        int lines = Integer.getInteger("bench.lines", 1_000_000);
        TestEnvironment env = TestEnvironment.create();
        Path folder = env.billingFtp.root().resolve("revenue");
        PeerFiles.bigRevenue(folder, "KM", "202610", 1, lines);
        Path file = folder.resolve(PeerFiles.revenueName("KM", "202610", 1));
        System.out.printf("store: %s; file: %,d lines, %,d bytes (GBK)%n",
                TestEnvironment.postgres() ? "PostgreSQL" : "H2 (embedded default)", lines, Files.size(file));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (HubProcess hub = HubProcess.start(env, Map.of("logging.level.root", "WARN", "logging.level.keyaccount.hub",
                "WARN", "logging.level.org.apache.camel", "WARN"))) {
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            ConsolidationRuns runs = hub.bean(ConsolidationRuns.class);
            long start = System.nanoTime();
            String runId = runs.requestNow("benchmark", null).runId();
            ConsolidationRuns.Run run;
            do {
                Thread.sleep(100);
                run = runs.find(runId).orElseThrow();
            } while ("RUNNING".equals(run.status()));
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            long loaded = run.sources().stream().filter(s -> s.source().equals("billing.revenue")).findFirst()
                    .orElseThrow().loaded();
            System.out.printf("run %s: %s; %,d lines loaded through FTP and the route in %.1f s = %,.0f lines/s%n",
                    runId, run.status(), loaded, seconds, loaded / seconds);
            System.out.printf("heap used: %,d MiB before, %,d MiB at its peak during the run (whole JVM, sampled every 10 ms)%n",
                    baseline >> 20, peak.get() >> 20);
        }
        copy(file, lines);
        System.exit(0);
    }

    /** The same rows written by PostgreSQL's COPY into a table with revenue_line's columns and indexes. */
    private static void copy(Path file, int lines) throws Exception {
        String db = "hubbench_copy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String url = TestEnvironment.createPostgresDatabase(db);
        try (Connection c = DriverManager.getConnection(url, TestEnvironment.PG_USER, "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE revenue_line (file_id BIGINT NOT NULL, local_net VARCHAR(2) NOT NULL,"
                        + " bill_month VARCHAR(6) NOT NULL, cust_no VARCHAR(20) NOT NULL, acct_no VARCHAR(20),"
                        + " product_code VARCHAR(10) NOT NULL, product_name VARCHAR(100), amount_fen BIGINT NOT NULL,"
                        + " quantity INT)");
                s.execute("CREATE INDEX revenue_line_cust_idx ON revenue_line (cust_no, bill_month)");
                s.execute("CREATE INDEX revenue_line_net_idx ON revenue_line (local_net, bill_month)");
                s.execute("CREATE INDEX revenue_line_file_idx ON revenue_line (file_id)");
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            long rows;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), PeerFiles.GBK))) {
                rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY revenue_line FROM STDIN WITH (FORMAT text,"
                        + " DELIMITER '|')", new DetailRows(in));
            }
            c.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("PostgreSQL COPY of the same %,d rows (same columns and indexes): %.1f s = %,.0f rows/s%n",
                    rows, seconds, rows / seconds);
        } finally {
            try (Connection admin = DriverManager.getConnection(TestEnvironment.PG_ADMIN_URL, TestEnvironment.PG_USER, "");
                 Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db);
            }
        }
    }

    /** The file's D lines as COPY text rows, produced as COPY reads them. */
    private static final class DetailRows extends Reader {
        private final BufferedReader in;
        private Reader current = new StringReader("");

        DetailRows(BufferedReader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws java.io.IOException {
            while (true) {
                int n = current.read(buf, off, len);
                if (n > 0) {
                    return n;
                }
                String line = in.readLine();
                if (line == null) {
                    return -1;
                }
                if (line.startsWith("D|")) {
                    String[] f = line.split("\\|", -1);
                    current = new StringReader("1|KM|202610|" + f[1] + "|" + f[2] + "|" + f[3] + "|" + f[4] + "|" + f[5]
                            + "|" + f[6] + "\n");
                }
            }
        }

        @Override
        public void close() {
            // the file is closed by its owner
        }
    }

    private RevenueLoadBenchmark() {}
}
