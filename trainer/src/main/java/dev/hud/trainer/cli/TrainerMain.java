package dev.hud.trainer.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One jar, two ways to run: {@code java -jar quarkus-run.jar grid ...} runs an experiment from the
 * command line and exits, without starting the service (no broker, no HTTP); with no command it
 * starts the worker service.
 */
@QuarkusMain
public final class TrainerMain {

    private TrainerMain() {
    }

    public static void main(String... args) {
        if (args.length > 0 && TrainerCli.COMMANDS.contains(args[0])) {
            System.exit(TrainerCli.commandLine().execute(args));
        }
        Quarkus.run(args);
    }
}
