package dev.hud.common.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The rules the gateway and the trainer's command line share: which cell wins, and how long its refit trains. */
class BestCellTest {

    record Cell(String name, boolean diverged, double accuracy, Double loss) {
    }

    private static final Comparator<Cell> BEST_FIRST = BestCell.first(Cell::diverged, Cell::accuracy,
            Cell::loss);

    @Test
    void aDivergedCellIsNeverTheBestThenAccuracyThenLoss() {
        var diverged = new Cell("diverged", true, 0.99, null);
        var accurate = new Cell("accurate", false, 0.97, 0.20);
        var accurateLowerLoss = new Cell("accurate, lower loss", false, 0.97, 0.10);
        var unknownLoss = new Cell("accurate, loss unknown", false, 0.97, null);
        var modest = new Cell("modest", false, 0.95, 0.01);
        var sorted = List.of(diverged, modest, unknownLoss, accurate, accurateLowerLoss).stream().sorted(BEST_FIRST)
                .map(Cell::name).toList();
        assertEquals(List.of("accurate, lower loss", "accurate", "accurate, loss unknown", "modest", "diverged"),
                sorted);
    }

    @Test
    void theRefitTrainsTheCellsEpochsOrWithEarlyStoppingTheRoundedMeanOfWhereItsFoldsStopped() {
        assertEquals(55, BestCell.refitEpochs(55, false, IntStream.of(6, 7, 9)));
        assertEquals(7, BestCell.refitEpochs(55, true, IntStream.of(6, 7, 9))); // 7.33
        assertEquals(8, BestCell.refitEpochs(55, true, IntStream.of(7, 8))); // 7.5 rounds up
        assertEquals(1, BestCell.refitEpochs(55, true, IntStream.of(0, 0)), "at least one epoch");
        assertEquals(55, BestCell.refitEpochs(55, true, IntStream.empty()), "no fold says: the cell's own");
    }
}
