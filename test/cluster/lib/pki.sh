# shellcheck shell=bash
# PKI and kubeconfigs, made with openssl once per cluster (they live and die with STATE_DIR).

new_key() { openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$1"; }

# issue_cert NAME SUBJECT EXT_USAGE [SAN]: NAME.key and NAME.crt signed by the cluster CA.
issue_cert() {
  local name=$1 subject=$2 usage=$3 san=${4:-} ext
  ext=$(mktemp)
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [[ -n $san ]] && echo "subjectAltName=$san"
  } >"$ext"
  new_key "$PKI_DIR/$name.key"
  openssl req -new -key "$PKI_DIR/$name.key" -subj "$subject" -out "$PKI_DIR/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI_DIR/$name.csr" -CA "$PKI_DIR/ca.crt" -CAkey "$PKI_DIR/ca.key" \
    -CAcreateserial -days 3650 -sha256 -extfile "$ext" -out "$PKI_DIR/$name.crt" 2>/dev/null
  rm -f "$ext" "$PKI_DIR/$name.csr"
}

# write_kubeconfig FILE CERT_NAME [NAMESPACE]
write_kubeconfig() {
  local file=$1 cert=$2 ns=${3:-default}
  cat >"$file" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: cg-debug
  cluster:
    server: $APISERVER_URL
    certificate-authority-data: $(base64 -w0 <"$PKI_DIR/ca.crt")
users:
- name: $cert
  user:
    client-certificate-data: $(base64 -w0 <"$PKI_DIR/$cert.crt")
    client-key-data: $(base64 -w0 <"$PKI_DIR/$cert.key")
contexts:
- name: cg-debug
  context:
    cluster: cg-debug
    user: $cert
    namespace: $ns
current-context: cg-debug
KUBECONFIG
  chmod 600 "$file"
}

make_pki() {
  [[ -f $PKI_DIR/done ]] && return 0
  log "creating PKI"
  mkdir -p "$PKI_DIR" && chmod 700 "$PKI_DIR"
  new_key "$PKI_DIR/ca.key"
  openssl req -x509 -new -key "$PKI_DIR/ca.key" -subj "/CN=cg-debug-test-ca" -days 3650 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$PKI_DIR/ca.crt" 2>/dev/null
  issue_cert apiserver "/CN=kube-apiserver" serverAuth \
    "IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:${SERVICE_SUBNET%.0/*}.1"
  issue_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
  issue_cert kubelet "/O=system:nodes/CN=system:node:$NODE_NAME" clientAuth
  issue_cert kubelet-serving "/O=system:nodes/CN=system:node:$NODE_NAME" serverAuth "IP:$NODE_NAME"
  issue_cert admin "/O=system:masters/CN=cg-admin" clientAuth
  issue_cert viewer "/CN=cg-viewer" clientAuth
  issue_cert ns-admin "/CN=cg-ns-admin" clientAuth
  new_key "$PKI_DIR/sa.key"
  openssl pkey -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub" 2>/dev/null
  write_kubeconfig "$ADMIN_KUBECONFIG" admin
  write_kubeconfig "$STATE_DIR/kubeconfig-viewer" viewer
  write_kubeconfig "$STATE_DIR/kubeconfig-ns-admin" ns-admin cg-baseline
  write_kubeconfig "$STATE_DIR/kubeconfig-kubelet" kubelet
  make_scheduler_credentials
  touch "$PKI_DIR/done"
}

# The scheduler's own client certificate and kubeconfig; also made for a cluster whose PKI predates it.
make_scheduler_credentials() {
  [[ -f $STATE_DIR/kubeconfig-scheduler ]] && return 0
  issue_cert kube-scheduler "/CN=system:kube-scheduler" clientAuth
  write_kubeconfig "$STATE_DIR/kubeconfig-scheduler" kube-scheduler
}
