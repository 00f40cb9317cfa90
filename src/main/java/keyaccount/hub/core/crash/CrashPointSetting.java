package keyaccount.hub.core.crash;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Arms {@link CrashPoints} from {@code hub.test.crash-at} (fault-injection tests only). */
@Component
class CrashPointSetting {
    CrashPointSetting(@Value("${hub.test.crash-at:}") String setting) {
        CrashPoints.arm(setting);
    }
}
