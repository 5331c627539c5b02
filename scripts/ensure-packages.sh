# Sourced by ./run-tests and ./keybound: installs the Debian packages keybound needs when missing.
# Idempotent and quiet when everything is there already.

keybound_packages=(softhsm2 opensc pcscd libpcsclite1 vsmartcard-vpcd pcsc-tools postgresql)
# Only the tests need these (about 140 MB): haproxy for the multi-node test, the web pages in headless Chromium with its NSS tools,
# gcc and the PKCS#11 headers for the test-only login forwarder, a Japanese font for the screenshots,
# and the outside PIV tools the interop tests drive (yubico-piv-tool, OpenSSL's PKCS#11 engine).
keybound_test_packages=(haproxy chromium chromium-driver libnss3-tools gcc libc6-dev libp11-kit-dev fonts-ipafont-gothic
  yubico-piv-tool libengine-pkcs11-openssl)

# ensure_packages [test]: keybound's packages, and with "test" the test suite's as well.
ensure_packages() {
  local wanted=("${keybound_packages[@]}")
  [ "${1:-}" = test ] && wanted+=("${keybound_test_packages[@]}")
  local missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "keybound: installing missing packages: ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "keybound: need root (or sudo) to install: ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
