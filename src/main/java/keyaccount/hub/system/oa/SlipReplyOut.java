package keyaccount.hub.system.oa;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.form.Form;
import keyaccount.hub.core.outbox.Outbox;
import keyaccount.hub.form.slip.SlipKind;
import keyaccount.hub.form.slip.SlipReplies;
import org.springframework.stereotype.Component;

/** SlipReply JSON (ICD §6) to the front office's OA system on oa.slip.reply, through the outbox. */
@Component
public class SlipReplyOut implements SlipReplies {
    private final Outbox outbox;

    public SlipReplyOut(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void reply(Form slip, SlipKind kind, String result, String answer, OffsetDateTime answeredAt,
                      LocalDate promisedDate) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("slipNo", slip.formNo());
        json.put("kind", kind.name());
        json.put("result", result);
        json.put("answer", answer);
        json.put("answeredAt", answeredAt);
        if (promisedDate != null) {
            json.put("promisedDate", promisedDate);
        }
        outbox.sendJson(Outbox.QUEUE + Queues.OA_SLIP_REPLY, slip.formNo(), slip.headers(), json);
    }
}
