package keyaccount.hub.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What billing and finance publish on their (simulated) FTP servers (ICD §5): for each local net
 * of the sample customers, the revenue files of the last two billing months (GBK, with header and
 * trailer), one more whose trailer does not add up, and yesterday's payments and arrears. Each
 * file is written whole, then its .ok marker; files already there are left as they are.
 */
final class SimulatedPeerFiles {
    private static final Logger log = LoggerFactory.getLogger(SimulatedPeerFiles.class);
    private static final Charset GBK = Charset.forName("GBK");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    /** Monthly spend in fen per customer class: party/government, enterprise, group, residential, small business. */
    private static final Map<String, Long> SPEND = Map.of("10", 1_250_000L, "20", 420_000L, "30", 2_600_000L,
            "40", 8_800L, "50", 35_000L);

    private SimulatedPeerFiles() {}

    static void billing(Path root, List<SimulatedDatabases.SampleCustomer> customers, ZoneId zone) {
        YearMonth last = YearMonth.now(zone).minusMonths(1);
        for (String net : List.of("KM", "SZ")) {
            for (int back = 1; back >= 0; back--) {
                YearMonth month = last.minusMonths(back);
                StringBuilder lines = new StringBuilder();
                long sum = 0;
                int count = 0;
                for (SimulatedDatabases.SampleCustomer c : customers) {
                    if (!c.custNo().startsWith(net)) {
                        continue;
                    }
                    long spend = SPEND.getOrDefault(c.custClass(), 10_000L);
                    // one customer of each net spends far less in the last month: a churn warning
                    if (back == 0 && c.custNo().endsWith("20001")) {
                        spend = spend / 2;
                    }
                    for (int i = 0; i < c.serviceTypes().size(); i++) {
                        String service = c.serviceTypes().get(i);
                        long amount = spend / c.serviceTypes().size();
                        lines.append("D|").append(c.custNo()).append("|A").append(c.custNo().substring(2)).append('|')
                                .append(service).append('|').append(service).append("业务月租费").append('|').append(amount)
                                .append("|1\r\n");
                        sum += amount;
                        count++;
                    }
                }
                String file = "REV_" + net + "_" + month.format(MONTH) + "_1.txt";
                publish(root.resolve("revenue"), file, ("H|REV|" + net + "|" + month.format(MONTH) + "|"
                        + month.plusMonths(1).atDay(1).format(DAY) + "|000001\r\n" + lines + "T|" + count + "|" + sum
                        + "\r\n").getBytes(GBK));
            }
        }
        // a file whose trailer does not match its lines: the hub must refuse it whole and alarm
        String month = last.format(MONTH);
        publish(root.resolve("revenue"), "REV_QJ_" + month + "_1.txt", ("H|REV|QJ|" + month + "|"
                + last.plusMonths(1).atDay(1).format(DAY) + "|000001\r\nD|QJ00010001|A0010001|DDN|DDN数字电路月租|500000|1\r\n"
                + "T|2|900000\r\n").getBytes(GBK));
    }

    static void finance(Path root, List<SimulatedDatabases.SampleCustomer> customers, ZoneId zone) {
        LocalDate yesterday = LocalDate.now(zone).minusDays(1);
        StringBuilder pay = new StringBuilder("pay_id,cust_no,acct_no,amount_yuan,paid_at,channel\n");
        StringBuilder arr = new StringBuilder("cust_no,acct_no,overdue_yuan,overdue_since\n");
        int n = 0;
        for (SimulatedDatabases.SampleCustomer c : customers) {
            n++;
            String acct = "A" + c.custNo().substring(2);
            if (n % 4 == 0) {
                // every fourth customer owes money, one of them for long
                arr.append(c.custNo()).append(',').append(acct).append(',').append(n * 37).append(".50,")
                        .append(yesterday.minusDays(n % 8 == 0 ? 120 : 20)).append('\n');
            } else {
                pay.append("PAY").append(yesterday.format(DAY)).append(String.format("%04d", n)).append(',')
                        .append(c.custNo()).append(',').append(acct).append(',').append(n * 100).append(".00,")
                        .append(yesterday).append("T10:").append(String.format("%02d", n)).append(":00+08:00,BANK\n");
            }
        }
        publish(root.resolve("payments"), "PAY_" + yesterday.format(DAY) + ".csv", pay.toString().getBytes(StandardCharsets.UTF_8));
        publish(root.resolve("arrears"), "ARR_" + yesterday.format(DAY) + ".csv", arr.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void publish(Path folder, String name, byte[] content) {
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(name);
            if (Files.exists(target)) {
                return;
            }
            Path part = folder.resolve("." + name + ".part");
            Files.write(part, content);
            Files.move(part, target);
            Files.write(folder.resolve(name + ".ok"), new byte[0]);
            log.info("[sim-ftp] published {}", target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
