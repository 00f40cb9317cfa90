package keyaccount.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The files production runs from, held to what README "Production" says of them: docker/compose.yaml
 * (two hubs sharing a broker made from the overlay docker/artemis and PostgreSQL), the Kubernetes
 * manifests in docker/k8s (two replicas electing a leader with a Lease), and the broker overlay's
 * users and set-passwords. No password is written in any of them.
 * (SnakeYAML reads the YAML: the compose file shares the hubs' settings through anchors and merge keys.)
 */
class DeploymentFilesTest {
    private static final Path DOCKER = Path.of("docker");
    private static final Path OVERLAY = DOCKER.resolve("artemis");
    private static final Path K8S = DOCKER.resolve("k8s");
    /** A compose value that refuses to start without the variable: ${VAR:?message}. */
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]+}");
    /** Any compose variable: ${VAR}, ${VAR:-default}, ${VAR:?message}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([-?])([^}]*))?}");
    /** A URL with a user and password, as the FTP variables carry them. */
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("^[a-z]+://([^:@/]+):([^@/]+)@([^:/]+)(?::(\\d+))?.*$");
    private static final Pattern PASSWORDISH = Pattern.compile("(?i).*(password|_pass|secret).*");
    private static final String SECRET_MARK = "REQUIRED:";

    // --- docker/compose.yaml ---------------------------------------------------------------------

    @Test
    void composeRunsTwoHubsFromTheImageEachItsOwnInstanceSharingBrokerAndStore() {
        Map<String, Object> services = map(compose().get("services"));
        Map<String, Map<String, Object>> hubs = hubs(services);
        assertThat(hubs).as("the hub services").hasSize(2);

        List<String> ids = new ArrayList<>();
        Set<String> dataVolumes = new TreeSet<>();
        Set<String> hostPorts = new TreeSet<>();
        for (var hub : hubs.entrySet()) {
            String name = hub.getKey();
            Map<String, Object> env = map(hub.getValue().get("environment"));
            ids.add(string(env.get("HUB_INSTANCE_ID")));
            assertThat(env.get("HUB_CLUSTER_SERVICE")).as(name + " leadership through the store").isEqualTo("jdbc");
            assertThat(env.get("HUB_BROKER_EMBEDDED")).as(name).isEqualTo("false");
            assertThat(host(string(env.get("HUB_BROKER_URL")))).as(name + " broker").isEqualTo("broker");
            assertThat(string(env.get("HUB_STORE_URL"))).as(name + " store").startsWith("jdbc:postgresql://store:");
            assertThat(services).containsKeys("broker", "store");

            List<String> volumes = strings(hub.getValue().get("volumes"));
            String data = volumes.stream().filter(v -> v.endsWith(":/var/lib/hub")).findFirst().orElseThrow();
            dataVolumes.add(data.substring(0, data.indexOf(':')));
            assertThat(volumes).as(name + ": the security file, read-only")
                    .contains("./hub-security.yaml:" + env.get("HUB_SECURITY_FILE") + ":ro");
            strings(hub.getValue().get("ports")).forEach(p -> hostPorts.add(p.substring(0, p.indexOf(':'))));

            Map<String, Object> health = map(hub.getValue().get("healthcheck"));
            assertThat(String.join(" ", strings(health.get("test")))).as(name + " health check")
                    .contains("/actuator/health/readiness");
            assertThat(map(hub.getValue().get("depends_on"))).as(name).containsKeys("broker", "store");
        }
        assertThat(ids).as("instance ids").doesNotContainNull().doesNotHaveDuplicates().noneMatch(String::isBlank);
        assertThat(dataVolumes).as("one data volume per hub").hasSize(2);
        assertThat(map(compose().get("volumes"))).containsKeys(dataVolumes.toArray(String[]::new));
        assertThat(hostPorts).as("one HTTP port per hub").hasSize(2);
    }

    @Test
    void composeBuildsTheBrokerFromTheOverlayAndGivesEveryBrokerUserARequiredPassword() throws IOException {
        Map<String, Object> broker = map(map(compose().get("services")).get("broker"));
        assertThat(string(broker.get("image"))).as("the official Artemis image, 2.5x").matches("apache/artemis:2\\.5\\d+\\.\\d+");

        String mount = strings(broker.get("volumes")).stream().filter(v -> v.startsWith("./artemis:"))
                .findFirst().orElseThrow(() -> new AssertionError("docker/artemis is not mounted in the broker"));
        assertThat(mount).as("the overlay is mounted read-only").endsWith(":ro");
        String inContainer = mount.split(":")[1];
        String entrypoint = String.join(" ", strings(broker.get("entrypoint")));
        assertThat(entrypoint).as("the broker starts through the overlay's script").endsWith(inContainer + "/bin/container-start");

        String start = Files.readString(OVERLAY.resolve("bin/container-start"));
        assertThat(start).as("container-start lays the overlay's etc/ over the instance and sets the passwords")
                .contains("cp \"$overlay\"/etc/* \"$instance/etc/\"").contains("bin/set-passwords\" \"$instance\"")
                .contains("--require-login").contains("exec \"$instance/bin/artemis\" run");
        assertThat(start.indexOf("set-passwords\" \"$instance\"")).as("passwords before the broker runs")
                .isLessThan(start.indexOf("exec \"$instance/bin/artemis\" run"));
        try (Stream<Path> etc = Files.list(OVERLAY.resolve("etc"))) {
            assertThat(etc.map(p -> p.getFileName().toString()))
                    .contains("broker.xml", "artemis-users.properties", "artemis-roles.properties");
        }

        Map<String, Object> env = map(broker.get("environment"));
        for (String user : overlayUsers().stringPropertyNames()) {
            String variable = "ARTEMIS_PASSWORD_" + user.toUpperCase().replaceAll("[.-]", "_");
            assertThat(string(env.get(variable))).as(variable).matches(REQUIRED);
        }
        Map<String, Object> hubEnv = map(hubs(map(compose().get("services"))).values().iterator().next().get("environment"));
        assertThat(env.get("ARTEMIS_PASSWORD_HUB")).as("the broker's user hub has the hubs' HUB_BROKER_PASSWORD")
                .isEqualTo(hubEnv.get("HUB_BROKER_PASSWORD"));
    }

    @Test
    void composeHubsReadTheStandInFtpServersUnlessTheOperatorNamesOthers() {
        Map<String, Object> services = map(compose().get("services"));
        for (var hub : hubs(services).entrySet()) {
            Map<String, Object> env = map(hub.getValue().get("environment"));
            for (String peer : List.of("billing", "finance")) {
                String url = withDefaults(string(env.get("HUB_" + peer.toUpperCase() + "_FTP")));
                Matcher m = URL_WITH_PASSWORD.matcher(url);
                assertThat(m.matches()).as(hub.getKey() + " " + peer + " FTP URL " + url).isTrue();
                assertThat(m.group(3)).as(peer + " FTP host").isIn(services.keySet());
                Map<String, Object> server = map(services.get(m.group(3)));
                assertThat(withDefaults(string(map(server.get("environment")).get("FTP_USER_NAME"))))
                        .as(peer + " FTP user").isEqualTo(m.group(1));
            }
        }
    }

    @Test
    void composeWritesNoPasswordEveryOneIsARequiredVariable() {
        Map<String, Object> services = map(compose().get("services"));
        for (var service : services.entrySet()) {
            Object environment = map(service.getValue()).get("environment");
            if (environment == null) {
                continue;
            }
            map(environment).forEach((name, value) -> {
                String v = string(value);
                String where = service.getKey() + " " + name;
                if (PASSWORDISH.matcher(name).matches()) {
                    assertThat(v).as(where).matches(REQUIRED);
                }
                Matcher url = URL_WITH_PASSWORD.matcher(withDefaults(v));
                if (url.matches()) {
                    assertThat(url.group(2)).as(where + ": the URL's password").startsWith(SECRET_MARK);
                }
            });
        }
    }

    // --- docker/k8s ------------------------------------------------------------------------------

    @Test
    void kustomizationListsEveryManifestAndNoSecretIsCommitted() throws IOException {
        Map<String, Object> kustomization = yaml(K8S.resolve("kustomization.yaml")).get(0);
        Set<String> files;
        try (Stream<Path> all = Files.list(K8S)) {
            files = all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .filter(n -> !n.equals("kustomization.yaml")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(strings(kustomization.get("resources"))).containsExactlyInAnyOrderElementsOf(files);
        assertThat(manifests()).extracting(m -> m.get("kind"))
                .contains("Deployment", "ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Service")
                .doesNotContain("Secret");
    }

    @Test
    void kubernetesRunsTwoReplicasEachItsOwnInstanceElectingTheLeaderWithALease() {
        Map<String, Object> deployment = only("Deployment");
        Map<String, Object> spec = map(deployment.get("spec"));
        assertThat(spec.get("replicas")).isEqualTo(2);
        Map<String, Object> pod = map(map(spec.get("template")).get("spec"));
        Map<String, Object> container = hubContainer(pod);
        Map<String, Map<String, Object>> env = env(container);

        assertThat(fieldRef(env.get("HUB_INSTANCE_ID"))).as("instance id: the pod's name").isEqualTo("metadata.name");
        assertThat(env.get("HUB_CLUSTER_SERVICE")).containsEntry("value", "kubernetes");
        assertThat(fieldRef(env.get("HUB_CLUSTER_KUBERNETES_NAMESPACE"))).isEqualTo("metadata.namespace");
        assertThat(pod.get("serviceAccountName")).isEqualTo(name(only("ServiceAccount")));
        assertThat(strings(list(container.get("envFrom")).stream().map(e -> map(map(e).get("configMapRef")).get("name")).toList()))
                .containsExactly(name(only("ConfigMap")));

        Map<String, Object> selector = map(map(spec.get("selector")).get("matchLabels"));
        assertThat(map(map(map(spec.get("template")).get("metadata")).get("labels"))).containsAllEntriesOf(selector);
        Map<String, Object> service = map(only("Service").get("spec"));
        assertThat(map(service.get("selector"))).isEqualTo(selector);
        assertThat(list(service.get("ports"))).extracting(p -> map(p).get("targetPort")).containsExactly("http");
    }

    @Test
    void theRoleGrantsWhatCamelsLeaseLeaderElectionUsesAndNoMore() {
        Map<String, Set<String>> granted = new TreeMap<>();
        for (Object rule : list(only("Role").get("rules"))) {
            Map<String, Object> r = map(rule);
            for (String group : strings(r.get("apiGroups"))) {
                for (String resource : strings(r.get("resources"))) {
                    granted.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>()).addAll(strings(r.get("verbs")));
                }
            }
        }
        assertThat(granted).containsOnlyKeys("coordination.k8s.io/leases", "/pods");
        assertThat(granted.get("coordination.k8s.io/leases"))
                .containsExactlyInAnyOrder("get", "list", "watch", "create", "update", "patch");
        assertThat(granted.get("/pods")).containsExactlyInAnyOrder("get", "list", "watch");

        Map<String, Object> binding = only("RoleBinding");
        assertThat(map(binding.get("roleRef"))).containsEntry("kind", "Role").containsEntry("name", name(only("Role")));
        assertThat(list(binding.get("subjects"))).singleElement().satisfies(s -> assertThat(map(s))
                .containsEntry("kind", "ServiceAccount").containsEntry("name", name(only("ServiceAccount"))));
    }

    @Test
    void probesAskTheLivenessAndReadinessGroupsWhichTheHubEnables() throws IOException {
        Map<String, Object> container = hubContainer(podSpec());
        assertThat(probePath(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
        assertThat(probePath(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
        assertThat(probePath(container, "startupProbe")).isEqualTo("/actuator/health/liveness");

        Map<String, Object> application = yaml(Path.of("src/main/resources/application.yml")).get(0);
        Object probes = map(map(map(map(application.get("management")).get("endpoint")).get("health")).get("probes"))
                .get("enabled");
        assertThat(probes).as("management.endpoint.health.probes.enabled").isEqualTo(true);
    }

    @Test
    void theSecurityFileComesFromASecretAndThePodRunsAsNobodyOnAReadOnlyRoot() {
        Map<String, Object> pod = podSpec();
        Map<String, Object> container = hubContainer(pod);
        String file = string(env(container).get("HUB_SECURITY_FILE").get("value"));
        Map<String, Object> mount = mountHolding(container, file);
        assertThat(mount.get("readOnly")).isEqualTo(true);
        Map<String, Object> secret = map(volume(pod, string(mount.get("name"))).get("secret"));
        assertThat(secret).as("the security file's volume is a Secret").containsKey("secretName");
        String inVolume = file.substring(string(mount.get("mountPath")).length() + 1);
        assertThat(list(secret.get("items"))).extracting(i -> map(i).get("path")).contains(inVolume);

        String data = string(env(container).get("HUB_DATA_DIR").get("value"));
        assertThat(volume(pod, string(mountHolding(container, data + "/x").get("name")))).containsKey("emptyDir");

        Map<String, Object> podSecurity = map(pod.get("securityContext"));
        assertThat(podSecurity).containsEntry("runAsNonRoot", true);
        assertThat((Integer) podSecurity.get("runAsUser")).isPositive();
        Map<String, Object> security = map(container.get("securityContext"));
        assertThat(security).containsEntry("readOnlyRootFilesystem", true).containsEntry("allowPrivilegeEscalation", false);
        assertThat(map(map(container.get("resources")).get("limits"))).containsKey("memory");
    }

    @Test
    void kubernetesWritesNoPasswordEveryOneComesFromASecret() {
        Map<String, Map<String, Object>> env = env(hubContainer(podSpec()));
        env.forEach((name, e) -> {
            if (PASSWORDISH.matcher(name).matches() || name.endsWith("_FTP")) {
                assertThat(e).as(name).doesNotContainKey("value");
                assertThat(map(map(e.get("valueFrom")).get("secretKeyRef"))).as(name).containsEntry("key", name);
            }
            if (e.containsKey("value")) {
                assertThat(URL_WITH_PASSWORD.matcher(string(e.get("value"))).matches()).as(name).isFalse();
            }
        });
        assertThat(env).containsKeys("HUB_BROKER_PASSWORD", "HUB_STORE_PASSWORD", "HUB_97_PASSWORD",
                "HUB_NMS_DB_PASSWORD", "HUB_BILLING_FTP", "HUB_FINANCE_FTP");
        map(only("ConfigMap").get("data")).forEach((name, value) -> {
            assertThat(name).as("a ConfigMap key").doesNotMatch(PASSWORDISH);
            assertThat(URL_WITH_PASSWORD.matcher(string(value)).matches()).as(name).isFalse();
        });
    }

    // --- the broker overlay's users and set-passwords --------------------------------------------

    @Test
    void theOverlaysBrokerUsersAndRolesAreTheLocalSecurityFilesOnes() throws IOException {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (SecurityFile.BrokerUser u : SecurityFile.load(null).broker().users()) {
            expected.put(u.name(), u.system() != null ? Set.of(u.system()) : Set.copyOf(u.roles()));
        }
        assertThat(overlayUsers().stringPropertyNames()).containsExactlyInAnyOrderElementsOf(expected.keySet());

        Properties roles = load(OVERLAY.resolve("etc/artemis-roles.properties"));
        Map<String, Set<String>> actual = new TreeMap<>();
        for (String role : roles.stringPropertyNames()) {
            for (String user : roles.getProperty(role).split(",")) {
                actual.computeIfAbsent(user.trim(), k -> new TreeSet<>()).add(role);
            }
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual).containsEntry("hub", Set.of("hub")).containsEntry("monitor", Set.of("subscriber"));
    }

    @Test
    void setPasswordsRefusesNamingEveryUserWithoutAPasswordAndChangesNothing(@TempDir Path instance) throws Exception {
        Path users = copyOverlayEtc(instance);
        byte[] before = Files.readAllBytes(users);
        Map<String, String> passwords = passwords();
        passwords.remove("ARTEMIS_PASSWORD_OA");
        passwords.remove("ARTEMIS_PASSWORD_MONITOR");

        Result r = setPasswords(instance, passwords);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("ARTEMIS_PASSWORD_OA", "ARTEMIS_PASSWORD_MONITOR")
                .doesNotContain("ARTEMIS_PASSWORD_HUB", "ARTEMIS_PASSWORD_CALLCENTER");
        assertThat(Files.readAllBytes(users)).isEqualTo(before);
    }

    @Test
    void setPasswordsStoresEachUsersOwnHashAndChangesNothingElse(@TempDir Path instance) throws Exception {
        Path users = copyOverlayEtc(instance);
        List<String> before = Files.readAllLines(users);
        // stands in for `artemis mask --hash <password>`: the "hash" shows which password it was given
        Path artemis = Files.createDirectories(instance.resolve("bin")).resolve("artemis");
        Files.writeString(artemis, "#!/usr/bin/env bash\necho \"result: 1024:AA:BB-$3\"\n");
        Files.setPosixFilePermissions(artemis, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result r = setPasswords(instance, passwords());

        assertThat(r.exit()).as(r.output()).isZero();
        List<String> after = Files.readAllLines(users);
        assertThat(after).hasSameSizeAs(before);
        Set<String> names = overlayUsers().stringPropertyNames();
        for (int i = 0; i < before.size(); i++) {
            String name = before.get(i).split("\\s*=", 2)[0];
            if (names.contains(name)) {
                assertThat(after.get(i)).isEqualTo(name + " = ENC(1024:AA:BB-pw-" + name + ")");
            } else {
                assertThat(after.get(i)).as("line " + (i + 1)).isEqualTo(before.get(i));
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private record Result(int exit, String output) {}

    private static Result setPasswords(Path instance, Map<String, String> passwords) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", OVERLAY.resolve("bin/set-passwords").toString(), instance.toString())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("ARTEMIS_PASSWORD_"));
        pb.environment().putAll(passwords);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }

    /** ARTEMIS_PASSWORD_<USER> = pw-<user> for every user of the overlay. */
    private static Map<String, String> passwords() throws IOException {
        Map<String, String> passwords = new HashMap<>();
        for (String user : overlayUsers().stringPropertyNames()) {
            passwords.put("ARTEMIS_PASSWORD_" + user.toUpperCase(), "pw-" + user);
        }
        return passwords;
    }

    private static Path copyOverlayEtc(Path instance) throws IOException {
        Path etc = Files.createDirectories(instance.resolve("etc"));
        try (Stream<Path> files = Files.list(OVERLAY.resolve("etc"))) {
            for (Path f : files.toList()) {
                Files.copy(f, etc.resolve(f.getFileName()));
            }
        }
        return etc.resolve("artemis-users.properties");
    }

    private static Properties overlayUsers() throws IOException {
        return load(OVERLAY.resolve("etc/artemis-users.properties"));
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    private static Map<String, Object> compose() {
        try {
            return yaml(DOCKER.resolve("compose.yaml")).get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The services built from docker/Dockerfile. */
    private static Map<String, Map<String, Object>> hubs(Map<String, Object> services) {
        Map<String, Map<String, Object>> hubs = new TreeMap<>();
        services.forEach((name, s) -> {
            Object build = map(s).get("build");
            if (build != null && "docker/Dockerfile".equals(map(build).get("dockerfile"))) {
                hubs.put(name, map(s));
            }
        });
        return hubs;
    }

    /** A compose value as compose would give it when only the required variables are set (marked). */
    private static String withDefaults(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = "-".equals(m.group(2)) ? m.group(3)
                    : "?".equals(m.group(2)) ? SECRET_MARK + m.group(1) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }

    private static String host(String url) {
        return url.replaceFirst("^[a-z]+://", "").replaceFirst("[:/].*$", "");
    }

    private static List<Map<String, Object>> manifests() {
        List<Map<String, Object>> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (!f.getFileName().toString().equals("kustomization.yaml")) {
                    all.addAll(yaml(f));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return all;
    }

    private static Map<String, Object> only(String kind) {
        List<Map<String, Object>> of = manifests().stream().filter(m -> kind.equals(m.get("kind"))).toList();
        assertThat(of).as(kind + " manifests").hasSize(1);
        return of.get(0);
    }

    private static Map<String, Object> podSpec() {
        return map(map(map(only("Deployment").get("spec")).get("template")).get("spec"));
    }

    private static Map<String, Object> hubContainer(Map<String, Object> pod) {
        List<Object> containers = list(pod.get("containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        Map<String, Map<String, Object>> env = new TreeMap<>();
        list(container.get("env")).forEach(e -> env.put(string(map(e).get("name")), map(e)));
        return env;
    }

    private static String fieldRef(Map<String, Object> env) {
        return string(map(map(env.get("valueFrom")).get("fieldRef")).get("fieldPath"));
    }

    private static String probePath(Map<String, Object> container, String probe) {
        Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
        assertThat(get.get("port")).as(probe + " port").isIn("http", 8080);
        return string(get.get("path"));
    }

    private static Map<String, Object> mountHolding(Map<String, Object> container, String file) {
        return list(container.get("volumeMounts")).stream().map(DeploymentFilesTest::map)
                .filter(m -> file.startsWith(m.get("mountPath") + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("no volume holds " + file));
    }

    private static Map<String, Object> volume(Map<String, Object> pod, String name) {
        return list(pod.get("volumes")).stream().map(DeploymentFilesTest::map).filter(v -> name.equals(v.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static String name(Map<String, Object> manifest) {
        return string(map(manifest.get("metadata")).get("name"));
    }

    private static List<Map<String, Object>> yaml(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(new StringReader(Files.readString(file)))) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(DeploymentFilesTest::string).toList();
    }

    private static String string(Object o) {
        assertThat(o).isNotNull();
        return o.toString();
    }
}
