package keyaccount.hub.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Files as billing and finance publish them (ICD §5), written into their FTP servers' folders:
 * the data file first, then its {@code .ok} marker when the file is complete.
 */
public final class PeerFiles {
    public static final Charset GBK = Charset.forName("GBK");

    private PeerFiles() {}

    /** A revenue detail line: customer, account, product code, product name, amount in fen, quantity. */
    public record Revenue(String custNo, String acctNo, String product, String productName, long amountFen, int qty) {}

    /** A REV file's text; trailerSum null means the true sum (a number makes the trailer lie). */
    public static String revenue(String localNet, String month, int seq, List<Revenue> lines, Long trailerSum) {
        StringBuilder sb = new StringBuilder();
        sb.append("H|REV|").append(localNet).append('|').append(month).append("|20261101|")
                .append(String.format("%06d", seq)).append("\r\n");
        long sum = 0;
        for (Revenue r : lines) {
            sb.append("D|").append(r.custNo()).append('|').append(r.acctNo()).append('|').append(r.product()).append('|')
                    .append(r.productName()).append('|').append(r.amountFen()).append('|').append(r.qty()).append("\r\n");
            sum += r.amountFen();
        }
        sb.append("T|").append(lines.size()).append('|').append(trailerSum == null ? sum : trailerSum).append("\r\n");
        return sb.toString();
    }

    public static String revenueName(String localNet, String month, int seq) {
        return "REV_" + localNet + "_" + month + "_" + seq + ".txt";
    }

    /** Puts a file into a folder of an FTP server's root, then (when complete) its marker. */
    public static void publish(Path folder, String name, byte[] content, boolean withOk) {
        try {
            Files.createDirectories(folder);
            Path part = folder.resolve("." + name + ".writing");
            Files.write(part, content);
            Files.move(part, folder.resolve(name));
            if (withOk) {
                markComplete(folder, name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void markComplete(Path folder, String name) {
        try {
            Files.write(folder.resolve(name + ".ok"), new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams a large generated revenue file to disk (for the benchmark and the kill test). */
    public static void bigRevenue(Path folder, String localNet, String month, int seq, int lines) {
        String name = revenueName(localNet, month, seq);
        try {
            Files.createDirectories(folder);
            Path part = folder.resolve("." + name + ".writing");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
                out.write(("H|REV|" + localNet + "|" + month + "|20261101|" + String.format("%06d", seq) + "\r\n").getBytes(GBK));
                long sum = 0;
                for (int i = 0; i < lines; i++) {
                    long amount = 1000 + (i % 9000) * 17L;
                    String cust = localNet + String.format("%08d", i % 200_000);
                    out.write(("D|" + cust + "|A" + String.format("%09d", i % 200_000) + "|" + (i % 2 == 0 ? "DDN" : "LD")
                            + "|" + (i % 2 == 0 ? "DDN数字电路月租" : "国内长途") + "|" + amount + "|1\r\n").getBytes(GBK));
                    sum += amount;
                }
                out.write(("T|" + lines + "|" + sum + "\r\n").getBytes(GBK));
            }
            Files.move(part, folder.resolve(name));
            markComplete(folder, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
