# Shared by bench/cdn/run and bench/cdn/warmup (sourced): the tools, the cdn's jar, four files of the sizes the
# issues name and an nginx configured to serve them (sendfile, 2 workers, access log off, gzip on the fly).
# Sets root, jar, work, assets, nginx_port, cdn_port; start_nginx starts nginx; cleanup stops both servers.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
nginx_port=18090
cdn_port=18091

need() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"; }; }
need nginx nginx
need wrk wrk
need gzip gzip
need bc bc
need python3 python3

jar=${BENCH_JAR:-$root/cdn/target/quarkus-app/quarkus-run.jar}
if [[ ! -f $jar || ${BENCH_BUILD:-0} == 1 ]]; then
    (cd "$root" && ./mvnw -q -B -pl cdn -am package -DskipTests)
fi

work=$(mktemp -d /tmp/hud-bench-cdn.XXXXXX)
assets=$work/assets
mkdir -p "$assets" "$work/media" "$work/nginx"
chmod 755 "$work"  # nginx workers run as nobody and must read the files
stop_servers() {
    local nginx_pid=
    [[ -f $work/nginx/nginx.pid ]] && nginx_pid=$(cat "$work/nginx/nginx.pid") && kill "$nginx_pid" 2>/dev/null || true
    [[ -n ${cdn_pid:-} ]] && kill "$cdn_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    # nginx is not our child: wait until its master is gone, so the next one can listen on the port.
    while [[ -n $nginx_pid ]] && kill -0 "$nginx_pid" 2>/dev/null; do sleep 0.05; done
    rm -f "$work/nginx/nginx.pid"
    cdn_pid=
}
cleanup() {
    stop_servers
    rm -rf "$work"
}
trap cleanup EXIT

# Files of the sizes the issue names: text that compresses like real JS/CSS, binaries that do not.
python3 - "$assets" <<'PY'
import os, random, sys
root = sys.argv[1]
random.seed(7)
words = ["function", "return", "const", "let", "document", "querySelector", "addEventListener", "value", "0.5", "render", "=>", "{", "}", "(", ")", ";"]
def text(size, sep):
    out = []
    n = 0
    while n < size:
        w = random.choice(words) + sep
        out.append(w)
        n += len(w)
    return "".join(out)[:size]
open(os.path.join(root, "app.js"), "w").write(text(2 * 1024, " "))
css = []
while sum(map(len, css)) < 40 * 1024:
    css.append(".c%d { margin: %dpx; color: #%06x; display: flex; }\n" % (random.randint(0, 999), random.randint(0, 40), random.randint(0, 0xffffff)))
open(os.path.join(root, "style.css"), "w").write("".join(css)[:40 * 1024])
open(os.path.join(root, "photo.png"), "wb").write(b"\x89PNG\r\n\x1a\n" + os.urandom(200 * 1024 - 8))
open(os.path.join(root, "model.zip"), "wb").write(b"PK\x03\x04" + os.urandom(2 * 1024 * 1024 - 4))
PY
gzip -9 -k "$assets/app.js" "$assets/style.css"

cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    gzip on;
    gzip_types text/css application/javascript text/javascript;
    gzip_min_length 256;
    gzip_vary on;
    client_body_temp_path $work/nginx;
    proxy_temp_path $work/nginx;
    fastcgi_temp_path $work/nginx;
    uwsgi_temp_path $work/nginx;
    scgi_temp_path $work/nginx;
    server {
        listen 127.0.0.1:$nginx_port;
        location /assets/ { alias $assets/; }
    }
}
CONF
start_nginx() {
    nginx -c "$work/nginx/nginx.conf" -p "$work/nginx"
}

