package keyaccount.hub.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keyaccount.hub.HubApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A hub started and stopped by a test, as an operator would start it: settings on the command
 * line, state in the environment's data folder and store. Used where a test needs a restart or
 * more than one instance.
 */
public final class HubProcess implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private HubProcess(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static HubProcess start(TestEnvironment env, Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>(env.properties());
        props.putAll(overrides);
        return start(props);
    }

    /** A hub with exactly these command-line settings (nothing from the test environment's defaults). */
    public static HubProcess start(Map<String, String> props) {
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new HubProcess(new SpringApplicationBuilder(HubApplication.class).run(args.toArray(String[]::new)));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
