package dev.hud.trainer.cli;

import java.util.concurrent.Callable;

import dev.hud.common.data.FeatureRelevance;
import dev.hud.common.data.StratifiedSampling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "relevance", mixinStandardHelpOptions = true,
        description = "Score each feature's relevance to the label (ANOVA F) on the training rows.")
final class RelevanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--holdout", defaultValue = "0.2",
            description = "share of rows held out, not scored (default: ${DEFAULT-VALUE})")
    double holdout;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var dataset = data.load();
        var split = StratifiedSampling.holdout(dataset.labels(), holdout, seed);
        out.printf("%-4s %-28s %12s %12s%n", "rank", "feature", "F", "p");
        int rank = 1;
        for (var score : FeatureRelevance.score(dataset, split.train())) {
            out.printf("%-4d %-28s %12.3f %12.3g%n", rank++, score.feature(), score.f(), score.p());
        }
        out.flush();
        return 0;
    }
}
