package keyaccount.hub.consolidation.files;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The file routes' idempotent repositories (routes/billing.camel.yaml, routes/finance.camel.yaml). */
@Configuration
public class FileSourceConfig {

    @Bean
    public TakenFiles billingRevenueTaken(JdbcTemplate store) {
        return new TakenFiles(store, RevenueFiles.SOURCE);
    }

    @Bean
    public TakenFiles financePaymentsTaken(JdbcTemplate store) {
        return new TakenFiles(store, PaymentFiles.SOURCE);
    }

    @Bean
    public TakenFiles financeArrearsTaken(JdbcTemplate store) {
        return new TakenFiles(store, ArrearsFiles.SOURCE);
    }
}
