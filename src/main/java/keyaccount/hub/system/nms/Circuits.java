package keyaccount.hub.system.nms;

import java.util.List;

import javax.sql.DataSource;

import keyaccount.hub.config.DataSourceConfig;
import keyaccount.hub.customer.CustomerCircuits;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The network's circuit inventory (RES_CIRCUIT, ICD §3), read over its own JDBC connection. */
@Component
public class Circuits implements CustomerCircuits {
    private final JdbcTemplate nms;

    public Circuits(@Qualifier(DataSourceConfig.NMS) DataSource nms) {
        this.nms = new JdbcTemplate(nms);
    }

    /** A customer's circuits in service (STATUS 1). */
    @Override
    public List<Circuit> inService(String custNo) {
        return nms.query("SELECT CIRCUIT_NO, CUST_NO, SERVICE_TYPE, RATE, A_END, Z_END FROM RES_CIRCUIT"
                        + " WHERE CUST_NO = ? AND STATUS = '1' ORDER BY CIRCUIT_NO",
                (rs, n) -> new Circuit(rs.getString(1), rs.getString(2), trim(rs.getString(3)), trim(rs.getString(4)),
                        rs.getString(5), rs.getString(6)), custNo);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
