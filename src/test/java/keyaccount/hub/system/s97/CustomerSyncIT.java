package keyaccount.hub.system.s97;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Map;

import keyaccount.hub.customer.CustomerDirectory;
import keyaccount.hub.customer.CustomerProfile;
import keyaccount.hub.customer.KeyAccountKind;
import keyaccount.hub.test.FaultMessages;
import keyaccount.hub.test.HubIntegrationTest;
import keyaccount.hub.test.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The 97 system's customer master, read incrementally over JDBC into the store. */
class CustomerSyncIT extends HubIntegrationTest {
    @Autowired
    CustomerSync sync;
    @Autowired
    CustomerDirectory directory;

    @Test
    void customersAreCopiedWithTheirAttributesAndChangesFollowByUpdTime() throws Exception {
        String head = FaultMessages.custNo("SZ");
        String unit = FaultMessages.custNo("SZ");
        LocalDateTime t1 = TestEnvironment.next97Time();
        upsert(head, "苏州银行总行", "30", null, "N", "1", t1);
        upsert(unit, "苏州银行园区支行", "20", head, "Y", "1", t1);
        sync.sync();

        Map<String, Object> row = store.queryForMap("SELECT cust_name, cust_class, industry, local_net, parent_cust_no,"
                + " manager_no, strategic, status FROM customer WHERE cust_no = ?", unit);
        assertThat(row).containsEntry("cust_name", "苏州银行园区支行").containsEntry("cust_class", "20")
                .containsEntry("industry", "01").containsEntry("local_net", "SZ").containsEntry("parent_cust_no", head)
                .containsEntry("manager_no", "M042").containsEntry("strategic", true).containsEntry("status", "1");
        CustomerProfile p = directory.profile(unit).orElseThrow();
        assertThat(p.kinds()).containsExactlyInAnyOrder(KeyAccountKind.GROUP, KeyAccountKind.STRATEGIC);
        assertThat(p.grade()).isEqualTo("B");
        assertThat(sync.watermark()).isEqualTo(t1);

        // the 97 system changes one customer later: only that shows up, and the watermark moves
        LocalDateTime t2 = TestEnvironment.next97Time();
        upsert(unit, "苏州银行园区支行", "20", head, "Y", "9", t2);
        sync.sync();
        assertThat(store.queryForObject("SELECT status FROM customer WHERE cust_no = ?", String.class, unit)).isEqualTo("9");
        assertThat(sync.watermark()).isEqualTo(t2);
    }

    @Test
    void manyRowsWithOneUpdTimeAreAllReadAcrossPages() throws Exception {
        LocalDateTime same = TestEnvironment.next97Time();
        int n = 1234; // more than two pages of 500
        String prefix = "KM9" + String.format("%03d", FaultMessages.unique() % 1000);
        try (Connection c = ENV.s97(); PreparedStatement ps = c.prepareStatement("INSERT INTO KH_CUSTOMER (CUST_NO,"
                + " CUST_NAME, CUST_CLASS, INDUSTRY, LOCAL_NET, STRATEGIC, STATUS, UPD_TIME) VALUES (?, ?, '50', '06', 'KM', 'N', '1', ?)")) {
            for (int i = 0; i < n; i++) {
                ps.setString(1, prefix + String.format("%05d", i));
                ps.setString(2, "小商户" + i);
                ps.setTimestamp(3, Timestamp.valueOf(same));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        sync.sync();
        assertThat(store.queryForObject("SELECT COUNT(*) FROM customer WHERE cust_no LIKE ?", Integer.class, prefix + "%"))
                .isEqualTo(n);
    }

    private static void upsert(String custNo, String name, String custClass, String parent, String strategic,
                               String status, LocalDateTime updTime) {
        ENV.customer97(custNo, name, custClass, "01", parent, "M042", strategic, status, updTime);
    }
}
