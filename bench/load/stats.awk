# The statistics table of a Gatling 3.14 HTML report (index.html; Gatling 3.14 writes no stats.json,
# and its simulation.log is binary) as tab-separated rows, "All Requests" first, one per request name:
# name, total, OK, KO, % KO, Cnt/s, min, p50, p75, p95, p99, max, mean, std dev (ms). p50 and p99
# are percentiles 1 and 4 of src/test/resources/gatling.conf.
/class="ellipsed-name"/ { sub(/.*class="ellipsed-name">/, ""); sub(/<\/span>.*/, ""); name = $0; n = 0; next }
/<td class="value [a-z]+ col-[0-9]+">/ { value = $0; sub(/.*">/, "", value); sub(/<.*/, "", value); row[++n] = value; next }
/<\/tr>/ && name != "" { printf "%s", name; for (i = 1; i <= n; i++) printf "\t%s", row[i]; print ""; name = "" }
