package keyaccount.hub.form.workorder;

import static keyaccount.hub.core.db.Timestamps.instant;
import static keyaccount.hub.core.db.Timestamps.ts;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import keyaccount.hub.core.form.FormDetails;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Tables work_order and station_task. Callers lock the work order's hub_form row first. */
@Component
public class WorkOrders implements FormDetails {
    private final JdbcTemplate jdbc;

    public WorkOrders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record WorkOrder(String workOrderNo, String orderNo, String custNo, String serviceType, String orderType,
                            String slaLevel, String aNet, String aAddr, String zNet, String zAddr, String rate,
                            Integer qty, LocalDateTime acceptTime, String managerNo, List<String> stations) {
        Order asOrder() {
            return new Order(orderNo, custNo, serviceType, orderType, slaLevel, aNet, aAddr, zNet, zAddr, rate, qty,
                    acceptTime);
        }
    }

    public record Task(String taskNo, String workOrderNo, String station, Instant roundStartedAt, int dispatchCount,
                       String exceptionCode, String exceptionNote, String circuitNo, Instant completedAt) {}

    public Optional<String> byOrderNo(String orderNo) {
        return jdbc.queryForList("SELECT work_order_no FROM work_order WHERE order_no = ?", String.class, orderNo)
                .stream().findFirst();
    }

    void insertOrder(String woNo, Order o, String managerNo, String stations) {
        jdbc.update("INSERT INTO work_order (work_order_no, order_no, cust_no, service_type, order_type, sla_level, a_net,"
                        + " a_addr, z_net, z_addr, rate, qty, accept_time, manager_no, stations)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                woNo, o.orderNo(), o.custNo(), o.serviceType(), o.orderType(), o.slaLevel(), o.aNet(), o.aAddr(), o.zNet(),
                o.zAddr(), o.rate(), o.qty(), o.acceptTime() == null ? null : Timestamp.valueOf(o.acceptTime()), managerNo,
                stations);
    }

    public Optional<WorkOrder> order(String woNo) {
        return jdbc.query("SELECT * FROM work_order WHERE work_order_no = ?", (rs, n) -> {
            Timestamp accepted = rs.getTimestamp("accept_time");
            int qty = rs.getInt("qty");
            Integer q = rs.wasNull() ? null : qty;
            String stations = rs.getString("stations");
            return new WorkOrder(rs.getString("work_order_no"), rs.getString("order_no"), rs.getString("cust_no"),
                    rs.getString("service_type"), rs.getString("order_type"), rs.getString("sla_level"),
                    rs.getString("a_net"), rs.getString("a_addr"), rs.getString("z_net"), rs.getString("z_addr"),
                    rs.getString("rate"), q, accepted == null ? null : accepted.toLocalDateTime(),
                    rs.getString("manager_no"), stations == null || stations.isBlank() ? List.of()
                            : Arrays.asList(stations.split(",")));
        }, woNo).stream().findFirst();
    }

    void insertTask(String taskNo, String woNo, String station, Instant now) {
        jdbc.update("INSERT INTO station_task (task_no, work_order_no, station, round_started_at, dispatch_count)"
                + " VALUES (?, ?, ?, ?, 1)", taskNo, woNo, station, ts(now));
    }

    public Optional<Task> task(String taskNo) {
        return jdbc.query("SELECT * FROM station_task WHERE task_no = ?", (rs, n) -> mapTask(rs), taskNo).stream().findFirst();
    }

    public List<Task> tasks(String woNo) {
        return jdbc.query("SELECT * FROM station_task WHERE work_order_no = ? ORDER BY task_no", (rs, n) -> mapTask(rs), woNo);
    }

    void completeTask(String taskNo, Instant at, String circuitNo) {
        jdbc.update("UPDATE station_task SET completed_at = ?, circuit_no = ? WHERE task_no = ?", ts(at), circuitNo, taskNo);
    }

    /** An exception return: a new dispatch round starts at its time. */
    void exception(String taskNo, Instant at, String code, String note) {
        jdbc.update("UPDATE station_task SET round_started_at = ?, dispatch_count = dispatch_count + 1,"
                + " exception_code = ?, exception_note = ? WHERE task_no = ?", ts(at), code, note, taskNo);
    }

    void done(String woNo, Instant at) {
        jdbc.update("UPDATE work_order SET done_at = ? WHERE work_order_no = ?", ts(at), woNo);
    }

    private static Task mapTask(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Task(rs.getString("task_no"), rs.getString("work_order_no"), rs.getString("station"),
                instant(rs, "round_started_at"), rs.getInt("dispatch_count"), rs.getString("exception_code"),
                rs.getString("exception_note"), rs.getString("circuit_no"), instant(rs, "completed_at"));
    }

    @Override
    public String formType() {
        return WorkOrderService.WORK_ORDER;
    }

    /** The order, each station with its state, and progress as the share of stations done. */
    @Override
    public Optional<Map<String, Object>> details(String woNo) {
        return order(woNo).map(o -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("orderNo", o.orderNo());
            d.put("orderType", o.orderType());
            d.put("serviceType", o.serviceType());
            d.put("slaLevel", o.slaLevel());
            d.put("aNet", o.aNet());
            d.put("zNet", o.zNet());
            d.put("requirement", WorkOrderService.requirement(o.asOrder()));
            List<Map<String, Object>> stations = new ArrayList<>();
            Map<String, Task> byStation = new LinkedHashMap<>();
            tasks(woNo).forEach(t -> byStation.put(t.station(), t));
            int done = 0;
            for (String station : o.stations()) {
                Task t = byStation.get(station);
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("station", station);
                s.put("taskNo", t == null ? null : t.taskNo());
                String state = t == null ? "WAITING" : jdbc.queryForObject(
                        "SELECT state FROM hub_form WHERE form_no = ?", String.class, t.taskNo());
                s.put("state", state);
                s.put("dispatchCount", t == null ? 0 : t.dispatchCount());
                s.put("lastException", t == null ? null : t.exceptionCode());
                s.put("completedAt", t == null ? null : t.completedAt());
                if (t != null && t.completedAt() != null) {
                    done++;
                }
                stations.add(s);
            }
            d.put("stations", stations);
            d.put("progress", o.stations().isEmpty() ? 0.0 : Math.round(1000.0 * done / o.stations().size()) / 1000.0);
            return d;
        });
    }
}
