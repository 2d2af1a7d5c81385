package dev.hud.trainer.cli;

import java.util.Set;

import picocli.CommandLine.Command;

@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = "HUD trainer: tune and train the breast-cancer classifier from the command line.",
        subcommands = { GridCommand.class, RelevanceCommand.class })
public final class TrainerCli {

    /** First arguments that select the command line instead of the service. */
    static final Set<String> COMMANDS = Set.of("grid", "relevance", "--help", "-h", "--version", "-V");
}
