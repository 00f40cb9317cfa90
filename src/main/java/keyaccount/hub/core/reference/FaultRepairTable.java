package keyaccount.hub.core.reference;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import keyaccount.hub.config.HubProperties;
import org.springframework.stereotype.Component;

/**
 * Fault repair time limits by customer grade, service type and (once diagnosed) fault type,
 * from {@code mappings/sla/<hub.fault.repair-table>}. Columns: service_type, fault_type, A, B, C,
 * the limits as ISO-8601 durations. {@code *} matches any service or fault type; the most
 * specific row wins (service and fault type, then service, then any).
 */
@Component
public class FaultRepairTable {
    private final MappingFiles files;
    private final String table;

    @org.springframework.beans.factory.annotation.Autowired
    public FaultRepairTable(MappingFiles files, HubProperties props) {
        this(files, props.fault().repairTable());
    }

    /** @param table file name under mappings/sla/ */
    public FaultRepairTable(MappingFiles files, String table) {
        this.files = files;
        this.table = "sla/" + table;
    }

    public Duration limit(String grade, String serviceType, String faultType) {
        List<Map<String, String>> rows = files.csvRows(table);
        String g = grade == null ? "C" : grade;
        for (String[] key : new String[][] {{serviceType, faultType}, {serviceType, "*"}, {"*", "*"}}) {
            if (key[0] == null || key[1] == null) {
                continue;
            }
            for (Map<String, String> row : rows) {
                if (key[0].equals(row.get("service_type").trim()) && key[1].equals(row.get("fault_type").trim())) {
                    String value = row.get(g);
                    if (value == null || value.isBlank()) {
                        throw new IllegalStateException(table + " has no grade " + g + " column for " + key[0]);
                    }
                    return Duration.parse(value.trim());
                }
            }
        }
        throw new IllegalStateException(table + " has no row for " + serviceType + " and no * row");
    }
}
