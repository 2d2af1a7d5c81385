package dev.hud.trainer.cli;

import java.util.Set;

import dev.hud.common.data.DatasetException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = "HUD trainer: tune and train the breast-cancer classifier from the command line.",
        subcommands = { GridCommand.class, RelevanceCommand.class, BenchCommand.class })
public final class TrainerCli {

    /** First arguments that select the command line instead of the service. */
    static final Set<String> COMMANDS = Set.of("grid", "relevance", "bench", "--help", "-h", "--version", "-V");

    /** Exit code for input the command cannot use (bad data, impossible settings): reported in one line. */
    static final int BAD_INPUT = 2;

    static CommandLine commandLine() {
        return new CommandLine(new TrainerCli()).setExecutionExceptionHandler((error, command, parsed) -> {
            if (error instanceof DatasetException || error instanceof IllegalArgumentException) {
                command.getErr().println("error: " + error.getMessage());
                return BAD_INPUT;
            }
            throw error;
        });
    }
}
