package keyaccount.hub.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal STOMP 1.2 client over a plain socket, written from the protocol
 * (https://stomp.github.io/stomp-specification-1.2.html), to play a call center desk that speaks
 * STOMP to the broker. It only sends: CONNECT, SEND (optionally with a receipt it waits for), and
 * DISCONNECT.
 *
 * <p>Artemis turns a SEND with a {@code content-length} header into a BytesMessage, and one without
 * into a TextMessage whose body ends at the first NUL octet. Extra headers become message
 * properties.
 */
public final class StompClient implements AutoCloseable {
    private static final int NUL = 0;
    private static final int LF = '\n';

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicInteger receipts = new AtomicInteger();
    private boolean connected;

    private StompClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a connection and signs in; fails if the broker answers with an ERROR frame. */
    public static StompClient connect(String host, int port, String login, String passcode) {
        try {
            StompClient c = new StompClient(new Socket(host, port));
            c.socket.setSoTimeout(20_000);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("accept-version", "1.2");
            headers.put("host", host);
            headers.put("login", login);
            headers.put("passcode", passcode);
            headers.put("heart-beat", "0,0");
            c.write("CONNECT", headers, new byte[0], false);
            Frame answer = c.read();
            if (!"CONNECTED".equals(answer.command())) {
                c.socket.close();
                throw new StompException("broker refused the connection: " + answer);
            }
            c.connected = true;
            return c;
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect over STOMP to " + host + ":" + port, e);
        }
    }

    /** SEND a text body without content-length (Artemis: TextMessage), and wait for the broker's receipt. */
    public void sendText(String destination, String text, Map<String, String> headers) {
        send(destination, headers, text.getBytes(StandardCharsets.UTF_8), false, true);
    }

    /** SEND a body with content-length (Artemis: BytesMessage), and wait for the broker's receipt. */
    public void sendBytes(String destination, byte[] body, Map<String, String> headers) {
        send(destination, headers, body, true, true);
    }

    /**
     * SEND to an ANYCAST queue.
     *
     * @param withContentLength with a content-length header the body may hold any octet; without one it
     *                          ends at the first NUL, so it must contain none
     * @param awaitReceipt      ask for a receipt and wait for it: the broker then has the message
     */
    public void send(String destination, Map<String, String> extraHeaders, byte[] body, boolean withContentLength,
                     boolean awaitReceipt) {
        if (!withContentLength) {
            for (byte b : body) {
                if (b == NUL) {
                    throw new IllegalArgumentException("a body without content-length cannot contain NUL");
                }
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("destination", destination);
        headers.put("destination-type", "ANYCAST");
        headers.putAll(extraHeaders);
        if (withContentLength) {
            headers.put("content-length", Integer.toString(body.length));
        }
        String receipt = awaitReceipt ? "send-" + receipts.incrementAndGet() : null;
        if (receipt != null) {
            headers.put("receipt", receipt);
        }
        try {
            write("SEND", headers, body, true);
            if (receipt != null) {
                awaitReceipt(receipt);
            }
        } catch (IOException e) {
            throw new IllegalStateException("STOMP SEND to " + destination + " failed", e);
        }
    }

    /** DISCONNECT with a receipt, so everything sent before has reached the broker; then closes. */
    public void disconnect() {
        if (!connected) {
            return;
        }
        connected = false;
        try {
            String receipt = "disconnect-" + receipts.incrementAndGet();
            write("DISCONNECT", Map.of("receipt", receipt), new byte[0], true);
            awaitReceipt(receipt);
        } catch (IOException e) {
            throw new IllegalStateException("STOMP DISCONNECT failed", e);
        } finally {
            closeSocket();
        }
    }

    @Override
    public void close() {
        try {
            disconnect();
        } finally {
            closeSocket();
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void awaitReceipt(String receipt) throws IOException {
        while (true) {
            Frame f = read();
            if ("ERROR".equals(f.command())) {
                connected = false;
                throw new StompException("broker answered with ERROR: " + f);
            }
            if ("RECEIPT".equals(f.command()) && receipt.equals(f.headers().get("receipt-id"))) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ frames

    /** A frame from the broker. */
    public record Frame(String command, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            return command + " " + headers + " " + new String(body, StandardCharsets.UTF_8).trim();
        }
    }

    public static final class StompException extends RuntimeException {
        StompException(String message) {
            super(message);
        }
    }

    private void write(String command, Map<String, String> headers, byte[] body, boolean escape) throws IOException {
        StringBuilder head = new StringBuilder(command).append('\n');
        headers.forEach((name, value) -> head.append(escape ? escape(name) : name).append(':')
                .append(escape ? escape(value) : value).append('\n'));
        head.append('\n');
        ByteArrayOutputStream frame = new ByteArrayOutputStream(head.length() + body.length + 1);
        frame.write(head.toString().getBytes(StandardCharsets.UTF_8));
        frame.write(body);
        frame.write(NUL);
        out.write(frame.toByteArray());
        out.flush();
    }

    private Frame read() throws IOException {
        String command;
        do { // heart-beats and EOLs may come between frames
            command = readLine();
        } while (command.isEmpty());
        boolean unescape = !"CONNECTED".equals(command);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            // a repeated header: the first one counts
            headers.putIfAbsent(unescape ? unescape(name) : name, unescape ? unescape(value) : value);
        }
        byte[] body;
        String length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.trim()));
            if (in.read() != NUL) {
                throw new IOException("frame body not followed by NUL");
            }
        } else {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = next(); c != NUL; c = next()) {
                b.write(c);
            }
            body = b.toByteArray();
        }
        return new Frame(command, headers, body);
    }

    /** One line, UTF-8, without its LF or CRLF. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = next(); c != LF; c = next()) {
            line.write(c);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private int next() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new EOFException("the broker closed the STOMP connection");
        }
        return c;
    }

    /** STOMP 1.2 header escaping: backslash, CR, LF and colon. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case ':' -> b.append("\\c");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'r' -> b.append('\r');
                    case 'n' -> b.append('\n');
                    case 'c' -> b.append(':');
                    case '\\' -> b.append('\\');
                    default -> b.append('\\').append(n); // undefined escape: kept as it came
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
