# The in-chart PostgreSQL's container command: the image's own entry point (initdb on an empty volume, then the server,
# which it execs: PID 1 gets the kubelet's signals) and, beside it, setup.sh, which applies HUD's roles, databases and
# grants as soon as the server takes connections and only then lets the readiness probe pass.
rm -f /var/run/postgresql/hud-setup.done
sh /etc/hud/postgresql/setup.sh &
exec docker-entrypoint.sh postgres
