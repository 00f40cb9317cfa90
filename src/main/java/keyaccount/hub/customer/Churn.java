package keyaccount.hub.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import keyaccount.hub.core.alarm.AlarmKind;
import keyaccount.hub.core.alarm.Alarms;
import keyaccount.hub.form.slip.SlipService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer is leaving (a TERMINATE order, or 97 status 9): the account manager is told at once
 * with one CHURN alarm, so that something can still be done to keep the customer, and the network
 * is asked to release each of the customer's circuits in service, so resources are not left tied
 * up. However the news arrives (both triggers, repeated syncs, several instances), the alarm's
 * dedupe key makes all of this happen once per customer.
 */
@Service
public class Churn {
    private static final Logger log = LoggerFactory.getLogger(Churn.class);

    private final CustomerDirectory customers;
    private final Alarms alarms;
    private final CustomerCircuits circuits;
    private final SlipService slips;

    public Churn(CustomerDirectory customers, Alarms alarms, CustomerCircuits circuits, SlipService slips) {
        this.customers = customers;
        this.alarms = alarms;
        this.circuits = circuits;
        this.slips = slips;
    }

    /**
     * @param formNo the form that brought the news (the TERMINATE work order), or null
     * @return the release requests sent, or none when the customer's leaving was already handled
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> leaving(String custNo, String reason, String formNo) {
        CustomerProfile customer = customers.profile(custNo).orElse(null);
        if (customer == null) {
            log.warn("customer {} is leaving ({}) but is not in the store", custNo, reason);
            return List.of();
        }
        String manager = customer.customer().managerNo();
        String message = "客户 " + custNo + " " + customer.customer().name() + " 流失预警 (" + reason + ")"
                + (manager == null ? "" : "; 客户经理 " + manager);
        var raised = alarms.raise(new Alarms.Alarm("CHURN|" + custNo + "|LEFT", formNo, AlarmKind.CHURN, custNo,
                customer.grade(), null, message, Map.of("HubKeyAccount", Boolean.toString(customer.keyAccount()),
                "HubGrade", customer.grade(), "HubAccountManager", manager == null ? "" : manager)));
        if (raised.isEmpty()) {
            return List.of();
        }
        List<String> releases = new ArrayList<>();
        for (CustomerCircuits.Circuit c : circuits.inService(custNo)) {
            releases.add(slips.release(customer, c, reason));
        }
        log.warn("customer {} is leaving ({}): account manager {} alarmed, {} circuit(s) to release", custNo, reason,
                manager, releases.size());
        return releases;
    }
}
