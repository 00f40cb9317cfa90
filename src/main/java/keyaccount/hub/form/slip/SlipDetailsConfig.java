package keyaccount.hub.form.slip;

import keyaccount.hub.core.form.FormDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Lets GET /api/v1/forms/{no} show slips of both kinds. */
@Configuration
class SlipDetailsConfig {
    @Bean
    FormDetails contactSlipDetails(Slips slips) {
        return slips.details(SlipKind.CONTACT);
    }

    @Bean
    FormDetails resourceSlipDetails(Slips slips) {
        return slips.details(SlipKind.RESOURCE);
    }

    @Bean
    FormDetails resourceReleaseDetails(Slips slips) {
        return slips.details(SlipKind.RELEASE);
    }
}
