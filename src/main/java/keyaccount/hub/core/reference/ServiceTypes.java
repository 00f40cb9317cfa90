package keyaccount.hub.core.reference;

import org.springframework.stereotype.Component;

/** The service type code table, {@code mappings/codes/service-types.csv} (code, name). */
@Component
public class ServiceTypes {
    private final MappingFiles files;

    public ServiceTypes(MappingFiles files) {
        this.files = files;
    }

    public boolean known(String code) {
        return code != null && files.csvRows("codes/service-types.csv").stream()
                .anyMatch(r -> code.equals(r.get("code")));
    }
}
