# Applies setup.sql as the superuser over the pod's own socket (trust, local only), at every start of the server: on a
# fresh volume and on one an older chart made alike. Retries until it is applied, then marks the pod ready.
# It always exits 0: it is a child of the server (PID 1 once start.sh has exec'ed it), which takes a child's other exit
# codes for a crashed backend and restarts every connection.
until pg_isready -q -U postgres && psql -X -q -v ON_ERROR_STOP=1 -U postgres -d postgres -f /etc/hud/postgresql/setup.sql
do
    echo "hud-setup: not applied yet, again in 2 s"
    sleep 2
done
touch /var/run/postgresql/hud-setup.done
echo "hud-setup: roles, databases and grants applied"
exit 0
