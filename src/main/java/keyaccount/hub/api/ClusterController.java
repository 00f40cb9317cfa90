package keyaccount.hub.api;

import java.util.LinkedHashMap;
import java.util.Map;

import keyaccount.hub.config.ClusterConfig;
import keyaccount.hub.config.HubProperties;
import org.apache.camel.cluster.CamelClusterService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Which instance answers, and whether it leads now (holds the singleton work: outbox relay,
 * deadline check, auto-close, pending actions, 97 polling). Any signed-in user may ask.
 */
@RestController
public class ClusterController {
    private final CamelClusterService cluster;
    private final HubProperties props;

    public ClusterController(CamelClusterService cluster, HubProperties props) {
        this.cluster = cluster;
        this.props = props;
    }

    @GetMapping("/api/v1/cluster")
    public Map<String, Object> cluster() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("instance", props.instanceId());
        answer.put("service", props.cluster().service());
        answer.put("leader", cluster.isLeader(ClusterConfig.NAMESPACE));
        return answer;
    }
}
