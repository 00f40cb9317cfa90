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
 * (important, group, strategic), HIGH_VALUE or POTENTIAL from the customer's latest monthly
 * classification (the nightly consolidation's {@code customer_month}), and the grade the rules in
 * mappings/ give them. The 97 kinds are worked out when asked, so a change of rules or of a
 * parent's class applies at once.
 */
@Component
public class CustomerDirectory {
    /** Parent chains deeper than this are treated as broken data, not followed further. */
    private static final int MAX_PARENT_DEPTH = 10;
    private static final Set<String> REVENUE_KINDS = Set.of(KeyAccountKind.HIGH_VALUE.name(),
            KeyAccountKind.POTENTIAL.name());

    private final JdbcTemplate jdbc;
    private final GradeRules rules;

    public CustomerDirectory(JdbcTemplate jdbc, GradeRules rules) {
        this.jdbc = jdbc;
        this.rules = rules;
    }

    private static final String SELECT = "SELECT cust_no, cust_name, cust_class, industry, local_net, parent_cust_no,"
            + " manager_no, strategic, status, open_date, close_date FROM customer";

    private static Customer row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Customer(rs.getString("cust_no"), rs.getString("cust_name"), trim(rs.getString("cust_class")),
                trim(rs.getString("industry")), trim(rs.getString("local_net")), rs.getString("parent_cust_no"),
                rs.getString("manager_no"), rs.getBoolean("strategic"), trim(rs.getString("status")),
                date(rs.getDate("open_date")), date(rs.getDate("close_date")));
    }

    public Optional<Customer> find(String custNo) {
        return jdbc.query(SELECT + " WHERE cust_no = ?", CustomerDirectory::row, custNo).stream().findFirst();
    }

    /**
     * The 97 kinds of every customer whose number starts with the prefix (a local net), read in one
     * query; parents outside the prefix are looked up one by one, once each. For the nightly run.
     */
    public java.util.Map<String, Set<KeyAccountKind>> kinds97ByPrefix(String prefix) {
        java.util.Map<String, Customer> known = new java.util.HashMap<>();
        jdbc.query(SELECT + " WHERE cust_no LIKE ?", rs -> {
            Customer c = row(rs, 0);
            known.put(c.custNo(), c);
        }, prefix + "%");
        java.util.function.Function<String, Customer> lookup = no -> known.computeIfAbsent(no,
                k -> find(k).orElse(null));
        java.util.Map<String, Set<KeyAccountKind>> kinds = new java.util.HashMap<>();
        for (Customer c : List.copyOf(known.values())) {
            if (c != null && c.custNo().startsWith(prefix)) {
                kinds.put(c.custNo(), kinds97(c, lookup));
            }
        }
        return kinds;
    }

    public Optional<CustomerProfile> profile(String custNo) {
        return find(custNo).map(this::profile);
    }

    public CustomerProfile profile(Customer c) {
        Set<KeyAccountKind> kinds = kinds97(c);
        kinds.addAll(revenueKinds(c.custNo()));
        return new CustomerProfile(c, kinds, rules.grade(kinds), rules.keyAccount(kinds));
    }

    /** The kinds the 97 data give a customer (IMPORTANT, STRATEGIC, GROUP), without those from revenue. */
    public Set<KeyAccountKind> kinds97(Customer c) {
        return kinds97(c, no -> find(no).orElse(null));
    }

    private Set<KeyAccountKind> kinds97(Customer c, java.util.function.Function<String, Customer> lookup) {
        Set<KeyAccountKind> kinds = EnumSet.noneOf(KeyAccountKind.class);
        if ("10".equals(c.custClass())) {
            kinds.add(KeyAccountKind.IMPORTANT);
        }
        if (c.strategic()) {
            kinds.add(KeyAccountKind.STRATEGIC);
        }
        if (inGroup(c, lookup)) {
            kinds.add(KeyAccountKind.GROUP);
        }
        return kinds;
    }

    /** HIGH_VALUE or POTENTIAL from the customer's latest classified month (one primary-key lookup). */
    private Set<KeyAccountKind> revenueKinds(String custNo) {
        Set<KeyAccountKind> kinds = EnumSet.noneOf(KeyAccountKind.class);
        for (String text : jdbc.queryForList("SELECT kinds FROM customer_month WHERE cust_no = ?"
                + " ORDER BY bill_month DESC LIMIT 1", String.class, custNo)) {
            for (String k : text.split(",")) {
                if (REVENUE_KINDS.contains(k.trim())) {
                    kinds.add(KeyAccountKind.valueOf(k.trim()));
                }
            }
        }
        return kinds;
    }

    private static boolean inGroup(Customer c, java.util.function.Function<String, Customer> lookup) {
        Set<String> seen = new HashSet<>();
        Customer current = c;
        for (int depth = 0; current != null && depth <= MAX_PARENT_DEPTH && seen.add(current.custNo()); depth++) {
            if ("30".equals(current.custClass())) {
                return true;
            }
            current = current.parentCustNo() == null ? null : lookup.apply(current.parentCustNo());
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
