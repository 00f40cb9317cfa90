package keyaccount.hub.system.finance;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import keyaccount.hub.core.action.PendingActions;
import keyaccount.hub.form.workorder.SettlementNotices;
import keyaccount.hub.core.numbering.FormNumbers;
import keyaccount.hub.core.reference.SettlementFees;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Settlement notices (结算通知单) for finance (ICD §5): a CSV file SETTLE_YYYYMMDD_HHMMSS_N.csv in
 * finance's folder /settlement, followed by its .ok marker. The file's name and content are fixed
 * in the transaction that completes the work order and kept as a pending action; the upload
 * (route finance-settlement-out) happens afterwards and is retried until the server takes it.
 * Uploading it again writes the same file under the same name.
 */
@Component
public class Settlements implements PendingActions.Handler, SettlementNotices {
    public static final String ACTION = "FINANCE_SETTLEMENT";
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    static final String HEADER = "work_order_no,cust_no,order_no,item,amount_yuan,completed_at";

    private final SettlementFees fees;
    private final PendingActions actions;
    private final FormNumbers numbers;
    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final Clock clock;

    public Settlements(SettlementFees fees, PendingActions actions, FormNumbers numbers, ProducerTemplate camel,
                       ObjectMapper json, Clock clock) {
        this.fees = fees;
        this.actions = actions;
        this.numbers = numbers;
        this.camel = camel;
        this.json = json;
        this.clock = clock;
    }

    /** Decides the notice for a completed work order (in its transaction); the upload follows. */
    @Transactional(propagation = Propagation.MANDATORY)
    @Override
    public void notice(String workOrderNo, String custNo, String orderNo, String serviceType, String orderType,
                       Integer qty, Instant completedAt) {
        ZonedDateTime at = completedAt.atZone(clock.getZone());
        String fileName = "SETTLE_" + at.format(NAME_TIME) + "_" + numbers.nextValue("SETTLE") + ".csv";
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        BigDecimal units = BigDecimal.valueOf(qty == null || qty < 1 ? 1 : qty);
        List<SettlementFees.Fee> items = fees.fees(serviceType, orderType);
        for (SettlementFees.Fee fee : items) {
            csv.append(workOrderNo).append(',').append(custNo).append(',').append(orderNo).append(',')
                    .append(csvField(fee.item())).append(',').append(fee.amountYuan().multiply(units).setScale(2))
                    .append(',').append(at.toOffsetDateTime().withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        }
        ObjectNode payload = json.createObjectNode();
        payload.put("fileName", fileName);
        payload.put("content", csv.toString());
        actions.add(ACTION, workOrderNo, payload.toString());
    }

    @Override
    public String kind() {
        return ACTION;
    }

    @Override
    public void execute(String workOrderNo, String payload) throws Exception {
        JsonNode p = json.readTree(payload);
        Exchange result = camel.request("direct:finance-settlement-out", e -> {
            e.getIn().setBody(p.get("content").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            e.getIn().setHeader(Exchange.FILE_NAME, p.get("fileName").asText());
            e.getIn().setHeader("HubFormNo", workOrderNo);
        });
        if (result.getException() != null) {
            throw result.getException();
        }
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
