package dev.hud.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hud.trainer.model.Dl4jModels;
import dev.hud.trainer.search.ResultFiles;
import picocli.CommandLine;

/** The command line end to end: real files in, real files out. */
class GridCommandTest {

    @TempDir
    Path folder;

    @Test
    void aSmallGridWritesModelOutOfBagDataAndReport() throws IOException {
        Path out = folder.resolve("results");
        var run = run("grid", "--lr", "0.02,0.03", "--momentum", "0.4,0.5", "--folds", "3", "--epochs", "6",
                "--early-stopping", "2", "--top-k", "20", "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("2x2 grid, 3 folds, early stop"), run.out());
        assertTrue(run.out().contains("holdout (114 rows)") || run.out().contains("holdout (113 rows)"), run.out());

        JsonNode report = ResultFiles.JSON.readTree(out.resolve(ResultFiles.REPORT).toFile());
        assertEquals(4, report.get("trials").size());
        assertEquals(20, report.get("data").get("features").size());
        assertEquals(30, report.get("data").get("relevance").size());
        for (JsonNode trial : report.get("trials")) {
            assertEquals(3, trial.get("folds").size());
            for (JsonNode fold : trial.get("folds")) {
                int epochs = fold.get("history").size();
                assertTrue(epochs >= 1 && epochs <= 6);
                assertTrue(fold.get("history").get(0).has("validationLoss"));
            }
        }
        double best = report.get("bestMeanAccuracy").asDouble();
        for (JsonNode trial : report.get("trials")) {
            assertTrue(trial.get("meanAccuracy").asDouble() <= best);
        }

        List<String> oob = Files.readAllLines(out.resolve(ResultFiles.OUT_OF_BAG));
        assertEquals(report.get("data").get("heldOut").asInt() + 1, oob.size());
        assertTrue(oob.get(0).endsWith(",diagnosis"));
        assertTrue(oob.stream().skip(1).allMatch(line -> line.endsWith(",M") || line.endsWith(",B")));

        var model = Dl4jModels.load(out.resolve(ResultFiles.MODEL));
        assertEquals(20, model.network().layerInputSize(0));
    }

    @Test
    void anyCsvWorks() throws IOException {
        StringBuilder csv = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 60; i++) {
            csv.append(i % 2).append(',').append(i * 0.1).append(',').append(i % 2 == 0 ? "low" : "high").append('\n');
        }
        Path file = Files.writeString(folder.resolve("simple.csv"), csv);
        var run = run("grid", "--data", file.toString(), "--label", "label", "--lr", "0.05", "--momentum", "0.9",
                "--folds", "2", "--epochs", "30");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("1x1 grid, 2 folds"), run.out());
    }

    @Test
    void badInputIsOneClearLine() throws IOException {
        var folds = run("grid", "--folds", "1");
        assertEquals(TrainerCli.BAD_INPUT, folds.exitCode());
        assertTrue(folds.err().contains("error: folds must be between 2 and 20, got 1"), folds.err());

        var lr = run("grid", "--lr", "-0.1");
        assertEquals(TrainerCli.BAD_INPUT, lr.exitCode());
        assertTrue(lr.err().contains("learning rate must be in (0, 10], got -0.1"), lr.err());

        Path broken = Files.writeString(folder.resolve("broken.csv"), "a,diagnosis\n1,M\nx,B\n");
        var data = run("grid", "--data", broken.toString());
        assertEquals(TrainerCli.BAD_INPUT, data.exitCode());
        assertTrue(data.err().contains("error: row 3, column 'a': 'x' is not a finite number"), data.err());
    }

    @Test
    void relevanceRanksTheFeatures() {
        var run = run("relevance");
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals(31, lines.length, "a header and 30 features");
        assertTrue(lines[1].startsWith("1 "), lines[1]);
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        CommandLine command = TrainerCli.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int code = command.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
