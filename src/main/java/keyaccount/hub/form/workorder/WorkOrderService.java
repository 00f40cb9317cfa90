package keyaccount.hub.form.workorder;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.BadMessageException;
import keyaccount.hub.core.alarm.DeadlineAlarms;
import keyaccount.hub.core.form.Form;
import keyaccount.hub.core.form.FormStore;
import keyaccount.hub.core.inbound.InboundLog;
import keyaccount.hub.core.inbound.InboundLog.Outcome;
import keyaccount.hub.core.numbering.FormNumbers;
import keyaccount.hub.core.reference.ServiceTypes;
import keyaccount.hub.core.reference.WorkOrderTables;
import keyaccount.hub.customer.Churn;
import keyaccount.hub.customer.CustomerDirectory;
import keyaccount.hub.customer.CustomerProfile;
import keyaccount.hub.form.workorder.WorkOrders.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The order-to-acceptance loop (工单): an order taken from the 97 system becomes a work order whose
 * stations work in parallel; each returns its task normally or with an exception (异常返单) that
 * sends it back for re-dispatch; when every station is done the customer's acceptance is the last
 * task; then the 97 system hears the order is done (2) or failed (3).
 */
@Service
public class WorkOrderService {
    private static final Logger log = LoggerFactory.getLogger(WorkOrderService.class);
    public static final String WORK_ORDER = "WORK_ORDER";
    public static final String STATION_TASK = "STATION_TASK";
    public static final String ACCEPTANCE = "ACCEPTANCE";
    static final String RETURN_SOURCE = Queues.NMS_WORKORDER_RETURN;

    /** Work order states. */
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String AWAITING_ACCEPTANCE = "AWAITING_ACCEPTANCE";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    /** Station task states. */
    public static final String DISPATCHED = "DISPATCHED";
    public static final String CANCELLED = "CANCELLED";

    /**
     * The station task's state machine: (state, result) → state. EXCEPTION keeps the task
     * DISPATCHED (re-dispatched); nothing moves a COMPLETED or CANCELLED task.
     */
    private static final Map<String, String> TASK_TRANSITIONS = Map.of(
            DISPATCHED + "+COMPLETED", COMPLETED,
            DISPATCHED + "+EXCEPTION", DISPATCHED);

    /** Short station codes in task numbers, which are form numbers (at most 30 characters). */
    private static final Map<String, String> STATION_CODES = Map.of("LOCAL", "L", "PROVINCE", "P",
            "INTER_PROVINCE", "IP", "FAR_PROVINCE", "FP", "FAR_LOCAL", "FL", ACCEPTANCE, "A");

    private final FormStore forms;
    private final WorkOrders workOrders;
    private final FormNumbers numbers;
    private final InboundLog inbound;
    private final StationTasks stationTasks;
    private final DeadlineAlarms deadlines;
    private final CustomerDirectory customers;
    private final WorkOrderTables tables;
    private final ServiceTypes serviceTypes;
    private final SettlementNotices settlements;
    private final OrderOutcomes outcomes;
    private final Churn churn;
    private final Clock clock;
    private final int maxExceptions;

    public WorkOrderService(FormStore forms, WorkOrders workOrders, FormNumbers numbers, InboundLog inbound,
                            StationTasks stationTasks, DeadlineAlarms deadlines, CustomerDirectory customers,
                            WorkOrderTables tables, ServiceTypes serviceTypes,
                            SettlementNotices settlements, OrderOutcomes outcomes, Churn churn, Clock clock,
                            @Value("${hub.workorder.max-exceptions:3}") int maxExceptions) {
        this.forms = forms;
        this.workOrders = workOrders;
        this.numbers = numbers;
        this.inbound = inbound;
        this.stationTasks = stationTasks;
        this.deadlines = deadlines;
        this.customers = customers;
        this.tables = tables;
        this.serviceTypes = serviceTypes;
        this.settlements = settlements;
        this.outcomes = outcomes;
        this.churn = churn;
        this.clock = clock;
        this.maxExceptions = maxExceptions;
    }

    /** Why an order cannot become a work order, or empty. Unknown customers may only be late in the store. */
    public Optional<String> problem(Order o) {
        if (customers.find(o.custNo()).isEmpty()) {
            return Optional.of("unknown customer " + o.custNo());
        }
        if (!serviceTypes.known(o.serviceType())) {
            return Optional.of("unknown service type " + o.serviceType());
        }
        if (!tables.knownLocalNet(o.aNet())) {
            return Optional.of("unknown local net A_NET=" + o.aNet());
        }
        if (o.zNet() != null && !tables.knownLocalNet(o.zNet())) {
            return Optional.of("unknown local net Z_NET=" + o.zNet());
        }
        return Optional.empty();
    }

    /**
     * Records an order as a work order, once: an order already recorded (the hub died before
     * marking it taken in the 97 system, or another instance took it) is left as it is.
     * @return the work order number, new or earlier
     */
    @Transactional
    public String take(Order o, String problem) {
        Optional<String> earlier = workOrders.byOrderNo(o.orderNo());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String woNo = numbers.next("WO");
        MDC.put("formNo", woNo);
        Optional<CustomerProfile> customer = customers.profile(o.custNo());
        String grade = customer.map(CustomerProfile::grade).orElse("C");
        boolean keyAccount = customer.map(CustomerProfile::keyAccount).orElse(false);
        String managerNo = customer.map(c -> c.customer().managerNo()).orElse(null);
        Instant now = clock.instant();
        List<String> stations = problem == null ? tables.stations(o.aNet(), o.zNet()) : List.of();

        if (problem != null) {
            Form form = forms.create(woNo, WORK_ORDER, FAILED, o.custNo(), grade, keyAccount, "ORDER", "s97", o.orderNo(),
                    "order " + o.orderNo() + " refused: " + problem, true);
            workOrders.insertOrder(woNo, o, managerNo, "");
            outcomes.abandoned(o.orderNo());
            log.warn("order {} refused as {}: {}", o.orderNo(), woNo, problem);
            return woNo;
        }
        Form form = forms.create(woNo, WORK_ORDER, IN_PROGRESS, o.custNo(), grade, keyAccount, "ORDER", "s97",
                o.orderNo(), "order " + o.orderNo() + " " + o.orderType(), false);
        workOrders.insertOrder(woNo, o, managerNo, String.join(",", stations));
        Instant accepted = o.acceptTime() == null ? now : o.acceptTime().atZone(clock.getZone()).toInstant();
        form = deadlines.setClock(form, accepted, accepted.plus(tables.opening(o.slaLevel(), grade, o.serviceType())));
        for (String station : stations) {
            if (!ACCEPTANCE.equals(station)) {
                dispatchNew(form, o, managerNo, station);
            }
        }
        if ("TERMINATE".equals(o.orderType())) {
            churn.leaving(o.custNo(), "TERMINATE order " + o.orderNo(), woNo);
        }
        log.info("order {} taken as {}: stations {}", o.orderNo(), woNo, stations);
        return woNo;
    }

    /** Handles one StationReturn. */
    @Transactional
    public void stationReturn(String taskNo, String result, OffsetDateTime at, String circuitNo, String exceptionCode,
                              String note, String messageId) {
        Task known = workOrders.task(taskNo).orElseThrow(() -> new BadMessageException("unknown station task " + taskNo));
        MDC.put("formNo", known.workOrderNo());
        // the work order's row serialises all returns of its stations
        Form wo = forms.lock(known.workOrderNo()).orElseThrow();
        Form taskForm = forms.lock(taskNo).orElseThrow();
        Task task = workOrders.task(taskNo).orElseThrow();
        String step = result + (exceptionCode == null ? "" : " " + exceptionCode);
        String key = taskNo + "|" + result + "|" + at.toInstant() + "|" + (exceptionCode == null ? "" : exceptionCode);
        if (!inbound.claim(RETURN_SOURCE, key)) {
            inbound.trace(taskNo, RETURN_SOURCE, messageId, step, Outcome.DUPLICATE, null);
            return;
        }
        inbound.bind(RETURN_SOURCE, key, taskNo);
        String to = TASK_TRANSITIONS.get(taskForm.state() + "+" + result);
        if (to == null || at.toInstant().isBefore(task.roundStartedAt())) {
            inbound.trace(taskNo, RETURN_SOURCE, messageId, step, Outcome.STALE,
                    to == null ? "task is " + taskForm.state() : "before the task's re-dispatch");
            return;
        }
        inbound.trace(taskNo, RETURN_SOURCE, messageId, step, Outcome.APPLIED, note);
        if (COMPLETED.equals(to)) {
            completed(wo, taskForm, task, at.toInstant(), circuitNo, note, messageId);
        } else {
            exception(wo, taskForm, task, at.toInstant(), exceptionCode, note, messageId);
        }
    }

    private void completed(Form wo, Form taskForm, Task task, Instant at, String circuitNo, String note, String messageId) {
        workOrders.completeTask(task.taskNo(), at, circuitNo);
        forms.transition(taskForm, COMPLETED, "COMPLETED", task.station(), messageId, note, true);
        WorkOrders.WorkOrder order = workOrders.order(wo.formNo()).orElseThrow();
        if (ACCEPTANCE.equals(task.station())) {
            wo = forms.transition(wo, COMPLETED, "ACCEPTED_BY_CUSTOMER", "customer", messageId, note, true);
            workOrders.done(wo.formNo(), clock.instant());
            outcomes.completed(order.orderNo(), LocalDateTime.ofInstant(clock.instant(), clock.getZone()).withNano(0));
            settlements.notice(wo.formNo(), wo.custNo(), order.orderNo(), order.serviceType(), order.orderType(),
                    order.qty(), at);
            log.info("work order {} completed", wo.formNo());
            return;
        }
        List<Task> tasks = workOrders.tasks(wo.formNo());
        boolean allStationsDone = tasks.stream().filter(t -> !ACCEPTANCE.equals(t.station()))
                .allMatch(t -> t.completedAt() != null);
        boolean acceptanceSent = tasks.stream().anyMatch(t -> ACCEPTANCE.equals(t.station()));
        if (allStationsDone && !acceptanceSent) {
            wo = forms.transition(wo, AWAITING_ACCEPTANCE, "STATIONS_DONE", "hub", messageId, null, false);
            dispatchNew(wo, order.asOrder(), order.managerNo(), ACCEPTANCE);
        }
    }

    private void exception(Form wo, Form taskForm, Task task, Instant at, String code, String note, String messageId) {
        int exceptions = task.dispatchCount(); // dispatches so far = exceptions + 1
        workOrders.exception(task.taskNo(), at, code, note);
        forms.transition(taskForm, DISPATCHED, "EXCEPTION", task.station(), messageId,
                "异常返单 " + (code == null ? "" : code) + (note == null ? "" : ": " + note), false);
        if (exceptions >= maxExceptions) {
            fail(wo, "station " + task.station() + " returned " + exceptions + " exceptions (last " + code + ")", messageId);
            return;
        }
        WorkOrders.WorkOrder order = workOrders.order(wo.formNo()).orElseThrow();
        send(wo, order.asOrder(), order.managerNo(), workOrders.task(task.taskNo()).orElseThrow(), taskForm.deadline());
    }

    /** An operator cancels a work order still in progress: its open tasks are cancelled, the 97 system gets 3. */
    @Transactional
    public void cancel(String woNo, String reason, String operator) {
        MDC.put("formNo", woNo);
        Form wo = forms.lock(woNo).filter(f -> WORK_ORDER.equals(f.formType()))
                .orElseThrow(() -> keyaccount.hub.core.InvalidRequestException.of("workOrderNo", "no work order " + woNo));
        if (!wo.open()) {
            throw keyaccount.hub.core.InvalidRequestException.of("workOrderNo", woNo + " has ended (" + wo.state() + ")");
        }
        end(wo, CANCELLED, "CANCELLED", operator, null, "cancelled by " + operator + ": " + reason);
    }

    private void fail(Form wo, String reason, String messageId) {
        end(wo, FAILED, "FAILED", "hub", messageId, reason);
    }

    private void end(Form wo, String state, String event, String by, String messageId, String reason) {
        for (Task t : workOrders.tasks(wo.formNo())) {
            if (t.completedAt() == null) {
                forms.lock(t.taskNo()).filter(Form::open).ifPresent(f ->
                        forms.transition(f, CANCELLED, "WORK_ORDER_" + state, by, messageId, reason, true));
            }
        }
        wo = forms.transition(wo, state, event, by, messageId, reason, true);
        workOrders.done(wo.formNo(), clock.instant());
        outcomes.abandoned(workOrders.order(wo.formNo()).orElseThrow().orderNo());
        log.warn("work order {} {}: {}", wo.formNo(), state.toLowerCase(), reason);
    }

    private void dispatchNew(Form wo, Order o, String managerNo, String station) {
        String taskNo = taskNo(wo.formNo(), station);
        Instant now = clock.instant();
        Form task = forms.create(taskNo, STATION_TASK, DISPATCHED, wo.custNo(), wo.grade(), wo.keyAccount(), "DISPATCH",
                "hub", null, station, false);
        task = deadlines.setClock(task, now, now.plus(tables.station(station)));
        workOrders.insertTask(taskNo, wo.formNo(), station, now);
        send(wo, o, managerNo, workOrders.task(taskNo).orElseThrow(), task.deadline());
    }

    private void send(Form wo, Order o, String managerNo, Task task, Instant deadline) {
        stationTasks.dispatch(wo, task, o, requirement(o), managerNo,
                deadline == null ? null : deadline.atZone(clock.getZone()).toOffsetDateTime());
    }

    public static String taskNo(String woNo, String station) {
        return woNo + "-" + STATION_CODES.getOrDefault(station, station);
    }

    static String requirement(Order o) {
        return o.orderType() + " " + o.serviceType() + " " + (o.rate() == null ? "" : o.rate()) + " x"
                + (o.qty() == null ? 1 : o.qty()) + ": A " + o.aNet() + " " + (o.aAddr() == null ? "" : o.aAddr())
                + (o.zNet() == null ? "" : "; Z " + o.zNet() + " " + (o.zAddr() == null ? "" : o.zAddr()));
    }
}
