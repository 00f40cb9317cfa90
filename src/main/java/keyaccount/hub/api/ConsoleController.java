package keyaccount.hub.api;

import java.util.LinkedHashMap;
import java.util.Map;

import keyaccount.hub.config.SecurityConfig;
import keyaccount.hub.ops.OperatorsView;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the operators' page at / shows, as one JSON document, plus who is looking and whether they
 * may act. The page's replay and discard buttons call the DLQ endpoints of {@link OperatorController}.
 */
@RestController
public class ConsoleController {
    private final OperatorsView view;

    public ConsoleController(OperatorsView view) {
        this.view = view;
    }

    @GetMapping("/api/v1/console")
    public Map<String, Object> console(Authentication who) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", who.getName());
        out.put("canAct", who.getAuthorities().stream()
                .anyMatch(a -> ("ROLE_" + SecurityConfig.OPERATOR).equals(a.getAuthority())));
        out.putAll(view.snapshot());
        return out;
    }
}
