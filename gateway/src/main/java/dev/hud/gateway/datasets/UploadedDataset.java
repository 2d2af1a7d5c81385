package dev.hud.gateway.datasets;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A data set someone uploaded: its cleaned CSV on the cdn, what it holds, and its profile for the data page. */
@Entity
@Table(name = "dataset")
public class UploadedDataset extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "owner_id", nullable = false)
    public Long ownerId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String label;

    @Column(name = "positive_class", nullable = false)
    public String positiveClass;

    @Column(name = "negative_class", nullable = false)
    public String negativeClass;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> features;

    @Column(name = "row_count", nullable = false)
    public int rows;

    @Column(nullable = false)
    public int positives;

    @Column(name = "dropped_rows", nullable = false)
    public int droppedRows;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Integer> missing;

    @Column(nullable = false)
    public long bytes;

    @Column(nullable = false)
    public String sha256;

    @Column(nullable = false)
    public String location;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public DatasetProfile profile;

    @Column(nullable = false)
    public boolean shared;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
