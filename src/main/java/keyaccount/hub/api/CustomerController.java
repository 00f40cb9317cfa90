package keyaccount.hub.api;

import java.util.Map;

import keyaccount.hub.consolidation.derive.KeyAccountViews;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The key-account store's view of one customer: profile, kinds, grade and its history, revenue by
 * month and product, payments, arrears, circuits, open forms and alarms.
 */
@RestController
@RequestMapping("/api/v1/customers")
public class CustomerController {
    private final KeyAccountViews views;

    public CustomerController(KeyAccountViews views) {
        this.views = views;
    }

    @GetMapping("/{custNo}")
    public ResponseEntity<Map<String, Object>> customer(@PathVariable String custNo) {
        return views.customer(custNo).map(ResponseEntity::ok).orElseGet(() ->
                ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no customer " + custNo)));
    }
}
