package keyaccount.hub.core.reference;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/** One-time fees settled when a work order completes: mappings/settlement-fees.csv. */
@Component
public class SettlementFees {
    private final MappingFiles files;

    public SettlementFees(MappingFiles files) {
        this.files = files;
    }

    public record Fee(String item, BigDecimal amountYuan) {}

    /** The fees for a service and order type, per unit; exact rows first, then order type with service *. */
    public List<Fee> fees(String serviceType, String orderType) {
        List<Fee> exact = new ArrayList<>();
        List<Fee> any = new ArrayList<>();
        for (Map<String, String> row : files.csvRows("settlement-fees.csv")) {
            if (!row.get("order_type").equals(orderType) && !"*".equals(row.get("order_type"))) {
                continue;
            }
            Fee fee = new Fee(row.get("item"), new BigDecimal(row.get("amount_yuan")));
            if (row.get("service_type").equals(serviceType)) {
                exact.add(fee);
            } else if ("*".equals(row.get("service_type"))) {
                any.add(fee);
            }
        }
        return exact.isEmpty() ? any : exact;
    }
}
