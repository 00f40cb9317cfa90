package keyaccount.hub.system.s97;

import java.util.List;
import java.util.Optional;

import keyaccount.hub.form.workorder.WorkOrderService;
import keyaccount.hub.form.workorder.Order;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Takes new orders from the 97 system (route s97-order-poll). The 97 database and the store are
 * separate, so the order is first recorded in the store, idempotently by ORDER_NO, and only then
 * marked taken (1) in the 97 system: a crash in between leaves the order at 0, and the next poll
 * finds it recorded and only marks it. Two instances polling at once cannot both record it (the
 * store's unique ORDER_NO), and normally do not even try (route s97-order-poll runs on the
 * leading instance only: its route policy, hubSingleton).
 */
@Component
public class OrderPoller {
    private static final Logger log = LoggerFactory.getLogger(OrderPoller.class);

    private final S97Orders orders;
    private final WorkOrderService workOrders;
    private final CustomerSync customerSync;
    private final int batch;

    public OrderPoller(S97Orders orders, WorkOrderService workOrders, CustomerSync customerSync,
                       @Value("${hub.orders.batch-size:100}") int batch) {
        this.orders = orders;
        this.workOrders = workOrders;
        this.customerSync = customerSync;
        this.batch = batch;
    }

    /** Takes what is new; returns how many orders were taken. Route s97-order-poll. */
    public int poll() {
        List<Order> fresh = orders.fresh(batch);
        boolean synced = false;
        int taken = 0;
        for (Order o : fresh) {
            MDC.put("messageId", "97:" + o.orderNo());
            try {
                Optional<String> problem = workOrders.problem(o);
                if (problem.isPresent() && problem.get().startsWith("unknown customer") && !synced) {
                    customerSync.sync(); // a customer new in the 97 system may not have reached the store yet
                    synced = true;
                    problem = workOrders.problem(o);
                }
                try {
                    workOrders.take(o, problem.orElse(null));
                } catch (DuplicateKeyException e) {
                    log.info("order {} was recorded by another instance a moment ago", o.orderNo());
                }
                orders.markTaken(o.orderNo());
                taken++;
            } catch (RuntimeException e) {
                log.error("order {} not taken this time; tried again at the next poll", o.orderNo(), e);
            } finally {
                MDC.remove("messageId");
                MDC.remove("formNo");
            }
        }
        return taken;
    }
}
