package dev.hud.gateway.quotas;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A user's own limits; a null one is the configured default. */
@Entity
@Table(name = "user_quota")
public class UserQuota extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public Long userId;

    @Column(name = "active_jobs")
    public Integer activeJobs;

    @Column(name = "fit_epochs_per_job")
    public Long fitEpochsPerJob;

    @Column(name = "fit_epochs_per_day")
    public Long fitEpochsPerDay;
}
