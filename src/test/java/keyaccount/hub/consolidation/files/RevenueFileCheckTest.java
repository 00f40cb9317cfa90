package keyaccount.hub.consolidation.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The check a revenue file passes before anything of it is loaded (ICD §5), case by case. */
class RevenueFileCheckTest {
    private static final Charset GBK = Charset.forName("GBK");
    private static final String GOOD = "H|REV|KM|202610|20261101|000003\r\n"
            + "D|KM00012345|A000123456|DDN|DDN数字电路月租|1250000|2\r\n"
            + "D|KM00012345|A000123456|LD|国内长途|38015|1\r\n"
            + "D|KM00077777|A000777777|DC2M|2M数字电路|-5000|1\r\n"
            + "T|3|1283015\r\n";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            the ICD's example;                 REV_KM_202610_3.txt; GOOD;                                    ;
            LF line ends and a blank line;     REV_KM_202610_3.txt; LF;                                      ;
            trailer count off;                 REV_KM_202610_3.txt; T|4|1283015;                             trailer says 4 lines summing 1283015 fen; the file has 3 lines summing 1283015 fen
            trailer sum off;                   REV_KM_202610_3.txt; T|3|1283016;                             the file has 3 lines summing 1283015 fen
            no trailer;                        REV_KM_202610_3.txt; NO_TRAILER;                              no trailer (T): the file is cut short
            name and header disagree;          REV_SZ_202610_3.txt; GOOD;                                    does not match the file name
            a name that is not a revenue file; REV_KM_2026_3.txt;   GOOD;                                    file name is not REV_<LN>_<YYYYMM>_<SEQ>.txt
            amount not in fen;                 REV_KM_202610_3.txt; D|KM00012345|A1|LD|长途|12.50|1;         amount is not a whole number of fen: 12.50
            a line with too few fields;        REV_KM_202610_3.txt; D|KM00012345|A1|LD|1;                    detail line has 5 fields, not 7
            text after the trailer;            REV_KM_202610_3.txt; AFTER;                                   text after the trailer
            UTF-8 bytes where GBK is due;      REV_KM_202610_3.txt; UTF8;                                    not GBK text
            """)
    void checksTheWholeFileBeforeLoading(String what, String name, String variant, String fault) throws Exception {
        byte[] bytes = switch (variant) {
            case "GOOD" -> GOOD.getBytes(GBK);
            case "LF" -> GOOD.replace("\r\n", "\n").replace("T|", "\nT|").getBytes(GBK);
            case "NO_TRAILER" -> GOOD.substring(0, GOOD.indexOf("T|")).getBytes(GBK);
            case "AFTER" -> (GOOD + "D|KM1|A1|LD|长途|1|1\r\n").getBytes(GBK);
            case "UTF8" -> GOOD.getBytes(StandardCharsets.UTF_8);
            default -> variant.startsWith("T|") ? GOOD.replace("T|3|1283015", variant).getBytes(GBK)
                    : GOOD.replace("D|KM00077777|A000777777|DC2M|2M数字电路|-5000|1", variant).getBytes(GBK);
        };
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        FileLoader.Checked checked = RevenueFiles.checkFile(file, name);
        if (fault == null) {
            assertThat(checked.valid()).as(checked.reason()).isTrue();
            assertThat(checked.records()).isEqualTo(3);
            assertThat(checked.amountFen()).isEqualTo(1_283_015L);
        } else {
            assertThat(checked.valid()).isFalse();
            assertThat(checked.reason()).contains(fault);
        }
    }
}
