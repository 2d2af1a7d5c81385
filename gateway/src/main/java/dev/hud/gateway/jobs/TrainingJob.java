package dev.hud.gateway.jobs;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.hud.common.messages.SearchSpec;
import dev.hud.gateway.jobs.api.JobRequest;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A grid search someone asked for, from submission to its registered model. */
@Entity
@Table(name = "training_job")
public class TrainingJob extends PanacheEntityBase {

    public static final String USER = "user";
    public static final String RETRAIN = "retrain";

    @Id
    public String id;

    @Column(name = "owner_id", nullable = false)
    public Long ownerId;

    public String name;

    @Column(nullable = false)
    public String purpose = USER;

    @Column(nullable = false)
    public JobStatus status;

    @Column(name = "device_kind", nullable = false)
    public String deviceKind;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JobRequest request;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public SearchSpec search;

    @Column(name = "trials_total", nullable = false)
    public int trialsTotal;

    /** The job's whole work: cells x folds x repeats x epochs (what quotas count). */
    @Column(name = "fit_epochs", nullable = false)
    public long fitEpochs;

    @Column(name = "best_trial")
    public Integer bestTrial;

    @Column(name = "refit_epochs")
    public Integer refitEpochs;

    @Column(name = "refit_sent_at")
    public OffsetDateTime refitSentAt;

    @Column(name = "model_id")
    public String modelId;

    public String error;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public boolean finished() {
        return status.finished();
    }
}
