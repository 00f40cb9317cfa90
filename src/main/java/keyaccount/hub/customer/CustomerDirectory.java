package keyaccount.hub.customer;

import java.sql.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Customers in the store and what they are worth to us: key-account kinds from the 97 data
 * (important, group, strategic) and the grade the rules in mappings/ give them. Kinds are worked
 * out when asked, so a change of rules or of a parent's class applies at once.
 */
@Component
public class CustomerDirectory {
    /** Parent chains deeper than this are treated as broken data, not followed further. */
    private static final int MAX_PARENT_DEPTH = 10;

    private final JdbcTemplate jdbc;
    private final GradeRules rules;

    public CustomerDirectory(JdbcTemplate jdbc, GradeRules rules) {
        this.jdbc = jdbc;
        this.rules = rules;
    }

    public Optional<Customer> find(String custNo) {
        List<Customer> found = jdbc.query("SELECT cust_no, cust_name, cust_class, industry, local_net, parent_cust_no,"
                + " manager_no, strategic, status, open_date, close_date FROM customer WHERE cust_no = ?",
                (rs, n) -> new Customer(rs.getString("cust_no"), rs.getString("cust_name"),
                        trim(rs.getString("cust_class")), trim(rs.getString("industry")),
                        trim(rs.getString("local_net")), rs.getString("parent_cust_no"), rs.getString("manager_no"),
                        rs.getBoolean("strategic"), trim(rs.getString("status")), date(rs.getDate("open_date")),
                        date(rs.getDate("close_date"))), custNo);
        return found.stream().findFirst();
    }

    public Optional<CustomerProfile> profile(String custNo) {
        return find(custNo).map(this::profile);
    }

    public CustomerProfile profile(Customer c) {
        Set<KeyAccountKind> kinds = EnumSet.noneOf(KeyAccountKind.class);
        if ("10".equals(c.custClass())) {
            kinds.add(KeyAccountKind.IMPORTANT);
        }
        if (c.strategic()) {
            kinds.add(KeyAccountKind.STRATEGIC);
        }
        if (inGroup(c)) {
            kinds.add(KeyAccountKind.GROUP);
        }
        return new CustomerProfile(c, kinds, rules.grade(kinds), rules.keyAccount(kinds));
    }

    private boolean inGroup(Customer c) {
        Set<String> seen = new HashSet<>();
        Customer current = c;
        for (int depth = 0; current != null && depth <= MAX_PARENT_DEPTH && seen.add(current.custNo()); depth++) {
            if ("30".equals(current.custClass())) {
                return true;
            }
            current = current.parentCustNo() == null ? null : find(current.parentCustNo()).orElse(null);
        }
        return false;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static java.time.LocalDate date(Date d) {
        return d == null ? null : d.toLocalDate();
    }
}
