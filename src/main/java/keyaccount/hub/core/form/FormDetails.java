package keyaccount.hub.core.form;

import java.util.Map;
import java.util.Optional;

/** What a form type adds to a form's view (e.g. a fault ticket's circuit, fault type, station). */
public interface FormDetails {
    String formType();

    Optional<Map<String, Object>> details(String formNo);
}
