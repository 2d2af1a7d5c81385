package dev.hud.gateway.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import dev.hud.common.messages.Cell;

/** A grid cell as columns: how trials and models record the hyperparameters they were trained with. */
@Embeddable
public class CellColumns {

    @Column(name = "learning_rate", nullable = false)
    public double learningRate;

    @Column(nullable = false)
    public double momentum;

    @Column(name = "batch_size", nullable = false)
    public int batchSize;

    @Column(nullable = false)
    public int epochs;

    @Column(nullable = false)
    public String optimizer;

    public static CellColumns of(Cell cell) {
        var columns = new CellColumns();
        columns.learningRate = cell.learningRate();
        columns.momentum = cell.momentum();
        columns.batchSize = cell.batchSize();
        columns.epochs = cell.epochs();
        columns.optimizer = cell.optimizer();
        return columns;
    }

    public Cell cell() {
        return new Cell(learningRate, momentum, batchSize, epochs, optimizer);
    }
}
