package keyaccount.hub.customer;

import java.time.LocalDate;

/** A customer as the 97 system knows it (KH_CUSTOMER), kept in the store. */
public record Customer(
        String custNo,
        String name,
        String custClass,
        String industry,
        String localNet,
        String parentCustNo,
        String managerNo,
        boolean strategic,
        String status,
        LocalDate openDate,
        LocalDate closeDate) {

    public boolean left() {
        return "9".equals(status);
    }
}
