package keyaccount.hub.customer;

import java.util.List;

/**
 * A customer's circuits in service, as the network's inventory has them: the port through which
 * churn learns which circuits to release. Network management's adapter reads them (RES_CIRCUIT).
 */
public interface CustomerCircuits {

    record Circuit(String circuitNo, String custNo, String serviceType, String rate, String aEnd, String zEnd) {}

    /** The customer's circuits in service. */
    List<Circuit> inService(String custNo);
}
