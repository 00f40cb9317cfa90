package keyaccount.hub.core.crash;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Arms {@link CrashPoints} from {@code hub.test.crash-at} (fault-injection tests only), and
 * disarms them when the hub stops, so that a later hub in the same JVM is not halted.
 */
@Component
class CrashPointSetting implements DisposableBean {
    CrashPointSetting(@Value("${hub.test.crash-at:}") String setting) {
        CrashPoints.arm(setting);
    }

    @Override
    public void destroy() {
        CrashPoints.arm(null);
    }
}
