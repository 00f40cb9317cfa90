package keyaccount.hub.core.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fault repair table as shipped in mappings/ (domain.md "Fault repair limits by grade"). */
class FaultRepairTableTest {
    private final FaultRepairTable table = new FaultRepairTable(new MappingFiles(Path.of("mappings")), "fault-repair.csv");

    @ParameterizedTest(name = "grade {0}, {1}, fault {2}: {3}")
    @CsvSource(nullValues = "-", value = {
            "A, PSTN, -,         PT2H",
            "B, PSTN, -,         PT6H",
            "C, PSTN, -,         PT24H",
            "A, DDN,  -,         PT2H",
            "B, DDN,  -,         PT5H",
            "C, DDN,  -,         PT6H",
            "B, FR,   LINE,      PT5H",
            "C, X25,  -,         PT6H",
            "A, DC2M, LINE,      PT2H",
            "B, DC2M, LINE,      PT6H",
            "A, DC2M, EQUIPMENT, PT4H",
            "B, DC2M, EQUIPMENT, PT60H",
            "C, DC2M, EQUIPMENT, PT60H",
            "B, DC2M, -,         PT6H",
            "B, DC2M, CUSTOMER_SIDE, PT6H",
            "C, ADSL, -,         PT24H",
            "B, LAN,  -,         PT5H",
            "C, XYZ,  -,         PT24H",
            "-, DDN,  -,         PT6H",
    })
    void limitByGradeServiceAndFaultType(String grade, String service, String faultType, String expected) {
        assertThat(table.limit(grade, service, faultType)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void anEditedTableAppliesWithoutARestart(@TempDir Path dir) throws IOException {
        Path sla = Files.createDirectories(dir.resolve("sla"));
        Path file = sla.resolve("t.csv");
        Files.writeString(file, "service_type,fault_type,A,B,C\n*,*,PT1H,PT2H,PT3H\n");
        FaultRepairTable t = new FaultRepairTable(new MappingFiles(dir), "t.csv");
        assertThat(t.limit("B", "DDN", null)).isEqualTo(Duration.ofHours(2));

        Files.writeString(file, "service_type,fault_type,A,B,C\n*,*,PT1H,PT7H,PT3H\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(t.limit("B", "DDN", null)).isEqualTo(Duration.ofHours(7));

        Files.writeString(file, "this is not, a table\n\"broken");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(t.limit("B", "DDN", null)).as("a broken edit keeps the last good table").isEqualTo(Duration.ofHours(7));
    }
}
