package keyaccount.hub.form.slip;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.BadMessageException;
import keyaccount.hub.core.InvalidRequestException;
import keyaccount.hub.core.alarm.DeadlineAlarms;
import keyaccount.hub.core.form.Form;
import keyaccount.hub.core.form.FormStore;
import keyaccount.hub.core.inbound.InboundLog;
import keyaccount.hub.core.inbound.InboundLog.Outcome;
import keyaccount.hub.core.numbering.FormNumbers;
import keyaccount.hub.core.reference.SlipAnswerTable;
import keyaccount.hub.customer.CustomerCircuits;
import keyaccount.hub.customer.CustomerDirectory;
import keyaccount.hub.customer.CustomerProfile;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The front office's slips as closed loops: the account manager raises a slip (REST), the hub
 * sends it to the back office (a contact slip to the departments, a resource confirmation to
 * network management), records the answer when it comes, and gives it back to the requester on
 * oa.slip.reply. An unanswered slip raises deadline alarms like every form.
 */
@Service
public class SlipService {
    public static final String SENT = "SENT";
    public static final String ANSWERED = "ANSWERED";
    /** The only move a slip makes; a second answer finds it ANSWERED and changes nothing. */
    private static final Map<String, String> TRANSITIONS = Map.of(SENT + "+ANSWER", ANSWERED);

    private final FormStore forms;
    private final Slips slips;
    private final FormNumbers numbers;
    private final InboundLog inbound;
    private final ContactSlips contactSlips;
    private final ResourceRequests resourceRequests;
    private final SlipReplies slipReplies;
    private final DeadlineAlarms deadlines;
    private final CustomerDirectory customers;
    private final SlipAnswerTable answerTable;
    private final ObjectMapper json;
    private final Clock clock;

    public SlipService(FormStore forms, Slips slips, FormNumbers numbers, InboundLog inbound,
                       ContactSlips contactSlips, ResourceRequests resourceRequests, SlipReplies slipReplies,
                       DeadlineAlarms deadlines, CustomerDirectory customers, SlipAnswerTable answerTable,
                       ObjectMapper json, Clock clock) {
        this.forms = forms;
        this.slips = slips;
        this.numbers = numbers;
        this.inbound = inbound;
        this.contactSlips = contactSlips;
        this.resourceRequests = resourceRequests;
        this.slipReplies = slipReplies;
        this.deadlines = deadlines;
        this.customers = customers;
        this.answerTable = answerTable;
        this.json = json;
        this.clock = clock;
    }

    /** What the caller gets back; {@code replayed} when an Idempotency-Key named an earlier request. */
    public record Created(Form form, boolean replayed) {}

    @Transactional
    public Created contact(SlipRequests.Contact r, String requestKey) {
        Optional<Created> earlier = replay(r.requestedBy(), requestKey);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        CustomerProfile customer = customer(r.custNo());
        Instant now = clock.instant();
        Instant deadline = now.plus(answerTable.limit(SlipKind.CONTACT.name(), customer.grade()));
        if (r.dueBy() != null && r.dueBy().toInstant().isBefore(deadline)) {
            deadline = r.dueBy().toInstant();
        }
        Form form = open(SlipKind.CONTACT, customer, r.requestedBy(), r.subject(), now, deadline);
        slips.insert(form.formNo(), SlipKind.CONTACT, r.custNo(), r.requestedBy(), requestKey, toJson(r), r.toDept());

        contactSlips.send(form, r, local(form.deadline()));
        return new Created(form, false);
    }

    @Transactional
    public Created resource(SlipRequests.Resource r, String requestKey) {
        Optional<Created> earlier = replay(r.requestedBy(), requestKey);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        CustomerProfile customer = customer(r.custNo());
        Instant now = clock.instant();
        Instant deadline = now.plus(answerTable.limit(SlipKind.RESOURCE.name(), customer.grade()));
        Form form = open(SlipKind.RESOURCE, customer, r.requestedBy(),
                r.serviceType() + " " + r.rate() + " x" + r.quantity() + (r.reserve() ? " reserve" : ""), now, deadline);
        slips.insert(form.formNo(), SlipKind.RESOURCE, r.custNo(), r.requestedBy(), requestKey, toJson(r), null);

        resourceRequests.confirm(form, r, local(form.deadline()));
        return new Created(form, false);
    }

    private static final Set<String> CONFIRM_RESULTS = Set.of("AVAILABLE", "RESERVED", "NEEDS_CONSTRUCTION", "UNAVAILABLE");
    private static final Set<String> RELEASE_RESULTS = Set.of("RELEASED", "UNAVAILABLE");

    /** Asks the network to free a circuit of a customer who is leaving (ResourceRequest RELEASE). */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public String release(CustomerProfile customer, CustomerCircuits.Circuit circuit, String reason) {
        Instant now = clock.instant();
        Instant deadline = now.plus(answerTable.limit(SlipKind.RELEASE.name(), customer.grade()));
        Form form = open(SlipKind.RELEASE, customer, "hub", "release " + circuit.circuitNo() + ": " + reason, now, deadline);
        slips.insert(form.formNo(), SlipKind.RELEASE, customer.customer().custNo(), "hub", null, toJson(circuit), null);
        resourceRequests.release(form, customer.customer().custNo(), circuit, local(form.deadline()));
        return form.formNo();
    }

    /** A ResourceReply: to a resource confirmation slip (answered to the OA) or to a release (recorded). */
    @Transactional
    public void resourceReply(String slipNo, String result, LocalDate promisedDate, String resources, String note,
                              String messageId) {
        SlipKind kind = forms.find(slipNo).map(f -> SlipKind.ofFormType(f.formType())).orElse(null);
        if (kind != SlipKind.RESOURCE && kind != SlipKind.RELEASE) {
            throw new BadMessageException("unknown resource slip " + slipNo);
        }
        Set<String> allowed = kind == SlipKind.RELEASE ? RELEASE_RESULTS : CONFIRM_RESULTS;
        if (!allowed.contains(result)) {
            throw new BadMessageException("invalid ResourceReply: result must be one of "
                    + String.join(", ", allowed.stream().sorted().toList()) + " for " + slipNo + ", got " + result);
        }
        answer(kind, Queues.NMS_RESOURCE_REPLY, slipNo, result, note, "network", clock.instant(), promisedDate,
                resources, messageId);
    }

    /** A back-office department's SlipAnswer to a contact slip. */
    @Transactional
    public void slipAnswer(String slipNo, String answeredBy, String answer, OffsetDateTime at, String messageId) {
        answer(SlipKind.CONTACT, Queues.BACKOFFICE_SLIP_ANSWER, slipNo, "ANSWERED", answer, answeredBy,
                at == null ? clock.instant() : at.toInstant(), null, null, messageId);
    }

    private void answer(SlipKind kind, String channel, String slipNo, String result, String answer, String answeredBy,
                        Instant answeredAt, LocalDate promisedDate, String resources, String messageId) {
        MDC.put("formNo", slipNo);
        Form form = forms.lock(slipNo).filter(f -> kind.formType().equals(f.formType()))
                .orElseThrow(() -> new BadMessageException("unknown " + kind.name().toLowerCase() + " slip " + slipNo));
        String to = TRANSITIONS.get(form.state() + "+ANSWER");
        if (to == null || !inbound.claim(channel, slipNo)) {
            inbound.trace(slipNo, channel, messageId, "ANSWER", Outcome.DUPLICATE, "slip is " + form.state());
            return;
        }
        inbound.bind(channel, slipNo, slipNo);
        slips.answer(slipNo, result, answer, answeredBy, answeredAt, promisedDate, resources);
        deadlines.stopClock(form);
        form = forms.transition(form, to, "ANSWER", answeredBy, messageId, result, true);
        inbound.trace(slipNo, channel, messageId, "ANSWER", Outcome.APPLIED, result);

        if (kind == SlipKind.RELEASE) {
            return; // the hub asked, not the OA: recorded, nobody to answer
        }
        slipReplies.reply(form, kind, result, answer, local(answeredAt), promisedDate);
    }

    private Form open(SlipKind kind, CustomerProfile customer, String requestedBy, String note, Instant now,
                      Instant deadline) {
        String slipNo = numbers.next(kind.prefix());
        MDC.put("formNo", slipNo);
        Form form = forms.create(slipNo, kind.formType(), SENT, customer.customer().custNo(), customer.grade(),
                customer.keyAccount(), "REQUEST", requestedBy, null, note, false);
        return deadlines.setClock(form, now, deadline);
    }

    private Optional<Created> replay(String requestedBy, String requestKey) {
        if (requestKey == null) {
            return Optional.empty();
        }
        return slips.byRequestKey(requestedBy, requestKey).flatMap(forms::find).map(f -> new Created(f, true));
    }

    private CustomerProfile customer(String custNo) {
        return customers.profile(custNo)
                .orElseThrow(() -> InvalidRequestException.of("custNo", "unknown customer " + custNo));
    }

    private OffsetDateTime local(Instant i) {
        return i == null ? null : i.atZone(clock.getZone()).toOffsetDateTime();
    }

    private String toJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
