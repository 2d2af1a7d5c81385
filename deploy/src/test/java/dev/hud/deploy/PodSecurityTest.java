package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rendered pods against the Kubernetes Pod Security Standards (a small evaluator of the baseline and restricted
 * profiles' controls, https://kubernetes.io/docs/concepts/security/pod-security-standards/): every pod of the release
 * (workloads, the backup CronJob, the in-chart PostgreSQL and RabbitMQ, the helm test pod, the sensors' hubs) meets
 * restricted, except the sensors' agent DaemonSet, which fails both profiles on its hostPaths and on nothing else. And
 * each HUD service runs under a UID of its own.
 */
class PodSecurityTest {

    /** The volume types restricted allows. */
    static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    /** The capabilities baseline lets a container add. */
    static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
            "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");

    static List<Path> variants() throws Exception {
        return Chart.variants();
    }

    /** A render by Helm 4, the helm test pod included (helm-java leaves hooks out). */
    static List<Chart.Manifest> render(Path values, String... sets) throws Exception {
        var command = new ArrayList<>(List.of("template", "hud", Chart.CHART.toString(), "--namespace", "hud", "--set",
                "auth.lookupExisting=false"));
        if (values != null) {
            command.addAll(List.of("-f", values.toString()));
        }
        for (String set : sets) {
            command.addAll(List.of("--set", set));
        }
        var result = Helm4.run(command.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.output());
        return Chart.parse(result.output());
    }

    /** Every pod spec of a render, by object: its pod template's, a CronJob's job template's, a bare Pod's. */
    static Map<String, JsonNode> pods(List<Chart.Manifest> manifests) {
        var pods = new LinkedHashMap<String, JsonNode>();
        for (var manifest : manifests) {
            switch (manifest.kind()) {
                case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
                    pods.put(manifest.toString(), manifest.at("/spec/template"));
                case "CronJob" -> pods.put(manifest.toString(), manifest.at("/spec/jobTemplate/spec/template"));
                case "Pod" -> pods.put(manifest.toString(), manifest.tree());
                default -> {
                }
            }
        }
        return pods;
    }

    /** The baseline profile's violations of one pod (its template: metadata and spec). */
    static List<String> baseline(JsonNode template) {
        var problems = new ArrayList<String>();
        JsonNode pod = template.path("spec");
        for (String namespace : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (pod.path(namespace).asBoolean()) {
                problems.add(namespace);
            }
        }
        if (pod.at("/securityContext/windowsOptions/hostProcess").asBoolean()) {
            problems.add("hostProcess");
        }
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.has("hostPath")) {
                problems.add("hostPath volume " + volume.path("name").asText() + " (" + volume.at("/hostPath/path")
                        .asText() + ")");
            }
        }
        for (JsonNode sysctl : pod.at("/securityContext/sysctls")) {
            if (!SAFE_SYSCTLS.contains(sysctl.path("name").asText())) {
                problems.add("sysctl " + sysctl.path("name").asText());
            }
        }
        checkSeLinuxAppArmorSeccomp(pod.path("securityContext"), "pod", problems);
        template.at("/metadata/annotations").fields().forEachRemaining(annotation -> {
            if (annotation.getKey().startsWith("container.apparmor.security.beta.kubernetes.io/")
                    && !(annotation.getValue().asText().equals("runtime/default")
                            || annotation.getValue().asText().startsWith("localhost/"))) {
                problems.add("AppArmor annotation " + annotation.getKey());
            }
        });
        for (JsonNode container : containers(pod)) {
            String name = "container " + container.path("name").asText();
            JsonNode context = container.path("securityContext");
            if (context.path("privileged").asBoolean()) {
                problems.add(name + ": privileged");
            }
            if (context.at("/windowsOptions/hostProcess").asBoolean()) {
                problems.add(name + ": hostProcess");
            }
            for (JsonNode capability : context.at("/capabilities/add")) {
                if (!BASELINE_CAPABILITIES.contains(capability.asText())) {
                    problems.add(name + ": adds " + capability.asText());
                }
            }
            for (JsonNode port : container.path("ports")) {
                if (port.path("hostPort").asInt() != 0) {
                    problems.add(name + ": hostPort " + port.path("hostPort").asInt());
                }
            }
            if (context.has("procMount") && !context.path("procMount").asText().equals("Default")) {
                problems.add(name + ": procMount " + context.path("procMount").asText());
            }
            checkSeLinuxAppArmorSeccomp(context, name, problems);
        }
        return problems;
    }

    /** The restricted profile's violations: baseline's and its own. */
    static List<String> restricted(JsonNode template) {
        var problems = baseline(template);
        JsonNode pod = template.path("spec");
        for (JsonNode volume : pod.path("volumes")) {
            var types = new TreeSet<String>();
            volume.fieldNames().forEachRemaining(types::add);
            types.remove("name");
            types.removeAll(RESTRICTED_VOLUMES);
            if (!types.isEmpty()) {
                problems.add("volume " + volume.path("name").asText() + " of type " + types);
            }
        }
        JsonNode podContext = pod.path("securityContext");
        if (podContext.path("runAsUser").asLong(-1) == 0) {
            problems.add("pod: runAsUser 0");
        }
        String podSeccomp = podContext.at("/seccompProfile/type").asText();
        for (JsonNode container : containers(pod)) {
            String name = "container " + container.path("name").asText();
            JsonNode context = container.path("securityContext");
            if (!context.has("allowPrivilegeEscalation") || context.path("allowPrivilegeEscalation").asBoolean()) {
                problems.add(name + ": allowPrivilegeEscalation is not false");
            }
            boolean nonRoot = context.has("runAsNonRoot") ? context.path("runAsNonRoot").asBoolean()
                    : podContext.path("runAsNonRoot").asBoolean();
            if (!nonRoot) {
                problems.add(name + ": runAsNonRoot is not true");
            }
            if (context.path("runAsUser").asLong(-1) == 0) {
                problems.add(name + ": runAsUser 0");
            }
            String seccomp = context.at("/seccompProfile/type").asText(podSeccomp);
            if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
                problems.add(name + ": seccompProfile " + (seccomp.isEmpty() ? "unset" : seccomp));
            }
            var dropped = new TreeSet<String>();
            context.at("/capabilities/drop").forEach(capability -> dropped.add(capability.asText()));
            if (!dropped.contains("ALL")) {
                problems.add(name + ": does not drop ALL capabilities");
            }
            for (JsonNode capability : context.at("/capabilities/add")) {
                if (!capability.asText().equals("NET_BIND_SERVICE")) {
                    problems.add(name + ": adds " + capability.asText() + " (restricted)");
                }
            }
        }
        return problems;
    }

    private static void checkSeLinuxAppArmorSeccomp(JsonNode context, String who, List<String> problems) {
        if (!SELINUX_TYPES.contains(context.at("/seLinuxOptions/type").asText())
                || context.at("/seLinuxOptions/user").isTextual() || context.at("/seLinuxOptions/role").isTextual()) {
            problems.add(who + ": seLinuxOptions " + context.path("seLinuxOptions"));
        }
        if (context.at("/appArmorProfile/type").asText().equals("Unconfined")) {
            problems.add(who + ": AppArmor Unconfined");
        }
        if (context.at("/seccompProfile/type").asText().equals("Unconfined")) {
            problems.add(who + ": seccomp Unconfined");
        }
    }

    private static List<JsonNode> containers(JsonNode pod) {
        var containers = new ArrayList<JsonNode>();
        for (String kind : List.of("initContainers", "containers", "ephemeralContainers")) {
            pod.path(kind).forEach(containers::add);
        }
        return containers;
    }

    /**
     * In every variant (with the backup job on), every pod meets restricted, the sensors' hubs' too, but the sensors'
     * agents', which fail baseline and restricted on their hostPath volumes only: a namespace with sensors needs
     * {@code pod-security.kubernetes.io/enforce: privileged}, one without them can enforce restricted.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyPodButTheSamplersMeetsRestricted(Path values) throws Exception {
        var pods = pods(render(values, "backup.enabled=true"));
        assertTrue(pods.containsKey("CronJob/hud-backup") && pods.containsKey("Pod/hud-test"), pods.keySet()
                .toString());
        assertEquals(pods.containsKey("DaemonSet/hud-sensors-agent"), pods.containsKey("Deployment/hud-sensors"),
                "the hubs are checked with the agents: " + pods.keySet());
        var problems = new TreeMap<String, List<String>>();
        pods.forEach((name, template) -> {
            var found = restricted(template);
            if (!found.isEmpty()) {
                problems.put(name, found);
            }
        });
        JsonNode sensors = pods.get("DaemonSet/hud-sensors-agent");
        if (sensors != null) {
            var hostPaths = new ArrayList<String>();
            for (JsonNode volume : sensors.at("/spec/volumes")) {
                if (volume.has("hostPath")) {
                    hostPaths.add("hostPath volume " + volume.path("name").asText() + " ("
                            + volume.at("/hostPath/path").asText() + ")");
                }
            }
            assertFalse(hostPaths.isEmpty());
            assertEquals(hostPaths, baseline(sensors), "baseline: the samplers fail on their hostPaths only");
            var restrictedOnly = new ArrayList<String>(hostPaths);
            for (JsonNode volume : sensors.at("/spec/volumes")) {
                if (volume.has("hostPath")) {
                    restrictedOnly.add("volume " + volume.path("name").asText() + " of type [hostPath]");
                }
            }
            assertEquals(restrictedOnly, problems.remove("DaemonSet/hud-sensors-agent"),
                    "restricted: the samplers fail on their hostPaths only");
        }
        assertEquals(Map.of(), problems);
    }

    /** Without the sensors, the whole release meets restricted. */
    @Test
    void withoutSensorsTheReleaseMeetsRestricted() throws Exception {
        var pods = pods(render(null, "sensors.enabled=false", "backup.enabled=true"));
        assertFalse(pods.containsKey("DaemonSet/hud-sensors-agent"));
        assertFalse(pods.containsKey("Deployment/hud-sensors"));
        var problems = new TreeMap<String, List<String>>();
        pods.forEach((name, template) -> {
            if (!restricted(template).isEmpty()) {
                problems.put(name, restricted(template));
            }
        });
        assertEquals(Map.of(), problems);
    }

    /** The evaluator finds what each profile forbids in a pod that breaks every rule. */
    @Test
    void theEvaluatorCatchesASeededPod() throws Exception {
        JsonNode pod = Chart.YAML.readTree("""
                metadata: {annotations: {container.apparmor.security.beta.kubernetes.io/app: unconfined}}
                spec:
                  hostNetwork: true
                  hostPID: true
                  securityContext: {sysctls: [{name: kernel.msgmax, value: "1"}]}
                  volumes: [{name: node, hostPath: {path: /}}, {name: nfs, nfs: {server: x, path: /}}]
                  containers:
                    - name: app
                      ports: [{containerPort: 80, hostPort: 80}]
                      securityContext:
                        privileged: true
                        runAsUser: 0
                        capabilities: {add: [SYS_ADMIN]}
                        seccompProfile: {type: Unconfined}
                        procMount: Unmasked
                """);
        var baseline = baseline(pod);
        for (String expected : List.of("hostNetwork", "hostPID", "hostPath volume node (/)", "sysctl kernel.msgmax",
                "container app: privileged", "container app: adds SYS_ADMIN", "container app: hostPort 80",
                "container app: procMount Unmasked", "container app: seccomp Unconfined")) {
            assertTrue(baseline.contains(expected), expected + " in " + baseline);
        }
        assertTrue(baseline.stream().anyMatch(problem -> problem.startsWith("AppArmor annotation")), baseline
                .toString());
        var restricted = restricted(pod);
        for (String expected : List.of("volume nfs of type [nfs]",
                "container app: allowPrivilegeEscalation is not false",
                "container app: runAsNonRoot is not true", "container app: runAsUser 0",
                "container app: does not drop ALL capabilities", "container app: adds SYS_ADMIN (restricted)")) {
            assertTrue(restricted.contains(expected), expected + " in " + restricted);
        }
        var clean = Chart.YAML.readTree("""
                spec:
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  volumes: [{name: tmp, emptyDir: {}}]
                  containers:
                    - name: app
                      securityContext:
                        allowPrivilegeEscalation: false
                        capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
                """);
        assertEquals(List.of(), restricted(clean));
    }

    /**
     * Every pod runs as non-root under a UID (its container's, else its pod's) that no other service's pods have: each
     * HUD service (its trainers, CPU and GPU, are one), the backup job and the test pod have their own; only the
     * in-chart PostgreSQL and RabbitMQ share 999, their images' own user, in pods of their own volumes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void eachServiceRunsUnderAUidOfItsOwn(Path values) throws Exception {
        var servicesByUid = new TreeMap<Long, Set<String>>();
        var problems = new ArrayList<String>();
        pods(render(values, "backup.enabled=true")).forEach((name, template) -> {
            JsonNode pod = template.path("spec");
            for (JsonNode container : containers(pod)) {
                JsonNode context = container.path("securityContext");
                long uid = context.path("runAsUser").asLong(pod.at("/securityContext/runAsUser").asLong(0));
                boolean nonRoot = context.path("runAsNonRoot").asBoolean(pod.at("/securityContext/runAsNonRoot")
                        .asBoolean());
                if (uid <= 0 || !nonRoot) {
                    problems.add(name + " " + container.path("name").asText() + ": UID " + uid + ", runAsNonRoot "
                            + nonRoot);
                }
                String image = container.path("image").asText();
                String service = image.contains("/hud-") ? image.replaceAll(".*/hud-([a-z]+).*", "$1")
                        : template.at("/metadata/labels/app.kubernetes.io~1component").asText();
                servicesByUid.computeIfAbsent(uid, key -> new TreeSet<>()).add(service);
            }
        });
        assertEquals(List.of(), problems);
        servicesByUid.forEach((uid, services) -> {
            if (services.size() > 1 && !services.equals(Set.of("postgresql", "rabbitmq"))) {
                problems.add("UID " + uid + ": " + services);
            }
        });
        assertEquals(List.of(), problems);
        assertTrue(servicesByUid.values().stream().anyMatch(services -> services.contains("trainer")));
    }
}
