package keyaccount.hub.core.errors;

import keyaccount.hub.icd.Queues;
import keyaccount.hub.core.BadMessageException;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Error handling for every route that consumes from the broker, and for the periodic routes, declared once. Routes use it with
 * {@code routeConfigurationId: hub-inbound-errors}. What is not handled here fails the exchange,
 * which rolls back the JMS transaction so the broker redelivers the message.
 */
@Component
public class InboundErrorHandling extends RouteConfigurationBuilder {
    public static final String ID = "hub-inbound-errors";
    /** For periodic routes: an outage is logged once when it starts and once when it ends (PollOutages). */
    public static final String POLL_ID = "hub-poll-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(BadMessageException.class)
                    .handled(true)
                    // the dead letter is the message as it came, whichever step (decode, parse, apply) refused it
                    .useOriginalMessage()
                    .bean("deadLetters", "annotate")
                    .to("jms:queue:" + Queues.HUB_DLQ).id("dead-letter-bad-message")
                .end()
                .onException(Exception.class)
                    .onWhen(exchange -> exchange.getContext().getRegistry()
                            .lookupByNameAndType("deadLetters", DeadLetters.class).givingUp(exchange))
                    .handled(true)
                    .useOriginalMessage()
                    .bean("deadLetters", "annotate")
                    .to("jms:queue:" + Queues.HUB_DLQ).id("dead-letter-gave-up")
                .end();
        // a poll that fails is tried again at its next period: no stack trace per poll, one line per outage
        routeConfiguration(POLL_ID)
                .onException(Exception.class)
                    .handled(true)
                    .bean("pollOutages", "failed").id("poll-failed")
                .end();
    }
}
