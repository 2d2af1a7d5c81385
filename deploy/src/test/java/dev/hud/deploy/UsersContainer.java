package dev.hud.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The in-chart RabbitMQ pod's {@code users} container run here beside a {@link LocalBroker}: its rendered command and
 * environment, as the broker's user, each of its volumes a directory holding what Kubernetes would mount there (the
 * broker's data directory, the ConfigMap's and the Secret's items, an emptyDir), every path of the pod rewritten to its
 * directory. Only the node name (the pod's default, rabbit@hostname, is the machine's broker's here) and the PATH of
 * the machine's rabbitmqctl are added.
 */
final class UsersContainer implements AutoCloseable {

    private final JsonNode container;
    private final Map<String, Path> mounts = new HashMap<>();
    private final Path secret;
    private final Path log;
    private Process process;

    /**
     * @param manifests the chart rendered
     * @param secretData the rabbitmq Secret's keys and (base64) values to mount
     */
    UsersContainer(List<Chart.Manifest> manifests, LocalBroker broker, Map<String, String> secretData, Path folder)
            throws Exception {
        var statefulSet = LocalBroker.find(manifests, "StatefulSet", "hud-rabbitmq");
        JsonNode pod = statefulSet.at("/spec/template/spec");
        var claims = new HashSet<String>();
        statefulSet.at("/spec/volumeClaimTemplates").forEach(claim -> claims.add(claim.at("/metadata/name").asText()));
        JsonNode configMap = LocalBroker.find(manifests, "ConfigMap", "hud-rabbitmq").at("/data");
        container = named(pod.path("containers"), "users");
        this.log = folder.resolve("users.log");
        // Readable by the broker's user, as the pod's volumes are.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path secretDir = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            String name = mount.path("name").asText();
            Path dir;
            if (claims.contains(name)) {
                // The broker's volume (the StatefulSet's claim): here the local broker's data directory.
                mounts.put(mount.path("mountPath").asText(), broker.data());
                continue;
            }
            JsonNode volume = named(pod.path("volumes"), name);
            dir = Files.createDirectories(folder.resolve("volume-" + name));
            if (volume.has("configMap")) {
                for (JsonNode item : volume.at("/configMap/items")) {
                    Files.writeString(dir.resolve(item.path("path").asText()),
                            configMap.path(item.path("key").asText()).asText());
                }
            } else if (volume.has("secret")) {
                secretDir = dir;
                for (JsonNode item : volume.at("/secret/items")) {
                    String key = item.path("key").asText();
                    if (!secretData.containsKey(key)) {
                        throw new AssertionError("the pod mounts " + key + ", which the Secret does not have");
                    }
                    write(dir.resolve(item.path("path").asText()), decode(secretData.get(key)));
                }
            }
            LocalBroker.run("chown", "-R", "rabbitmq:rabbitmq", dir.toString());
            mounts.put(mount.path("mountPath").asText(), dir);
        }
        this.secret = secretDir;
    }

    /** Starts the container's command (again: a new emptyDir, as a new pod would get). */
    UsersContainer start(LocalBroker broker) throws Exception {
        for (var mount : mounts.entrySet()) {
            if (named(container.path("volumeMounts"), (String) null, mount.getKey()).has("readOnly")) {
                continue;
            }
            try (var files = Files.list(mount.getValue())) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        var command = new ArrayList<>(List.of("runuser", "-u", "rabbitmq", "--", "env",
                "PATH=" + LocalBroker.BIN + ":/usr/bin:/bin", "RABBITMQ_NODENAME=" + broker.node()));
        for (JsonNode variable : container.path("env")) {
            command.add(variable.path("name").asText() + "=" + inPod(variable.path("value").asText()));
        }
        container.path("command").forEach(word -> command.add(inPod(word.asText())));
        process = new ProcessBuilder(command).directory(inPodPath(container.path("workingDir").asText()).toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    /** Whether its readiness probe passes, run here as the kubelet would run it in the container. */
    boolean ready() throws Exception {
        var probe = new ArrayList<String>();
        container.at("/readinessProbe/exec/command").forEach(word -> probe.add(inPod(word.asText())));
        return new ProcessBuilder(probe).start().waitFor() == 0;
    }

    /** A changed value of the mounted Secret, as the kubelet writes it. */
    void changeSecret(String key, String value) throws IOException {
        write(secret.resolve(key), value);
    }

    Process process() {
        return process;
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            LocalBroker.stop(process);
        }
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64));
    }

    private static void write(Path file, String value) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, value);
        try {
            LocalBroker.run("chown", "rabbitmq:rabbitmq", next.toString());
        } catch (Exception e) {
            throw new IOException(e);
        }
        // Whole at once, as the kubelet swaps its ..data link.
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** A path of the pod as the directory of its mount here (the longest mount path that holds it). */
    private String inPod(String value) {
        String best = null;
        for (String mountPath : mounts.keySet()) {
            if ((value.equals(mountPath) || value.startsWith(mountPath + "/"))
                    && (best == null || mountPath.length() > best.length())) {
                best = mountPath;
            }
        }
        return best == null ? value : mounts.get(best) + value.substring(best.length());
    }

    private Path inPodPath(String value) {
        return Path.of(inPod(value));
    }

    private static JsonNode named(JsonNode list, String name) {
        return named(list, name, null);
    }

    private static JsonNode named(JsonNode list, String name, String mountPath) {
        for (JsonNode entry : list) {
            if (name != null && entry.path("name").asText().equals(name)
                    || mountPath != null && entry.path("mountPath").asText().equals(mountPath)) {
                return entry;
            }
        }
        throw new AssertionError("nothing named " + (name != null ? name : mountPath) + " in " + list);
    }
}
