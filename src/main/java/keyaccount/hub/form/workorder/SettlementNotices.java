package keyaccount.hub.form.workorder;

import java.time.Instant;

/**
 * The work order's port to finance: "settle this completed order". Finance's adapter carries it
 * out after the work order's transaction (a settlement file on its FTP server).
 */
public interface SettlementNotices {

    void notice(String workOrderNo, String custNo, String orderNo, String serviceType, String orderType, Integer qty,
                Instant completedAt);
}
