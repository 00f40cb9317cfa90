package keyaccount.hub.api;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import keyaccount.hub.core.form.Form;
import keyaccount.hub.form.slip.SlipRequests;
import keyaccount.hub.form.slip.SlipService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * ICD §6: the OA system raises slips. 201 with the slip number; 400 naming each bad field with
 * nothing created. An Idempotency-Key header makes a retried POST return the first slip (200).
 */
@RestController
@RequestMapping("/api/v1")
public class SlipController {
    private final SlipRequests requests;
    private final SlipService slips;
    private final Clock clock;

    public SlipController(SlipRequests requests, SlipService slips, Clock clock) {
        this.requests = requests;
        this.slips = slips;
        this.clock = clock;
    }

    @PostMapping("/contact-slips")
    public ResponseEntity<Map<String, Object>> contact(@RequestBody JsonNode body,
                                                       @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        SlipRequests.Contact r = requests.contact(body, clock.getZone());
        return created(retryOnce(() -> slips.contact(r, key)));
    }

    @PostMapping("/resource-confirmations")
    public ResponseEntity<Map<String, Object>> resource(@RequestBody JsonNode body,
                                                        @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        SlipRequests.Resource r = requests.resource(body);
        return created(retryOnce(() -> slips.resource(r, key)));
    }

    /** Two POSTs with one Idempotency-Key at the same moment: the loser finds the winner's slip. */
    private static SlipService.Created retryOnce(java.util.function.Supplier<SlipService.Created> call) {
        try {
            return call.get();
        } catch (DuplicateKeyException e) {
            return call.get();
        }
    }

    private ResponseEntity<Map<String, Object>> created(SlipService.Created c) {
        Form f = c.form();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("slipNo", f.formNo());
        body.put("formType", f.formType());
        body.put("state", f.state());
        body.put("custNo", f.custNo());
        body.put("grade", f.grade());
        body.put("keyAccount", f.keyAccount());
        body.put("deadline", f.deadline() == null ? null : f.deadline().atZone(clock.getZone()).toOffsetDateTime());
        return ResponseEntity.status(c.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .location(URI.create("/api/v1/forms/" + f.formNo())).body(body);
    }
}
