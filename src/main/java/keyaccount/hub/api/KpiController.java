package keyaccount.hub.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import keyaccount.hub.consolidation.derive.KeyAccountViews;
import keyaccount.hub.core.InvalidRequestException;
import keyaccount.hub.core.InvalidRequestException.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The daily KPIs per local net, as the nightly consolidation keeps them:
 * {@code GET /api/v1/kpis?date=YYYY-MM-DD&localNet=KM}; without a date the latest day, without a
 * local net all of them. A date or local net that does not parse is a 400 naming the field.
 */
@RestController
@RequestMapping("/api/v1/kpis")
public class KpiController {
    private final KeyAccountViews views;

    public KpiController(KeyAccountViews views) {
        this.views = views;
    }

    @GetMapping
    public Map<String, Object> kpis(@RequestParam(required = false) String date,
                                    @RequestParam(required = false) String localNet) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate day = null;
        if (date != null) {
            try {
                day = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("date", "must be a date YYYY-MM-DD"));
            }
        }
        if (localNet != null && !localNet.matches("[A-Z]{2}")) {
            errors.add(new FieldError("localNet", "must be two capital letters, e.g. KM"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return views.kpis(day, localNet);
    }
}
