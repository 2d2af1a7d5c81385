# The in-chart broker's users, as the chart's table says (templates/rabbitmq.yaml says why this way). Run beside the
# broker, as its user (for the Erlang cookie in $HOME), with:
#   HUD_RABBITMQ_USERS      the table: a line per user: name, key of its password, tags (-: none), configure, write and
#                           read regexes on the vhost /
#   HUD_RABBITMQ_PASSWORDS  a directory with a file per key (the mounted Secret)
#   HUD_RABBITMQ_APPLIED    made once the users are in (the readiness probe's file)
# One `rabbitmqctl import_definitions` creates the missing users and gives existing ones the table's password, tags and
# permissions (other users are left alone), so running it again is harmless. It imports again whenever the table or a
# password changes, so a changed password takes over from the old one without restarting the broker.
set -u
users=${HUD_RABBITMQ_USERS:?} passwords=${HUD_RABBITMQ_PASSWORDS:?} applied=${HUD_RABBITMQ_APPLIED:?}
# PID 1 of its container: without a trap, SIGTERM would be ignored until the kubelet's SIGKILL.
trap 'exit 0' TERM INT

# $1 as a JSON string: backslashes (the regexes have them) and double quotes escaped.
json() {
    printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# The definitions to import: the users with their passwords, and their permissions; fails on a missing password.
definitions() {
    entries=''
    grants=''
    while read -r name key tags configure write read; do
        [ -n "$name" ] || continue
        if [ ! -s "$passwords/$key" ]; then
            echo "users.sh: no password for $name: $passwords/$key is missing or empty" >&2
            return 1
        fi
        [ "$tags" = - ] && tags=''
        entries="$entries${entries:+, }{\"name\": $(json "$name"), \"password\": $(json "$(cat "$passwords/$key")"), \"tags\": $(json "$tags")}"
        grants="$grants${grants:+, }{\"user\": $(json "$name"), \"vhost\": \"/\", \"configure\": $(json "$configure"), \"write\": $(json "$write"), \"read\": $(json "$read")}"
    done < "$users"
    printf '{"users": [%s], "permissions": [%s]}\n' "$entries" "$grants"
}

rm -f "$applied"
imported=''
while :; do
    state=$(cat "$users" "$passwords"/* 2>/dev/null | cksum)
    if [ "$state" != "$imported" ]; then
        # In a variable, never in a file: it holds the passwords.
        if body=$(definitions) && printf '%s' "$body" | rabbitmqctl -q import_definitions; then
            imported=$state
            touch "$applied"
            echo "users.sh: users and permissions imported: $(cut -d ' ' -f 1 "$users" | tr '\n' ' ')"
        else
            echo "users.sh: not imported (is the broker up yet?); trying again in 5 s" >&2
        fi
    fi
    sleep 5 &
    wait $!
done
