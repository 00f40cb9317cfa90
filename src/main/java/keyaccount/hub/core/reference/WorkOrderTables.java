package keyaccount.hub.core.reference;

import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Reference data for work orders: local net → province (codes/local-nets.csv), the stations an
 * order needs (stations.yaml), and time limits (sla/sla-levels.csv, sla/opening.csv,
 * sla/stations.csv). Limits are ISO-8601 periods in days (P3D) or durations (PT12H).
 */
@Component
public class WorkOrderTables {
    private final MappingFiles files;

    public WorkOrderTables(MappingFiles files) {
        this.files = files;
    }

    /** The file stations.yaml. */
    public static class StationRules {
        public List<String> sameLocalNet = new ArrayList<>();
        public List<String> sameProvince = new ArrayList<>();
        public List<String> otherProvince = new ArrayList<>();
    }

    /** The stations an order needs, ACCEPTANCE last. */
    public List<String> stations(String aNet, String zNet) {
        StationRules rules = files.yaml("stations.yaml", StationRules.class);
        List<String> stations;
        if (zNet == null || zNet.isBlank() || zNet.equals(aNet)) {
            stations = rules.sameLocalNet;
        } else if (province(aNet).equals(province(zNet))) {
            stations = rules.sameProvince;
        } else {
            stations = rules.otherProvince;
        }
        List<String> all = new ArrayList<>(stations);
        all.remove("ACCEPTANCE");
        all.add("ACCEPTANCE");
        return all;
    }

    public String province(String localNet) {
        for (Map<String, String> row : files.csvRows("codes/local-nets.csv")) {
            if (row.get("local_net").equals(localNet)) {
                return row.get("province");
            }
        }
        throw new IllegalArgumentException("local net " + localNet + " is not in mappings/codes/local-nets.csv");
    }

    public boolean knownLocalNet(String localNet) {
        return localNet != null && files.csvRows("codes/local-nets.csv").stream()
                .anyMatch(r -> r.get("local_net").equals(localNet));
    }

    /** The work order's limit: its SLA level's when it bought one, else by grade and service. */
    public Duration opening(String slaLevel, String grade, String serviceType) {
        if (slaLevel != null && !slaLevel.isBlank()) {
            for (Map<String, String> row : files.csvRows("sla/sla-levels.csv")) {
                if (row.get("level").equals(slaLevel.trim())) {
                    return parse(row.get("opening"));
                }
            }
        }
        List<Map<String, String>> rows = files.csvRows("sla/opening.csv");
        for (String key : new String[] {serviceType, "*"}) {
            for (Map<String, String> row : rows) {
                if (row.get("service_type").equals(key)) {
                    return parse(row.get(grade == null ? "C" : grade));
                }
            }
        }
        throw new IllegalStateException("sla/opening.csv has no row for " + serviceType + " and no * row");
    }

    public Duration station(String station) {
        for (Map<String, String> row : files.csvRows("sla/stations.csv")) {
            if (row.get("station").equals(station)) {
                return parse(row.get("limit"));
            }
        }
        throw new IllegalStateException("sla/stations.csv has no row for " + station);
    }

    static Duration parse(String value) {
        String v = value.trim();
        if (v.startsWith("PT")) {
            return Duration.parse(v);
        }
        return Duration.ofDays(Period.parse(v).getDays());
    }
}
