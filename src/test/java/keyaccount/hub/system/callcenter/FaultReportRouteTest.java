package keyaccount.hub.system.callcenter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import keyaccount.hub.config.HubProperties;
import keyaccount.hub.core.BadMessageException;
import keyaccount.hub.core.errors.InboundErrorHandling;
import keyaccount.hub.core.inbound.InboundSteps;
import keyaccount.hub.core.inbound.InputRules;
import keyaccount.hub.form.fault.FaultReport;
import keyaccount.hub.test.FaultMessages;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.mock.MockComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * Route cc-fault-report-in on its own, as routes/callcenter.camel.yaml draws it: its steps run in
 * order, and a test can replace one by its id (here the apply step, which would need the store).
 */
class FaultReportRouteTest {
    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    private static DefaultCamelContext context() throws Exception {
        HubProperties props = new HubProperties(Path.of("."), Path.of("."), ZoneId.of("Asia/Shanghai"), Path.of("."),
                false, null, null, null, null,
                new HubProperties.Input(65536, 2000, Duration.ofMinutes(10), Duration.ofDays(30)),
                null, null, null, null, null, null, null, null, null);
        InputRules rules = new InputRules(Clock.fixed(NOW, ZoneId.of("Asia/Shanghai")), props);
        DefaultCamelContext ctx = new DefaultCamelContext();
        ctx.getRegistry().bind("inboundSteps", new InboundSteps());
        ctx.getRegistry().bind("callCenterInbound", new CallCenterInbound(null, rules));
        // the broker stands aside: what would go to a queue goes to a mock of the same name
        ctx.addComponent("jms", new MockComponent());
        // the route names its error handling; here a bad message is only recorded
        ctx.addRoutes(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration(InboundErrorHandling.ID).onException(BadMessageException.class).handled(true)
                        .to("mock:dead-letters");
            }
        });
        PluginHelper.getRoutesLoader(ctx).loadRoutes(ResourceHelper.resolveResource(ctx, "file:routes/callcenter.camel.yaml"));
        AdviceWith.adviceWith(ctx, "cc-fault-report-in", route -> {
            route.replaceFromWith("direct:cc.fault.report");
            route.weaveById("cc-fault-report-apply").replace().to("mock:apply");
        });
        return ctx;
    }

    @Test
    void aGbkReportIsReceivedDecodedAndParsedBeforeTheApplyStep() throws Exception {
        try (DefaultCamelContext ctx = context()) {
            ctx.start();
            MockEndpoint apply = ctx.getEndpoint("mock:apply", MockEndpoint.class);
            apply.expectedMessageCount(1);
            String xml = FaultMessages.report("CC-ROUTE-1", "KM00010001", "KM-DDN-0001", "DDN", NOW.minusSeconds(60), "GBK");
            ctx.createProducerTemplate().sendBody("direct:cc.fault.report", xml.getBytes("GBK"));
            apply.assertIsSatisfied();
            FaultReport report = apply.getExchanges().get(0).getIn().getBody(FaultReport.class);
            assertThat(report.reportNo()).isEqualTo("CC-ROUTE-1");
            assertThat(report.reporter()).isEqualTo("张三");
            assertThat(apply.getExchanges().get(0).getProperty(InboundSteps.MESSAGE_ID, String.class)).isNotBlank();
        }
    }

    @Test
    void aReportMissingItsFieldsStopsAtTheParseStepAndNeverReachesApply() throws Exception {
        try (DefaultCamelContext ctx = context()) {
            ctx.start();
            MockEndpoint apply = ctx.getEndpoint("mock:apply", MockEndpoint.class);
            MockEndpoint deadLetters = ctx.getEndpoint("mock:dead-letters", MockEndpoint.class);
            apply.expectedMessageCount(0);
            deadLetters.expectedMessageCount(1);
            ctx.createProducerTemplate().sendBody("direct:cc.fault.report", "<FaultReport><ServiceType>DDN</ServiceType></FaultReport>");
            deadLetters.assertIsSatisfied();
            apply.assertIsSatisfied();
            Exception why = deadLetters.getExchanges().get(0).getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class);
            assertThat(why).isInstanceOf(BadMessageException.class).hasMessageContaining("ReportNo");
        }
    }
}
