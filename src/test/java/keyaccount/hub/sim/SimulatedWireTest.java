package keyaccount.hub.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;

import keyaccount.hub.config.Queues;
import org.junit.jupiter.api.Test;

/** The simulated peers name the ICD's queues themselves; those names are the hub's. */
class SimulatedWireTest {

    private static Map<String, Object> constants(Class<?> type) throws IllegalAccessException {
        Map<String, Object> values = new TreeMap<>();
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                values.put(f.getName(), f.get(null));
            }
        }
        return values;
    }

    @Test
    void everyQueueASimulatorNamesIsTheHubsQueueOfTheSameName() throws Exception {
        Map<String, Object> hub = constants(Queues.class);
        Map<String, Object> wire = constants(Wire.class);
        assertThat(wire).isNotEmpty();
        wire.forEach((name, queue) -> assertThat(hub).as(name).containsEntry(name, queue));
    }
}
