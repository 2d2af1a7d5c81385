package dev.hud.gateway.jobs;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.hud.common.messages.Cell;
import dev.hud.common.messages.TrainingEvents;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One cell of a job's grid, cross-validated by a trainer: trial id {@code <jobId>/<idx>}. */
@Entity
@Table(name = "trial")
@IdClass(Trial.Key.class)
public class Trial extends PanacheEntityBase {

    public static class Key implements Serializable {
        public String jobId;
        public int idx;

        public Key() {
        }

        public Key(String jobId, int idx) {
            this.jobId = jobId;
            this.idx = idx;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.idx == idx && Objects.equals(key.jobId, jobId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, idx);
        }
    }

    @Id
    @Column(name = "job_id")
    public String jobId;

    @Id
    public int idx;

    @Embedded
    public CellColumns hyperparameters;

    @Column(nullable = false)
    public TrialStatus status = TrialStatus.QUEUED;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;

    @Column(name = "reaped_from")
    public String reapedFrom;

    @Column(name = "mean_accuracy")
    public Double meanAccuracy;

    @Column(name = "std_accuracy")
    public Double stdAccuracy;

    @Column(name = "interval_low")
    public Double intervalLow;

    @Column(name = "interval_high")
    public Double intervalHigh;

    @Column(name = "mean_loss")
    public Double meanLoss;

    /** Some fold's loss became NaN or infinite: the cell scores as such and is never the best one. */
    public boolean diverged;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<TrainingEvents.Fold> folds;

    @Column(name = "worker_id")
    public String workerId;

    public String device;

    @Column(name = "wall_seconds")
    public Double wallSeconds;

    public String failure;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public static String trialId(String jobId, int idx) {
        return jobId + "/" + idx;
    }

    public String trialId() {
        return trialId(jobId, idx);
    }

    public Cell cell() {
        return hyperparameters.cell();
    }

    public boolean finished() {
        return status != TrialStatus.QUEUED;
    }
}
