package keyaccount.hub.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;

/** Billing's or finance's side of an FTP server, read with a plain FTP client. */
public final class FtpPeer {
    private final int port;
    private final String user;
    private final String password;

    public FtpPeer(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public List<String> list(String folder) {
        return call(ftp -> {
            List<String> names = new ArrayList<>();
            for (FTPFile f : ftp.listFiles(folder)) {
                if (f.isFile()) {
                    names.add(f.getName());
                }
            }
            return names;
        });
    }

    public String read(String path) {
        return call(ftp -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ftp.retrieveFile(path, out)) {
                throw new IOException("cannot read " + path + ": " + ftp.getReplyString());
            }
            return out.toString(StandardCharsets.UTF_8);
        });
    }

    private interface Call<T> {
        T run(FTPClient ftp) throws IOException;
    }

    private <T> T call(Call<T> call) {
        FTPClient ftp = new FTPClient();
        try {
            ftp.connect("127.0.0.1", port);
            if (!ftp.login(user, password)) {
                throw new IOException("login refused");
            }
            ftp.enterLocalPassiveMode();
            ftp.setFileType(FTP.BINARY_FILE_TYPE);
            return call.run(ftp);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                if (ftp.isConnected()) {
                    ftp.logout();
                    ftp.disconnect();
                }
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
