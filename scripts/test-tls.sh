# test-tls.sh - sourced by scripts/exim-test.sh and scripts/dovecot-test.sh (not run on its own).
#
# test_tls_ensure TLS_DIR HOST: a private test CA and a server certificate in TLS_DIR, made with openssl:
#   ca.pem, ca.key         "O=smtp-probe test, CN=smtp-probe test CA" (RSA 2048, 30 days)
#   server.pem, server.key "O=smtp-probe test, CN=HOST", SAN DNS:HOST, DNS:localhost, IP:127.0.0.1
#                          (server.pem = server certificate + CA; RSA 2048, 30 days)
# Kept across starts; all four are regenerated if any is missing, does not verify, or expires within
# 2 days. Keys are 0600 (the caller may hand a copy to a server's user). Needs the functions log and die.

test_tls_usable() {
    local tls="$1" host="$2" f
    for f in ca.pem ca.key server.pem server.key; do
        [[ -s "$tls/$f" ]] || return 1
    done
    openssl x509 -noout -checkend $((2 * 24 * 3600)) -in "$tls/ca.pem" >/dev/null 2>&1 || return 1
    openssl x509 -noout -checkend $((2 * 24 * 3600)) -in "$tls/server.pem" >/dev/null 2>&1 || return 1
    openssl verify -CAfile "$tls/ca.pem" -purpose sslserver -verify_hostname "$host" \
        "$tls/server.pem" >/dev/null 2>&1 || return 1
    openssl verify -CAfile "$tls/ca.pem" -purpose sslserver -verify_ip 127.0.0.1 \
        "$tls/server.pem" >/dev/null 2>&1 || return 1
    [[ "$(openssl x509 -noout -pubkey -in "$tls/server.pem" 2>/dev/null)" == \
        "$(openssl pkey -pubout -in "$tls/server.key" 2>/dev/null)" ]] || return 1
    [[ "$(openssl x509 -noout -pubkey -in "$tls/ca.pem" 2>/dev/null)" == \
        "$(openssl pkey -pubout -in "$tls/ca.key" 2>/dev/null)" ]] || return 1
}

test_tls_ensure() {
    local tls="$1" host="$2"
    command -v openssl >/dev/null 2>&1 || die "openssl is not installed"
    mkdir -p "$tls"
    chmod 0755 "$tls"
    if test_tls_usable "$tls" "$host"; then
        log "reusing TLS certificates in $tls"
        return 0
    fi
    log "generating test CA and server certificate for $host in $tls"
    local tmp="$tls/.new" out
    rm -rf "$tmp"
    mkdir -m 0700 "$tmp"
    cat >"$tmp/openssl.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:$host, DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
    if ! out="$(
        set -e
        exec 2>&1 </dev/null 9>&-
        cd "$tmp"
        openssl req -config openssl.cnf -x509 -new -newkey rsa:2048 -nodes -sha256 \
            -days 30 -subj "/O=smtp-probe test/CN=smtp-probe test CA" \
            -extensions v3_ca -keyout ca.key -out ca.pem
        openssl req -config openssl.cnf -new -newkey rsa:2048 -nodes -sha256 \
            -subj "/O=smtp-probe test/CN=$host" -keyout server.key -out server.csr
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
            -set_serial "0x$(openssl rand -hex 16)" -days 30 -sha256 \
            -extfile openssl.cnf -extensions v3_server -out server.crt
        cat server.crt ca.pem >server.pem
    )"; then
        printf '%s\n' "$out" >&2
        rm -rf "$tmp"
        die "could not generate TLS certificates"
    fi
    chmod 0600 "$tmp/ca.key" "$tmp/server.key"
    chmod 0644 "$tmp/ca.pem" "$tmp/server.pem"
    mv -f "$tmp/ca.key" "$tmp/ca.pem" "$tmp/server.key" "$tmp/server.pem" "$tls/"
    rm -rf "$tmp"
    test_tls_usable "$tls" "$host" || die "generated TLS certificates in $tls do not verify"
}

# The 220 greeting of an implicit-TLS listener on 127.0.0.1:PORT, printed only if the server certificate
# verifies against CA for HOST.
test_tls_banner() {
    local port="$1" ca="$2" host="$3" out
    out="$(printf 'QUIT\r\n' |
        timeout 10 openssl s_client -connect "127.0.0.1:$port" -quiet \
            -CAfile "$ca" -verify_hostname "$host" -verify_return_error \
            2>/dev/null 9>&-)" || true
    out="${out//$'\r'/}"
    grep -m1 '^220 ' <<<"$out"
}

# The first line a plaintext listener on 127.0.0.1:PORT sends.
test_banner() {
    local port="$1"
    (
        exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
        IFS= read -r -t 2 line <&3 || exit 1
        printf 'QUIT\r\n' >&3 || true
        printf '%s\n' "${line%$'\r'}"
    ) 2>/dev/null
}

test_port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Fail unless 127.0.0.1:PORT is free within 5 s.
test_require_free_port() {
    local port="$1" i
    for ((i = 0; i < 25; i++)); do
        test_port_in_use "$port" || return 0
        sleep 0.2
    done
    die "127.0.0.1:$port is already in use by another process"
}

test_check_port() {
    local p="$1"
    if ! [[ "$p" =~ ^[0-9]+$ ]] || ((p < 1024 || p > 65535)); then die "invalid port (1024-65535): $p"; fi
}

# True if the process exists and is not a zombie.
test_alive() {
    local state=""
    [[ -r "/proc/$1/stat" ]] || return 1
    state="$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null || true)"
    [[ -n "$state" && "$state" != Z && "$state" != X ]]
}
