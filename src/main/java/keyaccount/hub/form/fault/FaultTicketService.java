package keyaccount.hub.form.fault;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import keyaccount.hub.config.HubProperties;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.BadMessageException;
import keyaccount.hub.core.alarm.DeadlineAlarms;
import keyaccount.hub.core.form.Form;
import keyaccount.hub.core.form.FormStore;
import keyaccount.hub.core.inbound.InboundLog;
import keyaccount.hub.core.inbound.InputRules;
import keyaccount.hub.core.inbound.InboundLog.Outcome;
import keyaccount.hub.core.numbering.FormNumbers;
import keyaccount.hub.core.reference.FaultRepairTable;
import keyaccount.hub.core.reference.ServiceTypes;
import keyaccount.hub.customer.CustomerDirectory;
import keyaccount.hub.customer.CustomerProfile;
import keyaccount.hub.form.fault.FaultTransitions.Event;
import keyaccount.hub.form.fault.FaultTransitions.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The fault ticket's closed loop (故障单): call center report → ticket → dispatch to network
 * management → diagnosis, dispatch, repair (or exception and re-dispatch) → replies to the call
 * center at each stage → closed after a quiet period. Each inbound message is handled in one
 * store transaction that takes its idempotency key, moves the ticket by the transition table,
 * and says what it causes outside through its ports (FaultReplies, FaultDispatches), which the
 * call center's and the network's adapters carry out through the outbox.
 */
@Service
public class FaultTicketService {
    private static final Logger log = LoggerFactory.getLogger(FaultTicketService.class);
    public static final String FORM_TYPE = "FAULT_TICKET";
    static final String REPORT_SOURCE = Queues.CC_FAULT_REPORT;
    static final String RETURN_SOURCE = Queues.NMS_FAULT_RETURN;
    private static final String HUB = "hub";
    private static final String NMS = "nms";

    private final FormStore forms;
    private final FaultTickets tickets;
    private final FormNumbers numbers;
    private final InboundLog inbound;
    private final FaultReplies replies;
    private final FaultDispatches dispatches;
    private final DeadlineAlarms deadlines;
    private final CustomerDirectory customers;
    private final FaultRepairTable repairTable;
    private final ServiceTypes serviceTypes;
    private final TransactionTemplate tx;
    private final InputRules inputRules;
    private final Clock clock;
    private final HubProperties.Fault settings;

    public FaultTicketService(FormStore forms, FaultTickets tickets, FormNumbers numbers, InboundLog inbound,
                              FaultReplies replies, FaultDispatches dispatches, DeadlineAlarms deadlines, CustomerDirectory customers,
                              FaultRepairTable repairTable, ServiceTypes serviceTypes, TransactionTemplate tx,
                              InputRules inputRules, Clock clock, HubProperties props) {
        this.inputRules = inputRules;
        this.forms = forms;
        this.tickets = tickets;
        this.numbers = numbers;
        this.inbound = inbound;
        this.replies = replies;
        this.dispatches = dispatches;
        this.deadlines = deadlines;
        this.customers = customers;
        this.repairTable = repairTable;
        this.serviceTypes = serviceTypes;
        this.tx = tx;
        this.clock = clock;
        this.settings = props.fault();
    }

    // ---------------------------------------------------------------- reports from the call center

    /** Handles one FaultReport; returns the ticket number it belongs to. */
    @Transactional
    public String report(FaultReport r, String messageId) {
        if (!serviceTypes.known(r.serviceType())) {
            throw new BadMessageException("invalid FaultReport: ServiceType " + r.serviceType() + " is not a known service type");
        }
        if (!inbound.claim(REPORT_SOURCE, r.reportNo())) {
            return resent(r, messageId);
        }
        Optional<CustomerProfile> customer = customers.profile(r.custNo());
        List<String> refused = new ArrayList<>();
        if (customer.isEmpty()) {
            refused.add("unknown customer " + r.custNo());
        }
        inputRules.timeProblem("ReportedAt", r.reportedAt()).ifPresent(refused::add);
        Optional<FaultTickets.ActiveTicket> active = Optional.empty();
        if (r.circuitNo() != null) {
            tickets.lockCircuit(r.circuitNo());
            active = tickets.activeOnCircuit(r.circuitNo());
            // a circuit names its customer: the network's inventory says whose it is, else its open ticket does
            Optional<String> owner = tickets.inventoryOwner(r.circuitNo());
            if (owner.isPresent() && !owner.get().equals(r.custNo())) {
                refused.add("circuit " + r.circuitNo() + " belongs to another customer in the network's inventory");
            } else if (owner.isEmpty() && active.isPresent() && !active.get().custNo().equals(r.custNo())) {
                refused.add("circuit " + r.circuitNo() + " belongs to another customer (open ticket "
                        + active.get().ticketNo() + ")");
            }
        }
        String ticketNo;
        if (!refused.isEmpty()) {
            ticketNo = reject(r, messageId, String.join("; ", refused));
        } else if (active.isPresent() && active.get().custNo().equals(r.custNo())) {
            ticketNo = sameCircuit(active.get().ticketNo(), r, messageId);
        } else {
            ticketNo = open(r, customer.get(), messageId);
        }
        inbound.bind(REPORT_SOURCE, r.reportNo(), ticketNo);
        return ticketNo;
    }

    private String open(FaultReport r, CustomerProfile customer, String messageId) {
        String ticketNo = numbers.next("FT");
        MDC.put("formNo", ticketNo);
        Form form = forms.create(ticketNo, FORM_TYPE, State.ACCEPTED.name(), r.custNo(), customer.grade(),
                customer.keyAccount(), "REPORT", "callcenter", messageId, "report " + r.reportNo(), false);
        FaultTicket t = FaultTicket.fromReport(ticketNo, r);
        t.dispatchCount = 1;
        tickets.insert(t);
        form = deadlines.setClock(form, t.reportedAt, t.reportedAt.plus(
                repairTable.limit(form.grade(), t.serviceType, null)));
        inbound.trace(ticketNo, REPORT_SOURCE, messageId, "REPORT " + r.reportNo(), Outcome.APPLIED, null);
        reply(form, t, r.reportNo(), "受理成功");
        dispatch(form, t);
        return ticketNo;
    }

    private String reject(FaultReport r, String messageId, String reason) {
        String ticketNo = numbers.next("FT");
        MDC.put("formNo", ticketNo);
        Form form = forms.create(ticketNo, FORM_TYPE, State.REJECTED.name(), r.custNo(), null, false,
                "REJECT", HUB, messageId, reason, true);
        FaultTicket t = FaultTicket.fromReport(ticketNo, r);
        t.reason = reason;
        tickets.insert(t);
        inbound.trace(ticketNo, REPORT_SOURCE, messageId, "REPORT " + r.reportNo(), Outcome.REJECTED, reason);
        reply(form, t, r.reportNo(), "拒绝受理: " + reason);
        log.info("fault report {} rejected as {}: {}", r.reportNo(), ticketNo, reason);
        return ticketNo;
    }

    /** A new report (another ReportNo) on a circuit that already has a ticket. */
    private String sameCircuit(String ticketNo, FaultReport r, String messageId) {
        MDC.put("formNo", ticketNo);
        Form form = forms.lock(ticketNo).orElseThrow();
        FaultTicket t = tickets.find(ticketNo).orElseThrow();
        State state = State.valueOf(form.state());
        if (state == State.RESOLVED) {
            // the fault came back within the quiet period: reopen, new cycle, new clock
            form = forms.newCycle(form);
            form = forms.transition(form, State.ACCEPTED.name(), Event.REOPEN.name(), "callcenter", messageId,
                    "report " + r.reportNo(), false);
            t.reportNo = r.reportNo();
            t.reportedAt = r.reportedAt().toInstant();
            t.roundStartedAt = t.reportedAt;
            t.lastStepAt = null;
            t.faultType = null;
            t.station = null;
            t.resolvedAt = null;
            t.autoCloseAt = null;
            t.inProgressReplied = false;
            t.dispatchCount++;
            tickets.update(t);
            form = deadlines.setClock(form, t.reportedAt,
                    t.reportedAt.plus(repairTable.limit(form.grade(), t.serviceType, null)));
            inbound.trace(ticketNo, REPORT_SOURCE, messageId, "REPORT " + r.reportNo(), Outcome.APPLIED, "reopened");
            reply(form, t, r.reportNo(), "故障复发, 原故障单已重新受理");
            dispatch(form, t);
        } else {
            // already being handled: the same fault reported again from another desk
            inbound.trace(ticketNo, REPORT_SOURCE, messageId, "REPORT " + r.reportNo(), Outcome.RECORDED,
                    "same circuit as the open ticket");
            reply(form, t, r.reportNo(), "该电路故障已在处理中");
        }
        return ticketNo;
    }

    /**
     * The same ReportNo again: the call center missed our reply. Answer again, open nothing. Unless
     * it is the very message already applied, redelivered by the broker (the hub died between the
     * store's commit and the broker's): its reply is in the outbox already, so nothing is sent twice.
     * The broker's delivery count cannot tell (it is not kept across a broker restart); the message
     * id can: a resend from the call center is a new message with an id of its own.
     */
    private String resent(FaultReport r, String messageId) {
        String ticketNo = inbound.formOf(REPORT_SOURCE, r.reportNo())
                .orElseThrow(() -> new IllegalStateException("report " + r.reportNo() + " taken but bound to no ticket"));
        MDC.put("formNo", ticketNo);
        if (inbound.traced(ticketNo, REPORT_SOURCE, messageId)) {
            log.info("fault report {} redelivered after its effect was committed; already answered", r.reportNo());
            return ticketNo;
        }
        Form form = forms.lock(ticketNo).orElseThrow();
        FaultTicket t = tickets.find(ticketNo).orElseThrow();
        inbound.trace(ticketNo, REPORT_SOURCE, messageId, "REPORT " + r.reportNo(), Outcome.DUPLICATE, "resent");
        String message = State.valueOf(form.state()) == State.REJECTED ? "拒绝受理: " + t.reason : "重复申告, 已受理";
        reply(form, t, r.reportNo(), message);
        log.info("fault report {} resent; answered with ticket {}", r.reportNo(), ticketNo);
        return ticketNo;
    }

    // ---------------------------------------------------------------- returns from network management

    /** Handles one FaultReturn. */
    @Transactional
    public void onReturn(FaultReturn ret, String messageId) {
        MDC.put("formNo", ret.ticketNo());
        Form form = forms.lock(ret.ticketNo())
                .filter(f -> FORM_TYPE.equals(f.formType()))
                .orElseThrow(() -> new BadMessageException("unknown fault ticket " + ret.ticketNo()));
        String step = ret.step().name();
        if (!inbound.claim(RETURN_SOURCE, ret.dedupeKey())) {
            inbound.trace(form.formNo(), RETURN_SOURCE, messageId, step, Outcome.DUPLICATE, null);
            log.info("duplicate {} return for {} ignored", step, form.formNo());
            return;
        }
        inbound.bind(RETURN_SOURCE, ret.dedupeKey(), form.formNo());
        FaultTicket t = tickets.find(form.formNo()).orElseThrow();
        State state = State.valueOf(form.state());
        Instant at = ret.at().toInstant();

        if (state.terminal() || at.isBefore(t.roundStartedAt)) {
            inbound.trace(form.formNo(), RETURN_SOURCE, messageId, step, Outcome.STALE,
                    state.terminal() ? "ticket is " + state : "before the current dispatch round");
            return;
        }
        if (ret.step() == FaultReturn.Step.DIAGNOSED) {
            form = diagnosed(form, t, ret);
        }
        if (ret.step() == FaultReturn.Step.DISPATCHED) {
            t.station = ret.station();
        }
        if (ret.step() == FaultReturn.Step.EXCEPTION && t.lastStepAt != null && at.isBefore(t.lastStepAt)) {
            // an exception older than a step already applied in this round: overtaken, not acted on
            tickets.update(t);
            inbound.trace(form.formNo(), RETURN_SOURCE, messageId, step, Outcome.STALE, "older than the latest step");
            return;
        }
        Event event = switch (ret.step()) {
            case DIAGNOSED -> "NO_FAULT".equals(ret.faultType()) ? Event.NO_FAULT : Event.DIAGNOSED;
            case DISPATCHED -> Event.DISPATCHED;
            case REPAIRED -> Event.REPAIRED;
            case EXCEPTION -> Event.EXCEPTION;
        };
        Optional<State> next = FaultTransitions.next(state, event);
        if (next.isEmpty()) {
            tickets.update(t);
            inbound.trace(form.formNo(), RETURN_SOURCE, messageId, step, Outcome.RECORDED,
                    "does not move a ticket in state " + state);
            return;
        }
        if (t.lastStepAt == null || at.isAfter(t.lastStepAt)) {
            t.lastStepAt = at;
        }
        apply(form, t, state, next.get(), event, ret, messageId);
        inbound.trace(form.formNo(), RETURN_SOURCE, messageId, step, Outcome.APPLIED, ret.note());
    }

    private Form diagnosed(Form form, FaultTicket t, FaultReturn ret) {
        if ("NO_FAULT".equals(ret.faultType()) || ret.faultType().equals(t.faultType)) {
            return form;
        }
        t.faultType = ret.faultType();
        if (form.clockStartedAt() != null) {
            // the repair limit may depend on the fault type (e.g. 2M circuit, equipment fault)
            Instant deadline = form.clockStartedAt().plus(repairTable.limit(form.grade(), t.serviceType, t.faultType));
            if (!deadline.equals(form.deadline())) {
                form = deadlines.setClock(form, form.clockStartedAt(), deadline);
            }
        }
        return form;
    }

    private void apply(Form form, FaultTicket t, State from, State to, Event event, FaultReturn ret, String messageId) {
        String note = ret.note();
        switch (event) {
            case DIAGNOSED, DISPATCHED -> {
                form = forms.transition(form, to.name(), event.name(), NMS, messageId, note, false);
                if (!t.inProgressReplied) {
                    t.inProgressReplied = true;
                    reply(form, t, t.reportNo, "处理中");
                }
            }
            case REPAIRED -> {
                form = forms.transition(form, to.name(), event.name(), NMS, messageId, note, false);
                deadlines.stopClock(form);
                t.resolvedAt = ret.at().toInstant();
                t.autoCloseAt = clock.instant().plus(settings.quietPeriod());
                reply(form, t, t.reportNo, "已修复");
            }
            case NO_FAULT -> {
                t.reason = "no fault found" + (note == null ? "" : ": " + note);
                form = forms.transition(form, to.name(), event.name(), NMS, messageId, t.reason, true);
                reply(form, t, t.reportNo, "经测试无故障, 已关闭" + (note == null ? "" : ": " + note));
            }
            case EXCEPTION -> {
                // 异常返单: the station cannot repair it; a new dispatch round starts
                form = forms.transition(form, to.name(), event.name(), NMS, messageId,
                        "exception" + (ret.station() == null ? "" : " at " + ret.station()) + (note == null ? "" : ": " + note),
                        false);
                t.roundStartedAt = ret.at().toInstant();
                t.lastStepAt = null;
                t.station = null;
                t.dispatchCount++;
                dispatch(form, t);
            }
            default -> throw new IllegalStateException("not a return event: " + event);
        }
        tickets.update(t);
    }

    // ---------------------------------------------------------------- quiet period

    /** Closes tickets resolved and quiet for the quiet period. Called by route hub-fault-autoclose. */
    public int autoCloseDue() {
        List<String> due = tickets.dueForAutoClose(clock.instant(), 500);
        int closed = 0;
        for (String ticketNo : due) {
            try {
                Boolean done = tx.execute(status -> autoClose(ticketNo));
                closed += Boolean.TRUE.equals(done) ? 1 : 0;
            } catch (RuntimeException e) {
                log.error("auto-close of {} failed; tried again next time", ticketNo, e);
            } finally {
                MDC.remove("formNo");
            }
        }
        return closed;
    }

    private boolean autoClose(String ticketNo) {
        MDC.put("formNo", ticketNo);
        Form form = forms.lock(ticketNo).orElseThrow();
        FaultTicket t = tickets.find(ticketNo).orElseThrow();
        if (t.autoCloseAt == null || t.autoCloseAt.isAfter(clock.instant())) {
            return false; // reopened, or already closed by another instance
        }
        t.autoCloseAt = null;
        Optional<State> next = FaultTransitions.next(State.valueOf(form.state()), Event.AUTO_CLOSE);
        if (next.isPresent()) {
            form = forms.transition(form, next.get().name(), Event.AUTO_CLOSE.name(), HUB, null,
                    "quiet for " + settings.quietPeriod(), true);
            reply(form, t, t.reportNo, "已关闭");
        }
        tickets.update(t);
        return next.isPresent();
    }

    // ---------------------------------------------------------------- messages

    private void reply(Form form, FaultTicket t, String reportNo, String message) {
        replies.tell(form, t, reportNo, State.valueOf(form.state()).replyStatus(), inZone(form.deadline()), message);
    }

    private void dispatch(Form form, FaultTicket t) {
        dispatches.dispatch(form, t, inZone(form.deadline()), inZone(t.reportedAt));
    }

    private OffsetDateTime inZone(Instant at) {
        return at == null ? null : at.atZone(clock.getZone()).toOffsetDateTime();
    }
}
