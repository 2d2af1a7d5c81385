package dev.hud.e2e.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end (bounded in time) and keeps what it printed. */
public final class Shell {

    private Shell() {
    }

    public record Result(int exitCode, String output) {

        public Result assertSucceeded(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " exited with " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    public static Result run(int seconds, String... command) throws IOException, InterruptedException {
        return run(seconds, List.of(), List.of(command));
    }

    /** {@code environment}: NAME=value pairs added to this JVM's environment. */
    public static Result run(int seconds, List<String> environment, List<String> command)
            throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        for (String pair : environment) {
            int eq = pair.indexOf('=');
            builder.environment().put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        Process process = builder.start();
        // Read while it runs: a full pipe would stall it.
        var output = new StringBuilder();
        var reader = new Thread(() -> {
            try (var in = process.getInputStream()) {
                output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process went away; what it printed so far is kept
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            reader.join(5_000);
            throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s:\n" + output);
        }
        reader.join(5_000);
        System.out.print(output);
        return new Result(process.exitValue(), output.toString());
    }
}
