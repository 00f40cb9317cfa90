package keyaccount.hub.config;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** All time in the hub comes from this clock, so tests can move it instead of waiting. */
@Configuration
public class ClockConfig {
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    public Clock clock(HubProperties props) {
        return Clock.system(props.timezone());
    }
}
