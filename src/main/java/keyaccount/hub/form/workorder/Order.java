package keyaccount.hub.form.workorder;

import java.time.LocalDateTime;

/** An order as the 97 system accepted it (its YW_ORDER row, ICD §4, read by its adapter). */
public record Order(String orderNo, String custNo, String serviceType, String orderType, String slaLevel,
                    String aNet, String aAddr, String zNet, String zAddr, String rate, Integer qty,
                    LocalDateTime acceptTime) {}
