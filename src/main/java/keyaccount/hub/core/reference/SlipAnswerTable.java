package keyaccount.hub.core.reference;

import java.time.Duration;
import java.util.Map;

import org.springframework.stereotype.Component;

/** How long the back office has to answer a slip, by kind and grade: mappings/sla/slip-answer.csv. */
@Component
public class SlipAnswerTable {
    private static final String TABLE = "sla/slip-answer.csv";
    private final MappingFiles files;

    public SlipAnswerTable(MappingFiles files) {
        this.files = files;
    }

    public Duration limit(String kind, String grade) {
        for (Map<String, String> row : files.csvRows(TABLE)) {
            if (kind.equals(row.get("kind"))) {
                String v = row.get(grade == null ? "C" : grade);
                if (v == null || v.isBlank()) {
                    throw new IllegalStateException(TABLE + " has no grade " + grade + " for " + kind);
                }
                return Duration.parse(v.trim());
            }
        }
        throw new IllegalStateException(TABLE + " has no row for " + kind);
    }
}
