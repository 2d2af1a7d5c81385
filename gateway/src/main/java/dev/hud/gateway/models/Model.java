package dev.hud.gateway.models;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.hud.common.messages.TrainingEvents;
import dev.hud.gateway.jobs.CellColumns;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A trained network a job registered: where its files are, what it was trained with, how it scored. */
@Entity
@Table(name = "model")
public class Model extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "job_id", nullable = false)
    public String jobId;

    @Column(name = "owner_id", nullable = false)
    public Long ownerId;

    @Column(nullable = false)
    public String dataset;

    @Embedded
    public CellColumns hyperparameters;

    @Column(name = "refit_epochs", nullable = false)
    public int refitEpochs;

    @Column(name = "cv_accuracy")
    public Double cvAccuracy;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public TrainingEvents.Metrics holdout;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> features;

    @Column(name = "positive_class")
    public String positiveClass;

    /** Null for models of trainers before it. */
    @Column(name = "negative_class")
    public String negativeClass;

    /** The [min, max] per feature its scaler maps to [0, 1]; null for models of trainers before it. */
    @JdbcTypeCode(SqlTypes.JSON)
    public TrainingEvents.Scaler scaler;

    @Column(name = "model_location")
    public String modelLocation;

    @Column(name = "oob_location")
    public String oobLocation;

    public String device;

    @Column(name = "worker_id")
    public String workerId;

    @Column(name = "wall_seconds")
    public Double wallSeconds;

    @Column(name = "is_default", nullable = false)
    public boolean isDefault;

    /** Shared with everyone; otherwise the model, its files and its predictions are its owner's (and admins'). */
    @Column(nullable = false)
    public boolean shared;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
